"""One journey in a real browser: the council's secretary (rs-sekr) sees an initiative ranked above the line, moves
another above it with a reason, and records the ranking as decided."""

import pytest

from conftest import sign_in
from organisations.models import Organisation
from portfolio import ranking
from portfolio.models import PortfolioYear
from styr import demo

from .factories_ranking import assessed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_council_secretary_moves_an_initiative_and_records_the_ranking(page, live_server):
    demo.build()
    rsty = Organisation.objects.get(code="RSTY")
    year = PortfolioYear.objects.filter(year=2026).first() or PortfolioYear.objects.create(
        year=2026, council=rsty, capacity=1_000_000_00)
    # The demo's own placement above the line (portfolio/demo_ranking.py) comes first and takes its share of the
    # capacity: 1 Mkr is left for the initiatives below.
    placed = sum(row.cost for row in ranking.rank(year).rows if row.placement == "above")
    year.capacity = 1_000_000_00 + placed
    year.save()
    hsn = Organisation.objects.get(code="HSN")
    assessed(year, 95, 800_000_00, code="INI-T-A", proposer=hsn)
    assessed(year, 90, 800_000_00, code="INI-T-B", proposer=hsn)
    assessed(year, 40, 100_000_00, code="INI-T-C", proposer=hsn)
    sign_in(page, live_server, "rs-sekr")
    page.goto(f"{live_server.url}/portfolj/prioritering/2026/")
    row = page.locator("tr", has_text="INI-T-A")
    assert "Över linjen" in row.inner_text()
    page.get_by_role("link", name="Flytta INI-T-C").click()
    page.get_by_label("Över linjen").check()
    page.locator("textarea[name=reason]").fill("Krav i ny lag om sammanhållen vårddokumentation")
    page.get_by_role("button", name="Spara placeringen").click()
    page.wait_for_selector("text=INI-T-C placerades över linjen.")
    moved = page.locator("tr", has_text="INI-T-C")
    assert "Flyttad över: Krav i ny lag" in moved.inner_text() and "Över linjen" in moved.inner_text()
    page.get_by_label("Beslutsdatum").fill("2026-04-15")
    page.get_by_role("button", name="Registrera prioriteringsbeslutet").click()
    page.wait_for_selector("text=Prioriteringen 2026 som beslutad 2026-04-15")
    assert "INI-T-C" in page.locator("table").inner_text()
