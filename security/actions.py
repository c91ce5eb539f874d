"""Write use-cases for information security. Each is atomic: it stores all of its change or none of it.

A service's classification (security.models.Classification) is the highest level per dimension over its
information types; every action that changes an information type recomputes it in the same transaction,
so the stored classification can never disagree with the information behind it (unless set by hand, with
a justification)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from core import versioning

from .models import Classification, InformationType, Risk

INFORMATION_FIELDS = (
    "name", "description", "owner", "personal_data", "personal_identity_numbers", "public_record",
    "confidentiality", "integrity", "availability", "classified_on",
)
RISK_FIELDS = (
    "description", "likelihood", "consequence", "treatment", "measure", "owner", "due_date", "status",
    "residual_likelihood", "residual_consequence", "decision",
)


def _unknown(fields, allowed):
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")


def recompute_classification(service, *, user=None, on=None):
    """Set the service's classification to the highest level per dimension over its information types,
    unless it was set by hand. Called inside the transaction that changed the information."""
    maxima = InformationType.objects.filter(service=service).aggregate(
        k=Max("confidentiality"), r=Max("integrity"), t=Max("availability"))
    classification = Classification.objects.select_for_update().filter(service=service).first()
    if classification is None:
        if maxima["k"] is None:
            return None
        classification = Classification(service=service)
    elif classification.overridden:
        return classification
    classification.confidentiality, classification.integrity, classification.availability = (
        maxima["k"], maxima["r"], maxima["t"])
    latest = InformationType.objects.filter(service=service).order_by("-classified_on", "-pk").first()
    classification.classified_on = latest.classified_on if latest else (on or datetime.date.today())
    classification.classified_by = (latest.classified_by if latest else None) or user
    classification.save()
    return classification


@transaction.atomic
def add_information_type(*, service, user=None, **fields):
    _unknown(fields, INFORMATION_FIELDS)
    fields.setdefault("classified_on", datetime.date.today())
    information = InformationType(service=service, classified_by=user, **fields)
    information.full_clean()
    information.save()
    recompute_classification(service, user=user)
    return information


@transaction.atomic
def update_information_type(*, information, user=None, expected_version=None, **changes):
    _unknown(changes, INFORMATION_FIELDS)
    if expected_version is not None:
        versioning.check(information, expected_version)
        information.row_version = int(expected_version)
    for name, value in changes.items():
        setattr(information, name, value)
    if {"confidentiality", "integrity", "availability"} & set(changes):
        information.classified_by = user
        information.classified_on = changes.get("classified_on") or datetime.date.today()
    information.full_clean()
    information.save()
    recompute_classification(information.service, user=user)
    return information


@transaction.atomic
def remove_information_type(*, information, user=None, expected_version=None):
    if expected_version is not None:
        versioning.check(information, expected_version)
        versioning.claim(information, int(expected_version))
    service = information.service
    information.delete()
    recompute_classification(service, user=user)


@transaction.atomic
def override_classification(*, service, user, confidentiality, integrity, availability, justification,
                            expected_version=None):
    """Set the classification by hand; the justification is required (and held by the database too)."""
    from .models import Scale, check_levels

    if not (justification or "").strip():
        raise ValidationError({"justification": _("A classification set by hand needs a justification.")},
                              code="justification_required")
    check_levels(Scale.Purpose.CLASSIFICATION, confidentiality=confidentiality, integrity=integrity,
                 availability=availability)
    classification = Classification.objects.select_for_update().filter(service=service).first()
    if classification is None:
        classification = Classification(service=service)
    elif expected_version is not None:
        versioning.check(classification, expected_version)
        classification.row_version = int(expected_version)
    classification.confidentiality, classification.integrity, classification.availability = (
        confidentiality, integrity, availability)
    classification.overridden, classification.justification = True, justification.strip()
    classification.classified_on, classification.classified_by = datetime.date.today(), user
    classification.save()
    return classification


@transaction.atomic
def clear_override(*, service, user=None, expected_version=None):
    """Go back to the classification computed from the information types."""
    classification = Classification.objects.select_for_update().filter(service=service).first()
    if classification is None or not classification.overridden:
        return classification
    if expected_version is not None:
        versioning.check(classification, expected_version)
        classification.row_version = int(expected_version)
    classification.overridden, classification.justification = False, ""
    classification.save()
    return recompute_classification(service, user=user)


@transaction.atomic
def record_risk(*, analysis, **fields):
    _unknown(fields, RISK_FIELDS)
    risk = Risk(analysis=analysis, **fields)
    risk.full_clean()
    risk.save()
    return risk


@transaction.atomic
def update_risk(*, risk, expected_version=None, **changes):
    _unknown(changes, RISK_FIELDS)
    if expected_version is not None:
        versioning.check(risk, expected_version)
        risk.row_version = int(expected_version)
    for name, value in changes.items():
        setattr(risk, name, value)
    risk.full_clean()
    risk.save()
    return risk


@transaction.atomic
def activate_scale(*, scale):
    """Put `scale` in use for its purpose; the one in use before is taken out of use in the same transaction.
    Levels already recorded stay as they are (they are numbers): a region that moves from 1–4 to KLASSA's 0–4
    needs no migration."""
    from .models import Scale

    for other in Scale.objects.select_for_update().filter(purpose=scale.purpose, active=True).exclude(pk=scale.pk):
        other.active = False
        other.save()
    if not scale.active:
        scale.active = True
        scale.save()
    return scale


@transaction.atomic
def load_scale(*, name, purpose, levels, description="", activate=False):
    """A region's own scale from rows of (number, name, description); all or nothing."""
    from .models import Level, Scale

    scale = Scale(name=name, purpose=purpose, description=description)
    scale.full_clean()
    scale.save()
    for number, level_name, level_description in levels:
        level = Level(scale=scale, number=number, name=level_name, description=level_description)
        level.full_clean()
        level.save()
    if activate:
        activate_scale(scale=scale)
    return scale

