import pytest

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
