"""Comparability across model versions (a changed point and its category are flagged, never compared), comparisons
between units and between rounds, the refusal across different models, and the exports."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from organisations.tests import factories as org_factories

from ..comparison import NotComparable, comparability
from ..models import Round
from . import factories_analysis as fa

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return fa.world()


@pytest.fixture
def reader(client):
    client.force_login(org_factories.user("lasare-t"))
    return client


def test_a_point_with_changed_text_is_not_comparable_nor_its_category(world):
    verdict = comparability(world["v2"], world["v1"])
    assert verdict.points == {"a1": True, "a2": True, "b1": True, "b2": False, "c1": True, "c2": False}
    assert verdict.categories == {"a": True, "b": False, "c": False}
    assert verdict.dimensions == {"formaga": False, "arv": False}
    assert verdict.changed_points == ["b2", "c2"]
    assert not verdict.comparable("total", "")


def test_scale_and_weight_changes_break_comparability_too(world):
    v3 = fa.model_version(version=3)
    v3.points.filter(code="a1").update(scale_max=7)
    v3.points.filter(code="c1").update(weight=Decimal(2))
    verdict = comparability(fa.model_version(version=4), v3)
    assert verdict.changed_points == ["a1", "c1"]
    assert verdict.categories["b"] is True


def test_the_same_version_is_comparable_throughout(world):
    verdict = comparability(world["v1"], world["v1"])
    assert all(verdict.points.values()) and all(verdict.categories.values()) and verdict.same_version


def test_models_of_different_codes_are_refused(world):
    with pytest.raises(NotComparable):
        comparability(world["v1"], fa.model_version(code="annan"))


def test_two_rounds_compared_by_the_regions_means_flag_the_changed_category(world, reader):
    url = reverse("maturity:compare", args=[world["r26"].pk])
    response = reader.get(url, {"other_round": world["r25"].pk})
    assert response.status_code == 200
    rows = {r["item"].code: r for r in response.context["rows"]}
    # a: (3.0 + 2.0) / 2 = 2.5 now, (2.5 + 1.5) / 2 = 2.0 then: +0.5; b and c changed between versions
    assert rows["a"]["values"] == [Decimal("2.500"), Decimal("2.000")] and rows["a"]["change"] == Decimal("0.500")
    assert rows["b"]["comparable"] is False and rows["b"]["values"][1] is None and rows["b"]["change"] is None
    text = response.content.decode()
    assert "inte jämförbar" in text and "b2, c2" in text


def test_rounds_on_different_models_are_refused_with_a_message(world, reader):
    other = Round.objects.create(model=fa.model_version(code="annan"), name="Annan mätning",
                                 period_start=datetime.date(2024, 1, 1), period_end=datetime.date(2024, 2, 1))
    response = reader.get(reverse("maturity:compare", args=[world["r26"].pk]), {"other_round": other.pk})
    assert response.status_code == 400
    assert "olika modeller" in response.content.decode()
    assert response.context["rows"] == []


def test_units_side_by_side(world, reader):
    response = reader.get(reverse("maturity:compare", args=[world["r26"].pk]),
                          {"unit": ["Primärvården (SLSO-PV)", "DS-GER"]})
    assert response.status_code == 200
    rows = {r["item"].code: r["values"] for r in response.context["rows"]}
    assert rows["a"] == [Decimal("3.000"), Decimal("2.000")]


def test_an_unknown_unit_is_named(world, reader):
    response = reader.get(reverse("maturity:compare", args=[world["r26"].pk]), {"unit": ["FINNS-EJ"]})
    assert response.status_code == 400 and "FINNS-EJ" in response.content.decode()


def test_comparison_export_flags_what_is_not_comparable(world, reader):
    response = reader.get(reverse("maturity:compare-export", args=[world["r26"].pk, "xlsx"]),
                          {"other_round": world["r25"].pk})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("category_code", "category", "Mätning 2026", "Mätning 2025", "change", "comparable")
    assert rows[1][0] == "a" and rows[1][4] == 0.5 and rows[1][5] == "ja"
    assert rows[2][0] == "b" and rows[2][3] is None and rows[2][5] == "nej"


def test_heat_map_pages_and_filters_by_organisation(world, reader):
    url = reverse("maturity:heatmap", args=[world["r26"].pk])
    response = reader.get(url, {"organisation": "DS-T"})
    assert response.status_code == 200
    assert [row["unit"].code for row in response.context["rows"]] == ["DS-GER"]
    cells = response.context["rows"][0]["cells"]
    assert [(r.mean, css) for r, css in cells] == [(Decimal("2.000"), "heat-2"), (Decimal("2.500"), "heat-2"),
                                                    (Decimal("1.500"), "heat-1")]
    assert reader.get(url, {"organisation": "NOPE"}).status_code == 400


def test_heat_map_export(world, reader):
    response = reader.get(reverse("maturity:heatmap-export", args=[world["r26"].pk, "csv"]))
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "unit_code;unit;organisation;a;b;c"
    assert lines[1] == "DS-GER;Geriatriken;Danderyds sjukhus;2.000;2.500;1.500"
