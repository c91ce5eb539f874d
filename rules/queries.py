"""Running the registered rules: counts, per-owner counts and findings, each a few set-based queries per
rule. Shared by the pages, the API, `styr check` and the snapshot."""

import datetime
from collections import Counter

from django.db.models import Count, F, FilteredRelation, OuterRef, Sum

from core import access, registry
from core.registry import BLOCKING, WARNING  # noqa: F401 — re-exported for templates and commands
from services.queries import in_force, ownership_on

from .models import RuleSnapshot


def _current_owner(today, field):
    return ownership_on(today).filter(service=OuterRef("pk")).values(field)[:1]


def counts(today=None, services=None, owner=None):
    """[(rule, applicable, failing)] for all rules, optionally within a set of services (e.g. one owner's).
    `owner` (an organisation id) narrows the rules over other registers than services (_narrowed)."""
    today = today or datetime.date.today()
    result = []
    for rule in registry.rules():
        if not rule.about_services:
            result.append((rule, *_subject_counts(rule, today, services, owner)))
            continue
        applicable, failing = rule.applicable(today), rule.failing(today)
        if services is not None:
            applicable, failing = applicable.filter(pk__in=services), failing.filter(pk__in=services)
        result.append((rule, applicable.count(), failing.count()))
    return result


def counts_by_owner(today=None):
    """(rule id, owner id, applicable, failing) for every rule and owner: two grouped queries per rule."""
    today = today or datetime.date.today()
    rows = []
    for rule in registry.rules():
        if rule.skipped:
            continue
        if not rule.about_services:
            rows.extend(_subject_counts_by_owner(rule, today))
            continue

        def grouped(services):
            return dict(services.annotate(owner=_current_owner(today, "organisation_id")).order_by()
                        .values("owner").annotate(n=Count("pk")).values_list("owner", "n"))

        applicable, failing = grouped(rule.applicable(today)), grouped(rule.failing(today))
        rows.extend((rule.id, owner, n, failing.get(owner, 0)) for owner, n in applicable.items())
    return rows


def findings(today=None, rule_ids=None, services=None, severity=None, user=None, owner=None):
    """Every (rule, service) that breaks a rule, as dicts ready for a page, the API or JSON. Given a `user`,
    a rule whose findings reveal security details (Rule.detail) leaves out the services shielded from them
    (core.access); without one (the command line, the snapshot) every finding is listed."""
    today = today or datetime.date.today()
    hidden = access.shielded_services(user) if user is not None else None
    result = []
    for rule in registry.rules():
        if rule.skipped or (rule_ids and rule.id not in rule_ids) or (severity and rule.severity != severity):
            continue
        if not rule.about_services:
            result.extend(_subject_findings(rule, today, services, owner))
            continue
        failing = rule.failing(today)
        if services is not None:
            failing = failing.filter(pk__in=services)
        if rule.detail and hidden is not None:
            failing = failing.exclude(pk__in=hidden)
        # The owner joined once (ownership periods never overlap: at most one row per service), not looked up
        # by a correlated subquery per finding and column.
        failing = failing.alias(
            open_ownership=FilteredRelation("ownerships", condition=in_force(today, "ownerships__")),
        ).annotate(
            owner_code=F("open_ownership__organisation__code"),
            owner_name=F("open_ownership__organisation__name"),
        ).values("pk", "name", "external_id", "owner_code", "owner_name", "domain__code", "domain__name")
        result.extend(
            {"rule": rule.id, "severity": rule.severity, "text": rule.text, "source": rule.source,
             "subject": "service", "subject_id": row["pk"], "label": row["name"], "link": None,
             "service_id": row["pk"], "service": row["name"], "external_id": row["external_id"],
             "owner": row["owner_code"], "owner_name": row["owner_name"], "domain": row["domain__code"],
             "domain_name": row["domain__name"]}
            for row in failing.order_by("name").iterator(chunk_size=5000)
        )
    return result


