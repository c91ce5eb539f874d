"""A history an auditor can verify (C13): every history record of every model is sealed into one hash
chain. A link's digest covers the record's canonical content and the previous link's digest, so a record
changed, deleted or moved after it was sealed, or a link changed, breaks the chain from there on; and a
rewrite of the whole chain changes its head, which is published (`styr check --json`, the audit page, the
signed daily digest the auditor keeps) so that even an administrator who rewrites and re-seals it is caught.

Records are sealed as they are written: a transaction that wrote history seals it right after it commits
(`collect` / `flush`); the bulk import seals at its end the same way. One sealer runs at a time (a table
lock on PostgreSQL; SQLite serialises writers), so two committers cannot fork the chain. `styr
seal-history` and the daily `styr check --snapshot` still seal whatever a path without signals left.

History is never deleted in place: `archive` writes the oldest part of the chain to a file first, then
removes it and appends a tombstone link that names the file's SHA-256 and the last archived digest, so the
chain still verifies, and the file can be verified against it.
"""

import datetime
import hashlib
import hmac
import json
import logging
import os
import threading
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connection, transaction
from django.db.models import Max, Q
from django.utils import timezone

from .bulk import insert_rows
from .models import ChainLink, Verification

GENESIS = "0" * 64
BACKDATING_TOLERANCE = datetime.timedelta(hours=1)
CHUNK = 5000
TOMBSTONE = "archive"
ARCHIVED = "A"  # a tombstone's history_type in the audit log
LINK_COLUMNS = ["table", "row_id", "digest", "model", "object_id", "history_type", "at", "user_id", "sealed_at",
                "note"]
log = logging.getLogger(__name__)


def history_models():
    """Every django-simple-history table: one per tracked model, and one per tracked many-to-many field."""
    return sorted((m for m in apps.get_models() if m.__name__.startswith("Historical")
                   and m._meta.pk.attname in ("history_id", "m2m_history_id")), key=lambda m: m._meta.db_table)


def _fields(model):
    return [f.attname for f in model._meta.concrete_fields]


def _canonical(values):
    return [None if v is None else str(v) for v in values]


