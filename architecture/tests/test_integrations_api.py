"""/api/integrations/ and /api/dependencies/: contracts as a list of URNs, information types by id, filters of the
pages' FilterSet, row versions as ETag/If-Match, permissions and visibility from core.access."""

import pytest

from architecture import actions
from architecture.models import Dependency, Integration, ServiceContract
from core.tests.versions import if_match
from security import actions as security_actions

from .factories_integrations import CARE_DOCUMENTATION, DIAGNOSIS, region, shielded

pytestmark = pytest.mark.django_db


def _body(r, **fields):
    return {"producer": r.producer.pk, "consumer": r.consumer.pk, "kind": "service_contract",
            "platform": r.platform.pk, "contracts": [CARE_DOCUMENTATION], "criticality": "high", **fields}


def test_the_consumers_editor_creates_reads_and_filters_an_integration(api):
    r = region()
    info = security_actions.add_information_type(service=r.producer, name="Journal", confidentiality=2, integrity=2,
                                                 availability=2)
    api.force_authenticate(r.hsn_editor)
    created = api.post("/api/integrations/", _body(r, information_types=[info.pk]), format="json")
    assert created.status_code == 201, created.content
    assert created.json()["contracts"] == [CARE_DOCUMENTATION] and created.json()["information_types"] == [info.pk]
    url = f"/api/integrations/{created.json()['id']}/"
    read = api.get(url)
    assert read["ETag"] == '"1"' and read.json()["platform"] == r.platform.pk
    listed = api.get("/api/integrations/", {"contract": "GetCareDoc", "kind": "service_contract"}).json()
    assert listed["count"] == 1
    assert api.get("/api/integrations/", {"contract": "GetDiagnosis"}).json()["count"] == 0


def test_the_producers_editor_is_refused_403_and_an_auditor_too(api):
    r = region()
    for user in (r.slso_editor, r.auditor):
        api.force_authenticate(user)
        assert api.post("/api/integrations/", _body(r), format="json").status_code == 403
    assert not Integration.objects.exists()


@pytest.mark.parametrize("fields, field", [
    ({"contracts": ["GetCareDocumentation"]}, "contracts"),
    ({"contracts": [CARE_DOCUMENTATION, CARE_DOCUMENTATION]}, "contracts"),
    ({"kind": "file"}, "contracts"),
    ({"platform": None}, "platform"),
    ({"producer": 10**30}, "producer"),
    ({"kind": "telepathy"}, "kind"),
    ({"contracts": "urn"}, "contracts"),
])
def test_bad_input_is_400_naming_the_field_and_nothing_stored(api, fields, field):
    r = region()
    api.force_authenticate(r.hsn_editor)
    answer = api.post("/api/integrations/", _body(r, **fields), format="json")
    assert answer.status_code == 400 and field in answer.json(), answer.content
    assert not Integration.objects.exists() and not ServiceContract.objects.exists()


def test_information_of_another_service_is_400(api):
    r = region()
    foreign = security_actions.add_information_type(service=r.consumer, name="Ersättningar", confidentiality=2,
                                                    integrity=2, availability=2)
    api.force_authenticate(r.hsn_editor)
    answer = api.post("/api/integrations/", _body(r, information_types=[foreign.pk]), format="json")
    assert answer.status_code == 400 and "information_types" in answer.json()


def test_updates_need_the_version_read(api):
    r = region()
    integration = actions.create_integration(user=r.admin, producer=r.producer, consumer=r.consumer,
                                             kind="service_contract", platform=r.platform,
                                             contracts=[CARE_DOCUMENTATION])
    api.force_authenticate(r.hsn_editor)
    url = f"/api/integrations/{integration.pk}/"
    assert api.patch(url, {"criticality": "low"}, format="json").status_code == 428
    headers = if_match(api, url)
    changed = api.patch(url, {"contracts": [DIAGNOSIS, CARE_DOCUMENTATION]}, format="json", **headers)
    assert changed.status_code == 200 and changed["ETag"] == '"2"'
    assert changed.json()["contracts"] == [CARE_DOCUMENTATION, DIAGNOSIS]
    stale = api.patch(url, {"criticality": "low"}, format="json", **headers)
    assert stale.status_code == 412
    assert Integration.objects.get().criticality == "medium"
    assert api.delete(url, **headers).status_code == 412
    assert api.delete(url, **if_match(api, url)).status_code == 204
    assert not Integration.objects.exists()


def test_a_shielded_producers_integration_is_not_answered_to_a_reader(api):
    r = region()
    integration = actions.create_integration(user=r.admin, producer=r.producer, consumer=r.consumer, kind="api")
    shielded(r.producer)
    api.force_authenticate(r.reader)
    assert api.get("/api/integrations/").json()["count"] == 0
    assert api.get(f"/api/integrations/{integration.pk}/").status_code == 404
    for who in (r.auditor, r.officer):
        api.force_authenticate(who)
        assert api.get("/api/integrations/").json()["count"] == 1


def test_dependencies_through_the_api(api):
    r = region()
    api.force_authenticate(r.slso_editor)
    body = {"service": r.consumer.pk, "depends_on": r.platform.pk, "description": "RTP"}
    assert api.post("/api/dependencies/", body, format="json").status_code == 403
    api.force_authenticate(r.hsn_editor)
    created = api.post("/api/dependencies/", body, format="json")
    assert created.status_code == 201
    assert api.post("/api/dependencies/", body, format="json").status_code == 400  # once
    assert api.post("/api/dependencies/", {**body, "depends_on": r.consumer.pk}, format="json").status_code == 400
    url = f"/api/dependencies/{created.json()['id']}/"
    moved = api.patch(url, {"depends_on": r.producer.pk}, format="json", **if_match(api, url))
    assert moved.status_code == 400 and "depends_on" in moved.json()
    changed = api.patch(url, {"description": "Tjänstekontrakt"}, format="json", **if_match(api, url))
    assert changed.status_code == 200 and changed.json()["description"] == "Tjänstekontrakt"
    assert api.get("/api/dependencies/", {"depends_on": r.platform.pk}).json()["count"] == 1
    assert api.delete(url, **if_match(api, url)).status_code == 204
    assert not Dependency.objects.exists()
