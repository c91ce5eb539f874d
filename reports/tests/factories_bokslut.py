"""A small region with three years of follow-up, counted by hand, for the bokslut's tests."""

import datetime
from decimal import Decimal

from django.utils import timezone

from costs.models import AllocationLine, AllocationRun
from indicators.tests import factories as ind
from organisations.tests import factories as orgs
from rules.models import RuleSnapshot
from services.models import Service
from services.tests import factories as svc

HistoricalService = Service.history.model


def allocation(year, amounts, created=None):
    """A stored outcome run: amounts {(organisation, service): öre}."""
    run = AllocationRun.objects.create(year=year, figure="outcome", total_cost_ore=sum(amounts.values()),
                                       allocated_ore=sum(amounts.values()))
    if created is not None:
        AllocationRun.objects.filter(pk=run.pk).update(created_at=created)
    AllocationLine.objects.bulk_create(
        AllocationLine(run=run, service=service, organisation=organisation, cost_type="operations", method="common",
                       share=Decimal(1), amount_ore=amount)
        for (organisation, service), amount in amounts.items())
    return run


def backdate(service, when):
    """The service's history begins at `when` (it was registered then)."""
    HistoricalService.objects.filter(id=service.pk).update(
        history_date=timezone.make_aware(datetime.datetime.combine(when, datetime.time(12))))


THIS_YEAR = datetime.date.today().year  # the running year: the register "now" is in it


def world(year=THIS_YEAR):
    """Year-2 … year of follow-up; the register made today, with three services backdated to year-2."""
    region = ind.region()
    hsn = orgs.organisation("HSN", name="Hälso- och sjukvårdsnämnden")
    tn = orgs.organisation("TN", name="Trafiknämnden")
    area = ind.focus_area()
    # The region's entered indicator, HSN's own computed one, and TN's own (not in HSN's bokslut).
    e_services = ind.indicator("e-tjanster", owner=region, focus_area=area,
                               name="Andel invånare som använder 1177:s e-tjänster")
    owned = ind.indicator("agda", owner=hsn, focus_area=area, name="Andel tjänster med ägare", kind="computed",
                          computation="owned", source="Styrs register")
    ind.indicator("resor", owner=tn, name="Andel resor bokade digitalt", source="SL")
    for y, target, value in [(year - 2, 50, 40), (year - 1, 55, 57)]:
        ind.indicator_year(e_services, year=y, target=Decimal(target))
        ind.outcome(e_services, year=y, value=Decimal(value))
    ind.indicator_year(e_services, year=year, target=Decimal(60), forecast=Decimal(45))
    for y, target, value in [(year - 1, 90, 80), (year, 95, Decimal("96.5"))]:
        ind.indicator_year(owned, year=y, target=Decimal(target))
        ind.outcome(owned, year=y, value=value, source="", computed_on=datetime.date(y, 1, 1), query_version="1")
    for y in (year - 1, year):
        ind.grade_definition(y, {e_services: Decimal(1), owned: Decimal(1)})
    planned = ind.deviation(e_services, year=year, opened_on=datetime.date(year, 1, 1),
                            cause_analysis="Inloggningen är krånglig för äldre invånare.")
    ind.plan_action(planned, action="Kampanj för inloggning med BankID", responsible="Anna Andersson",
                    due=datetime.date(year, 12, 31))
    ind.deviation(owned, year=year, basis="outcome", value=Decimal(70), target=Decimal(95),
                  opened_on=datetime.date(year, 1, 1), period="Q1")

    domain = orgs.domain("vard", deciding_board=hsn, name="Vård")
    other_domain = orgs.domain("trafik", deciding_board=tn, name="Trafik")
    journal = svc.service(owner=hsn, domain=domain, name="Journal")
    remiss = svc.service(owner=hsn, domain=domain, name="Remiss", phase=Service.Phase.IN_TEST)
    old = svc.service(owner=hsn, domain=domain, name="Gammalt labbsystem")
    bus = svc.service(owner=tn, domain=other_domain, name="Reseplanerare")
    for service in (journal, old, bus):
        backdate(service, datetime.date(year - 2, 5, 1))  # registered before; Remiss is new this year
    old.phase = Service.Phase.BEING_DECOMMISSIONED
    old.save()
    old.phase = Service.Phase.DECOMMISSIONED
    old.save()  # decommissioned this year (today)

    today = datetime.date.today()
    for taken_on, failing in [(datetime.date(year, 1, 1), 2), (today, 0)]:
        RuleSnapshot.objects.create(taken_on=taken_on, rule="R01-AGARE", owner=hsn, applicable=2, failing=failing)
        RuleSnapshot.objects.create(taken_on=taken_on, rule="R01-AGARE", owner=tn, applicable=1, failing=1)

    allocation(year - 1, {(hsn, journal): 100_000_00, (tn, bus): 50_000_00})
    allocation(year, {(hsn, journal): 120_000_00, (hsn, remiss): 10_000_00, (tn, bus): 40_000_00})
    return {"year": year, "region": region, "hsn": hsn, "tn": tn, "e_services": e_services, "owned": owned,
            "journal": journal, "remiss": remiss, "old": old, "bus": bus}
