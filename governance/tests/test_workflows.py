import datetime
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction

from governance import actions
from governance.models import Decision, OwnershipTransfer
from governance.tests import factories as gov
from organisations.tests import factories as orgs
from services.models import Ownership
from services.queries import owner_on
from services.tests import factories

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def boards():
    return {"hsn": orgs.organisation("HSN"), "slso": orgs.organisation("SLSO"), "rsty": orgs.organisation("RSTY")}


def test_registry_number_format_and_uniqueness_per_body(boards):
    gov.decision(body=boards["hsn"], registry_number="HSN 2021-0815")
    with pytest.raises(ValidationError) as error:
        gov.decision(body=boards["hsn"], registry_number="HSN 2021-0815")
    assert "__all__" in error.value.message_dict or "registry_number" in error.value.message_dict
    gov.decision(body=boards["slso"], registry_number="HSN 2021-0815")  # another body may use the number
    with pytest.raises(ValidationError) as error:
        gov.decision(body=boards["hsn"], registry_number="2021/815")
    assert "registry_number" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():  # the database holds the format too
        Decision.objects.create(body=boards["hsn"], decided_on=D(2024, 1, 1), registry_number="bad", title="x")


def test_transfer_cannot_be_decided_without_risk_analysis(boards):
    svc = factories.service(owner=boards["hsn"], owner_from=D(2019, 1, 1))
    transfer = actions.request_transfer(service=svc, to=boards["slso"], reason="Närmare vården",
                                        requested_date=D(2022, 1, 1))
    decision = gov.decision(body=boards["hsn"])
    with pytest.raises(ValidationError, match="risk"):
        actions.decide_transfer(transfer=transfer, approve=True, decision=decision, effective_date=D(2022, 1, 1))
    assert owner_on(svc, D(2023, 1, 1)).code == "HSN"
    with pytest.raises(IntegrityError), transaction.atomic():  # nor by writing the row directly
        OwnershipTransfer.objects.filter(pk=transfer.pk).update(status="approved", decision=decision,
                                                                effective_date=D(2022, 1, 1))


def test_approved_transfer_moves_ownership_on_the_decided_date_with_the_decision_reference(boards):
    svc = factories.service(owner=boards["hsn"], owner_from=D(2019, 1, 1))
    transfer = actions.request_transfer(service=svc, to=boards["slso"], reason="r", requested_date=D(2022, 1, 1))
    actions.attach_risk_analysis(transfer=transfer, text="Risker och konsekvenser")
    decision = gov.decision(body=boards["hsn"], registry_number="HSN 2021-0815")
    actions.decide_transfer(transfer=transfer, approve=True, decision=decision, effective_date=D(2022, 3, 1))
    assert owner_on(svc, D(2022, 2, 28)).code == "HSN" and owner_on(svc, D(2022, 3, 1)).code == "SLSO"
    assert Ownership.objects.get(service=svc, valid_to__isnull=True).decision_reference == "HSN 2021-0815"
    with pytest.raises(ValidationError):
        actions.decide_transfer(transfer=transfer, approve=False, decision=decision)


def test_rejected_transfer_leaves_the_owner(boards):
    svc = factories.service(owner=boards["hsn"])
    transfer = actions.request_transfer(service=svc, to=boards["slso"], reason="r", requested_date=D(2025, 1, 1))
    actions.attach_risk_analysis(transfer=transfer, text="Analys")
    actions.decide_transfer(transfer=transfer, approve=False, decision=gov.decision(body=boards["hsn"]))
    assert Ownership.objects.get(service=svc, valid_to__isnull=True).organisation == boards["hsn"]


def test_api_refuses_to_decide_a_transfer_without_analysis(api, boards):
    svc = factories.service(owner=boards["hsn"])
    api.force_authenticate(orgs.user(editor_of=boards["hsn"]))
    created = api.post("/api/transfers/", {"service": svc.pk, "to_organisation": "SLSO", "reason": "r",
                                           "requested_date": "2025-01-01"}, format="json")
    assert created.status_code == 201, created.json()
    decision = gov.decision(body=boards["hsn"])
    refused = api.post(f"/api/transfers/{created.json()['id']}/decide/",
                       {"approve": True, "decision": decision.pk, "effective_date": "2025-01-01"}, format="json")
    assert refused.status_code == 400 and "risk" in json.dumps(refused.json(), ensure_ascii=False).lower()
    analysed = api.post(f"/api/transfers/{created.json()['id']}/risk-analysis/", {"text": "Analys"}, format="json")
    assert analysed.json()["status"] == "analysed"
    decided = api.post(f"/api/transfers/{created.json()['id']}/decide/",
                       {"approve": True, "decision": decision.pk, "effective_date": "2025-01-01"}, format="json")
    assert decided.status_code == 200 and decided.json()["status"] == "approved"


def test_ui_refuses_to_decide_a_transfer_without_analysis(client, boards):
    svc = factories.service(owner=boards["hsn"])
    transfer = actions.request_transfer(service=svc, to=boards["slso"], reason="r", requested_date=D(2025, 1, 1))
    client.force_login(orgs.user(admin=True))
    decision = gov.decision(body=boards["hsn"])
    response = client.post(f"/styrning/overlatelser/{transfer.pk}/",
                           {"approve": "yes", "decision": decision.pk, "effective_date": "2025-01-01"})
    assert "risk- och konsekvensanalys" in response.content.decode()
    transfer.refresh_from_db()
    assert transfer.status == "requested"


