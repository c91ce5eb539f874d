"""Whatever a client sends, the API answers with a status below 500 and stores nothing half-done."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from organisations.tests import factories as orgs
from services.models import Ownership, Service

pytestmark = pytest.mark.django_db

anything = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=300), st.lists(st.text(max_size=20), max_size=3),
    st.sampled_from(["HSN", "vard", "in_production", "planned", "common", "2024-02-30", "2024-01-01", "\x00"]),
)
payloads = st.dictionaries(
    st.sampled_from(["name", "kind", "domain", "phase", "owner", "owner_from", "criticality", "delivery_model",
                     "sourcing_review_date", "external_id", "categories", "row_version", "short_name"]),
    anything, max_size=13,
)


@pytest.fixture
def admin_api():
    orgs.organisation("HSN")
    orgs.domain("vard")
    api = APIClient()
    api.force_authenticate(orgs.user(admin=True))
    return api


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payload=payloads)
def test_create_never_fails_with_a_server_error(admin_api, payload):
    before = (Service.objects.count(), Ownership.objects.count())
    response = admin_api.post("/api/services/", payload, format="json")
    assert response.status_code in (201, 400), response.content[:500]
    if response.status_code == 400:
        assert (Service.objects.count(), Ownership.objects.count()) == before
    else:
        service = Service.objects.get(pk=response.json()["id"])
        assert service.phase == "planned" or service.ownerships.filter(valid_to__isnull=True).count() == 1


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payload=payloads)
def test_update_never_fails_with_a_server_error(admin_api, payload):
    from services.tests.factories import service

    svc = service(owner=orgs.organisation(), phase="in_test")
    response = admin_api.patch(f"/api/services/{svc.pk}/", payload, format="json",
                               HTTP_IF_MATCH=f'"{svc.row_version}"')
    # 412 when the payload's row_version is not the one If-Match names
    assert response.status_code in (200, 400, 412), response.content[:500]
