"""`styr backup` takes a consistent copy while Styr runs; `styr restore` brings it back and verifies the
history chain of what it brought back."""

import io
import json
import tarfile

import pytest
from django.core.management import CommandError, call_command

from core import audit
from organisations.tests import factories as orgs
from services.models import Service
from services.tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "decisions").mkdir(parents=True)
    (settings.MEDIA_ROOT / "decisions" / "beslut.pdf").write_bytes(b"%PDF-1.4 the decision")
    return settings.MEDIA_ROOT


def _run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_backup_restored_brings_back_the_register_the_files_and_a_chain_that_holds(media, tmp_path):
    hsn = orgs.organisation("HSN")
    kept = factories.service(owner=hsn, name="Journalen")
    factories.service(owner=hsn, name="Remissen")
    audit.seal()
    file = tmp_path / "styr.backup"
    out, _ = _run("backup", str(file))
    assert "backup written" in out and file.exists()

    factories.service(owner=hsn, name="Tillkommen efter kopian")
    Service.objects.filter(pk=kept.pk).update(name="Ändrad efter kopian")
    (media / "decisions" / "beslut.pdf").unlink()
    audit.seal()

    out, err = _run("restore", str(file), "--noinput")
    assert "history chain holds" in out and not err
    assert sorted(Service.objects.values_list("name", flat=True)) == ["Journalen", "Remissen"]
    assert (media / "decisions" / "beslut.pdf").read_bytes() == b"%PDF-1.4 the decision"
    assert audit.verify().ok


def test_a_restored_copy_whose_history_was_forged_is_reported(media, tmp_path):
    service = factories.service(owner=orgs.organisation("HSN"), name="Journalen")
    audit.seal()
    Service.history.filter(id=service.pk).update(name="Forged name")
    file = tmp_path / "forged.backup"
    _run("backup", str(file))
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as stop:
        call_command("restore", str(file), "--noinput", stdout=out, stderr=err)
    assert stop.value.code == 1
    assert "services_historicalservice" in err.getvalue() and "does not match" in err.getvalue()


def test_a_file_that_is_no_backup_is_refused_and_nothing_changes(media, tmp_path):
    factories.service(owner=orgs.organisation("HSN"), name="Journalen")
    junk = tmp_path / "junk.backup"
    junk.write_bytes(b"not a tar file at all")
    with pytest.raises(CommandError, match="is not a Styr backup"):
        _run("restore", str(junk), "--noinput")
    assert Service.objects.filter(name="Journalen").exists()


def test_a_backup_of_another_database_engine_is_refused(media, tmp_path):
    other = "postgresql" if audit.connection.vendor == "sqlite" else "sqlite"
    file = tmp_path / "other.backup"
    with tarfile.open(file, "w") as archive:
        data = json.dumps({"format": 1, "created": "2026-12-01T00:00:00+00:00", "engine": other,
                           "history_chain": {"sealed": 0, "head": audit.GENESIS}}).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    with pytest.raises(CommandError, match=f"backup is of a {other} database"):
        _run("restore", str(file), "--noinput")


def test_restore_asks_before_it_replaces_anything(media, tmp_path, monkeypatch):
    factories.service(owner=orgs.organisation("HSN"), name="Journalen")
    file = tmp_path / "styr.backup"
    _run("backup", str(file))
    factories.service(owner=orgs.organisation("SLSO"), name="Efteråt")
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="restore cancelled"):
        _run("restore", str(file))
    assert Service.objects.filter(name="Efteråt").exists()

    def no_terminal(prompt):
        raise EOFError

    monkeypatch.setattr("builtins.input", no_terminal)
    with pytest.raises(CommandError, match="--noinput"):
        _run("restore", str(file))
    assert Service.objects.filter(name="Efteråt").exists()
