"""Information security's rules (000 §3.5, 002 §9.1.8 and §10.8, GDPR), registered with the rules engine from
security.registration. Each is set-based (ADR 0004): a queryset of the services it applies to and one of those
that break it. Thresholds — the policy's continuity level, the continuity requirements per availability level,
the catalogue of protection requirements — are data, read when the rule runs, never constants here.

Which services: the security rules ask of services past "planned" and not decommissioned or archived — a
planned service handles no information yet, so it has nothing to classify, agree on or protect.
"""

import datetime

from django.db.models import Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from core.registry import BLOCKING, WARNING, Rule
from services.models import Service

from .models import (
    Classification,
    ContinuityRequirement,
    DataProcessingAgreement,
    Dimension,
    InformationType,
    PersonalData,
    Policy,
    ProtectionRequirement,
    RequirementFulfilment,
    RiskAnalysis,
    TransferAssessment,
)

Phase = Service.Phase
IN_USE = ~Q(phase__in=[Phase.PLANNED, Phase.DECOMMISSIONED, Phase.ARCHIVED])
EXTERNAL = [Service.DeliveryModel.EXTERNAL_SUPPLIER, Service.DeliveryModel.CLOUD_SERVICE]
# The service's level per dimension, through its stored classification (one-to-one: a join, no duplicates).
LEVEL_OF = {Dimension.CONFIDENTIALITY: "classification__confidentiality",
            Dimension.INTEGRITY: "classification__integrity",
            Dimension.AVAILABILITY: "classification__availability"}


def in_use(today):
    return Service.objects.filter(IN_USE)


def classified(today):
    """In use and classified in at least one dimension (R08 asks for the rest)."""
    return in_use(today).filter(Q(classification__confidentiality__isnull=False)
                                | Q(classification__integrity__isnull=False)
                                | Q(classification__availability__isnull=False))


# R08 -------------------------------------------------------------------------------------------------------

def _not_completely_classified(services, today):
    return services.exclude(Exists(Classification.objects.filter(
        service=OuterRef("pk"), confidentiality__isnull=False, integrity__isnull=False,
        availability__isnull=False)))


# R12 -------------------------------------------------------------------------------------------------------

def _analysis_overdue(services, today):
    """The latest analysis (by date performed) decides: a newer analysis replaces an older one's review date.
    Reviewed by today is still in time; yesterday is overdue."""
    latest = RiskAnalysis.objects.filter(service=OuterRef("pk")).order_by("-performed_on", "-pk")
    # Coalesce: no analysis counts as overdue, and the subquery is written (and run) once, not per OR branch.
    review_by = Coalesce(Subquery(latest.values("review_by")[:1]), Value(datetime.date.min))
    return services.alias(review_by=review_by).filter(review_by__lt=today)


# R13, R14 --------------------------------------------------------------------------------------------------

def in_force(today):
    """Agreements signed and not expired: one that expires today is still in force today."""
    return DataProcessingAgreement.objects.filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=today), signed_on__lte=today)


def personal_data_at_supplier(today):
    """In use, delivered by an external supplier or as a cloud service, with information holding personal data
    (of any kind, or personal identity numbers)."""
    personal = InformationType.objects.filter(service=OuterRef("pk")).filter(
        ~Q(personal_data=PersonalData.NONE) | Q(personal_identity_numbers=True))
    return in_use(today).filter(Exists(personal), delivery_model__in=EXTERNAL)


def _without_agreement(services, today):
    return services.exclude(Exists(in_force(today).filter(service=OuterRef("pk"))))


def transferring_outside_eea(today):
    return personal_data_at_supplier(today).filter(
        Exists(in_force(today).filter(service=OuterRef("pk"), outside_eea=True)))


def _transfer_unassessed(services, today):
    unassessed = in_force(today).filter(service=OuterRef("pk"), outside_eea=True).exclude(
        Exists(TransferAssessment.objects.filter(agreement=OuterRef("pk"))))
    return services.filter(Exists(unassessed))


# R15 -------------------------------------------------------------------------------------------------------

def needs_continuity(today):
    """Critical services, and those whose availability is at or above the policy's continuity level."""
    level = Policy.current().continuity_level()
    needed = Q(criticality=Service.Criticality.CRITICAL)
    if level is not None:
        needed |= Q(classification__availability__gte=level)
    return in_use(today).filter(needed)