# Personal data and suppliers, continuity, protection requirements (issue 9, parts 3–5). Every write of these
# records — form, API, admin-free import — comes through here, so the model's rules (full_clean: constraints,
# levels on the scale) hold whatever the entry point.

AGREEMENT_FIELDS = ("party", "signed_on", "expires_on", "outside_eea", "countries")
ASSESSMENT_FIELDS = ("assessed_on", "mechanism", "conclusion")
PLAN_FIELDS = ("recovery_time_hours", "recovery_point_hours", "fallback_routine", "last_exercised_on")
PROTECTION_REQUIREMENT_FIELDS = ("code", "text", "dimension", "from_level", "source")
CONTINUITY_REQUIREMENT_FIELDS = ("availability", "max_recovery_time_hours", "max_recovery_point_hours",
                                 "exercise_every_days")


def _create(model, allowed, fields, **owner):
    _unknown(fields, allowed)
    obj = model(**owner, **fields)
    obj.full_clean()
    obj.save()
    return obj


def _change(obj, allowed, changes, expected_version):
    """Apply `changes` to `obj` over the version the writer read; the save compares and swaps it."""
    _unknown(changes, allowed)
    if expected_version is not None:
        versioning.check(obj, expected_version)
        obj.row_version = int(expected_version)
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    return obj


def _remove(obj, expected_version):
    if expected_version is not None:
        versioning.check(obj, expected_version)
    versioning.claim(obj, int(expected_version) if expected_version is not None else obj.row_version)
    obj.delete()


@transaction.atomic
def record_agreement(*, service, **fields):
    from .models import DataProcessingAgreement

    return _create(DataProcessingAgreement, AGREEMENT_FIELDS, fields, service=service)


@transaction.atomic
def update_agreement(*, agreement, expected_version=None, **changes):
    return _change(agreement, AGREEMENT_FIELDS, changes, expected_version)


@transaction.atomic
def remove_agreement(*, agreement, expected_version=None):
    """Removes the agreement and, with it, its transfer assessments."""
    _remove(agreement, expected_version)


@transaction.atomic
def record_transfer_assessment(*, agreement, **fields):
    from .models import TransferAssessment

    return _create(TransferAssessment, ASSESSMENT_FIELDS, fields, agreement=agreement)


@transaction.atomic
def update_transfer_assessment(*, assessment, expected_version=None, **changes):
    return _change(assessment, ASSESSMENT_FIELDS, changes, expected_version)


@transaction.atomic
def remove_transfer_assessment(*, assessment, expected_version=None):
    _remove(assessment, expected_version)


@transaction.atomic
def record_continuity_plan(*, service, **fields):
    from .models import ContinuityPlan

    return _create(ContinuityPlan, PLAN_FIELDS, fields, service=service)


@transaction.atomic
def update_continuity_plan(*, plan, expected_version=None, **changes):
    return _change(plan, PLAN_FIELDS, changes, expected_version)


@transaction.atomic
def remove_continuity_plan(*, plan, expected_version=None):
    _remove(plan, expected_version)


