"""Synthetic process data for services `styr generate` made (registry.GENERATORS), in bulk: a process map of the
region's shape (10 areas × 10 processes × 20 leaves, made once), three services in four past planned linked to one
or two leaves, and needs mappings for half the services being built (their leaf, one candidate with a reason), so
the overlap and needs-mapping rules run over data shaped like a region's at any size."""

import random

from simple_history.utils import bulk_create_with_history

from core import audit
from core.bulk import analyze
from services.models import Service

from .models import MappedService, NeedsMapping, Process

BATCH = 5000
AREAS, PROCESSES, LEAVES = 10, 10, 20


def _bulk(objs):
    """Created with their history; the audit chain takes them when the transaction commits."""
    if not objs:
        return []
    model = type(objs[0])
    created = bulk_create_with_history(objs, model, batch_size=BATCH)
    audit.seal_after_commit(model.history.model._meta.db_table)
    return created


def _map():
    if Process.objects.filter(code="G1").exists():
        return list(Process.objects.filter(code__startswith="G", children__isnull=True).values_list("pk", flat=True))
    tops = _bulk([Process(code=f"G{a}", name=f"Område {a}") for a in range(1, AREAS + 1)])
    middles = _bulk([
        Process(code=f"{top.code}.{p}", name=f"Process {top.code}.{p}", parent=top)
        for top in tops for p in range(1, PROCESSES + 1)])
    leaves = _bulk([
        Process(code=f"{middle.code}.{n}", name=f"Delprocess {middle.code}.{n}", parent=middle)
        for middle in middles for n in range(1, LEAVES + 1)])
    return [leaf.pk for leaf in leaves]


def generate(service_ids, seed=1):
    if not service_ids:
        return
    rng = random.Random(seed)
    leaves = _map()
    link = Process.services.through
    services = Service.objects.filter(pk__in=service_ids).exclude(phase=Service.Phase.PLANNED).values_list(
        "pk", "phase")
    links, built = [], []
    for pk, phase in services.iterator(chunk_size=BATCH):
        if rng.random() < 0.25:
            continue
        chosen = rng.sample(leaves, 2 if rng.random() < 0.2 else 1)
        links.extend(link(process_id=leaf, service_id=pk) for leaf in chosen)
        if phase in (Service.Phase.IN_DEVELOPMENT, Service.Phase.IN_TEST) and rng.random() < 0.5:
            built.append((pk, chosen[0]))
    link.objects.bulk_create(links, batch_size=BATCH)
    mappings = _bulk([NeedsMapping(service_id=pk, need="Genererat behov") for pk, _leaf in built])
    NeedsMapping.processes.through.objects.bulk_create(
        [NeedsMapping.processes.through(needsmapping_id=m.pk, process_id=leaf)
         for m, (_pk, leaf) in zip(mappings, built, strict=True)], batch_size=BATCH)
    active = list(Service.objects.filter(pk__in=service_ids, phase=Service.Phase.IN_PRODUCTION)
                  .values_list("pk", flat=True)[:1000])
    if active:
        _bulk([MappedService(mapping=m, candidate_id=rng.choice(active), reason="Genererat skäl") for m in mappings])
    analyze(Process, link, NeedsMapping, MappedService)
