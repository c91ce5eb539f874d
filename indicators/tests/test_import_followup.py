"""Import of outcomes, targets and forecasts: checked by the API's serializers, stored through the actions
(deviations evaluated), all or nothing, errors by row and column, only indicators the importer may edit."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from indicators import imports
from indicators.models import Deviation, IndicatorYear, Outcome

from . import factories as f
from . import factories_followup as ff

pytestmark = pytest.mark.django_db
D = Decimal
HEADER = "indicator;year;period;outcome;source;target;forecast\r\n"


def _csv(*rows):
    return (HEADER + "".join(";".join(row) + "\r\n" for row in rows)).encode()


def test_a_file_stores_outcomes_targets_and_forecasts_and_again_changes_nothing():
    indicator = f.indicator()
    data = _csv(["e-tjanster", "2025", "year", "55,5", "1177-statistik", "60", ""],
                ["e-tjanster", "2026", "Q1", "58", "1177-statistik", "65", "50"])
    result = imports.import_figures("utfall.csv", data, user=ff.admin())
    assert result.stored and result.errors == []
    assert Outcome.objects.get(year=2025).value == D("55.5")
    assert IndicatorYear.objects.get(year=2026).forecast == D(50)
    assert Deviation.objects.filter(indicator=indicator, basis="forecast", year=2026).exists()  # 65 − 50 > 5
    again = imports.import_figures("utfall.csv", data, user=ff.admin())
    assert again.stored and again.created == again.updated == 0 and again.unchanged == 4


def test_bad_rows_are_named_by_row_and_column_and_nothing_is_stored():
    f.indicator()
    f.indicator(code="beraknad", kind="computed", computation="r01")
    data = _csv(["e-tjanster", "2025", "year", "55", "1177", "", ""],
                ["finns-inte", "2025", "year", "1", "x", "", ""],
                ["e-tjanster", "1800", "year", "1", "x", "", ""],
                ["e-tjanster", "2026", "Q7", "abc", "", "", ""],
                ["beraknad", "2025", "year", "1", "x", "", ""],
                ["e-tjanster", "2025", "year", "56", "1177", "", ""],
                ["e-tjanster", "2027", "", "", "", "", ""])
    result = imports.import_figures("utfall.csv", data, user=ff.admin())
    assert not result.stored and not Outcome.objects.exists()
    named = {(e.row, e.column) for e in result.errors}
    assert {(3, "indicator"), (4, "year"), (5, "period"), (5, "outcome"), (5, "source"), (6, "outcome"),
            (7, "year"), (8, "outcome")} <= named
    assert all(str(e).startswith(f"row {e.row}, column {e.column}") for e in result.errors)


def test_only_indicators_the_importer_may_edit():
    f.indicator(owner=ff.board())
    result = imports.import_figures("u.csv", _csv(["e-tjanster", "2025", "year", "1", "x", "", ""]),
                                    user=ff.office())
    assert not result.stored and result.errors[0].column == "indicator" and "HSN" not in result.errors[0].message
    ok = imports.import_figures("u.csv", _csv(["e-tjanster", "2025", "year", "1", "x", "", ""]),
                                user=ff.board_editor())
    assert ok.stored


def test_xlsx_and_the_page(client):
    f.indicator()
    book = openpyxl.Workbook()
    book.active.append(["indicator", "year", "target"])
    book.active.append(["e-tjanster", 2026, 70])
    stream = io.BytesIO()
    book.save(stream)
    stream.seek(0)
    stream.name = "mal.xlsx"
    client.force_login(ff.office())
    answer = client.post("/indikatorer/import/", {"file": stream})
    assert answer.status_code == 200 and "Skapade 1" in answer.text
    assert IndicatorYear.objects.get().target == D(70)
    bad = io.BytesIO(b"no;header\r\n1;2\r\n")
    bad.name = "x.csv"
    refused = client.post("/indikatorer/import/", {"file": bad})
    assert refused.status_code == 200 and "indicator" in refused.text
    client.force_login(ff.reader())
    assert client.get("/indikatorer/import/").status_code == 403


def test_the_command(tmp_path):
    f.indicator()
    good = tmp_path / "utfall.csv"
    good.write_bytes(_csv(["e-tjanster", "2025", "year", "55", "1177", "", ""]))
    out = io.StringIO()
    call_command("import_indicators", str(good), stdout=out)
    assert "created 1" in out.getvalue()
    bad = tmp_path / "fel.csv"
    bad.write_bytes(_csv(["e-tjanster", "2025", "year", "55", "", "", ""]))
    with pytest.raises(CommandError, match="nothing was stored"):
        call_command("import_indicators", str(bad), stderr=io.StringIO())
    with pytest.raises(CommandError):
        call_command("import_indicators", str(tmp_path / "saknas.csv"))
