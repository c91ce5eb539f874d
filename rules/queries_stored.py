"""Reading the stored evaluation (docs/decisions/0034): what the rules, findings and scorecard pages, the
overview and the API show. A few indexed queries whatever the register's size; nothing here runs a rule."""

from collections import defaultdict

from django.db.models import Sum

from core import access, registry

from .models import StoredCount, StoredFinding


def share(applicable, failing):
    return None if not applicable else round(100 * (applicable - failing) / applicable)


def counts(evaluation, owner=None, domains=None):
    """[(rule, applicable, failing)] for every registered rule, as stored: region-wide, or an owner's (an
    organisation id: its services and its rows of other registers), or within domains (ids: services only)."""
    if evaluation is None:
        return [(rule, 0, 0) for rule in registry.rules()]
    rows = StoredCount.objects.filter(evaluation=evaluation)
    if owner is not None:
        rows = rows.filter(owner_id=owner)
    if domains is not None:
        rows = rows.filter(domain_id__in=list(domains))
    totals = {rule: (a, f) for rule, a, f in rows.order_by().values_list("rule").annotate(
        a=Sum("applicable"), f=Sum("failing")).values_list("rule", "a", "f")}
    return [(rule, *totals.get(rule.id, (0, 0))) for rule in registry.rules()]


def counts_by_owner(evaluation):
    """{owner id: (applicable, failing)} over all rules: the rules page's scorecards per owner."""
    if evaluation is None:
        return {}
    return {owner: (a, f) for owner, a, f in StoredCount.objects.filter(evaluation=evaluation, owner_id__isnull=False)
            .order_by().values_list("owner_id").annotate(a=Sum("applicable"), f=Sum("failing"))}


def findings(evaluation, user=None):
    """The stored findings `user` may see, in the list's order (rule, then name). A rule whose findings reveal
    security details (Rule.detail) leaves out the services shielded from the user (core.access)."""
    if evaluation is None:
        return StoredFinding.objects.none()
    rows = StoredFinding.objects.filter(evaluation=evaluation)
    if user is not None:
        hidden = access.shielded_services(user)
        if hidden is not None:
            rows = rows.exclude(detail=True, service_id__in=hidden)
    return rows.order_by("id")


def known_total(evaluation, user):
    """How many findings `user` sees unfiltered, when the evaluation knows it without counting (nothing is
    shielded from them), else None: a count of every finding is 25 ms a page at 100,000 services."""
    if evaluation is None:
        return 0
    return evaluation.findings if access.shielded_services(user) is None else None


SUBJECTS = {"service": "service", "deviation": "indicator deviation", "initiative": "initiative",
            "maturity_unit": "maturity unit"}


def rule_of(finding):
    return registry.RULES.get(finding.rule)


def as_dict(finding, as_of=None):
    """A stored finding as the API, the export and `styr check --json` name its parts."""
    rule = rule_of(finding)
    service = finding.subject == "service"
    return {"rule": finding.rule, "severity": finding.severity, "text": rule.text if rule else "",
            "source": rule.source if rule else "", "reason": rule.reason_text if rule else "",
            "subject": finding.subject, "subject_id": finding.subject_id, "label": finding.label,
            "link": finding.link or None, "service_id": finding.service_id,
            "service": finding.label if service else None, "external_id": finding.external_id or None,
            "owner": finding.owner_code or None, "owner_name": finding.owner_name or None,
            "domain": finding.domain_code or None, "domain_name": finding.domain_name or None, "as_of": as_of}


EXPORT_COLUMNS = ["rule", "severity", "reason", "subject", "subject_id", "label", "external_id", "owner",
                  "owner_name", "domain", "domain_name", "link", "text", "source", "as_of"]


def export_rows(rows, as_of, chunk=5000):
    for finding in rows.iterator(chunk_size=chunk):
        found = as_dict(finding, as_of)
        yield [found[column] for column in EXPORT_COLUMNS]


def severity_counts(evaluation):
    """{severity: failing} over all rules: the overview's cards."""
    result = defaultdict(int)
    for rule, _applicable, failing in counts(evaluation):
        result[rule.severity] += failing
    return result
