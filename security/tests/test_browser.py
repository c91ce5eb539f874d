"""The security journey in a real browser (Debian's Chromium through Playwright), signed in as real roles: a
service owner classifies a service's information, records a risk analysis and a risk, and sees the
classification and the risk matrix; a reader sees only what the visibility level allows."""

import pytest

from conftest import sign_in
from security.models import Classification
from services.models import Service
from services.queries import services_with_owner
from styr import demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _least_confidential_service_of_hsn():
    return (services_with_owner().filter(owner_code="HSN", classification__confidentiality__lt=3)
            .exclude(phase=Service.Phase.PLANNED).order_by("name").first())


def test_an_owner_classifies_and_analyses_a_service_and_a_reader_sees_only_its_letters(page, live_server):
    demo.build()
    service = _least_confidential_service_of_hsn()
    assert service is not None, "the demo has an HSN service classified below K3"
    sign_in(page, live_server, "hsn")
    page.goto(f"{live_server.url}{service.get_absolute_url()}")
    page.locator("#s-security > summary").click()  # the section loads when opened (issue 13)
    page.get_by_role("link", name="Lägg till informationsmängd").click()
    page.wait_for_url("**/information/ny/")
    page.get_by_label("Namn *", exact=True).fill("Vårdplaner")
    page.get_by_label("Personuppgifter *", exact=True).select_option("sensitive")
    page.get_by_label("Konfidentialitet").select_option("3")
    page.get_by_label("Riktighet").select_option("2")
    page.get_by_label("Tillgänglighet").select_option("2")
    page.get_by_role("button", name="Spara").click()
    notation = Classification.objects.get(service=service).notation
    assert notation.startswith("K3")
    classification = page.locator("#classification + p")
    assert notation in classification.inner_text() and "beräknad" in classification.inner_text().lower()
    assert page.get_by_role("cell", name="Vårdplaner", exact=True).count() == 1

    analyses = page.get_by_role("region", name="Riskanalyser")
    analyses.get_by_text("Registrera en riskanalys").click()  # opens the <details>
    analyses.get_by_label("Utfört den").fill("2026-11-02")
    analyses.get_by_label("Deltagare").fill("Sara Holm, Per Ek")
    analyses.get_by_label("Omfattning").fill("Vårdplanernas lagring och åtkomst")
    analyses.get_by_label("Omprövas senast").fill("2027-11-02")
    analyses.get_by_role("button", name="Registrera analysen").click()
    page.get_by_label("Beskrivning *", exact=True).fill("Obehörig läsning av vårdplaner")
    page.get_by_label("Sannolikhet *", exact=True).select_option("2")
    page.get_by_label("Konsekvens *", exact=True).select_option("3")
    page.get_by_role("button", name="Registrera risken").click()
    page.wait_for_selector("text=Obehörig läsning av vårdplaner")

    page.goto(f"{live_server.url}{service.get_absolute_url()}")
    page.locator("#s-security > summary").click()
    cell = page.locator('svg[role="img"] g.cell[data-likelihood="2"][data-consequence="3"]').first
    assert cell.get_attribute("data-count") == "1"
    assert service.name in page.locator('svg[role="img"] > title').first.text_content()

    # The reader: the service exists, with its owner and its letters, and nothing of its information or risks.
    page.context.clear_cookies()
    sign_in(page, live_server, "lasare")
    page.goto(f"{live_server.url}{service.get_absolute_url()}?sections=all")  # every section, as the reader may
    body = page.locator("main").inner_text()
    assert service.name in body and notation in body
    assert "Vårdplaner" not in body and "Obehörig läsning" not in body
    assert page.get_by_role("link", name="Lägg till informationsmängd").count() == 0
    assert page.locator('svg[role="img"]').count() == 0
