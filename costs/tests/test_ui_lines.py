"""Cost lines in the web interface: the list with the one filter and its export, create and edit in kronor with a
decimal comma (stored in öre), a stale edit refused, delete after asking, and who may do what (as seen in Swedish)."""

import io

import pytest
from openpyxl import load_workbook

from costs.models import CostLine

from .factories_ui import cost_line, finance_region

pytestmark = pytest.mark.django_db


@pytest.fixture
def r():
    return finance_region()


def test_finance_enters_a_line_in_kronor_with_a_decimal_comma(client, r):
    client.force_login(r["finance"])
    response = client.post("/kostnader/rader/ny/", {
        "service": "Journalsystemet (HSF-001)", "year": "2026", "figure": "outcome", "cost_type": "licences",
        "amount_ore": "1 234 567,50", "note": "Avtal 2026"})
    assert response.status_code == 302
    line = CostLine.objects.get()
    assert (line.service, line.amount_ore, line.cost_type) == (r["journal"], 123456750, "licences")
    page = client.get("/kostnader/rader/").content.decode()
    assert "Journalsystemet" in page and "1\u00a0234\u00a0567,50" in page


@pytest.mark.parametrize("amount, message", [
    ("-5", "Ett belopp kan inte vara negativt."), ("12,345", "Ange högst två decimaler (öre)."),
    ("tolv", "Ange beloppet i kronor, t.ex. 1 234 567,50."), ("١٢", "Ange beloppet i kronor, t.ex. 1 234 567,50."),
    ("1e400", "Ange beloppet i kronor, t.ex. 1 234 567,50."), ("99999999999999", "Beloppet är för stort.")])
def test_a_bad_amount_is_refused_and_named(client, r, amount, message):
    client.force_login(r["finance"])
    response = client.post("/kostnader/rader/ny/", {
        "service": "HSF-001", "year": "2026", "figure": "outcome", "cost_type": "licences", "amount_ore": amount})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CostLine.objects.exists()


def test_a_second_line_of_the_same_type_and_year_is_refused(client, r):
    cost_line(r["journal"], cost_type="licences")
    client.force_login(r["finance"])
    response = client.post("/kostnader/rader/ny/", {
        "service": "HSF-001", "year": "2026", "figure": "outcome", "cost_type": "licences", "amount_ore": "10"})
    assert response.status_code == 400
    assert CostLine.objects.count() == 1


def test_an_unknown_service_is_named(client, r):
    client.force_login(r["finance"])
    response = client.post("/kostnader/rader/ny/", {
        "service": "Finns inte", "year": "2026", "figure": "outcome", "cost_type": "licences", "amount_ore": "10"})
    assert response.status_code == 400
    assert "Finns inte" in response.content.decode()


def test_an_edit_over_a_newer_version_is_refused(client, r):
    line = cost_line(r["journal"])
    client.force_login(r["finance"])
    form = {"service": "HSF-001", "year": "2026", "figure": "outcome", "cost_type": "operations",
            "amount_ore": "200,00", "row_version": str(line.row_version)}
    assert client.post(f"/kostnader/rader/{line.pk}/", form).status_code == 302
    line.refresh_from_db()
    assert (line.amount_ore, line.row_version) == (20000, 2)
    response = client.post(f"/kostnader/rader/{line.pk}/", {**form, "amount_ore": "300", "row_version": "1"})
    assert response.status_code == 400
    assert "Någon annan ändrade" in response.content.decode()
    line.refresh_from_db()
    assert line.amount_ore == 20000
    page = client.get(f"/kostnader/rader/{line.pk}/").content.decode()
    assert "Historik" in page


def test_delete_asks_first_then_deletes(client, r):
    line = cost_line(r["journal"])
    client.force_login(r["finance"])
    page = client.get(f"/kostnader/rader/{line.pk}/ta-bort/")
    assert page.status_code == 200 and "Inget annat tas bort" in page.content.decode()
    assert CostLine.objects.exists()
    assert client.post(f"/kostnader/rader/{line.pk}/ta-bort/").status_code == 302
    assert not CostLine.objects.exists()


def test_an_administrator_changes_costs_too(client, r):
    client.force_login(r["admin"])
    assert "Lägg till en kostnadsrad" in client.get("/kostnader/rader/").content.decode()
    assert client.post("/kostnader/rader/ny/", {"service": "HSF-001", "year": "2026", "figure": "outcome",
                                                "cost_type": "licences", "amount_ore": "10"}).status_code == 302


def test_finance_changes_costs_and_nothing_else(client, r):
    """The finance role is region-wide for costs only: the services, organisations and memberships stay with their
    owners and the administrators."""
    client.force_login(r["finance"])
    assert client.get(f"/tjanster/{r['journal'].pk}/andra/").status_code == 403
    assert client.post(f"/tjanster/{r['journal'].pk}/andra/", {"name": "Omdöpt"}).status_code == 403
    assert client.get("/organisationer/ny/").status_code == 403
    r["journal"].refresh_from_db()
    assert r["journal"].name == "Journalsystemet"


@pytest.mark.parametrize("who", ["editor", "reader"])
def test_only_finance_and_administrators_change_costs(client, r, who):
    line = cost_line(r["journal"])
    client.force_login(r[who])
    page = client.get("/kostnader/rader/").content.decode()
    assert "Journalsystemet" in page and "Lägg till en kostnadsrad" not in page
    for url in ("/kostnader/rader/ny/", f"/kostnader/rader/{line.pk}/", f"/kostnader/rader/{line.pk}/ta-bort/"):
        assert client.get(url).status_code == 403
    response = client.post(f"/kostnader/rader/{line.pk}/ta-bort/")
    assert response.status_code == 403
    assert CostLine.objects.exists()


def test_the_one_filter_serves_page_api_and_export(client, r):
    cost_line(r["journal"], 100, cost_type="licences")
    cost_line(r["journal"], 200, year=2025)
    cost_line(r["booking"], 300, figure="budget")
    client.force_login(r["reader"])
    page = client.get("/kostnader/rader/", {"owner": "HSN", "year": "2026"}).content.decode()
    assert "Journalsystemet" in page and "Tidbokningen" not in page and "1 kostnadsrad" in page
    api = client.get("/api/costs/", {"service": str(r["journal"].pk), "year": "2025"}).json()
    assert [row["amount_sek"] for row in api["results"]] == ["2.00"]
    api = client.get("/api/costs/", {"service": "Tidbokningen (SLSO-007)"}).json()
    assert [row["amount_sek"] for row in api["results"]] == ["3.00"]
    assert client.get("/api/costs/", {"service": "ingen sådan"}).status_code == 400
    export = client.get("/kostnader/rader/export.xlsx", {"figure": "budget"})
    assert export["Content-Disposition"] == 'attachment; filename="kostnadsrader.xlsx"'
    rows = list(load_workbook(io.BytesIO(export.content)).active.values)
    assert rows[0][:4] == ("id", "service_id", "service_external_id", "service") and len(rows) == 2
    assert rows[1][3] == "Tidbokningen" and rows[1][7] in ("3.00", 3)
    assert client.get("/kostnader/rader/export.csv", {"year": "x"}).status_code == 400


def test_the_list_pages(client, r):
    for year in range(2000, 2060):
        cost_line(r["journal"], year=year)
    client.force_login(r["reader"])
    page = client.get("/kostnader/rader/").content.decode()
    assert "Sida 1 av 2" in page
    assert client.get("/kostnader/rader/", {"page": "2"}).status_code == 200
