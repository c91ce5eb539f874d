"""The new owner and the requesting organisation are typed with suggestions, never a select of every organisation
(issue 13)."""

import pytest

from governance.models import OwnershipTransfer as Transfer
from organisations.tests import factories as orgs
from services.tests.factories import service as make_service

pytestmark = pytest.mark.django_db


def _request(client, service, to):
    return client.post(f"/styrning/overlatelser/ny/{service.pk}/", {
        "to": to, "reason": "Verksamheten flyttar", "requested_date": "2026-01-01"})


def test_the_new_owner_is_typed_and_resolved(client):
    hsn = orgs.organisation("HSN")
    slso = orgs.organisation("SLSO", name="Stockholms läns sjukvårdsområde")
    service = make_service(hsn)
    client.force_login(orgs.user(editor_of=hsn))
    form = client.get(f"/styrning/overlatelser/ny/{service.pk}/").content.decode()
    assert "<select" not in form.split('id="id_to"')[0][-200:] and 'list="to-options"' in form
    assert _request(client, service, "Stockholms läns sjukvårdsområde (SLSO)").status_code == 302
    assert Transfer.objects.get().to_organisation == slso


@pytest.mark.parametrize("typed", ["Finns inte", "Gamla nämnden (OLD)"])
def test_an_unknown_or_inactive_owner_is_named_and_nothing_stored(client, typed):
    hsn = orgs.organisation("HSN")
    orgs.organisation("OLD", name="Gamla nämnden", active=False)
    service = make_service(hsn)
    client.force_login(orgs.user(editor_of=hsn))
    response = _request(client, service, typed)
    assert response.status_code == 200 and typed in response.content.decode()
    assert not Transfer.objects.exists()
