"""Defining the digitalisation grade (indicators.grading) and its page (views_grade)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from indicators import grading, queries
from indicators.models import GradeDefinition, GradeWeight
from indicators.tests import factories as f
from organisations.tests import factories as orgs

pytestmark = pytest.mark.django_db
URL = "/indikatorer/digitaliseringsgrad/"


@pytest.fixture
def two():
    a, b = f.indicator("andel-a", name="Andel A"), f.indicator("andel-b", name="Andel B")
    for year, (va, vb) in {2025: (50, 100), 2026: (100, 100)}.items():
        for ind, value in ((a, va), (b, vb)):
            f.indicator_year(ind, year, target=Decimal(100))
            f.outcome(ind, year, Decimal(value))
    return a, b


def test_changing_the_weights_makes_a_new_version_and_leaves_the_old_one_and_other_years(two):
    a, b = two
    v1 = grading.define_grade(year=2026, weights={a: 1, b: 1}, based_on=0)
    grading.define_grade(year=2025, weights={a: 1, b: 1})
    v2 = grading.define_grade(year=2026, weights={a: 3, b: 1}, note="A väger tyngre", based_on=1)
    assert (v1.version, v2.version) == (1, 2)
    assert grading.weights_of(GradeDefinition.objects.get(pk=v1.pk)) == {a.pk: Decimal(1), b.pk: Decimal(1)}
    assert queries.grade_definition(2026) == v2
    assert queries.grade_definition(2025).version == 1


@pytest.mark.parametrize(("weights", "message"), [
    ("empty", "minst en indikator"),
    ("zero", "större än noll"),
    ("negative", "större än noll"),
    ("text", "ett tal"),
])
def test_bad_weights_are_refused_and_nothing_is_stored(two, weights, message):
    a, _b = two
    bad = {"empty": {}, "zero": {a: 0}, "negative": {a: -1}, "text": {a: "mycket"}}.get(weights, weights)
    with pytest.raises(ValidationError, match=message):
        grading.define_grade(year=2026, weights=bad)
    assert not GradeDefinition.objects.exists()


def test_the_same_weights_again_or_a_stale_version_is_refused(two):
    a, b = two
    grading.define_grade(year=2026, weights={a: 1, b: 1})
    with pytest.raises(ValidationError, match="redan"):
        grading.define_grade(year=2026, weights={a: 1, b: 1})
    with pytest.raises(ValidationError, match="Någon annan"):
        grading.define_grade(year=2026, weights={a: 2, b: 1}, based_on=0)  # someone made version 1 meanwhile
    assert GradeDefinition.objects.count() == 1


def test_last_years_definition_is_copied_to_a_new_year_once(two):
    a, b = two
    grading.define_grade(year=2025, weights={a: 2, b: 1})
    copy = grading.copy_definition(from_year=2025, to_year=2026)
    assert copy.version == 1 and grading.weights_of(copy) == {a.pk: Decimal(2), b.pk: Decimal(1)}
    with pytest.raises(ValidationError):
        grading.copy_definition(from_year=2025, to_year=2026)
    with pytest.raises(ValidationError):
        grading.copy_definition(from_year=2020, to_year=2021)


def test_the_page_shows_the_grade_its_trend_and_what_moved_each_part(client, two):
    a, b = two
    grading.define_grade(year=2025, weights={a: 1, b: 1})
    grading.define_grade(year=2026, weights={a: 1, b: 1})
    client.force_login(orgs.user())
    page = client.get(URL, {"year": 2026})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Digitaliseringsgrad 2026" in text and "<strong>100,0</strong>" in text and "året innan: 75,0" in text
    assert 'role="img"' in text and "Visa siffrorna som tabell" in text  # the trend chart and its table
    parts = {p["indicator"].code: p for p in page.context["grade"]["parts"]}
    assert parts["andel-a"]["change"] == Decimal("25.0") and parts["andel-b"]["change"] == Decimal("0.0")
    assert "Ändra vikterna" not in text  # the form is for administrators


def test_an_administrator_changes_the_weights_through_the_form(client, two):
    a, b = two
    c = f.indicator("andel-c", name="Andel C")
    grading.define_grade(year=2026, weights={a: 1, b: 1})
    client.force_login(orgs.user(admin=True))
    assert "Ändra vikterna" in client.get(URL, {"year": 2026}).content.decode()
    response = client.post(URL + "vikter/", {"year": 2026, f"w{a.pk}": "3", f"w{b.pk}": "0",
                                             "add_indicator": "andel-c – Andel C", "add_weight": "1",
                                             "note": "B utgår", "based_on": 1})
    assert response.status_code == 302
    definition = queries.grade_definition(2026)
    assert definition.version == 2 and grading.weights_of(definition) == {a.pk: Decimal(3), c.pk: Decimal(1)}


def test_the_weights_form_names_bad_input_and_stores_nothing(client, two):
    a, _b = two
    grading.define_grade(year=2026, weights={a: 1})
    client.force_login(orgs.user(admin=True))
    response = client.post(URL + "vikter/", {"year": 2026, f"w{a.pk}": "1", "add_indicator": "finns-inte",
                                             "add_weight": "1", "note": "x", "based_on": 1})
    assert response.status_code == 400 and "finns-inte" in response.content.decode()
    response = client.post(URL + "vikter/", {"year": 2026, f"w{a.pk}": "", "note": "x", "based_on": 1})
    assert response.status_code == 400 and "minst en indikator" in response.content.decode()
    response = client.post(URL + "vikter/", {"year": "x\x00", "based_on": "y"})
    assert response.status_code == 400
    assert GradeDefinition.objects.count() == 1 and GradeWeight.objects.count() == 1


def test_only_administrators_change_or_copy_the_definition(client, two):
    a, _b = two
    client.force_login(orgs.user(editor_of=f.region()))
    assert client.post(URL + "vikter/", {"year": 2026, "add_indicator": "andel-a", "add_weight": 1, "note": "x",
                                         "based_on": 0}).status_code == 403
    assert client.post(URL + "kopiera/", {"year": 2026}).status_code == 403
    assert not GradeDefinition.objects.exists()
    assert a.pk


def test_indicator_suggestions_as_one_types(client, two):
    client.force_login(orgs.user())
    response = client.get(URL + "indikatorer/", {"add_indicator": "Andel B"})
    assert response.status_code == 200 and "andel-b – Andel B" in response.content.decode()
    assert "andel-a" not in response.content.decode()


def test_the_computed_page_and_compute_now_for_the_governance_office(client):
    region = f.region()
    reader = orgs.user()
    client.force_login(reader)
    page = client.get("/indikatorer/registerindikatorer/")
    assert page.status_code == 200 and "nu</button>" not in page.content.decode()
    assert client.post("/indikatorer/registerindikatorer/berakna/").status_code == 403
    client.force_login(orgs.user(editor_of=region))
    response = client.post("/indikatorer/registerindikatorer/berakna/", follow=True)
    assert response.status_code == 200
    assert "beräknade från registret" in response.content.decode()
    assert datetime.date.today().strftime("%Y-%m-%d") in response.content.decode() or "–" in response.content.decode()


def test_the_api_answers_the_grade_of_a_year_with_its_parts(client, two):
    a, b = two
    grading.define_grade(year=2025, weights={a: 1, b: 1})
    grading.define_grade(year=2026, weights={a: 3, b: 1})
    client.force_login(orgs.user())
    answer = client.get("/api/grade/", {"year": 2026}).json()
    assert answer["value"] == "100.0" and answer["previous"] == "75.0"
    assert answer["definition"] == {"year": 2026, "version": 1, "note": ""}
    assert [(p["indicator"], p["weight"], p["points"], p["change"]) for p in answer["parts"]] == [
        ("andel-a", "3.0000", "75.0", "50.0"), ("andel-b", "1.0000", "25.0", "-25.0")]
    assert client.get("/api/grade/", {"year": 1999}).status_code == 400
    assert client.get("/api/grade/", {"year": "x"}).status_code == 400
    assert client.get("/api/grade/", {"year": 2030}).json()["definition"] is None
    assert client.post("/api/grade/", {}).status_code == 405
