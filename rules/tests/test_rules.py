"""Every rule: a case that breaks it and one that keeps it."""

import datetime

import pytest

from core import registry
from lifecycle.models import Component, TestRecord
from organisations.tests import factories as orgs
from rules import actions, queries
from services.models import Consumer, Ownership, RoleAssignment
from services.tests import factories

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 22)


def failing(rule_id, service):
    rule = registry.RULES[rule_id]
    return rule.failing(TODAY).filter(pk=service.pk).exists()


def applies(rule_id, service):
    return registry.RULES[rule_id].applicable(TODAY).filter(pk=service.pk).exists()


def passed_test(service, version="1.0", kind="functional", day=TODAY):
    service.version = version
    service.save()
    return TestRecord.objects.create(service=service, type=kind, version=version, performed_on=day,
                                     result="passed")


def test_owner_rule():
    kept = factories.service()
    broken = factories.service()
    Ownership.objects.filter(service=broken).delete()  # data from before the register's rules
    planned = factories.service(owner=False, phase="planned")
    assert failing("R01-AGARE", broken) and not failing("R01-AGARE", kept)
    assert not applies("R01-AGARE", planned)


def test_service_manager_rule():
    svc = factories.service()
    assert failing("R02-FORVALTNINGSLEDARE", svc)
    RoleAssignment.objects.create(service=svc, role="service_manager", person_name="Sara Holm")
    assert not failing("R02-FORVALTNINGSLEDARE", svc)
    RoleAssignment.objects.create(service=factories.service(phase="archived"), role="service_owner", person_name="X")


def test_unsupported_component_rule_from_snapshot_and_entered_date():
    svc = factories.service()
    old = Component.objects.create(name="SQL Server", product="mssqlserver", version="12.0-sp3")  # eol 2024-07-09
    current = Component.objects.create(name="Windows Server", product="windows-server", version="2022")
    current.services.add(svc)
    assert not failing("R04-SUPPORT", svc)
    old.services.add(svc)
    assert failing("R04-SUPPORT", svc)
    old.support_ends = TODAY + datetime.timedelta(days=30)  # an extended agreement entered by hand wins
    old.save()
    assert not failing("R04-SUPPORT", svc)


def test_tested_rule_needs_a_passed_test_of_the_current_version():
    svc = factories.service()
    assert failing("R05-TESTAD", svc)
    passed_test(svc, version="1.0")
    assert not failing("R05-TESTAD", svc)
    svc.version = "2.0"
    svc.save()
    assert failing("R05-TESTAD", svc)
    TestRecord.objects.create(service=svc, type="functional", version="2.0", performed_on=TODAY, result="failed")
    assert failing("R05-TESTAD", svc)


def test_periodic_check_rule_by_criticality():
    critical = factories.service(criticality="critical")
    low = factories.service(criticality="low")
    for svc in (critical, low):
        passed_test(svc, kind="security", day=TODAY - datetime.timedelta(days=120))
    assert failing("R06-EGENKONTROLL", critical)  # every 90 days
    assert not failing("R06-EGENKONTROLL", low)  # every 730 days
    passed_test(critical, kind="robustness", day=TODAY - datetime.timedelta(days=10))
    assert not failing("R06-EGENKONTROLL", critical)
    assert failing("R06-EGENKONTROLL", factories.service())  # never checked


def test_sourcing_review_rule():
    due = factories.service(delivery_model="external_supplier", sourcing_review_date=TODAY - datetime.timedelta(days=1))
    fine = factories.service(delivery_model="external_supplier", sourcing_review_date=TODAY)
    missing = factories.service(delivery_model="cloud_service")
    in_house = factories.service(delivery_model="in_house")
    assert failing("R07-LEVERANSMODELL", due) and failing("R07-LEVERANSMODELL", missing)
    assert not failing("R07-LEVERANSMODELL", fine) and not applies("R07-LEVERANSMODELL", in_house)


def test_consumers_rule_for_common_services():
    svc = factories.service(kind="common")
    local = factories.service(kind="local")
    assert failing("R09-KONSUMENTER", svc) and not applies("R09-KONSUMENTER", local)
    Consumer.objects.create(service=svc, organisation=orgs.organisation(), volume=10)
    assert not failing("R09-KONSUMENTER", svc)


def test_counts_by_owner_and_snapshot():
    hsn = orgs.organisation("HSN")
    factories.service(owner=hsn)
    factories.service(owner=hsn)
    rows = {(r, o): (a, f) for r, o, a, f in queries.counts_by_owner(TODAY)}
    assert rows[("R05-TESTAD", hsn.pk)] == (2, 2)
    assert actions.take_snapshot(today=TODAY) == len(rows)
    assert actions.take_snapshot(today=TODAY) == len(rows)  # the same day again replaces, not adds
    from rules.models import RuleSnapshot

    assert RuleSnapshot.objects.filter(taken_on=TODAY).count() == len(rows)


def test_findings_join_the_owner_once_whatever_the_number_of_findings():
    """The owner of each finding comes from one join, not a lookup per finding: as many queries for five
    findings as for one, and a transfer decided for a later date leaves today's owner as the owner."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    hsn, later = orgs.organisation("HSN"), orgs.organisation("SLL")
    first = factories.service(owner=hsn, name="A")
    Ownership.objects.filter(service=first).update(valid_to=TODAY + datetime.timedelta(days=10))
    Ownership.objects.create(service=first, organisation=later, valid_from=TODAY + datetime.timedelta(days=10))
    with CaptureQueriesContext(connection) as one:
        found = queries.findings(TODAY, rule_ids={"R05-TESTAD"})
    assert [(f["service"], f["owner"], f["owner_name"]) for f in found] == [("A", "HSN", hsn.name)]
    for _ in range(4):
        factories.service(owner=hsn)
    with CaptureQueriesContext(connection) as five:
        found = queries.findings(TODAY, rule_ids={"R05-TESTAD"})
    assert len(found) == 5 and len(five.captured_queries) == len(one.captured_queries)
    sql = " ".join(q["sql"] for q in five.captured_queries if "services_service" in q["sql"])
    assert sql.count("services_ownership") == 1  # joined, not a subquery per owner column


def test_counts_and_findings_run_each_failing_query_once():
    """What `styr check` reports: the same as counts() and findings(), with each rule's failing query run once
    (the findings) and its applicable one counted — two queries of services per rule, not three."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    hsn = orgs.organisation("HSN")
    for _ in range(3):
        factories.service(owner=hsn)
    Ownership.objects.filter(service=factories.service()).delete()
    with CaptureQueriesContext(connection) as together:
        counted, found = queries.counts_and_findings(TODAY)
    assert counted == queries.counts(TODAY) and found == queries.findings(TODAY)
    run = [r for r in registry.rules() if not r.skipped]
    asked = [q for q in together.captured_queries if q["sql"].lstrip().startswith("SELECT")
             and 'FROM "services_service"' in q["sql"]]
    assert len(asked) <= 2 * len(run)
    one = queries.counts_and_findings(TODAY, services=[found[0]["service_id"]], rule_ids={"R05-TESTAD"})
    assert [(r.id, a, f) for r, a, f in one[0]] == [("R05-TESTAD", 1, 1)] and len(one[1]) == 1
