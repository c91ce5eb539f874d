import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organisations.models import Organisation

from .models import Decision


class DecisionFilter(django_filters.FilterSet):
    """The one filter of the decision list: page and API."""

    q = django_filters.CharFilter(method="search", label=_("Search"))
    body = django_filters.ModelChoiceFilter(queryset=Organisation.objects.all(), to_field_name="code",
                                            label=_("Deciding body"))
    # Bounded as a date's year is: a larger one would end in an OverflowError (500) instead of a 400.
    year = django_filters.NumberFilter(field_name="decided_on", lookup_expr="year", label=_("Year"),
                                       min_value=1, max_value=9999, decimal_places=0)

    class Meta:
        model = Decision
        fields = ["q", "body", "year"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(registry_number__icontains=value) | Q(title__icontains=value))
