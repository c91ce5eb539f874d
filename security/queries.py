"""Reads about information security shared by views, API, rules, exports and reports."""

import datetime

from django.db.models import Exists, OuterRef

from core import access
from services.models import Service
from services.queries import ownership_on

from .models import Policy


def sensitive_services(policy=None):
    """Services classified at or above the policy's visibility level for confidentiality."""
    policy = policy or Policy.current()
    return Service.objects.filter(classification__confidentiality__gte=policy.visibility_confidentiality)


def shield(user):
    """registry.DETAIL_SHIELDS: the ids of the sensitive services whose owner today is not one of the user's
    organisations (any role: the owner's people see their own services' details). Read from the classifications
    alone — the (confidentiality, service) index —, not joined to the services: the database builds this list once
    per query (`service NOT IN (…)`), so its cost is that of the sensitive services, not of the register."""
    from .models import Classification

    own = access.organisations_of(user, access.EDITOR) | access.organisations_of(user, access.SECRETARIAT)
    hidden = Classification.objects.filter(confidentiality__gte=Policy.current().visibility_confidentiality)
    if own:
        # The user's organisations' services, listed once (from the ownerships' organisation index), rather than
        # a look-up of each sensitive service's ownerships.
        hidden = hidden.exclude(service_id__in=ownership_on(datetime.date.today()).filter(
            organisation_id__in=own).values("service_id"))
    return hidden.values("service_id")


def required_tests(service):
    """registry.REQUIRED_TESTS: information classified at or above the policy's gate levels needs a passed
    security test of the current version before production (on top of lifecycle's test gate)."""
    from django.utils.translation import gettext as _

    from .models import Classification

    policy = Policy.current()
    classification = Classification.objects.filter(service_id=service.pk).first()
    if classification is None:
        return {}
    if ((classification.confidentiality or 0) >= policy.gate_confidentiality
            or (classification.integrity or 0) >= policy.gate_integrity):
        return {"security": _("the service is classified %(notation)s.") % {"notation": classification.notation}}
    return {}


# Personal data and suppliers (issue 9, part 3). The rules engineer's set-based rules live in security/rules.py;
# these answer the same questions for one service (the panel, the API) and as querysets (the rules may reuse them).

NEEDS_AGREEMENT_DELIVERY = ("external_supplier", "cloud_service")


def services_with_personal_data():
    """Services with an information type that holds personal data (any kind, or personal identity numbers)."""
    from django.db.models import Q

    from .models import InformationType, PersonalData

    personal = InformationType.objects.filter(
        Q(service=OuterRef("pk")), ~Q(personal_data=PersonalData.NONE) | Q(personal_identity_numbers=True))
    return Service.objects.filter(Exists(personal))


def holds_personal_data(service):
    return services_with_personal_data().filter(pk=service.pk).exists()


def needs_processing_agreement(service):
    """A service whose information holds personal data and whose delivery model puts it at an external supplier
    or in a cloud service needs a data processing agreement (personuppgiftsbiträdesavtal)."""
    return service.delivery_model in NEEDS_AGREEMENT_DELIVERY and holds_personal_data(service)


def agreements_in_force(on=None):
    """Agreements signed on or before `on` (today) that have not expired by then."""
    from django.db.models import Q

    from .models import DataProcessingAgreement

    on = on or datetime.date.today()
    return DataProcessingAgreement.objects.filter(Q(expires_on__isnull=True) | Q(expires_on__gt=on), signed_on__lte=on)


def agreements_lacking_transfer_assessment():
    """Agreements for processing outside the EU/EEA with no transfer assessment recorded."""
    from .models import DataProcessingAgreement, TransferAssessment

    return DataProcessingAgreement.objects.filter(outside_eea=True).exclude(
        Exists(TransferAssessment.objects.filter(agreement=OuterRef("pk"))))


def agreement_gaps(service, on=None):
    """What is missing for the service's personal data at its supplier, as sentences for the page (empty: none)."""
    from django.utils.translation import gettext as _

    gaps = []
    if needs_processing_agreement(service) and not agreements_in_force(on).filter(service=service).exists():
        gaps.append(_("No data processing agreement in force: the service holds personal data and is delivered by "
                      "an external supplier or as a cloud service."))
    for agreement in agreements_lacking_transfer_assessment().filter(service=service):
        gaps.append(_("Processing outside the EU/EEA without a transfer assessment (agreement with %(party)s).")
                    % {"party": agreement.party})
    return gaps


