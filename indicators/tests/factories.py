"""Small factories for indicator tests (and the concurrency guard in styr/tests)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from organisations.models import Organisation

from ..models import Deviation, FocusArea, GradeDefinition, GradeWeight, Indicator, IndicatorYear, Outcome, PlanAction


def focus_area(code="delaktighet", name="Delaktighet för invånare, patienter och anhöriga"):
    return FocusArea.objects.get_or_create(code=code, defaults={"name": name, "source": "002 §7.1.1"})[0]


def indicator(code="e-tjanster", owner=None, **fields):
    defaults = {"name": "Andel invånare som använder 1177:s e-tjänster", "definition": "Invånare med inloggning / alla",
                "source": "1177-statistik", "unit": "%", "deviation_threshold": Decimal(5)}
    defaults.update(fields)
    return Indicator.objects.create(code=code, owner=owner or region(), **defaults)


def region():
    return Organisation.objects.get_or_create(code="RS", defaults={"name": "Region Stockholm", "kind": "region"})[0]


def indicator_year(ind=None, year=2026, target=Decimal(60), forecast=None, **fields):
    ind = ind or indicator()
    if forecast is not None:
        fields.setdefault("forecast_at", timezone.now())
    return IndicatorYear.objects.create(indicator=ind, year=year, target=target, forecast=forecast, **fields)


def outcome(ind=None, year=2025, value=Decimal(55), period="year", source="1177-statistik", **fields):
    return Outcome.objects.create(indicator=ind or indicator(), year=year, period=period, value=value, source=source,
                                  **fields)


def deviation(ind=None, year=2026, value=Decimal(40), target=Decimal(60), basis="forecast", **fields):
    return Deviation.objects.create(indicator=ind or indicator(), year=year, basis=basis, value=value, target=target,
                                    opened_on=fields.pop("opened_on", datetime.date(2026, 6, 1)), **fields)


def plan_action(dev=None, **fields):
    defaults = {"action": "Kampanj för inloggning", "responsible": "Anna Andersson", "due": datetime.date(2026, 12, 31)}
    defaults.update(fields)
    return PlanAction.objects.create(deviation=dev or deviation(), **defaults)


def grade_definition(year=2026, weights=None, version=1):
    definition = GradeDefinition.objects.create(year=year, version=version)
    for ind, weight in (weights or {}).items():
        GradeWeight.objects.create(definition=definition, indicator=ind, weight=weight)
    return definition


def grade_weight():
    return GradeWeight.objects.create(definition=grade_definition(), indicator=indicator(), weight=Decimal(1))
