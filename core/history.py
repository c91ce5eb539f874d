"""Readable change history from django-simple-history's records: who, when, which fields, before, after."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _

TYPES = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
ARCHIVED = _("history archived")
HIDDEN = {"id", "row_version"}


@dataclass
class Change:
    field: str
    label: str
    before: object
    after: object


@dataclass
class Entry:
    at: object
    user: str
    type: str
    type_label: str
    model: str
    object_type: str
    object_label: str
    reason: str
    changes: list = field(default_factory=list)


def _fields(model):
    return [f for f in model._meta.concrete_fields if f.name not in HIDDEN]


def _display(model_field, value, names):
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(model_field, models.ForeignKey):
        return names.get((model_field.related_model, value), f"#{value}")
    if model_field.choices:
        return dict(model_field.flatchoices).get(value, value)
    if isinstance(value, list):  # many-to-many as recorded by simple-history
        return ", ".join(str(v) for v in value)
    return value


def _related_for(records, model):
    """{(related model, pk): object} for every foreign key in the records, with one query per related model."""
    wanted = {}
    for f in _fields(model):
        if isinstance(f, models.ForeignKey):
            ids = {getattr(r, f.attname) for r in records} - {None}
            wanted.setdefault(f.related_model, set()).update(ids)
    return {
        (related, obj.pk): obj
        for related, ids in wanted.items()
        for obj in related._default_manager.filter(pk__in=ids)
    }


def _names_for(records, model):
    """{(related model, pk): str(object)} for every foreign key in the records, one query per related model."""
    return {key: str(obj) for key, obj in _related_for(records, model).items()}


def _m2m_values(records, m2m_fields):
    """{field name: {history_id: sorted names}} for the many-to-many fields simple-history tracks."""
    values = {}
    for f in m2m_fields:
        through = getattr(records[0], f.name).model if records else None
        by_record = {}
        if through is not None:
            target = f.related_model._meta.model_name
            rows = through.objects.filter(history__in=[r.history_id for r in records]).select_related(target)
            for row in rows:
                by_record.setdefault(row.history_id, []).append(str(getattr(row, target)))
        values[f.name] = {k: sorted(v) for k, v in by_record.items()}
    return values


def entries(history_queryset):
    """Entries of one model's history records, oldest first, each compared with the one before it."""
    model = history_queryset.model.instance_type
    records = list(history_queryset.select_related("history_user").order_by("history_date", "history_id"))
    related = _related_for(records, model)
    names = {key: str(obj) for key, obj in related.items()}
    fields = _fields(model)
    m2m_fields = list(getattr(history_queryset.model, "_history_m2m_fields", []))
    m2m_values = _m2m_values(records, m2m_fields)
    previous = {}
    result = []
    for record in records:
        before = previous.get(record.id)
        changes = []
        if record.history_type != "-":
            for f in fields:
                old = getattr(before, f.attname) if before is not None else None
                new = getattr(record, f.attname)
                if before is None and new in (None, ""):
                    continue
                if before is None or old != new:
                    changes.append(Change(f.name, str(f.verbose_name), _display(f, old, names),
                                          _display(f, new, names)))
            for f in m2m_fields:
                old = m2m_values[f.name].get(before.history_id, []) if before is not None else []
                new = m2m_values[f.name].get(record.history_id, [])
                if old != new:
                    changes.append(Change(f.name, str(f.verbose_name), ", ".join(old), ", ".join(new)))
        previous[record.id] = record
        result.append((Entry(
            at=record.history_date,
            user=record.history_user.get_username() if record.history_user else "",
            type=record.history_type,
            type_label=str(TYPES[record.history_type]),
            model=model._meta.label_lower,
            object_type=str(model._meta.verbose_name),
            object_label=_label(record, model, fields, related),
            reason=record.history_change_reason or "",
            changes=changes,
        ), record.id))
    return _fold(result, {f.name for f in m2m_fields})


def _label(record, model, fields, related):
    """How the object read at that time; a record whose related rows are gone since (a deleted service,
    an organisation removed) is still readable, by its id. Built from the record and the related objects
    already read for the whole history, never with a query of its own: simple-history's `record.instance`
    would read the live row once per record for the fields history leaves out (row_version)."""
    if record.history_type == "-":
        return f"#{record.id}"
    instance = model(**{f.attname: getattr(record, f.attname) for f in fields if hasattr(record, f.attname)})
    instance.pk = record.id
    for f in fields:
        if isinstance(f, models.ForeignKey):
            value = getattr(record, f.attname)
            if value is None:
                continue
            target = related.get((f.related_model, value))
            if target is None:
                return f"#{record.id}"
            f.set_cached_value(instance, target)
    try:
        return str(instance)
    except ObjectDoesNotExist:
        return f"#{record.id}"


MERGE_WINDOW = datetime.timedelta(seconds=2)


def _fold(result, m2m_names):
    """One edit is one entry: a save and the many-to-many updates that follow it in the same
    moment by the same user (Django stores those separately) are shown together."""
    folded, last_by_object = [], {}
    for entry, object_id in result:
        previous = last_by_object.get(object_id)
        if (previous is not None and entry.type == "~" and previous.type in "+~"
                and all(c.field in m2m_names for c in entry.changes)
                and previous.user == entry.user and entry.at - previous.at < MERGE_WINDOW):
            by_field = {c.field: c for c in previous.changes}
            for change in entry.changes:
                if change.field in by_field:
                    by_field[change.field].after = change.after
                else:
                    previous.changes.append(change)
            previous.changes = [c for c in previous.changes if previous.type == "+" or c.before != c.after]
            previous.at = entry.at
            continue
        last_by_object[object_id] = entry
        folded.append(entry)
    return [e for e in folded if e.type != "~" or e.changes]


def merged(*history_querysets):
    combined = [e for qs in history_querysets for e in entries(qs)]
    combined.sort(key=lambda e: e.at, reverse=True)
    return combined
