import io
import json

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from organisations.tests import factories as org_factories
from security import actions
from security.classification_io import import_information
from security.models import Classification, InformationType, Scale
from security.tests.factories_classification import information, klassa, owned_service

pytestmark = pytest.mark.django_db


def api(client, user):
    client.force_login(user)
    return client


# ---- the rule: classification = highest level per dimension ------------------------------------------------

def test_classification_is_the_highest_level_per_dimension_and_follows_every_change():
    service, _, _ = owned_service()
    first = information(service, k=1, r=3, t=2)
    second = information(service, k=3, r=1, t=1)
    assert Classification.objects.get(service=service).notation == "K3R3T2"
    actions.update_information_type(information=second, confidentiality=2)
    assert Classification.objects.get(service=service).notation == "K2R3T2"
    actions.remove_information_type(information=first)
    assert Classification.objects.get(service=service).notation == "K2R1T1"


def test_override_without_justification_is_refused_by_action_and_database():
    service, _, editor = owned_service()
    information(service, k=2, r=2, t=2)
    with pytest.raises(ValidationError):
        actions.override_classification(service=service, user=editor, confidentiality=4, integrity=2,
                                        availability=2, justification="  ")
    with pytest.raises(IntegrityError), transaction.atomic():
        Classification.objects.filter(service=service).update(overridden=True, justification="")
    actions.override_classification(service=service, user=editor, confidentiality=4, integrity=2,
                                    availability=2, justification="Patientdata")
    assert Classification.objects.get(service=service).notation == "K4R2T2"


def test_switching_to_klassa_needs_no_migration_level_0_accepted_and_5_refused():
    service, _, _ = owned_service()
    with pytest.raises(ValidationError):
        information(service, k=0)
    klassa()
    assert Scale.active_for(Scale.Purpose.CLASSIFICATION).levels.filter(number=0).exists()
    information(service, k=0, r=0, t=4)
    with pytest.raises(ValidationError):
        information(service, k=5)
    assert Scale.objects.filter(purpose=Scale.Purpose.CLASSIFICATION, active=True).count() == 1


# ---- the panel section and its pages ------------------------------------------------------------------------

def test_panel_shows_levels_with_names_and_the_computed_classification(client):
    service, _, editor = owned_service()
    information(service, name="Journalanteckningar", k=2, r=2, t=1)
    page = api(client, editor).get(service.get_absolute_url(), {"sections": "all"})
    text = page.content.decode()
    assert "Journalanteckningar" in text and "K2R2T1" in text
    assert "2 – " in text  # the level's number and its name from the scale
    assert f"/sakerhet/tjanster/{service.pk}/information/ny/" in text


def test_editor_adds_information_through_the_form(client):
    service, _, editor = owned_service()
    response = api(client, editor).post(f"/sakerhet/tjanster/{service.pk}/information/ny/", {
        "name": "Remisser", "personal_data": "sensitive", "public_record": "on",
        "confidentiality": "3", "integrity": "2", "availability": "2"})
    assert response.status_code == 302
    assert InformationType.objects.get(service=service).name == "Remisser"
    assert Classification.objects.get(service=service).notation == "K3R2T2"


def test_form_refuses_a_level_not_on_the_scale(client):
    service, _, editor = owned_service()
    response = api(client, editor).post(f"/sakerhet/tjanster/{service.pk}/information/ny/", {
        "name": "Remisser", "personal_data": "none", "confidentiality": "7", "integrity": "2", "availability": "2"})
    assert response.status_code == 200
    assert "confidentiality" in response.context["form"].errors
    assert not InformationType.objects.exists()


def test_stale_edit_is_refused_and_nothing_stored(client):
    service, _, editor = owned_service()
    info = information(service, name="A", k=1, r=1, t=1)
    seen = info.row_version
    actions.update_information_type(information=info, description="someone else")
    response = api(client, editor).post(f"/sakerhet/information/{info.pk}/", {
        "name": "B", "personal_data": "none", "confidentiality": "2", "integrity": "1", "availability": "1",
        "row_version": seen, "classified_on": "2024-01-01"})
    assert response.status_code == 200
    assert "Någon annan ändrade" in " ".join(response.context["form"].non_field_errors())
    assert InformationType.objects.get(pk=info.pk).name == "A"


