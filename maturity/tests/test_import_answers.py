"""Import of a round's answers: both shapes, every kind of bad file names row and column and stores nothing."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import Workbook

from core.tables import ImportFileError
from maturity import imports
from maturity.models import Answer, Response, Result
from organisations.tests import factories as org

from . import factories as f
from .factories_rounds import small_round

pytestmark = pytest.mark.django_db

GOOD = ("unit;respondent;point;answer\nENHET-1;a;p1;2\nENHET-1;a;p2;4\nENHET-1;b;p1;4\n"
        "ENHET-2;c;p4;7\n")


@pytest.fixture
def admin():
    return org.user(admin=True)


def _import(rnd, text, admin, name="svar.csv"):
    return imports.import_answers(name, text.encode(), user=admin, round=rnd)


def test_long_format_stores_and_aggregates(admin):
    rnd, (one, two), p = small_round()
    result = _import(rnd, GOOD, admin)
    assert result.stored and result.created == 4
    assert Response.objects.filter(round=rnd).count() == 3
    assert Answer.objects.filter(response__round=rnd).count() == 4
    total = Result.objects.get(round=rnd, unit=one, point=None, category=None, dimension=None)
    assert total.respondents == 2


def test_wide_format_and_aliases(admin):
    rnd, (one, two), p = small_round()
    result = _import(rnd, "Unit code;respondent;p1;p2;p4\nENHET-1;a;2;4;\nENHET-2;c;;;7\n", admin)
    assert result.stored and result.created == 3
    assert sorted(Answer.objects.values_list("value", flat=True)) == [2, 4, 7]


def test_xlsx(admin):
    rnd, _units, _p = small_round()
    book = Workbook()
    sheet = book.active
    for row in (["unit", "respondent", "point", "answer"], ["ENHET-1", "a", "p1", 3]):
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    assert imports.import_answers("svar.xlsx", data.getvalue(), user=admin, round=rnd).stored


def test_reimport_replaces_the_units_in_the_file_only(admin):
    rnd, (one, two), _p = small_round()
    _import(rnd, GOOD, admin)
    result = _import(rnd, "unit;respondent;point;answer\nENHET-1;x;p1;5\n", admin)
    assert result.stored
    assert set(Response.objects.filter(round=rnd).values_list("respondent", flat=True)) == {"x", "c"}


@pytest.mark.parametrize("line, column, words", [
    ("OKAND;z;p1;3", "unit", "Ingen enhet har koden OKAND"),
    ("ENHET-1;z;p1;6", "answer", "utanför mätpunktens skala"),
    ("ENHET-1;z;p1;tre", "answer", "Ange ett heltal"),
    ("ENHET-1;z;p9;3", "point", "ingen mätpunkt p9"),
    ("ENHET-1;a;p1;3", "point", "besvarade redan p1 på rad 2"),
    ("ENHET-2;a;p3;3", "respondent", "svarar för ENHET-1 på rad 2"),
    (";z;p1;3", "unit", "Ange enhetens kod"),
    ("ENHET-1;;p1;3", "respondent", "Ange respondentens nyckel"),
])
def test_bad_rows_named_and_nothing_stored(admin, line, column, words):
    rnd, _units, _p = small_round()
    result = _import(rnd, "unit;respondent;point;answer\nENHET-1;a;p1;2\n" + line + "\n", admin)
    assert not result.stored
    assert [(e.row, e.column) for e in result.errors] == [(3, column)]
    assert words in result.errors[0].message
    assert not Response.objects.exists() and not Answer.objects.exists()


def test_unit_not_in_the_round(admin):
    rnd, _units, _p = small_round()
    f.unit(code="ANNAN")
    result = _import(rnd, "unit;respondent;point;answer\nANNAN;a;p1;2\n", admin)
    assert (result.errors[0].row, result.errors[0].column) == (2, "unit")
    assert "mäts inte i omgången" in result.errors[0].message


def test_wide_unknown_point_column_named_in_header(admin):
    rnd, _units, _p = small_round()
    result = _import(rnd, "unit;respondent;p1;p77\nENHET-1;a;2;3\n", admin)
    assert not result.stored and (result.errors[0].row, result.errors[0].column) == (1, "p77")


def test_respondent_already_in_another_unit_not_replaced(admin):
    rnd, (one, two), p = small_round()
    f.response(rnd, two, "a", {p["p1"]: 3})
    result = _import(rnd, "unit;respondent;point;answer\nENHET-1;a;p1;2\n", admin)
    assert not result.stored and result.errors[0].column == "respondent"
    assert Response.objects.count() == 1


def test_an_error_leaves_earlier_answers_as_they_were(admin):
    rnd, _units, _p = small_round()
    _import(rnd, GOOD, admin)
    assert not _import(rnd, "unit;respondent;point;answer\nENHET-1;x;p1;9\n", admin).stored
    assert Answer.objects.count() == 4


def test_header_without_unit_or_points(admin):
    rnd, _units, _p = small_round()
    with pytest.raises(ImportFileError):
        _import(rnd, "respondent;point;answer\na;p1;2\n", admin)
    with pytest.raises(ImportFileError):
        _import(rnd, "unit;respondent\nENHET-1;a\n", admin)


def test_only_administrators_and_only_open_rounds(admin):
    rnd, (one, _two), _p = small_round()
    with pytest.raises(PermissionDenied):
        _import(rnd, GOOD, org.user(editor_of=one.organisation))
    rnd.status = "closed"
    rnd.save()
    with pytest.raises(ValidationError):
        _import(rnd, GOOD, admin)
    assert not Answer.objects.exists()
