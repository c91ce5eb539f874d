"""Small builders for the tests of personal data and suppliers, continuity and protection requirements."""

import datetime

from organisations.tests import factories as orgs
from security import actions
from security.models import Classification, ContinuityRequirement, ProtectionRequirement
from services.tests import factories as service_factories


def owned_service(owner=None, **fields):
    """A service of `owner` (a new organisation by default) with an editor of its own: (service, editor)."""
    owner = owner or orgs.organisation()
    service = service_factories.service(owner=owner, **fields)
    return service, orgs.user(editor_of=owner)


def classify(service, confidentiality=1, integrity=1, availability=1):
    """Set the service's classification directly (as the classification section would store it)."""
    classification, _created = Classification.objects.update_or_create(
        service=service, defaults={"confidentiality": confidentiality, "integrity": integrity,
                                   "availability": availability, "classified_on": datetime.date(2026, 1, 1)})
    return classification


def personal_information(service, **fields):
    fields.setdefault("name", "Patientuppgifter")
    fields.setdefault("personal_data", "sensitive")
    for dimension in ("confidentiality", "integrity", "availability"):
        fields.setdefault(dimension, 2)
    return actions.add_information_type(service=service, **fields)


def agreement(service, **fields):
    fields.setdefault("party", "Leverantören AB")
    fields.setdefault("signed_on", datetime.date(2024, 1, 1))
    return actions.record_agreement(service=service, **fields)


def plan(service, **fields):
    fields.setdefault("recovery_time_hours", 4)
    fields.setdefault("recovery_point_hours", 1)
    fields.setdefault("fallback_routine", "Papperskopior av journalen")
    fields.setdefault("last_exercised_on", datetime.date.today() - datetime.timedelta(days=30))
    return actions.record_continuity_plan(service=service, **fields)


def continuity_requirement(availability, rto=8, rpo=4, days=365):
    return ContinuityRequirement.objects.update_or_create(availability=availability, defaults={
        "max_recovery_time_hours": rto, "max_recovery_point_hours": rpo, "exercise_every_days": days})[0]


def requirement(code, dimension="K", from_level=3, text=None):
    return ProtectionRequirement.objects.create(code=code, text=text or f"Krav {code}", dimension=dimension,
                                                from_level=from_level)
