"""Component pages (issue 13 point 2): detail, edit, history, services linked through a search field, every
removal asked first."""

import pytest

from lifecycle.models import Component
from organisations.tests import factories as orgs
from services.tests.factories import service as make_service

pytestmark = pytest.mark.django_db


def _component(**fields):
    fields.setdefault("name", "PostgreSQL")
    fields.setdefault("version", "16")
    return Component.objects.create(**fields)


def test_the_form_lists_no_service():
    from lifecycle.forms import ComponentForm

    make_service(name="Ersmo")
    assert "services" not in ComponentForm().fields
    assert "Ersmo" not in str(ComponentForm())


def test_an_editor_registers_and_edits_a_component(client):
    hsn = orgs.organisation("HSN")
    client.force_login(orgs.user(editor_of=hsn))
    assert "Registrera en komponent" in client.get("/livscykel/komponenter/").content.decode()
    response = client.post("/livscykel/komponenter/ny/", {"name": "Tomcat", "version": "9", "type": "software"})
    component = Component.objects.get(name="Tomcat")
    assert response.status_code == 302 and response["Location"] == f"/livscykel/komponenter/{component.pk}/"
    assert client.post(f"/livscykel/komponenter/{component.pk}/andra/", {
        "name": "Tomcat", "version": "10", "type": "software", "vendor": "Apache",
        "row_version": component.row_version}).status_code == 302
    page = client.get(f"/livscykel/komponenter/{component.pk}/").content.decode()
    assert "Tomcat 10" in page and "Apache" in page
    assert "Apache" in client.get(f"/livscykel/komponenter/{component.pk}/historik/").content.decode()


def test_a_stale_edit_and_a_duplicate_are_refused(client):
    component = _component()
    _component(version="15")
    client.force_login(orgs.user(admin=True))
    data = {"name": "PostgreSQL", "version": "17", "type": "software", "row_version": component.row_version}
    assert client.post(f"/livscykel/komponenter/{component.pk}/andra/", data).status_code == 302
    stale = client.post(f"/livscykel/komponenter/{component.pk}/andra/", {**data, "version": "18"})
    assert "medan du redigerade" in stale.content.decode()
    duplicate = client.post("/livscykel/komponenter/ny/", {"name": "PostgreSQL", "version": "15", "type": "software"})
    assert duplicate.status_code == 200 and Component.objects.filter(version="15").count() == 1


def test_a_reader_may_not_register_nor_edit(client):
    component = _component()
    client.force_login(orgs.user())
    assert client.get("/livscykel/komponenter/ny/").status_code == 403
    assert client.post(f"/livscykel/komponenter/{component.pk}/andra/", {"name": "X", "type": "software",
                                                                         "row_version": 1}).status_code == 403
    page = client.get(f"/livscykel/komponenter/{component.pk}/").content.decode()
    assert "Ändra komponenten" not in page and "Koppla en tjänst" not in page


def test_an_editor_links_own_service_through_the_search_field(client):
    hsn = orgs.organisation("HSN")
    ersmo = make_service(hsn, name="Ersmo", external_id="HSF-002")
    component = _component()
    client.force_login(orgs.user(editor_of=hsn))
    assert "Ersmo (HSF-002)" in client.get("/forslag/service/", {"service": "Ers"}).content.decode()
    response = client.post(f"/livscykel/komponenter/{component.pk}/tjanster/", {"service": "Ersmo (HSF-002)"})
    assert response.status_code == 302 and list(component.services.all()) == [ersmo]
    page = client.get(f"/livscykel/komponenter/{component.pk}/").content.decode()
    assert "Ersmo" in page
    assert "1 tjänst" in client.get("/livscykel/komponenter/").content.decode()
    again = client.post(f"/livscykel/komponenter/{component.pk}/tjanster/", {"service": "HSF-002"})
    assert again.status_code == 400 and "kör redan på" in again.content.decode()


def test_an_unknown_service_is_named(client):
    component = _component()
    client.force_login(orgs.user(admin=True))
    response = client.post(f"/livscykel/komponenter/{component.pk}/tjanster/", {"service": "Ingen sådan"})
    assert response.status_code == 400 and "Ingen sådan" in response.content.decode()
    assert not component.services.exists()


def test_an_editor_may_not_link_another_organisations_service(client):
    hsn, slso = orgs.organisation("HSN"), orgs.organisation("SLSO")
    make_service(slso, name="Takecare", external_id="SLSO-1")
    component = _component()
    client.force_login(orgs.user(editor_of=hsn))
    assert client.post(f"/livscykel/komponenter/{component.pk}/tjanster/", {"service": "SLSO-1"}).status_code == 403
    assert not component.services.exists()


def test_removing_a_link_asks_first_and_keeps_service_and_component(client):
    hsn = orgs.organisation("HSN")
    ersmo = make_service(hsn, name="Ersmo")
    component = _component()
    component.services.add(ersmo)
    client.force_login(orgs.user(editor_of=hsn))
    url = f"/livscykel/komponenter/{component.pk}/tjanster/{ersmo.pk}/ta-bort/"
    confirm = client.get(url).content.decode()
    assert "Ta bort Ersmo från PostgreSQL 16?" in confirm and component.services.exists()
    assert client.post(url).status_code == 302
    assert not component.services.exists() and Component.objects.filter(pk=component.pk).exists()
    ersmo.refresh_from_db()


def test_deleting_a_component_asks_first_and_is_the_administrators(client):
    component = _component()
    client.force_login(orgs.user(editor_of=orgs.organisation()))
    assert client.get(f"/livscykel/komponenter/{component.pk}/ta-bort/").status_code == 403
    client.force_login(orgs.user(admin=True))
    assert "Ta bort" in client.get(f"/livscykel/komponenter/{component.pk}/ta-bort/").content.decode()
    assert Component.objects.filter(pk=component.pk).exists()
    assert client.post(f"/livscykel/komponenter/{component.pk}/ta-bort/").status_code == 302
    assert not Component.objects.filter(pk=component.pk).exists()


def test_a_shielded_service_is_not_shown_on_a_component_nor_in_its_history(client):
    from security.tests.factories_risks import classified_service

    hidden = classified_service(orgs.organisation("HSN"))
    hidden.name = "Hemlig"
    hidden.save()
    component = _component()
    component.services.add(hidden)
    client.force_login(orgs.user(editor_of=orgs.organisation("SLSO")))
    assert "Hemlig" not in client.get(f"/livscykel/komponenter/{component.pk}/").content.decode()
    assert "Hemlig" not in client.get(f"/livscykel/komponenter/{component.pk}/historik/").content.decode()
    assert "0 tjänster" in client.get("/livscykel/komponenter/").content.decode()
    client.force_login(orgs.user(admin=True))
    assert "Hemlig" in client.get(f"/livscykel/komponenter/{component.pk}/").content.decode()


def test_component_suggestions_resolve_name_and_version():
    from django.core.exceptions import ValidationError

    from core.suggest import SuggestField

    component = _component()
    _component(version="15")
    field = SuggestField(kind="component")
    assert field.clean(f"PostgreSQL 16 (#{component.pk})") == component
    assert field.clean("PostgreSQL 16") == component
    with pytest.raises(ValidationError):
        field.clean("PostgreSQL")
