"""Readable change history from django-simple-history's records: who, when, which fields, before, after."""

from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

TYPES = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
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
    if isinstance(model_field, models.ForeignKey):
        return names.get((model_field.related_model, value), f"#{value}")
    if model_field.choices:
        return dict(model_field.flatchoices).get(value, value)
    if isinstance(value, list):  # many-to-many as recorded by simple-history
        return ", ".join(str(v) for v in value)
    return value


def _names_for(records, model):
    """Resolve every foreign key in the records with one query per related model."""
    wanted = {}
    for f in _fields(model):
        if isinstance(f, models.ForeignKey):
            ids = {getattr(r, f.attname) for r in records} - {None}
            wanted.setdefault(f.related_model, set()).update(ids)
    return {
        (related, obj.pk): str(obj)
        for related, ids in wanted.items()
        for obj in related._default_manager.filter(pk__in=ids)
    }


def entries(history_queryset):
    """Entries of one model's history records, oldest first, each compared with the one before it."""
    model = history_queryset.model.instance_type
    records = list(history_queryset.select_related("history_user").order_by("history_date", "history_id"))
    names = _names_for(records, model)
    fields = _fields(model)
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
        previous[record.id] = record
        result.append(Entry(
            at=record.history_date,
            user=record.history_user.get_username() if record.history_user else "",
            type=record.history_type,
            type_label=str(TYPES[record.history_type]),
            model=model._meta.label_lower,
            object_type=str(model._meta.verbose_name),
            object_label=str(record.instance) if record.history_type != "-" else f"#{record.id}",
            reason=record.history_change_reason or "",
            changes=changes,
        ))
    return result


def merged(*history_querysets, newest_first=True):
    combined = [e for qs in history_querysets for e in entries(qs)]
    combined.sort(key=lambda e: e.at, reverse=newest_first)
    return combined