def test_editor_of_another_organisation_is_refused_and_shown_no_form(client):
    service, _, _ = owned_service()
    info = information(service, k=1, r=1, t=1)
    other = org_factories.user(editor_of=org_factories.organisation())
    client.force_login(other)
    assert client.get(f"/sakerhet/tjanster/{service.pk}/information/ny/").status_code == 403
    assert client.post(f"/sakerhet/information/{info.pk}/", {"name": "X"}).status_code == 403
    assert client.post(f"/sakerhet/information/{info.pk}/ta-bort/", {"row_version": 1}).status_code == 403
    assert client.post(f"/sakerhet/tjanster/{service.pk}/klassning/", {}).status_code == 403
    page = client.get(service.get_absolute_url(), {"sections": "all"}).content.decode()
    assert "/information/ny/" not in page and "/klassning/" not in page
    assert InformationType.objects.filter(pk=info.pk).exists()


def test_remove_asks_first_then_removes_and_recomputes(client):
    service, _, editor = owned_service()
    keep = information(service, k=1, r=1, t=1)
    gone = information(service, k=3, r=1, t=1)
    api(client, editor)
    confirm = client.get(f"/sakerhet/information/{gone.pk}/ta-bort/")
    assert confirm.status_code == 200 and InformationType.objects.filter(pk=gone.pk).exists()
    client.post(f"/sakerhet/information/{gone.pk}/ta-bort/", {"row_version": gone.row_version})
    assert list(InformationType.objects.values_list("pk", flat=True)) == [keep.pk]
    assert Classification.objects.get(service=service).notation == "K1R1T1"


def test_override_form_needs_a_justification_and_clear_goes_back(client):
    service, _, editor = owned_service()
    information(service, k=1, r=1, t=1)
    api(client, editor)
    url = f"/sakerhet/tjanster/{service.pk}/klassning/"
    refused = client.post(url, {"confidentiality": "4", "integrity": "1", "availability": "1", "justification": "",
                                "row_version": 1})
    assert refused.status_code == 200 and "justification" in refused.context["form"].errors
    assert not Classification.objects.get(service=service).overridden
    assert client.post(url, {"confidentiality": "4", "integrity": "1", "availability": "1",
                             "justification": "Skyddad identitet", "row_version": 1}).status_code == 302
    classification = Classification.objects.get(service=service)
    assert classification.overridden and classification.notation == "K4R1T1"
    page = client.get(service.get_absolute_url(), {"sections": "all"}).content.decode()
    assert "Skyddad identitet" in page
    client.post(f"/sakerhet/tjanster/{service.pk}/klassning/berakna/", {"row_version": classification.row_version})
    assert Classification.objects.get(service=service).notation == "K1R1T1"


# ---- API ------------------------------------------------------------------------------------------------------

