"""A transfer from request to decision in Debian's Chromium, by the owning board's editor."""

import pytest

from conftest import sign_in
from styr import demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
HSN_DECISION = "HSN 2021-0815 Överföring av ägarskapet för E-remiss till SLSO"


def test_editor_requests_analyses_and_decides_a_transfer(page, live_server):
    services = demo.build()
    sign_in(page, live_server, "hsn")
    page.goto(f"{live_server.url}{services['HSF-002'].get_absolute_url()}")
    page.get_by_role("link", name="Begär överlåtelse").click()
    page.get_by_label("Ny ägare").select_option(label="Stockholms läns sjukvårdsområde")
    page.get_by_label("Orsak").fill("Ersättningsberäkningen sköts närmare vårdproduktionen.")
    page.get_by_role("button", name="Begär").click()
    page.wait_for_selector("text=Bifoga risk- och konsekvensanalysen")

    # Deciding before the analysis is refused with the reason.
    page.get_by_label("Beslut").select_option(label=HSN_DECISION)
    page.get_by_role("button", name="Registrera beslutet").click()
    page.wait_for_selector("text=En risk- och konsekvensanalys måste bifogas")

    page.get_by_label("Risk- och konsekvensanalys").fill("Risk: avbrott i utbetalningar. Åtgärd: parallellkörning.")
    page.get_by_role("button", name="Bifoga analys").click()
    page.wait_for_selector("text=Risk- och konsekvensanalysen bifogades.")
    page.get_by_label("Beslut").select_option(label=HSN_DECISION)
    page.get_by_label("Gäller från").fill("2026-01-01")
    page.get_by_role("button", name="Registrera beslutet").click()
    page.wait_for_selector("text=Överlåtelsen beslutades.")

    page.goto(f"{live_server.url}{services['HSF-002'].get_absolute_url()}")
    facts = page.locator("dl.facts").inner_text()
    assert "Stockholms läns sjukvårdsområde" in facts
