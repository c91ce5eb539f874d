import os

import pytest
from hypothesis import HealthCheck, settings
from rest_framework.test import APIClient

from styr.demo import DEMO_PASSWORD

# No timed assertions in tests: Hypothesis's per-example deadline and its "too slow" health check fail a correct test
# on a busy machine (CI shares two cores with whatever else runs), so neither applies anywhere in the suite.
settings.register_profile("styr", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("styr")


@pytest.fixture
def api():
    return APIClient()


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
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{live_server.url}/")