def _digest(previous, table, values):
    content = json.dumps([table, _canonical(values)], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((previous + content).encode()).hexdigest()


class _Shape:
    """Where a history table keeps what the audit log shows: the object, when, what happened, by whom.
    A many-to-many history row belongs to its parent record and describes nothing on its own."""

    def __init__(self, model):
        self.table, self.fields = model._meta.db_table, _fields(model)
        self.pk = self.fields.index(model._meta.pk.attname)
        self.is_record = model._meta.pk.attname == "history_id"
        self.label = model.instance_type._meta.label_lower if self.is_record else ""
        if self.is_record:
            self.at, self.type, self.user, self.object = (
                self.fields.index(name) for name in ("history_date", "history_type", "history_user_id", "id"))

    def describe(self, values):
        """(model, object_id, history_type, at, user_id) as a link stores them."""
        if not self.is_record:
            return ("", "", "", None, None)
        return (self.label, str(values[self.object]), values[self.type], values[self.at], values[self.user])


def _at_adapter():
    """A time as the database takes it: psycopg takes an aware datetime as it is; SQLite stores Django's
    naive-UTC text (what adapt_datetimefield_value writes, at a fraction of its cost per row)."""
    if connection.vendor != "sqlite":
        return lambda value: value
    return lambda value: None if value is None else value.astimezone(datetime.UTC).replace(tzinfo=None).isoformat(" ")


def _lock():
    if connection.vendor == "postgresql":  # one sealer at a time (SQLite's write transaction already is)
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {ChainLink._meta.db_table} IN EXCLUSIVE MODE")


def _last():
    return ChainLink.objects.order_by("-id").values_list("id", "digest", "sealed_at").first()


def head():
    """(number of sealed links, the last digest) — what an auditor keeps to catch a rewritten chain."""
    last = _last()
    return (ChainLink.objects.count(), last[1]) if last else (0, GENESIS)


def state():
    """The chain's head as the audit page and `styr check --json` publish it."""
    last = _last()
    count = ChainLink.objects.count()
    return {"sealed": count, "link": last[0] if last else 0, "head": last[1] if last else GENESIS,
            "sealed_at": last[2].isoformat() if last and last[2] else None}


@transaction.atomic
def seal(tables=None, ids=None):
    """Seal history records not yet in the chain; returns how many were sealed. Without arguments every
    table is swept past its last sealed record; `tables` narrows the sweep, and `ids` ({table: primary
    keys}) names records to seal even below that mark (a transaction that committed after a later one)."""
    _lock()
    last = _last()
    previous = last[1] if last else GENESIS
    at = _at_adapter()
    now = at(timezone.now())
    sealed, links = 0, []
    for model in history_models():
        shape = _Shape(model)
        if tables is not None and shape.table not in tables:
            continue
        mark = ChainLink.objects.filter(table=shape.table).order_by("-row_id").values_list("row_id", flat=True).first()
        condition = Q(pk__gt=mark) if mark is not None else Q()
        below = {i for i in (ids or {}).get(shape.table, ()) if mark is not None and i <= mark}
        if below:
            below -= set(ChainLink.objects.filter(table=shape.table, row_id__in=below)
                         .values_list("row_id", flat=True))
            if below:
                condition |= Q(pk__in=below)
        rows = model._base_manager.filter(condition).order_by("pk").values_list(*shape.fields)
        for values in _by_key(rows, shape.pk):
            previous = _digest(previous, shape.table, values)
            model_label, object_id, history_type, when, user_id = shape.describe(values)
            links.append((shape.table, values[shape.pk], previous, model_label, object_id, history_type,
                          at(when), user_id, now, ""))
            if len(links) >= CHUNK:
                insert_rows(ChainLink, LINK_COLUMNS, links, prepared=True)
                sealed += len(links)
                links = []
    if links:  # every table's links in one statement: a request's own seal is a handful of records
        insert_rows(ChainLink, LINK_COLUMNS, links, prepared=True)
    sealed += len(links)
    if tables is None:
        _describe_old_links()
    return sealed


def _by_key(rows, pk):
    """`rows` (ordered by primary key; `pk`: its place in a row) CHUNK at a time, each read starting past the last
    key read. Not QuerySet.iterator(): on PostgreSQL that is a server-side cursor, DECLARE, FETCH and CLOSE,
    three round trips where one plain read does for the few records each write seals."""
    last = None
    while True:
        chunk = list((rows if last is None else rows.filter(pk__gt=last))[:CHUNK])
        yield from chunk
        if len(chunk) < CHUNK:
            return
        last = chunk[-1][pk]


def _describe_old_links():
    """Links sealed before links described their record (core migration 0002; they have no sealed_at)
    get their description, so that the audit log lists them too."""
    shapes = [(m, _Shape(m)) for m in history_models() if m._meta.pk.attname == "history_id"]
    bare_links = ChainLink.objects.filter(sealed_at__isnull=True, history_type="",
                                          table__in=[shape.table for _, shape in shapes])
    if not bare_links.exists():
        return
    for model, shape in shapes:
        while True:
            bare = list(bare_links.filter(table=shape.table).values_list("id", "row_id")[:CHUNK])
            if not bare:
                break
            rows = {v[shape.pk]: v for v in model._base_manager.filter(pk__in=[r for _, r in bare])
                    .values_list(*shape.fields)}
            for link_id, row_id in bare:
                values = rows.get(row_id)
                model_label, object_id, history_type, at, user_id = (
                    shape.describe(values) if values else ("", "", "?", None, None))
                ChainLink.objects.filter(pk=link_id).update(model=model_label, object_id=object_id,
                                                            history_type=history_type, at=at, user_id=user_id)


# Sealing at write time: the signal collects what a transaction wrote, its commit seals it.

_pending = threading.local()


def _note(table, pk=None, using=None):
    tables = _pending.__dict__.setdefault("tables", {})
    ids = tables.setdefault(table, set())
    if pk is not None:
        ids.add(pk)
    # Registered for every record: callbacks of a rolled-back transaction are dropped, and a flag kept
    # here would then wrongly say the next transaction is already registered. The first callback seals
    # everything; the rest find nothing left.
    transaction.on_commit(flush, using=using)


def collect(sender, history_instance, using=None, **kwargs):
    """post_create_historical_record: the record, and the many-to-many rows written with it."""
    _note(sender._meta.db_table, history_instance.pk, using)


def collect_m2m(sender, created_rows, **kwargs):
    """post_create_historical_m2m_records: the rows of one many-to-many field's history (sent before the
    record's own signal, so they are sealed in the same flush)."""
    for row in created_rows:
        _note(sender._meta.db_table, row.pk)


def seal_after_commit(table, using=None):
    """For paths that write history without signals (core.bulk): seal `table` once the transaction commits."""
    _note(table, None, using)


def flush():
    tables = getattr(_pending, "tables", None)
    if not tables:
        return
    _pending.tables = {}
    try:
        seal(tables=set(tables), ids=tables)
    except DatabaseError:
        # The change itself is committed; failing the request now would report it as lost. What stays
        # unsealed is counted by verify-history and sealed by the next `styr seal-history`.
        log.exception("sealing the history after a commit failed")


@dataclass
class Report:
    sealed: int
    head: str
    problem: str = ""
    unsealed: int = 0
    tombstones: int = 0
    link: int = 0

    @property
    def ok(self):
        return not self.problem


def _start():
    """(id up to which the chain was archived, the digest it continues from)."""
    tombstone = ChainLink.objects.filter(table=TOMBSTONE).order_by("-id").values_list("note", flat=True).first()
    if tombstone is None:
        return 0, GENESIS
    note = json.loads(tombstone)
    return note["up_to_link"], note["last_digest"]


def _edited_entry(shapes):
    """The first link whose description (what the audit log shows and filters on) is not what its record
    says — compared in the database, one query per table, as the chain itself does not cover it."""
    quote = connection.ops.quote_name
    differs = "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"
    found = []
    with connection.cursor() as cursor:
        for table, (_, shape) in shapes.items():
            if not shape.is_record:
                continue
            cursor.execute(
                f"SELECT l.id, l.row_id FROM {quote(ChainLink._meta.db_table)} l "
                f"JOIN {quote(table)} h ON h.history_id = l.row_id "
                f"WHERE l.{quote('table')} = %s AND (l.model <> %s OR l.object_id <> CAST(h.id AS TEXT) "
                f"OR l.history_type <> h.history_type OR l.at {differs} h.history_date "
                f"OR l.user_id {differs} h.history_user_id) ORDER BY l.id LIMIT 1", [table, shape.label])
            row = cursor.fetchone()
            if row:
                found.append((row[0], table, row[1]))
    if not found:
        return ""
    seq, table, row_id = min(found)
    return f"link {seq}: the audit log's entry for {table} #{row_id} was edited"


def verify(record=True):
    """Recompute the chain; the first record or link that does not match is named. With `record`, the
    outcome is kept for the audit page."""
    report = _verify()
    if report.ok:
        report.problem = _lost_head()
    if record:
        Verification.objects.create(ok=report.ok, sealed=report.sealed, head=report.head,
                                    unsealed=report.unsealed, problem=report.problem)
    return report


def _lost_head():
    """A chain deleted or rewritten whole verifies on its own; the head an earlier verification saw must still be
    in it (unless archived since, which its tombstone proves). A kept digest file is the stronger check."""
    last = Verification.objects.filter(ok=True).exclude(head=GENESIS).first()
    if last is None or ChainLink.objects.filter(digest=last.head).exists():
        return ""
    if ChainLink.objects.filter(table=TOMBSTONE).exists():
        return ""
    return (f"the chain no longer holds the head {last.head} that the verification of {last.at:%Y-%m-%d %H:%M} "
            f"found ({last.sealed} records): the chain was deleted or rewritten since")


def _verify():
    shapes = {m._meta.db_table: (m, _Shape(m)) for m in history_models()}
    up_to, previous = _start()
    count = tombstones = last_id = 0
    if ChainLink.objects.filter(id__lte=up_to).exists():
        first = ChainLink.objects.filter(id__lte=up_to).order_by("id").first()
        return Report(0, previous, f"link {first.id}: a link the archive tombstone says was archived is still here")
    links = ChainLink.objects.filter(id__gt=up_to).order_by("id").values_list("id", "table", "row_id", "digest", "note")
    batch = []

    def check(batch, previous):
        wanted = {}
        for link in batch:
            wanted.setdefault(link[1], []).append(link[2])
        rows = {}
        for table, ids in wanted.items():
            if table not in shapes:
                continue
            model, shape = shapes[table]
            for values in model._base_manager.filter(pk__in=ids).values_list(*shape.fields):
                rows[(table, values[shape.pk])] = values
        for seq, table, row_id, digest, note in batch:
            if table == TOMBSTONE:
                if _digest(previous, TOMBSTONE, [note]) != digest:
                    return previous, f"link {seq}: the archive tombstone does not match its seal"
                previous = digest
                continue
            values = rows.get((table, row_id))
            if values is None:
                return previous, f"link {seq}: the history record {table} #{row_id} has been deleted"
            if _digest(previous, table, values) != digest:
                return previous, (f"link {seq}: the history record {table} #{row_id} does not match its seal "
                                  f"(changed, moved, or the chain was edited here)")
            previous = digest
        return previous, ""

    for link in links.iterator(chunk_size=CHUNK):
        batch.append(link)
        count += 1
        tombstones += link[1] == TOMBSTONE
        last_id = link[0]
        if len(batch) >= CHUNK:
            previous, problem = check(batch, previous)
            if problem:
                return Report(count, previous, problem)
            batch = []
    previous, problem = check(batch, previous)
    if problem:
        return Report(count, previous, problem)
    edited = _edited_entry(shapes)
    if edited:
        return Report(count, previous, edited)
    unsealed = 0
    # Records are sealed as they commit, so one waiting to be sealed is recent; one dated well before what is
    # already sealed was written with a false date (a backdated forgery would otherwise be sealed as genuine).
    newest = ChainLink.objects.exclude(at=None).aggregate(newest=Max("at"))["newest"]
    for table, (model, shape) in shapes.items():
        sealed_ids = ChainLink.objects.filter(table=table).values("row_id")
        mark = ChainLink.objects.filter(table=table).order_by("-row_id").values_list("row_id", flat=True).first()
        gap = model._base_manager.exclude(pk__in=sealed_ids)
        if mark is not None:
            below = gap.filter(pk__lte=mark).order_by("pk").values_list("pk", flat=True).first()
            if below is not None:
                return Report(count, previous, f"the history record {table} #{below} was added below the seal")
        if newest is not None and shape.is_record:
            backdated = gap.filter(history_date__lt=newest - BACKDATING_TOLERANCE).values_list("pk", "history_date")
            backdated = backdated.order_by("pk").first()
            if backdated is not None:
                return Report(count, previous, f"the history record {table} #{backdated[0]}, not yet sealed, is dated "
                                               f"{backdated[1]:%Y-%m-%d %H:%M}, before records already sealed: "
                                               f"written with a false date")
        unsealed += gap.count()
    return Report(count, previous, "", unsealed, tombstones, last_id)


# The signed digest an auditor keeps: the head at a position, signed so that it cannot be made up later.

def digest_key():
    key = getattr(settings, "DIGEST_KEY", "")
    if key:
        return key.encode()
    if settings.DEBUG:  # a development server only; a real one must have its own key
        return ("styr-development-digest:" + settings.SECRET_KEY).encode()
    raise ImproperlyConfigured("STYR_DIGEST_KEY is not set: Styr will not sign a history digest without a key of "
                               "its own. Set it to a long random value, kept apart from the database.")


def _signature(body, key):
    return hmac.new(key, json.dumps(body, sort_keys=True, separators=(",", ":")).encode(), hashlib.sha256).hexdigest()


def signed_digest(key=None):
    """Today's head as a small JSON-ready document, signed with HMAC-SHA256."""
    now = timezone.now()
    current = state()
    body = {"kind": "styr-history-digest", "date": timezone.localdate(now).isoformat(), "at": now.isoformat(),
            "records": current["sealed"], "link": current["link"], "head": current["head"]}
    return {**body, "algorithm": "HMAC-SHA256", "signature": _signature(body, key or digest_key())}


def check_digest(document, key=None):
    """'' when the digest is genuine and the chain still holds its head at its link; else what is wrong."""
    try:
        body = {k: document[k] for k in ("kind", "date", "at", "records", "link", "head")}
        signature = document["signature"]
    except (KeyError, TypeError):
        return "the digest file is not a Styr history digest"
    if not hmac.compare_digest(str(signature), _signature(body, key or digest_key())):
        return "the digest's signature does not match: it was not signed with this key, or was edited"
    return missing_head(body["link"], body["head"], f"the digest of {body['date']}")


def missing_head(link, head, kept_by):
    """'' when the chain still holds `head` at `link` (or its archive tombstone ends there); else what is
    wrong. `kept_by` names who kept the head (a digest file, a backup) for the message."""
    if not link:
        return ""
    up_to, last_digest = _start()
    if isinstance(link, int) and link <= up_to:
        if link == up_to:
            return "" if last_digest == head else (
                f"link {link}: the chain's archive tombstone does not end where {kept_by} says")
        return f"link {link} has been archived since {kept_by} was taken: verify it against the archive file"
    stored = ChainLink.objects.filter(id=link).values_list("digest", flat=True).first()
    if stored is None:
        return f"link {link}, the head kept by {kept_by}, is no longer in the chain"
    if stored != head:
        return f"link {link}: the chain's digest there is not the head kept by {kept_by} — the chain was rewritten since"
    return ""


# Retention: the oldest part of the chain goes to a file first, then leaves the database behind a tombstone.

def _last_below(link_id):
    return ChainLink.objects.filter(id__lt=link_id).order_by("-id").values_list("id", flat=True).first() or 0


def _boundary(before):
    """The last link to archive: every link up to it is older than `before`, and no many-to-many row is
    left behind by the record it belongs to (it would still point at it)."""
    first_new = ChainLink.objects.filter(at__gte=before).order_by("id").values_list("id", flat=True).first()
    if first_new is None:
        up_to = ChainLink.objects.order_by("-id").values_list("id", flat=True).first() or 0
    else:
        up_to = _last_below(first_new)
    while True:
        earlier = up_to
        for model in history_models():
            if model._meta.pk.attname != "m2m_history_id":
                continue
            parent = model._meta.get_field("history").related_model._meta.db_table
            parents = ChainLink.objects.filter(table=parent, id__lte=up_to).values("row_id")
            stranded = ChainLink.objects.filter(table=model._meta.db_table, id__gt=up_to, row_id__in=model._base_manager
                                                .filter(history_id__in=parents).values("pk"))
            rows = model._base_manager.filter(pk__in=stranded.values("row_id")).values("history_id")
            first_parent = (ChainLink.objects.filter(table=parent, row_id__in=rows).order_by("id")
                            .values_list("id", flat=True).first())
            if first_parent is not None:
                up_to = min(up_to, _last_below(first_parent))
        if up_to == earlier:
            return up_to


def archive(before, out):
    """Write every link up to the first record at or after `before` (a datetime), with its record, to the
    file `out` as JSON lines; then delete those records and links and append a tombstone. Returns the
    tombstone's note. Nothing is deleted unless the file was written whole."""
    import tempfile

    with transaction.atomic():
        _lock()
        start_link, start_digest = _start()
        up_to = _boundary(before)
        if up_to <= start_link or not ChainLink.objects.filter(id__gt=start_link, id__lte=up_to).exists():
            raise ValueError("no history older than that date is left to archive")
        shapes = {m._meta.db_table: (m, _Shape(m)) for m in history_models()}
        counts = {}
        directory = os.path.dirname(os.path.abspath(out))
        handle = tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=directory, delete=False,
                                             prefix=".styr-archive-", suffix=".part")
        try:
            with handle:
                handle.write(json.dumps({"kind": "styr-history-archive", "before": before.isoformat(),
                                         "first_link": start_link + 1, "up_to_link": up_to,
                                         "start_digest": start_digest}) + "\n")
                last_digest = start_digest
                links = ChainLink.objects.filter(id__gt=start_link, id__lte=up_to).order_by("id").values_list(
                    "id", "table", "row_id", "digest", "note")
                batch = []
                for link in links.iterator(chunk_size=CHUNK):
                    batch.append(link)
                    if len(batch) >= CHUNK:
                        last_digest = _archive_batch(handle, batch, shapes, counts)
                        batch = []
                if batch:
                    last_digest = _archive_batch(handle, batch, shapes, counts)
                handle.flush()
                os.fsync(handle.fileno())
            digest = _file_sha256(handle.name)
            os.replace(handle.name, out)
        except BaseException:
            if os.path.exists(handle.name):
                os.unlink(handle.name)
            raise
        archived = ChainLink.objects.filter(id__gt=start_link, id__lte=up_to)
        # Many-to-many rows first: they point at their records. Raw deletes: Django's cascade would load
        # every row into memory, and nothing else may go than what the file holds.
        for table, (model, _) in sorted(shapes.items(), key=lambda item: item[1][1].is_record):
            rows = model._base_manager.filter(pk__in=archived.filter(table=table).values("row_id"))
            rows._raw_delete(rows.db)
        archived._raw_delete(archived.db)
        note = {"before": before.isoformat(), "up_to_link": up_to, "last_digest": last_digest,
                "records": sum(counts.values()), "tables": dict(sorted(counts.items())),
                "archive_sha256": digest, "archive_file": os.path.basename(out)}
        text = json.dumps(note, sort_keys=True, separators=(",", ":"))
        previous = _last()[1] if _last() else last_digest
        ChainLink.objects.create(table=TOMBSTONE, row_id=up_to, digest=_digest(previous, TOMBSTONE, [text]),
                                 history_type=ARCHIVED, sealed_at=timezone.now(), note=text)
        return note


