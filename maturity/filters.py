"""One FilterSet per list: the page, the API and the export filter alike."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organisations.models import Organisation

from .models import MaturityModel, Result, Round, Unit


def _search(queryset, name, value):
    value = (value or "").replace("\x00", "").strip()[:100]
    return queryset.filter(Q(code__istartswith=value) | Q(name__icontains=value)) if value else queryset


class ModelFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method=_search, label=_("Code or name"), max_length=100)

    class Meta:
        model = MaturityModel
        fields = ["q"]


class RoundFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Name"), max_length=100)
    model = django_filters.CharFilter(field_name="model__code", label=_("Model (code)"), max_length=40)
    status = django_filters.ChoiceFilter(choices=Round.Status.choices, label=_("Status"))

    class Meta:
        model = Round
        fields = ["q", "model", "status"]


class UnitFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method=_search, label=_("Code or name"), max_length=100)
    organisation = django_filters.ModelChoiceFilter(queryset=Organisation.objects.all(), label=_("Organisation"))

    class Meta:
        model = Unit
        fields = ["q", "organisation"]


class ResultFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(method="by_level", label=_("Level"), choices=[
        ("point", _("Measurement point")), ("category", _("Category")), ("dimension", _("Dimension")),
        ("total", _("Total"))])
    unit = django_filters.CharFilter(field_name="unit__code", label=_("Unit (code)"), max_length=60)

    class Meta:
        model = Result
        fields = ["round", "level", "unit"]

    def by_level(self, queryset, name, value):
        empty = {"point__isnull": True, "category__isnull": True, "dimension__isnull": True}
        if value == "total":
            return queryset.filter(**empty)
        return queryset.filter(**{**empty, f"{value}__isnull": False})
