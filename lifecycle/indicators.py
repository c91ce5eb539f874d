"""The lifecycle's indicators (issue 10, C10; 000 §3.5), registered from LifecycleConfig.ready(): services in
production on supported components, and services that went live with a passed test before going live."""

import datetime

from django.db.models import DateTimeField, Exists, OuterRef, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone

from core.registry import RegisterIndicator, register_indicator
from services.models import Service

from . import queries
from .models import TestRecord

Phase = Service.Phase


def _narrowed(counted, services):
    return counted if services is None else counted.filter(pk__in=services)


def count_supported(on, services=None):
    counted = _narrowed(Service.objects.filter(phase=Phase.IN_PRODUCTION), services)
    supported = counted.exclude(pk__in=queries.services_on_unsupported(on).values("pk"))
    return supported.count(), counted.count()


def _went_live():
    """When a service first went into production: its earliest history record in that phase (every change of
    a service is recorded, so this is the day the phase was set — by a move or by registering it so)."""
    history = Service.history.model
    return Subquery(history.objects.filter(id=OuterRef("pk"), phase=Phase.IN_PRODUCTION)
                    .order_by("history_date").values("history_date")[:1], output_field=DateTimeField())


def count_tested_before_live(on, services=None):
    # Days in the region's time zone, as TruncDate below reads them.
    start = timezone.make_aware(datetime.datetime.combine(datetime.date(on.year, 1, 1), datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(on + datetime.timedelta(days=1), datetime.time.min))
    counted = _narrowed(Service.objects.alias(went_live=_went_live()), services).filter(
        went_live__gte=start, went_live__lt=end)
    tested = counted.alias(live_day=TruncDate("went_live")).filter(Exists(TestRecord.objects.filter(
        service=OuterRef("pk"), result=TestRecord.Result.PASSED, performed_on__lte=OuterRef("live_day"))))
    return tested.count(), counted.count()


INDICATORS = [
    RegisterIndicator(
        code="drift-med-support",
        name="Andel tjänster i drift på komponenter med support",
        definition=("Räknas: digitala tjänster i fasen i drift när talet räknas. Av dem: de som inte vilar på någon "
                    "komponent vars support från tillverkaren har upphört på räkningsdagen (inmatat supportslut "
                    "först, annars endoflife.date-ögonblicksbildens). En komponent utan känt supportslut räknas inte "
                    "som utan support; en tjänst utan komponenter räknas som med support (000 §3.5). Andel i "
                    "procent."),
        source="Styrs register: komponenter och supportdatum",
        version="1",
        count=count_supported,
    ),
    RegisterIndicator(
        code="testad-fore-drift",
        name="Andel tjänster som testats före driftsättning",
        definition=("Räknas: digitala tjänster som gick i drift under året fram till räkningsdagen — dagen då "
                    "tjänsten första gången fick fasen i drift enligt ändringshistoriken (svensk tid). Av dem: de "
                    "som har ett godkänt test utfört senast den dagen (000 §3.5). Andel i procent."),
        source="Styrs register: tjänsternas historik och tester",
        version="1",
        count=count_tested_before_live,
    ),
]


def register():
    for indicator in INDICATORS:
        register_indicator(indicator)
