"""The ranking's pages, export, placements and the ranking decided: who may, what is refused, what is kept."""

import datetime
import io

import openpyxl
import pytest
from django.contrib.auth.models import Group

from core import access
from decisions.tests import factories as decision_factories
from organisations.tests import factories as orgs

from .. import actions_ranking
from ..models import Initiative, RankedEntry, RankingDecision, RankingOverride
from .factories import focus_area, ranking_override
from .factories_ranking import assessed, council_year

pytestmark = pytest.mark.django_db


def region():
    year, secretary = council_year(capacity=1000)
    hsn, slso = orgs.organisation("HSNX", name="Hälso- och sjukvårdsnämnden"), orgs.organisation("SLSOX")
    a = assessed(year, 90, 600, code="INI-A", proposer=hsn)
    b = assessed(year, 80, 600, code="INI-B", proposer=slso)
    c = assessed(year, 70, 300, code="INI-C", proposer=hsn)
    return year, secretary, hsn, (a, b, c)


def auditor():
    user = orgs.user()
    user.groups.add(Group.objects.get_or_create(name=access.AUDITORS)[0])
    return user


def test_everyone_signed_in_reads_the_ranking_with_the_line_stated(client):
    year, _secretary, _hsn, _rows = region()
    assert client.get("/portfolj/prioritering/").status_code == 302  # sign in first
    client.force_login(orgs.user())
    page = client.get("/portfolj/prioritering/").content.decode()
    assert page.index("INI-A") < page.index("INI-B") < page.index("INI-C")
    assert "efter plats 1" in page and "Över linjen" in page and "Flytta INI-A" not in page
    assert "Registrera prioriteringen som beslutad" not in page
    assert client.get("/portfolj/prioritering/1999/").status_code == 404


def test_views_per_board_and_focus_area_keep_the_region_positions(client):
    year, _secretary, hsn, (a, b, c) = region()
    area = focus_area("tillganglighetX")
    c.focus_areas.add(area)
    client.force_login(orgs.user())
    page = client.get("/portfolj/prioritering/2026/", {"proposer": "HSNX"}).content.decode()
    assert "INI-A" in page and "INI-C" in page and "INI-B" not in page
    page = client.get("/portfolj/prioritering/2026/", {"focus_area": "tillganglighetX"}).content.decode()
    assert "INI-C" in page and "INI-A" not in page and "<td>3</td>" in page  # C keeps its region position
    page = client.get("/portfolj/prioritering/2026/", {"line": "below"}).content.decode()
    assert "INI-B" in page and "INI-A" not in page
    bad = client.get("/portfolj/prioritering/2026/", {"proposer": "NOPE", "page": "x"})
    assert bad.status_code == 200 and "INI-A" in bad.content.decode()


def test_the_export_is_excel_and_csv_without_formulas(client):
    year, _secretary, _hsn, (a, _b, _c) = region()
    ranking_override(year, a, RankingOverride.Placement.BELOW, "=HYPERLINK(\"x\")")
    client.force_login(orgs.user())
    response = client.get("/portfolj/prioritering/2026/export.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("position", "code", "title")
    assert [r[1] for r in rows[1:]] == ["INI-B", "INI-C", "INI-A"]
    assert rows[3][10] == '=HYPERLINK("x")' and sheet["K4"].data_type == "s"
    text = client.get("/portfolj/prioritering/2026/export.csv", {"proposer": "HSNX"}).content.decode("utf-8-sig")
    assert "INI-B" not in text and "'=HYPERLINK" in text and ";6,00;" in text


def test_the_council_secretariat_places_with_a_reason_and_others_are_refused(client):
    year, secretary, hsn, (a, b, c) = region()
    url = f"/portfolj/prioritering/2026/placering/{b.pk}/"
    for user in (orgs.user(editor_of=hsn), orgs.user(), auditor(), orgs.user(secretariat_of=hsn)):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, {"placement": "above", "reason": "x", "row_version": year.row_version}
                           ).status_code == 403
    client.force_login(secretary)
    empty = client.post(url, {"placement": "above", "reason": "  ", "row_version": year.row_version})
    assert empty.status_code == 200 and "obligatoriskt" in empty.content.decode()
    bad = client.post(url, {"placement": "sideways", "reason": "x", "row_version": year.row_version})
    assert bad.status_code == 200 and not RankingOverride.objects.exists()
    done = client.post(url, {"placement": "above", "reason": "Lagkrav 2027", "row_version": year.row_version})
    assert done.status_code == 302
    stale = client.post(url, {"placement": "below", "reason": "Annat", "row_version": year.row_version})
    assert "Någon annan" in stale.content.decode()
    page = client.get("/portfolj/prioritering/2026/").content.decode()
    assert page.index("INI-B") < page.index("INI-A") and "Flyttad över: Lagkrav 2027" in page


