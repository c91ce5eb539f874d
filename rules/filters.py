import django_filters
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
                                  help_text=_("Part of the name, or the external id."))

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
        return queryset.filter(Q(label__icontains=value) | Q(external_id__iexact=value))
