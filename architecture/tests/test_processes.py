"""The process map: pages, editing (administrators), import, export, API, and the service panel's links."""

import io

import openpyxl
import pytest
from django.core.management import call_command

from core.tests.versions import if_match
from organisations.tests import factories as orgs
from services.tests import factories as service_factories

from .. import imports
from ..models import Process
from .factories import process
from .factories_processes import tree

pytestmark = pytest.mark.django_db


def csv(text):
    return imports.import_processes("karta.csv", text.encode())


# Pages -------------------------------------------------------------------------------------------------------

def test_the_map_lists_the_hierarchy_in_order_with_supporting_services_and_counts(client):
    top, middle, leaf, _other = tree()
    process("1.10", "Tionde", parent=top)
    process("1.2", "Andra", parent=top)
    supporting = service_factories.service(name="Tidbokningen")
    leaf.services.add(supporting)
    client.force_login(orgs.user())
    page = client.get("/arkitektur/processer/").content.decode()
    assert page.index("1.1.1 Boka tid") < page.index("1.2 Andra") < page.index("1.10 Tionde")
    assert "Tidbokningen" in page and "Ny process" not in page
    detail = client.get(f"/arkitektur/processer/{leaf.pk}/").content.decode()
    assert "Tidbokningen" in detail and "1.1 Planera vård" in detail


def test_only_administrators_edit_the_map_and_a_loop_is_refused(client):
    top, middle, leaf, _other = tree()
    client.force_login(orgs.user(editor_of=orgs.organisation()))
    assert client.get("/arkitektur/processer/ny/").status_code == 403
    assert client.post(f"/arkitektur/processer/{top.pk}/andra/", {"code": "1", "name": "x"}).status_code == 403
    client.force_login(orgs.user(admin=True))
    refused = client.post(f"/arkitektur/processer/{top.pk}/andra/", {
        "code": "1", "name": "Vård", "kind": "process", "parent": leaf.code, "row_version": top.row_version})
    assert refused.status_code == 200 and "en del av sig själv" in refused.content.decode()
    assert Process.objects.get(pk=top.pk).parent is None
    created = client.post("/arkitektur/processer/ny/", {"code": "2", "name": "Stöd", "kind": "capability"})
    assert created.status_code == 302 and Process.objects.get(code="2").kind == "capability"
    unknown = client.post("/arkitektur/processer/ny/", {"code": "3", "name": "X", "kind": "process", "parent": "9"})
    assert "Ingen process har koden 9" in unknown.content.decode()


def test_suggestions_while_typing(client):
    tree()
    client.force_login(orgs.user())
    page = client.get("/arkitektur/processer/forslag/", {"process": "boka", "leaves": "1"}).content.decode()
    assert 'value="1.1.1"' in page and 'value="1.1"' not in page
    many = client.get("/arkitektur/processer/forslag/", {"processes": "1.1.1, tolk", "many": "1"}).content.decode()
    assert 'value="1.1.1, 1.1.2"' in many


# Import and export ---------------------------------------------------------------------------------------------

def test_import_creates_with_a_parent_later_in_the_file_and_updates_on_code():
    result = csv("code;name;parent code;kind;description\n1.1;Planera;1;process;\n1;Vård;;;Toppen\n")
    assert result.stored and result.created == 2
    assert Process.objects.get(code="1.1").parent.code == "1"
    again = csv("code,name,parent,kind\n1,Vård och behandling,,capability\n1.1,Planera,1,process\n")
    assert (again.created, again.updated, again.unchanged) == (0, 1, 1)
    assert Process.objects.get(code="1").kind == "capability"


def test_import_names_each_bad_row_and_column_and_stores_nothing():
    result = csv("code,name,parent,kind\n1,Vård,,\n,Utan kod,,\n2,Stöd,9,\n3,Typ,,grej\n1,Igen,,\n")
    assert not result.stored and not Process.objects.exists()
    assert {(e.row, e.column) for e in result.errors} == {(3, "code"), (4, "parent"), (5, "kind"), (6, "code")}
    assert "Ingen process har koden 9" in next(e.message for e in result.errors if e.row == 4)


def test_import_refuses_a_loop_in_the_hierarchy_with_the_register():
    top, middle, _leaf, _other = tree()
    result = csv(f"code,name,parent\n1,Vård,{middle.code}\n")
    assert not result.stored and result.errors[0].column == "parent" and "slinga" in result.errors[0].message
    assert Process.objects.get(pk=top.pk).parent is None


