"""Usage in the web interface: the table of one service-year (all rows or none, each with its version) and the
upload (a bad row named by row and column, nothing stored), with its template; and marking a run final."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from costs import actions
from costs.models import AllocationRun, Usage

from .factories_ui import finance_region

pytestmark = pytest.mark.django_db


@pytest.fixture
def r():
    return finance_region()


def _table(rows, initial=0):
    data = {"usage-TOTAL_FORMS": str(len(rows)), "usage-INITIAL_FORMS": str(initial), "usage-MIN_NUM_FORMS": "0",
            "usage-MAX_NUM_FORMS": "2000"}
    for i, row in enumerate(rows):
        data.update({f"usage-{i}-{k}": v for k, v in row.items()})
    return data


URL = "/kostnader/forbrukning/?service=HSF-001&year=2026&driver=users"


def test_the_table_is_saved_whole_or_not_at_all(client, r):
    client.force_login(r["finance"])
    good = client.post(URL, _table([{"organisation": "HSN", "volume": "1 200,5"}, {"organisation": "TN", "volume": "300"}]))
    assert good.status_code == 302
    assert dict(Usage.objects.values_list("organisation__code", "volume")) == {"HSN": Decimal("1200.50"),
                                                                               "TN": Decimal("300")}
    hsn = Usage.objects.get(organisation__code="HSN")
    bad = client.post(URL, _table([{"usage": hsn.pk, "row_version": "1", "organisation": "HSN", "volume": "5"},
                                   {"organisation": "SLSO", "volume": "-1"}], initial=1))
    assert bad.status_code == 400
    hsn.refresh_from_db()
    assert hsn.volume == Decimal("1200.50") and not Usage.objects.filter(organisation__code="SLSO").exists()


def test_a_row_changed_meanwhile_refuses_the_table(client, r):
    client.force_login(r["finance"])
    client.post(URL, _table([{"organisation": "HSN", "volume": "10"}]))
    hsn = Usage.objects.get()
    hsn.volume = 11
    hsn.save()  # someone else: version 2
    stale = client.post(URL, _table([{"usage": hsn.pk, "row_version": "1", "organisation": "HSN", "volume": "12"},
                                     {"organisation": "TN", "volume": "1"}], initial=1))
    assert stale.status_code == 400 and "Någon annan ändrade" in stale.content.decode()
    assert Usage.objects.count() == 1 and Usage.objects.get().volume == 11
    emptied = client.post(URL, _table([{"usage": hsn.pk, "row_version": "2", "organisation": "HSN", "volume": ""}],
                                      initial=1))
    assert emptied.status_code == 302 and not Usage.objects.exists()


def test_readers_see_the_table_but_cannot_save(client, r):
    client.force_login(r["reader"])
    assert client.get(URL).status_code == 200
    assert client.post(URL, _table([{"organisation": "HSN", "volume": "10"}])).status_code == 403
    assert client.get("/kostnader/forbrukning/?service=finns-inte&year=2026").status_code == 400
    assert client.get("/kostnader/forbrukning/uppladdning/").status_code == 403


def _xlsx(rows):
    book = openpyxl.Workbook()
    book.active.append(["service", "year", "organisation", "driver", "volume"])
    for row in rows:
        book.active.append(row)
    stream = io.BytesIO()
    book.save(stream)
    return SimpleUploadedFile("forbrukning.xlsx", stream.getvalue())


def test_an_upload_with_a_bad_row_stores_nothing_and_names_it(client, r):
    client.force_login(r["finance"])
    bad = client.post("/kostnader/forbrukning/uppladdning/", {"file": _xlsx([
        ["HSF-001", 2026, "HSN", "users", "100"], ["HSF-001", 2026, "NOPE", "users", "5"]])})
    page = bad.content.decode()
    assert bad.status_code == 400 and "1 rad är ogiltig; inget sparades." in page
    assert "<td>3</td><td>organisation</td>" in page
    assert not Usage.objects.exists()
    good = client.post("/kostnader/forbrukning/uppladdning/", {"file": _xlsx([
        ["HSF-001", 2026, "HSN", "users", "100"], ["HSF-001", 2026, "TN", "users", "5,5"]])})
    assert good.status_code == 200 and "Skapade 2" in good.content.decode()
    stored = Usage.objects.get(organisation__code="TN")
    assert stored.volume == Decimal("5.5") and stored.row_version == 1
    # Each new row has its "created" history record, by the user who uploaded it.
    created = stored.history.get()
    assert (created.history_type, created.history_user, created.volume) == ("+", r["finance"], Decimal("5.5"))


def test_the_template_has_the_upload_columns(client, r):
    Usage.objects.create(service=r["journal"], year=2026, organisation=r["orgs"]["HSN"], driver=r["users"], volume=7)
    client.force_login(r["reader"])
    answer = client.get("/kostnader/forbrukning/mall.xlsx", {"service": "HSF-001", "year": "2026"})
    rows = list(openpyxl.load_workbook(io.BytesIO(answer.content)).active.values)
    assert rows[0] == ("service", "year", "organisation", "driver", "volume")
    assert rows[1][:4] == ("HSF-001", 2026, "HSN", "users")
    empty = client.get("/kostnader/forbrukning/mall.csv")
    assert empty.content.decode("utf-8-sig").strip() == "service;year;organisation;driver;volume"


def _run(year=2026):
    return AllocationRun.objects.create(year=year, total_cost_ore=0, allocated_ore=0)


def test_marking_a_run_final_returns_the_previous_to_draft(client, r):
    first, second, other_year = _run(), _run(), _run(2025)
    actions.mark_final(run=other_year, user=r["finance"])
    client.force_login(r["finance"])
    assert "Markera som slutlig" in client.get(f"/kostnader/korning/{first.pk}/").content.decode()
    client.post(f"/kostnader/slutlig-korning/{first.pk}/")
    client.post(f"/kostnader/slutlig-korning/{second.pk}/")
    for run in (first, second, other_year):
        run.refresh_from_db()
    assert (first.is_final, second.is_final, other_year.is_final) == (False, True, True)
    assert second.final_by == r["finance"]
    index = client.get("/kostnader/").content.decode()
    assert "✓ Slutlig" in index and "Utkast" in index


def test_only_administrators_mark_final_in_page_and_api(client, api, r):
    run = _run()
    with pytest.raises(PermissionDenied):
        actions.mark_final(run=run, user=r["editor"])
    client.force_login(r["editor"])
    assert "Markera som slutlig" not in client.get(f"/kostnader/korning/{run.pk}/").content.decode()
    assert client.post(f"/kostnader/slutlig-korning/{run.pk}/").status_code == 403
    api.force_authenticate(r["editor"])
    assert api.post(f"/api/allocation-runs/{run.pk}/mark-final/").status_code == 403
    api.force_authenticate(r["finance"])
    answer = api.post(f"/api/allocation-runs/{run.pk}/mark-final/")
    assert answer.status_code == 200 and answer.json()["is_final"] and answer.json()["final_by"] == "ekonomi"
