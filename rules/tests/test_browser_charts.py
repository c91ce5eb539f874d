"""In a real browser the overview's chart is drawn under the page's policy, and its table opens by keyboard."""

import datetime

import pytest

from conftest import sign_in
from organisations.tests import factories as orgs
from rules.models import RuleSnapshot
from styr.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_findings_chart_is_an_image_with_its_table_one_keypress_away(page, live_server):
    for day, failing in ((1, 30), (2, 10)):
        RuleSnapshot.objects.create(taken_on=datetime.date(2026, 11, day), rule="R05-TESTAD", applicable=200,
                                    failing=failing)
    orgs.user("lasare", password=DEMO_PASSWORD)
    violations = []
    page.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))
    sign_in(page, live_server, "lasare")
    chart = page.get_by_role("img", name="Avvikelser över tid")
    assert chart.is_visible()
    figure = page.locator("figure", has=chart)
    table = figure.get_by_role("table")
    assert not table.is_visible()
    figure.get_by_text("Visa siffrorna som tabell").focus()
    page.keyboard.press("Enter")
    assert table.is_visible()
    assert table.get_by_role("row").nth(2).inner_text().split("\t") == ["2026-11-02", "200", "10", "95 %"]
    assert violations == []
