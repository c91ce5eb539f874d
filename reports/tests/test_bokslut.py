"""The bokslut (issue 10 item 4): its figures counted by hand, the PDF read back with poppler (text, metadata,
tagging, pages rendered to PNG showing the charts), the XLSX opened with openpyxl, the command and the page."""

import datetime
import io
import os
import re
import subprocess
import sys
import zlib
from decimal import Decimal
from pathlib import Path

import numpy
import openpyxl
import pytest
from django.core.management import CommandError, call_command
from PIL import Image

from organisations.tests import factories as orgs
from reports import bokslut, files

from .factories_bokslut import THIS_YEAR, world

pytestmark = pytest.mark.django_db
Y = THIS_YEAR
CHART_BLUE = (0x00, 0x72, 0xB2)  # core.charts' first series colour: only a chart paints it


def flat(text):
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def pdf_text(path, page=None):
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(["pdftotext", *pages, str(path), "-"], capture_output=True, text=True, check=True).stdout


def pdf_info(path):
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in out.splitlines())}


def catalogue(path):
    """The PDF's objects inflated: WeasyPrint packs the catalogue (with /Lang) in a compressed object stream."""
    raw = path.read_bytes()
    found = [raw]
    for match in re.finditer(rb"stream\r?\n", raw):
        try:
            found.append(zlib.decompressobj().decompress(raw[match.end():]))
        except zlib.error:
            continue
    return b"".join(found)


def chart_pixels(path, page, tmp_path):
    """Pixels of the chart colour on a page rendered to PNG by pdftoppm."""
    prefix = tmp_path / f"page{page}"
    subprocess.run(["pdftoppm", "-r", "100", "-png", "-f", str(page), "-l", str(page), "-singlefile", str(path),
                    str(prefix)], check=True)
    pixels = numpy.asarray(Image.open(f"{prefix}.png").convert("RGB"), dtype=int)
    return int((numpy.abs(pixels - numpy.array(CHART_BLUE)).sum(axis=2) < 60).sum())


def test_the_figures_as_counted_by_hand():
    w = world()
    data = bokslut.gather(Y)
    grade = data["grade"]
    assert grade["this"]["value"] == Decimal("87.5")  # (45/60 + min(1, 96.5/95)) / 2
    assert dict(grade["trend"])[Y - 1] == Decimal("94.4")  # (min(1, 57/55) + 80/90) / 2
    assert grade["forecast_for"] == [w["e_services"]]  # no outcome this year: its forecast stands in
    codes = [e["indicator"].code for area in data["focus_areas"] for e in area["indicators"]]
    assert sorted(codes) == ["agda", "e-tjanster", "resor"]
    e_services = next(e for area in data["focus_areas"] for e in area["indicators"] if e["indicator"].code == "e-tjanster")
    assert [(r["year"], r["target"], r["outcome"], r["reached"]) for r in e_services["rows"]] == [
        (Y - 2, 50, 40, False), (Y - 1, 55, 57, True), (Y, 60, None, None)]
    assert e_services["this"]["forecast"] == 45
    s = data["summary"]
    assert (s["indicators"], s["measured"], s["reached"]) == (3, 1, 1)
    assert (s["deviations"], s["open_deviations"], s["without_plan"]) == (2, 2, 1)
    assert s["grade_change"] == Decimal("-6.9")
    register = data["register"]
    assert register["total"] == 4 and register["in_production"] == 2
    assert {r["code"]: r["n"] for r in register["by_phase"]} == {"in_test": 1, "in_production": 2, "decommissioned": 1}
    assert [(r["name"], r["n"]) for r in register["by_owner"]] == [("Hälso- och sjukvårdsnämnden", 3), ("Trafiknämnden", 1)]
    assert [(r["name"], r["n"]) for r in register["by_domain"]] == [("Vård", 3), ("Trafik", 1)]
    assert (register["new"], register["decommissioned"]) == (1, 1)  # Remiss registered, the lab system retired
    costs = data["costs"]
    assert [(r["name"], r["amount"], r["previous"], r["change"], r["change_percent"]) for r in costs["rows"]] == [
        ("Hälso- och sjukvårdsnämnden", 130_000_00, 100_000_00, 30_000_00, Decimal("30.0")),
        ("Trafiknämnden", 40_000_00, 50_000_00, -10_000_00, Decimal("-20.0"))]
    assert (costs["total"], costs["change"]) == (170_000_00, 20_000_00)
    r01 = next(r for r in data["rules"]["scorecard"] if r["id"] == "R01-AGARE")
    assert (r01["applicable"], r01["failing"], r01["share"], r01["share_at_start"]) == (3, 1, 67, 0)
    assert data["rules"]["trend"][-1]["share"] == 67


