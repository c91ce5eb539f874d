"""Governance's rules, registered with the rules engine from GovernanceConfig.ready()."""

from django.db.models import Exists, OuterRef, Q, Subquery

from core.registry import BLOCKING, Rule
from services.models import Ownership, Service

from .models import Exemption, OwnershipTransfer

ACTIVE = ~Q(phase__in=[Service.Phase.DECOMMISSIONED, Service.Phase.ARCHIVED])


def _changed_owner_without_transfer(services, today):
    """Services with an ownership period after their first that no approved transfer (or an administrator's
    recorded correction naming a decision) stands behind."""
    first_start = Ownership.objects.filter(service=OuterRef("service")).order_by("valid_from").values("valid_from")[:1]
    unexplained = Ownership.objects.filter(service=OuterRef("pk"), valid_from__lte=today).exclude(
        valid_from=Subquery(first_start)
    ).exclude(basis=Ownership.Basis.CORRECTION, decision__isnull=False).exclude(
        Exists(OwnershipTransfer.objects.filter(
            service=OuterRef("service"), to_organisation=OuterRef("organisation"),
            effective_date=OuterRef("valid_from"), status=OwnershipTransfer.Status.APPROVED))
    )
    return services.filter(Exists(unexplained))


RULES = [
    Rule("R03-UNDANTAG", "En lokal digital tjänst har ett giltigt beslutat undantag från de gemensamma tjänsterna.",
         "000 §3.3, 001 Principer om gemensamma tjänster", BLOCKING,
         lambda today: Service.objects.filter(ACTIVE, kind=Service.Kind.LOCAL),
         lambda services, today: services.exclude(Exists(Exemption.objects.filter(
             service=OuterRef("pk"), status=Exemption.Status.APPROVED, expires_on__gte=today))),
         reason="Den lokala tjänsten saknar ett giltigt beslutat undantag (saknas eller har gått ut).",
         fix="governance#exemptions"),
    Rule("R11-OVERLATELSE",
         "Varje ägarbyte har en beslutad överlåtelse bakom sig, föregången av en risk- och konsekvensanalys.",
         "001 Principer för ansvarsfördelning (flytt av ägarskap)", BLOCKING,
         lambda today: Service.objects.filter(Exists(Ownership.objects.filter(service=OuterRef("pk")))),
         _changed_owner_without_transfer,
         reason="Ägaren har bytts utan en beslutad överlåtelse med risk- och konsekvensanalys.", fix="governance#transfers"),
]
