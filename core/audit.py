"""A history an auditor can verify (C13): every history record of every model is sealed into one hash
chain. A link's digest covers the record's canonical content and the previous link's digest, so a record
changed, deleted or moved after it was sealed, or a link changed, breaks the chain from there on; and a
rewrite of the whole chain changes its head, which is published (`styr check --json`, `styr verify-history`)
for the auditor to keep.

Records are sealed in batches (`styr seal-history`, and the daily `styr check --snapshot`), not as they
are written: every write path — a model save, a bulk import, a many-to-many change — is covered without
touching it, and imports stay at their speed. What is written between two seals is not yet protected;
`verify` counts it.
"""

import hashlib
import json
from dataclasses import dataclass

from django.apps import apps
from django.db import connection, transaction

from .models import ChainLink

GENESIS = "0" * 64
CHUNK = 5000


def history_models():
    """Every django-simple-history table: one per tracked model, and one per tracked many-to-many field."""
    return sorted((m for m in apps.get_models() if m.__name__.startswith("Historical")
                   and m._meta.pk.attname in ("history_id", "m2m_history_id")), key=lambda m: m._meta.db_table)


def _fields(model):
    return [f.attname for f in model._meta.concrete_fields]


def _digest(previous, table, values):
    content = json.dumps([table, [None if v is None else str(v) for v in values]], ensure_ascii=False,
                         separators=(",", ":"))
    return hashlib.sha256((previous + content).encode()).hexdigest()


def head():
    """(number of sealed records, the last digest) — what an auditor keeps to catch a rewritten chain."""
    last = ChainLink.objects.order_by("-id").first()
    return (ChainLink.objects.count(), last.digest) if last else (0, GENESIS)


@transaction.atomic
def seal():
    """Seal every history record not yet in the chain; returns how many were sealed."""
    if connection.vendor == "postgresql":  # one sealer at a time (SQLite's write transaction already is)
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {ChainLink._meta.db_table} IN EXCLUSIVE MODE")
    previous = head()[1]
    sealed = 0
    for model in history_models():
        table, fields = model._meta.db_table, _fields(model)
        pk_index = fields.index(model._meta.pk.attname)
        mark = ChainLink.objects.filter(table=table).order_by("-row_id").values_list("row_id", flat=True).first()
        rows = model._base_manager.order_by("pk").values_list(*fields)
        if mark is not None:
            rows = rows.filter(pk__gt=mark)
        links = []
        for values in rows.iterator(chunk_size=CHUNK):
            previous = _digest(previous, table, values)
            links.append(ChainLink(table=table, row_id=values[pk_index], digest=previous))
            if len(links) >= CHUNK:
                ChainLink.objects.bulk_create(links)
                sealed += len(links)
                links = []
        ChainLink.objects.bulk_create(links)
        sealed += len(links)
    return sealed


@dataclass
class Report:
    sealed: int
    head: str
    problem: str = ""
    unsealed: int = 0

    @property
    def ok(self):
        return not self.problem


def verify():
    """Recompute the chain; the first record or link that does not match is named."""
    by_table = {m._meta.db_table: m for m in history_models()}
    previous, count = GENESIS, 0
    links = ChainLink.objects.order_by("id").values_list("id", "table", "row_id", "digest")
    batch = []

    def check(batch, previous):
        wanted = {}
        for _, table, row_id, _ in batch:
            wanted.setdefault(table, []).append(row_id)
        rows = {}
        for table, ids in wanted.items():
            model = by_table.get(table)
            if model is None:
                continue
            for values in model._base_manager.filter(pk__in=ids).values_list(*_fields(model)):
                rows[(table, values[_fields(model).index(model._meta.pk.attname)])] = values
        for seq, table, row_id, digest in batch:
            values = rows.get((table, row_id))
            if values is None:
                return previous, f"link {seq}: the history record {table} #{row_id} has been deleted"
            expected = _digest(previous, table, values)
            if expected != digest:
                return previous, (f"link {seq}: the history record {table} #{row_id} does not match its seal "
                                  f"(changed, moved, or the chain was edited here)")
            previous = digest
        return previous, ""

    for link in links.iterator(chunk_size=CHUNK):
        batch.append(link)
        count += 1
        if len(batch) >= CHUNK:
            previous, problem = check(batch, previous)
            if problem:
                return Report(count, previous, problem)
            batch = []
    previous, problem = check(batch, previous)
    if problem:
        return Report(count, previous, problem)
    unsealed = 0
    for table, model in by_table.items():
        sealed_ids = ChainLink.objects.filter(table=table).values("row_id")
        mark = ChainLink.objects.filter(table=table).order_by("-row_id").values_list("row_id", flat=True).first()
        gap = model._base_manager.exclude(pk__in=sealed_ids)
        if mark is not None:
            below = gap.filter(pk__lte=mark).order_by("pk").values_list("pk", flat=True).first()
            if below is not None:
                return Report(count, previous, f"the history record {table} #{below} was added below the seal")
        unsealed += gap.count()
    return Report(count, previous, "", unsealed)
