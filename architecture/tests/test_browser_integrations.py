"""One journey in a real browser: HSN's editor opens Ersmo, edits an integration it receives (typing the producer
with suggestions) and sees the change in the panel."""

import pytest

from conftest import sign_in
from styr import demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_hsn_edits_an_integration_its_service_receives(page, live_server):
    services = demo.build()
    sign_in(page, live_server, "hsn")
    page.goto(f"{live_server.url}{services['HSF-002'].get_absolute_url()}#integrations")
    page.get_by_role("link", name="Ändra integrationen från Kodservern").click()
    producer = page.get_by_label("Producent")
    producer.fill("Kodserv")
    page.wait_for_selector("#producer-options option[value='Kodservern (HSF-011)']", state="attached")
    producer.fill("Kodservern (HSF-011)")
    page.get_by_label("Kritikalitet").select_option(label="Hög")
    page.get_by_label("För över (fritext)").fill("Diagnoskoder ICD-10-SE")
    page.get_by_role("button", name="Spara integrationen").click()
    page.wait_for_selector("text=Integrationen sparades.")
    panel = page.locator("#integrations-in + .table-wrap")
    assert "Diagnoskoder ICD-10-SE" in panel.inner_text() and "Hög" in panel.inner_text()
