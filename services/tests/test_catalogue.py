"""The register's side of the public catalogue (issue 10): who a service is for, whether it is published (on by
default for a new service for residents, everywhere a service is registered), its accessibility statement."""

import csv
import importlib
import io

import pytest
from django.apps import apps

from organisations.tests import factories as orgs
from services import actions
from services.exports import write_csv
from services.imports import import_services
from services.models import Service
from services.queries import services_with_owner

from . import factories

pytestmark = pytest.mark.django_db

RESIDENTS, STAFF = Service.Audience.RESIDENTS, Service.Audience.STAFF


@pytest.fixture
def hsn():
    return orgs.organisation("HSN")


# The default, through the action.

def test_a_new_service_for_residents_is_public_unless_said(hsn):
    assert factories.service(hsn, audience=RESIDENTS).public is True
    assert factories.service(hsn, audience=RESIDENTS, public=False).public is False  # said: kept


@pytest.mark.parametrize("audience", [STAFF, Service.Audience.PARTNERS, ""])
def test_a_new_service_for_others_is_not_public_unless_said(hsn, audience):
    assert factories.service(hsn, audience=audience).public is False
    assert factories.service(hsn, audience=audience, public=True).public is True


def test_a_change_of_audience_does_not_publish_an_existing_service(hsn):
    """The default is for registration; afterwards publishing is a choice someone makes."""
    service = factories.service(hsn, audience=STAFF)
    actions.update_service(service=service, audience=RESIDENTS)
    assert Service.objects.get(pk=service.pk).public is False


def test_the_statement_must_be_an_address(hsn):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        factories.service(hsn, accessibility_statement_url="javascript:alert(1)")
    assert "accessibility_statement_url" in error.value.message_dict
    assert not Service.objects.filter(accessibility_statement_url__startswith="javascript").exists()


def test_the_data_migration_publishes_existing_services_for_residents_only(hsn):
    migration = importlib.import_module("services.migrations.0008_audience_public_accessibility")
    residents = factories.service(hsn, audience=RESIDENTS, public=False)
    staff = factories.service(hsn, audience=STAFF, public=False)
    migration.publish_resident_services(apps, None)
    assert Service.objects.get(pk=residents.pk).public is True
    assert Service.objects.get(pk=staff.pk).public is False


# The form and the page.

def _create(client, hsn, **fields):
    dom = orgs.domain()
    data = {"name": "Ny tjänst", "kind": "common", "domain": dom.pk, "owner": hsn.code, "phase": "in_development",
            "criticality": "low", **fields}
    return client.post("/tjanster/ny/", data)


def test_the_create_form_publishes_a_resident_service_when_not_said(client, hsn):
    client.force_login(orgs.user(editor_of=hsn))
    assert _create(client, hsn, audience="residents", public="").status_code == 302
    assert Service.objects.get().public is True
    assert _create(client, hsn, name="Intern", audience="residents", public="no").status_code == 302
    assert Service.objects.get(name="Intern").public is False
    assert _create(client, hsn, name="Personal", audience="staff", public="").status_code == 302
    assert Service.objects.get(name="Personal").public is False


def test_the_create_form_names_a_bad_statement_address(client, hsn):
    client.force_login(orgs.user(editor_of=hsn))
    response = _create(client, hsn, audience="residents", accessibility_statement_url="inte en adress")
    assert response.status_code == 200 and "accessibility_statement_url" in response.context["form"].errors
    assert "Ange en giltig URL." in response.content.decode()
    assert not Service.objects.exists()