def test_api_creates_updates_and_deletes_through_the_actions(client):
    service, _, editor = owned_service()
    api(client, editor)
    created = client.post("/api/information-types/", {
        "service": service.pk, "name": "Bokningar", "confidentiality": 2, "integrity": 3, "availability": 1},
        content_type="application/json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert Classification.objects.get(service=service).notation == "K2R3T1"
    stale = client.patch(f"/api/information-types/{pk}/", {"confidentiality": 3}, content_type="application/json",
                         HTTP_IF_MATCH='"7"')
    assert stale.status_code == 412
    etag = client.get(f"/api/information-types/{pk}/")["ETag"]
    assert client.patch(f"/api/information-types/{pk}/", {"confidentiality": 3}, content_type="application/json",
                        HTTP_IF_MATCH=etag).status_code == 200
    assert Classification.objects.get(service=service).notation == "K3R3T1"
    etag = client.get(f"/api/information-types/{pk}/")["ETag"]
    assert client.delete(f"/api/information-types/{pk}/", HTTP_IF_MATCH=etag).status_code == 204
    assert Classification.objects.get(service=service).notation == "K–R–T–"


def test_api_refuses_a_level_not_on_the_scale_and_another_organisations_editor(client):
    service, _, editor = owned_service()
    api(client, editor)
    refused = client.post("/api/information-types/", {
        "service": service.pk, "name": "X", "confidentiality": 9, "integrity": 1, "availability": 1},
        content_type="application/json")
    assert refused.status_code == 400 and "confidentiality" in refused.json()
    client.force_login(org_factories.user(editor_of=org_factories.organisation()))
    forbidden = client.post("/api/information-types/", {
        "service": service.pk, "name": "X", "confidentiality": 1, "integrity": 1, "availability": 1},
        content_type="application/json")
    assert forbidden.status_code == 403
    assert not InformationType.objects.exists()


def test_api_override_needs_justification_and_if_match(client):
    service, _, editor = owned_service()
    information(service, k=1, r=1, t=1)
    api(client, editor)
    url = f"/api/classifications/{service.pk}/"
    etag = client.get(url)["ETag"]
    assert client.patch(url, {"overridden": True, "confidentiality": 3}, content_type="application/json",
                        HTTP_IF_MATCH=etag).status_code == 400
    assert client.patch(url, {"overridden": True, "confidentiality": 3, "justification": "x"},
                        content_type="application/json").status_code == 428
    ok = client.patch(url, {"overridden": True, "confidentiality": 3, "justification": "Känsligt"},
                      content_type="application/json", HTTP_IF_MATCH=etag)
    assert ok.status_code == 200 and ok.json()["notation"] == "K3R1T1"
    listed = client.get("/api/classifications/?confidentiality_min=3").json()["results"]
    assert [row["service"] for row in listed] == [service.pk]
    etag = client.get(url)["ETag"]
    back = client.patch(url, {"overridden": False}, content_type="application/json", HTTP_IF_MATCH=etag)
    assert back.status_code == 200 and back.json()["notation"] == "K1R1T1"


def test_api_scales_have_their_levels(client):
    api(client, org_factories.user())
    scales = client.get("/api/scales/?purpose=classification").json()["results"]
    assert {len(s["levels"]) for s in scales} == {4, 5}
    assert client.post("/api/scales/", {}).status_code == 405


# ---- the service list filters and sorts by classification ---------------------------------------------------

def test_service_list_filters_and_sorts_by_classification_on_page_api_and_export(client):
    low, _, _ = owned_service(name="Alfa")
    high, _, _ = owned_service(name="Beta")
    owned_service(name="Gamma")  # not classified
    information(low, k=1, r=2, t=1)
    information(high, k=3, r=1, t=1)
    api(client, org_factories.user())
    page = client.get("/tjanster/?confidentiality_min=3")
    assert [row["service"].name for row in page.context["rows"]] == ["Beta"]
    assert "K3R1T1" in page.content.decode()
    unclassified = client.get("/tjanster/?classified=false")
    assert [row["service"].name for row in unclassified.context["rows"]] == ["Gamma"]
    ordered = client.get("/api/services/?ordering=-classification").json()["results"]
    assert [s["name"] for s in ordered] == ["Beta", "Alfa", "Gamma"]
    assert ordered[0]["classification"] == "K3R1T1" and ordered[2]["classification"] is None
    exported = client.get("/tjanster/export.csv?ordering=classification").content.decode("utf-8-sig").splitlines()
    assert exported[0].endswith(";classification")
    assert [line.split(";")[1] for line in exported[1:]] == ["Alfa", "Beta", "Gamma"]
    assert exported[2].endswith(";K3R1T1")
    assert client.get("/api/services/?confidentiality_min=abc").status_code == 400


def test_service_list_costs_the_same_queries_for_more_rows(client, django_assert_max_num_queries):
    for _ in range(3):
        service, _, _ = owned_service()
        information(service, k=2, r=2, t=2)
    api(client, org_factories.user())
    client.get("/api/services/")
    with django_assert_max_num_queries(12) as few:
        client.get("/api/services/")
    for _ in range(5):
        service, _, _ = owned_service()
        information(service, k=2, r=2, t=2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/api/services/")


# ---- import and export of information types ----------------------------------------------------------------

def _csv(rows):
    header = "service_external_id;service_name;name;personal_data;confidentiality;integrity;availability"
    return ("\n".join([header, *rows]) + "\n").encode()


def test_import_errors_name_row_and_field_and_store_nothing():
    service, _, editor = owned_service(external_id="S-1")
    result = import_information("info.csv", _csv([
        "S-1;;Journal;sensitive;3;2;2",
        "S-1;;Bokning;none;9;1;1",
        "S-404;;X;none;1;1;1",
        "S-1;;Lab;fel;1;1;1",
    ]), user=editor)
    assert not result.stored
    assert {(e.row, e.column) for e in result.errors} == {
        (3, "confidentiality"), (4, "service_external_id"), (5, "personal_data")}
    assert not InformationType.objects.exists() and not Classification.objects.exists()


def test_import_refuses_services_the_importer_may_not_edit():
    owned_service(external_id="S-1")
    stranger = org_factories.user(editor_of=org_factories.organisation())
    result = import_information("info.csv", _csv(["S-1;;Journal;none;1;1;1"]), user=stranger)
    assert not result.stored and result.errors[0].column == "service_external_id"
    assert not InformationType.objects.exists()


def test_export_writes_what_import_reads_and_recomputes_the_classification(client):
    service, _, editor = owned_service(external_id="S-1", name="Journalen")
    information(service, name="Journal", k=3, r=2, t=2, personal_data="sensitive")
    api(client, editor)
    response = client.get("/sakerhet/information/export.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("service_external_id", "service_name", "name")
    assert rows[1][:3] == ("S-1", "Journalen", "Journal") and rows[1][5] == "sensitive"
    assert rows[1][8:11] == (3, 2, 2)
    sheet.cell(row=2, column=9, value=1)  # confidentiality 3 -> 1
    sheet.append(["S-1", "Journalen", "Bilder", "", "", "Känsliga personuppgifter (GDPR art. 9, t.ex. hälsa)", 0, 1,
                  2, 1, 1, None])
    buffer = io.BytesIO()
    sheet.parent.save(buffer)
    result = import_information("info.xlsx", buffer.getvalue(), user=editor)
    assert result.stored, result.errors
    assert (result.created, result.updated) == (1, 1)
    assert InformationType.objects.get(name="Bilder").personal_data == "sensitive"
    assert Classification.objects.get(service=service).notation == "K2R2T2"


def test_import_page_reports_errors(client):
    _, _, editor = owned_service(external_id="S-1")
    api(client, editor)
    from django.core.files.uploadedfile import SimpleUploadedFile
    page = client.post("/sakerhet/information/import/", {
        "file": SimpleUploadedFile("info.csv", _csv(["S-1;;Journal;none;1;1;x"]))})
    assert page.status_code == 200 and page.context["result"].errors[0].column == "availability"
    assert not InformationType.objects.exists()


# ---- a reader gets no detail of a K3 service of another organisation; its owner's editor does -----------------

@pytest.fixture
def sensitive(db):
    service, _, editor = owned_service(name="Journalen", external_id="J-1")
    info = information(service, name="Patientjournal", k=3, r=3, t=3)
    reader = org_factories.user(editor_of=org_factories.organisation())
    return service, info, editor, reader


def test_leak_routes_hide_information_from_a_reader_and_show_it_to_the_owner(client, sensitive):
    service, info, editor, reader = sensitive
    routes = [
        service.get_absolute_url() + "?sections=all",
        f"/api/information-types/?service={service.pk}",
        "/api/information-types/",
        "/sakerhet/",
        "/sakerhet/information/export.csv",
    ]
    for user, sees in ((reader, False), (editor, True)):
        client.force_login(user)
        for route in routes:
            body = client.get(route).content.decode("utf-8-sig")
            assert ("Patientjournal" in body) is sees, (route, user)
        detail = client.get(f"/api/information-types/{info.pk}/")
        assert detail.status_code == (200 if sees else 404)
        edit = client.get(f"/sakerhet/information/{info.pk}/")
        assert edit.status_code == (200 if sees else 404)
        assert "Patientjournal" not in edit.content.decode() or sees
        # the letters are for everyone
        assert "K3R3T3" in client.get("/sakerhet/").content.decode()
        assert json.loads(client.get(f"/api/classifications/{service.pk}/").content)["notation"] == "K3R3T3"


def test_personal_data_filter_tells_nothing_of_a_hidden_service(client, sensitive):
    service, info, editor, reader = sensitive
    actions.update_information_type(information=info, personal_data="sensitive")
    client.force_login(reader)
    assert client.get("/sakerhet/?personal_data=sensitive").context["page"].paginator.count == 0
    client.force_login(editor)
    assert client.get("/sakerhet/?personal_data=sensitive").context["page"].paginator.count == 1


# ---- loading a region's own scale -----------------------------------------------------------------------------

def test_load_scale_names_row_and_field_and_stores_nothing(tmp_path):
    from django.core.management import CommandError, call_command
    bad = tmp_path / "skala.csv"
    bad.write_text("number;name;description\n1;Låg;\nx;Hög;\n1;Igen;\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("load_scale", str(bad), name="Egen", purpose="classification", stderr=io.StringIO())
    assert not Scale.objects.filter(name="Egen").exists()
    good = tmp_path / "egen.csv"
    good.write_text("number;name;description\n1;Låg;\n2;Hög;Skadar\n", encoding="utf-8")
    call_command("load_scale", str(good), name="Egen", purpose="classification", activate=True, stdout=io.StringIO())
    active = Scale.active_for(Scale.Purpose.CLASSIFICATION)
    assert active.name == "Egen" and list(active.levels.values_list("number", flat=True)) == [1, 2]
    assert Scale.objects.filter(purpose=Scale.Purpose.CLASSIFICATION, active=True).count() == 1


def test_read_levels_errors_name_row_and_column():
    from security.management.commands.load_scale import read_levels
    _levels, errors = read_levels("s.csv", b"number;name\n1;L\nx;H\n1;I\n3;\n")
    assert errors == ["row 3, column number: 'x' is not a level number (0 or more).",
                      "row 4, column number: level 1 is on row 2 already.",
                      "row 5, column name: every level needs a name."]