def test_import_page_for_administrators_and_the_command(client, tmp_path):
    upload = io.BytesIO("code;name;parent\n1;Vård;\n1.1;Planera;1\n".encode())
    upload.name = "karta.csv"
    client.force_login(orgs.user(editor_of=orgs.organisation()))
    assert client.post("/arkitektur/processer/import/", {"file": upload}).status_code == 403
    client.force_login(orgs.user(admin=True))
    upload.seek(0)
    page = client.post("/arkitektur/processer/import/", {"file": upload})
    assert "Skapade 2" in page.content.decode() or Process.objects.count() == 2
    path = tmp_path / "karta.csv"
    path.write_text("code;name;parent\n2;Stöd;\n2.1;Ekonomi;2\n")
    call_command("import_processes", str(path), stdout=io.StringIO())
    assert Process.objects.get(code="2.1").parent.code == "2"
    path.write_text("code;name;parent\n3;X;3\n")
    with pytest.raises(Exception, match="nothing was stored"):
        call_command("import_processes", str(path), stdout=io.StringIO(), stderr=io.StringIO())


def test_export_round_trips_through_the_import(client):
    tree()
    client.force_login(orgs.user())
    response = client.get("/arkitektur/processer/export.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:5] == ("code", "name", "parent", "kind", "description")
    assert ("1.1.2", "Boka tolk", "1.1") == rows[4][:3]
    result = imports.import_processes("karta.xlsx", response.content)
    assert result.stored and result.unchanged == 4
    assert client.get("/arkitektur/processer/export.csv").content.startswith("\ufeffcode;name".encode())


# API -----------------------------------------------------------------------------------------------------------

def test_the_api_reads_for_everyone_and_writes_for_administrators(api):
    top, middle, leaf, _other = tree()
    api.force_authenticate(orgs.user(editor_of=orgs.organisation()))
    listed = api.get("/api/processes/", {"leaf": "true"}).json()
    assert {row["code"] for row in listed["results"]} == {"1.1.1", "1.1.2"}
    assert api.post("/api/processes/", {"code": "2", "name": "Stöd"}, format="json").status_code == 403
    api.force_authenticate(orgs.user(admin=True))
    assert api.post("/api/processes/", {"code": "2", "name": "Stöd", "parent": "1"}, format="json").status_code == 201
    url = f"/api/processes/{top.pk}/"
    loop = api.patch(url, {"parent": leaf.code}, format="json", **if_match(api, url))
    assert loop.status_code == 400 and "parent" in loop.json()
    assert api.delete(url, **if_match(api, url)).status_code == 400
    assert Process.objects.filter(pk=top.pk).exists()


# The service panel -------------------------------------------------------------------------------------------

def test_the_owner_links_a_service_to_a_leaf_only_and_removes_it(client):
    _top, middle, leaf, _other = tree()
    owner = orgs.organisation()
    service = service_factories.service(owner=owner)
    client.force_login(orgs.user(editor_of=orgs.organisation()))
    assert client.post(f"/arkitektur/tjanster/{service.pk}/processer/", {"process": leaf.code}).status_code == 403
    assert "Koppla till process" not in client.get(service.get_absolute_url(), {"sections": "all"}).content.decode()
    client.force_login(orgs.user(editor_of=owner))
    refused = client.post(f"/arkitektur/tjanster/{service.pk}/processer/", {"process": middle.code}, follow=True)
    assert "har delprocesser" in refused.content.decode() and not middle.services.exists()
    client.post(f"/arkitektur/tjanster/{service.pk}/processer/", {"process": f"{leaf.code} Boka tid"})
    assert list(leaf.services.all()) == [service]
    page = client.get(service.get_absolute_url(), {"sections": "all"}).content.decode()
    assert "1.1.1 Boka tid" in page and "Koppla till process" in page
    client.post(f"/arkitektur/tjanster/{service.pk}/processer/{leaf.pk}/ta-bort/")
    assert not leaf.services.exists()


def test_the_panel_names_the_overlapping_service_and_the_process(client):
    from .factories_processes import supporting

    _top, _middle, leaf, _other = tree()
    shared = orgs.organisation()
    first = supporting(leaf, consumers=[shared], name="Tolkportalen")
    supporting(leaf, consumers=[shared], name="Tolkbokning KS")
    client.force_login(orgs.user())
    page = client.get(first.get_absolute_url(), {"sections": "all"}).content.decode()
    assert "Tolkbokning KS stödjer också 1.1.1 Boka tid" in page
