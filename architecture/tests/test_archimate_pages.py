"""The ArchiMate page and API: download for those signed in, import for administrators only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from lxml import etree

from architecture import archimate
from organisations.tests import factories as orgs
from services.models import Service

from .factories_archimate import architecture, element, export, model

pytestmark = pytest.mark.django_db
URL = "/arkitektur/archimate/"


def _valid(data):
    assert archimate.schema().validate(etree.fromstring(data))


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/logga-in/" in response["Location"]


def test_a_reader_downloads_the_file_and_sees_no_import_form(client):
    architecture()
    client.force_login(orgs.user())
    page = client.get(URL)
    assert page.status_code == 200
    assert "Ladda ner ArchiMate-filen" in page.content.decode()
    assert 'type="file"' not in page.content.decode()
    download = client.get(URL + "?download=1")
    assert download["Content-Type"] == "application/xml"
    assert 'attachment; filename="styr-archimate.xml"' == download["Content-Disposition"]
    _valid(b"".join(download.streaming_content))


def test_a_reader_may_not_import(client):
    client.force_login(orgs.user())
    upload = SimpleUploadedFile("m.xml", model(element("p1", "BusinessProcess", "P", code="9")))
    assert client.post(URL, {"file": upload}).status_code == 403


def test_an_administrator_imports_and_sees_the_report(client):
    client.force_login(orgs.user(admin=True))
    upload = SimpleUploadedFile("m.xml", model(element("p1", "BusinessProcess", "P", code="9"),
                                               element("r1", "BusinessRole", "Roll")))
    page = client.post(URL, {"file": upload}).content.decode()
    assert "Filen är importerad." in page and "element BusinessRole: 1" in page


def test_an_administrator_sees_a_refusal_naming_the_element(client):
    client.force_login(orgs.user(admin=True))
    upload = SimpleUploadedFile("m.xml", model(element("s1", "ApplicationComponent", "Lös", kind="local")))
    page = client.post(URL, {"file": upload}).content.decode()
    assert "Filen avvisades; ingenting sparades." in page and "s1" in page
    assert not Service.objects.exists()


def test_the_api_answers_the_file_as_xml(api):
    architecture()
    api.force_authenticate(orgs.user())
    response = api.get("/api/archimate/")
    assert response.status_code == 200 and response["Content-Type"] == "application/xml"
    _valid(b"".join(response.streaming_content))


def test_the_api_refuses_the_anonymous(api):
    assert api.get("/api/archimate/").status_code in (401, 403)


def test_the_api_and_the_command_agree_for_an_administrator(api):
    architecture()
    api.force_authenticate(orgs.user(admin=True))
    assert b"".join(api.get("/api/archimate/").streaming_content) == export()
