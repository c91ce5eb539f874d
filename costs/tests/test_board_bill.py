"""The bill at any size: a line per service, paged, compared with the year before in the database, and a fixed
number of statements whatever the organisation's size; it says which run it shows."""

import re

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from costs import actions, queries_bill
from costs.models import AllocationLine, AllocationRun, CostLine, Driver, FundingModel, Usage
from organisations.tests import factories as orgs
from services.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def region():
    o = {code: orgs.organisation(code, name=f"Nämnd {code}") for code in ("HSN", "SLSO", "KS")}
    return o, Driver.objects.create(code="users", name="Användare")


def billed(o, users, count, year=2026, volumes=(1, 1), prefix="Tjänst"):
    """`count` services with two cost types each, shared by SLSO and KS by volume."""
    made = []
    for n in range(count):
        svc = factories.service(owner=o["HSN"], name=f"{prefix} {n:03d}")
        for cost_type, amount in (("operations", 1000_00), ("licences", 200_00)):
            CostLine.objects.create(service=svc, year=year, cost_type=cost_type, figure="outcome", amount_ore=amount)
        FundingModel.objects.create(service=svc, year=year, method="volume", driver=users)
        for code, volume in zip(("SLSO", "KS"), volumes, strict=True):
            Usage.objects.create(service=svc, year=year, organisation=o[code], driver=users, volume=volume)
        made.append(svc)
    return made


def test_one_line_a_service_with_its_share_and_cost_types_folded(client, region):
    o, users = region
    billed(o, users, 3)
    run = actions.run_allocation(year=2026)
    client.force_login(orgs.user())
    response = client.get(f"/kostnader/korning/{run.pk}/KS/")
    page = response.content.decode()
    rows = response.context["rows"]
    assert [r["name"] for r in rows] == ["Tjänst 000", "Tjänst 001", "Tjänst 002"]
    assert all(r["after"] == 600_00 and str(r["share"]) == "0.5" for r in rows)
    assert response.context["totals"]["after"] == 1800_00 and response.context["totals"]["services"] == 3
    assert "1\u00a0800,00" in page and "50,00 %" in page
    assert page.count("<details>") == 3 and "2 kostnadsslag" in page
    assert "Ingen körning för året innan att jämföra med." in page


def test_the_bill_pages_and_reads_the_same_statements_for_5_or_60_services(client, region):
    o, users = region
    billed(o, users, 5, prefix="A")
    client.force_login(orgs.user())
    counts = []
    for more in (0, 55):
        billed(o, users, more, prefix="B")
        previous, run = actions.run_allocation(year=2025), actions.run_allocation(year=2026)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"/kostnader/korning/{run.pk}/KS/")
        counts.append(len(captured))
        assert response.context["previous"] == previous
    assert counts[0] == counts[1]
    assert response.context["page"].paginator.num_pages == 2 and len(response.context["rows"]) == 50
    second = client.get(f"/kostnader/korning/{run.pk}/KS/", {"page": "2"}).context["rows"]
    assert len(second) == 10
    assert response.context["totals"]["listed"] == 60
    # As every list: not a number is the first page, out of range the last; never a server error.
    for page in ("x", "last", "²", "0", "-1", "99", "99999999999999999999", "9" * 5000):
        response = client.get(f"/kostnader/korning/{run.pk}/KS/", {"page": page})
        assert response.status_code == 200 and response.context["totals"]["listed"] == 60
        assert len(response.context["rows"]) == (50 if page in ("x", "last", "²", "9" * 5000) else 10), page


