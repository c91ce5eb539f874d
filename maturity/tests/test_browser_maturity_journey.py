"""Issue 12's maturity journey, through the pages only, on the demo region's two rounds: SLSO's editor finds the 2026
result of SLSO-PRIMARVARD from the list of rounds, sees the radar chart with 2025 as the second series and the
change table with the rewritten point (arv-2-1, model version 2) flagged as not comparable, filters the heat map by
keyboard only, and opens the unit's action plan."""

import time

import pytest

from conftest import sign_in
from styr import demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _row(page, table, name):
    return page.locator(table).locator("tr", has=page.locator("th", has_text=name))


def test_a_unit_compares_its_maturity_with_last_year_and_finds_its_plan(page, live_server):
    started = time.monotonic()
    demo.build()
    built = time.monotonic()
    sign_in(page, live_server, "slso")
    page.goto(f"{live_server.url}/mognad/")
    page.get_by_role("link", name="Mognadsmätning 2026").click()
    page.get_by_role("link", name="Primärvården SLSO").click()
    assert page.locator("h1").inner_text() == "Primärvården SLSO (SLSO-PRIMARVARD)"
    main = page.locator("main")

    # The radar chart: 2026 and, as its second series, 2025 — in its text alternative and in its table.
    chart = page.locator("svg.chart")
    assert chart.locator("title").text_content() == "Primärvården SLSO per kategori"
    description = chart.locator("desc").text_content()
    assert "Mognadsmätning 2026" in description and "Mognadsmätning 2025" in description
    page.get_by_text("Visa siffrorna som tabell").click()
    headers = page.locator("figure.chart-figure thead th").all_inner_texts()
    assert headers == ["Kategori", "Mognadsmätning 2026", "Mognadsmätning 2025"]

    # The change since last year, and the point rewritten between the model versions flagged in Swedish.
    text = main.inner_text()
    assert "Jämfört med Mognadsmätning 2025, enhetens föregående mätning med samma modell." in text
    note = page.locator("p.not-comparable").first.inner_text()
    assert note.startswith("Inte jämförbart med föregående mätning: mätpunkterna ") and "arv-2-1" in note
    categories = "h2:has-text('Kategorier') + .table-wrap"
    changed = _row(page, categories, "Data och information").locator("td").nth(3).inner_text()
    assert changed == "inte jämförbar"
    kept = _row(page, categories, "Ledning och styrning").locator("td").nth(3).inner_text()
    assert "(var " in kept and kept != "inte jämförbar"
    point = _row(page, "h2:has-text('Mätpunkter') + .table-wrap", "arv-2-1").locator("td").nth(3).inner_text()
    assert point == "inte jämförbar"

    # The heat map of units × categories, filtered by keyboard only: Tab to the search field, type, Enter.
    page.get_by_role("link", name="Mätningens värmekarta").click()
    assert page.locator("h1").inner_text() == "Värmekarta: Mognadsmätning 2026"
    assert page.locator("table.heatmap tbody tr").count() == 8
    page.get_by_label("Organisation").focus()
    page.keyboard.press("Tab")
    page.keyboard.type("primär")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=prim*")
    rows = page.locator("table.heatmap tbody tr")
    assert rows.count() == 1 and "Primärvården SLSO" in rows.first.inner_text()
    assert rows.first.locator("td.heat").count() == 7  # seven categories, a number in every cell

    # Back to the unit, and on to its action plan: goals tied to categories, activities local or central.
    rows.first.get_by_role("link", name="Primärvården SLSO").click()
    page.get_by_role("link", name="Handlingsplan", exact=True).click()
    plan = page.locator("main").inner_text()
    assert "Mognadsmätning 2026" in plan and "Primärvården SLSO" in plan
    goals = page.locator("h2:has-text('Mål') + .table-wrap tbody tr")
    assert goals.count() >= 1 and "Inga mål" not in goals.first.inner_text()
    activities = page.locator("h2:has-text('Aktiviteter') + .table-wrap tbody").inner_text()
    assert "Lokalt" in activities and "Centralt" in activities
    print(f"demo {built - started:.1f} s, journey {time.monotonic() - built:.1f} s")
