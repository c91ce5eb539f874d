"""Support status of components and services, and the tests a service has on record."""

import datetime

from django.db.models import Case, CharField, DateField, Exists, F, Min, OuterRef, Prefetch, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from core import access
from services.models import Service

from .models import Component, SupportCycle, TestRecord

WARNING_DAYS = 365
UNSUPPORTED, ENDING, SUPPORTED, UNKNOWN = "unsupported", "ending", "supported", "unknown"


def snapshot_eol():
    return SupportCycle.objects.filter(product=OuterRef("product"), cycle=OuterRef("version")).values("eol")[:1]


def components_with_support(today=None):
    """Components annotated with `support_end` (entered date first, else the snapshot's) and `status`."""
    today = today or datetime.date.today()
    return Component.objects.annotate(
        support_end=Coalesce(F("support_ends"), Subquery(snapshot_eol(), output_field=DateField())),
    ).annotate(status=_status(today))


def components_visible_to(user, today=None):
    """components_with_support() with each component's services as far as the user may see them: which
    components a shielded service runs on is its security detail (core.access.with_details_visible). The
    component itself stays listed: a product and its support dates are no one's secret."""
    services = access.with_details_visible(user, Service.objects.order_by("name"))
    return components_with_support(today).prefetch_related(Prefetch("services", queryset=services))


def _status(today):
    return Case(
        When(support_end__isnull=True, then=Value(UNKNOWN)),
        When(support_end__lt=today, then=Value(UNSUPPORTED)),
        When(support_end__lt=today + datetime.timedelta(days=WARNING_DAYS), then=Value(ENDING)),
        default=Value(SUPPORTED), output_field=CharField(),
    )


def services_on_unsupported(today=None):
    """Services that run on at least one component past its support end — one query."""
    today = today or datetime.date.today()
    unsupported = components_with_support(today).filter(support_end__lt=today, services=OuterRef("pk"))
    return Service.objects.filter(Exists(unsupported))


def service_support(service, today=None):
    """(status, earliest end) over a service's components."""
    today = today or datetime.date.today()
    earliest = components_with_support(today).filter(services=service).aggregate(end=Min("support_end"))["end"]
    if earliest is None:
        return UNKNOWN, None
    if earliest < today:
        return UNSUPPORTED, earliest
    if earliest < today + datetime.timedelta(days=WARNING_DAYS):
        return ENDING, earliest
    return SUPPORTED, earliest


def passed_test_of_version():
    return TestRecord.objects.filter(
        service=OuterRef("pk"), result=TestRecord.Result.PASSED, version=OuterRef("version")
    ).exclude(version="")


def has_passed_test(service, type=None):  # noqa: A002 — the test's type, as on the model
    tests = TestRecord.objects.filter(service=service, result=TestRecord.Result.PASSED, version=service.version)
    if type is not None:
        tests = tests.filter(type=type)
    return bool(service.version) and tests.exists()


PERIODIC_TYPES = (TestRecord.Type.SECURITY, TestRecord.Type.ROBUSTNESS)
DEFAULT_INTERVALS = {"critical": 90, "high": 180, "medium": 365, "low": 730}


def check_intervals():
    """Days between self-checks per criticality: the defaults, as the region has changed them."""
    from .models import CheckInterval

    return {**DEFAULT_INTERVALS, **dict(CheckInterval.objects.values_list("criticality", "days"))}


def last_periodic_check():
    return (TestRecord.objects.filter(service=OuterRef("pk"), type__in=PERIODIC_TYPES,
                                      result=TestRecord.Result.PASSED)
            .order_by("-performed_on").values("performed_on")[:1])


def q_overdue(intervals, today):
    """Q for production services whose last passed security/robustness check is older than their interval."""
    condition = Q(pk__in=[])
    for criticality, days in intervals.items():
        due = today - datetime.timedelta(days=days)
        condition |= Q(criticality=criticality) & (Q(last_check__isnull=True) | Q(last_check__lt=due))
    return condition
