"""The API of the ranking and the follow-up: reads, council-only writes, owners' outcomes, bad input never 500."""

import pytest

from core.tests.versions import if_match
from organisations.tests import factories as orgs

from ..models import BenefitOutcome, RankingDecision, RankingOverride
from .factories import benefit, initiative_cost
from .factories_ranking import assessed, council_year

pytestmark = pytest.mark.django_db


def test_the_ranking_reads_with_the_line_and_filters(api):
    year, _secretary = council_year(capacity=1000)
    hsn = orgs.organisation("HSNY")
    assessed(year, 90, 600, code="INI-A", proposer=hsn)
    assessed(year, 80, 600, code="INI-B")
    assert api.get("/api/ranking/").status_code in (401, 403)
    api.force_authenticate(orgs.user())
    body = api.get("/api/ranking/", {"year": 2026}).json()
    assert body["capacity"] == 1000 and body["line_after"] == 1 and body["count"] == 2
    assert [(r["initiative"], r["position"], r["above_line"]) for r in body["results"]] == [
        ("INI-A", 1, True), ("INI-B", 2, False)]
    assert api.get("/api/ranking/", {"proposer": "HSNY"}).json()["count"] == 1
    assert api.get("/api/ranking/", {"year": "20x6"}).status_code == 400
    assert api.get("/api/ranking/", {"year": "1999"}).status_code == 400
    assert api.get("/api/ranking/", {"proposer": "NOPE"}).status_code == 400
    assert api.get("/api/ranking/", {"line": "\x00"}).status_code == 400


def test_placements_and_decisions_are_the_councils(api):
    year, secretary = council_year(capacity=1000)
    a = assessed(year, 90, 600, code="INI-A")
    b = assessed(year, 80, 600, code="INI-B")
    api.force_authenticate(orgs.user(editor_of=a.owner))
    body = {"year": 2026, "initiative": "INI-B", "placement": "above", "reason": "Lagkrav"}
    assert api.post("/api/ranking-placements/", body, format="json").status_code == 403
    assert api.post("/api/ranking-decisions/", {"year": 2026, "decided_on": "2026-04-15"},
                    format="json").status_code == 403
    api.force_authenticate(secretary)
    assert api.post("/api/ranking-placements/", {**body, "reason": ""}, format="json").status_code == 400
    assert api.post("/api/ranking-placements/", {**body, "placement": "x"}, format="json").status_code == 400
    assert api.post("/api/ranking-placements/", {**body, "year": "abc"}, format="json").status_code == 400
    assert api.post("/api/ranking-placements/", {**body, "initiative": "NOPE"}, format="json").status_code == 400
    created = api.post("/api/ranking-placements/", body, format="json")
    assert created.status_code == 201, created.content
    assert api.post("/api/ranking-placements/", body, format="json").status_code == 400
    url = f"/api/ranking-placements/{created.json()['id']}/"
    assert api.patch(url, {"reason": "Ändrat"}, format="json").status_code == 428
    changed = api.patch(url, {"reason": "Ändrat"}, format="json", **if_match(api, url))
    assert changed.status_code == 200 and RankingOverride.objects.get().reason == "Ändrat"
    assert api.patch(url, {"initiative": "INI-A"}, format="json", **if_match(api, url)).status_code == 400
    decided = api.post("/api/ranking-decisions/", {"year": 2026, "decided_on": "2026-04-15"}, format="json")
    assert decided.status_code == 201, decided.content
    assert [e["initiative"] for e in decided.json()["entries"]] == ["INI-B", "INI-A"]
    assert api.post("/api/ranking-decisions/", {"year": 2026, "decided_on": "2999-01-01"},
                    format="json").status_code == 400
    assert RankingDecision.objects.count() == 1
    assert api.delete(url, **if_match(api, url)).status_code == 204
    assert b and not RankingOverride.objects.exists()


def test_outcomes_and_actual_costs_are_the_owners(api):
    owner = orgs.organisation()
    init = assessed(council_year()[0], 50, 100, proposer=owner)
    ben = benefit(init)
    api.force_authenticate(orgs.user())
    body = {"benefit": ben.pk, "year": 2025, "value": "35.5", "measured_on": "2025-12-31"}
    assert api.post("/api/benefit-outcomes/", body, format="json").status_code == 403
    api.force_authenticate(orgs.user(editor_of=owner))
    assert api.post("/api/benefit-outcomes/", {**body, "measured_on": "2999-01-01"},
                    format="json").status_code == 400
    assert api.post("/api/benefit-outcomes/", {**body, "benefit": 999999}, format="json").status_code == 400
    assert api.post("/api/benefit-outcomes/", {**body, "note": "\x00"}, format="json").status_code == 400
    created = api.post("/api/benefit-outcomes/", body, format="json")
    assert created.status_code == 201, created.content
    assert api.post("/api/benefit-outcomes/", body, format="json").status_code == 400
    url = f"/api/benefit-outcomes/{created.json()['id']}/"
    assert api.patch(url, {"value": "40"}, format="json", **if_match(api, url)).status_code == 200
    assert BenefitOutcome.objects.get().value == 40
    cost = initiative_cost(init, year=2025)
    cost_url = f"/api/initiative-actual-costs/{cost.pk}/"
    assert api.patch(cost_url, {"actual_investment": -1}, format="json", **if_match(api, cost_url)).status_code == 400
    changed = api.patch(cost_url, {"actual_investment": 123}, format="json", **if_match(api, cost_url))
    assert changed.status_code == 200 and changed.json()["estimated_investment"] == 100_000_00
    new = api.post("/api/initiative-actual-costs/", {"initiative": init.code, "year": 2024, "actual_running": 5},
                   format="json")
    assert new.status_code == 201 and new.json()["estimated_running"] == 0


def test_digits_that_are_not_ascii_are_bad_input_not_a_crash(api, client):
    """"²".isdigit() is true but int("²") fails: every year parameter answers 400 or falls back, never 500."""
    council_year(capacity=1000)
    api.force_authenticate(orgs.user())
    assert api.get("/api/ranking/", {"year": "²²²²"}).status_code == 400
    client.force_login(orgs.user())
    assert client.get("/portfolj/uppfoljning/", {"year": "²"}).status_code == 200


def test_a_placement_changed_since_it_was_read_is_refused(api):
    year, secretary = council_year(capacity=1000)
    made = assessed(year, 90, 600, code="INI-A")
    api.force_authenticate(secretary)
    created = api.post("/api/ranking-placements/", {"year": 2026, "initiative": "INI-A", "placement": "below",
                                                    "reason": "Avvaktar upphandling"}, format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    read = api.get(f"/api/ranking-placements/{pk}/")
    RankingOverride.objects.filter(pk=pk).update(row_version=read.json()["row_version"] + 1)  # someone else
    stale = api.patch(f"/api/ranking-placements/{pk}/", {"reason": "Ny motivering"}, format="json",
                      HTTP_IF_MATCH=read["ETag"])
    assert stale.status_code == 412, stale.content
    assert RankingOverride.objects.get(pk=pk).reason == "Avvaktar upphandling" and made
