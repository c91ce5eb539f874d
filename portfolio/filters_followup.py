"""The one FilterSet of the benefit follow-up: its page, the API's list of outcomes' initiatives and the export."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from organisations.models import Organisation

from .models import Initiative
from .rules_followup import unmeasured_benefits

FOLLOWED = [Initiative.Status.DECIDED, Initiative.Status.IN_PROGRESS, Initiative.Status.DONE]


def _search(queryset, name, value):
    value = (value or "").replace("\x00", "").strip()[:100]
    return queryset.filter(Q(code__istartswith=value) | Q(title__icontains=value)) if value else queryset


def _unmeasured(queryset, name, value):
    if value is None:
        return queryset
    found = Exists(unmeasured_benefits().filter(initiative=OuterRef("pk")))
    return queryset.filter(found if value else ~found)


class FollowupFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method=_search, label=_("Code or title"))
    owner = django_filters.ModelChoiceFilter(to_field_name="code", queryset=Organisation.objects.order_by("code"),
                                             label=_("Owner"))
    status = django_filters.ChoiceFilter(choices=[(s, Initiative.Status(s).label) for s in FOLLOWED],
                                         label=_("Status"))
    unmeasured = django_filters.BooleanFilter(method=_unmeasured, widget=forms.NullBooleanSelect,
                                              label=_("A benefit not measured since the last status change"))

    class Meta:
        model = Initiative
        fields = ["q", "owner", "status", "unmeasured"]
