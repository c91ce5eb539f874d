"""An organisation's page shows what it owns, uses and pays, this year against last, as small charts with
their words and tables — counted by hand from ownership periods, consumer records with their history,
recorded usage and allocation runs."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from costs import organisation_chart
from costs.models import AllocationLine, AllocationRun, Driver, Usage
from decisions.tests import factories as gov
from organisations.tests import factories as orgs
from services import actions
from services.models import Consumer
from services.tests import factories

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
THIS, LAST = TODAY.year, TODAY.year - 1
SP, NB = "\u202f", "\u00a0"  # the thin space between thousands, the no-break space before a unit


def figure(page, chart_id):
    start = page.index(f'aria-labelledby="{chart_id}-title {chart_id}-desc"')
    return page[page.rindex("<figure", 0, start):page.index("</figure>", start)]


def rows(html):
    return [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row) for row in re.findall(r"<tr>(.*?)</tr>", html)][1:]


def consumer(service, organisation, created, deleted=None):
    """A consumer record as the register held it: created (and deleted) on the given days, by its history."""
    record = Consumer.objects.create(service=service, organisation=organisation)
    history = Consumer.history.model.objects
    history.filter(id=record.pk).update(history_date=timezone.make_aware(datetime.datetime(*created)))
    if deleted:
        pk = record.pk
        record.delete()
        history.filter(id=pk, history_type="-").update(history_date=timezone.make_aware(datetime.datetime(*deleted)))


def run(year, figure, amounts, created_at=None):
    """An allocation run billing {organisation: öre}, on one service."""
    service = factories.service(name=f"Fördelad {year} {figure}")
    row = AllocationRun.objects.create(year=year, figure=figure, total_cost_ore=sum(amounts.values()),
                                       allocated_ore=sum(amounts.values()))
    AllocationLine.objects.bulk_create(
        AllocationLine(run=row, service=service, organisation=org, cost_type="operations", method="volume",
                       share=Decimal(1), amount_ore=amount) for org, amount in amounts.items())
    return row


@pytest.fixture
def hsn():
    """HSN, counted by hand:
    owns  — A (since 2020) and C (until this year's 1 January): 2 at last year's end; A and B (from this
            year's 1 January): 2 today;
    uses  — D (consumer since last March), E (consumer from last March until this February), F (usage recorded
            for last year): 3 last year; D, G (consumer since this January), H (usage recorded for this year):
            3 this year;
    pays  — last year's outcome run 1 234 567,89 kr → 1 234 568 kr; this year an outcome run of 700 kr
            stands before a later budget run of 500 kr."""
    hsn = orgs.organisation("HSN", name="Hälso- och sjukvårdsnämnden")
    other = orgs.organisation("SLSO")
    factories.service(owner=hsn, name="A")
    factories.service(owner=hsn, name="B", owner_from=datetime.date(THIS, 1, 1))
    c = factories.service(owner=hsn, name="C")
    actions.transfer_ownership(service=c, to=other, on_date=datetime.date(THIS, 1, 1), decision=gov.decision())
    d, e, f, g, h = (factories.service(owner=other, name=n) for n in "DEFGH")
    consumer(d, hsn, (LAST, 3, 1))
    consumer(e, hsn, (LAST, 3, 1), deleted=(THIS, 1, 1, 0, 0, 1))
    consumer(g, hsn, (THIS, 1, 1, 0, 0, 1))
    users = Driver.objects.create(code="users", name="Användare")
    Usage.objects.create(service=f, year=LAST, organisation=hsn, driver=users, volume=10)
    Usage.objects.create(service=h, year=THIS, organisation=hsn, driver=users, volume=10)
    run(LAST, "outcome", {hsn: 1_234_567_89, other: 1_00})
    run(THIS, "outcome", {hsn: 700_00})
    run(THIS, "budget", {hsn: 500_00})
    return hsn


def test_the_figures_are_counted_from_the_register_and_the_runs(hsn):
    assert organisation_chart.figures(hsn) == {"years": [LAST, THIS], "owned": [2, 2], "used": [3, 3],
                                               "paid": [1_234_568, 700]}


def test_the_organisation_page_draws_owns_uses_and_pays_with_words_and_tables(client, hsn):
    client.force_login(orgs.user())
    page = client.get(f"/organisationer/{hsn.pk}/").content.decode()
    assert "Äger, använder och betalar: i år mot i fjol" in page
    owns = figure(page, f"owns-{hsn.pk}")
    assert (f"Hälso- och sjukvårdsnämnden ägde 2 tjänster vid utgången av {LAST} och äger 2 i dag.") in owns
    assert rows(owns) == [[str(LAST), "2"], [f"{THIS} hittills", "2"]]
    uses = figure(page, f"uses-{hsn.pk}")
    assert f"Hälso- och sjukvårdsnämnden använde 3 tjänster {LAST} och 3 {THIS}." in uses
    pays = figure(page, f"pays-{hsn.pk}")
    assert (f"Hälso- och sjukvårdsnämnden fick 1{SP}234{SP}568{NB}kr fördelat {LAST} och 700{NB}kr {THIS}."
            in pays)
    assert rows(pays) == [[str(LAST), f"1{SP}234{SP}568{NB}kr"], [f"{THIS} hittills", f"700{NB}kr"]]
    assert "<summary>Visa siffrorna som tabell</summary>" in pays
    assert "style=" not in page and "<style" not in page


def test_a_year_without_an_allocation_run_is_a_dash_not_a_zero(client):
    tn = orgs.organisation("TN", name="Trafiknämnden")
    factories.service(owner=tn, name="Biljett")
    client.force_login(orgs.user())
    pays = figure(client.get(f"/organisationer/{tn.pk}/").content.decode(), f"pays-{tn.pk}")
    assert f"Trafiknämnden fick – fördelat {LAST} och – {THIS}." in pays
    assert rows(pays) == [[str(LAST), "–"], [f"{THIS} hittills", "–"]]


def test_an_organisation_with_nothing_gets_a_sentence_instead_of_empty_charts(client):
    empty = orgs.organisation("KN", name="Kulturnämnden")
    client.force_login(orgs.user())
    page = client.get(f"/organisationer/{empty.pk}/").content.decode()
    assert ("Kulturnämnden ägde och använde inga tjänster och fick ingen kostnad fördelad i fjol eller i år."
            in page)
    assert 'role="img"' not in page


def test_the_panel_reads_in_a_fixed_number_of_queries_whatever_the_size(hsn, django_assert_max_num_queries):
    for n in range(20):
        consumer(factories.service(owner=hsn, name=f"Fler {n}"), hsn, (LAST, 5, 1))
    with django_assert_max_num_queries(7):  # this year's use: the records counted, other services' usage counted
        assert organisation_chart.figures(hsn)["used"] == [23, 23]


def test_a_service_used_both_ways_or_by_two_drivers_counts_once(hsn):
    """D is a consumer of this year and also has usage recorded; H has usage by two drivers: still 3 services."""
    from services.models import Service

    transactions = Driver.objects.create(code="tx", name="Transaktioner")
    Usage.objects.create(service=Service.objects.get(name="D"), year=THIS, organisation=hsn, driver=transactions,
                         volume=5)
    Usage.objects.create(service=Service.objects.get(name="H"), year=THIS, organisation=hsn, driver=transactions,
                         volume=5)
    assert organisation_chart.figures(hsn)["used"] == [3, 3]
