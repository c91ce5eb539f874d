"""The impact analysis in the API and on the command line."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from lifecycle.models import Component
from organisations.tests import factories as orgs
from security.tests import factories_visibility as vis
from services.models import Consumer
from services.tests import factories as service_factories

from . import factories
from .factories_impact import chain

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    client = APIClient()
    client.force_authenticate(orgs.user())
    return client


def test_the_api_pages_the_services_that_stop(api):
    hub = service_factories.service(name="Navet")
    for n in range(60):
        factories.dependency(service=service_factories.service(name=f"Tjänst {n:02d}"), depends_on=hub)
    first = api.get(f"/api/impact/services/{hub.pk}/")
    body = first.json()
    assert first.status_code == 200 and body["count"] == 60 and body["total"] == 60 and len(body["results"]) == 50
    assert body["per_depth"] == [{"depth": 1, "services": 60}] and body["direction"] == "stops"
    second = api.get(body["next"]).json()
    assert len(second["results"]) == 10 and second["next"] is None
    assert api.get(f"/api/impact/services/{hub.pk}/", {"page": 9}).status_code == 404


def test_the_api_answers_needs_with_owner_boards_and_cycle(api):
    board = orgs.organisation(name="Nämnden")
    a, b, c = chain("A", "B", "C")
    factories.dependency(service=a, depends_on=c)
    Consumer.objects.create(service=a, organisation=board, volume=12)
    body = api.get(f"/api/impact/services/{c.pk}/", {"direction": "needs", "sort": "-depth"}).json()
    assert [(r["name"], r["depth"]) for r in body["results"]] == [("A", 2), ("B", 1)]
    assert body["results"][0]["boards"] == [{"organisation": "Nämnden", "volume": "12.00", "unit": "users"}]
    assert body["results"][0]["owner"] and sorted(body["cycle"]) == sorted([a.pk, b.pk])


def test_the_api_answers_for_a_component(api):
    database = Component.objects.create(name="Databasen", version="1")
    a, b = chain("A", "B")
    database.services.add(a)
    body = api.get(f"/api/impact/components/{database.pk}/").json()
    assert [(r["name"], r["depth"]) for r in body["results"]] == [("A", 1), ("B", 2)]


def test_the_api_refuses_bad_parameters_and_unknown_starts(api):
    hub, _dependent = chain("Navet", "Beroende")
    bad = api.get(f"/api/impact/services/{hub.pk}/", {"direction": "up", "depth": "x", "sort": "size"})
    assert bad.status_code == 400 and set(bad.json()) == {"direction", "depth", "sort"}
    assert api.get("/api/impact/services/999999/").status_code == 404
    assert api.get("/api/impact/components/999999/").status_code == 404
    assert APIClient().get(f"/api/impact/services/{hub.pk}/").status_code in (401, 403)


def test_the_api_counts_shielded_services_without_naming_them(api):
    owner = orgs.organisation()
    platform = service_factories.service(name="Plattformen")
    secret = service_factories.service(owner, name="Hemlig")
    vis.classified(secret, 3)
    factories.dependency(service=secret, depends_on=platform)
    body = api.get(f"/api/impact/services/{platform.pk}/").json()
    assert body["total"] == 1 and body["hidden"] == 1 and body["results"] == []
    assert api.get(f"/api/impact/services/{secret.pk}/").status_code == 403


def _run(*args):
    out = io.StringIO()
    call_command("impact", *args, stdout=out)
    return out.getvalue()


def test_the_command_prints_a_table_and_json():
    owner = orgs.organisation(name="Ägaren")
    a = service_factories.service(name="Plattformen", external_id="HSF-012")
    b = service_factories.service(owner, name="Journalen")
    c = service_factories.service(name="Portalen")
    factories.dependency(service=b, depends_on=a)
    factories.dependency(service=c, depends_on=b)
    table = _run("HSF-012")
    assert "Plattformen (HSF-012): 2 services" in table
    assert [line.split()[0] for line in table.splitlines()[2:]] == ["1", "2"]
    assert "Journalen" in table and "Ägaren" in table
    answer = json.loads(_run(str(a.pk), "--json"))
    assert [(s["name"], s["depth"]) for s in answer["services"]] == [("Journalen", 1), ("Portalen", 2)]
    assert answer["total"] == 2 and answer["per_depth"] == {"1": 1, "2": 1}
    needs = json.loads(_run("Portalen", "--json", "--needs"))
    assert [(s["name"], s["depth"]) for s in needs["services"]] == [("Journalen", 1), ("Plattformen", 2)]


def test_the_command_refuses_an_unknown_service():
    service_factories.service(name="Finns")
    with pytest.raises(CommandError, match="No service has the external id, id or name 'Finns inte'"):
        _run("Finns inte")
