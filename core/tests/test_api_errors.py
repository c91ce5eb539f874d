"""The API answers its errors as JSON, as the OpenAPI description declares them, and the description declares
them on every operation (core/schema.py)."""

import pytest

from organisations.tests import factories as orgs

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_api(api):
    api.force_authenticate(orgs.user(admin=True))
    return api


def test_an_api_path_without_a_route_is_a_json_404_and_a_page_stays_html(admin_api, client):
    response = admin_api.get("/api/services/abc/")  # the route takes digits only
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Hittades inte."}
    client.force_login(orgs.user())
    page = client.get("/tjanster/finns-inte/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")


def test_a_nul_in_an_api_query_is_a_json_400_and_on_a_page_plain_text(admin_api, client):
    response = admin_api.get("/api/services/?q=a%00b")
    assert response.status_code == 400 and response.json() == {"detail": "A query parameter holds a NUL character."}
    client.force_login(orgs.user())
    page = client.get("/tjanster/?q=a%00b")
    assert page.status_code == 400 and page["Content-Type"].startswith("text/plain")


def test_every_operation_declares_the_errors_it_answers(admin_api):
    paths = admin_api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()["paths"]
    for path, operations in paths.items():
        for method, operation in operations.items():
            if method == "parameters":
                continue
            codes = set(operation["responses"])
            assert "403" in codes, (method, path)
            if "{" in path:
                assert "404" in codes, (method, path)
            if method != "get":
                assert "400" in codes, (method, path)
            assert ("415" in codes) == ("requestBody" in operation), (method, path)
    services = paths["/api/services/"]["get"]["responses"]
    assert services["400"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ValidationError"}
    assert services["404"]["description"] == "No such object, or no such page."
    # a read that takes no query parameters cannot be refused as invalid, and does not say it can
    assert "400" not in paths["/api/rules/"]["get"]["responses"]


def test_a_body_in_a_media_type_no_parser_reads_is_a_declared_415(admin_api):
    orgs.organisation("HSN")
    response = admin_api.generic("PATCH", "/api/organisations/HSN/", "name=X", content_type="text/plain",
                                 HTTP_IF_MATCH='"1"')
    assert response.status_code == 415 and "text/plain" in response.json()["detail"]


def _schema_codes(api, path="/api/services/"):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    return set(schema["paths"][path]["get"]["responses"])


def test_a_wrong_key_is_401_with_a_challenge_and_401_is_declared(api):
    """The API-key authentication comes first (accounts), so a refused key is 401 with WWW-Authenticate —
    and the description says so for every operation."""
    assert {"401", "403"} <= _schema_codes(api)
    api.credentials(HTTP_AUTHORIZATION="Token wrong")
    response = api.get("/api/services/")
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Bearer")


def test_401_is_not_declared_while_session_authentication_comes_first(api, monkeypatch):
    from rest_framework.authentication import SessionAuthentication
    from rest_framework.views import APIView

    monkeypatch.setattr(APIView, "authentication_classes", [SessionAuthentication])
    assert "401" not in _schema_codes(api)
