"""The API of initiatives and value assessments: by code, the pages' filter, writes through the actions, bad input
never 500, stale writes 412."""

import pytest

from ..models import Initiative, ValueAssessment
from . import factories
from .factories_initiatives import proposed, region

pytestmark = pytest.mark.django_db


def test_initiatives_by_code_with_services_benefits_and_costs(api):
    r = region()
    initiative = proposed(r, code="INI-2026-01")
    factories.benefit(initiative)
    factories.initiative_cost(initiative, 2026, 100_00, 20_00)
    api.force_authenticate(r.reader)
    listed = api.get("/api/initiatives/?owner=HSN").json()
    assert [row["code"] for row in listed["results"]] == ["INI-2026-01"]
    one = api.get("/api/initiatives/INI-2026-01/")
    assert one.status_code == 200 and one["ETag"] == '"1"'
    data = one.json()
    assert data["proposer"] == "HSN" and data["services"][0]["effect"] == "changes"
    assert data["costs"][0]["estimated_investment"] == 100_00 and data["benefits"][0]["measure"]
    assert api.get("/api/initiatives/?status=nonsense").status_code == 400
    assert api.get("/api/initiatives/INI-FINNS-EJ/").status_code == 404


def test_an_editor_creates_and_updates_with_if_match(api):
    r = region()
    focus = factories.focus_area("tillganglighet")
    api.force_authenticate(r.hsn_editor)
    created = api.post("/api/initiatives/", {"title": "Digital incheckning", "need": "Köer", "need_of": "residents",
                                             "proposer": "HSN", "focus_areas": [focus.code]}, format="json")
    assert created.status_code == 201, created.content
    code = created.json()["code"]
    assert created.json()["owner"] == "HSN" and created.json()["status"] == "idea"
    url = f"/api/initiatives/{code}/"
    assert api.patch(url, {"title": "Nytt"}, format="json").status_code == 428
    assert api.patch(url, {"title": "Nytt"}, format="json", HTTP_IF_MATCH='"9"').status_code == 412
    changed = api.patch(url, {"title": "Nytt"}, format="json", HTTP_IF_MATCH='"1"')
    assert changed.status_code == 200 and changed.json()["title"] == "Nytt"
    assert api.patch(url, {"code": "ANNAN"}, format="json", HTTP_IF_MATCH=changed["ETag"]).status_code == 400


@pytest.mark.parametrize("body", [
    {"title": "X", "need": "Y", "need_of": "aliens", "proposer": "HSN"},
    {"title": "X", "need": "Y", "need_of": "staff", "proposer": "FINNS-EJ"},
    {"title": "X", "need": "Y", "need_of": "staff", "proposer": "HSN", "code": "ogiltig kod!"},
    {"title": "X\x00", "need": "Y", "need_of": "staff", "proposer": "HSN"},
    [],
])
def test_bad_input_is_400(api, body):
    r = region()
    api.force_authenticate(r.hsn_editor)
    assert api.post("/api/initiatives/", body, format="json").status_code == 400
    assert not Initiative.objects.exists()


@pytest.mark.parametrize("who, status", [("slso_editor", 403), ("auditor", 403), ("reader", 403)])
def test_others_may_not_create_for_hsn(api, who, status):
    r = region()
    api.force_authenticate(getattr(r, who))
    response = api.post("/api/initiatives/", {"title": "X", "need": "Y", "need_of": "staff", "proposer": "HSN"},
                        format="json")
    assert response.status_code == status


def test_the_governance_office_records_an_assessment(api):
    r = region()
    proposed(r, code="INI-A")
    body = {"initiative": "INI-A", "year": 2026, "assessed_on": "2026-03-01",
            "scores": [{"criterion": "nytta", "score": 4}, {"criterion": "risk", "score": 3}]}
    api.force_authenticate(r.hsn_editor)
    assert api.post("/api/value-assessments/", body, format="json").status_code == 403
    api.force_authenticate(r.office)
    response = api.post("/api/value-assessments/", body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["score"] == "70.714"
    assert api.get("/api/value-assessments/").json()["results"][0]["initiative"] == "INI-A"


@pytest.mark.parametrize("scores", [
    [{"criterion": "nytta", "score": 6}, {"criterion": "risk", "score": 3}],
    [{"criterion": "nytta", "score": 4}],
    [{"criterion": "nytta", "score": 4}, {"criterion": "nytta", "score": 4}],
    [{"criterion": "finns-ej", "score": 1}],
    [{"criterion": "nytta", "score": "fyra"}],
    "inte en lista",
])
def test_bad_scores_are_400_and_store_nothing(api, scores):
    r = region()
    proposed(r, code="INI-A")
    api.force_authenticate(r.office)
    response = api.post("/api/value-assessments/", {"initiative": "INI-A", "year": 2026,
                                                    "assessed_on": "2026-03-01", "scores": scores}, format="json")
    assert response.status_code == 400
    assert not ValueAssessment.objects.exists()
