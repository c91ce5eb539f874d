"""The main journey in a real browser: Debian's Chromium driven by Playwright, signed in as a real role."""

import os

import pytest

from styr import demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update"]


@pytest.fixture
def page():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: scripts/test.sh installs Debian's chromium package")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls in the test are fine.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        context = browser.new_context(locale="sv-SE")
        yield context.new_page()
        browser.close()


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{live_server.url}/")


def test_editor_finds_a_demo_service_edits_it_and_sees_the_change_in_history(page, live_server):
    demo.build()
    sign_in(page, live_server, "hsn")
    page.get_by_role("link", name="Tjänster", exact=True).click()
    page.get_by_label("Sök").fill("E-recept")
    page.get_by_role("button", name="Filtrera").click()
    page.get_by_role("link", name="E-recept").click()
    page.get_by_role("link", name="Redigera").click()
    page.get_by_label("Leverantör", exact=True).fill("Nordic Medtech AB")
    page.keyboard.press("Enter")  # the form submits by keyboard alone
    page.wait_for_selector("text=Dina ändringar sparades.")
    history = page.locator("#history + ol")
    assert "Nordic Medtech AB" in history.inner_text()
    assert "hsn" in history.inner_text()


def test_editor_of_another_board_is_not_offered_edit_and_is_refused(page, live_server):
    services = demo.build()
    sign_in(page, live_server, "slso")
    page.goto(f"{live_server.url}/tjanster/{services['HSF-041'].pk}/")
    assert page.get_by_role("link", name="Redigera").count() == 0
    response = page.goto(f"{live_server.url}/tjanster/{services['HSF-041'].pk}/andra/")
    assert response.status == 403
