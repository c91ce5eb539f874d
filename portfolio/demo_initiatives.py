"""The demo region's initiatives and value before money (registry.DEMO_BUILDERS order 66, before the
indicators' part computes the register's figures at 70–71, so that the portfolio's indicators count these; the
focus areas are the indicators demo's, made here if not yet there; the ranking's part, order 67, builds on this one
by code).

Five criteria, one per aspect of 002 §10.10 (scale 1–5); portfolio years 2025 (capacity 40 MSEK) and 2026
(45 MSEK), both ranked by the regional board (RSTY), whose editors are the governance office (the demo user
`styrning`). Twelve initiatives INI-2026-01 … 12 across boards and focus areas. INI-2026-01 and 02 were assessed
and decided in 2025 and are done; 03–10 are assessed for 2026, 03 decided and 04 in progress with investment
decisions by the body carrying the running cost; 11 is an idea and 12 is in progress without a value assessment
(a legacy from before the rule, which flags it: R20). Everything is invented for the demo."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model

from decisions import actions as decision_actions
from indicators import demo as indicator_demo
from indicators.models import FocusArea
from services.models import Service

from . import actions
from .models import Criterion, CriterionWeight, Initiative, InitiativeCost, InitiativeService, PortfolioYear

D = datetime.date
MSEK = 100_000_000  # öre in a million kronor

# code, name, aspect, what a high score means
CRITERIA = [
    ("nytta", "Nytta för invånare och medarbetare", "benefit",
     "Stor och mätbar nytta för många: tid, kvalitet, tillgänglighet."),
    ("kostnad", "Kostnad i förhållande till nytta", "cost",
     "Låg investering och driftkostnad i förhållande till nyttan."),
    ("risk", "Genomförbarhet och risk", "risk", "Låg risk: beprövad teknik, tydlig ägare, få beroenden."),
    ("strategi", "Strategisk passform", "strategic_fit",
     "Stödjer regionens fokusområden och målarkitektur (002, 004)."),
    ("hallbarhet", "Hållbarhet", "sustainability",
     "Långsiktigt hållbar: ekonomiskt, socialt och miljömässigt; ingen inlåsning."),
]
WEIGHTS = {2025: {"nytta": 3, "kostnad": 2, "risk": 2, "strategi": 2, "hallbarhet": 1},
           2026: {"nytta": 3, "kostnad": 2, "risk": Decimal("1.5"), "strategi": 2, "hallbarhet": Decimal("1.5")}}
YEARS = {2025: 40 * MSEK, 2026: 45 * MSEK}

# code, title, need, whose need, proposer, owner, focus areas, [(service, effect)], funding, risks,
# {year: (investment MSEK, running MSEK)}, [(kind, benefit, measure, unit, baseline, target, target year)]
INITIATIVES = [
    ("INI-2026-01", "Digital incheckning i öppenvården",
     "Patienter köar i receptionen för att anmäla ankomst; personalen lägger tid på det.", "residents", "SLSO",
     "SLSO", ["tillganglighet", "mer-tid-till-vard"], [("SLSO-010", "changes")], "SLSO:s budget",
     "Integration mot journalsystemet.", {2025: ("3.2", "0.4"), 2026: ("0", "0.4")},
     [("staff", "Mindre tid i receptionen", "Minuter per dag och mottagning", "min", 90, 30, 2026)]),
    ("INI-2026-02", "Digitala vårdmöten i primärvården",
     "Invånare vill kunna träffa sin vårdcentral digitalt utan att resa.", "residents", "HSN", "HSN",
     ["delaktighet", "tillganglighet"], [("HSF-021", "changes")], "HSN:s budget", "Leverantörens kapacitet.",
     {2025: ("4.5", "0.8"), 2026: ("0", "0.8")},
     [("residents", "Fler digitala vårdmöten", "Andel digitala besök", "%", 8, 20, 2026)]),
    ("INI-2026-03", "Realtidsinformation i reseplaneraren",
     "Resenärer saknar aktuell information om förseningar och ersättningstrafik.", "residents", "TN", "TN",
     ["samverkan", "tillganglighet"], [("TN-001", "changes")], "Trafiknämndens budget",
     "Beroende av operatörernas data.", {2026: ("3.0", "0.6")},
     [("residents", "Nöjdare resenärer", "Andel nöjda med trafikinformationen", "%", 62, 75, 2027)]),
    ("INI-2026-04", "Ny lönehantering i personalsystemet",
     "Manuella lönerättelser tar tid och ger fel.", "staff", "RSTY", "RSTY", ["mer-tid-till-vard"],
     [("RS-104", "changes")], "Central utvecklingsfond", "Omställning under semesterperioden.",
     {2026: ("5.5", "1.2"), 2027: ("1.0", "1.2")},
     [("organisation", "Färre manuella rättelser", "Rättelser per månad", "st", 400, 100, 2027)]),
    ("INI-2026-05", "Schemaplanering med AI-stöd på Karolinska",
     "Schemaläggningen tar chefernas tid och ger obalans i bemanningen.", "staff", "KS", "KS",
     ["mer-tid-till-vard", "beslutsstod"], [("KS-01", "changes")], "KS budget", "Fackliga förhandlingar.",
     {2026: ("6.0", "1.0")},
     [("staff", "Mindre tid för schemaläggning", "Timmar per chef och månad", "h", 12, 5, 2027)]),
    ("INI-2026-06", "Regional utvecklingsportal för näringslivet",
     "Företag och kommuner hittar inte regionens utvecklingsstöd.", "organisation", "RSTY", "RSTY",
     ["samverkan"], [("RS-200", "creates")], "Regionala utvecklingsmedel", "Oklar målgrupp.",
     {2026: ("4.0", "0.5")},
     [("organisation", "Fler ansökningar om stöd", "Ansökningar per år", "st", 120, 300, 2027)]),
    ("INI-2026-07", "Strukturerade remisser från Södersjukhuset",
     "Remisser i fritext kommer tillbaka för komplettering.", "organisation", "SOS", "SOS",
     ["vardgivare-medarbetare", "beslutsstod"], [("HSF-042", "changes")], "Statsbidrag för digitalisering",
     "Kräver ändring i den regionala remisstjänsten.", {2026: ("5.0", "0.8")},
     [("staff", "Färre återsända remisser", "Andel remisser som skickas tillbaka", "%", 18, 6, 2027)]),
    ("INI-2026-08", "Påminnelser om vaccination via 1177",
     "Invånare missar påfyllnadsdoser.", "residents", "HSN", "HSN", ["individens-delaktighet"],
     [("HSF-043", "changes")], "HSN:s budget", "Samtycke och kontaktuppgifter.", {2026: ("2.5", "0.3")},
     [("residents", "Högre täckning", "Vaccinationstäckning", "%", 71, 80, 2027)]),
    ("INI-2026-09", "Sammanhållen läkemedelslista i vårdproduktionen",
     "Läkare ser inte hela läkemedelslistan vid förskrivning.", "staff", "SLSO", "HSN",
     ["vardgivare-medarbetare", "beslutsstod"], [("HSF-041", "changes")], "HSN:s budget",
     "Nationella beroenden (NLL).", {2026: ("7.0", "1.5")},
     [("residents", "Färre läkemedelsfel", "Avvikelser om läkemedel per kvartal", "st", 240, 150, 2028)]),
    ("INI-2026-10", "Bilddelning mellan Karolinska och regionens bildtjänst",
     "Bilder skickas på skiva mellan sjukhusen.", "organisation", "KS", "KS", ["vardgivare-medarbetare"],
     [("KS-01", "changes"), ("HSF-040", "changes")], "Delad finansiering KS och HSN",
     "Två ägare: regionstyrelsen samordnar.", {2026: ("9.0", "2.0")},
     [("staff", "Ingen bild på skiva", "Skivor per månad", "st", 300, 0, 2027)]),
    ("INI-2026-11", "Färdtjänstbokning i app",
     "Färdtjänstresenärer vill boka och följa sin resa i mobilen.", "residents", "FTN", "FTN",
     ["tillganglighet", "delaktighet"], [("TN-001", "changes")], "Ej bestämd", "Tillgänglighetskrav.",
     {2026: ("3.5", "0.5")},
     [("residents", "Fler bokningar digitalt", "Andel bokningar i app", "%", 0, 40, 2028)]),
    ("INI-2026-12", "Ersättning av ambulansjournalen FRAPP",
     "Journalsystemet i ambulansen är föråldrat.", "staff", "HSN", "HSN", ["vardgivare-medarbetare"],
     [("HSF-044", "changes")], "HSN:s budget", "Påbörjat före kravet på nyttovärdering.",
     {2026: ("8.0", "1.5")},
     [("staff", "Snabbare dokumentation", "Minuter per uppdrag", "min", 15, 8, 2027)]),
]

ORDER = ("nytta", "kostnad", "risk", "strategi", "hallbarhet")
# code: {year: [score per criterion in ORDER]}
SCORES = {
    "INI-2026-01": {2025: [4, 4, 4, 4, 3]},
    "INI-2026-02": {2025: [5, 3, 3, 5, 4]},
    "INI-2026-03": {2026: [4, 4, 3, 4, 3]},
    "INI-2026-04": {2026: [3, 3, 4, 3, 4]},
    "INI-2026-05": {2026: [4, 3, 2, 4, 3]},
    "INI-2026-06": {2026: [2, 3, 3, 3, 3]},
    "INI-2026-07": {2026: [4, 3, 3, 4, 4]},
    "INI-2026-08": {2026: [3, 5, 4, 3, 3]},
    "INI-2026-09": {2026: [5, 2, 2, 5, 4]},
    "INI-2026-10": {2026: [4, 2, 2, 4, 3]},
}
# code: (status, on, [(body decision number, title, date, investment MSEK)] or None)
STATUSES = {
    "INI-2026-01": ("done", D(2025, 9, 30), ("2025-0144", D(2025, 3, 12), "3.2")),
    "INI-2026-02": ("done", D(2025, 6, 30), ("2025-0087", D(2025, 2, 18), "4.5")),
    "INI-2026-03": ("decided", None, ("2026-0061", D(2026, 4, 22), "3.0")),
    "INI-2026-04": ("in_progress", D(2026, 5, 1), ("2026-0042", D(2026, 3, 18), "5.5")),
    "INI-2026-05": ("prioritised", D(2026, 4, 15), None),
    "INI-2026-09": ("prioritised", D(2026, 4, 15), None),
    "INI-2026-11": ("idea", D(2026, 9, 1), None),
    "INI-2026-12": ("in_progress", D(2024, 11, 1), None),
}


def _msek(text):
    return int(Decimal(text) * MSEK)


def build(region):
    organisations = region["organisations"]
    admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    council = organisations.get("RSTY")
    if admin is None or council is None:
        return
    criteria = {code: Criterion.objects.create(code=code, name=name, aspect=aspect, description=text, scale_max=5,
                                               order=order)
                for order, (code, name, aspect, text) in enumerate(CRITERIA, start=1)}
    years = {}
    for year, capacity in YEARS.items():
        years[year] = PortfolioYear.objects.create(year=year, council=council, capacity=capacity)
        for code, weight in WEIGHTS[year].items():
            CriterionWeight.objects.create(portfolio_year=years[year], criterion=criteria[code], weight=weight)
    services = {s.external_id: s for s in Service.objects.exclude(external_id="")}
    for order, (code, name, source) in enumerate(indicator_demo.FOCUS_AREAS, start=1):
        FocusArea.objects.get_or_create(code=code, defaults={"name": name, "source": source, "order": order})
    focus = {f.code: f for f in FocusArea.objects.all()}
    for row in INITIATIVES:
        _initiative(row, organisations, services, focus, criteria, years, admin)


def _initiative(row, organisations, services, focus, criteria, years, admin):
    (code, title, need, need_of, proposer, owner, areas, links, funding, risks, costs, benefits) = row
    if proposer not in organisations or owner not in organisations:
        return
    initiative = Initiative.objects.create(
        code=code, title=title, need=need + " Exempel: påhittat för demon.", need_of=need_of,
        proposer=organisations[proposer], owner=organisations[owner], funding=funding, risks=risks,
        status=Initiative.Status.IDEA, status_changed_on=D(2025, 1, 15))
    initiative.focus_areas.set([focus[a] for a in areas if a in focus])
    for external_id, effect in links:
        if external_id in services:
            InitiativeService.objects.create(initiative=initiative, service=services[external_id], effect=effect)
    for year, (investment, running) in costs.items():
        InitiativeCost.objects.create(initiative=initiative, year=year, estimated_investment=_msek(investment),
                                      estimated_running=_msek(running))
    for kind, text, measure, unit, baseline, target, target_year in benefits:
        actions.add_benefit(user=admin, initiative=initiative, kind=kind, description=text, measure=measure,
                            unit=unit, baseline=Decimal(baseline), target=Decimal(target), target_year=target_year)
    for year, scores in SCORES.get(code, {}).items():
        actions.record_assessment(
            user=admin, initiative=initiative, portfolio_year=years[year],
            scores={criteria[c]: s for c, s in zip(ORDER, scores, strict=True)},
            summary="Bedömd av styrningsfunktionen på regionledningskontoret.",
            assessed_on=D(year, 2, 1) if year == 2025 else D(2026, 3, 2))
    _status(initiative, admin)


def _status(initiative, admin):
    status, on, decided = STATUSES.get(initiative.code, ("assessed", None, None))
    initiative.refresh_from_db()
    if decided:
        number, decided_on, amount = decided
        initiative.status = Initiative.Status.PRIORITISED
        initiative.save()
        try:
            bearer = actions.running_cost_bearer(initiative, actions.latest_assessment(initiative).portfolio_year)
        except Exception:  # a service the register lacks: the demo leaves the initiative as it is
            return
        decision = decision_actions.record_decision(
            body=bearer, decided_on=decided_on, registry_number=f"{bearer.code[:6]} {number}",
            title=f"Exempel: investeringsbeslut för {initiative.title}",
            text="Exempel: påhittat för demon. Nämnden som bär driftkostnaden beslutar investeringen efter "
                 "värderingen.")
        actions.decide_investment(initiative=initiative, decision=decision, amount=_msek(amount), by=admin)
        initiative.refresh_from_db()
    if status != initiative.status:
        initiative.status = status
        initiative.status_changed_on = on or initiative.status_changed_on
        initiative.save()
