"""The unit's result page: figures per dimension, category and point, change since the previous round where
comparable, the radar chart (SVG content, a table beside it), and comparison with the region or another
organisation."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from core import charts
from organisations.tests import factories as org_factories

from ..queries_results import previous_round, region_means
from . import factories as f
from . import factories_analysis as fa

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return fa.world()


@pytest.fixture
def reader(client):
    client.force_login(org_factories.user("lasare-t"))
    return client


def _page(reader, world, **query):
    return reader.get(reverse("maturity:unit-result", args=[world["r26"].pk, world["primary"].pk]), query)


def test_previous_round_is_the_units_latest_earlier_round_on_the_same_model_code(world):
    assert previous_round(world["r26"], world["primary"]) == world["r25"]
    assert previous_round(world["r25"], world["primary"]) is None


def test_change_is_shown_where_comparable_and_flagged_where_not(world, reader):
    response = _page(reader, world)
    assert response.status_code == 200
    rows = {r["item"].code: r for r in response.context["rows"]["category"]}
    assert rows["a"]["change"] == Decimal("0.5") and rows["a"]["comparable"] is True
    assert rows["b"]["comparable"] is False and rows["b"]["change"] is None and rows["b"]["previous"] is None
    points = {r["item"].code: r for r in response.context["rows"]["point"]}
    assert points["b2"]["comparable"] is False and points["b1"]["change"] == 0
    text = response.content.decode()
    assert "Inte jämförbart med föregående mätning" in text and "b2, c2" in text
    assert "inte jämförbar" in text


def test_radar_chart_carries_both_rounds_with_a_text_alternative_and_a_table(world, reader):
    response = _page(reader, world)
    svg = response.context["chart"]
    assert svg.startswith("<svg") and 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert "Kategori A" in svg and "Mätning 2026" in svg and "Mätning 2025" in svg
    assert "style=" not in svg  # CSP: presentation attributes only
    # the category changed between versions has no value for last year: a gap, said in the table as –
    assert response.context["chart_rows"][1] == ["Kategori B", "3,5", "–"]
    assert "Visa siffrorna som tabell" in response.content.decode()


def test_radar_chart_is_the_same_bytes_for_the_same_figures():
    arguments = dict(chart_id="r", title="T", description="D", categories=["A", "B", "C"],
                     series=[("2026", [3, Decimal("2.5"), None])], scale=(1, 5))
    first = charts.radar_chart(**arguments)
    cache.clear()  # drawn again, not read from the cache
    assert charts.radar_chart(**arguments) == first
    assert '<title id="r-title">T</title>' in first


def test_region_mean_is_the_mean_of_units(world, reader):
    assert region_means(world["r26"])["a"] == Decimal("2.5")
    response = _page(reader, world, other="region")
    rows = {r["item"].code: r for r in response.context["rows"]["category"]}
    assert rows["c"]["other"] == Decimal("2.0")
    assert "Medelvärde för regionens enheter" in response.context["chart"]


def test_another_organisation_on_the_same_version_is_compared(world, reader):
    f.external_result(model=world["v2"], code="a", mean="2.2")
    response = _page(reader, world, other="Region Exempel|2026")
    rows = {r["item"].code: r for r in response.context["rows"]["category"]}
    assert rows["a"]["other"] == Decimal("2.2")
    assert "Region Exempel 2026" in response.context["chart"]


def test_another_organisation_on_an_older_version_is_flagged(world, reader):
    f.external_result(model=world["v1"], code="b", mean="2.2")
    f.external_result(model=world["v1"], code="a", mean="2.1")
    response = _page(reader, world, other="Region Exempel|2026")
    rows = {r["item"].code: r for r in response.context["rows"]["category"]}
    assert rows["a"]["other"] == Decimal("2.1")
    assert rows["b"]["other"] is None and rows["b"]["other_comparable"] is False


def test_a_unit_without_results_says_so(reader, world):
    other = f.unit(world["slso"], "SLSO-TOM")
    response = reader.get(reverse("maturity:unit-result", args=[world["r26"].pk, other.pk]))
    assert response.status_code == 200 and "har inga sammanställda resultat" in response.content.decode()


def test_the_pages_need_sign_in(client, world):
    response = client.get(reverse("maturity:heatmap", args=[world["r26"].pk]))
    assert response.status_code == 302


def test_a_dollar_in_a_name_is_drawn_as_a_dollar_not_read_as_mathematics():
    svg = charts.radar_chart(chart_id="d", title="T", description="D", categories=["$\\foo{$", "B", "C"],
                             series=[("Enhet $1", [3, 2, 4])], scale=(1, 5))
    assert svg.startswith("<svg") and "$\\foo{$" in svg
