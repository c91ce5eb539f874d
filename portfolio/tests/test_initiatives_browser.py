"""One journey in a real browser: HSN's editor proposes an initiative through the pages (typing the service with
suggestions) and the governance office (styrning) assesses its value."""

import pytest

from conftest import sign_in
from portfolio.models import Criterion, Initiative
from styr import demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_board_proposes_and_the_governance_office_assesses(page, live_server):
    demo.build()
    sign_in(page, live_server, "hsn")
    page.goto(f"{live_server.url}/portfolj/initiativ/")
    page.get_by_role("link", name="Föreslå ett initiativ").click()
    page.get_by_label("Rubrik").fill("Digital egenregistrering av symtom")
    page.locator("#id_need").fill("Invånare vill beskriva sina symtom innan besöket.")
    page.get_by_label("Vems behov").select_option(label="Invånare")
    page.get_by_label("Föreslaget av").fill("Hälso- och sjukvårdsnämnden (HSN)")
    page.get_by_role("button", name="Spara initiativet").click()
    page.wait_for_selector("text=föreslogs")
    page.get_by_role("link", name="Lägg till en tjänst").click()
    service = page.locator("#id_service")
    service.fill("Hänvisning")
    page.wait_for_selector("#service-options option[value='Hänvisningsstödet (HSF-021)']", state="attached")
    service.fill("Hänvisningsstödet (HSF-021)")
    page.get_by_label("Effekt").select_option(label="Ändrar tjänsten")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_selector("text=Hänvisningsstödet")
    initiative = Initiative.objects.get(title="Digital egenregistrering av symtom")
    assert initiative.owner.code == "HSN" and initiative.status == "idea"

    page.context.clear_cookies()
    sign_in(page, live_server, "styrning")
    page.goto(f"{live_server.url}{initiative.get_absolute_url()}")
    page.get_by_role("link", name="Värdera nyttan för 2026").click()
    page.get_by_label("Värderad den").fill("2026-03-01")
    for criterion in Criterion.objects.all():
        page.get_by_label(f"{criterion.name} (0–5)").fill("4")
    page.get_by_role("button", name="Registrera värderingen").click()
    page.wait_for_selector("text=Nyttovärderingen registrerades.")
    assert "viktad poäng 80,000" in page.content()
    initiative.refresh_from_db()
    assert initiative.status == "assessed"
