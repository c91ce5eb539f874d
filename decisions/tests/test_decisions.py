"""Decisions as records: the format, who records and corrects them, what they decided, their files."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from costs.models import FundingModel
from decisions import actions as decision_actions
from decisions.models import Decision
from decisions.tests import factories as gov
from organisations.tests import factories as orgs
from services.tests import factories

pytestmark = pytest.mark.django_db
D = datetime.date
TOMORROW = datetime.date.today() + datetime.timedelta(days=1)


def test_registry_number_format_and_uniqueness_per_body():
    hsn, slso = orgs.organisation("HSN"), orgs.organisation("SLSO")
    gov.decision(body=hsn, registry_number="HSN 2021-0815")
    with pytest.raises(ValidationError) as error:
        gov.decision(body=hsn, registry_number="HSN 2021-0815")
    assert "__all__" in error.value.message_dict or "registry_number" in error.value.message_dict
    gov.decision(body=slso, registry_number="HSN 2021-0815")  # another body may use the number
    with pytest.raises(ValidationError) as error:
        gov.decision(body=hsn, registry_number="2021/815")
    assert "registry_number" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():  # the database holds the format too
        Decision.objects.create(body=hsn, decided_on=D(2024, 1, 1), registry_number="bad", title="x")


def test_a_decision_cannot_be_dated_in_the_future():
    with pytest.raises(ValidationError) as error:
        gov.decision(decided_on=TOMORROW)
    assert "decided_on" in error.value.message_dict


def test_decision_page_lists_everything_that_names_it(client):
    hsn = orgs.organisation("HSN")
    decision = gov.decision(body=hsn, registry_number="RS 2020-0242")
    svc = factories.service(owner=hsn, decision=decision, name="Ersmo")
    FundingModel.objects.create(service=svc, year=2026, method="common", funder=hsn, decision=decision)
    from governance import actions as governance

    local = factories.service(owner=hsn, kind="local", domain=orgs.domain(deciding_board=hsn), name="Lokal")
    exemption = governance.request_exemption(service=local, requesting_organisation=hsn, unique_need="n",
                                             why_not_common="w", requested_on=D(2020, 1, 1))
    governance.decide_exemption(exemption=exemption, approve=True, expires_on=D(2030, 1, 1),
                                decision=gov.decision(body=hsn, registry_number="HSN 2024-0002"))
    exemption.refresh_from_db()
    client.force_login(orgs.user())
    page = client.get(decision.get_absolute_url()).content.decode()
    assert "Ersmo" in page and "Ägarskap (1)" in page and "Finansieringsmodeller (1)" in page
    other = client.get(exemption.decision.get_absolute_url())
    assert other.status_code == 200 and f'href="/styrning/undantag/{exemption.pk}/"' in other.content.decode()
    lonely = gov.decision(body=hsn)
    assert "Inget i registret hänvisar" in client.get(lonely.get_absolute_url()).content.decode()


def test_secretariat_records_and_corrects_its_bodys_decisions_and_no_one_elses(client, api):
    rs, hsn = orgs.organisation("RSTY"), orgs.organisation("HSN")
    secretary = orgs.user(secretariat_of=rs)
    api.force_authenticate(orgs.user(editor_of=hsn))  # an editor records no decisions
    body = {"body": "RSTY", "decided_on": "2025-02-03", "registry_number": "RS 2025-0001", "title": "Beslut"}
    assert api.post("/api/decisions/", body, format="json").status_code == 403
    api.force_authenticate(secretary)
    assert api.post("/api/decisions/", {**body, "body": "HSN"}, format="json").status_code == 403
    created = api.post("/api/decisions/", body, format="json")
    assert created.status_code == 201, created.json()
    url = f"/api/decisions/{created.json()['id']}/"
    fixed = api.patch(url, {"registry_number": "RS 2025-0011"}, format="json", HTTP_IF_MATCH='"1"')
    assert fixed.status_code == 200 and fixed.json()["row_version"] == 2 and fixed["ETag"] == '"2"'
    stale = api.patch(url, {"title": "Annat"}, format="json", HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412 and Decision.objects.get().title == "Beslut"
    client.force_login(secretary)
    decision = Decision.objects.get()
    page = client.get(decision.get_absolute_url()).content.decode()
    assert f'href="/beslut/{decision.pk}/andra/"' in page
    response = client.post(f"/beslut/{decision.pk}/andra/", {
        "body": "RSTY", "decided_on": "2025-02-03", "registry_number": "RS 2025-0012", "title": "Beslut",
        "text": "", "row_version": 2})
    assert response.status_code == 302
    assert Decision.objects.get().registry_number == "RS 2025-0012"
    client.force_login(orgs.user())
    assert f'/beslut/{decision.pk}/andra/' not in client.get(decision.get_absolute_url()).content.decode()
    assert client.get(f"/beslut/{decision.pk}/andra/").status_code == 403


def test_record_a_decision_in_the_web_interface_and_bad_input_named(client):
    rs = orgs.organisation("RSTY")
    client.force_login(orgs.user(secretariat_of=rs))
    bad = client.post("/beslut/ny/", {"body": "RSTY", "decided_on": TOMORROW.isoformat(),
                                      "registry_number": "2025/1", "title": "Beslut"})
    assert bad.status_code == 200 and not Decision.objects.exists()
    assert "framtiden" in bad.content.decode() and "RS 2020-0242" in bad.content.decode()
    good = client.post("/beslut/ny/", {"body": "RSTY", "decided_on": "2025-02-03", "registry_number": "RS 2025-0002",
                                       "title": "Beslut"})
    assert good.status_code == 302 and Decision.objects.get().registry_number == "RS 2025-0002"


def test_the_deciding_body_is_typed_with_suggestions_and_a_wrong_one_named(client):
    rs = orgs.organisation("RSTY", name="Regionstyrelsen")
    orgs.organisation("HSN", name="Hälso- och sjukvårdsnämnden")
    client.force_login(orgs.user(secretariat_of=rs))
    form = client.get("/beslut/ny/").content.decode()
    assert 'hx-get="/forslag/organisation/"' in form and "<select" not in form.split('name="body"')[0][-200:]
    data = {"decided_on": "2025-02-03", "registry_number": "RS 2025-0003", "title": "Beslut"}
    unknown = client.post("/beslut/ny/", {**data, "body": "Regionfullmäktige"}).content.decode()
    assert "Inget som heter Regionfullmäktige finns i registret" in unknown
    # A body whose decisions the secretariat does not record is refused as not there to pick.
    other = client.post("/beslut/ny/", {**data, "body": "Hälso- och sjukvårdsnämnden (HSN)"}).content.decode()
    assert "Inget som heter Hälso- och sjukvårdsnämnden (HSN) finns i registret" in other
    assert not Decision.objects.exists()
    assert client.post("/beslut/ny/", {**data, "body": "Regionstyrelsen (RSTY)"}).status_code == 302
    assert Decision.objects.get().body == rs


def test_decision_attachment_is_downloaded_never_shown_and_for_signed_in_users_only(client, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    decision = gov.decision(body=orgs.organisation("HSN"))
    client.force_login(orgs.user(admin=True))
    client.post(decision.get_absolute_url(), {"file": SimpleUploadedFile("protokoll.pdf", b"%PDF-1.4 beslut"),
                                              "name": "Protokollsutdrag"})
    attachment = decision.attachments.get()
    assert attachment.name == "Protokollsutdrag"
    response = client.get(attachment.file.url)
    assert b"".join(response.streaming_content) == b"%PDF-1.4 beslut"
    assert response["Content-Disposition"] == "attachment" and response["X-Content-Type-Options"] == "nosniff"
    client.logout()
    assert client.get(attachment.file.url).status_code == 302  # to the sign-in page


def test_a_correction_form_over_someone_elses_newer_correction_is_refused(client):
    rs = orgs.organisation("RSTY")
    decision = gov.decision(body=rs, registry_number="RS 2025-0001")
    client.force_login(orgs.user(secretariat_of=rs))
    shown = client.get(f"/beslut/{decision.pk}/andra/")
    assert 'name="row_version" value="1"' in shown.content.decode()
    decision_actions.correct_decision(decision=Decision.objects.get(pk=decision.pk), title="Rättad av någon annan")
    response = client.post(f"/beslut/{decision.pk}/andra/", {
        "body": "RSTY", "decided_on": "2024-01-10", "registry_number": "RS 2025-0002", "title": "Beslut",
        "text": "", "row_version": 1})
    assert response.status_code == 200 and "Någon annan ändrade" in response.content.decode()
    stored = Decision.objects.get(pk=decision.pk)
    assert (stored.registry_number, stored.title, stored.row_version) == ("RS 2025-0001", "Rättad av någon annan", 2)


def test_decision_suggestions_are_one_query_and_a_shared_number_is_told_apart_by_pk(client, django_assert_max_num_queries):
    # Two bodies may give their decisions the same registry number: such a decision is written "#pk", the others
    # by their number; the suggestions find that out in their one query, not once per suggestion.
    shared = [gov.decision(body=orgs.organisation(), registry_number="RS 2026-0001") for _ in range(2)]
    own = [gov.decision(registry_number=f"RS 2026-{n:04d}") for n in range(2, 14)]
    client.force_login(orgs.user())
    client.get("/forslag/decision/", {"decision": "Beslut"})  # the session and user read once
    with django_assert_max_num_queries(4):
        page = client.get("/forslag/decision/", {"decision": "Beslut"}).content.decode()
    assert f"Beslut (#{shared[0].pk})" in page and f"Beslut (#{shared[1].pk})" in page
    assert "Beslut (RS 2026-0002)" in page and "(RS 2026-0001)" not in page and len(own) == 12
