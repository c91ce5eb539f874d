"""Filters of information security's lists."""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from core import access
from services.filters import extended
from services.models import Service

from .models import InformationType, PersonalData
from .service_list import LevelFilter, _at_least, _classified


class ClassificationFilter(django_filters.FilterSet):
    """The region's classifications (/sakerhet/ and the export of information types): services with their
    letters. The personal-data filter looks only at information the reader may see, so it tells nothing of a
    service whose details are hidden from them."""

    q = django_filters.CharFilter(method="search", label=_("Search"), max_length=200)
    confidentiality_min = LevelFilter(method=_at_least("confidentiality"), label=_("Confidentiality at least"),
                                      min_value=0, max_value=99)
    integrity_min = LevelFilter(method=_at_least("integrity"), label=_("Integrity at least"), min_value=0,
                                max_value=99)
    availability_min = LevelFilter(method=_at_least("availability"), label=_("Availability at least"),
                                   min_value=0, max_value=99)
    classified = django_filters.BooleanFilter(method=_classified, label=_("Classified"))
    personal_data = django_filters.ChoiceFilter(
        method="by_personal_data", label=_("Personal data"),
        choices=[("any", _("Any personal data")), *PersonalData.choices])

    class Meta:
        model = Service
        fields = ["q"]

    def __init__(self, data=None, queryset=None, **kwargs):
        queryset = extended(queryset if queryset is not None else Service.objects.all()).select_related(
            "classification__classified_by").order_by("name", "pk")
        super().__init__(data, queryset=queryset, **kwargs)

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(name__icontains=value) if value else queryset

    def by_personal_data(self, queryset, name, value):
        if not value:
            return queryset
        information = InformationType.objects.filter(service=OuterRef("pk"))
        if value == "any":
            information = information.exclude(personal_data=PersonalData.NONE, personal_identity_numbers=False)
        else:
            information = information.filter(personal_data=value)
        user = getattr(self.request, "user", None)
        return queryset.filter(Exists(access.visible_to(user, information)))
