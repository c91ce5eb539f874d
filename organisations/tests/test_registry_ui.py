"""Organisations, domains and memberships maintained in the app (issue 13 point 2)."""

import pytest

from core import access
from organisations.models import Domain, Membership, Organisation
from organisations.tests import factories
from organisations.tests.factories_registry_ui import organisation_administrator

pytestmark = pytest.mark.django_db


def _admin(client):
    client.force_login(factories.user("greta", admin=True))


# Organisations --------------------------------------------------------------------------------------------------

def test_administrator_creates_an_organisation_with_its_parent_typed(client):
    region = factories.organisation("RS", kind="region", name="Region Stockholm")
    _admin(client)
    page = client.get("/organisationer/").content.decode()
    assert "Ny organisation" in page and "Områden" in page
    response = client.post("/organisationer/ny/", {"code": "TN", "name": "Trafiknämnden", "kind": "board",
                                                   "parent": "Region Stockholm (RS)", "active": "on"})
    created = Organisation.objects.get(code="TN")
    assert response.status_code == 302 and created.parent == region
    assert "Organisationen Trafiknämnden sparades." in client.get(created.get_absolute_url()).content.decode()


def test_an_organisation_cannot_be_part_of_itself_through_its_children(client):
    top = factories.organisation("TOP", name="Topp")
    child = factories.organisation("CH", name="Barn", parent=top)
    _admin(client)
    response = client.post(f"/organisationer/{top.pk}/andra/", {
        "code": "TOP", "name": "Topp", "kind": "board", "parent": "Barn (CH)", "active": "on",
        "row_version": top.row_version})
    assert response.status_code == 200 and "En organisation kan inte vara en del av sig själv." in \
        response.content.decode()
    top.refresh_from_db()
    assert top.parent is None
    assert client.post(f"/organisationer/{child.pk}/andra/", {
        "code": "CH", "name": "Barnet", "kind": "board", "parent": "Topp (TOP)", "active": "on",
        "row_version": child.row_version}).status_code == 302


def test_an_unknown_parent_is_named_and_nothing_stored(client):
    _admin(client)
    response = client.post("/organisationer/ny/", {"code": "X", "name": "X", "kind": "board",
                                                   "parent": "Finns inte"})
    assert "Finns inte" in response.content.decode() and not Organisation.objects.filter(code="X").exists()


def test_a_stale_edit_of_an_organisation_is_refused(client):
    hsn = factories.organisation("HSN", name="HSN")
    _admin(client)
    data = {"code": "HSN", "name": "Ny", "kind": "board", "active": "on", "row_version": hsn.row_version}
    assert client.post(f"/organisationer/{hsn.pk}/andra/", data).status_code == 302
    response = client.post(f"/organisationer/{hsn.pk}/andra/", {**data, "name": "Annan"})
    assert response.status_code == 200 and "medan du redigerade" in response.content.decode()
    hsn.refresh_from_db()
    assert hsn.name == "Ny"


def test_only_administrators_change_organisations(client):
    hsn = factories.organisation("HSN")
    client.force_login(factories.user(editor_of=hsn))
    assert client.get("/organisationer/ny/").status_code == 403
    assert client.post(f"/organisationer/{hsn.pk}/andra/", {"code": "HSN", "name": "x", "kind": "board",
                                                           "row_version": 1}).status_code == 403
    page = client.get(f"/organisationer/{hsn.pk}/").content.decode()
    assert "Ändra organisationen" not in page and "Historik" in page


def test_organisation_history_shows_its_memberships_and_pages(client):
    hsn = factories.organisation("HSN", name="HSN")
    factories.user("anna", editor_of=hsn)
    _admin(client)
    page = client.get(f"/organisationer/{hsn.pk}/historik/").content.decode()
    assert "medlemskap" in page.lower() and "HSN" in page


# Domains --------------------------------------------------------------------------------------------------------

def test_administrator_creates_and_edits_a_domain(client):
    board = factories.organisation("HSN", name="Hälso- och sjukvårdsnämnden")
    _admin(client)
    assert client.get("/organisationer/domaner/").status_code == 200
    response = client.post("/organisationer/domaner/ny/", {
        "code": "vard", "name": "Vård", "deciding_board": "Hälso- och sjukvårdsnämnden (HSN)"})
    domain = Domain.objects.get(code="vard")
    assert response.status_code == 302 and domain.deciding_board == board
    page = client.get("/organisationer/domaner/").content.decode()
    assert "Vård" in page and "Nytt område" in page
    assert client.post(f"/organisationer/domaner/{domain.pk}/andra/", {
        "code": "vard", "name": "Vård och omsorg", "deciding_board": "HSN", "row_version": domain.row_version,
    }).status_code == 302
    assert "Vård och omsorg" in client.get(f"/organisationer/domaner/{domain.pk}/historik/").content.decode()


def test_a_domain_needs_its_deciding_board(client):
    _admin(client)
    response = client.post("/organisationer/domaner/ny/", {"code": "d", "name": "D", "deciding_board": ""})
    assert response.status_code == 200 and not Domain.objects.exists()


def test_a_domain_cannot_be_part_of_its_own_sub_area(client):
    top = factories.domain("top")
    sub = factories.domain("sub", parent=top)
    _admin(client)
    response = client.post(f"/organisationer/domaner/{top.pk}/andra/", {
        "code": "top", "name": "Top", "deciding_board": top.deciding_board.code, "parent": sub.pk,
        "row_version": top.row_version})
    assert "Ett område kan inte vara en del av sig självt." in response.content.decode()


