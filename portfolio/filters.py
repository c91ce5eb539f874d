"""The one filter of initiatives: the list page, the API and the CSV/XLSX export."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from indicators.models import FocusArea
from organisations.models import Organisation

from .models import Initiative, NeedOf

ID = {"min_value": 1, "max_value": 2**63 - 1, "decimal_places": 0}


def _clean_text(value):
    return (value or "").replace("\x00", "").strip()[:200]


class InitiativeFilter(django_filters.FilterSet):
    """Organisations are named by code (a select of the register's organisations would grow with it); a service by
    its id. The free text looks in the code, title, need and funding."""

    q = django_filters.CharFilter(method="by_text", label=_("Search"), max_length=200,
                                  help_text=_("Part of the code, title or need."))
    status = django_filters.ChoiceFilter(choices=Initiative.Status.choices, label=_("Status"))
    owner = django_filters.CharFilter(method="by_owner", label=_("Owner (code)"), max_length=40)
    proposer = django_filters.CharFilter(method="by_proposer", label=_("Proposed by (code)"), max_length=40)
    focus_area = django_filters.ModelChoiceFilter(field_name="focus_areas", queryset=FocusArea.objects.all(),
                                                  to_field_name="code", label=_("Focus area"))
    need_of = django_filters.ChoiceFilter(choices=NeedOf.choices, label=_("Whose need"))
    service = django_filters.NumberFilter(field_name="service_links__service_id", label=_("Service (id)"),
                                          distinct=True, **ID)

    class Meta:
        model = Initiative
        fields = ["q", "status", "owner", "proposer", "focus_area", "need_of", "service"]

    def _organisation(self, queryset, field, value):
        value = _clean_text(value)
        if not value:
            return queryset
        return queryset.filter(**{f"{field}__in": Organisation.objects.filter(code__iexact=value).values("pk")})

    def by_owner(self, queryset, name, value):
        return self._organisation(queryset, "owner_id", value)

    def by_proposer(self, queryset, name, value):
        return self._organisation(queryset, "proposer_id", value)

    def by_text(self, queryset, name, value):
        value = _clean_text(value)
        if not value:
            return queryset
        return queryset.filter(Q(code__icontains=value) | Q(title__icontains=value) | Q(need__icontains=value)
                               | Q(funding__icontains=value))
