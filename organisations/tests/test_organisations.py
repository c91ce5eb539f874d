import pytest
from django.db import IntegrityError, transaction

from core.access import editable_organisation_ids
from core.tests.versions import if_match
from organisations.models import Organisation
from organisations.tests import factories

pytestmark = pytest.mark.django_db


def test_database_refuses_a_malformed_organisation_number():
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(code="X", name="X", kind="board", org_number="2321000016")
    Organisation.objects.create(code="Y", name="Y", kind="board", org_number="232100-0016")


def test_editor_may_edit_for_own_organisation_only():
    hsn, slso = factories.organisation("HSN"), factories.organisation("SLSO")
    assert editable_organisation_ids(factories.user(editor_of=hsn)) == {hsn.pk}
    assert editable_organisation_ids(factories.user()) == set()
    assert editable_organisation_ids(factories.user(admin=True)) is None
    assert slso.pk not in editable_organisation_ids(factories.user(editor_of=hsn))


def test_organisation_page_shows_owned_services_and_history(client):
    from services.tests.factories import service

    hsn = factories.organisation("HSN", name="Hälso- och sjukvårdsnämnden")
    service(owner=hsn, name="Ersmo")
    admin = factories.user("greta", admin=True)
    client.force_login(admin)
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(admin)
    assert api.patch("/api/organisations/HSN/", {"name": "HSN ny"}, format="json",
                     **if_match(api, "/api/organisations/HSN/")).status_code == 200
    page = client.get(f"/organisationer/{hsn.pk}/").content.decode()
    assert "Ersmo" in page and "HSN ny" in page and "greta" in page
    entries = api.get("/api/organisations/HSN/history/").json()
    assert entries[0]["user"] == "greta" and entries[0]["changes"][0]["after"] == "HSN ny"


def test_accounts_and_rights_are_in_the_history_without_password():
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    factories.organisation("HSN")
    call_command("create_styr_user", "hanna", "--password", "a-long-password", "--editor-of", "HSN", verbosity=0)
    user = get_user_model().objects.get(username="hanna")
    assert user.history.count() == 1 and not hasattr(user.history.first(), "password")
    assert user.memberships.get().organisation.code == "HSN"


def test_create_user_refuses_an_unknown_organisation():
    from django.contrib.auth import get_user_model
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="NOPE"):
        call_command("create_styr_user", "x", "--password", "a-long-password", "--editor-of", "NOPE", verbosity=0)
    assert not get_user_model().objects.filter(username="x").exists()