def test_the_edit_form_changes_the_three_fields_and_the_page_shows_them(client, hsn):
    service = factories.service(hsn, audience=STAFF)
    client.force_login(orgs.user(editor_of=hsn))
    form = client.get(f"/tjanster/{service.pk}/andra/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "categories"}
    data.update(audience="residents", public="on", accessibility_statement_url="https://example.org/tg")
    assert client.post(f"/tjanster/{service.pk}/andra/", data).status_code == 302
    service.refresh_from_db()
    assert (service.audience, service.public, service.accessibility_statement_url) == (
        "residents", True, "https://example.org/tg")
    page = client.get(service.get_absolute_url()).content.decode()
    assert "Målgrupp" in page and "Invånare" in page and "Publicerad" in page
    assert 'href="https://example.org/tg"' in page and f'href="/katalog/tjanster/{service.pk}/"' in page


# The API.

def test_the_api_applies_the_default_and_answers_the_fields(api, hsn):
    orgs.domain("vard")
    api.force_authenticate(orgs.user(editor_of=hsn))
    body = {"name": "Boka", "kind": "common", "domain": "vard", "phase": "in_development", "owner": "HSN",
            "audience": "residents", "accessibility_statement_url": "https://example.org/tg"}
    created = api.post("/api/services/", body, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["public"] is True and created.json()["audience"] == "residents"
    assert created.json()["accessibility_statement_url"] == "https://example.org/tg"
    said = api.post("/api/services/", {**body, "name": "Boka 2", "public": False}, format="json")
    assert said.status_code == 201 and said.json()["public"] is False
    bad = api.post("/api/services/", {**body, "name": "Boka 3", "audience": "everyone"}, format="json")
    assert bad.status_code == 400 and "audience" in bad.json()
    bad = api.post("/api/services/", {**body, "name": "Boka 4", "public": "kanske"}, format="json")
    assert bad.status_code == 400 and "public" in bad.json()


# Import and export.

HEADER = "external_id;name;kind;domain;phase;owner;audience;public;accessibility_statement_url"


def _file(*rows):
    return ("\n".join([HEADER, *rows]) + "\n").encode("utf-8")


def test_the_import_applies_the_default_and_reads_yes_and_no(hsn):
    orgs.domain("vard")
    result = import_services("s.csv", _file(
        "A-1;Boka;common;vard;planned;;Invånare;;https://example.org/tg",
        "A-2;Lön;common;vard;planned;;staff;;",
        "A-3;Chatt;common;vard;planned;;residents;nej;",
        "A-4;Extranät;common;vard;planned;;partners;ja;",
    ))
    assert result.stored and not result.errors
    public = dict(Service.objects.values_list("external_id", "public"))
    assert public == {"A-1": True, "A-2": False, "A-3": False, "A-4": True}
    assert Service.objects.get(external_id="A-1").accessibility_statement_url == "https://example.org/tg"


def test_the_import_names_the_row_and_column_of_a_bad_value(hsn):
    orgs.domain("vard")
    result = import_services("s.csv", _file(
        "A-1;Boka;common;vard;planned;;residents;kanske;",
        "A-2;Lön;common;vard;planned;;alla;;",
        "A-3;Chatt;common;vard;planned;;residents;;ingen adress",
    ))
    assert not result.stored and not Service.objects.exists()
    named = {(error.row, error.column) for error in result.errors}
    assert named == {(2, "public"), (3, "audience"), (4, "accessibility_statement_url")}


def test_the_export_carries_the_fields_and_reimports_unchanged(hsn):
    factories.service(hsn, external_id="X-1", audience=RESIDENTS, accessibility_statement_url="https://example.org/tg")
    factories.service(hsn, external_id="X-2", audience=STAFF)
    stream = io.StringIO()
    write_csv(services_with_owner(), stream)
    rows = {row["external_id"]: row for row in csv.DictReader(io.StringIO(stream.getvalue().lstrip("\ufeff")),
                                                              delimiter=";")}
    assert (rows["X-1"]["audience"], rows["X-1"]["public"]) == ("residents", "1")
    assert rows["X-1"]["accessibility_statement_url"] == "https://example.org/tg"
    assert (rows["X-2"]["audience"], rows["X-2"]["public"]) == ("staff", "0")
    result = import_services("s.csv", stream.getvalue().encode("utf-8"))
    assert result.stored and result.updated == 0 and result.unchanged == 2