def test_the_change_since_last_year_is_split_in_the_database(region):
    o, users = region
    old = billed(o, users, 1, year=2025, prefix="Borta")[0]
    svc = billed(o, users, 1, year=2025, volumes=(1, 1))[0]
    # 2026: the service costs twice as much and KS uses three quarters; a new service; the old one ended.
    for line in CostLine.objects.filter(service=svc):
        CostLine.objects.create(service=svc, year=2026, cost_type=line.cost_type, figure="outcome",
                                amount_ore=line.amount_ore * 2)
    FundingModel.objects.create(service=svc, year=2026, method="volume", driver=users)
    Usage.objects.create(service=svc, year=2026, organisation=o["SLSO"], driver=users, volume=1)
    Usage.objects.create(service=svc, year=2026, organisation=o["KS"], driver=users, volume=3)
    billed(o, users, 1, prefix="Ny")
    before, after = actions.run_allocation(year=2025), actions.run_allocation(year=2026)
    rows = {r["name"]: r for r in queries_bill.explain(queries_bill.per_service(after, before, o["KS"]), after,
                                                        before, o["KS"])}
    row = rows["Tjänst 000"]
    assert (row["before"], row["after"]) == (600_00, 1800_00)
    assert row["cost_effect"] + row["volume_effect"] == row["change"] == 1200_00
    assert (row["cost_effect"], row["volume_effect"], row["reason"]) == (600_00, 600_00, "cost")
    assert rows["Ny 000"]["reason"] == "new" and rows["Borta 000"]["reason"] == "ended"
    assert rows["Borta 000"]["service"] == old
    totals = queries_bill.totals(after, before, o["KS"])
    assert totals == {"after": 1800_00 + 600_00, "before": 1200_00, "change": 1200_00, "services": 2, "listed": 3}
    # The page's own statement totals the whole bill the same way, on every page; past the last page it says so.
    for number, size, length in ((1, 50, 3), (1, 2, 2), (2, 2, 1)):
        rows, windowed = queries_bill.page_and_totals(after, before, o["KS"], number, size)
        assert windowed == totals and len(rows) == length
    assert queries_bill.page_and_totals(after, before, o["KS"], 3, 2) == ([], None)
    assert queries_bill.page_and_totals(after, None, o["HSN"], 1, 50) == ([], None)


def test_the_bill_says_which_run_it_shows(client, region):
    o, users = region
    billed(o, users, 1)
    first, second = actions.run_allocation(year=2026), actions.run_allocation(year=2026)
    client.force_login(orgs.user())
    page = client.get(f"/kostnader/korning/{second.pk}/KS/").content.decode()
    assert "Utkast — ingen körning är markerad som slutlig" in page
    AllocationRun.objects.filter(pk=first.pk).update(final_at=timezone.now())
    page = client.get(f"/kostnader/korning/{first.pk}/KS/").content.decode()
    assert f"Slutlig körning {timezone.localdate():%Y-%m-%d}" in page
    page = client.get(f"/kostnader/korning/{second.pk}/KS/").content.decode()
    assert "Utkast" in page and f"/kostnader/korning/{first.pk}/KS/" in page


def test_a_bill_of_an_unknown_organisation_or_run_is_not_found(client, region):
    o, users = region
    run = actions.run_allocation(year=2026)
    client.force_login(orgs.user())
    assert client.get(f"/kostnader/korning/{run.pk}/NOPE/").status_code == 404
    assert client.get(f"/kostnader/korning/{run.pk + 99}/KS/").status_code == 404
    page = client.get(f"/kostnader/korning/{run.pk}/KS/").content.decode()
    assert "Inget fördelat till organisationen." in page


def test_the_bills_grouping_reads_only_columns_of_the_covering_index(region):
    """Every column the bill's grouped page and its totals read is in the (run, organisation, service, amount,
    method) index, so PostgreSQL answers from the index alone. Counting the lines by `id` (not in it) made it
    fetch each of the organisation's lines from the table: at 100,000 services 20,000 pages read and 120 ms,
    against 29 ms (SQLite keeps the row id in every index, so it did not notice)."""
    o, users = region
    billed(o, users, 3)
    previous, run = actions.run_allocation(year=2025), actions.run_allocation(year=2026)
    cover = next(index for index in AllocationLine._meta.indexes if index.name == "costs_line_run_org_cover")
    covered = {AllocationLine._meta.get_field(name).column for name in cover.fields}
    for queryset in (queries_bill.per_service(run, previous, o["KS"]),
                     queries_bill.per_service(run, previous, o["KS"]).annotate(
                         n=queries_bill.OverAll(F("after"), function="SUM"))):
        sql = str(queryset.query)
        read = set(re.findall(r'"costs_allocationline"\."(\w+)"', sql))
        assert read and read <= covered, read - covered