@transaction.atomic
def mark_requirement_met(*, service, requirement, evidence, user=None, recorded_on=None):
    """Record that the service meets a requirement that applies to it by its classification."""
    from .models import RequirementFulfilment
    from .queries import requirement_applies

    if not requirement_applies(service, requirement):
        raise ValidationError({"requirement": _(
            "The requirement %(code)s does not apply to the service by its classification.")
            % {"code": requirement.code}}, code="not_applicable")
    if not (evidence or "").strip():
        raise ValidationError({"evidence": _("Say how the requirement is met.")}, code="evidence_required")
    return _create(RequirementFulfilment, ("evidence", "recorded_on", "recorded_by"),
                   {"evidence": evidence.strip(), "recorded_on": recorded_on or datetime.date.today(),
                    "recorded_by": user}, service=service, requirement=requirement)


@transaction.atomic
def update_fulfilment(*, fulfilment, user=None, expected_version=None, evidence):
    if not (evidence or "").strip():
        raise ValidationError({"evidence": _("Say how the requirement is met.")}, code="evidence_required")
    return _change(fulfilment, ("evidence", "recorded_on", "recorded_by"),
                   {"evidence": evidence.strip(), "recorded_on": datetime.date.today(), "recorded_by": user},
                   expected_version)


@transaction.atomic
def withdraw_fulfilment(*, fulfilment, expected_version=None):
    """The requirement is no longer met (or was marked by mistake): it is unmet again."""
    _remove(fulfilment, expected_version)


def _check_catalogue_levels(obj, field):
    from .models import Scale, check_levels

    check_levels(Scale.Purpose.CLASSIFICATION, **{field: getattr(obj, field)})


@transaction.atomic
def save_protection_requirement(*, requirement=None, expected_version=None, **fields):
    """Create a requirement of the catalogue, or change `requirement`; its level must be on the scale in use."""
    from .models import ProtectionRequirement

    _unknown(fields, PROTECTION_REQUIREMENT_FIELDS)
    if requirement is None:
        requirement = ProtectionRequirement(**fields)
    else:
        if expected_version is not None:
            versioning.check(requirement, expected_version)
            requirement.row_version = int(expected_version)
        for name, value in fields.items():
            setattr(requirement, name, value)
    requirement.full_clean()
    _check_catalogue_levels(requirement, "from_level")
    requirement.save()
    return requirement


@transaction.atomic
def save_continuity_requirement(*, requirement=None, expected_version=None, **fields):
    from .models import ContinuityRequirement

    _unknown(fields, CONTINUITY_REQUIREMENT_FIELDS)
    if requirement is None:
        requirement = ContinuityRequirement(**fields)
    else:
        if expected_version is not None:
            versioning.check(requirement, expected_version)
            requirement.row_version = int(expected_version)
        for name, value in fields.items():
            setattr(requirement, name, value)
    requirement.full_clean()
    _check_catalogue_levels(requirement, "availability")
    requirement.save()
    return requirement


@transaction.atomic
def remove_catalogue_entry(*, entry, expected_version=None):
    """Remove a protection or continuity requirement (a removed protection requirement takes its records of
    being met with it)."""
    _remove(entry, expected_version)

# Risk analyses (issue 9, part 2). A risk's own rules (levels on the active scales, a named decision to accept a
# high risk) live in Risk.clean(), which record_risk and update_risk run; these keep the analysis's.

ANALYSIS_FIELDS = ("performed_on", "participants", "scope", "review_by")


def _check_review_date(analysis):
    # The database holds this too (risk_analysis_review_after); said here first so the message names the field.
    if analysis.performed_on and analysis.review_by and analysis.review_by <= analysis.performed_on:
        raise ValidationError({"review_by": _("The review date must come after the analysis.")},
                              code="review_before_analysis")


@transaction.atomic
def record_analysis(*, service, **fields):
    from .models import RiskAnalysis

    _unknown(fields, ANALYSIS_FIELDS)
    analysis = RiskAnalysis(service=service, **fields)
    _check_review_date(analysis)
    analysis.full_clean()
    analysis.save()
    return analysis


@transaction.atomic
def update_analysis(*, analysis, expected_version=None, **changes):
    _unknown(changes, ANALYSIS_FIELDS)
    if expected_version is not None:
        versioning.check(analysis, expected_version)
        analysis.row_version = int(expected_version)
    for name, value in changes.items():
        setattr(analysis, name, value)
    _check_review_date(analysis)
    analysis.full_clean()
    analysis.save()
    return analysis


@transaction.atomic
def remove_analysis(*, analysis, expected_version=None):
    """Remove an analysis with its risks; refused over someone else's newer change."""
    versioning.claim(analysis, int(expected_version) if expected_version is not None else analysis.row_version)
    analysis.delete()


@transaction.atomic
def remove_risk(*, risk, expected_version=None):
    versioning.claim(risk, int(expected_version) if expected_version is not None else risk.row_version)
    risk.delete()
