"""The organisation page at any size: counts and the first page of each list, the same queries for 3 or 30."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organisations.tests import factories as orgs
from services.models import Consumer
from services.tests import factories

pytestmark = pytest.mark.django_db


def test_the_organisation_page_shows_counts_and_the_first_page_of_each_list(client):
    board = orgs.organisation("SLSO", name="Stockholms läns sjukvårdsområde")
    client.force_login(orgs.user())
    counts = []
    for more in (3, 27):
        for _ in range(more):
            Consumer.objects.create(service=factories.service(owner=board), organisation=board, volume=1)
        # The first page after a write may refresh the stored rule evaluation (rules.freshness): measure the page.
        client.get(board.get_absolute_url())
        with CaptureQueriesContext(connection) as captured:
            response = client.get(board.get_absolute_url())
        counts.append(len(captured))
    page = response.content.decode()
    assert response.status_code == 200
    assert "30 tjänster totalt" in page and "30 tjänster — i tjänstelistan" in page
    assert page.count("/tjanster/") < 2 * 20 + 10  # the first 20 of owned and used, not all 30 of each
    assert counts[0] == counts[1]


@pytest.mark.parametrize("walk_from", [1, 10_000])
def test_the_first_used_services_are_in_name_order_whether_walked_or_sorted(client, monkeypatch, walk_from):
    """A board with many consumer records finds its first page by walking the register in name order
    (services.queries.WALK_FROM); either way the page lists the same services, by name, and no others."""
    monkeypatch.setattr("services.queries.WALK_FROM", walk_from)
    board, other = orgs.organisation("SLSO"), orgs.organisation("HSN")
    names = [f"Tjänst {n:02}" for n in range(25)]
    for name in reversed(names):
        service = factories.service(owner=other, name=name)
        Consumer.objects.create(service=service, organisation=other, volume=2)
        if name != "Tjänst 03":  # one service the board does not use, among the first twenty by name
            Consumer.objects.create(service=service, organisation=board, volume=1)
    client.force_login(orgs.user())
    page = client.get(board.get_absolute_url()).content.decode()
    used = page[page.index("24 tjänster totalt"):]
    shown = [name for name in names if f">{name}</a>" in used]
    assert shown == [n for n in names if n != "Tjänst 03"][:20]
