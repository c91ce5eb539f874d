"""The digest the auditor keeps catches even a chain rewritten and re-sealed whole; retention archives
history to a file first and leaves a tombstone, so the chain still verifies and the file can be proved."""

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from core import audit, auditlog
from core.models import ChainLink
from organisations.tests import factories as orgs
from services.models import Service
from services.tests import factories

pytestmark = pytest.mark.django_db
KEY = "a-test-key-kept-apart-from-the-database"


@pytest.fixture(autouse=True)
def digest_key(settings):
    settings.DIGEST_KEY = KEY


@pytest.fixture
def sealed():
    first = factories.service(name="Ersmo")
    second = factories.service(name="Liston")
    audit.seal()
    return first, second


def _verify(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_history", *args, stdout=out, stderr=err)
    except SystemExit as stop:
        assert stop.code == 1
        return False, err.getvalue()
    return True, out.getvalue()


def _digest(tmp_path, name="digest.json"):
    path = tmp_path / name
    call_command("history_digest", "--out", str(path), stdout=io.StringIO())
    return path


def test_a_kept_digest_verifies_while_the_chain_holds(sealed, tmp_path):
    path = _digest(tmp_path)
    document = json.loads(path.read_text())
    assert document["head"] == audit.head()[1] and document["algorithm"] == "HMAC-SHA256"
    factories.service(name="Senare")
    audit.seal()
    ok, out = _verify("--digest", str(path))
    assert ok and "1 kept digests" in out


def test_a_chain_rewritten_and_resealed_whole_is_caught_by_the_kept_digest(sealed, tmp_path):
    path = _digest(tmp_path)
    first, _ = sealed
    record = Service.history.filter(id=first.pk).first()
    Service.history.filter(history_id=record.history_id).update(name="Forged name")
    ChainLink.objects.all().delete()  # the administrator rewrites the whole chain …
    audit.seal()  # … and re-seals it: on its own the chain verifies
    assert audit.verify().ok
    ok, err = _verify("--digest", str(path))
    assert not ok and "rewritten" in err


def test_an_edited_digest_or_one_signed_with_another_key_is_refused(sealed, tmp_path, settings):
    path = _digest(tmp_path)
    document = json.loads(path.read_text())
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps({**document, "head": "f" * 64}))
    ok, err = _verify("--digest", str(forged))
    assert not ok and "signature does not match" in err
    settings.DIGEST_KEY = "another key"
    ok, err = _verify("--digest", str(path))
    assert not ok and "signature does not match" in err
    not_json = tmp_path / "nonsense.json"
    not_json.write_text("{")
    with pytest.raises(CommandError, match="--digest"):
        call_command("verify_history", "--digest", str(not_json))
    not_a_digest = tmp_path / "list.json"
    not_a_digest.write_text("[1, 2]")
    assert "not a Styr history digest" in _verify("--digest", str(not_a_digest))[1]


def test_no_digest_without_a_key_in_production(sealed, tmp_path, settings):
    settings.DIGEST_KEY = ""
    with pytest.raises(CommandError, match="STYR_DIGEST_KEY"):
        call_command("history_digest")
    with override_settings(DEBUG=True):
        out = io.StringIO()
        call_command("history_digest", stdout=out)
        assert json.loads(out.getvalue())["head"] == audit.head()[1]


def test_a_kept_digest_is_never_overwritten(sealed, tmp_path):
    path = _digest(tmp_path)
    with pytest.raises(CommandError, match="--out"):
        _digest(tmp_path)
    assert json.loads(path.read_text())["signature"]


def test_the_auditor_downloads_the_digest_from_the_audit_page(client, sealed):
    from django.contrib.auth.models import Group

    client.force_login(orgs.user())
    assert client.get("/granskning/sammanfattning.json").status_code == 403
    inspector = orgs.user()
    inspector.groups.add(Group.objects.get(name="auditors"))
    client.force_login(inspector)
    response = client.get("/granskning/sammanfattning.json")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert audit.check_digest(json.loads(response.content)) == ""


