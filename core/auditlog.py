"""The region-wide audit log: every history record of every model, newest first, read from the chain's
links (one indexed table) rather than from two dozen history tables per request. A page of links is
turned into entries with a handful of queries per model on the page: the records, the records before
them, the users, whether the objects still exist."""

import json
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.urls import reverse

from . import audit, history
from .models import ChainLink


@dataclass
class Entry:
    link: int
    at: object
    user: str
    type: str
    type_label: str
    model: str
    object_type: str
    object_id: str
    object_label: str
    object_url: str
    table: str
    record_id: int
    digest: str
    reason: str = ""
    changes: list = field(default_factory=list)

    def summary(self):
        return "; ".join(f"{c.label}: {c.before or '–'} → {c.after or '–'}" for c in self.changes)


def links():
    """What the log lists: the links of history records, and the tombstones of archived history."""
    return ChainLink.objects.exclude(history_type="").order_by("-id")


NAMING_FIELDS = ("name", "title", "registry_number", "username", "code")


def _label(record, link):
    """How the object is named on the page, from the record itself: no query per row, and right for a
    deleted object too."""
    for name in NAMING_FIELDS:
        value = getattr(record, name, None) if record is not None else None
        if value:
            return f"{value}"
    return f"#{link.object_id}"


def model_choices():
    return sorted({(m.instance_type._meta.label_lower, str(m.instance_type._meta.verbose_name))
                   for m in audit.history_models() if m._meta.pk.attname == "history_id"}, key=lambda c: c[1])


def _diff(model, record, before, names):
    changes = []
    if record.history_type == "-":
        return changes
    kept = {f.attname for f in type(record)._meta.concrete_fields}  # a password, say, is not in the history
    for f in (f for f in history._fields(model) if f.attname in kept):
        old = getattr(before, f.attname) if before is not None else None
        new = getattr(record, f.attname)
        if before is None and new in (None, ""):
            continue
        if before is None or old != new:
            changes.append(history.Change(f.name, str(f.verbose_name), history._display(f, old, names),
                                          history._display(f, new, names)))
    return changes


def entries(page_links):
    """Entries for a list of links (ChainLink objects), in their order. An object still there links to its
    page; a deleted one (or one without a page) to its history in this log, which stays reachable."""
    by_table = {m._meta.db_table: m for m in audit.history_models()}
    records, existing = {}, {}
    for table, model in by_table.items():
        ids = [link.row_id for link in page_links if link.table == table]
        if not ids or model._meta.pk.attname != "history_id":
            continue
        tracked = model.instance_type
        page = list(model._base_manager.filter(history_id__in=ids))
        objects = {r.id for r in page}
        # The record before each one on the page: the newest earlier record of the same object.
        earlier = {}
        for r in (model._base_manager.filter(id__in=objects, history_id__lt=max(ids))
                  .exclude(history_id__in=ids).order_by("history_id")):
            earlier.setdefault(r.id, []).append(r)
        everything = page + [r for rs in earlier.values() for r in rs]
        names = history._names_for(everything, tracked)
        timeline = {}
        for r in sorted(everything, key=lambda r: r.history_id):
            timeline.setdefault(r.id, []).append(r)
        for r in page:
            line = timeline[r.id]
            position = line.index(r)
            before = line[position - 1] if position > 0 else None
            records[(table, r.history_id)] = (r, _diff(tracked, r, before, names))
        # select_related(): an object's address may go through its parent (an ownership's is its service's)
        existing.update({(tracked._meta.label_lower, str(o.pk)): o
                         for o in tracked._default_manager.select_related().filter(pk__in=objects)})
    users = dict(get_user_model()._default_manager.filter(pk__in={link.user_id for link in page_links} - {None})
                 .values_list("pk", "username"))
    log_url = reverse("core:audit-log")
    result = []
    for link in page_links:
        if link.table == audit.TOMBSTONE:
            note = json.loads(link.note)
            result.append(Entry(link.id, link.sealed_at, "", "A", str(history.ARCHIVED), "", "", "", "",
                                "", link.table, link.row_id, link.digest,
                                reason=f"{note['records']} records up to link {note['up_to_link']}, "
                                       f"archive SHA-256 {note['archive_sha256']}"))
            continue
        record, changes = records.get((link.table, link.row_id), (None, []))
        model = by_table.get(link.table)
        tracked = model.instance_type if model is not None else None
        obj = existing.get((link.model, link.object_id))
        url = obj.get_absolute_url() if obj is not None and hasattr(obj, "get_absolute_url") else ""
        if not url:  # gone, or without a page of its own: its history in this log
            url = f"{log_url}?model={link.model}&object={link.object_id}"
        result.append(Entry(
            link=link.id, at=link.at, user=users.get(link.user_id, ""), type=link.history_type,
            type_label=str(history.TYPES.get(link.history_type, link.history_type)), model=link.model,
            object_type=str(tracked._meta.verbose_name) if tracked else link.model, object_id=link.object_id,
            object_label=_label(record, link),
            object_url=url, table=link.table, record_id=link.row_id, digest=link.digest,
            reason=(record.history_change_reason or "") if record is not None else "", changes=changes,
        ))
    return result

