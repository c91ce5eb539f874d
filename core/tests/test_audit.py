"""The history chain: a record forged, deleted or moved after it was sealed, a link edited, or a record slipped
in below the seal is named by `verify-history`; the head is published with every `styr check --json`."""

import io
import json

import pytest
from django.core.management import call_command

from core import audit
from core.models import ChainLink
from organisations.tests import factories as orgs
from services.models import Service
from services.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def sealed():
    hsn = orgs.organisation("HSN")
    first = factories.service(owner=hsn, name="Ersmo")
    second = factories.service(owner=hsn, name="Liston")
    first.name = "Ersmo 2"
    first.save()
    assert audit.seal() > 0 and audit.verify().ok
    return first, second


def _verify():
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as stop:
        call_command("verify_history", stdout=out, stderr=err)
    assert stop.value.code == 1
    return err.getvalue()


def test_an_untouched_history_verifies_and_new_records_wait_for_the_next_seal(sealed):
    out = io.StringIO()
    call_command("verify_history", stdout=out)
    assert "holds" in out.getvalue() and "0 written since" in out.getvalue()
    factories.service(name="Ny")
    report = audit.verify()
    assert report.ok and report.unsealed > 0
    sealed_before = report.sealed
    audit.seal()
    assert audit.verify().sealed > sealed_before and audit.verify().unsealed == 0


def test_a_forged_history_record_is_named(sealed):
    """The hole: Service.history…update(name="Forged name") was served as genuine."""
    first, _ = sealed
    record = Service.history.filter(id=first.pk).order_by("history_id").first()
    Service.history.filter(history_id=record.history_id).update(name="Forged name")
    assert f"services_historicalservice #{record.history_id} does not match" in _verify()


def test_a_deleted_history_record_is_named(sealed):
    first, _ = sealed
    record = Service.history.filter(id=first.pk).order_by("history_id").first()
    Service.history.filter(history_id=record.history_id).delete()
    assert f"services_historicalservice #{record.history_id} has been deleted" in _verify()


def test_reordered_history_records_are_named(sealed):
    first, second = sealed
    a = Service.history.filter(id=first.pk).order_by("history_id").first()
    b = Service.history.filter(id=second.pk).order_by("history_id").first()
    # Swap which service each record belongs to, as someone rewriting the order would.
    Service.history.filter(history_id=a.history_id).update(id=second.pk)
    Service.history.filter(history_id=b.history_id).update(id=first.pk)
    assert "does not match" in _verify()


def test_an_edited_link_and_a_record_slipped_in_below_the_seal_are_named(sealed):
    link = ChainLink.objects.order_by("id")[2]
    ChainLink.objects.filter(pk=link.pk).update(digest="f" * 64)
    assert f"link {link.pk}" in _verify()
    ChainLink.objects.filter(pk=link.pk).update(digest=link.digest)
    table_link = ChainLink.objects.filter(table="services_historicalservice").order_by("row_id").first()
    ChainLink.objects.filter(pk=table_link.pk).delete()
    assert "broken" in _verify()


def test_the_head_is_published_with_every_check(sealed):
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("check_rules", "--json", stdout=out)
    chain = json.loads(out.getvalue())["history_chain"]
    assert (chain["sealed"], chain["head"]) == audit.head() and chain["sealed"] > 0
    assert chain["sealed_at"] and chain["link"] == ChainLink.objects.order_by("-id").first().pk


@pytest.mark.parametrize("change", [{"model": "services.ownership"}, {"object_id": "999"}, {"history_type": "-"},
                                    {"at": None}, {"user_id": 1}])
def test_an_edited_audit_log_entry_is_named(sealed, change):
    first, _ = sealed
    link = ChainLink.objects.filter(model="services.service", object_id=str(first.pk)).first()
    ChainLink.objects.filter(pk=link.pk).update(**change)
    assert f"link {link.pk}: the audit log's entry" in _verify()


def test_a_chain_deleted_whole_is_caught_by_the_last_verification(sealed):
    assert audit.verify().ok  # recorded: the head it saw
    ChainLink.objects.all().delete()
    report = audit.verify()
    assert not report.ok and "no longer holds the head" in report.problem


def test_a_backdated_record_slipped_in_is_named_before_anyone_seals_it(sealed):
    import datetime

    first, _ = sealed
    original = Service.history.filter(id=first.pk).order_by("history_id").first()
    forged = Service.history.model.objects.get(pk=original.pk)
    forged.pk, forged.history_id, forged.name = None, None, "Forged new row"
    forged.history_date = original.history_date - datetime.timedelta(days=400)
    forged.save()
    report = audit.verify()
    assert not report.ok and "written with a false date" in report.problem


def test_a_sweep_longer_than_one_read_seals_every_record_in_order(monkeypatch):
    """seal() reads each table CHUNK records at a time, each read starting past the last key: with reads of two
    records, seven services' records (and their ownerships') are all sealed, once each, and the chain holds."""
    monkeypatch.setattr(audit, "CHUNK", 2)
    hsn = orgs.organisation("HSN")
    for n in range(7):
        factories.service(owner=hsn, name=f"Tjänst {n}")
    audit.seal()
    links = ChainLink.objects.filter(table=Service.history.model._meta.db_table)
    assert links.count() == Service.history.count() == 7
    assert list(links.order_by("id").values_list("row_id", flat=True)) == sorted(
        Service.history.values_list("history_id", flat=True))
    assert audit.verify().ok and audit.verify().unsealed == 0
