"""Synthetic integrations and dependencies for services `styr generate` made (registry.GENERATORS), about five
edges per service, shaped as a region's architecture is:

  * three platform services — the it-workplace, identity and the regional service platform (RTP), the first
    three services generated — that most services depend on (85 % and 60 % on the first two);
  * a fifth of the services call another over the service platform (service contracts: RTP stops them too);
  * integrations mostly within a responsibility domain (two per service), some across domains (one in two),
    from a service generated earlier to a later one, so most of the graph flows one way and the services
    generated last are leaves; a fifth of the integrations are not needed, a few are decommissioned;
  * dependencies within the domain (about one per service), and one service in a hundred closes a cycle.

Inserted in bulk with the database driver (core.bulk.insert_rows) without history records: the rows are for
benchmarks, and half a million history records would double the time to make them."""

import random

from core.bulk import analyze, insert_rows
from services.models import Service

from .models import Dependency, Integration

KINDS = ["api", "file", "messaging", "shared_database", "manual"]
CRITICALITY = [c for c, _ in Service.Criticality.choices]


def _by_domain(service_ids):
    from .impact import ids_in

    members = {}
    for pk, domain_id in (Service.objects.filter(pk__in=ids_in(service_ids)).order_by("pk")
                          .values_list("pk", "domain_id").iterator(chunk_size=10_000)):
        members.setdefault(domain_id, []).append(pk)
    return members


def edges(service_ids, seed=1):
    """(integrations, dependencies): tuples of the columns inserted, without duplicates."""
    rng = random.Random(seed)
    ids = sorted(service_ids)
    if len(ids) < 10:
        return [], []
    workplace, identity, rtp = ids[:3]
    members = _by_domain(ids[3:])
    domain_of = {pk: domain for domain, pks in members.items() for pk in pks}
    position = {pk: i for pks in members.values() for i, pk in enumerate(pks)}
    everyone = ids[3:]
    integrations, dependencies = {}, set()

    def integrate(producer, consumer, kind, platform=None):
        if producer != consumer and (producer, consumer, kind) not in integrations:
            phase = "decommissioned" if rng.random() < 0.03 else "active"
            integrations[(producer, consumer, kind)] = (platform, rng.random() < 0.8, phase)

    def depend(service, on):
        if service != on:
            dependencies.add((service, on))

    for pk in everyone:
        mates = members[domain_of[pk]]
        earlier = mates[:position[pk]]
        if rng.random() < 0.85:
            depend(pk, workplace)
        if rng.random() < 0.6:
            depend(pk, identity)
        if earlier:
            for _ in range(2):
                integrate(rng.choice(earlier), pk, rng.choice(KINDS))
            if rng.random() < 0.8:
                depend(pk, rng.choice(earlier))
            if rng.random() < 0.2:
                integrate(rng.choice(earlier), pk, "service_contract", platform=rtp)
        if rng.random() < 0.5:
            other = rng.choice(everyone)
            if other < pk:
                integrate(other, pk, rng.choice(KINDS))
        if rng.random() < 0.01 and position[pk] + 1 < len(mates):
            depend(pk, mates[position[pk] + 1])  # on a later service: with the forward edges, a cycle
    integration_rows = [(1, producer, consumer, kind, platform, "", "", rng.choice(CRITICALITY), phase, needed, "")
                        for (producer, consumer, kind), (platform, needed, phase) in integrations.items()]
    dependency_rows = [(1, service, on, "") for service, on in dependencies]
    return integration_rows, dependency_rows


def generate(service_ids, seed=1):
    integration_rows, dependency_rows = edges(service_ids, seed)
    if not integration_rows and not dependency_rows:
        return
    insert_rows(Integration, ["row_version", "producer_id", "consumer_id", "kind", "platform_id", "carries",
                              "standard", "criticality", "phase", "needed", "description"], integration_rows)
    insert_rows(Dependency, ["row_version", "service_id", "depends_on_id", "description"], dependency_rows)
    analyze(Integration, Dependency)
