import pytest

from organisations.tests import factories as orgs

pytestmark = pytest.mark.django_db


def test_a_created_or_changed_component_is_answered_with_its_support_status(api):
    api.force_authenticate(orgs.user(admin=True))
    created = api.post("/api/components/", {"name": "Egen databas", "version": "7.1"}, format="json")
    assert created.status_code == 201
    assert (created.json()["status"], created.json()["support_end"]) == ("unknown", None)
    changed = api.patch(f"/api/components/{created.json()['id']}/", {"support_ends": "2020-01-01"}, format="json",
                        HTTP_IF_MATCH=f'"{created.json()["row_version"]}"')
    assert changed.status_code == 200
    assert (changed.json()["status"], changed.json()["support_end"]) == ("unsupported", "2020-01-01")
    assert api.get(f"/api/components/{created.json()['id']}/").json() == changed.json()
