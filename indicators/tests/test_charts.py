"""The overview's chart of the digitalisation grade: its trend in words and in a table, forecasts apart."""

import datetime
import re
from decimal import Decimal

import pytest

from organisations.tests import factories as orgs

from . import factories as f

pytestmark = pytest.mark.django_db
THIS = datetime.date.today().year
LAST = THIS - 1


def grade_figure(page):
    start = page.index('aria-labelledby="grade-trend-title grade-trend-desc"')
    return page[page.rindex("<figure", 0, start):page.index("</figure>", start)]


def rows(html):
    return [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row) for row in re.findall(r"<tr>(.*?)</tr>", html)][1:]


@pytest.fixture
def two_years():
    """Two indicators, weighted 1 and 3, counted by hand:
    last year: A 45 of target 60 (0.75), B 90 of 100 (0.9) → (0.75 + 3 × 0.9) / 4 = 86.25 → 86.3;
    this year: no outcomes; on forecasts A 60 of 60 (1), B 50 of 100 (0.5) → (1 + 1.5) / 4 = 62.5."""
    a = f.indicator("a", name="A")
    b = f.indicator("b", name="B")
    for year in (LAST, THIS):
        f.indicator_year(a, year, target=Decimal(60), forecast=Decimal(60) if year == THIS else None)
        f.indicator_year(b, year, target=Decimal(100), forecast=Decimal(50) if year == THIS else None)
        f.grade_definition(year, weights={a: Decimal(1), b: Decimal(3)})
    f.outcome(a, LAST, Decimal(45))
    f.outcome(b, LAST, Decimal(90))


def test_the_overview_draws_the_grade_per_year_with_the_forecast_apart(client, two_years):
    client.force_login(orgs.user())
    page = client.get("/").content.decode()
    chart = grade_figure(page)
    assert '<title id="grade-trend-title">Digitaliseringsgraden per år</title>' in chart
    assert f"Digitaliseringsgraden var 86,3 {LAST}. Enligt årets prognoser är den 62,5." in chart
    assert rows(chart) == [[str(LAST), "86,3", "–"], [str(THIS), "–", "62,5"]]
    assert ">Prognos<" in chart and ">Utfall<" in chart  # the legend names both lines
    assert "style=" not in page and "<style" not in page


def test_the_grade_rising_over_years_is_said_in_words(client, two_years):
    c = f.indicator("c", name="C")
    f.indicator_year(c, LAST - 1, target=Decimal(60))
    f.outcome(c, LAST - 1, Decimal(30))
    f.grade_definition(LAST - 1, weights={c: Decimal(1)})  # 30 of 60 → 50.0
    client.force_login(orgs.user())
    chart = grade_figure(client.get("/").content.decode())
    assert f"Digitaliseringsgraden gick från 50,0 {LAST - 1} till 86,3 {LAST}." in chart
    assert rows(chart)[0] == [str(LAST - 1), "50,0", "–"]


def test_without_a_grade_definition_the_panel_says_so(client):
    client.force_login(orgs.user())
    page = client.get("/").content.decode()
    assert "Ingen digitaliseringsgrad är fastställd ännu." in page and "grade-trend" not in page
