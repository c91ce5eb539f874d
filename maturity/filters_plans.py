"""The one filter of action plans (page, API, export)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import ActionPlan, Activity, Round

# An id is a whole number the database can hold: a larger one or a fraction is the client's mistake (400).
ID = {"min_value": 1, "max_value": 2**63 - 1, "decimal_places": 0}


class PlanFilter(django_filters.FilterSet):
    round = django_filters.ModelChoiceFilter(queryset=Round.objects.order_by("-period_end"), label=_("Round"))
    unit = django_filters.CharFilter(method="by_unit", label=_("Unit (code or name)"), max_length=200)
    organisation = django_filters.CharFilter(method="by_owner", label=_("Owner (code or name)"), max_length=200)
    status = django_filters.ChoiceFilter(method="by_status", choices=Activity.Status.choices,
                                         label=_("Has activities with status"))
    level = django_filters.ChoiceFilter(method="by_level", choices=Activity.Level.choices,
                                        label=_("Has activities done"))
    region_wide = django_filters.BooleanFilter(field_name="unit", lookup_expr="isnull", label=_("Region-wide"))

    class Meta:
        model = ActionPlan
        fields = ["round", "unit", "organisation", "status", "level", "region_wide"]

    def by_unit(self, queryset, name, value):
        value = (value or "").replace("\x00", "").strip()[:200]
        if not value:
            return queryset
        return queryset.filter(unit__code__iexact=value) | queryset.filter(unit__name__icontains=value)

    def by_owner(self, queryset, name, value):
        value = (value or "").replace("\x00", "").strip()[:200]
        if not value:
            return queryset
        return queryset.filter(owner__code__iexact=value) | queryset.filter(owner__name__icontains=value)

    def by_status(self, queryset, name, value):
        return queryset.filter(pk__in=Activity.objects.filter(status=value).values("plan_id")) if value else queryset

    def by_level(self, queryset, name, value):
        return queryset.filter(pk__in=Activity.objects.filter(level=value).values("plan_id")) if value else queryset
