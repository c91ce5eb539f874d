"""What information security adds to the one service list (page, API, export): filters and a sort by
classification, and its letters as a column. One LEFT JOIN to security_classification (a service has at most
one row there), never a query per row (docs/decisions/0014)."""

import django_filters
from django import forms
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from core.registry import ServiceListColumn, ServiceListExtension

from .models import notation


class LevelFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


def _at_least(field):
    def filter_method(queryset, name, value):
        return queryset if value is None else queryset.filter(**{f"classification__{field}__gte": value})
    return filter_method


def _classified(queryset, name, value):
    if value is None:
        return queryset
    if value:
        return queryset.filter(classification__confidentiality__isnull=False)
    return queryset.filter(classification__confidentiality__isnull=True)


def _filters():
    def level(field, label):
        return LevelFilter(method=_at_least(field), label=label, min_value=0, max_value=99)
    return {
        "confidentiality_min": level("confidentiality", _("Confidentiality at least")),
        "integrity_min": level("integrity", _("Integrity at least")),
        "availability_min": level("availability", _("Availability at least")),
        "classified": django_filters.BooleanFilter(method=_classified, label=_("Classified")),
    }


def _notation(service):
    levels = (service.classification_k, service.classification_r, service.classification_t)
    return "" if levels == (None, None, None) else notation(*levels)


EXTENSION = ServiceListExtension(
    name="security.classification",
    annotations={
        "classification_k": F("classification__confidentiality"),
        "classification_r": F("classification__integrity"),
        "classification_t": F("classification__availability"),
    },
    filters=_filters,
    orderings={"classification": ("classification_k", "classification_r", "classification_t")},
    columns=(ServiceListColumn(key="classification", label=_("Classification"), value=_notation,
                               sort="classification"),),
)