def _archive_batch(handle, batch, shapes, counts):
    wanted = {}
    for _, table, row_id, _, _ in batch:
        wanted.setdefault(table, []).append(row_id)
    rows = {}
    for table, ids in wanted.items():
        if table in shapes:
            model, shape = shapes[table]
            for values in model._base_manager.filter(pk__in=ids).values_list(*shape.fields):
                rows[(table, values[shape.pk])] = values
    digest = None
    for link_id, table, row_id, digest, note in batch:
        line = {"link": link_id, "table": table, "row_id": row_id, "digest": digest}
        if table == TOMBSTONE:
            line["note"] = note
        else:
            values = rows.get((table, row_id))
            if values is None:
                raise ValueError(f"link {link_id}: the history record {table} #{row_id} is missing; "
                                 f"run verify-history before archiving")
            line["fields"] = shapes[table][1].fields
            line["values"] = _canonical(values)
            counts[table] = counts.get(table, 0) + 1
        handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    return digest


def _file_sha256(path):
    sha = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def check_archive(path):
    """'' when the archive file is the one a tombstone in the chain names, and its records recompute to
    the digest that tombstone continues from; else what is wrong."""
    try:
        digest = _file_sha256(path)
    except OSError as error:
        return f"the archive cannot be read: {error}"
    tombstone = next((json.loads(note) for note in ChainLink.objects.filter(table=TOMBSTONE)
                      .values_list("note", flat=True) if json.loads(note)["archive_sha256"] == digest), None)
    if tombstone is None:
        return "no tombstone in the chain names this file (its SHA-256): it is not an archive of this chain, or was edited"
    try:
        with open(path, encoding="utf-8") as stream:
            header = json.loads(next(stream))
            previous, count = header["start_digest"], 0
            for number, text in enumerate(stream, start=2):
                line = json.loads(text)
                content = [line["note"]] if line["table"] == TOMBSTONE else line["values"]
                previous = _digest(previous, line["table"], content)
                if previous != line["digest"]:
                    return f"line {number} (link {line['link']}) does not match its seal"
                count += line["table"] != TOMBSTONE
    except (ValueError, KeyError, StopIteration) as error:
        return f"the archive is not a Styr history archive: {error}"
    if previous != tombstone["last_digest"] or count != tombstone["records"]:
        return "the archive does not end where its tombstone says"
    return ""