def _plan_falls_short(requirement, today):
    return (Q(continuity_plan__recovery_time_hours__gt=requirement.max_recovery_time_hours)
            | Q(continuity_plan__recovery_point_hours__gt=requirement.max_recovery_point_hours)
            | Q(continuity_plan__last_exercised_on__isnull=True)
            | Q(continuity_plan__last_exercised_on__lt=today - datetime.timedelta(days=requirement.exercise_every_days)))


def _continuity_unmet(services, today):
    """No plan, or a plan short of the requirement for the service's availability level: the requirement row
    of the highest level at or below the service's. A service below every row — a critical service of low or no
    availability classification — is held to the lowest row: criticality asks for a plan that is real (objectives
    and an exercise), not for the objectives of a higher level it was not classified at. Without any requirement
    rows, a plan is all that is asked. The catalogue is a handful of rows, read here; the services are asked in
    one query, one band of availability per row."""
    requirements = list(ContinuityRequirement.objects.order_by("availability"))
    short = Q(continuity_plan__isnull=True)
    availability = "classification__availability"
    for n, requirement in enumerate(requirements):
        band = Q()
        if n > 0:
            band &= Q(**{f"{availability}__gte": requirement.availability})
        if n + 1 < len(requirements):
            upper = Q(**{f"{availability}__lt": requirements[n + 1].availability})
            band &= upper | Q(**{f"{availability}__isnull": True}) if n == 0 else upper
        short |= band & _plan_falls_short(requirement, today)
    return services.filter(short)


# R16 -------------------------------------------------------------------------------------------------------

def _requirement_unmet(services, today):
    """One NOT EXISTS over the catalogue: a requirement whose dimension's level on the service reaches its
    from_level and that the service has no fulfilment of."""
    reached = Q()
    for dimension, path in LEVEL_OF.items():
        reached |= Q(dimension=dimension, from_level__lte=OuterRef(path))
    unmet = ProtectionRequirement.objects.filter(reached).exclude(Exists(RequirementFulfilment.objects.filter(
        service=OuterRef(OuterRef("pk")), requirement=OuterRef("pk"))))
    return services.filter(Exists(unmet))


RULES = [
    Rule("R08-KLASSNING", "Information som tjänsten hanterar är klassad efter skyddsvärde (K/R/T).",
         "000 §3.5, 002 §9.1.8", BLOCKING, in_use, _not_completely_classified,
         reason="Tjänstens information är inte klassad i alla tre avseenden (K/R/T).", fix="security#classification"),
    Rule("R12-RISKANALYS", "En klassad tjänst har en riskanalys vars datum för omprövning inte har passerats.",
         "000 §3.5, 002 §10.8", WARNING, classified, _analysis_overdue, detail=True,
         reason="Riskanalys saknas eller dess datum för omprövning har passerats.", fix="security#risk-analyses"),
    Rule("R13-PUB", "En tjänst som behandlar personuppgifter hos en extern leverantör eller molntjänst har ett "
         "gällande personuppgiftsbiträdesavtal.", "GDPR art. 28, 002 §10.8", BLOCKING,
         personal_data_at_supplier, _without_agreement, detail=True,
         reason="Gällande personuppgiftsbiträdesavtal med leverantören saknas.", fix="security#agreements"),
    Rule("R14-TREDJELAND", "Behandling av personuppgifter utanför EU/EES har en bedömning av överföringen till "
         "tredjeland.", "GDPR kap. V", BLOCKING, transferring_outside_eea, _transfer_unassessed, detail=True,
         reason="Överföringen av personuppgifter till tredjeland saknar bedömning.", fix="security#agreements"),
    Rule("R15-KONTINUITET", "En kritisk tjänst eller en tjänst med hög tillgänglighetsnivå har en kontinuitetsplan "
         "som uppfyller kraven för sin nivå och är övad.", "000 §3.5, 002 §10.8", WARNING,
         needs_continuity, _continuity_unmet, detail=True,
         reason="Kontinuitetsplan saknas, uppfyller inte nivåns krav eller är inte övad.", fix="security#continuity"),
    Rule("R16-SKYDDSKRAV", "En klassad tjänst uppfyller skyddskraven för sina nivåer.", "002 §10.8", WARNING,
         classified, _requirement_unmet, detail=True,
         reason="Minst ett skyddskrav för tjänstens nivåer är inte uppfyllt.", fix="security#requirements"),
]
