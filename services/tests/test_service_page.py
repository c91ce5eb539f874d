"""The service page in sections, the consumer's volume in place, confirmations and the list's checkboxes
(issue 13)."""

import re

import pytest

from organisations.tests import factories as orgs
from security.tests import factories_visibility as vis
from services import sections
from services.models import Consumer, RoleAssignment
from services.tests import factories

pytestmark = pytest.mark.django_db

MARKERS = {"ownership": "Ägarskap", "consumers": "Användningsvolym", "history": "Historik",
           "security": "Informationssäkerhet", "costs": "Kostnader", "architecture": "Komponenter"}


@pytest.fixture
def hsn():
    return orgs.organisation("HSN")


def _body(html, key):
    """The content of section `key` as the service page rendered it."""
    match = re.search(rf'<details class="section" id="s-{key}"[^>]*>.*?<div class="section-body">(.*?)</div>\n'
                      r'</details>', html, re.S)
    return match.group(1)


def test_the_page_renders_the_facts_and_closed_sections_only(client, hsn):
    service = factories.service(owner=hsn, supplier="Leverantör AB")
    Consumer.objects.create(service=service, organisation=orgs.organisation("SLSO"), volume=7)
    client.force_login(orgs.user())
    page = client.get(service.get_absolute_url()).content.decode()
    assert "Leverantör AB" in page
    for section in sections.SECTIONS:
        assert f'id="s-{section.key}" hx-get="/tjanster/{service.pk}/avsnitt/{section.key}/"' in page
        assert f'href="/tjanster/{service.pk}/avsnitt/{section.key}/"' in page  # the fallback without script
    assert "Användningsvolym" not in page  # the consumers' table is not rendered until asked
    opened = client.get(service.get_absolute_url(), {"open": "consumers"}).content.decode()
    assert 'id="s-consumers" open' in opened and "Användningsvolym" in _body(opened, "consumers")