def test_a_boards_bokslut_is_its_own_indicators_the_regions_its_services_and_costs():
    w = world()
    data = bokslut.gather(Y, w["hsn"])
    codes = sorted(e["indicator"].code for area in data["focus_areas"] for e in area["indicators"])
    assert codes == ["agda", "e-tjanster"]  # the Traffic board's own indicator is not HSN's
    assert data["register"]["total"] == 3 and data["register"]["new"] == 1
    assert [(r["name"], r["amount"], r["previous"]) for r in data["costs"]["rows"]] == [
        ("Journal", 120_000_00, 100_000_00), ("Remiss", 10_000_00, None)]
    r01 = next(r for r in data["rules"]["scorecard"] if r["id"] == "R01-AGARE")
    assert (r01["applicable"], r01["failing"], r01["share"]) == (2, 0, 100)


def test_a_past_year_reads_the_register_as_it_stood_then():
    world()
    register = bokslut.gather(Y - 1)["register"]
    # At the end of last year the three backdated services existed, all in production; Remiss did not.
    assert register["total"] == 3
    assert {r["code"]: r["n"] for r in register["by_phase"]} == {"in_production": 3}
    assert (register["new"], register["decommissioned"]) == (0, 0)


def test_the_pdf_reads_back_with_its_headings_figures_title_tags_and_charts(tmp_path):
    w = world()
    path = tmp_path / "bokslut.pdf"
    path.write_bytes(files.make(Y, None, "pdf"))
    text = flat(pdf_text(path))
    for heading in ("Digitaliserings- och innovationsbokslut", "Innehåll", "Sammanfattning", "Digitaliseringsgraden",
                    "Indikatorer", "Avvikelser och handlingsplaner", "Regelefterlevnad", "Registret i siffror",
                    "Kostnadsfördelning", "Bilaga: definitioner"):
        assert heading in text, heading
    assert f"Digitaliseringsgraden för {Y} är 87,5 av 100" in text
    assert "Det är −6,9 poäng jämfört med året före (94,4)" in text
    for name in (w["e_services"].name, w["owned"].name, "Andel resor bokade digitalt"):
        assert name in text
    assert "96,5 %" in text and "45 %" in text  # an outcome and a forecast
    assert "Inloggningen är krånglig för äldre invånare." in text and "Kampanj för inloggning med BankID" in text
    assert "Ingen handlingsplan har upprättats." in text  # the deviation without a plan says so
    assert "130 000 kr" in text and "+30 000 kr" in text and "−20 %" in text
    assert "R01-AGARE" in text and "67 %" in text
    info = pdf_info(path)
    assert info["Title"] == f"Digitaliserings- och innovationsbokslut {Y} – Region Stockholm"
    assert info["Tagged"] == "yes"
    assert info["Page size"].endswith("(A4)")
    pages = int(info["Pages"])
    assert pages >= 10
    assert b"/Lang (sv)" in catalogue(path)  # the document's language, for a screen reader
    assert 'pdfuaid:part="1"' in subprocess.run(["pdfinfo", "-meta", str(path)], capture_output=True, text=True,
                                                 check=True).stdout
    # The running header and page numbers: the summary page carries the title and "3 (N)".
    summary_page = next(p for p in range(1, pages + 1) if "Sammanfattning" in pdf_text(path, p) and p > 2)
    assert f"{summary_page} ({pages})" in pdf_text(path, summary_page)
    # Pages rendered to PNG: the grade's page and each indicator's page show a chart in the chart colour;
    # the summary page, which has none, does not.
    chart_pages = [p for p in range(1, pages + 1) if "år för år" in pdf_text(path, p)]
    assert len(chart_pages) >= 2
    for page in chart_pages:
        assert chart_pixels(path, page, tmp_path) > 200, page
    assert chart_pixels(path, summary_page, tmp_path) < 20


