"""Sealing without a window: what a transaction writes is in the chain as soon as it commits — saves,
many-to-many changes, accounts, the bulk import — and a transaction that committed after a later one is
sealed too, rather than left below the seal."""

import pytest
from django.db import transaction

from core import audit
from core.models import ChainLink
from organisations.tests import factories as orgs
from services.imports import import_services
from services.models import Category, CategoryScheme, Service
from services.tests import factories

pytestmark = pytest.mark.django_db


def test_ordinary_writes_are_sealed_when_they_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        service = factories.service(name="Ersmo")
    with django_capture_on_commit_callbacks(execute=True):
        scheme = CategoryScheme.objects.create(name="Schema")
        category = Category.objects.create(scheme=scheme, code="c", name="Kat")
    with django_capture_on_commit_callbacks(execute=True):
        service.categories.add(category)  # many-to-many history: a record and its rows
    with django_capture_on_commit_callbacks(execute=True):
        orgs.user("granskare")
    report = audit.verify()
    assert report.ok and report.unsealed == 0 and report.sealed > 5
    assert ChainLink.objects.filter(table="services_historicalservice_categories").exists()
    assert ChainLink.objects.filter(model="auth.user", history_type="+").exists()
    link = ChainLink.objects.filter(model="services.service", object_id=str(service.pk)).last()
    assert link.history_type == "~" and link.at is not None and link.sealed_at is not None


def test_without_a_commit_nothing_is_sealed_yet(django_capture_on_commit_callbacks):
    """The counter-test: the same write, its commit not yet run, is counted as unsealed."""
    with django_capture_on_commit_callbacks(execute=False):
        factories.service(name="Ersmo")
    report = audit.verify()
    assert report.ok and report.unsealed > 0 and report.sealed == 0


def test_a_rolled_back_transaction_leaves_nothing_and_the_next_commit_still_seals(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            factories.service(name="Ångras")
            raise RuntimeError("rolled back")
    assert not Service.history.filter(name="Ångras").exists()
    with django_capture_on_commit_callbacks(execute=True):
        factories.service(name="Ersmo")
    report = audit.verify()
    assert report.ok and report.unsealed == 0


def test_the_bulk_import_is_sealed_at_its_end(django_capture_on_commit_callbacks):
    orgs.organisation("HSN")
    orgs.domain("vard")
    audit.seal()
    rows = ["A-1;Ersmo;common;vard;in_production;HSN;2020-01-01;;", "A-2;Liston;common;vard;planned;;;;"]
    data = ("external_id;name;kind;domain;phase;owner;owner_from;sourcing_review_date;categories\n"
            + "\n".join(rows) + "\n").encode()
    with django_capture_on_commit_callbacks(execute=True):
        assert import_services("s.csv", data).created == 2
    report = audit.verify()
    assert report.ok and report.unsealed == 0
    assert ChainLink.objects.filter(model="services.service", history_type="+").count() == 2


def test_a_record_committed_after_a_later_one_is_sealed_not_left_below_the_seal():
    """Two transactions: the one with the lower history id commits last. Its record is named to the sealer
    (as the signal does), so it is sealed even though the table's mark is past it."""
    first, second, third = (factories.service(name=n) for n in ("A", "B", "C"))
    late = Service.history.get(id=second.pk)
    Service.history.filter(history_id=late.history_id).delete()  # not yet committed, as it were
    audit.seal()
    late.save()  # now it commits, with its lower id
    assert "added below the seal" in audit.verify().problem
    audit.seal(tables={"services_historicalservice"}, ids={"services_historicalservice": {late.history_id}})
    report = audit.verify()
    assert report.ok and report.unsealed == 0


@pytest.mark.django_db(transaction=True)
def test_concurrent_committers_do_not_fork_the_chain():
    """Four connections write and commit at once; every record is sealed once, in one unbroken chain."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one writer in at a time; the lock under test is PostgreSQL's")
    owner, domain = orgs.organisation("HSN"), orgs.domain("vard")
    errors = []

    def write(n):
        try:
            for i in range(5):
                with transaction.atomic():
                    factories.service(owner=owner, domain=domain, name=f"Tråd {n}-{i}")
        except Exception as error:  # noqa: BLE001 — reported below, in the test's own thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    report = audit.verify()
    assert report.ok and report.unsealed == 0, report.problem
    assert ChainLink.objects.filter(model="services.service", history_type="+").count() == 20


def test_a_generated_region_is_sealed_when_it_commits(django_capture_on_commit_callbacks):
    """`styr generate` writes history through bulk_create_with_history, which sends no signal."""
    import io

    from django.core.management import call_command

    with django_capture_on_commit_callbacks(execute=True):
        call_command("generate", services=20, organisations=8, stdout=io.StringIO(), stderr=io.StringIO())
    report = audit.verify()
    assert report.ok and report.unsealed == 0
    assert ChainLink.objects.filter(model="services.consumer").count() == Service.objects.count() * 3


def test_links_sealed_before_the_audit_log_are_described_by_the_next_seal():
    factories.service(name="Ersmo")
    audit.seal()
    ChainLink.objects.update(model="", object_id="", history_type="", at=None, user_id=None, sealed_at=None)
    assert "audit log's entry" in audit.verify().problem  # undescribed links are not what the record says
    audit.seal()
    assert audit.verify().ok
    assert ChainLink.objects.filter(model="services.service", history_type="+").count() == 1
