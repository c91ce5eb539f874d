"""The region's rules as checks. Each rule is one set-based query over all services: the services it
applies to, and among them those that break it. Nothing here loops over services in Python.

The rules about the register itself live here; lifecycle and costs register theirs (see register())."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from services.models import Consumer, Ownership, RoleAssignment, Service

from .models import Exemption

BLOCKING, WARNING = "blocking", "warning"
Phase = Service.Phase
ACTIVE = ~Q(phase__in=[Phase.DECOMMISSIONED, Phase.ARCHIVED])


@dataclass(frozen=True)
class Rule:
    id: str
    text: str
    source: str
    severity: str
    applies: Callable[[datetime.date], QuerySet]
    breaks: Callable[[QuerySet, datetime.date], QuerySet]
    skipped: str = ""

    def applicable(self, today):
        return self.applies(today)

    def failing(self, today):
        return self.breaks(self.applies(today), today)


def _open_ownership():
    return Ownership.objects.filter(service=OuterRef("pk"), valid_to__isnull=True)


def in_production(today):
    return Service.objects.filter(phase=Phase.IN_PRODUCTION)


RULES = [
    Rule("R01-AGARE", "Varje digital tjänst som passerat planering har exakt en utpekad ägare.", "000 §3.1",
         BLOCKING,
         lambda today: Service.objects.exclude(phase=Phase.PLANNED),
         lambda services, today: services.exclude(Exists(_open_ownership()))),
    Rule("R02-FORVALTNINGSLEDARE", "Varje digital tjänst har en förvaltningsledare.", "000 §3.1, 000 §3.5",
         WARNING,
         lambda today: Service.objects.filter(ACTIVE),
         lambda services, today: services.exclude(Exists(RoleAssignment.objects.filter(
             service=OuterRef("pk"), role=RoleAssignment.Role.SERVICE_MANAGER)))),
    Rule("R03-UNDANTAG", "En lokal digital tjänst har ett giltigt beslutat undantag från de gemensamma tjänsterna.",
         "000 §3.3, 001 Principer om gemensamma tjänster", BLOCKING,
         lambda today: Service.objects.filter(ACTIVE, kind=Service.Kind.LOCAL),
         lambda services, today: services.exclude(Exists(Exemption.objects.filter(
             service=OuterRef("pk"), status=Exemption.Status.APPROVED, expires_on__gte=today)))),
    Rule("R07-LEVERANSMODELL", "Valet av leveransmodell och leverantör omprövas senast på utsatt datum.",
         "000 §3.4", WARNING,
         lambda today: Service.objects.filter(ACTIVE, delivery_model__in=[
             Service.DeliveryModel.EXTERNAL_SUPPLIER, Service.DeliveryModel.CLOUD_SERVICE]),
         lambda services, today: services.filter(Q(sourcing_review_date__isnull=True)
                                                 | Q(sourcing_review_date__lt=today))),
    Rule("R08-KLASSNING", "Information som tjänsten hanterar är klassad efter skyddsvärde (K/R/T).",
         "000 §3.5, 002 §9.1.8", BLOCKING,
         lambda today: Service.objects.none(),
         lambda services, today: services,
         skipped="Informationsklassningen kommer med säkerhetsdelen; regeln körs inte ännu."),
    Rule("R09-KONSUMENTER", "En gemensam tjänst i drift har registrerade användande organisationer.",
         "000 §4.1, 001 Principer avseende finansiering", WARNING,
         lambda today: Service.objects.filter(phase=Phase.IN_PRODUCTION, kind=Service.Kind.COMMON),
         lambda services, today: services.exclude(Exists(Consumer.objects.filter(service=OuterRef("pk"))))),
]
BY_ID = {rule.id: rule for rule in RULES}


def register(rule):
    """Apps that know more about services add their rules here from AppConfig.ready(), so the
    engine never imports them; the list stays in rule-id order."""
    if rule.id in BY_ID:
        raise ValueError(f"two rules with the id {rule.id}")
    RULES.append(rule)
    RULES.sort(key=lambda r: r.id)
    BY_ID[rule.id] = rule


def _owner_annotated(services):
    return services.annotate(owner=_open_ownership().values("organisation_id")[:1])


def counts(today=None, services=None):
    """[(rule, applicable, failing)] for all rules, optionally within a set of services (e.g. one owner's)."""
    today = today or datetime.date.today()
    result = []
    for rule in RULES:
        applicable, failing = rule.applicable(today), rule.failing(today)
        if services is not None:
            applicable, failing = applicable.filter(pk__in=services), failing.filter(pk__in=services)
        result.append((rule, applicable.count(), failing.count()))
    return result


def counts_by_owner(today=None):
    """(rule id, owner id, applicable, failing) for every rule and owner: two grouped queries per rule."""
    today = today or datetime.date.today()
    rows = []
    for rule in RULES:
        if rule.skipped:
            continue
        applicable = dict(_owner_annotated(rule.applicable(today)).order_by().values("owner")
                          .annotate(n=Count("pk")).values_list("owner", "n"))
        failing = dict(_owner_annotated(rule.failing(today)).order_by().values("owner")
                       .annotate(n=Count("pk")).values_list("owner", "n"))
        rows.extend((rule.id, owner, n, failing.get(owner, 0)) for owner, n in applicable.items())
    return rows


def findings(today=None, rule_ids=None, services=None):
    """Every (rule, service) that breaks a rule, as dicts ready for a page, the API or JSON."""
    today = today or datetime.date.today()
    result = []
    for rule in RULES:
        if rule.skipped or (rule_ids and rule.id not in rule_ids):
            continue
        failing = rule.failing(today)
        if services is not None:
            failing = failing.filter(pk__in=services)
        failing = failing.annotate(
            owner_code=_open_ownership().values("organisation__code")[:1],
            owner_name=_open_ownership().values("organisation__name")[:1],
        ).values("pk", "name", "external_id", "owner_code", "owner_name", "domain__code", "domain__name")
        result.extend(
            {"rule": rule.id, "severity": rule.severity, "text": rule.text, "source": rule.source,
             "service_id": row["pk"], "service": row["name"], "external_id": row["external_id"],
             "owner": row["owner_code"], "owner_name": row["owner_name"], "domain": row["domain__code"],
             "domain_name": row["domain__name"]}
            for row in failing.order_by("name").iterator(chunk_size=5000)
        )
    return result
