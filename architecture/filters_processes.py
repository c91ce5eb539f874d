import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from services.models import Service

from .models import Process


def _search(queryset, name, value):
    value = (value or "").replace("\x00", "").strip()
    return queryset.filter(Q(code__istartswith=value) | Q(name__icontains=value)) if value else queryset


def _leaf(queryset, name, value):
    if value is None:
        return queryset
    return queryset.filter(children__isnull=value).distinct()


class ProcessFilter(django_filters.FilterSet):
    """The API's filters of the process map."""

    q = django_filters.CharFilter(method=_search, label=_("Code or name"))
    kind = django_filters.ChoiceFilter(choices=Process.Kind.choices, label=_("Kind"))
    parent = django_filters.CharFilter(field_name="parent__code", label=_("Part of (code)"))
    leaf = django_filters.BooleanFilter(method=_leaf, label=_("Without sub-processes"),
                                        widget=forms.NullBooleanSelect)
    service = django_filters.ModelChoiceFilter(field_name="services", queryset=Service.objects.all(),
                                               label=_("Supported by service"))

    class Meta:
        model = Process
        fields = ["q", "kind", "parent", "leaf", "service"]
