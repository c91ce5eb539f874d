import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organisations.models import Domain, Organisation

from .models import Category, Service


class ServiceFilter(django_filters.FilterSet):
    """The one filter of the service list: the web page, the API and the export all use it."""

    q = django_filters.CharFilter(method="search", label=_("Search"))
    owner = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(), to_field_name="code", method="by_owner", label=_("Owner")
    )
    domain = django_filters.ModelChoiceFilter(
        queryset=Domain.objects.all(), to_field_name="code", label=_("Responsibility domain")
    )
    # Each of these filters on a column of the service row itself or joins at most one row per
    # service, so no DISTINCT: on 100,000 services it made every count a full sort.
    phase = django_filters.MultipleChoiceFilter(
        choices=Service.Phase.choices, label=_("Lifecycle phase"), distinct=False
    )
    kind = django_filters.MultipleChoiceFilter(choices=Service.Kind.choices, label=_("Kind"), distinct=False)
    criticality = django_filters.ChoiceFilter(choices=Service.Criticality.choices, label=_("Criticality"))
    category = django_filters.ModelChoiceFilter(
        queryset=Category.objects.select_related("scheme"), field_name="categories", label=_("Category"),
        distinct=False,
    )
    without_owner = django_filters.BooleanFilter(method="by_missing_owner", label=_("Without owner"))
    ordering = django_filters.OrderingFilter(
        fields=(
            ("name", "name"), ("short_name", "short_name"), ("phase", "phase"), ("kind", "kind"),
            ("owner_name", "owner"), ("domain__name", "domain"), ("criticality", "criticality"),
        ),
        label=_("Sort by"),
    )

    class Meta:
        model = Service
        fields = ["q", "owner", "domain", "phase", "kind", "criticality", "category"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value) | Q(short_name__icontains=value)
            | Q(description__icontains=value) | Q(external_id=value) | Q(supplier__icontains=value)
        )

    def by_owner(self, queryset, name, value: str):  # str: the code, for the OpenAPI description
        return queryset.filter(owner_id=value.pk) if value else queryset

    def by_missing_owner(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(owner_id__isnull=value)