@pytest.mark.parametrize("key", [s.key for s in sections.SECTIONS])
def test_each_section_answers_with_its_panels(client, hsn, key):
    service = factories.service(owner=hsn)
    client.force_login(orgs.user(admin=True))
    fragment = client.get(f"/tjanster/{service.pk}/avsnitt/{key}/", headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and "<html" not in fragment.content.decode()
    page = client.get(f"/tjanster/{service.pk}/avsnitt/{key}/")
    assert page.status_code == 200 and "<html" in page.content.decode()
    everything = client.get(service.get_absolute_url(), {"sections": "all"}).content.decode()
    assert _strip(fragment.content.decode()) == _strip(_body(everything, key))


def _strip(html):
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    return re.sub(r"\s+", " ", html).strip()


def test_panels_go_into_the_section_their_app_names(client, hsn):
    service = factories.service(owner=hsn)
    client.force_login(orgs.user(admin=True))
    costs = client.get(f"/tjanster/{service.pk}/avsnitt/costs/").content.decode()
    governance = client.get(f"/tjanster/{service.pk}/avsnitt/governance/").content.decode()
    architecture = client.get(f"/tjanster/{service.pk}/avsnitt/architecture/").content.decode()
    assert 'id="lifecycle"' in architecture and 'id="lifecycle"' not in governance + costs
    # A panel's headings sit under the section's own <h2> (heading order, WCAG 1.3.1).
    fragment = client.get(f"/tjanster/{service.pk}/avsnitt/governance/", headers={"HX-Request": "true"}).content
    assert fragment.decode().count("<h3") >= 1 and "<h2" not in fragment.decode()


def test_an_unknown_section_or_service_is_not_found(client, hsn):
    service = factories.service(owner=hsn)
    client.force_login(orgs.user())
    assert client.get(f"/tjanster/{service.pk}/avsnitt/nosuch/").status_code == 404
    assert client.get("/tjanster/999999/avsnitt/costs/").status_code == 404


def test_a_section_shows_a_reader_what_the_page_would_have_shown_them():
    w = vis.world()
    from django.test import Client

    for user in (w.reader, w.other_editor, w.owner_editor, w.officer):
        client = Client()
        client.force_login(user)
        everything = client.get(w.secret.get_absolute_url(), {"sections": "all"}).content.decode()
        for key in ("security", "architecture", "governance"):
            alone = client.get(f"/tjanster/{w.secret.pk}/avsnitt/{key}/", headers={"HX-Request": "true"})
            assert _strip(alone.content.decode()) == _strip(_body(everything, key)), (user, key)
        shown = client.get(f"/tjanster/{w.secret.pk}/avsnitt/security/").content.decode()
        assert ("Patientjournal HEMLIG" in shown) == (user in (w.owner_editor, w.officer))


# The consumer's volume, in place.

def _consumer(hsn, volume=10):
    service = factories.service(owner=hsn)
    return Consumer.objects.create(service=service, organisation=orgs.organisation("SLSO"), volume=volume)


def test_an_editor_changes_a_volume_in_place(client, hsn):
    consumer = _consumer(hsn)
    client.force_login(orgs.user(editor_of=hsn))
    url = f"/tjanster/{consumer.service_id}/konsumenter/{consumer.pk}/volym/"
    form = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert form.startswith('<tr id="consumer-') and 'name="row_version" value="1"' in form
    row = client.post(url, {"volume": "1250.5", "row_version": "1"}, headers={"HX-Request": "true"})
    text = row.content.decode()
    assert row.status_code == 200 and "1\xa0250,5" in text and "Volymen för Nämnd SLSO ändrades." in text
    consumer.refresh_from_db()
    assert consumer.volume == 1250.5 and consumer.row_version == 2
    assert consumer.history.count() == 2
    # Without script: a page of its own, then back to the service page with the section open.
    assert "<html" in client.get(url).content.decode()
    back = client.post(url, {"volume": "3", "row_version": "2"})
    assert back.status_code == 302 and back["Location"].endswith("?open=consumers#s-consumers")


def test_a_volume_changed_meanwhile_is_refused_and_shows_theirs(client, hsn):
    consumer = _consumer(hsn)
    client.force_login(orgs.user(editor_of=hsn))
    url = f"/tjanster/{consumer.service_id}/konsumenter/{consumer.pk}/volym/"
    theirs = Consumer.objects.get(pk=consumer.pk)
    theirs.volume = 99
    theirs.save()
    row = client.post(url, {"volume": "5", "row_version": "1"}, headers={"HX-Request": "true"}).content.decode()
    assert "Någon annan ändrade" in row and 'value="99' in row and 'name="row_version" value="2"' in row
    assert Consumer.objects.get(pk=consumer.pk).volume == 99


@pytest.mark.parametrize("volume", ["-1", "abc", "١٢", "1e400", "123456789012345678", "", "NaN"])
def test_a_bad_volume_is_a_message_not_a_500(client, hsn, volume):
    consumer = _consumer(hsn)
    client.force_login(orgs.user(editor_of=hsn))
    url = f"/tjanster/{consumer.service_id}/konsumenter/{consumer.pk}/volym/"
    row = client.post(url, {"volume": volume, "row_version": "1"}, headers={"HX-Request": "true"})
    assert row.status_code == 200 and 'class="errorlist"' in row.content.decode()
    assert Consumer.objects.get(pk=consumer.pk).volume == 10
    bad_version = client.post(url, {"volume": "5", "row_version": "x"}, headers={"HX-Request": "true"})
    assert bad_version.status_code == 200 and Consumer.objects.get(pk=consumer.pk).volume == 10


def test_only_the_owners_editors_change_a_volume(client, hsn):
    consumer = _consumer(hsn)
    url = f"/tjanster/{consumer.service_id}/konsumenter/{consumer.pk}/volym/"
    client.force_login(orgs.user(editor_of=orgs.organisation("ANNAN")))
    assert client.post(url, {"volume": "5", "row_version": "1"}).status_code == 403
    assert client.get(url).status_code == 403
    page = client.get(f"/tjanster/{consumer.service_id}/avsnitt/consumers/").content.decode()
    assert "/volym/" not in page and "ta-bort" not in page
    assert Consumer.objects.get(pk=consumer.pk).volume == 10


# Every removal asks first.

def test_removing_a_consumer_asks_first_and_says_what_goes(client, hsn):
    consumer = _consumer(hsn)
    client.force_login(orgs.user(editor_of=hsn))
    url = f"/tjanster/{consumer.service_id}/konsumenter/{consumer.pk}/ta-bort/?row_version=1"
    asked = client.get(url).content.decode()
    assert "Ta bort Nämnd SLSO som användare av" in asked and "<form method=\"post\">" in asked
    assert Consumer.objects.filter(pk=consumer.pk).exists()
    done = client.post(url, follow=True)  # the confirmation posts back to its own address, version included
    assert not Consumer.objects.filter(pk=consumer.pk).exists()
    assert done.redirect_chain[-1][0].endswith("?open=consumers#s-consumers")


def test_removing_a_role_asks_first_and_refuses_a_stale_one(client, hsn):
    service = factories.service(owner=hsn)
    role = RoleAssignment.objects.create(service=service, role="service_owner", person_name="Eva Ek")
    client.force_login(orgs.user(editor_of=hsn))
    url = f"/tjanster/{service.pk}/roller/{role.pk}/ta-bort/?row_version=1"
    assert "Ta bort Eva Ek som" in client.get(url).content.decode()
    RoleAssignment.objects.get(pk=role.pk).save()  # changed meanwhile
    refused = client.post(url, follow=True).content.decode()
    assert "Någon annan ändrade" in refused and RoleAssignment.objects.filter(pk=role.pk).exists()
    client.post(f"/tjanster/{service.pk}/roller/{role.pk}/ta-bort/?row_version=2")
    assert not RoleAssignment.objects.filter(pk=role.pk).exists()


def test_deleting_a_service_asks_first_and_says_what_goes_with_it(client, hsn):
    service = factories.service(owner=hsn)
    Consumer.objects.create(service=service, organisation=orgs.organisation("SLSO"), volume=1)
    client.force_login(orgs.user(admin=True))
    asked = client.get(f"/tjanster/{service.pk}/ta-bort/").content.decode()
    assert "1 användande organisationer" in asked or "användande organisation" in asked
    assert service.__class__.objects.filter(pk=service.pk).exists()


# The list's filters.

def test_phase_and_kind_are_checkboxes_with_the_same_parameters(client, hsn):
    factories.service(owner=hsn, name="Alfa", phase="in_production")
    factories.service(owner=hsn, name="Beta", phase="in_test")
    client.force_login(orgs.user())
    page = client.get("/tjanster/", {"phase": ["in_test", "in_production"]})
    text = page.content.decode()
    assert 'type="checkbox" name="phase" value="in_test"' in text and "<select name=\"phase\"" not in text
    assert 'type="checkbox" name="kind" value="common"' in text
    assert {s.name for s in page.context["page"].object_list} == {"Alfa", "Beta"}
    only = client.get("/tjanster/", {"phase": "in_test"}).context["page"].object_list
    assert [s.name for s in only] == ["Beta"]


def _queries_of_first_view(client, service):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(service.get_absolute_url()).status_code == 200
    return len(queries)


def test_the_first_view_does_not_compute_the_closed_sections(client, hsn):
    """At 100,000 services a service's consumers and history may be long: the page as first shown costs the same
    whatever their length, because its closed sections are not rendered."""
    client.force_login(orgs.user(admin=True))
    counts = []
    for n in (3, 30):
        service = factories.service(owner=hsn)
        for i in range(n):
            consumer = Consumer.objects.create(service=service, organisation=orgs.organisation(f"K{n}-{i}"), volume=i)
            consumer.volume = i + 1
            consumer.save()  # one more history record each
        RoleAssignment.objects.bulk_create(RoleAssignment(service=service, role="service_owner",
                                                          person_name=f"P {i}") for i in range(n))
        _queries_of_first_view(client, service)  # warm what is cached once per process (translations, rules)
        counts.append(_queries_of_first_view(client, service))
    assert counts[0] == counts[1], counts
    opened = client.get(service.get_absolute_url(), {"open": "consumers"}).content.decode()
    assert "Nämnd K30-29" in opened  # the section itself still shows all of them when asked


def test_the_owner_filter_is_typed_with_suggestions_and_takes_the_code_as_before(client, hsn):
    factories.service(owner=hsn, name="Alfa")
    factories.service(owner=orgs.organisation("SLSO"), name="Beta")
    client.force_login(orgs.user())
    page = client.get("/tjanster/").content.decode()
    assert '<select name="owner"' not in page and 'hx-get="/forslag/organisation/"' in page
    for typed in ("HSN", f"{hsn.name} (HSN)"):
        assert [s.name for s in client.get("/tjanster/", {"owner": typed}).context["page"].object_list] == ["Alfa"]
    unknown = client.get("/tjanster/", {"owner": "Ingen sådan"})
    assert unknown.status_code == 200 and "Inget som heter Ingen sådan finns i registret" in unknown.content.decode()


@pytest.mark.parametrize("volume, message", [(None, "Ange användningsvolymen."),
                                             (-1, "Användningsvolymen kan inte vara negativ.")])
def test_the_action_names_a_missing_volume_and_a_negative_one_apart(hsn, volume, message):
    from django.core.exceptions import ValidationError

    from services import actions

    consumer = _consumer(hsn)
    with pytest.raises(ValidationError) as refused:
        actions.change_consumer_volume(consumer=consumer, volume=volume, expected_version=1)
    assert refused.value.message_dict == {"volume": [message]}
    assert Consumer.objects.get(pk=consumer.pk).volume == 10
