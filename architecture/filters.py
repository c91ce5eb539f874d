"""The one filter of integrations (page, API, export) and the filter of dependencies (API)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from services.models import Service

from .models import Dependency, Integration, ServiceContract

# An id is a whole number the database can hold: a larger one, a fraction or "1e300" is the client's mistake
# (400), not an OverflowError (500).
ID = {"min_value": 1, "max_value": 2**63 - 1, "decimal_places": 0}


def _clean_text(value):
    return (value or "").replace("\x00", "").strip()[:200]


class IntegrationFilter(django_filters.FilterSet):
    """Services are named by id, not picked from a select: a select would list the whole register. The free text
    looks in the names of both ends and of the platform, in what the integration carries and in its contracts."""

    q = django_filters.CharFilter(method="by_text", label=_("Search"), max_length=200,
                                  help_text=_("A service's name, what is carried, or a service contract."))
    kind = django_filters.ChoiceFilter(choices=Integration.Kind.choices, label=_("Kind"))
    phase = django_filters.ChoiceFilter(choices=Integration.Phase.choices, label=_("Phase"))
    criticality = django_filters.ChoiceFilter(choices=Service.Criticality.choices, label=_("Criticality"))
    needed = django_filters.BooleanFilter(label=_("Needed by the consumer"))
    service = django_filters.NumberFilter(method="by_service", label=_("Service, either end (id)"), **ID)
    producer = django_filters.NumberFilter(field_name="producer_id", label=_("Producer (id)"), **ID)
    consumer = django_filters.NumberFilter(field_name="consumer_id", label=_("Consumer (id)"), **ID)
    platform = django_filters.NumberFilter(field_name="platform_id", label=_("Service platform (id)"), **ID)
    contract = django_filters.CharFilter(method="by_contract", label=_("Service contract contains"), max_length=300,
                                         help_text=_("Part of a contract's name, e.g. GetCareDocumentation."))
    ordering = django_filters.OrderingFilter(
        fields=(("producer__name", "producer"), ("consumer__name", "consumer"), ("kind", "kind"),
                ("criticality", "criticality"), ("phase", "phase")),
        label=_("Sort by"),
    )

    class Meta:
        model = Integration
        fields = ["q", "kind", "phase", "criticality", "needed", "service", "producer", "consumer", "platform",
                  "contract"]

    def by_service(self, queryset, name, value):
        return queryset if value is None else queryset.filter(Q(producer_id=value) | Q(consumer_id=value))

    def by_contract(self, queryset, name, value: str):
        value = _clean_text(value)
        if not value:
            return queryset
        return queryset.filter(pk__in=ServiceContract.objects.filter(urn__icontains=value).values("integration_id"))

    def by_text(self, queryset, name, value: str):
        value = _clean_text(value)
        if not value:
            return queryset
        # The services matched once (a scan of the register's names), then the integrations by their indexes.
        named = Service.objects.filter(name__icontains=value).values("pk")
        contracts = ServiceContract.objects.filter(urn__icontains=value).values("integration_id")
        return queryset.filter(Q(producer_id__in=named) | Q(consumer_id__in=named) | Q(platform_id__in=named)
                               | Q(carries__icontains=value) | Q(pk__in=contracts))


class DependencyFilter(django_filters.FilterSet):
    service = django_filters.NumberFilter(field_name="service_id", label=_("Service (id)"), **ID)
    depends_on = django_filters.NumberFilter(field_name="depends_on_id", label=_("Depends on (id)"), **ID)

    class Meta:
        model = Dependency
        fields = ["service", "depends_on"]
