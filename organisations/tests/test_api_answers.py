import pytest

from core.tests.versions import if_match
from organisations.models import Organisation
from organisations.tests import factories as orgs

pytestmark = pytest.mark.django_db


def test_an_organisations_history_is_not_hidden_by_the_lists_filters(api):
    orgs.organisation("HSN")
    api.force_authenticate(orgs.user())
    # ?active=false narrows the list; it once narrowed the history's lookup too and answered 404
    response = api.get("/api/organisations/HSN/history/", {"active": "false"})
    assert response.status_code == 200 and response.json()[0]["type"] == "+"
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    history = schema["paths"]["/api/organisations/{code}/history/"]["get"]
    assert [p["name"] for p in history["parameters"]] == ["code"]  # no filters, no page: one answer


def test_the_api_refuses_a_parent_chain_back_to_the_record_as_the_forms_do(api):
    """Through the API as through the forms (actions.save_organisation / save_domain): any depth, in Swedish."""
    region = orgs.organisation("REG")
    board = orgs.organisation("HSN", parent=region)
    orgs.organisation("ENH", parent=board)
    api.force_authenticate(orgs.user(admin=True))

    response = api.patch("/api/organisations/REG/", {"parent": "ENH"}, format="json",
                         **if_match(api, "/api/organisations/REG/"))
    assert response.status_code == 400
    assert response.json()["parent"] == ["En organisation kan inte vara en del av sig själv."]
    region.refresh_from_db()
    assert region.parent is None

    moved = api.patch("/api/organisations/ENH/", {"parent": "REG"}, format="json",
                      **if_match(api, "/api/organisations/ENH/"))
    assert moved.status_code == 200 and moved.json()["parent"] == "REG"
    created = api.post("/api/organisations/", {"code": "NY", "name": "Ny", "kind": "board", "parent": "HSN"},
                       format="json")
    assert created.status_code == 201 and Organisation.objects.get(code="NY").parent == board

    top = orgs.domain("vard")
    sub = orgs.domain("vard-sub", parent=top)
    url = "/api/domains/vard/"
    response = api.patch(url, {"parent": "vard-sub"}, format="json", **if_match(api, url))
    assert response.status_code == 400
    assert response.json()["parent"] == ["Ett område kan inte vara en del av sig självt."]
    top.refresh_from_db()
    assert top.parent is None and sub.parent == top
