"""The plan of the service list filtered by owner on PostgreSQL (issue 13): the planner starts from that owner's
ownerships (index `ownership_owner_services`) instead of walking the phase index in name order and probing
every service's ownership. Asserted on the plan's shape, never on time."""

import datetime
import random

import pytest
from django.db import connection
from django.http import QueryDict

from core.bulk import analyze, insert_rows
from organisations.tests import factories as orgs
from services.filters import service_filter
from services.models import Ownership, Service
from services.queries import services_with_owner

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner")]

SERVICES, OWNERS = 30_000, 60
PHASES = [p for p, _ in Service.Phase.choices]


@pytest.fixture
def region():
    rng = random.Random(3)
    owners = [orgs.organisation(f"P-{n:02d}").pk for n in range(OWNERS)]
    domain = orgs.domain("vard").pk
    insert_rows(Service, ["name", "short_name", "version", "description", "kind", "domain_id", "phase",
                          "criticality", "delivery_model", "supplier", "external_id", "row_version"],
                [(f"Tjänst {rng.randrange(10**6)} {n}", "", "", "", "common", domain, rng.choice(PHASES), "medium",
                  "", "", f"P-{n}", 1) for n in range(SERVICES)])
    ids = list(Service.objects.values_list("pk", flat=True))
    insert_rows(Ownership, ["service_id", "organisation_id", "valid_from", "valid_to", "mandate", "basis",
                            "row_version"],
                [(pk, rng.choice(owners), datetime.date(2020, 1, 1), None, "", "registration", 1) for pk in ids])
    analyze(Service, Ownership)
    return owners


def plan(queryset):
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def filtered(data):
    return service_filter()(QueryDict(data), queryset=services_with_owner()).qs


def starts_from_the_owner(shown):
    """The owner's ownerships are read by an index on the organisation (ours, or the older one when the table's
    visibility map is not yet set, as in a test's fresh table); no service table or phase index is walked."""
    scans = [line for line in shown.splitlines() if "Index Cond: (organisation_id =" in line
             or "ownership_owner_services" in line]
    return bool(scans) and "services_se_phase" not in shown and "Seq Scan on services_service" not in shown


def test_the_list_filtered_by_owner_and_phase_starts_from_the_owners_ownerships(region):
    page = plan(filtered("owner=P-07&phase=in_production&ordering=name")[:50])
    count = plan(filtered("owner=P-07&phase=in_production").order_by().values("pk"))
    assert starts_from_the_owner(page), page
    assert starts_from_the_owner(count), count


def test_the_index_the_list_starts_from_exists():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'ownership_owner_services'")
        (definition,) = cursor.fetchone()
    assert "(organisation_id, service_id, valid_from, valid_to)" in definition