def test_the_xlsx_holds_the_same_figures_as_numbers():
    world()
    book = openpyxl.load_workbook(io.BytesIO(files.make(Y, None, "xlsx")))
    assert {"Sammanfattning", "Digitaliseringsgrad", "Indikatorer", "Avvikelser", "Handlingsplaner", "Regler",
            "Register", "Kostnader", "Definitioner"} <= set(book.sheetnames)
    summary = {row[0]: row[1] for row in book["Sammanfattning"].iter_rows(min_row=2, values_only=True)}
    assert summary["Digitaliseringsgrad"] == 87.5 and summary["År"] == Y
    assert summary["Fördelad kostnad (kr)"] == 170_000
    indicators = list(book["Indikatorer"].iter_rows(min_row=2, values_only=True))
    assert ("e-tjanster", Y - 1, 55, 57, None, "Ja") in [(r[0], r[4], r[5], r[6], r[7], r[8]) for r in indicators]
    costs = list(book["Kostnader"].iter_rows(values_only=True))
    assert costs[0][:3] == ("Nämnd", f"{Y} (kr)", f"{Y - 1} (kr)")
    assert costs[1] == ("Hälso- och sjukvårdsnämnden", 130_000, 100_000, 30_000, 30)


def test_the_xlsx_never_carries_a_formula():
    w = world()
    w["e_services"].name = "=HYPERLINK(\"http://x\")"
    w["e_services"].save()
    book = openpyxl.load_workbook(io.BytesIO(files.make(Y, None, "xlsx")))
    cell = next(c for row in book["Indikatorer"].iter_rows() for c in row if str(c.value).startswith("=HYP"))
    assert cell.data_type == "s"


def test_the_command_writes_either_format_and_refuses_bad_input(tmp_path):
    w = world()
    out = io.StringIO()
    call_command("report", "bokslut", "--year", str(Y), "--organisation", "HSN", "-o", str(tmp_path / "hsn.xlsx"),
                 stdout=out)
    assert "hsn.xlsx" in out.getvalue()
    book = openpyxl.load_workbook(tmp_path / "hsn.xlsx")
    assert book["Kostnader"]["A1"].value == "Tjänst" and book["Kostnader"]["A2"].value == w["journal"].name
    with pytest.raises(CommandError, match="Ingen organisation har koden NOPE"):
        call_command("report", "bokslut", "--year", str(Y), "--organisation", "NOPE", "-o", str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match="Året måste vara mellan 2000 och 2100"):
        call_command("report", "bokslut", "--year", "1999", "-o", str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match="--format pdf eller xlsx"):
        call_command("report", "bokslut", "--year", str(Y), "-o", str(tmp_path / "x.docx"))
    with pytest.raises(CommandError, match="Kan inte skriva"):
        call_command("report", "bokslut", "--year", str(Y), "-o", str(tmp_path / "saknas" / "x.xlsx"))
    assert not (tmp_path / "x.pdf").exists()


def test_the_command_exits_non_zero_with_the_message(tmp_path):
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, str(root / "manage.py"), "report", "bokslut", "--year", "3000", "-o",
                             str(tmp_path / "x.pdf")], capture_output=True, text=True, cwd=tmp_path, check=False,
                            env={**os.environ, "PYTHONPATH": str(root)})
    assert result.returncode != 0 and "Året måste vara mellan 2000 och 2100" in result.stderr


