"""The demo region's follow-up (registered in registry.DEMO_BUILDERS at 70, after the register and the other
apps): the focus areas of 002 §7.1.1 and 004 §4, entered indicators owned by the region and one owned by a
board (HSN, 000 §4.2), with targets 2024–2026, outcomes 2024 and 2025 (and 2026 quarters for one), forecasts for
2026 by a named demo user, and two deviations: one with an analysis of causes and an action plan, one without
(a finding of R17-HANDLINGSPLAN). The figures are invented for the demo; the sources say "Exempel".

The computed indicators and the digitalisation grade's definition are added by their own builder (71)."""

import datetime
from decimal import Decimal as N

from django.contrib.auth import get_user_model

from . import actions
from .models import FocusArea

EXAMPLE = "Exempel: påhittad siffra för demon"

FOCUS_AREAS = [
    ("delaktighet", "Delaktighet för invånare, patienter och anhöriga", "002 §7.1.1"),
    ("vardgivare-medarbetare", "Stöd för vårdgivare och medarbetare inom hälso- och sjukvården", "002 §7.1.1"),
    ("forskning-innovation", "Stöd för forskning, innovation och utbildning", "002 §7.1.1"),
    ("samverkan", "Samverkan med kommuner, myndigheter och näringsliv", "002 §7.1.1"),
    ("tillganglighet", "Förbättrad tillgänglighet till vård", "004 §4"),
    ("individens-delaktighet", "Stärkta förutsättningar för individens delaktighet i vård och hälsa", "004 §4"),
    ("mer-tid-till-vard", "Mer tid till vård genom ökad digitalisering i infrastruktur och stödprocesser", "004 §4"),
    ("beslutsstod", "Bättre beslutsstöd genom en mer effektiv hantering och analys av data", "004 §4"),
]

# code, name, definition, source, unit, direction, threshold, owner, focus area, frequency,
# {year: target}, {(year, period): outcome}, 2026 forecast, forecast by
INDICATORS = [
    ("e-tjanster-1177", "Andel invånare som använder 1177:s e-tjänster",
     "Invånare som loggat in i 1177:s e-tjänster minst en gång under året, av länets invånare.",
     "1177-statistik (Inera)", "%", "higher", N(5), "RS", "delaktighet", "quarterly",
     {2024: N(55), 2025: N(60), 2026: N(65)},
     {(2024, "year"): N("54.2"), (2025, "year"): N("58.9"), (2026, "Q1"): N("60.1"), (2026, "Q2"): N("61.0"),
      (2026, "Q3"): N("61.8")},
     N(63), "admin"),
    ("digitala-vardmoten", "Andel digitala vårdmöten i primärvården",
     "Vårdmöten i primärvården via video eller chatt, av alla vårdmöten i primärvården.",
     "Vårdanalys, regionens statistikdatabas", "%", "higher", N(5), "RS", "tillganglighet", "yearly",
     {2024: N(15), 2025: N(20), 2026: N(25)}, {(2024, "year"): N(14), (2025, "year"): N("17.5")},
     N(18), "admin"),
    ("svarstid-e-remiss", "Genomsnittlig svarstid för e-remisser",
     "Dagar från skickad e-remiss till svar, medelvärde över året.",
     "Remisshanteringens loggar", "dagar", "lower", N(2), "RS", "mer-tid-till-vard", "yearly",
     {2024: N(10), 2025: N(9), 2026: N(8)}, {(2024, "year"): N(11), (2025, "year"): N("9.5")},
     N("8.5"), "admin"),
    ("npo-anslutna", "Andel vårdgivare anslutna till nationell patientöversikt",
     "Vårdgivare med avtal i hälso- och sjukvårdsnämndens uppdrag som är anslutna till NPÖ, av alla sådana.",
     "Hälso- och sjukvårdsförvaltningens avtalsuppföljning", "%", "higher", N(5), "HSN", "samverkan", "yearly",
     {2024: N(80), 2025: N(85), 2026: N(90)}, {(2024, "year"): N(78), (2025, "year"): N(79)},
     N(88), "hsn"),
]


def build(region):
    orgs = region["organisations"]
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["admin", "hsn"])}
    for order, (code, name, source) in enumerate(FOCUS_AREAS, start=1):
        FocusArea.objects.get_or_create(code=code, defaults={"name": name, "source": source, "order": order})
    areas = {a.code: a for a in FocusArea.objects.all()}
    indicators = {}
    for (code, name, definition, source, unit, direction, threshold, owner, area, frequency, targets, outcomes,
         forecast, by) in INDICATORS:
        indicator = actions.create_indicator(
            owner=orgs[owner], code=code, name=name, definition=definition, source=source, unit=unit,
            direction=direction, deviation_threshold=threshold, focus_area=areas[area], frequency=frequency)
        indicators[code] = indicator
        for year, target in targets.items():
            actions.set_target(indicator=indicator, year=year, target=target)
        for (year, period), value in outcomes.items():
            actions.record_outcome(indicator=indicator, year=year, period=period, value=value,
                                   source=f"{source}. {EXAMPLE}.", user=users.get(by),
                                   today=datetime.date(year + 1, 2, 15) if period == "year" else None)
        actions.enter_forecast(indicator=indicator, year=2026, forecast=forecast, user=users.get(by),
                               comment=f"{EXAMPLE}.", today=datetime.date(2026, 9, 30))
    # The forecast of digital care meetings misses its target: analysed, with a plan. The 2025 outcome of NPÖ
    # connections missed its target too, and still has neither (R17-HANDLINGSPLAN).
    deviation = indicators["digitala-vardmoten"].deviations.get(year=2026, basis="forecast")
    actions.record_analysis(deviation=deviation, cause_analysis=(
        "Exempel: två av de största vårdcentralerna har inte infört videomöten, och bokningssystemet erbjuder "
        "inte digitala tider som förval. Efterfrågan finns: invånarenkäten visar att fler vill mötas digitalt."))
    actions.add_plan_action(deviation=deviation, action="Exempel: inför videomöten på de två vårdcentralerna.",
                            responsible="Verksamhetschef primärvård", due=datetime.date(2027, 3, 31),
                            status="in_progress")
    actions.add_plan_action(deviation=deviation, action="Exempel: gör digitala tider till förval i bokningen.",
                            responsible="Förvaltningsledare bokningstjänsten", due=datetime.date(2027, 6, 30))
