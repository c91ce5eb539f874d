"""Reading an uploaded table the way users' files really are."""

import io
import re
import zipfile

import openpyxl
import pytest

from core.tables import ImportFileError, read_table
from organisations.tests import factories as orgs
from services.imports import import_services
from services.models import Service

pytestmark = pytest.mark.django_db
COLUMNS, REQUIRED = ["external_id", "name", "kind", "domain"], {"external_id", "name"}


def _stale_dimension_xlsx():
    book = openpyxl.Workbook()
    sheet = book.active
    for row in (COLUMNS, ["A", "Ett", "common", "vard"], ["B", "Två", "common", "vard"], ["C", "Tre", "common", "vard"]):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    # Rewrite <dimension ref="A1:D4"> as A1:D2, as other tools leave it.
    source, target = zipfile.ZipFile(io.BytesIO(out.getvalue())), io.BytesIO()
    with zipfile.ZipFile(target, "w") as rewritten:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:D2"', data)
            rewritten.writestr(item, data)
    return target.getvalue()


def test_every_row_of_a_sheet_is_read_whatever_its_dimension_says():
    """The hole: an .xlsx with a stale <dimension> imported 1 of 3 rows and reported "rejected 0"."""
    _, rows = read_table("s.xlsx", _stale_dimension_xlsx(), COLUMNS, REQUIRED)
    assert [r["external_id"] for _, r in rows] == ["A", "B", "C"]


def test_a_windows_1252_csv_is_read_and_the_user_told():
    orgs.domain("vard")
    data = "external_id;name;kind;domain\nA;Tjänst för lön;common;vard\n".encode("cp1252")
    result = import_services("s.csv", data)
    assert result.stored and Service.objects.get(external_id="A").name == "Tjänst för lön"
    assert any("Windows-1252" in note for note in result.notes)


def test_a_cell_longer_than_the_csv_limit_is_named_not_a_traceback(client):
    data = ("external_id;name;kind;domain\nA;" + "x" * 140_000 + ";common;vard\n").encode()
    with pytest.raises(ImportFileError, match="row 2"):
        read_table("s.csv", data, COLUMNS, REQUIRED)
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(orgs.user(admin=True))
    page = client.post("/tjanster/import/", {"file": SimpleUploadedFile("s.csv", data)})
    assert page.status_code == 200 and "row 2" in page.content.decode()


def _xlsx(rows, merge=None, rewrite=None):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    out = io.BytesIO()
    book.save(out)
    if not rewrite:
        return out.getvalue()
    source, target = zipfile.ZipFile(io.BytesIO(out.getvalue())), io.BytesIO()
    with zipfile.ZipFile(target, "w") as rewritten:
        for item in source.infolist():
            data = source.read(item.filename)
            rewritten.writestr(item, rewrite(data) if item.filename == "xl/worksheets/sheet1.xml" else data)
    return target.getvalue()


def _cached_value_2(xml):
    """Put the value Excel would have cached (2) into the empty <v> openpyxl writes after a formula — as
    `<v />` or `<v/>` depending on whether lxml is installed (it is since issue 11)."""
    rewritten = re.sub(rb"<v\s*/>|<v></v>", b"<v>2</v>", xml)
    assert rewritten != xml, "the sheet has no empty cached value to fill"
    return rewritten


def test_merged_cells_are_read_as_they_are_and_the_user_told_which():
    data = _xlsx([COLUMNS, ["A", "Ett", "common", "vard"], ["B", "Två", "common", None], ["C", "Tre", "common", None]],
                 merge="D2:D4")
    notes = []
    _, rows = read_table("s.xlsx", data, COLUMNS, REQUIRED, notes=notes)
    assert [r.get("domain", "") for _, r in rows] == ["vard", "", ""]
    assert len(notes) == 1 and "D2:D4" in notes[0]


def test_a_formula_without_a_computed_value_is_named_by_row_and_column():
    data = _xlsx([COLUMNS, ["A", "=CONCATENATE(\"E-\",\"tjänst\")", "common", "vard"], ["B", "Två", "common", "vard"]])
    notes = []
    _, rows = read_table("s.xlsx", data, COLUMNS, REQUIRED, notes=notes)
    assert rows[0][1]["name"] == ""
    assert len(notes) == 1
    assert "s.xlsx" in notes[0] and " 2" in notes[0] and "name" in notes[0] and '=CONCATENATE("E-","tjänst")' in notes[0]


def test_a_formula_with_its_computed_value_is_read_without_a_word():
    data = _xlsx([COLUMNS, ["A", "=1+1", "common", "vard"]], rewrite=_cached_value_2)
    notes = []
    _, rows = read_table("s.xlsx", data, COLUMNS, REQUIRED, notes=notes)
    assert rows[0][1]["name"] == "2" and notes == []


def test_the_import_page_shows_what_it_noticed_about_the_file(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    orgs.domain("vard")
    data = _xlsx([COLUMNS, ["A", "Ett", "common", "vard"], ["B", "Två", "=A1", "vard"]])
    client.force_login(orgs.user(admin=True))
    page = client.post("/tjanster/import/", {"file": SimpleUploadedFile("s.xlsx", data)}).content.decode()
    assert "=A1" in page and "kind" in page
