from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core import registry
from services.models import Service

from .models import TestRecord
from .queries import has_passed_test


def tested_before_production(service, old, new):
    """000 §3.5: every digital service is tested before it goes into production."""
    if new != Service.Phase.IN_PRODUCTION or old == Service.Phase.IN_PRODUCTION:
        return
    if not service.version:
        raise ValidationError({"phase": _(
            "Record the service's current version and a passed test of it before it goes into production."
        )}, code="untested")
    if not has_passed_test(service):
        raise ValidationError({"phase": _(
            "Version %(version)s has no passed test on record; record one before the service goes into production."
        ) % {"version": service.version}}, code="untested")
    # Tests other apps require on top (e.g. a security test for information classified high): each of the
    # current version, passed.
    for required in registry.REQUIRED_TESTS:
        for test_type, reason in required(service).items():
            if not has_passed_test(service, test_type):
                raise ValidationError({"phase": _(
                    "Version %(version)s needs a passed %(type)s test before it goes into production: %(reason)s"
                ) % {"version": service.version, "type": TestRecord.Type(test_type).label.lower(),
                     "reason": reason}}, code="untested")
