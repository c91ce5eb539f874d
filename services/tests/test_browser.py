"""The main journey in a real browser: Debian's Chromium driven by Playwright, signed in as a real role."""

import pytest

from conftest import sign_in
from styr import demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

def test_editor_finds_a_demo_service_edits_it_and_sees_the_change_in_history(page, live_server):
    demo.build()
    sign_in(page, live_server, "hsn")
    page.get_by_role("link", name="Tjänster", exact=True).click()
    page.get_by_label("Sök").fill("E-recept")
    page.get_by_role("button", name="Filtrera").click()
    page.get_by_role("link", name="E-recept").click()
    page.get_by_role("link", name="Redigera", exact=True).click()
    page.get_by_label("Leverantör", exact=True).fill("Nordic Medtech AB")
    page.keyboard.press("Enter")  # the form submits by keyboard alone
    page.wait_for_selector("text=Dina ändringar sparades.")
    page.get_by_role("heading", name="Historik", exact=True).click()  # the section loads when opened (issue 13)
    history = page.locator("#s-history ol.history")
    history.wait_for()
    assert "Nordic Medtech AB" in history.inner_text()
    assert "hsn" in history.inner_text()


def test_editor_of_another_board_is_not_offered_edit_and_is_refused(page, live_server):
    services = demo.build()
    sign_in(page, live_server, "slso")
    page.goto(f"{live_server.url}/tjanster/{services['HSF-041'].pk}/")
    assert page.get_by_role("link", name="Redigera", exact=True).count() == 0
    response = page.goto(f"{live_server.url}/tjanster/{services['HSF-041'].pk}/andra/")
    assert response.status == 403
