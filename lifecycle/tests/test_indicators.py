"""The lifecycle's indicators (lifecycle/indicators.py), each against a register counted by hand."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from indicators.tests.factories_register import computed, stored
from lifecycle.models import Component, TestRecord
from services.models import Service
from services.tests import factories

pytestmark = pytest.mark.django_db
Phase = Service.Phase
TODAY = datetime.date.today()


def _component(services, support_ends, name):
    component = Component.objects.create(name=name, version="1", support_ends=support_ends)
    component.services.set(services)
    return component


def _test(service, performed_on, result=TestRecord.Result.PASSED):
    return TestRecord.objects.create(service=service, type=TestRecord.Type.FUNCTIONAL, version=service.version or "1",
                                     performed_on=performed_on, result=result)


def test_share_of_production_services_on_supported_components():
    on_supported, on_ended, on_both, without, unknown = (factories.service(phase=Phase.IN_PRODUCTION)
                                                         for _ in range(5))
    in_test = factories.service(phase=Phase.IN_TEST)
    _component([on_supported, on_both, in_test], TODAY + datetime.timedelta(days=400), "Supported")
    _component([on_ended, on_both, in_test], TODAY - datetime.timedelta(days=1), "Ended")
    _component([unknown], None, "Unknown")  # no known end: not counted as unsupported
    # 5 in production; on_ended and on_both rest on an ended component: 3 of 5
    assert stored(computed("drift-med-support")) == (3, 5, Decimal("60.0000"))


def _went_live(service, when):
    """Set the day the service first went into production (its history record in that phase)."""
    Service.history.filter(id=service.pk, phase=Phase.IN_PRODUCTION).update(
        history_date=timezone.make_aware(datetime.datetime.combine(when, datetime.time(12))))


def test_share_of_services_that_went_live_in_the_year_with_a_passed_test_before():
    year = TODAY.year - 1  # a whole year, counted on its 31 December
    day = datetime.date(year, 6, 1)
    tested_before, tested_same_day, tested_after, failed_before, year_before, never = (
        factories.service(phase=Phase.IN_PRODUCTION, version="1") for _ in range(6))
    for service in (tested_before, tested_same_day, tested_after, failed_before, never):
        _went_live(service, day)
    _went_live(year_before, datetime.date(year - 1, 6, 1))  # went live the year before: not counted
    _test(tested_before, datetime.date(year, 5, 1))
    _test(tested_same_day, day)
    _test(tested_after, datetime.date(year, 6, 2))
    _test(failed_before, datetime.date(year, 5, 1), result=TestRecord.Result.FAILED)
    _test(year_before, datetime.date(year - 1, 5, 1))
    factories.service(phase=Phase.IN_TEST)  # never went live
    # 5 went live in the year; tested_before and tested_same_day had a passed test by then: 2 of 5
    assert stored(computed("testad-fore-drift", year=year)) == (2, 5, Decimal("40.0000"))
    # The year before: year_before, tested before it went live
    assert stored(computed("testad-fore-drift", year=year - 1)) == (1, 1, Decimal("100.0000"))
