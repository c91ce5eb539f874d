"""Row versions: no edit silently overwrites another (docs/decisions/0010).

Every editable record carries `row_version`, a number the database raises by one with every change.
A writer states the version it read; the write goes through only if the row still has it. The
check and the raise are one UPDATE statement, so two writers that read the same version cannot
both succeed, on SQLite (one writer at a time) or on PostgreSQL (the UPDATE locks the row and the
second one re-reads it and finds the version gone).

`Versioned.save()` does this for every save of an existing row, so actions, forms, the admin and
the API all get it from the model; a path that writes with `QuerySet.update()` raises the version
itself (`bump`). History leaves the version out: it is bookkeeping, not a fact about the record.
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

FIELD = "row_version"


def stale_message(obj=None):
    if obj is None:
        return _("Someone else changed this record while you were editing it. Reload to see their change, "
                 "then make yours again.")
    return _("Someone else changed %(record)s while you were editing it. Reload to see their change, "
             "then make yours again.") % {"record": obj}


class StaleVersion(ValidationError):
    """The row no longer has the version the writer read: someone else changed it first. A ValidationError so
    that forms show it like any refused change; the API answers it with 412 Precondition Failed."""

    def __init__(self, obj=None, current=None):
        super().__init__(stale_message(obj), code="stale")
        self.current = current


class Versioned(models.Model):
    row_version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._state.adding or self.pk is None or kwargs.get("force_insert"):
            return super().save(*args, **kwargs)
        with transaction.atomic(using=kwargs.get("using") or self._state.db):
            claim(self, self.row_version)
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], FIELD}
            return super().save(*args, **kwargs)


def claim(obj, expected):
    """Raise the stored version from `expected` to `expected + 1` in one statement, or refuse: StaleVersion when
    the row has another version (or is gone). Call inside the transaction that writes the rest of the change;
    the new version is set on `obj`."""
    model = type(obj)
    manager = model._base_manager.using(obj._state.db or "default")
    claimed = manager.filter(pk=obj.pk, row_version=expected).update(row_version=F(FIELD) + 1)
    if not claimed:
        current = manager.filter(pk=obj.pk).values_list(FIELD, flat=True).first()
        raise StaleVersion(obj, current)
    obj.row_version = expected + 1
    return obj.row_version


def check(obj, expected):
    """Refuse early, before any work, when the writer read an older version than `obj` has."""
    if expected is not None and int(expected) != obj.row_version:
        raise StaleVersion(obj, obj.row_version)


def bump():
    """QuerySet.update() keywords for a write that bypasses save(): `qs.update(**bump(), field=value)`."""
    return {FIELD: F(FIELD) + 1}


def add(obj, field, delta):
    """Add `delta` to a numeric field in one UPDATE (`field = field + delta`, the version raised with it), so that
    many clients counting at once lose nothing and need no version. Refused, with nothing stored, when the sum
    would fall below zero or outgrow the column. Writes the history record a save would write."""
    model = type(obj)
    db = obj._state.db or "default"
    column = model._meta.get_field(field)
    ceiling = Decimal(10) ** (column.max_digits - column.decimal_places) - Decimal(10) ** -column.decimal_places
    with transaction.atomic(using=db):
        rows = model._base_manager.using(db).filter(pk=obj.pk)
        if delta < 0:
            rows = rows.filter(**{f"{field}__gte": -delta})
        else:
            rows = rows.filter(**{f"{field}__lte": ceiling - delta})
        if not rows.update(**{field: F(field) + delta}, **bump()):
            if not model._base_manager.using(db).filter(pk=obj.pk).exists():
                raise model.DoesNotExist()
            raise ValidationError({"delta": _("The %(field)s would fall below zero or exceed %(max)s.")
                                   % {"field": column.verbose_name, "max": ceiling}}, code="out_of_range")
        obj.refresh_from_db(using=db)
        # What a save would have announced: the history (and anything else listening) records this change.
        models.signals.post_save.send(sender=model, instance=obj, created=False, update_fields={field, FIELD},
                                      raw=False, using=db)
    return obj


def version_field():
    """The hidden field of a plain form that acts on a versioned record (a decision on a transfer)."""
    return forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=2**31 - 1)


class VersionedModelForm(forms.ModelForm):
    """A ModelForm that carries the version it showed in a hidden field; a save over a newer version is refused
    with a message above the form and nothing is stored. Declared on the class so that the admin renders it."""

    row_version = version_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            del self.fields[FIELD]  # a new record has no version to compare
        else:
            self.fields[FIELD].required = True
            self.initial.setdefault(FIELD, self.instance.row_version)

    def clean(self):
        cleaned = super().clean()
        if FIELD in self.fields and cleaned.get(FIELD) is not None:
            try:
                check(self.instance, cleaned[FIELD])
            except StaleVersion as error:
                self.add_error(None, error)
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        if FIELD in self.fields and self.cleaned_data.get(FIELD) is not None:
            # What save() compares is the version the user saw, not the one the form was built over.
            self.instance.row_version = self.cleaned_data[FIELD]
