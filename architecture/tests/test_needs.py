"""Needs mapping (002 §9.1.7): the search page, recording a mapping, and R19-BEHOVSANALYS."""

import pytest

from core import registry
from core.tests.versions import if_match
from organisations.tests import factories as orgs
from security.models import Classification
from services.tests import factories as service_factories

from .. import actions_processes as actions
from ..models import MappedService, NeedsMapping
from .factories import needs_mapping
from .factories_processes import TODAY, supporting, tree

pytestmark = pytest.mark.django_db


def failing(service):
    return registry.RULES["R19-BEHOVSANALYS"].failing(TODAY).filter(pk=service.pk).exists()


def applies(service):
    return registry.RULES["R19-BEHOVSANALYS"].applicable(TODAY).filter(pk=service.pk).exists()


def new_service(phase="in_development", owner=None):
    return service_factories.service(phase=phase, owner=owner or orgs.organisation(), name="Ny tolktjänst")


# The rule ----------------------------------------------------------------------------------------------------

def test_a_service_being_built_without_a_mapping_breaks_the_rule_and_one_with_a_complete_mapping_keeps_it():
    _t, _m, leaf, _o = tree()
    existing = supporting(leaf)
    built = new_service()
    assert failing(built)
    mapping = needs_mapping(built, candidates=[(existing, "Täcker inte tolkning på distans")])
    mapping.processes.add(leaf)
    assert not failing(built)


def test_a_mapping_that_left_out_an_active_service_supporting_its_process_breaks_the_rule():
    _t, _m, leaf, other_leaf = tree()
    considered, left_out = supporting(leaf), supporting(leaf)
    supporting(other_leaf)  # another process: need not be considered
    built = new_service(phase="in_test")
    mapping = needs_mapping(built, candidates=[(considered, "Saknar stöd")])
    mapping.processes.add(leaf)
    assert failing(built)
    MappedService.objects.create(mapping=mapping, candidate=left_out, reason="För dyr")
    assert not failing(built)


def test_a_candidate_without_a_reason_breaks_the_rule():
    _t, _m, leaf, _o = tree()
    existing = supporting(leaf)
    built = new_service()
    mapping = needs_mapping(built, candidates=[(existing, "  ")])
    mapping.processes.add(leaf)
    assert failing(built)


def test_an_inactive_service_on_the_process_need_not_be_considered():
    _t, _m, leaf, _o = tree()
    supporting(leaf, phase="being_decommissioned")
    supporting(leaf, phase="planned")
    built = new_service()
    needs_mapping(built).processes.add(leaf)
    assert not failing(built)


@pytest.mark.parametrize("phase", ["planned", "in_production", "being_decommissioned"])
def test_planned_and_production_services_are_not_asked(phase):
    service = new_service(phase=phase)
    assert not applies(service) and not failing(service)


# The action --------------------------------------------------------------------------------------------------

def test_recording_refuses_a_non_leaf_a_missing_reason_and_the_service_itself_and_stores_nothing():
    _t, middle, leaf, _o = tree()
    existing = supporting(leaf)
    built = new_service()
    for kwargs, field in [({"processes": [middle], "candidates": []}, "processes"),
                          ({"processes": [leaf], "candidates": [(existing, "")]}, "candidates"),
                          ({"processes": [leaf], "candidates": [(built, "x")]}, "candidates")]:
        with pytest.raises(Exception) as error:
            actions.record_needs_mapping(service=built, need="Tolk", **kwargs)
        assert field in error.value.message_dict
    assert not NeedsMapping.objects.exists()


def test_recording_again_replaces_and_refuses_a_stale_version():
    _t, _m, leaf, _o = tree()
    a, b = supporting(leaf), supporting(leaf)
    built = new_service()
    first = actions.record_needs_mapping(service=built, need="Tolk", processes=[leaf], candidates=[(a, "Nej")])
    actions.record_needs_mapping(service=built, need="Tolk 2", processes=[leaf], candidates=[(b, "Nej")],
                                 row_version=first.row_version)
    mapping = NeedsMapping.objects.get(service=built)
    assert mapping.need == "Tolk 2" and [c.candidate for c in mapping.candidates.all()] == [b]
    with pytest.raises(Exception, match="ändrade"):
        actions.record_needs_mapping(service=built, need="Tolk 3", processes=[leaf], candidates=[],
                                     row_version=first.row_version)


# The pages ---------------------------------------------------------------------------------------------------

