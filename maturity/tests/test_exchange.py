"""The exchange file (docs/maturity-exchange.md): a round's aggregated results exported without small units,
imported back into ExternalResult as another region's, and bad files refused whole with row and column named."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from core import exports
from organisations.tests import factories as org_factories

from .. import exchange
from ..models import ExternalResult
from . import factories_analysis as fa

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return fa.world()


@pytest.fixture
def admin():
    return org_factories.user("admin-t", admin=True)


def _file(rows, header=exchange.COLUMNS):
    buffer = io.StringIO()
    exports.write_csv(buffer, header, rows)
    return buffer.getvalue().encode("utf-8")


def _row(**changes):
    row = {"model_code": "demo", "model_version": 2, "organisation": "Region Exempel", "period": "2026",
           "level": "category", "code": "a", "mean": "3.1", "respondents": 200}
    row.update(changes)
    return [row[c] for c in exchange.COLUMNS]


def test_export_pools_units_weighted_by_respondents_and_leaves_out_small_units(world):
    rows = list(exchange.export_rows(world["r26"], "Region Test"))
    # the geriatric unit has 4 respondents (< 5): left out of every figure; only the primary care's remain
    assert ["demo", 2, "Region Test", "2026", "total", "", Decimal("3.000"), 6] in rows
    assert ["demo", 2, "Region Test", "2026", "category", "a", Decimal("3.000"), 6] in rows
    assert not [r for r in rows if r[2] == "Danderyds sjukhus"]
    assert [r[2] for r in rows if r[4] == "total"] == ["Region Test", "Stockholms läns sjukvårdsområde"]


def test_export_pooling_is_hand_checked_when_both_units_count(world):
    rows = list(exchange.export_rows(world["r26"], "Region Test", min_respondents=1))
    # a: (3.0 × 6 + 2.0 × 4) / 10 = 2.6
    assert ["demo", 2, "Region Test", "2026", "category", "a", Decimal("2.600"), 10] in rows


def test_round_trip_export_then_import_as_another_region(world, admin, client):
    client.force_login(admin)
    response = client.get(reverse("maturity:exchange-export", args=[world["r26"].pk, "csv"]),
                          {"organisation": "Region Exempel"})
    assert response.status_code == 200
    assert response.content.decode("utf-8-sig").splitlines()[0] == ";".join(exchange.COLUMNS)
    result = exchange.import_external(user=admin, model=world["v2"], name="utbyte.csv", data=response.content)
    assert result.stored and not result.errors
    stored = ExternalResult.objects.get(organisation_name="Region Exempel", level="category", code="a")
    assert stored.mean == Decimal("3.000") and stored.respondents == 6 and stored.period == "2026"
    # imported again: the set is replaced, not doubled
    count = ExternalResult.objects.count()
    exchange.import_external(user=admin, model=world["v2"], name="utbyte.csv", data=response.content)
    assert ExternalResult.objects.count() == count


@pytest.mark.parametrize("changes, column, message", [
    ({"code": "zz"}, "code", "Modellen har ingen kategori zz."),
    ({"mean": "6.2"}, "mean", "1–5"),
    ({"model_version": 1}, "model_version", "version 1"),
    ({"model_code": "annan"}, "model_code", "annan"),
    ({"level": "enhet"}, "level", "enhet"),
    ({"respondents": 0}, "respondents", ""),
    ({"level": "total", "code": "a"}, "code", "En totalsiffra har ingen kod."),
])
def test_a_bad_row_names_row_and_column_and_stores_nothing(world, admin, changes, column, message):
    data = _file([_row(), _row(code="b"), _row(**changes, organisation="Region Fel")])
    result = exchange.import_external(user=admin, model=world["v2"], name="fel.csv", data=data)
    assert not result.stored and ExternalResult.objects.count() == 0
    [error] = result.errors
    assert error.row == 4 and error.column == column and message in error.message


def test_a_figure_twice_is_refused(world, admin):
    result = exchange.import_external(user=admin, model=world["v2"], name="dubbel.csv", data=_file([_row(), _row()]))
    assert [(e.row, e.column) for e in result.errors] == [(3, "code")] and not ExternalResult.objects.exists()


def test_a_file_without_the_columns_is_refused(world, admin):
    result = exchange.import_external(user=admin, model=world["v2"], name="fel.csv",
                                      data=_file([["a"]], header=["something"]))
    assert result.errors and not result.stored


def test_only_administrators_import(world):
    editor = org_factories.user("slso-t", editor_of=world["slso"])
    with pytest.raises(PermissionDenied):
        exchange.import_external(user=editor, model=world["v2"], name="x.csv", data=_file([_row()]))


def test_the_import_page_for_an_administrator_and_not_for_an_editor(world, admin, client):
    client.force_login(admin)
    upload = io.BytesIO(_file([_row(code="finns-ej")]))
    upload.name = "fel.csv"
    response = client.post(reverse("maturity:external"), {"model": world["v2"].pk, "file": upload})
    assert response.status_code == 400
    assert "Rad 2, kolumn code" in response.content.decode() and not ExternalResult.objects.exists()
    upload = io.BytesIO(_file([_row()]))
    upload.name = "ratt.csv"
    assert client.post(reverse("maturity:external"), {"model": world["v2"].pk, "file": upload}).status_code == 302
    assert ExternalResult.objects.count() == 1
    client.force_login(org_factories.user("slso-t", editor_of=world["slso"]))
    page = client.get(reverse("maturity:external"))
    assert page.status_code == 200 and 'type="file"' not in page.content.decode()
    assert "Region Exempel" in page.content.decode()
    upload.seek(0)
    assert client.post(reverse("maturity:external"), {"model": world["v2"].pk, "file": upload}).status_code == 403


def test_external_results_api_reads(world, admin, client):
    exchange.import_external(user=admin, model=world["v2"], name="ratt.csv", data=_file([_row()]))
    client.force_login(admin)
    answer = client.get("/api/maturity-external-results/", {"organisation": "Region Exempel"}).json()
    assert answer["results"][0]["code"] == "a" if "results" in answer else answer[0]["code"] == "a"
