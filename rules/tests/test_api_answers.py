import pytest

from organisations.tests import factories as orgs
from services.tests import factories

pytestmark = pytest.mark.django_db


def test_findings_page_like_every_list(api):
    hsn = orgs.organisation("HSN")
    for number in range(30):  # each untested service in production is at least one finding
        factories.service(owner=hsn, name=f"Otestad {number:02d}")
    api.force_authenticate(orgs.user())
    first = api.get("/api/findings/").json()
    assert first["count"] > 50 and len(first["results"]) == 50 and first["previous"] is None
    assert first["next"].endswith("/api/findings/?page=2")
    found, page = [], first
    while True:
        found += page["results"]
        if page["next"] is None:
            break
        page = api.get(page["next"]).json()
    assert len({(f["rule"], f["service_id"]) for f in found}) == len(found) == first["count"]  # none twice or lost
    assert api.get("/api/findings/", {"page": 99}).status_code == 404


def test_findings_paging_keeps_the_filter(api):
    hsn = orgs.organisation("HSN")
    factories.service(owner=hsn, name="Otestad")
    factories.service(owner=orgs.organisation("SLSO"), name="Annan")
    api.force_authenticate(orgs.user())
    found = api.get("/api/findings/", {"owner": "HSN", "rule": "R05-TESTAD"}).json()
    assert found["count"] == 1 and found["results"][0]["service"] == "Otestad"


def test_the_schema_names_the_scorecard_kinds_and_another_is_404(api):
    api.force_authenticate(orgs.user())
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    parameters = schema["paths"]["/api/scorecards/{kind}/{code}/"]["get"]["parameters"]
    assert next(p for p in parameters if p["name"] == "kind")["schema"]["enum"] == ["domains", "organisations"]
    findings = schema["paths"]["/api/findings/"]["get"]["responses"]["200"]["content"]["application/json"]
    assert findings["schema"] == {"$ref": "#/components/schemas/PaginatedFindingList"}
    response = api.get("/api/scorecards/other/HSN/")
    assert response.status_code == 404 and "organisations/CODE" in response.json()["detail"]
