"""One journey in a real browser: SLSO's editor opens a unit's maturity result, sees it against last year's on the
radar chart (with the changed point flagged), then compares it with another region's result."""

import pytest

from conftest import sign_in
from organisations.models import Organisation
from styr import demo

from . import factories as f
from . import factories_analysis as fa

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_slso_compares_a_units_result_with_last_year_on_the_radar_chart(page, live_server):
    demo.build()
    slso = Organisation.objects.get(code="SLSO")
    world = fa.world()
    world["primary"].organisation = slso
    world["primary"].save()
    f.external_result(model=world["v2"], code="a", mean="2.2")
    sign_in(page, live_server, "slso")
    page.goto(f"{live_server.url}/mognad/matningar/{world['r26'].pk}/enheter/{world['primary'].pk}/")
    chart = page.locator("svg.chart")
    assert "Primärvården per kategori" in chart.locator("title").text_content()
    description = chart.locator("desc").text_content()
    assert "Mätning 2026" in description and "Mätning 2025" in description
    assert "Inte jämförbart med föregående mätning" in page.locator("main").inner_text()
    page.get_by_text("Visa siffrorna som tabell").click()
    table = page.locator("figure.chart-figure table")
    assert "Kategori A" in table.inner_text() and "2,5" in table.inner_text()
    page.get_by_label("Jämför med").select_option(label="Region Exempel 2026 (v2)")
    page.get_by_role("button", name="Visa").click()
    page.wait_for_url("**other=Region*")
    assert "Region Exempel 2026" in page.locator("svg.chart desc").text_content()