def counts_and_findings(today=None, services=None, rule_ids=None, owner=None):
    """counts() and findings() together, as `styr check` reports them, for the rules in rule_ids (all): a rule's
    failing count is the number of its findings, so each rule's failing query runs once, not twice (findings
    has one row per failing service: the owner and domain joins are to at most one row)."""
    today = today or datetime.date.today()
    found = findings(today, rule_ids=rule_ids, services=services, owner=owner)
    failing = Counter(f["rule"] for f in found)
    result = []
    for rule in registry.rules():
        if rule_ids and rule.id not in rule_ids:
            continue
        if not rule.about_services:
            applicable = _narrowed(rule, rule.applicable(today), services, owner).count()
            result.append((rule, applicable, failing[rule.id]))
            continue
        applicable = rule.applicable(today)
        if services is not None:
            applicable = applicable.filter(pk__in=services)
        if rule.skipped:  # findings() leaves skipped rules out; their count is asked as counts() asks it
            failing_query = rule.failing(today)
            n = (failing_query.filter(pk__in=services) if services is not None else failing_query).count()
        else:
            n = failing[rule.id]
        result.append((rule, applicable.count(), n))
    return result, found


def share(applicable, failing):
    return None if not applicable else round(100 * (applicable - failing) / applicable)


def trend(days=30):
    """(day, applicable, failing, share) of the last `days` snapshots, oldest first."""
    totals = {day: (a, f) for day, a, f in RuleSnapshot.objects.values_list("taken_on").annotate(
        a=Sum("applicable"), f=Sum("failing")).order_by("-taken_on")[:days]}
    return [(day, a, f, share(a, f)) for day, (a, f) in sorted(totals.items())]


def latest_counts():
    """The latest snapshot's [(rule, applicable, failing)] and its date; live counts when there is none."""
    latest = RuleSnapshot.objects.order_by("-taken_on").values_list("taken_on", flat=True).first()
    if latest is None:
        return counts(), None
    totals = {rule: (a, f) for rule, a, f in RuleSnapshot.objects.filter(taken_on=latest).values_list("rule")
              .annotate(a=Sum("applicable"), f=Sum("failing")).values_list("rule", "a", "f")}
    return [(r, *totals.get(r.id, (0, 0))) for r in registry.rules()], latest


# Rules over other registers than services (Rule.subject, docs/decisions/0016): an indicator's deviations. Their
# rows have an owner but no service, domain or security details.

def _narrowed(rule, rows, services, owner):
    """`owner` (an organisation id) narrows the rows to that owner's. Narrowed to a set of services without an
    owner (a domain's scorecard, a service's panel), a rule over another register has nothing to say."""
    if owner is not None:
        return rows.filter(**{rule.owner: owner})
    return rows.none() if services is not None else rows


def _subject_counts(rule, today, services, owner):
    return (_narrowed(rule, rule.applicable(today), services, owner).count(),
            _narrowed(rule, rule.failing(today), services, owner).count())


def _subject_counts_by_owner(rule, today):
    def grouped(rows):
        return dict(rows.order_by().values(rule.owner).annotate(n=Count("pk")).values_list(rule.owner, "n"))

    applicable, failing = grouped(rule.applicable(today)), grouped(rule.failing(today))
    return [(rule.id, owner, n, failing.get(owner, 0)) for owner, n in applicable.items()]


def _subject_findings(rule, today, services, owner):
    failing = _narrowed(rule, rule.failing(today), services, owner)
    return [
        {"rule": rule.id, "severity": rule.severity, "text": rule.text, "source": rule.source,
         "subject": rule.subject, "subject_id": row["id"], "label": row["label"], "link": row["link"],
         "service_id": None, "service": None, "external_id": None, "owner": row["owner"],
         "owner_name": row["owner_name"], "domain": None, "domain_name": None}
        for row in rule.describe(failing)
    ]
