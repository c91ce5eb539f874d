import pytest

from organisations.tests import factories as orgs

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("year", ["37428773567617200", "0", "2024.5", "tjugo"])
def test_a_year_no_date_can_have_is_a_400_not_a_server_error(api, year):
    api.force_authenticate(orgs.user())
    response = api.get("/api/decisions/", {"year": year})
    assert response.status_code == 400 and list(response.json()) == ["year"]


def test_a_year_filters_the_decisions(api):
    from decisions.tests import factories

    factories.decision(registry_number="RS 2024-0001")
    api.force_authenticate(orgs.user())
    assert [d["registry_number"] for d in api.get("/api/decisions/", {"year": 2024}).json()["results"]] == [
        "RS 2024-0001"]
    assert api.get("/api/decisions/", {"year": 2023}).json()["count"] == 0


def test_the_decision_page_with_such_a_year_answers_without_a_server_error(client):
    client.force_login(orgs.user())
    response = client.get("/beslut/", {"year": "37428773567617200"})
    assert response.status_code == 200 and "9999" in response.content.decode()  # the form says the bound
