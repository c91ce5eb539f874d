"""The one filter per list, shared by the page, the API and the export."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from organisations.models import Organisation

from .models import YEAR_MAX, YEAR_MIN, Deviation, FocusArea, Indicator, IndicatorYear, Outcome, PlanAction

YEAR = {"min_value": YEAR_MIN, "max_value": YEAR_MAX, "decimal_places": 0}


class IndicatorFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"), max_length=100,
                                  help_text=_("Code or name."))
    # A region has tens of organisations and a handful of focus areas: selects serve.
    owner = django_filters.ModelChoiceFilter(queryset=Organisation.objects.all(), to_field_name="code",
                                             label=_("Owner"))
    focus_area = django_filters.ModelChoiceFilter(queryset=FocusArea.objects.all(), to_field_name="code",
                                                  label=_("Focus area"))
    kind = django_filters.ChoiceFilter(choices=Indicator.Kind.choices, label=_("Kind"))
    year = django_filters.NumberFilter(method="in_year", label=_("Year"), **YEAR,
                                       help_text=_("Indicators with a target, forecast or outcome that year."))

    class Meta:
        model = Indicator
        fields = ["q", "owner", "focus_area", "kind", "year"]

    def search(self, queryset, name, value):
        value = value.strip().replace("\x00", "")
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value)) if value else queryset

    def in_year(self, queryset, name, value: int):
        if value is None:
            return queryset
        return queryset.filter(Exists(IndicatorYear.objects.filter(indicator=OuterRef("pk"), year=value))
                               | Exists(Outcome.objects.filter(indicator=OuterRef("pk"), year=value)))


class DeviationFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="year", label=_("Year"), **YEAR)
    owner = django_filters.ModelChoiceFilter(queryset=Organisation.objects.all(), to_field_name="code",
                                             field_name="indicator__owner", label=_("Owner"))
    status = django_filters.ChoiceFilter(choices=Deviation.Status.choices, label=_("Status"))
    without_plan = django_filters.BooleanFilter(method="by_plan", label=_("Without an action plan"),
                                                widget=django_filters.widgets.BooleanWidget)
    indicator = django_filters.NumberFilter(field_name="indicator_id", label=_("Indicator (id)"), min_value=1,
                                            max_value=2**63 - 1, decimal_places=0)

    class Meta:
        model = Deviation
        fields = ["year", "owner", "status", "without_plan", "indicator"]

    def by_plan(self, queryset, name, value: bool):
        if value is None:
            return queryset
        has_action = Exists(PlanAction.objects.filter(deviation=OuterRef("pk")))
        return queryset.exclude(has_action) if value else queryset.filter(has_action)
