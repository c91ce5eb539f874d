import django_filters
from django.db import connections
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core import registry
from core.filters import SuggestFilter
from organisations.models import Domain

from .models import StoredFinding

MAX_SEARCH = 100


def _rule_choices():
    return [(rule.id, f"{rule.id} {rule.text}") for rule in registry.rules()]


def _subject_choices():
    labels = {"service": _("service"), "deviation": _("indicator deviation"), "initiative": _("initiative"),
              "maturity_unit": _("maturity unit")}
    subjects = dict.fromkeys(rule.subject for rule in registry.rules())
    return [(subject, labels.get(subject, subject)) for subject in subjects]


class FindingFilter(django_filters.FilterSet):
    """The one filter of the stored findings (docs/decisions/0034): the findings page, its CSV/XLSX export and
    /api/findings/ use it."""

    rule = django_filters.ChoiceFilter(choices=_rule_choices, label=_("Rule"))
    severity = django_filters.ChoiceFilter(
        choices=[(registry.BLOCKING, _("blocking")), (registry.WARNING, _("warning"))], label=_("Severity"),
    )
    owner = SuggestFilter(kind="organisation", method="by_owner", label=_("Owner"),
                          help_text=_("Type a few letters of the organisation, or its code."))
    domain = django_filters.ModelChoiceFilter(
        queryset=Domain.objects.all(), to_field_name="code", method="by_domain", label=_("Domain")
    )
    subject = django_filters.ChoiceFilter(choices=_subject_choices, label=_("Concerns"))
    q = django_filters.CharFilter(method="search", label=_("Search"), max_length=MAX_SEARCH,
                                  help_text=_("The beginning of the name, or the external id."))

    class Meta:
        model = StoredFinding
        fields = ["rule", "severity", "owner", "domain", "subject", "q"]

    def by_owner(self, queryset, name, value: str):  # str: the code, for the OpenAPI description
        return queryset.filter(owner_id=value.pk) if value else queryset

    def by_domain(self, queryset, name, value: str):  # str: the code, for the OpenAPI description
        if not value:
            return queryset
        return queryset.filter(domain_id__in=[value.pk, *value.sub_areas.values_list("pk", flat=True)])

    def search(self, queryset, name, value: str):
        value = value.replace("\x00", "").strip()
        if not value:
            return queryset
        # The start of the name, on an index (docs/decisions/0036): a part anywhere in the name read every finding
        # of a country's evaluation (0.4 s a search at 100,000 services, seconds with four users).
        key = value.lower()
        if connections[queryset.db].vendor == "postgresql":
            starts = Q(search__startswith=key)  # LIKE 'key%' on the varchar_pattern_ops index
        else:  # SQLite's LIKE ignores case and no index; a range of the lowered text uses the index
            starts = Q(search__gte=key, search__lt=key + "\U0010ffff")
        return queryset.filter(starts | Q(external_id=value))