# Continuity (issue 9, part 4).

def needs_continuity_plan(service, policy=None):
    """Critical services and those whose availability is at or above the policy's continuity level."""
    from .models import Classification

    if service.criticality == Service.Criticality.CRITICAL:
        return True
    level = (policy or Policy.current()).continuity_level()
    availability = Classification.objects.filter(service_id=service.pk).values_list("availability", flat=True).first()
    return level is not None and availability is not None and availability >= level


def continuity_requirement_for(availability):
    """The requirement of the availability level; for a level without its own row, the nearest lower level's."""
    from .models import ContinuityRequirement

    if availability is None:
        return None
    return ContinuityRequirement.objects.filter(availability__lte=availability).order_by("-availability").first()


def continuity_shortfalls(plan, requirement, on=None):
    """Why `plan` does not meet `requirement`, as sentences (empty: it meets it)."""
    from django.utils.translation import gettext as _

    if requirement is None:
        return []
    on = on or datetime.date.today()
    reasons = []
    if plan.recovery_time_hours > requirement.max_recovery_time_hours:
        reasons.append(_("The recovery time objective (%(plan)s h) is longer than the %(max)s h the level allows.")
                       % {"plan": plan.recovery_time_hours, "max": requirement.max_recovery_time_hours})
    if plan.recovery_point_hours > requirement.max_recovery_point_hours:
        reasons.append(_("The recovery point objective (%(plan)s h) is longer than the %(max)s h the level allows.")
                       % {"plan": plan.recovery_point_hours, "max": requirement.max_recovery_point_hours})
    if plan.last_exercised_on is None:
        reasons.append(_("The plan has never been exercised."))
    elif (on - plan.last_exercised_on).days > requirement.exercise_every_days:
        reasons.append(_("The plan was last exercised on %(date)s, more than %(days)s days ago.")
                       % {"date": plan.last_exercised_on.isoformat(), "days": requirement.exercise_every_days})
    return reasons


def continuity_status(service, on=None):
    """Everything the continuity section says about a service: whether it needs a plan, the level's requirement,
    the plan, and why the plan falls short (or that it is missing)."""
    from django.utils.translation import gettext as _

    from .models import Classification, ContinuityPlan

    availability = Classification.objects.filter(service_id=service.pk).values_list("availability", flat=True).first()
    requirement = continuity_requirement_for(availability)
    plan = ContinuityPlan.objects.filter(service_id=service.pk).first()
    needed = needs_continuity_plan(service)
    if plan is None:
        shortfalls = [_("The service needs a continuity plan and has none.")] if needed else []
    else:
        shortfalls = continuity_shortfalls(plan, requirement, on)
    return {"needed": needed, "availability": availability, "requirement": requirement, "plan": plan,
            "shortfalls": shortfalls, "meets": plan is not None and not shortfalls}


# Protection requirements (issue 9, part 5).

DIMENSION_FIELDS = {"K": "confidentiality", "R": "integrity", "T": "availability"}


def applicable_requirements(service):
    """The catalogue's requirements that apply to the service by its classification (its level in the
    requirement's dimension at or above the requirement's from_level)."""
    from django.db.models import Q

    from .models import Classification, ProtectionRequirement

    classification = Classification.objects.filter(service_id=service.pk).first()
    if classification is None:
        return ProtectionRequirement.objects.none()
    condition = Q(pk__in=[])
    for letter, field in DIMENSION_FIELDS.items():
        level = getattr(classification, field)
        if level is not None:
            condition |= Q(dimension=letter, from_level__lte=level)
    return ProtectionRequirement.objects.filter(condition)


def requirement_applies(service, requirement):
    return applicable_requirements(service).filter(pk=requirement.pk).exists()


def requirements_with_fulfilment(service):
    """[(requirement, fulfilment or None)] for the requirements that apply to the service."""
    from .models import RequirementFulfilment

    met = {f.requirement_id: f for f in RequirementFulfilment.objects.filter(service=service)
           .select_related("recorded_by")}
    return [(requirement, met.get(requirement.pk)) for requirement in applicable_requirements(service)]