def test_exemption_is_decided_by_the_domains_board_only(boards):
    domain = orgs.domain(deciding_board=boards["rsty"])
    local = factories.service(kind="local", domain=domain)
    exemption = actions.request_exemption(service=local, requesting_organisation=boards["hsn"], unique_need="n",
                                          why_not_common="w")
    assert exemption.deciding_board == boards["rsty"]
    with pytest.raises(ValidationError) as error:
        actions.decide_exemption(exemption=exemption, approve=True, decision=gov.decision(body=boards["hsn"]),
                                 expires_on=D(2027, 1, 1))
    assert "decision" in error.value.message_dict
    with pytest.raises(ValidationError):
        actions.decide_exemption(exemption=exemption, approve=True, decision=gov.decision(body=boards["rsty"]))
    actions.decide_exemption(exemption=exemption, approve=True, decision=gov.decision(body=boards["rsty"]),
                             expires_on=D(2027, 1, 1))
    with pytest.raises(ValidationError):
        actions.request_exemption(service=factories.service(kind="common"), requesting_organisation=boards["hsn"],
                                  unique_need="n", why_not_common="w")


def test_exemption_api(api, boards):
    local = factories.service(kind="local", owner=boards["hsn"], domain=orgs.domain(deciding_board=boards["rsty"]))
    api.force_authenticate(orgs.user(editor_of=boards["hsn"]))
    created = api.post("/api/exemptions/", {"service": local.pk, "requesting_organisation": "HSN",
                                            "unique_need": "n", "why_not_common": "w"}, format="json")
    assert created.status_code == 201 and created.json()["deciding_board"] == "RSTY"
    refused = api.post(f"/api/exemptions/{created.json()['id']}/decide/",
                       {"approve": True, "decision": gov.decision(body=boards["rsty"]).pk}, format="json")
    assert refused.status_code == 403  # an HSN editor does not decide for RSTY


def test_check_command_json_and_exit_code(boards):
    factories.service(owner=boards["hsn"], name="Otestad")
    out = io.StringIO()
    with pytest.raises(SystemExit) as stop:
        call_command("check_rules", "--json", "--rule", "R05-TESTAD", stdout=out)
    assert stop.value.code == 1
    document = json.loads(out.getvalue())
    assert document["rules"][0]["id"] == "R05-TESTAD" and document["rules"][0]["failing"] == 1
    assert document["findings"][0]["service"] == "Otestad" and document["findings"][0]["owner"] == "HSN"
    out = io.StringIO()
    call_command("check_rules", "--rule", "R02-FORVALTNINGSLEDARE", stdout=out)  # warnings only: exit 0
    assert "1 findings, 0 blocking" in out.getvalue()


def test_check_command_refuses_an_unknown_rule():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="R99"):
        call_command("check_rules", "--rule", "R99", stdout=io.StringIO())


def test_rules_findings_and_scorecard_pages_and_api(client, api, boards):
    factories.service(owner=boards["hsn"], name="Ersmo")
    client.force_login(orgs.user())
    assert "R05-TESTAD" in client.get("/styrning/regler/").content.decode()
    page = client.get("/styrning/avvikelser/", {"rule": "R05-TESTAD", "owner": "HSN"}).content.decode()
    assert "Ersmo" in page
    assert "R05-TESTAD" in client.get("/styrning/styrkort/organisation/HSN/").content.decode()
    api.force_authenticate(orgs.user())
    card = {r["id"]: r for r in api.get("/api/scorecards/organisations/HSN/").json()}
    assert (card["R05-TESTAD"]["applicable"], card["R05-TESTAD"]["failing"]) == (1, 1)
    assert api.get("/api/findings/", {"rule": "R99"}).status_code == 400
    assert api.get("/api/scorecards/other/HSN/").status_code == 404


def test_decision_attachment_is_stored_and_served_to_signed_in_users_only(client, boards, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    decision = gov.decision(body=boards["hsn"])
    client.force_login(orgs.user(admin=True))
    client.post(decision.get_absolute_url(), {"file": SimpleUploadedFile("protokoll.pdf", b"%PDF-1.4 beslut"),
                                              "name": "Protokollsutdrag"})
    attachment = decision.attachments.get()
    assert attachment.name == "Protokollsutdrag"
    assert b"".join(client.get(attachment.file.url).streaming_content) == b"%PDF-1.4 beslut"
    client.logout()
    assert client.get(attachment.file.url).status_code == 302  # to the sign-in page


def test_overview_shows_the_latest_snapshot_or_live_counts_without_one(client, boards):
    factories.service(owner=boards["hsn"], name="Otestad")
    client.force_login(orgs.user())
    live = client.get("/").content.decode()
    assert "Enligt kontrollen" not in live and "R05-TESTAD" in live
    actions.take_snapshot(today=D(2026, 11, 1))
    factories.service(owner=boards["hsn"], name="Också otestad")  # after the snapshot
    page = client.get("/").content.decode()
    assert "Enligt kontrollen den 2026-11-01" in page


def test_one_transfer_under_way_per_service_held_by_the_database(boards):
    svc = factories.service(owner=boards["hsn"])
    first = actions.request_transfer(service=svc, to=boards["slso"], reason="r", requested_date=D(2025, 1, 1))
    with pytest.raises(ValidationError, match="redan|already"):
        actions.request_transfer(service=svc, to=boards["rsty"], reason="r", requested_date=D(2025, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        OwnershipTransfer.objects.create(service=svc, from_organisation=boards["hsn"], to_organisation=boards["rsty"],
                                         reason="r", requested_date=D(2025, 1, 1))
    actions.attach_risk_analysis(transfer=first, text="Analys")
    actions.decide_transfer(transfer=first, approve=False, decision=gov.decision(body=boards["hsn"]))
    actions.request_transfer(service=svc, to=boards["rsty"], reason="r", requested_date=D(2026, 1, 1))  # now allowed
