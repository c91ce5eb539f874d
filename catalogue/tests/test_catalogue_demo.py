"""The demo region's public catalogue: the services for residents, less those the visibility rule hides."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from styr import demo

pytestmark = pytest.mark.django_db


def test_the_demo_catalogue_shows_the_resident_services_but_not_the_journal(client):
    cache.clear()
    demo.build()
    data = client.get(reverse("catalogue:services-json")).json()
    names = {s["name"] for s in data["services"]}
    assert names == {"1177 Vårdguiden", "Reseplanerare", "Regional utvecklingsportal"}
    # For residents and published too, but their information is classified at the visibility level: shielded.
    assert "Journalen" not in names and "1177 Vårdguidens e-tjänster" not in names
    statements = {s["name"]: s["accessibility_statement_url"] for s in data["services"]}
    assert statements["1177 Vårdguiden"].startswith("https://www.example.org/")
    assert data["publisher"] == "Region Stockholm"
    page = client.get(reverse("catalogue:index"), {"q": "1177"}).content.decode()
    assert "1177 Vårdguiden" in page and "Inera" in page
    cache.clear()