def test_the_page_offers_the_bokslut_to_everyone_signed_in_and_serves_the_files(client):
    world()
    assert client.get("/rapporter/").status_code == 302  # signed in only
    client.force_login(orgs.user())  # a reader of no organisation
    page = client.get("/rapporter/").content.decode()
    assert "Ladda ned PDF" in page and "Ladda ned Excel" in page and 'list="organisation-options"' in page
    response = client.get("/rapporter/", {"year": Y, "organisation": "Hälso- och sjukvårdsnämnden (HSN)",
                                          "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == files.CONTENT_TYPES["xlsx"]
    assert response["Content-Disposition"] == f'attachment; filename="bokslut-{Y}-HSN.xlsx"'
    assert openpyxl.load_workbook(io.BytesIO(response.content))["Sammanfattning"]["B3"].value == \
        "Hälso- och sjukvårdsnämnden"
    response = client.get("/rapporter/", {"year": Y, "format": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="bokslut-{Y}.pdf"'
    assert response.content.startswith(b"%PDF-")


@pytest.mark.parametrize("query, message", [
    ({"year": "1999"}, "Året måste vara mellan 2000 och 2100."),
    ({"year": "99999999999999999999"}, "Året måste vara mellan 2000 och 2100."),
    ({"year": ""}, "Det här fältet är obligatoriskt."),
    ({"year": "tjugo"}, "Ange året med fyra siffror, t.ex. 2026."),
    ({"year": str(Y), "organisation": "NOPE"}, "Inget som heter NOPE finns i registret."),
    ({"year": str(Y), "organisation": "\x00"}, None),
    ({"year": str(Y), "format": "docx"}, "Välj PDF eller Excel."),
])
def test_bad_input_on_the_page_is_a_form_error_never_a_500(client, query, message):
    client.force_login(orgs.user())
    response = client.get("/rapporter/", {"format": "pdf", **query})
    assert response.status_code == 400
    if message is None:  # a null byte: refused before the form sees it
        return
    assert message in response.content.decode()


def test_organisations_are_suggested_while_typing(client):
    world()
    client.force_login(orgs.user())
    options = client.get("/forslag/organisation/", {"organisation": "sjukvård"}).content.decode()
    assert 'value="Hälso- och sjukvårdsnämnden (HSN)"' in options and "Trafiknämnden" not in options
    assert "<option" not in client.get("/forslag/organisation/", {"organisation": ""}).content.decode()


def test_a_year_without_anything_still_makes_a_document(tmp_path):
    data = bokslut.gather(2001, today=datetime.date(2026, 12, 3))
    assert data["summary"]["grade"] is None and data["register"]["total"] == 0
    assert data["rules"]["scorecard"] == [] and data["costs"]["run"] is None
    path = tmp_path / "empty.pdf"
    path.write_bytes(files.make(2001, None, "pdf"))
    text = flat(pdf_text(path))
    assert "Ingen digitaliseringsgrad är definierad för 2001" in text
    assert "år för år" not in text  # no empty charts: nothing to draw, no chart


def test_a_deviation_stays_on_the_agenda_until_it_is_followed_up():
    from indicators.tests import factories as ind

    indicator = ind.indicator("carried")
    still_open = ind.deviation(indicator, year=2025, basis="outcome")
    closed_earlier = ind.deviation(indicator, year=2024, basis="outcome", status="followed_up", cause_analysis="Orsak",
                                   follow_up="Klart", followed_up_on=datetime.date(2025, 3, 1))
    closed_this_year = ind.deviation(indicator, year=2024, basis="forecast", status="followed_up",
                                     cause_analysis="Orsak", follow_up="Klart", followed_up_on=datetime.date(2026, 3, 1))
    shown = {d.pk for d in bokslut.gather(2026, today=datetime.date(2026, 12, 3))["deviations"]}
    assert shown == {still_open.pk, closed_this_year.pk}
    assert closed_earlier.pk not in shown


def test_the_summary_counts_one_deviation_in_the_singular():
    from django.utils import translation

    from indicators.tests import factories as ind
    from reports import pdf

    ind.deviation(ind.indicator("single"), year=2026, basis="outcome")
    with translation.override("sv"):
        text = flat(pdf.html(bokslut.gather(2026, today=datetime.date(2026, 12, 3))))
    assert "1 avvikelse mot mål redovisas" in text
    assert "(fortfarande öppna: 1, varav utan handlingsplan: 1)" in text
