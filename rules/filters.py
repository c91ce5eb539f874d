import django_filters
from django.utils.translation import gettext_lazy as _

from core import registry
from organisations.models import Domain, Organisation
from services.models import Service


def _rule_choices():
    return [(rule.id, f"{rule.id} {rule.text}") for rule in registry.rules()]


class FindingFilter(django_filters.FilterSet):
    """The one filter of the findings: page, API and `styr check` use it. It narrows the services; the rule
    and severity are passed on to the rules (findings are computed, not rows)."""

    rule = django_filters.ChoiceFilter(choices=_rule_choices, method="passed_on", label=_("Rule"))
    severity = django_filters.ChoiceFilter(
        choices=[(registry.BLOCKING, _("blocking")), (registry.WARNING, _("warning"))], method="passed_on",
        label=_("Severity"),
    )
    owner = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(), to_field_name="code", method="by_owner", label=_("Owner")
    )
    domain = django_filters.ModelChoiceFilter(
        queryset=Domain.objects.all(), to_field_name="code", method="by_domain", label=_("Domain")
    )

    class Meta:
        model = Service
        fields = ["rule", "severity", "owner", "domain"]

    def passed_on(self, queryset, name, value: str):  # str: the code, for the OpenAPI description
        return queryset

    def by_owner(self, queryset, name, value: str):  # str: the code, for the OpenAPI description
        return queryset.filter(owner_id=value.pk) if value else queryset

    def by_domain(self, queryset, name, value: str):  # str: the code, for the OpenAPI description
        return queryset.filter(domain__in=[value, *value.sub_areas.all()]) if value else queryset

    @property
    def narrowed(self):
        return bool(self.form.cleaned_data.get("owner") or self.form.cleaned_data.get("domain"))

    def findings(self, today=None, user=None):
        """The findings this filter selects, as `user` may see them (queries.findings); call after is_valid()."""
        from .queries import findings

        data = self.form.cleaned_data
        return findings(today, rule_ids={data["rule"]} if data.get("rule") else None,
                        services=self.qs.values("pk") if self.narrowed else None,
                        severity=data.get("severity") or None, user=user, owner=self.owner_id)

    @property
    def owner_id(self):
        """The owner that narrows the rules over other registers than services (their rows have no domain)."""
        data = self.form.cleaned_data
        return data["owner"].pk if data.get("owner") and not data.get("domain") else None
