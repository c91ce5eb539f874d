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
