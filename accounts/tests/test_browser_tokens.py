"""API keys in Chromium: made on the page, shown once, used against the API, revoked after a confirmation."""

import pytest
import requests

from conftest import sign_in
from organisations.tests import factories as orgs
from styr.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_user_makes_a_key_uses_it_and_revokes_it(page, live_server):
    orgs.user("anna", password=DEMO_PASSWORD)
    sign_in(page, live_server, "anna")
    page.get_by_role("link", name="API-nycklar").click()
    page.get_by_label("Namn").fill("Ekonomisystemet")
    page.get_by_label("Giltig i (dagar)").fill("30")
    page.get_by_role("button", name="Skapa nyckel").click()
    secret = page.get_by_label("Nyckel", exact=True).input_value()
    api = f"{live_server.url}/api/services/"
    assert requests.get(api, headers={"Authorization": f"Bearer {secret}"}, timeout=10).status_code == 200

    page.goto(f"{live_server.url}/konto/api-nycklar/")  # a new visit, not the answer to the POST
    assert page.get_by_label("Nyckel", exact=True).count() == 0 and secret not in page.content()
    page.get_by_role("link", name="Återkalla Ekonomisystemet").click()
    page.get_by_role("button", name="Återkalla nyckeln").click()
    page.wait_for_selector("text=är återkallad")
    answer = requests.get(api, headers={"Authorization": f"Bearer {secret}"}, timeout=10)
    assert answer.status_code == 401 and "återkallades" in answer.json()["detail"]
