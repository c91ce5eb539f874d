"""A transfer in Debian's Chromium: the owning board's editor requests it and attaches the analysis; the
secretariat of the body entitled to decide records the decision; the owner changes on the decided date."""

import datetime

import pytest

from conftest import sign_in
from styr import demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_transfer_goes_request_analysis_decision_and_changes_owner_on_the_decided_date(page, live_server):
    services = demo.build()
    today = datetime.date.today()
    takes_effect = today + datetime.timedelta(days=30)
    ersmo = f"{live_server.url}{services['HSF-002'].get_absolute_url()}"

    sign_in(page, live_server, "hsn")
    page.goto(ersmo)
    page.locator("#s-governance > summary").click()  # the section loads when opened (issue 13)
    page.get_by_role("link", name="Begär överlåtelse").click()
    page.get_by_label("Ny ägare").fill("Stockholms läns sjukvårdsområde (SLSO)")
    page.get_by_label("Orsak").fill("Ersättningsberäkningen sköts närmare vårdproduktionen.")
    page.get_by_role("button", name="Begär").click()
    page.wait_for_selector("text=Bifoga risk- och konsekvensanalysen")
    transfer_url = page.url
    # The requesting board's editor is not offered the decision.
    assert page.get_by_role("button", name="Registrera beslutet").count() == 0

    # The secretariat of Regionstyrelsen records the decision, then tries to decide before the analysis.
    sign_in(page, live_server, "rs-sekr")
    page.goto(f"{live_server.url}/beslut/ny/")
    page.get_by_label("Beslutande organ").fill("Regionstyrelsen")  # typed with suggestions (issue 13)
    page.get_by_label("Beslutsdatum").fill(today.isoformat())
    page.get_by_label("Diarienummer").fill(f"RS {today.year}-0900")
    page.get_by_label("Rubrik").fill("Exempel: överlåtelse av Ersmo till SLSO")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_selector(f"text=Beslutet RS {today.year}-0900 registrerades.")
    decision = f"RS {today.year}-0900 Exempel: överlåtelse av Ersmo till SLSO"
    page.goto(transfer_url)
    page.get_by_label("Beslut").select_option(label=decision)
    page.get_by_label("Gäller från").fill(takes_effect.isoformat())
    page.get_by_role("button", name="Registrera beslutet").click()
    page.wait_for_selector("text=En risk- och konsekvensanalys måste bifogas")

    sign_in(page, live_server, "hsn")
    page.goto(transfer_url)
    page.get_by_label("Risk- och konsekvensanalys").fill("Risk: avbrott i utbetalningar. Åtgärd: parallellkörning.")
    page.get_by_role("button", name="Bifoga analys").click()
    page.wait_for_selector("text=Risk- och konsekvensanalysen bifogades.")

    sign_in(page, live_server, "rs-sekr")
    page.goto(transfer_url)
    page.get_by_label("Beslut").select_option(label=decision)
    page.get_by_label("Gäller från").fill(takes_effect.isoformat())
    page.get_by_role("button", name="Registrera beslutet").click()
    page.wait_for_selector("text=Överlåtelsen beslutades.")

    # Decided for a later date: HSN stays the owner today, and the page says when it passes.
    page.goto(ersmo)
    facts = page.locator("dl.facts").inner_text()
    assert "Hälso- och sjukvårdsnämnden" in facts
    assert f"övergår till Stockholms läns sjukvårdsområde den {takes_effect.isoformat()}" in facts
