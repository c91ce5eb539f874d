"""The one filter of cost lines (page, API and export) and of funding models (page): services and owners are
typed with suggestions or given by id / code, never picked from a select of the whole register."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from services.queries import ownership_on

from .forms import OrganisationPick, ServicePick
from .models import CostLine, CostType, Figure, FundingModel

YEAR = {"min_value": 2000, "max_value": 2100, "decimal_places": 0}


class ServiceFilter(django_filters.Filter):
    field_class = ServicePick

    def filter(self, queryset, value):
        return queryset if value is None else queryset.filter(service=value)


@extend_schema_field(OpenApiTypes.STR)
class OwnerFilter(django_filters.Filter):
    """Lines of the services the organisation owns today."""

    field_class = OrganisationPick

    def filter(self, queryset, value):
        if value is None:
            return queryset
        return queryset.filter(service__in=ownership_on().filter(organisation=value).values("service_id"))


class CostLineFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("Year"), **YEAR)
    figure = django_filters.ChoiceFilter(choices=Figure.choices, label=_("Budget or outcome"))
    service = ServiceFilter(label=_("Service"), required=False,
                            help_text=_("Its name with suggestions, its external id, or (in the API) its id."))
    owner = OwnerFilter(label=_("Owner"), required=False, help_text=_("The owning organisation's name or code."))
    cost_type = django_filters.ChoiceFilter(choices=CostType.choices, label=_("Cost type"))

    class Meta:
        model = CostLine
        fields = ["year", "figure", "service", "owner", "cost_type"]


class FundingModelFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("Year"), **YEAR)
    method = django_filters.ChoiceFilter(choices=FundingModel.Method.choices, label=_("Funding model"))
    service = ServiceFilter(label=_("Service"), required=False)

    class Meta:
        model = FundingModel
        fields = ["year", "method", "service"]
