"""The impact analysis on hand-built graphs: what stops if X stops, and what X needs (architecture/impact.py)."""

import pytest

from lifecycle.models import Component
from organisations.tests import factories as orgs
from security.tests import factories_visibility as vis
from services.models import Consumer
from services.tests import factories as service_factories

from .. import impact
from ..models import Integration
from . import factories
from .factories_impact import chain

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return orgs.user(admin=True)


def depths(result):
    return {row.name: row.depth for row in result.rows}


def test_a_chain_stops_at_depths_one_two_three(admin):
    a, b, c, d = chain("A", "B", "C", "D")
    assert depths(impact.stops_if(a, admin)) == {"B": 1, "C": 2, "D": 3}
    assert depths(impact.stops_if(c, admin)) == {"D": 1}
    assert depths(impact.stops_if(d, admin)) == {}


def test_a_diamond_gives_one_row_per_service_at_its_shortest_depth(admin):
    top, left, right, bottom, far = (service_factories.service(name=n) for n in ("Top", "L", "R", "Bottom", "Far"))
    factories.dependency(service=left, depends_on=top)
    factories.dependency(service=right, depends_on=top)
    factories.dependency(service=far, depends_on=right)
    factories.dependency(service=bottom, depends_on=left)
    factories.dependency(service=bottom, depends_on=far)  # a longer way to Bottom too
    factories.integration(producer=top, consumer=bottom)  # and a direct one: depth 1
    result = impact.stops_if(top, admin)
    assert sorted(row.name for row in result.rows) == ["Bottom", "Far", "L", "R"]
    assert depths(result) == {"L": 1, "R": 1, "Bottom": 1, "Far": 2}


def test_a_cycle_ends_and_is_reported(admin):
    a, b, c = chain("A", "B", "C")
    outside = service_factories.service(name="Utanför")
    factories.dependency(service=a, depends_on=c)  # C → A closes the cycle A → B → C → A
    factories.dependency(service=outside, depends_on=b)
    result = impact.stops_if(a, admin)
    assert depths(result) == {"B": 1, "C": 2, "Utanför": 2}
    assert [row.name for row in result.cycle] == ["B", "C"]
    assert depths(impact.needs(a, admin)) == {"C": 1, "B": 2}
    assert impact.stops_if(outside, admin).cycle == []


def test_a_component_stops_its_services_and_what_depends_on_them(admin):
    database = Component.objects.create(name="Databas", version="15")
    a, b = chain("A", "B")
    unrelated = service_factories.service(name="Orörd")
    database.services.add(a)
    result = impact.stops_if(database, admin)
    assert depths(result) == {"A": 1, "B": 2}
    assert "Orörd" not in depths(result) and unrelated


def test_needs_walks_the_graph_backwards_with_components(admin):
    a, b, c = chain("A", "B", "C")
    disk = Component.objects.create(name="Lagring", version="1")
    disk.services.add(a)
    result = impact.needs(c, admin)
    assert depths(result) == {"B": 1, "A": 2}
    assert [str(x) for x in impact.components_of(c, result.rows)] == ["Lagring 1"]


def test_integrations_not_needed_or_decommissioned_are_not_edges_and_active_ones_are(admin):
    source = service_factories.service(name="Källa")
    needed, optional, gone, leaving = (service_factories.service(name=n)
                                       for n in ("Behöver", "Valfri", "Avvecklad", "Avvecklas"))
    factories.integration(producer=source, consumer=needed)
    factories.integration(producer=source, consumer=optional, needed=False)
    factories.integration(producer=source, consumer=gone, phase=Integration.Phase.DECOMMISSIONED)
    factories.integration(producer=source, consumer=leaving, phase=Integration.Phase.BEING_DECOMMISSIONED)
    assert depths(impact.stops_if(source, admin)) == {"Behöver": 1, "Avvecklas": 1}