@pytest.fixture
def old_and_new():
    old = [factories.service(name=n) for n in ("Gammal 1", "Gammal 2")]
    for model in audit.history_models():  # everything so far was written in 2020
        if model._meta.pk.attname == "history_id":
            model._base_manager.update(history_date=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    audit.seal()
    new = factories.service(name="Ny")
    audit.seal()
    return old, new


def test_archiving_writes_the_file_removes_the_old_records_and_leaves_a_tombstone(old_and_new, tmp_path, client):
    old, new = old_and_new
    before_count = audit.head()[0]
    out = tmp_path / "arkiv.jsonl"
    call_command("archive_history", "--before", "2021-01-01", "--out", str(out), stdout=io.StringIO())
    lines = out.read_text().splitlines()
    assert json.loads(lines[0])["kind"] == "styr-history-archive" and len(lines) > 1
    assert not Service.history.filter(id__in=[s.pk for s in old]).exists()
    assert Service.history.filter(id=new.pk).exists()
    tombstone = ChainLink.objects.get(table=audit.TOMBSTONE)
    note = json.loads(tombstone.note)
    assert note["records"] == len(lines) - 1 and note["tables"]["services_historicalservice"] == 2
    assert audit.head()[0] < before_count
    ok, text = _verify("--archive", str(out))
    assert ok and "1 archive tombstones" in text
    factories.service(name="Efteråt")
    audit.seal()
    assert audit.verify().ok
    assert any(e.type == "A" for e in auditlog.entries(list(auditlog.links())))


def test_an_edited_archive_or_a_tombstone_changed_is_caught(old_and_new, tmp_path):
    out = tmp_path / "arkiv.jsonl"
    call_command("archive_history", "--before", "2021-01-01", "--out", str(out), stdout=io.StringIO())
    edited = tmp_path / "edited.jsonl"
    edited.write_text(out.read_text().replace("Gammal 1", "Gammal X"))
    ok, err = _verify("--archive", str(edited))
    assert not ok and "no tombstone" in err
    tombstone = ChainLink.objects.get(table=audit.TOMBSTONE)
    note = json.loads(tombstone.note)
    ChainLink.objects.filter(pk=tombstone.pk).update(note=json.dumps({**note, "records": 1}))
    ok, err = _verify()
    assert not ok and "tombstone does not match" in err


def test_a_digest_kept_before_archiving_still_verifies_after(old_and_new, tmp_path):
    path = _digest(tmp_path)
    call_command("archive_history", "--before", "2021-01-01", "--out", str(tmp_path / "a.jsonl"), stdout=io.StringIO())
    assert _verify("--digest", str(path))[0]


def test_archiving_is_refused_without_a_file_and_deletes_nothing_when_the_file_fails(old_and_new, tmp_path):
    count = Service.history.count()
    with pytest.raises(CommandError, match="--out is required"):
        call_command("archive_history", "--before", "2021-01-01")
    with pytest.raises(CommandError, match="--out"):
        call_command("archive_history", "--before", "2021-01-01", "--out", str(tmp_path / "no" / "such" / "dir.jsonl"))
    with pytest.raises(CommandError, match="--before"):
        call_command("archive_history", "--before", "förra året", "--out", str(tmp_path / "x.jsonl"))
    with pytest.raises(CommandError, match="no history older"):
        call_command("archive_history", "--before", "2019-01-01", "--out", str(tmp_path / "y.jsonl"))
    assert not (tmp_path / "y.jsonl").exists()
    with pytest.raises(CommandError, match="older than 1900"):  # was an OverflowError traceback
        call_command("archive_history", "--before", "0001-01-01", "--out", str(tmp_path / "z.jsonl"))
    assert not (tmp_path / "z.jsonl").exists()
    assert Service.history.count() == count and not ChainLink.objects.filter(table=audit.TOMBSTONE).exists()
    assert audit.verify().ok


def test_archiving_stops_when_a_record_is_missing_and_deletes_nothing(old_and_new, tmp_path):
    old, _ = old_and_new
    Service.history.filter(id=old[0].pk).delete()
    count = Service.history.count()
    with pytest.raises(CommandError, match="missing"):
        call_command("archive_history", "--before", "2021-01-01", "--out", str(tmp_path / "z.jsonl"))
    assert Service.history.count() == count and not (tmp_path / "z.jsonl").exists()


def test_a_record_is_never_archived_without_its_many_to_many_rows(tmp_path):
    """One seal can put a newer record between an old record and its many-to-many rows; the archive then
    stops before the old record rather than leave its rows pointing at nothing."""
    from services.models import Category, CategoryScheme

    category = Category.objects.create(scheme=CategoryScheme.objects.create(name="Schema"), code="c", name="Kat")
    old = factories.service(name="Gammal")
    old.categories.add(category)
    for model in audit.history_models():
        if model._meta.pk.attname == "history_id":
            model._base_manager.update(history_date=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    factories.service(name="Ny")
    audit.seal()  # old records, the new one, then the old record's category rows
    m2m = "services_historicalservice_categories"
    parent = Service.history.filter(id=old.pk, history_type="~").get()
    assert ChainLink.objects.get(table="services_historicalservice", row_id=parent.history_id).id < \
        ChainLink.objects.filter(model="services.service", history_type="+").order_by("-id").first().id < \
        ChainLink.objects.filter(table=m2m).order_by("id").first().id
    call_command("archive_history", "--before", "2021-01-01", "--out", str(tmp_path / "a.jsonl"), stdout=io.StringIO())
    assert Service.history.filter(history_id=parent.history_id).exists()
    assert ChainLink.objects.filter(table=m2m).exists() and audit.verify().ok
