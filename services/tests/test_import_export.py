import csv
import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from core.tables import ImportFileError, read_table
from core.versioning import StaleVersion
from organisations.tests import factories as orgs
from services.exports import write_csv, write_xlsx
from services.imports import COLUMNS, REQUIRED, import_services, store, validate
from services.models import Ownership, Service
from services.queries import services_with_owner

pytestmark = pytest.mark.django_db

HEADER = "external_id;name;kind;domain;phase;owner;owner_from;sourcing_review_date;categories"


@pytest.fixture(autouse=True)
def region():
    orgs.organisation("HSN")
    orgs.organisation("SLSO")
    orgs.domain("vard")


def csv_bytes(*rows, header=HEADER):
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


GOOD = [
    "A-1;Ersmo;common;vard;in_production;HSN;2020-01-01;;",
    "A-2;Liston;Lokal;vard;I drift;SLSO;;2027-06-30;",
    "A-3;Portal;common;vard;planned;;;;",
]


def test_good_file_is_stored_and_reimport_changes_nothing():
    result = import_services("s.csv", csv_bytes(*GOOD))
    assert (result.created, result.updated, result.errors) == (3, 0, [])
    assert Service.objects.get(external_id="A-2").kind == "local"  # a Swedish label is understood
    assert Ownership.objects.get(service__external_id="A-1").organisation.code == "HSN"
    history_rows = Service.history.count()
    again = import_services("s.csv", csv_bytes(*GOOD))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert Service.history.count() == history_rows


def test_changed_row_updates_the_service():
    import_services("s.csv", csv_bytes(*GOOD))
    result = import_services("s.csv", csv_bytes("A-1;Ersmo 2;common;vard;in_production;HSN;;;"))
    assert (result.created, result.updated) == (0, 1)
    assert Service.objects.get(external_id="A-1").name == "Ersmo 2"


def test_an_import_does_not_overwrite_a_change_made_while_it_ran():
    import_services("s.csv", csv_bytes(*GOOD))
    good, errors = validate(read_table("s.csv", csv_bytes("A-1;Ersmo 2;common;vard;in_production;HSN;;;"),
                                       COLUMNS, REQUIRED)[1])
    assert errors == []
    meanwhile = Service.objects.get(external_id="A-1")
    meanwhile.supplier = "Cambio"
    meanwhile.save()  # someone edits the service between the import's reading and its storing
    with pytest.raises(StaleVersion):
        store(good)
    stored = Service.objects.get(external_id="A-1")
    assert (stored.name, stored.supplier, stored.row_version) == ("Ersmo", "Cambio", 2)


def test_an_imported_change_raises_the_version():
    import_services("s.csv", csv_bytes(*GOOD))
    assert set(Service.objects.values_list("row_version", flat=True)) == {1}
    import_services("s.csv", csv_bytes("A-1;Ersmo 2;common;vard;in_production;HSN;;;"))
    assert Service.objects.get(external_id="A-1").row_version == 2


def test_a_bad_row_is_named_and_nothing_is_stored():
    rows = [*GOOD, "A-4;Trasig;common;nosuch;in_production;HSN;;;", "A-5;Utan ägare;common;vard;in_production;;;;",
            "A-6;Datum;common;vard;planned;;;31/12/2027;"]
    result = import_services("s.csv", csv_bytes(*rows))
    assert not result.stored
    found = {(e.row, e.column) for e in result.errors}
    assert found == {(5, "domain"), (6, "owner"), (7, "sourcing_review_date")}
    assert Service.objects.count() == 0


def test_skip_invalid_stores_the_good_rows_and_writes_the_rejected(tmp_path):
    rejected = tmp_path / "rejected.csv"
    rows = [*GOOD, "A-4;Trasig;common;nosuch;in_production;HSN;;;"]
    result = import_services("s.csv", csv_bytes(*rows), skip_invalid=True, rejected_path=rejected)
    assert (result.created, result.rejected) == (3, 1)
    lines = list(csv.reader(rejected.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert lines[1][0] == "5" and "domain" in lines[1][-1]


def test_duplicate_external_id_in_one_file():
    result = import_services("s.csv", csv_bytes(GOOD[0], GOOD[0]))
    assert [(e.row, e.column) for e in result.errors] == [(3, "external_id")]


def test_missing_required_column_is_a_file_error():
    with pytest.raises(ImportFileError, match="domain"):
        import_services("s.csv", b"external_id;name;kind\nA;B;common\n")


def test_wrong_file_type_is_refused():
    with pytest.raises(ImportFileError):
        import_services("s.txt", b"hello")


def test_xlsx_import():
    book = openpyxl.Workbook()
    sheet = book.active
    for line in [HEADER, *GOOD]:
        sheet.append(line.split(";"))
    stream = io.BytesIO()
    book.save(stream)
    result = import_services("s.xlsx", stream.getvalue())
    assert result.created == 3


def test_command_exits_non_zero_and_stores_nothing_on_a_bad_row(tmp_path):
    path = tmp_path / "s.csv"
    path.write_bytes(csv_bytes(*GOOD, "A-4;Trasig;common;nosuch;in_production;HSN;;;"))
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was stored"):
        call_command("import_data", "services", str(path), stderr=err, verbosity=0)
    assert "row 5, column domain" in err.getvalue()
    assert Service.objects.count() == 0


def test_command_with_skip_invalid(tmp_path):
    path = tmp_path / "s.csv"
    path.write_bytes(csv_bytes(*GOOD, "A-4;Trasig;common;nosuch;in_production;HSN;;;"))
    out = io.StringIO()
    call_command("import_data", "services", str(path), "--skip-invalid", stdout=out, stderr=io.StringIO(),
                 verbosity=0)
    assert "created 3" in out.getvalue() and "rejected 1" in out.getvalue()
    assert (tmp_path / "s.rejected.csv").exists()


def test_export_opens_in_excel_terms_and_reimports_unchanged():
    import_services("s.csv", csv_bytes(*GOOD))
    stream = io.BytesIO()
    write_xlsx(services_with_owner(), stream)
    sheet = openpyxl.load_workbook(io.BytesIO(stream.getvalue())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("external_id", "name", "short_name", "version", "description")
    assert {r[1] for r in rows[1:]} == {"Ersmo", "Liston", "Portal"}
    result = import_services("export.xlsx", stream.getvalue())
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3), result.errors


def test_csv_export_has_bom_and_semicolons():
    import_services("s.csv", csv_bytes(*GOOD))
    text = io.StringIO()
    write_csv(services_with_owner().filter(owner_code="HSN"), text)
    value = text.getvalue()
    assert value.startswith("\ufeffexternal_id;name;")
    rows = list(csv.reader(io.StringIO(value.lstrip("\ufeff")), delimiter=";"))
    assert [r[1] for r in rows[1:]] == ["Ersmo"]
    result = import_services("export.csv", value.encode("utf-8"))
    assert result.unchanged == 1, result.errors


def test_imported_services_carry_their_created_history_with_user_and_reason():
    from services.api import service_history

    importer = orgs.user("importer", admin=True)
    import_services("s.csv", csv_bytes(*GOOD), user=importer)
    service = Service.objects.get(external_id="A-1")
    created = {(e.model, e.type, e.user, e.reason) for e in service_history(service.pk)}
    assert created == {("services.service", "+", "importer", "import"), ("services.ownership", "+", "importer", "import")}
    fields = {c.field: c.after for e in service_history(service.pk) if e.model == "services.service" for c in e.changes}
    assert fields["name"] == "Ersmo" and fields["external_id"] == "A-1"
