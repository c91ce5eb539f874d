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
    """registry.DETAIL_SHIELDS: the sensitive services whose owner today is not one of the user's
    organisations (any role: the owner's people see their own services' details)."""
    own = access.organisations_of(user, access.EDITOR) | access.organisations_of(user, access.SECRETARIAT)
    hidden = sensitive_services()
    if own:
        hidden = hidden.exclude(Exists(ownership_on(datetime.date.today()).filter(
            service=OuterRef("pk"), organisation_id__in=own)))
    return hidden


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
