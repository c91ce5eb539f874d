import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organisations.models import Organisation
from services.queries import ownership_on

from . import risks
from .models import Risk, RiskAnalysis

# An id is a whole number the database can hold: a larger one, a fraction or "1e300" is the client's mistake
# (400), not an OverflowError (500). A level or a value is a small whole number.
ID = {"min_value": 1, "max_value": 2**63 - 1, "decimal_places": 0}
LEVEL = {"min_value": 0, "max_value": 32767, "decimal_places": 0}


def _owned_by(queryset, path, organisation):
    owned = ownership_on(datetime.date.today()).filter(organisation=organisation).values("service_id")
    return queryset.filter(**{f"{path}__in": owned})


class RiskFilter(django_filters.FilterSet):
    """The one filter of the region's risk list: page, export, API; the matrix's cells link into it."""

    # By id, not a select: a select would list every service in the register.
    service = django_filters.NumberFilter(field_name="analysis__service_id", label=_("Service (id)"), **ID)
    analysis = django_filters.NumberFilter(field_name="analysis_id", label=_("Risk analysis (id)"), **ID)
    # Typed as its code, not picked from a select: the organisations grow with the register.
    owner = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(), to_field_name="code", method="by_owner",
        label=_("Owning organisation"), widget=forms.TextInput,
        help_text=_("The organisation's code, e.g. HSN."),
    )
    treatment = django_filters.ChoiceFilter(choices=Risk.Treatment.choices, label=_("Treatment"))
    status = django_filters.ChoiceFilter(choices=Risk.Status.choices, label=_("Status"))
    min_value = django_filters.NumberFilter(field_name="value", lookup_expr="gte", label=_("Risk value at least"),
                                            **LEVEL)
    likelihood = django_filters.NumberFilter(label=_("Likelihood"), **LEVEL)
    consequence = django_filters.NumberFilter(label=_("Consequence"), **LEVEL)
    after_likelihood = django_filters.NumberFilter(method="by_after", label=_("Likelihood after treatment"), **LEVEL)
    after_consequence = django_filters.NumberFilter(method="by_after", label=_("Consequence after treatment"),
                                                    **LEVEL)
    overdue = django_filters.BooleanFilter(method="by_overdue", label=_("Overdue"),
                                           help_text=_("Due date passed and the measure not done."))
    ordering = django_filters.OrderingFilter(
        fields=(("value", "value"), ("likelihood", "likelihood"), ("consequence", "consequence"),
                ("due_date", "due_date"), ("status", "status"), ("analysis__service__name", "service")),
        label=_("Sort by"),
    )

    class Meta:
        model = Risk
        fields = ["service", "analysis", "owner", "treatment", "status", "min_value", "likelihood", "consequence",
                  "after_likelihood", "after_consequence", "overdue"]

    def by_owner(self, queryset, name, value: str):  # str: the code, for the OpenAPI description
        return _owned_by(queryset, "analysis__service_id", value) if value else queryset

    def by_after(self, queryset, name, value):
        if value is None:
            return queryset
        if "after_likelihood" not in queryset.query.annotations:
            queryset = risks.with_after_treatment(queryset)
        return queryset.filter(**{name: value})

    def by_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = Q(due_date__lt=datetime.date.today()) & ~Q(status=Risk.Status.DONE)
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


class RiskAnalysisFilter(django_filters.FilterSet):
    """The one filter of risk analyses: the API."""

    service = django_filters.NumberFilter(field_name="service_id", label=_("Service (id)"), **ID)
    # Typed as its code, not picked from a select: the organisations grow with the register.
    owner = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(), to_field_name="code", method="by_owner",
        label=_("Owning organisation"), widget=forms.TextInput,
        help_text=_("The organisation's code, e.g. HSN."),
    )
    due_for_review = django_filters.BooleanFilter(method="by_review", label=_("Due for review"),
                                                  help_text=_("The review date has passed."))

    class Meta:
        model = RiskAnalysis
        fields = ["service", "owner", "due_for_review"]

    def by_owner(self, queryset, name, value: str):  # str: the code, for the OpenAPI description
        return _owned_by(queryset, "service_id", value) if value else queryset

    def by_review(self, queryset, name, value):
        if value is None:
            return queryset
        passed = Q(review_by__lt=datetime.date.today())
        return queryset.filter(passed) if value else queryset.exclude(passed)
