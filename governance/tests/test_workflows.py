"""Transfers and exemptions: every hole issue 7 found, reproduced with the request that used to succeed."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from decisions.tests import factories as gov
from governance import actions
from governance.models import OwnershipTransfer
from organisations.tests import factories as orgs
from services.models import Ownership
from services.queries import owner_on, services_with_owner
from services.tests import factories

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = datetime.date.today()


@pytest.fixture
def boards():
    return {"hsn": orgs.organisation("HSN"), "slso": orgs.organisation("SLSO"), "rsty": orgs.organisation("RSTY")}


@pytest.fixture
def svc(boards):
    """A service HSN owns in a domain whose transfers Regionstyrelsen decides."""
    return factories.service(owner=boards["hsn"], owner_from=D(2019, 1, 1),
                             domain=orgs.domain(deciding_board=boards["rsty"]))


def analysed(svc, to, requested_on=None, requested_date=None):
    transfer = actions.request_transfer(service=svc, to=to, reason="Närmare vården",
                                        requested_date=requested_date or D(2022, 1, 1),
                                        requested_on=requested_on or D(2021, 9, 1))
    return actions.attach_risk_analysis(transfer=transfer, text="Risker och konsekvenser")


def test_transfer_cannot_be_decided_without_risk_analysis(boards, svc):
    transfer = actions.request_transfer(service=svc, to=boards["slso"], reason="Närmare vården",
                                        requested_date=D(2022, 1, 1), requested_on=D(2021, 9, 1))
    decision = gov.decision(body=boards["rsty"], decided_on=D(2021, 10, 1))
    with pytest.raises(ValidationError, match="risk"):
        actions.decide_transfer(transfer=transfer, approve=True, decision=decision, effective_date=D(2022, 1, 1))
    assert owner_on(svc, D(2023, 1, 1)).code == "HSN"
    with pytest.raises(IntegrityError), transaction.atomic():  # nor by writing the row directly
        OwnershipTransfer.objects.filter(pk=transfer.pk).update(status="approved", decision=decision,
                                                                effective_date=D(2022, 1, 1))


def test_approved_transfer_moves_ownership_on_the_decided_date_and_links_the_decision(boards, svc):
    transfer = analysed(svc, boards["slso"])
    decision = gov.decision(body=boards["rsty"], registry_number="RS 2021-0815", decided_on=D(2021, 11, 23))
    actions.decide_transfer(transfer=transfer, approve=True, decision=decision, effective_date=D(2022, 3, 1))
    assert owner_on(svc, D(2022, 2, 28)).code == "HSN" and owner_on(svc, D(2022, 3, 1)).code == "SLSO"
    new = Ownership.objects.get(service=svc, valid_to__isnull=True)
    assert new.decision == decision and new.basis == "transfer"
    assert list(decision.ownerships.all()) == [new] and list(decision.transfers.all()) == [transfer]
    with pytest.raises(ValidationError, match="decided already|redan beslutad"):
        actions.decide_transfer(transfer=transfer, approve=False, decision=decision)


def test_a_decision_of_another_body_is_refused_naming_the_entitled_one(boards, svc):
    transfer = analysed(svc, boards["slso"])
    with pytest.raises(ValidationError) as error:
        actions.decide_transfer(transfer=transfer, approve=True, effective_date=D(2022, 1, 1),
                                decision=gov.decision(body=boards["hsn"], decided_on=D(2021, 10, 1)))
    assert "Nämnd RSTY" in str(error.value) and "Nämnd HSN" in str(error.value)
    assert owner_on(svc, D(2023, 1, 1)).code == "HSN"


def test_a_decision_taken_before_the_request_is_refused(boards, svc):
    """The hole: an earlier, unrelated decision of the right body (it decided E-remiss) was cited."""
    earlier = gov.decision(body=boards["rsty"], registry_number="RS 2021-0815", decided_on=D(2021, 11, 23))
    transfer = analysed(svc, boards["slso"], requested_on=D(2025, 3, 1), requested_date=D(2025, 6, 1))
    with pytest.raises(ValidationError, match="before this transfer was requested|innan överlåtelsen begärdes"):
        actions.decide_transfer(transfer=transfer, approve=True, decision=earlier, effective_date=D(2025, 6, 1))
    transfer.refresh_from_db()
    assert transfer.status == "analysed" and transfer.decision is None


def test_the_domain_may_name_another_body_to_decide_its_transfers(boards, svc):
    svc.domain.transfers_decided_by = boards["slso"]
    svc.domain.save()
    transfer = analysed(svc, boards["slso"])
    with pytest.raises(ValidationError):
        actions.decide_transfer(transfer=transfer, approve=True, effective_date=D(2022, 1, 1),
                                decision=gov.decision(body=boards["rsty"], decided_on=D(2021, 10, 1)))
    actions.decide_transfer(transfer=transfer, approve=True, effective_date=D(2022, 1, 1),
                            decision=gov.decision(body=boards["slso"], decided_on=D(2021, 10, 1)))
    assert owner_on(svc, D(2022, 1, 1)).code == "SLSO"


def test_a_transfer_decided_for_a_future_date_leaves_the_owner_until_that_day(client, boards, svc):
    later = TODAY + datetime.timedelta(days=40)
    transfer = analysed(svc, boards["slso"], requested_on=TODAY, requested_date=later)
    actions.decide_transfer(transfer=transfer, approve=True, effective_date=later,
                            decision=gov.decision(body=boards["rsty"], decided_on=TODAY))
    assert owner_on(svc, TODAY).code == "HSN" and owner_on(svc, later).code == "SLSO"
    assert services_with_owner().get(pk=svc.pk).owner_code == "HSN"
    assert services_with_owner(on=later).get(pk=svc.pk).owner_code == "SLSO"
    hsn_editor = orgs.user(editor_of=boards["hsn"])
    client.force_login(hsn_editor)
    page = client.get(svc.get_absolute_url()).content.decode()
    assert f"övergår till Nämnd SLSO den {later.isoformat()}" in page
    assert f'href="/tjanster/{svc.pk}/andra/"' in page  # HSN keeps its edit button until the day
    assert client.get("/tjanster/?owner=HSN").content.decode().count(svc.name) == 1
    with pytest.raises(ValidationError, match="already passes|övergår redan"):
        actions.request_transfer(service=svc, to=boards["rsty"], reason="r", requested_date=later)
    slso_page = client.get(boards["slso"].get_absolute_url()).content.decode()
    assert "Tjänster som organisationen tar över" in slso_page and svc.name in slso_page
    hsn_page = client.get(boards["hsn"].get_absolute_url()).content.decode()
    assert f"övergår {later.isoformat()}" in hsn_page  # still HSN's today, with the day it passes


def test_rejected_transfer_leaves_the_owner(boards, svc):
    transfer = analysed(svc, boards["slso"])
    actions.decide_transfer(transfer=transfer, approve=False,
                            decision=gov.decision(body=boards["rsty"], decided_on=D(2021, 10, 1)))
    assert owner_on(svc, TODAY).code == "HSN"


def test_api_transfer_journey_and_who_may_decide(api, boards, svc):
    editor = orgs.user(editor_of=boards["hsn"])
    api.force_authenticate(editor)
    created = api.post("/api/transfers/", {"service": svc.pk, "to_organisation": "SLSO", "reason": "r",
                                           "requested_date": TODAY.isoformat()}, format="json")
    assert created.status_code == 201, created.json()
    url = f"/api/transfers/{created.json()['id']}"
    decision = gov.decision(body=boards["rsty"], decided_on=TODAY)
    body = {"approve": True, "decision": decision.pk, "effective_date": TODAY.isoformat()}
    # The requesting board's editor may not decide its own transfer.
    refused = api.post(f"{url}/decide/", body, format="json")
    assert refused.status_code == 403 and "sekretariatet för Nämnd RSTY" in refused.json()["detail"]
    secretary = orgs.user(secretariat_of=boards["rsty"])
    api.force_authenticate(secretary)
    no_analysis = api.post(f"{url}/decide/", body, format="json")
    assert no_analysis.status_code == 400 and "risk" in json.dumps(no_analysis.json(), ensure_ascii=False).lower()
    api.force_authenticate(editor)
    analysed_ = api.post(f"{url}/risk-analysis/", {"text": "Analys"}, format="json")
    assert analysed_.json()["status"] == "analysed"
    api.force_authenticate(secretary)
    decided = api.post(f"{url}/decide/", body, format="json")
    assert decided.status_code == 200 and decided.json()["status"] == "approved"
    assert owner_on(svc, TODAY).code == "SLSO"


def test_decide_form_is_shown_only_to_who_may_decide_and_a_refusal_is_a_swedish_page(client, boards, svc):
    transfer = analysed(svc, boards["slso"], requested_on=TODAY, requested_date=TODAY)
    client.force_login(orgs.user())  # a reader
    page = client.get(f"/styrning/overlatelser/{transfer.pk}/").content.decode()
    assert "Registrera beslutet" not in page and "Bifoga analys" not in page
    decision = gov.decision(body=boards["rsty"], decided_on=TODAY)
    refused = client.post(f"/styrning/overlatelser/{transfer.pk}/",
                          {"approve": "yes", "decision": decision.pk, "effective_date": TODAY.isoformat()})
    text = refused.content.decode()
    assert refused.status_code == 403 and "Du får inte göra detta" in text and "sekretariat" in text
    assert 'href="/tjanster/"' in text  # the site's menu, not a bare page
    client.force_login(orgs.user(secretariat_of=boards["rsty"]))
    page = client.get(f"/styrning/overlatelser/{transfer.pk}/").content.decode()
    assert "Registrera beslutet" in page and decision.registry_number in page
    transfer.refresh_from_db()
    assert transfer.status == "analysed"


def test_ui_refuses_to_decide_a_transfer_without_analysis(client, boards, svc):
    transfer = actions.request_transfer(service=svc, to=boards["slso"], reason="r", requested_date=TODAY)
    client.force_login(orgs.user(admin=True))
    decision = gov.decision(body=boards["rsty"], decided_on=TODAY)
    response = client.post(f"/styrning/overlatelser/{transfer.pk}/",
                           {"approve": "yes", "decision": decision.pk, "effective_date": TODAY.isoformat()})
    assert "risk- och konsekvensanalys" in response.content.decode()
    transfer.refresh_from_db()
    assert transfer.status == "requested"


def test_exemption_is_decided_by_the_domains_board_only(boards):
    domain = orgs.domain(deciding_board=boards["rsty"])
    local = factories.service(kind="local", owner=boards["hsn"], domain=domain)
    with pytest.raises(ValidationError) as error:  # filed in another board's name
        actions.request_exemption(service=local, requesting_organisation=boards["slso"], unique_need="n",
                                  why_not_common="w")
    assert "requesting_organisation" in error.value.message_dict
    exemption = actions.request_exemption(service=local, requesting_organisation=boards["hsn"], unique_need="n",
                                          why_not_common="w")
    assert exemption.deciding_board == boards["rsty"]
    next_year = TODAY + datetime.timedelta(days=365)
    with pytest.raises(ValidationError) as error:
        actions.decide_exemption(exemption=exemption, approve=True, expires_on=next_year,
                                 decision=gov.decision(body=boards["hsn"], decided_on=TODAY))
    assert "decision" in error.value.message_dict
    with pytest.raises(ValidationError, match="before the exemption was requested|innan undantaget begärdes"):
        actions.decide_exemption(exemption=exemption, approve=True, expires_on=next_year,
                                 decision=gov.decision(body=boards["rsty"], decided_on=TODAY - datetime.timedelta(1)))
    with pytest.raises(ValidationError, match="expiry|slutdatum"):
        actions.decide_exemption(exemption=exemption, approve=True,
                                 decision=gov.decision(body=boards["rsty"], decided_on=TODAY))
    actions.decide_exemption(exemption=exemption, approve=True, expires_on=next_year,
                             decision=gov.decision(body=boards["rsty"], decided_on=TODAY))
    with pytest.raises(ValidationError):
        actions.request_exemption(service=factories.service(kind="common", owner=boards["hsn"]),
                                  requesting_organisation=boards["hsn"], unique_need="n", why_not_common="w")


def test_a_decision_already_cited_for_something_else_is_refused(boards, svc):
    other = factories.service(owner=boards["hsn"], domain=svc.domain)
    first, second = analysed(svc, boards["slso"]), analysed(other, boards["slso"])
    decision = gov.decision(body=boards["rsty"], decided_on=D(2021, 10, 1))
    actions.decide_transfer(transfer=first, approve=True, decision=decision, effective_date=D(2022, 1, 1))
    with pytest.raises(ValidationError, match="already decided something else|redan beslutat om något annat"):
        actions.decide_transfer(transfer=second, approve=True, decision=decision, effective_date=D(2022, 1, 1))
    assert owner_on(other, D(2023, 1, 1)).code == "HSN"


def test_the_deciding_body_is_fixed_when_the_transfer_is_requested(boards, svc):
    transfer = analysed(svc, boards["slso"])
    svc.domain = orgs.domain(deciding_board=boards["hsn"])  # the owner's editor moves the service afterwards
    svc.save()
    with pytest.raises(ValidationError, match="Nämnd RSTY"):
        actions.decide_transfer(transfer=transfer, approve=True, effective_date=D(2022, 1, 1),
                                decision=gov.decision(body=boards["hsn"], decided_on=D(2021, 10, 1)))


def test_exemption_api(api, boards):
    local = factories.service(kind="local", owner=boards["hsn"], domain=orgs.domain(deciding_board=boards["rsty"]))
    api.force_authenticate(orgs.user(editor_of=boards["hsn"]))
    created = api.post("/api/exemptions/", {"service": local.pk, "requesting_organisation": "HSN",
                                            "unique_need": "n", "why_not_common": "w"}, format="json")
    assert created.status_code == 201 and created.json()["deciding_board"] == "RSTY"
    decision = gov.decision(body=boards["rsty"], decided_on=TODAY)
    body = {"approve": True, "decision": decision.pk, "expires_on": (TODAY + datetime.timedelta(365)).isoformat()}
    refused = api.post(f"/api/exemptions/{created.json()['id']}/decide/", body, format="json")
    assert refused.status_code == 403  # an HSN editor does not decide for RSTY
    api.force_authenticate(orgs.user(secretariat_of=boards["rsty"]))
    decided = api.post(f"/api/exemptions/{created.json()['id']}/decide/", body, format="json")
    assert decided.status_code == 200 and decided.json()["valid"] is True


def test_one_transfer_under_way_per_service_held_by_the_database(boards, svc):
    first = actions.request_transfer(service=svc, to=boards["slso"], reason="r", requested_date=D(2025, 1, 1),
                                     requested_on=D(2024, 12, 1))
    with pytest.raises(ValidationError, match="redan|already"):
        actions.request_transfer(service=svc, to=boards["rsty"], reason="r", requested_date=D(2025, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        OwnershipTransfer.objects.create(service=svc, from_organisation=boards["hsn"], to_organisation=boards["rsty"],
                                         reason="r", requested_date=D(2025, 1, 1))
    actions.attach_risk_analysis(transfer=first, text="Analys")
    actions.decide_transfer(transfer=first, approve=False,
                            decision=gov.decision(body=boards["rsty"], decided_on=D(2024, 12, 15)))
    actions.request_transfer(service=svc, to=boards["rsty"], reason="r", requested_date=D(2026, 1, 1))  # now allowed


def test_a_decision_over_an_analysis_changed_since_the_page_was_read_is_refused(client, boards, svc):
    transfer = analysed(svc, boards["slso"], requested_on=TODAY, requested_date=TODAY)
    decision = gov.decision(body=boards["rsty"], decided_on=TODAY)
    client.force_login(orgs.user(secretariat_of=boards["rsty"]))
    shown = client.get(f"/styrning/overlatelser/{transfer.pk}/").context["decide_form"]
    read = shown.initial["row_version"]
    assert f'name="row_version" value="{read}"' in client.get(f"/styrning/overlatelser/{transfer.pk}/").content.decode()
    actions.attach_risk_analysis(transfer=transfer, text="Nya risker som beslutet inte vägde")  # meanwhile
    body = {"approve": "yes", "decision": decision.pk, "effective_date": TODAY.isoformat(), "row_version": read}
    refused = client.post(f"/styrning/overlatelser/{transfer.pk}/", body)
    assert refused.status_code == 200 and "Någon annan ändrade" in refused.content.decode()
    transfer.refresh_from_db()
    assert transfer.status == "analysed" and owner_on(svc, TODAY).code == "HSN"
    decided = client.post(f"/styrning/overlatelser/{transfer.pk}/", {**body, "row_version": transfer.row_version})
    assert decided.status_code == 302 and owner_on(svc, TODAY).code == "SLSO"


def test_an_exemption_decision_carries_the_version_it_showed(client, boards):
    from governance.models import Exemption
    from services.models import Service

    local = factories.service(owner=boards["hsn"], kind=Service.Kind.LOCAL,
                              domain=orgs.domain(deciding_board=boards["rsty"]))
    exemption = actions.request_exemption(service=local, requesting_organisation=boards["hsn"], unique_need="n",
                                          why_not_common="w")
    decision = gov.decision(body=exemption.deciding_board, decided_on=TODAY)
    client.force_login(orgs.user(admin=True))
    page = client.get(f"/styrning/undantag/{exemption.pk}/")
    assert page.context["form"].initial["row_version"] == 1
    Exemption.objects.filter(pk=exemption.pk).update(unique_need="ändrat", row_version=2)  # someone else's edit
    body = {"approve": "yes", "decision": decision.pk, "expires_on": (TODAY + datetime.timedelta(days=30)).isoformat()}
    refused = client.post(f"/styrning/undantag/{exemption.pk}/", {**body, "row_version": 1})
    assert "Någon annan ändrade" in refused.content.decode()
    assert Exemption.objects.get(pk=exemption.pk).status == "requested"
    assert client.post(f"/styrning/undantag/{exemption.pk}/", {**body, "row_version": 2}).status_code == 302
    assert Exemption.objects.get(pk=exemption.pk).status == "approved"


def test_an_api_decision_may_name_the_version_it_read_and_is_refused_over_a_newer_one(api, boards, svc):
    transfer = analysed(svc, boards["slso"], requested_on=TODAY, requested_date=TODAY)
    api.force_authenticate(orgs.user(secretariat_of=boards["rsty"]))
    url = f"/api/transfers/{transfer.pk}/"
    read = api.get(url)
    assert read["ETag"] == f'"{read.json()["row_version"]}"'
    actions.attach_risk_analysis(transfer=transfer, text="Reviderad analys")  # meanwhile
    body = {"approve": True, "decision": gov.decision(body=boards["rsty"], decided_on=TODAY).pk,
            "effective_date": TODAY.isoformat()}
    stale = api.post(f"{url}decide/", body, format="json", HTTP_IF_MATCH=read["ETag"])
    assert stale.status_code == 412 and OwnershipTransfer.objects.get(pk=transfer.pk).status == "analysed"
    assert api.post(f"{url}decide/", body, format="json", HTTP_IF_MATCH="nonsense").status_code == 412
    decided = api.post(f"{url}decide/", body, format="json", HTTP_IF_MATCH=api.get(url)["ETag"])
    assert decided.status_code == 200 and decided.json()["status"] == "approved"


def test_the_common_services_considered_are_typed_with_suggestions_and_unknown_ones_named(client, boards):
    from governance.models import Exemption

    domain = orgs.domain(deciding_board=boards["rsty"])
    local = factories.service(kind="local", owner=boards["hsn"], domain=domain)
    common = factories.service(kind="common", name="Personalsystem", external_id="RS-200", owner=boards["rsty"])
    factories.service(kind="local", name="Lokalt system", external_id="L-1", owner=boards["hsn"])
    client.force_login(orgs.user(editor_of=boards["hsn"]))
    url = f"/styrning/undantag/ny/{local.pk}/"
    form = client.get(url).content.decode()
    assert 'name="considered"' in form and 'hx-get="/forslag/service/"' in form and "<select" not in form
    data = {"requesting_organisation": "HSN", "unique_need": "Ett eget behov", "why_not_common": "Räcker inte"}
    bad = client.post(url, {**data, "considered": "Personalsystem (RS-200); Finns inte; Lokalt system (L-1)"})
    assert bad.status_code in (200, 400) and not Exemption.objects.exists()
    assert "Finns inte i registret: Finns inte, Lokalt system (L-1)." in bad.content.decode()  # local: not common
    good = client.post(url, {**data, "considered": "Personalsystem (RS-200)"})
    assert good.status_code == 302 and list(Exemption.objects.get().considered.all()) == [common]
