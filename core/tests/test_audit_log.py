"""The auditor reads everything and writes nothing; the audit log lists every change of every model,
filtered by who, what, which object and when, on the page, in the API and in the export."""

import csv
import io

import pytest
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from core import access, audit, registry
from core.models import Verification
from organisations.tests import factories as orgs
from services import actions
from services.models import Service
from services.tests import factories

pytestmark = pytest.mark.django_db


def auditor(username=None, **roles):
    user = orgs.user(username, **roles)
    user.groups.add(Group.objects.get(name=access.AUDITORS))
    return user


@pytest.fixture
def region():
    hsn = orgs.organisation("HSN")
    orgs.domain("vard")
    editor = orgs.user("redaktor", editor_of=hsn)
    ersmo = factories.service(owner=hsn, name="Ersmo")
    actions.update_service(service=ersmo, name="Ersmo 2")
    Service.history.filter(id=ersmo.pk).update(history_user=editor)
    liston = factories.service(owner=hsn, name="Liston")
    audit.seal()
    return {"hsn": hsn, "editor": editor, "ersmo": ersmo, "liston": liston}


def test_an_auditor_reads_everything_and_writes_nothing(region, monkeypatch):
    monkeypatch.setitem(registry.VISIBILITY, Service, lambda user, qs: qs.none())  # as the security issue will
    reader, inspector = orgs.user(), auditor()
    assert not access.visible_to(reader, Service.objects.all()).exists()
    assert access.visible_to(inspector, Service.objects.all()).count() == 2
    ersmo = region["ersmo"]
    assert access.may_audit(inspector) and not access.may_audit(reader)
    assert not any([access.may_edit(inspector, ersmo), access.may_register(inspector), access.may_write(inspector),
                    access.may_record_decisions(inspector), access.may_administer(inspector)])
    assert access.may_write(reader)  # not an auditor: the finer questions decide


def test_an_auditor_who_is_also_an_editor_edits_what_the_editor_may(region):
    both = auditor(editor_of=region["hsn"])
    assert access.may_write(both) and access.may_edit(both, region["ersmo"]) and access.may_audit(both)


def test_the_api_refuses_every_write_of_an_auditor(region):
    api = APIClient()
    api.force_authenticate(auditor())
    body = {"name": "Ny", "kind": "common", "domain": "vard", "phase": "in_development", "owner": "HSN"}
    assert api.get("/api/services/").status_code == 200
    assert api.post("/api/services/", body, format="json").status_code == 403
    assert api.patch(f"/api/services/{region['ersmo'].pk}/", {"name": "X"}, format="json").status_code == 403
    assert not Service.objects.filter(name="Ny").exists()
    api.force_authenticate(region["editor"])
    assert api.post("/api/services/", body, format="json").status_code == 201


def test_every_api_endpoint_refuses_an_auditors_write_before_it_reads_the_body(region):
    from styr.urls import router

    api = APIClient()
    api.force_authenticate(auditor())
    for prefix, _, _ in router.registry:
        assert api.post(f"/api/{prefix}/", {}, format="json").status_code == 403, prefix


def test_the_audit_log_page_is_for_auditors_and_administrators(client, region):
    client.force_login(orgs.user())
    assert client.get("/granskning/").status_code == 403
    assert "/granskning/" not in client.get("/").content.decode()
    for user in (auditor(), orgs.user(admin=True)):
        client.force_login(user)
        page = client.get("/granskning/")
        assert page.status_code == 200 and 'href="/granskning/"' in page.content.decode()


def test_the_page_lists_every_change_newest_first_with_its_fields_and_the_chain_head(client, region):
    audit.verify()
    client.force_login(auditor())
    text = client.get("/granskning/").content.decode()
    assert text.index("Liston") < text.index("Ersmo 2")  # newest first
    assert "Ersmo → Ersmo 2" in text
    assert audit.head()[1] in text and str(audit.head()[0]) in text
    assert Verification.objects.first().ok and ("passed" in text or "godkänd" in text)


