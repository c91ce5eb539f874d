"""The one FilterSet of the ranking: the page, the API and the CSV/XLSX export narrow the region's ranked list with
it (per focus area, per proposing board, above or below the line, by text). It narrows the initiatives; positions
stay those of the whole region's ranking, so a board's view shows where its initiatives stand among all."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from indicators.models import FocusArea
from organisations.models import Organisation

from .models import Initiative

LINE_CHOICES = [("above", _("Above the line")), ("below", _("Below the line"))]


def _search(queryset, name, value):
    value = (value or "").replace("\x00", "").strip()[:100]
    return queryset.filter(Q(code__istartswith=value) | Q(title__icontains=value)) if value else queryset


class RankingFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method=_search, label=_("Code or title"))
    focus_area = django_filters.ModelChoiceFilter(field_name="focus_areas", to_field_name="code",
                                                  queryset=FocusArea.objects.order_by("order", "code"),
                                                  label=_("Focus area"))
    proposer = django_filters.ModelChoiceFilter(to_field_name="code", queryset=Organisation.objects.order_by("code"),
                                                label=_("Proposed by"))
    # Applied to the ranked rows, not to the query: the line is known only once the whole list is ranked.
    line = django_filters.ChoiceFilter(choices=LINE_CHOICES, method=lambda queryset, name, value: queryset,
                                       label=_("Line"))

    class Meta:
        model = Initiative
        fields = ["q", "focus_area", "proposer", "line"]