def test_the_needs_page_finds_services_by_process_and_by_words_with_owner_consumers_and_classification(client):
    _t, middle, leaf, _o = tree()
    ks = orgs.organisation("KS", name="Karolinska")
    found = supporting(leaf, consumers=[ks], name="Tolkportalen")
    Classification.objects.create(service=found, confidentiality=2, integrity=2, availability=1)
    by_text = service_factories.service(name="Annat", description="Bokning av tolk via telefon")
    client.force_login(orgs.user())
    page = client.get("/arkitektur/behov/", {"processes": middle.code}).content.decode()  # below a non-leaf too
    assert "Tolkportalen" in page and "Karolinska" in page and "K2R2T1" in page and "Annat" not in page
    page = client.get("/arkitektur/behov/", {"q": "tolk"}).content.decode()
    assert "Tolkportalen" in page and by_text.name in page
    assert "Ingen process har koden" in client.get("/arkitektur/behov/", {"processes": "9.9"}).content.decode()


def test_the_needs_page_hides_a_shielded_services_consumers_and_does_not_search_its_description(client):
    _t, _m, leaf, _o = tree()
    ks = orgs.organisation("KS", name="Karolinska")
    secret = supporting(leaf, consumers=[ks], name="Hemlig tjänst", description="Skyddad identitet")
    Classification.objects.create(service=secret, confidentiality=3, integrity=2, availability=2)
    client.force_login(orgs.user())
    page = client.get("/arkitektur/behov/", {"processes": leaf.code}).content.decode()
    assert "Hemlig tjänst" in page and "Karolinska" not in page and "K3R2T2" in page
    assert "Hemlig tjänst" not in client.get("/arkitektur/behov/", {"q": "identitet"}).content.decode()
    client.force_login(orgs.user(admin=True))
    assert "Karolinska" in client.get("/arkitektur/behov/", {"processes": leaf.code}).content.decode()


def test_the_owner_records_a_mapping_on_its_page_and_a_required_reason_is_asked_for(client):
    _t, _m, leaf, _o = tree()
    existing = supporting(leaf, name="Tolkportalen")
    owner = orgs.organisation()
    built = new_service(owner=owner)
    client.force_login(orgs.user(editor_of=owner))
    url = f"/arkitektur/behov/tjanst/{built.pk}/"
    page = client.get(url, {"processes": leaf.code, "q": "tolk"})
    assert page.status_code == 200 and "Tolkportalen" in page.content.decode()
    refused = client.post(url, {"save": "1", "need": "Tolk på distans", "processes": leaf.code})
    assert refused.status_code == 200 and "säg varför" in refused.content.decode().lower()
    assert not NeedsMapping.objects.exists()
    done = client.post(url, {"save": "1", "need": "Tolk på distans", "processes": leaf.code,
                             f"reason_{existing.pk}": "Saknar distanstolkning"})
    assert done.status_code == 302
    assert NeedsMapping.objects.get(service=built).candidates.get().reason == "Saknar distanstolkning"
    assert not failing(built)


def test_someone_else_may_not_record_the_mapping(client):
    built = new_service()
    client.force_login(orgs.user(editor_of=orgs.organisation()))
    assert client.get(f"/arkitektur/behov/tjanst/{built.pk}/").status_code == 403
    assert client.post(f"/arkitektur/behov/tjanst/{built.pk}/", {"save": "1", "need": "x"}).status_code == 403


# The API -----------------------------------------------------------------------------------------------------

def test_the_api_records_a_mapping_for_the_owner_and_refuses_bad_input(api):
    _t, middle, leaf, _o = tree()
    existing = supporting(leaf)
    owner = orgs.organisation()
    built = new_service(owner=owner)
    api.force_authenticate(orgs.user(editor_of=owner))
    body = {"service": built.pk, "need": "Tolk", "processes": [leaf.code],
            "candidates": [{"candidate": existing.pk, "reason": "Nej"}]}
    assert api.post("/api/needs-mappings/", {**body, "processes": [middle.code]}, format="json").status_code == 400
    assert api.post("/api/needs-mappings/", {**body, "candidates": [{"candidate": built.pk, "reason": "x"}]},
                    format="json").status_code == 400
    created = api.post("/api/needs-mappings/", body, format="json")
    assert created.status_code == 201, created.content
    url = f"/api/needs-mappings/{created.json()['id']}/"
    changed = api.patch(url, {"need": "Tolk på distans"}, format="json", **if_match(api, url))
    assert changed.status_code == 200 and changed.json()["candidates"] == body["candidates"]
    api.force_authenticate(orgs.user(editor_of=orgs.organisation()))
    assert api.patch(url, {"need": "x"}, format="json", **if_match(api, url)).status_code == 403