def test_the_platform_stops_the_consumers_of_its_service_contracts(admin):
    rtp = service_factories.service(name="RTP", kind="infrastructure")
    journal, portal, reader = (service_factories.service(name=n) for n in ("Journal", "1177", "Läsare"))
    factories.contract_integration(producer=journal, consumer=portal, platform=rtp)
    factories.dependency(service=reader, depends_on=portal)
    assert depths(impact.stops_if(rtp, admin)) == {"1177": 1, "Läsare": 2}
    assert depths(impact.needs(portal, admin)) == {"Journal": 1, "RTP": 1}
    # the producer does not stop with the platform: it answers, it does not call
    assert "Journal" not in depths(impact.stops_if(rtp, admin))


def test_sorting_filtering_and_totals():
    rows = [impact.Row(1, 2, "Bravo", "low", False), impact.Row(2, 1, "alfa", "critical", False),
            impact.Row(3, 1, "Charlie", "high", True)]
    assert [r.name for r in impact.sorted_rows(rows, "depth")] == ["alfa", "Charlie", "Bravo"]
    assert [r.name for r in impact.sorted_rows(rows, "-name")] == ["Charlie", "Bravo", "alfa"]
    assert [r.name for r in impact.sorted_rows(rows, "criticality")] == ["alfa", "Charlie", "Bravo"]
    assert [r.name for r in impact.sorted_rows(rows, "no such sort")] == ["alfa", "Charlie", "Bravo"]
    assert [r.name for r in impact.filtered(rows, depth=1, q="a")] == ["alfa", "Charlie"]
    result = impact.Impact(impact.STOPS, rows)
    assert result.per_depth() == [(1, 2), (2, 1)]
    assert [(value, n) for value, _label, n in result.per_criticality()] == [("critical", 1), ("high", 1), ("low", 1)]
    assert result.hidden_count == 1 and [r.name for r in result.visible] == ["Bravo", "alfa"]


def test_owners_and_consuming_boards_of_the_services_reached(admin):
    board = orgs.organisation(name="Hälso- och sjukvårdsnämnden")
    owner = orgs.organisation(name="Ägaren")
    a = service_factories.service(name="A")
    b = service_factories.service(owner, name="B")
    c = service_factories.service(owner, name="C")
    factories.dependency(service=b, depends_on=a)
    factories.dependency(service=c, depends_on=a)
    Consumer.objects.create(service=b, organisation=board, volume=100)
    Consumer.objects.create(service=c, organisation=board, volume=250)
    result = impact.stops_if(a, admin)
    found = impact.details(result.rows)
    assert {found[b.pk]["owner"], found[c.pk]["owner"]} == {"Ägaren"}
    assert found[b.pk]["boards"][0][::3] == ("Hälso- och sjukvårdsnämnden", "users") and found[b.pk]["boards"][0][1] == 100
    assert [(x["organisation"], x["services"], x["volume"]) for x in impact.boards(result.rows)] == [
        ("Hälso- och sjukvårdsnämnden", 2, 350)]


def test_a_shielded_service_is_counted_but_marked_hidden_for_a_reader_and_not_for_its_owner():
    owner = orgs.organisation()
    platform = service_factories.service(name="Plattform")
    secret = service_factories.service(owner, name="Hemlig journal")
    plain = service_factories.service(name="Öppen")
    vis.classified(secret, 3)
    factories.dependency(service=secret, depends_on=platform)
    factories.dependency(service=plain, depends_on=platform)
    reader, owner_editor = orgs.user(), orgs.user(editor_of=owner)
    for_reader = impact.stops_if(platform, reader)
    assert for_reader.total == 2 and for_reader.hidden_count == 1
    assert [row.name for row in for_reader.visible] == ["Öppen"]
    assert impact.stops_if(platform, owner_editor).hidden_count == 0


def test_the_depth_can_be_capped(admin):
    a, *_rest = chain("A", "B", "C", "D")
    assert depths(impact.stops_if(a, admin, max_depth=2)) == {"B": 1, "C": 2}