def test_filters_by_user_object_type_object_and_date(client, region):
    client.force_login(auditor())
    ersmo = region["ersmo"]
    by_user = client.get("/granskning/", {"user": "redaktor"}).context["entries"]
    assert by_user and {e.user for e in by_user} == {"redaktor"}
    by_object = client.get("/granskning/", {"model": "services.service", "object": ersmo.pk}).context["entries"]
    assert [e.type for e in by_object] == ["~", "+"] and {e.object_id for e in by_object} == {str(ersmo.pk)}
    by_type = client.get("/granskning/", {"model": "services.ownership"}).context["entries"]
    assert by_type and {e.model for e in by_type} == {"services.ownership"}
    assert client.get("/granskning/", {"until": "2000-01-01"}).context["entries"] == []
    assert client.get("/granskning/", {"since": "2000-01-01"}).context["entries"]


def test_bad_filters_are_refused_not_a_server_error(client, region):
    client.force_login(auditor())
    page = client.get("/granskning/", {"since": "igår", "model": "nosuch.model"})
    assert page.status_code == 200 and page.context["entries"] == []
    assert set(page.context["filter"].errors) == {"since", "model"}
    assert client.get("/granskning/", {"object": "a\x00b"}).status_code == 400
    assert client.get("/granskning/export.csv", {"since": "igår"}).status_code == 400
    api = APIClient()
    api.force_authenticate(auditor())
    assert api.get("/api/audit-log/", {"since": "igår"}).status_code == 400
    assert api.get("/api/audit-log/", {"model": "nosuch.model"}).status_code == 400
    # the ends of the calendar bound nothing (they were 500: an aware time overflowed)
    everything = len(client.get("/granskning/").context["entries"])
    for ends in ({"until": "9999-12-31"}, {"since": "0001-01-01"}, {"since": "0001-01-01", "until": "9999-12-31"}):
        assert len(client.get("/granskning/", ends).context["entries"]) == everything
        assert api.get("/api/audit-log/", ends).status_code == 200
        assert client.get("/granskning/export.csv", ends).status_code == 200


def test_a_deleted_objects_history_stays_reachable(client, region):
    liston = region["liston"]
    pk = liston.pk
    actions.delete_service(service=liston)
    audit.seal()
    client.force_login(auditor())
    entries = client.get("/granskning/").context["entries"]
    deleted = next(e for e in entries if e.object_id == str(pk) and e.model == "services.service")
    assert deleted.type == "-" and deleted.object_url == f"/granskning/?model=services.service&object={pk}"
    history = client.get(deleted.object_url).context["entries"]
    assert [e.type for e in history] == ["-", "+"]
    still_there = next(e for e in entries if e.object_id == str(region["ersmo"].pk) and e.model == "services.service")
    assert still_there.object_url == region["ersmo"].get_absolute_url()


def test_the_api_lists_the_same_entries_and_refuses_others(region):
    api = APIClient()
    api.force_authenticate(orgs.user())
    assert api.get("/api/audit-log/").status_code == 403
    api.force_authenticate(auditor())
    body = api.get("/api/audit-log/", {"model": "services.service", "object": region["ersmo"].pk}).json()
    assert body["count"] == 2
    changed = body["results"][0]
    assert changed["type"] == "~" and changed["user"] == "redaktor"
    assert [(c["field"], c["before"], c["after"]) for c in changed["changes"]] == [("name", "Ersmo", "Ersmo 2")]


def test_the_export_carries_the_filtered_log(client, region):
    client.force_login(auditor())
    response = client.get("/granskning/export.csv", {"model": "services.service"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["link", "at", "user"]
    assert len(rows) == 1 + 3 and any("Ersmo → Ersmo 2" in row[8] for row in rows)
    assert client.get("/granskning/export.xlsx").status_code == 200
    client.force_login(orgs.user())
    assert client.get("/granskning/export.csv").status_code == 403


def test_the_openapi_description_matches_the_answers(region):
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    operation = schema["paths"]["/api/audit-log/"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"user", "model", "object", "since", "until", "page"}
    described = schema["components"]["schemas"]["AuditEntry"]
    api = APIClient()
    api.force_authenticate(auditor())
    for answered in api.get("/api/audit-log/").json()["results"]:
        assert set(answered) == set(described["properties"]) == set(described["required"])
        for name, value in answered.items():
            if value is None:
                assert described["properties"][name].get("nullable"), name


def test_an_auditors_refused_write_is_told_in_swedish(region):
    api = APIClient()
    api.force_authenticate(auditor())
    refused = api.post("/api/decisions/", {}, format="json")
    assert refused.status_code == 403 and refused.json()["detail"] == "Granskare läser; de ändrar inte registret."