def test_deleting_a_domain_asks_first(client):
    domain = factories.domain("d1")
    _admin(client)
    page = client.get(f"/organisationer/domaner/{domain.pk}/ta-bort/").content.decode()
    assert "Ta bort" in page and Domain.objects.filter(pk=domain.pk).exists()
    assert client.post(f"/organisationer/domaner/{domain.pk}/ta-bort/").status_code == 302
    assert not Domain.objects.filter(pk=domain.pk).exists()


def test_a_domain_with_sub_areas_says_what_holds_it(client):
    top = factories.domain("top")
    factories.domain("sub", parent=top)
    _admin(client)
    page = client.get(f"/organisationer/domaner/{top.pk}/ta-bort/").content.decode()
    assert "kan inte tas bort" in page


def test_only_administrators_change_domains(client):
    domain = factories.domain("d1")
    client.force_login(factories.user())
    assert client.get("/organisationer/domaner/ny/").status_code == 403
    assert client.post(f"/organisationer/domaner/{domain.pk}/ta-bort/").status_code == 403
    assert "Ändra området" not in client.get(domain.get_absolute_url()).content.decode()


# Memberships ----------------------------------------------------------------------------------------------------

def test_organisation_administrator_manages_its_own_memberships_only():
    hsn, slso = factories.organisation("HSN"), factories.organisation("SLSO")
    boss = organisation_administrator(hsn)
    assert access.may_manage_memberships(boss, hsn)
    assert not access.may_manage_memberships(boss, slso)
    assert not access.may_manage_memberships(factories.user(editor_of=hsn), hsn)
    assert access.may_manage_memberships(factories.user(admin=True), slso)
    # The role manages memberships, nothing else.
    assert access.editable_organisation_ids(boss) == set()


def test_organisation_administrator_gives_a_membership_with_the_user_typed(client):
    hsn = factories.organisation("HSN", name="HSN")
    anna = factories.user("aberg")
    anna.first_name, anna.last_name = "Anna", "Berg"
    anna.save()
    client.force_login(organisation_administrator(hsn))
    options = client.get("/forslag/user/", {"user": "Ber"}).content.decode()
    assert "Anna Berg (aberg)" in options
    response = client.post(f"/organisationer/{hsn.pk}/medlemmar/", {"user": "Anna Berg (aberg)", "role": "editor"})
    assert response.status_code == 302
    assert Membership.objects.filter(user=anna, organisation=hsn, role="editor").exists()
    assert hsn.pk in access.editable_organisation_ids(anna)


def test_the_same_role_twice_is_refused(client):
    hsn = factories.organisation("HSN")
    anna = factories.user("aberg", editor_of=hsn)
    _admin(client)
    response = client.post(f"/organisationer/{hsn.pk}/medlemmar/", {"user": "aberg", "role": "editor"})
    assert response.status_code == 400 and "har redan den här rollen" in response.content.decode()
    assert anna.memberships.count() == 1


def test_an_unknown_user_is_named(client):
    hsn = factories.organisation("HSN")
    _admin(client)
    response = client.post(f"/organisationer/{hsn.pk}/medlemmar/", {"user": "ingen-alls", "role": "editor"})
    assert response.status_code == 400 and "ingen-alls" in response.content.decode()
    assert not Membership.objects.exists()


def test_others_may_not_give_memberships_nor_search_accounts(client):
    hsn, slso = factories.organisation("HSN"), factories.organisation("SLSO")
    factories.user("aberg")
    client.force_login(organisation_administrator(slso))
    assert client.post(f"/organisationer/{hsn.pk}/medlemmar/", {"user": "aberg", "role": "editor"}).status_code \
        == 403
    client.force_login(factories.user(editor_of=hsn))
    assert "aberg" not in client.get("/forslag/user/", {"user": "ab"}).content.decode()
    page = client.get(f"/organisationer/{hsn.pk}/medlemmar/").content.decode()
    assert "Ge ett medlemskap" not in page
    assert not Membership.objects.filter(user__username="aberg").exists()


def test_changing_a_role_and_removing_a_membership_asks_first(client):
    hsn = factories.organisation("HSN")
    anna = factories.user("aberg", editor_of=hsn)
    membership = anna.memberships.get()
    client.force_login(organisation_administrator(hsn))
    assert client.post(f"/organisationer/medlemskap/{membership.pk}/andra/", {
        "role": "secretariat", "row_version": membership.row_version}).status_code == 302
    membership.refresh_from_db()
    assert membership.role == "secretariat"
    stale = client.post(f"/organisationer/medlemskap/{membership.pk}/andra/", {"role": "editor", "row_version": 1})
    assert stale.status_code == 200 and "medan du redigerade" in stale.content.decode()
    confirm = client.get(f"/organisationer/medlemskap/{membership.pk}/ta-bort/").content.decode()
    assert "aberg" in confirm and Membership.objects.filter(pk=membership.pk).exists()
    assert client.post(f"/organisationer/medlemskap/{membership.pk}/ta-bort/").status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_other_organisations_administrator_may_not_change_a_membership(client):
    hsn, slso = factories.organisation("HSN"), factories.organisation("SLSO")
    membership = factories.user(editor_of=hsn).memberships.get()
    client.force_login(organisation_administrator(slso))
    assert client.get(f"/organisationer/medlemskap/{membership.pk}/ta-bort/").status_code == 403
    assert client.post(f"/organisationer/medlemskap/{membership.pk}/andra/", {"role": "secretariat",
                                                                              "row_version": 1}).status_code == 403
    membership.refresh_from_db()
    assert membership.role == "editor"


def test_database_refuses_the_same_membership_twice():
    from django.db import IntegrityError, transaction

    hsn = factories.organisation("HSN")
    anna = factories.user(editor_of=hsn)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=anna, organisation=hsn, role="editor")
    Membership.objects.create(user=anna, organisation=hsn, role="administrator")