def test_a_placement_of_an_initiative_not_ranked_is_refused():
    year, secretary, _hsn, (a, _b, _c) = region()
    outside = Initiative.objects.create(code="INI-X", title="X", need="x", need_of="staff", proposer=a.owner,
                                        owner=a.owner)
    with pytest.raises(Exception, match="inte med i prioriteringen|not in the ranking"):
        actions_ranking.place(portfolio_year=year, initiative=outside, placement="above", reason="x")


def test_the_ranking_decided_is_kept_as_it_was_and_sets_prioritised_through_the_lifecycle(client):
    year, secretary, hsn, (a, b, c) = region()
    b.status = Initiative.Status.PRIORITISED
    b.save()
    idea = assessed(year, 95, 10, code="INI-I", status=Initiative.Status.IDEA)
    decision = decision_factories.decision(body=year.council, registry_number="RS 2026-0311",
                                           decided_on=datetime.date(2026, 4, 15))
    url = "/portfolj/prioritering/2026/besluta/"
    client.force_login(orgs.user(editor_of=hsn))
    assert client.post(url, {"decided_on": "2026-04-15"}).status_code == 403
    client.force_login(secretary)
    year.refresh_from_db()
    future = client.post(url, {"decided_on": "2999-01-01", "row_version": year.row_version}, follow=True)
    assert "framtiden" in future.content.decode() and not RankingDecision.objects.exists()
    other = client.post(url, {"decided_on": "2026-04-15", "decision": "XX 2026-0001",
                              "row_version": year.row_version}, follow=True)
    assert "XX 2026-0001" in other.content.decode() and not RankingDecision.objects.exists()
    response = client.post(url, {"decided_on": "2026-04-15", "decision": "RS 2026-0311",
                                 "row_version": year.row_version})
    recorded = RankingDecision.objects.get()
    assert response.status_code == 302 and recorded.decision == decision and recorded.capacity == 1000
    assert list(RankedEntry.objects.filter(ranking=recorded).values_list("initiative__code", "above_line")) == [
        ("INI-I", True), ("INI-A", True), ("INI-B", False), ("INI-C", False)]
    for initiative, status in ((a, "prioritised"), (b, "assessed"), (c, "assessed"), (idea, "idea")):
        initiative.refresh_from_db()
        assert initiative.status == status
    assert a.status_changed_on == datetime.date(2026, 4, 15)
    # Later changes do not touch the decided ranking.
    ranking_override(year, c, RankingOverride.Placement.ABOVE, "Ny prioritering")
    page = client.get(f"/portfolj/prioritering/2026/beslut/{recorded.pk}/").content.decode()
    assert "Prioriteringen 2026 som beslutad 2026-04-15" in page and "Ny prioritering" not in page
    assert client.get(f"/portfolj/prioritering/2025/beslut/{recorded.pk}/").status_code == 404
    listed = client.get("/portfolj/prioritering/2026/").content.decode()
    assert "Prioriteringen som beslutad 2026-04-15" in listed
