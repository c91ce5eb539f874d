"""Files that cannot attack: accepted by content from an allow-list, stored under generated names, served
only as downloads to signed-in users."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core import uploads
from decisions.models import DecisionAttachment
from decisions.tests import factories as gov
from organisations.tests import factories as orgs

pytestmark = pytest.mark.django_db
HTML = b"<!doctype html><script>fetch('/api/')</script>"


def _docx():
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return data.getvalue()


@pytest.mark.parametrize("name, content", [
    ("protokoll.pdf", b"%PDF-1.7 beslut"), ("analys.docx", _docx()), ("bild.png", b"\x89PNG\r\n\x1a\nrest"),
    ("anteckning.txt", "Risk: avbrott i flödet.".encode()),
])
def test_allowed_documents_are_accepted(name, content):
    uploads.check(SimpleUploadedFile(name, content))


@pytest.mark.parametrize("name, content, code", [
    ("analys.html", HTML, "file_type"),           # the hole: HTML uploaded as a risk analysis
    ("analys.svg", b"<svg onload=alert(1)>", "file_type"),
    ("analys.pdf", HTML, "file_content"),         # HTML under a document's name
    ("analys.txt", HTML, "file_content"),
    ("analys.docx", b"PK\x03\x04not really", "file_content"),
])
def test_other_files_are_refused_by_name_or_content(name, content, code):
    with pytest.raises(ValidationError) as error:
        uploads.check(SimpleUploadedFile(name, content))
    assert error.value.code == code


def test_an_upload_is_refused_on_the_page_and_a_good_one_stored_under_a_generated_name(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    decision = gov.decision(body=orgs.organisation("HSN"))
    client.force_login(orgs.user(admin=True))
    refused = client.post(decision.get_absolute_url(), {"file": SimpleUploadedFile("analys.html", HTML)})
    assert refused.status_code == 200 and "analys.html" in refused.content.decode()
    assert not DecisionAttachment.objects.exists() and not any(tmp_path.rglob("*.html"))
    client.post(decision.get_absolute_url(), {"file": SimpleUploadedFile("Protokoll §4.pdf", b"%PDF-1.4 x")})
    stored = DecisionAttachment.objects.get()
    assert stored.name == "Protokoll §4.pdf" and "Protokoll" not in stored.file.name
    assert stored.file.name.startswith("decisions/") and stored.file.name.endswith(".pdf")
    response = client.get(stored.file.url)
    assert response["Content-Disposition"] == "attachment" and "sandbox" in response["Content-Security-Policy"]


def test_a_file_is_served_only_to_who_may_see_the_record_it_belongs_to(client, settings, tmp_path, monkeypatch):
    from core import registry
    from decisions.models import Decision

    settings.MEDIA_ROOT = tmp_path
    decision = gov.decision(body=orgs.organisation("HSN"))
    client.force_login(orgs.user(admin=True))
    client.post(decision.get_absolute_url(), {"file": SimpleUploadedFile("Protokoll.pdf", b"%PDF-1.4 x")})
    stored = DecisionAttachment.objects.get()
    client.force_login(orgs.user("lasare"))
    assert client.get(stored.file.url).status_code == 200
    # A narrowing that hides the decision (as the security capability will for sensitive records) hides its file.
    monkeypatch.setitem(registry.VISIBILITY, Decision, lambda user, queryset: queryset.none())
    assert client.get(stored.file.url).status_code == 404
    monkeypatch.delitem(registry.VISIBILITY, Decision)
    # A file no record names (left on disk, or guessed) is not served at all.
    (tmp_path / "decisions" / "orphan.pdf").write_bytes(b"%PDF-1.4 y")
    assert client.get("/media/decisions/orphan.pdf").status_code == 404
    client.logout()
    assert client.get(stored.file.url).status_code == 302  # to the sign-in page
