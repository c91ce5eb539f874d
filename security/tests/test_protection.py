"""Personal data and suppliers, continuity and protection requirements (issue 9, parts 3–5): the panel's sections,
their forms, the API, the catalogues and their import — and that none of it shows a sensitive service's details
to a reader of another organisation."""

import datetime
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction

from organisations.tests import factories as orgs
from security import actions, queries
from security.models import (
    ContinuityPlan,
    ContinuityRequirement,
    DataProcessingAgreement,
    ProtectionRequirement,
    RequirementFulfilment,
    TransferAssessment,
)
from security.tests import factories_protection as f

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def _page(client, user, service):
    client.force_login(user)
    response = client.get(service.get_absolute_url(), {"sections": "all"})
    assert response.status_code == 200
    return response.content.decode()


def _supplier_service(**fields):
    fields.setdefault("delivery_model", "external_supplier")
    service, editor = f.owned_service(**fields)
    f.personal_information(service)
    return service, editor


# Personal data and suppliers.

def test_an_agreement_expiring_before_it_is_signed_is_refused_by_the_database():
    service, _editor = f.owned_service()
    with pytest.raises(IntegrityError), transaction.atomic():
        DataProcessingAgreement.objects.create(service=service, party="X", signed_on=datetime.date(2025, 1, 1),
                                               expires_on=datetime.date(2024, 1, 1))
    DataProcessingAgreement.objects.create(service=service, party="X", signed_on=datetime.date(2025, 1, 1),
                                           expires_on=datetime.date(2026, 1, 1))
    assert DataProcessingAgreement.objects.count() == 1


def test_an_agreement_expiring_before_it_is_signed_is_refused_by_the_form(client):
    service, editor = f.owned_service()
    client.force_login(editor)
    url = f"/sakerhet/tjanster/{service.pk}/avtal/ny/"
    refused = client.post(url, {"party": "Molnet AB", "signed_on": "2025-06-01", "expires_on": "2025-01-01"})
    assert refused.status_code == 200
    assert f'href="/tjanster/{service.pk}/?open=security#agreements">Avbryt' in refused.content.decode()
    assert "Ett avtal måste löpa ut efter att det undertecknats." in refused.content.decode()
    assert not DataProcessingAgreement.objects.exists()
    kept = client.post(url, {"party": "Molnet AB", "signed_on": "2025-06-01", "expires_on": "2027-01-01"})
    assert kept.status_code == 302
    assert DataProcessingAgreement.objects.get().party == "Molnet AB"


def test_an_agreement_expiring_before_it_is_signed_is_refused_by_the_api(api):
    service, editor = f.owned_service()
    api.force_authenticate(editor)
    refused = api.post("/api/processing-agreements/", {"service": service.pk, "party": "Molnet AB",
                                                        "signed_on": "2025-06-01", "expires_on": "2025-06-01"},
                       format="json")
    assert refused.status_code == 400 and "expires_on" in refused.json()
    assert not DataProcessingAgreement.objects.exists()
    kept = api.post("/api/processing-agreements/", {"service": service.pk, "party": "Molnet AB",
                                                     "signed_on": "2025-06-01", "expires_on": "2027-06-01"},
                    format="json")
    assert kept.status_code == 201 and kept.json()["in_force"] is True
    changed = api.patch(f"/api/processing-agreements/{kept.json()['id']}/", {"expires_on": "2025-01-01"},
                        format="json", HTTP_IF_MATCH='"1"')
    assert changed.status_code == 400 and "expires_on" in changed.json()
    assert DataProcessingAgreement.objects.get().expires_on == datetime.date(2027, 6, 1)


def test_a_service_with_personal_data_at_a_supplier_needs_an_agreement_in_force(client):
    service, editor = _supplier_service()
    assert queries.needs_processing_agreement(service)
    assert "Inget personuppgiftsbiträdesavtal gäller" in _page(client, editor, service)
    expired = f.agreement(service, signed_on=datetime.date(2020, 1, 1), expires_on=datetime.date(2021, 1, 1))
    page = _page(client, editor, service)
    assert "Inget personuppgiftsbiträdesavtal gäller" in page and "gäller inte" in page
    actions.update_agreement(agreement=expired, expires_on=TODAY + datetime.timedelta(days=365))
    assert "Inget personuppgiftsbiträdesavtal gäller" not in _page(client, editor, service)


def test_a_service_in_house_or_without_personal_data_needs_no_agreement():
    in_house, _ = _supplier_service(delivery_model="in_house")
    no_personal, _ = f.owned_service(delivery_model="cloud_service")
    assert not queries.needs_processing_agreement(in_house)
    assert not queries.needs_processing_agreement(no_personal)
    assert queries.agreement_gaps(in_house) == [] and queries.agreement_gaps(no_personal) == []


def test_processing_outside_the_eea_without_a_transfer_assessment_is_shown(client):
    service, editor = _supplier_service()
    agreement = f.agreement(service, outside_eea=True, countries="USA")
    page = _page(client, editor, service)
    assert "Behandling utanför EU/EES utan överföringsbedömning (avtal med Leverantören AB)." in page
    client.force_login(editor)
    response = client.post(f"/sakerhet/avtal/{agreement.pk}/overforingsbedomning/ny/", {
        "assessed_on": "2025-02-01", "mechanism": "scc", "conclusion": "Standardavtalsklausuler med tilläggsskydd"})
    assert response.status_code == 302
    assert TransferAssessment.objects.get().agreement == agreement
    page = _page(client, editor, service)
    assert "utan överföringsbedömning" not in page and "Standardavtalsklausuler med tilläggsskydd" in page


def test_an_agreement_and_its_assessment_are_changed_and_removed_through_the_forms(client):
    service, editor = _supplier_service()
    agreement = f.agreement(service, outside_eea=True)
    assessment = actions.record_transfer_assessment(agreement=agreement, assessed_on=datetime.date(2025, 1, 1),
                                                    mechanism="adequacy", conclusion="EU–US Data Privacy Framework")
    client.force_login(editor)
    changed = client.post(f"/sakerhet/overforingsbedomningar/{assessment.pk}/", {
        "assessed_on": "2025-03-01", "mechanism": "scc", "conclusion": "Ny bedömning", "row_version": 1})
    assert changed.status_code == 302
    assert TransferAssessment.objects.get().conclusion == "Ny bedömning"
    removed = client.post(f"/sakerhet/avtal/{agreement.pk}/ta-bort/", {"row_version": 1})
    assert removed.status_code == 302
    assert not DataProcessingAgreement.objects.exists() and not TransferAssessment.objects.exists()


def test_a_stale_edit_of_an_agreement_is_refused_and_nothing_is_stored(client, api):
    service, editor = f.owned_service()
    agreement = f.agreement(service)
    actions.update_agreement(agreement=agreement, party="Någon annans ändring")  # version 2 now
    client.force_login(editor)
    response = client.post(f"/sakerhet/avtal/{agreement.pk}/", {
        "party": "Min ändring", "signed_on": "2024-01-01", "row_version": 1})
    assert response.status_code == 200 and "Någon annan ändrade" in response.content.decode()
    assert DataProcessingAgreement.objects.get().party == "Någon annans ändring"
    api.force_authenticate(editor)
    stale = api.patch(f"/api/processing-agreements/{agreement.pk}/", {"party": "API"}, format="json",
                      HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412
    removed = client.post(f"/sakerhet/avtal/{agreement.pk}/ta-bort/", {"row_version": 1})
    assert removed.status_code == 302
    assert DataProcessingAgreement.objects.get().party == "Någon annans ändring"


# Continuity.

@pytest.mark.parametrize("plan_fields, shown", [
    ({}, "Planen uppfyller kraven för sin nivå."),
    ({"recovery_time_hours": 48}, "Återställningstiden (48 h) är längre än de 24 h nivån tillåter."),
    ({"recovery_point_hours": 25}, "Den längsta dataförlusten (25 h) är längre än de 24 h nivån tillåter."),
    ({"last_exercised_on": TODAY - datetime.timedelta(days=400)}, "mer än 365 dagar sedan"),
    ({"last_exercised_on": None}, "Planen har aldrig övats."),
])
def test_a_continuity_plan_meeting_or_not_meeting_its_level_is_shown(client, plan_fields, shown):
    service, editor = f.owned_service()
    f.classify(service, availability=3)
    f.plan(service, **{"recovery_time_hours": 24, "recovery_point_hours": 24, **plan_fields})
    page = _page(client, editor, service)
    assert shown in page
    assert ("Planen uppfyller kraven" in page) == (plan_fields == {})


def test_a_service_that_needs_a_plan_and_has_none_is_told_so(client):
    critical, editor = f.owned_service(criticality="critical")
    high, _ = f.owned_service()
    f.classify(high, availability=3)
    low, _ = f.owned_service()
    f.classify(low, availability=2)
    assert queries.needs_continuity_plan(critical) and queries.needs_continuity_plan(high)
    assert not queries.needs_continuity_plan(low)
    assert "Tjänsten behöver en kontinuitetsplan och har ingen." in _page(client, editor, critical)
    assert queries.continuity_status(low)["shortfalls"] == []


def test_the_continuity_plan_is_recorded_and_changed_through_its_form(client):
    service, editor = f.owned_service()
    f.classify(service, availability=4)
    client.force_login(editor)
    url = f"/sakerhet/tjanster/{service.pk}/kontinuitetsplan/"
    refused = client.post(url, {"recovery_time_hours": "-1", "recovery_point_hours": "1", "fallback_routine": "x"})
    assert refused.status_code == 200 and not ContinuityPlan.objects.exists()
    created = client.post(url, {"recovery_time_hours": "4", "recovery_point_hours": "1",
                                "fallback_routine": "Reservrutin", "last_exercised_on": TODAY.isoformat()})
    assert created.status_code == 302
    assert "Planen uppfyller kraven för sin nivå." in _page(client, editor, service)
    changed = client.post(url, {"recovery_time_hours": "8", "recovery_point_hours": "1",
                                "fallback_routine": "Reservrutin", "row_version": "1"})
    assert changed.status_code == 302
    plan = ContinuityPlan.objects.get()
    assert (plan.recovery_time_hours, plan.last_exercised_on, plan.row_version) == (8, None, 2)
    stale = client.post(url, {"recovery_time_hours": "2", "recovery_point_hours": "1",
                              "fallback_routine": "Reservrutin", "row_version": "1"})
    assert stale.status_code == 200 and "Någon annan ändrade" in stale.content.decode()
    assert ContinuityPlan.objects.get().recovery_time_hours == 8


# Protection requirements.

def test_requirements_apply_by_level_and_are_marked_met_and_withdrawn(client):
    service, editor = f.owned_service()
    f.classify(service, confidentiality=3, integrity=2, availability=1)
    page = _page(client, editor, service)
    assert "k3-flerfaktor" in page and "k3-lasloggning" in page       # K3 ≥ from level 3
    assert "k4-kryptering-overforing" not in page                     # K3 < 4
    assert "r3-andringslogg" not in page and "t2-sakerhetskopiering" not in page
    assert "3 krav som gäller enligt klassningen är inte uppfyllda." in page
    client.force_login(editor)
    marked = client.post(f"/sakerhet/tjanster/{service.pk}/krav/k3-flerfaktor/uppfyllt/",
                         {"evidence": "BankID via regionens IdP"}, follow=True)
    assert "Kravet k3-flerfaktor är registrerat som uppfyllt." in marked.content.decode()
    fulfilment = RequirementFulfilment.objects.get()
    assert (fulfilment.requirement.code, fulfilment.evidence, fulfilment.recorded_by) == (
        "k3-flerfaktor", "BankID via regionens IdP", editor)
    assert "2 krav som gäller enligt klassningen är inte uppfyllda." in _page(client, editor, service)
    withdrawn = client.post(f"/sakerhet/uppfyllda-krav/{fulfilment.pk}/aterkalla/", {"row_version": 1})
    assert withdrawn.status_code == 302 and not RequirementFulfilment.objects.exists()


def test_a_requirement_that_does_not_apply_cannot_be_marked_met(client, api):
    service, editor = f.owned_service()
    f.classify(service, confidentiality=3)
    client.force_login(editor)
    response = client.post(f"/sakerhet/tjanster/{service.pk}/krav/k4-kryptering-overforing/uppfyllt/",
                           {"evidence": "TLS"}, follow=True)
    assert "gäller inte tjänsten enligt dess klassning" in response.content.decode()
    empty = client.post(f"/sakerhet/tjanster/{service.pk}/krav/k3-flerfaktor/uppfyllt/", {"evidence": ""},
                        follow=True)
    assert empty.status_code == 200 and not RequirementFulfilment.objects.exists()
    api.force_authenticate(editor)
    refused = api.post("/api/requirement-fulfilments/", {"service": service.pk, "requirement":
                                                         "k4-kryptering-overforing", "evidence": "TLS"},
                       format="json")
    assert refused.status_code == 400 and "requirement" in refused.json()
    kept = api.post("/api/requirement-fulfilments/", {"service": service.pk, "requirement": "k3-flerfaktor",
                                                      "evidence": "BankID"}, format="json")
    assert kept.status_code == 201 and kept.json()["recorded_by"] == editor.username
    again = api.post("/api/requirement-fulfilments/", {"service": service.pk, "requirement": "k3-flerfaktor",
                                                       "evidence": "BankID"}, format="json")
    assert again.status_code == 400 and RequirementFulfilment.objects.count() == 1


# The catalogues.

def test_the_catalogue_page_shows_both_catalogues_to_everyone_signed_in(client):
    client.force_login(orgs.user())
    page = client.get("/sakerhet/krav/").content.decode()
    assert "Inloggning med flerfaktorsautentisering" in page and "T4" in page
    assert "Läs in en katalog från fil" not in page
    assert client.get("/sakerhet/krav/import/").status_code == 403


def _csv(text):
    return text.encode()


def test_a_catalogue_import_with_a_bad_row_names_row_and_field_and_stores_nothing(client):
    client.force_login(orgs.user(admin=True))
    upload = io.BytesIO(_csv("code,text,dimension,from_level\n"
                             "ny-krav,Nytt krav,K,2\n"
                             "fel-dim,Fel dimension,X,2\n"
                             "fel-niva,Fel nivå,R,9\n"))
    upload.name = "krav.csv"
    response = client.post("/sakerhet/krav/import/", {"file": upload})
    page = response.content.decode()
    assert response.status_code == 200 and "2 rader är ogiltiga; inget sparades." in page
    assert "<td>3</td><td>dimension</td>" in page and "<td>4</td><td>from_level</td>" in page
    assert not ProtectionRequirement.objects.filter(code="ny-krav").exists()


def test_a_file_that_is_no_table_is_refused_on_the_import_page(client):
    client.force_login(orgs.user(admin=True))
    for name, data in [("krav.txt", b"code,text"), ("krav.xlsx", b"not a workbook"), ("krav.csv", b"x,y\n1,2\n")]:
        upload = io.BytesIO(data)
        upload.name = name
        response = client.post("/sakerhet/krav/import/", {"file": upload})
        assert response.status_code == 200 and name in response.content.decode()
    assert ProtectionRequirement.objects.count() == 7


def test_a_catalogue_import_updates_existing_codes_and_levels():
    from security.catalogue import import_catalogue

    result = import_catalogue("krav.csv", _csv("code;text;dimension;from_level;source\n"
                                               "k3-flerfaktor;Flerfaktor för alla;k;2;Ny policy\n"
                                               "ny-krav;Nytt krav;T;4;\n"))
    assert result.stored and (result.created, result.updated) == (1, 1)
    changed = ProtectionRequirement.objects.get(code="k3-flerfaktor")
    assert (changed.text, changed.from_level, changed.source) == ("Flerfaktor för alla", 2, "Ny policy")
    book = openpyxl.Workbook()
    book.active.append(["availability", "max_recovery_time_hours", "max_recovery_point_hours", "exercise_every_days"])
    book.active.append([4, 2, 1, 180])
    book.active.append([2, 72, 24, None])
    data = io.BytesIO()
    book.save(data)
    result = import_catalogue("kontinuitet.xlsx", data.getvalue())
    assert result.stored and (result.created, result.updated) == (1, 1)
    assert ContinuityRequirement.objects.get(availability=4).exercise_every_days == 180
    assert ContinuityRequirement.objects.get(availability=2).max_recovery_time_hours == 72


def test_the_load_requirements_command(tmp_path, capsys):
    good = tmp_path / "kontinuitet.csv"
    good.write_text("availability,max_recovery_time_hours,max_recovery_point_hours\n3,12,6\n")
    call_command("load_requirements", str(good))
    assert ContinuityRequirement.objects.get(availability=3).max_recovery_time_hours == 12
    bad = tmp_path / "trasig.csv"
    bad.write_text("availability,max_recovery_time_hours,max_recovery_point_hours\n4,-1,x\n")
    with pytest.raises(CommandError, match="nothing was stored"):
        call_command("load_requirements", str(bad))
    assert "row 2, column max_recovery_time_hours" in capsys.readouterr().err
    assert ContinuityRequirement.objects.get(availability=4).max_recovery_time_hours == 4
    unknown = tmp_path / "annat.csv"
    unknown.write_text("name,value\nx,1\n")
    with pytest.raises(CommandError, match="neither code"):
        call_command("load_requirements", str(unknown))


def test_the_catalogue_api_is_read_by_all_and_written_by_administrators(api):
    api.force_authenticate(orgs.user(editor_of=orgs.organisation()))
    assert api.get("/api/protection-requirements/k3-flerfaktor/").status_code == 200
    body = {"code": "ny", "text": "Nytt", "dimension": "K", "from_level": 2}
    assert api.post("/api/protection-requirements/", body, format="json").status_code == 403
    api.force_authenticate(orgs.user(admin=True))
    assert api.post("/api/protection-requirements/", {**body, "from_level": 7}, format="json").status_code == 400
    assert api.post("/api/protection-requirements/", {**body, "code": "k3-flerfaktor"},
                    format="json").status_code == 400
    assert api.post("/api/protection-requirements/", body, format="json").status_code == 201
    changed = api.patch("/api/continuity-requirements/", {}, format="json")
    assert changed.status_code == 405
    level4 = ContinuityRequirement.objects.get(availability=4)
    patched = api.patch(f"/api/continuity-requirements/{level4.pk}/", {"max_recovery_time_hours": 2},
                        format="json", HTTP_IF_MATCH='"1"')
    assert patched.status_code == 200 and ContinuityRequirement.objects.get(pk=level4.pk).max_recovery_time_hours == 2


# Who may see and who may change.

def test_only_editors_of_the_owner_and_administrators_get_the_forms(client):
    service, editor = _supplier_service()
    f.classify(service, confidentiality=1)  # not sensitive: everyone sees the details
    agreement = f.agreement(service)
    other_editor = orgs.user(editor_of=orgs.organisation())
    page = _page(client, other_editor, service)
    assert "Leverantören AB" in page and "Registrera ett personuppgiftsbiträdesavtal" not in page
    assert "Markera uppfyllt" not in page and "Registrera en kontinuitetsplan" not in page
    for url in (f"/sakerhet/tjanster/{service.pk}/avtal/ny/", f"/sakerhet/avtal/{agreement.pk}/",
                f"/sakerhet/tjanster/{service.pk}/kontinuitetsplan/"):
        assert client.get(url).status_code == 403
        assert client.post(url, {"party": "X", "signed_on": "2024-01-01"}).status_code == 403
    assert client.post(f"/sakerhet/avtal/{agreement.pk}/ta-bort/", {"row_version": 1}).status_code == 403
    assert client.post(f"/sakerhet/tjanster/{service.pk}/krav/k3-flerfaktor/uppfyllt/",
                       {"evidence": "x"}).status_code == 403
    assert DataProcessingAgreement.objects.count() == 1 and not RequirementFulfilment.objects.exists()
    for user in (editor, orgs.user(admin=True)):
        page = _page(client, user, service)
        assert "Registrera ett personuppgiftsbiträdesavtal" in page and "Registrera en kontinuitetsplan" in page
        assert client.get(f"/sakerhet/avtal/{agreement.pk}/").status_code == 200


def test_the_api_refuses_writes_to_another_owners_service(api):
    service, _editor = f.owned_service()
    agreement = f.agreement(service)
    api.force_authenticate(orgs.user(editor_of=orgs.organisation()))
    assert api.post("/api/processing-agreements/", {"service": service.pk, "party": "X",
                                                     "signed_on": "2024-01-01"}, format="json").status_code == 403
    assert api.patch(f"/api/processing-agreements/{agreement.pk}/", {"party": "X"}, format="json",
                     HTTP_IF_MATCH='"1"').status_code == 403
    assert api.delete(f"/api/processing-agreements/{agreement.pk}/", HTTP_IF_MATCH='"1"').status_code == 403
    assert DataProcessingAgreement.objects.get().party == "Leverantören AB"


def _sensitive_service_with_everything():
    """A K3 service of one organisation with an agreement, an assessment, a plan and a met requirement."""
    service, editor = _supplier_service()
    f.classify(service, confidentiality=3, integrity=2, availability=3)
    agreement = f.agreement(service, party="Hemlig Leverantör AB", outside_eea=True)
    assessment = actions.record_transfer_assessment(agreement=agreement, assessed_on=datetime.date(2025, 1, 1),
                                                    mechanism="scc", conclusion="Hemlig slutsats")
    plan = f.plan(service, fallback_routine="Hemlig reservrutin")
    fulfilment = actions.mark_requirement_met(service=service, requirement=ProtectionRequirement.objects.get(
        code="k3-flerfaktor"), evidence="Hemligt bevis")
    return service, editor, {"agreement": agreement, "assessment": assessment, "plan": plan,
                             "fulfilment": fulfilment}


SECRETS = ("Hemlig Leverantör AB", "Hemlig slutsats", "Hemlig reservrutin", "Hemligt bevis")


def test_the_panel_shows_a_k3_services_details_to_its_owner_and_not_to_a_reader(client):
    service, editor, _records = _sensitive_service_with_everything()
    reader = orgs.user(editor_of=orgs.organisation())
    shown = _page(client, editor, service)
    assert all(secret in shown for secret in SECRETS)
    hidden = _page(client, reader, service)
    assert not any(secret in hidden for secret in SECRETS)
    assert "K3R2T3" in hidden


def test_the_form_pages_of_a_k3_service_are_for_its_owner_only(client):
    service, editor, records = _sensitive_service_with_everything()
    urls = [f"/sakerhet/avtal/{records['agreement'].pk}/",
            f"/sakerhet/overforingsbedomningar/{records['assessment'].pk}/",
            f"/sakerhet/tjanster/{service.pk}/kontinuitetsplan/",
            f"/sakerhet/avtal/{records['agreement'].pk}/overforingsbedomning/ny/",
            f"/sakerhet/tjanster/{service.pk}/avtal/ny/"]
    client.force_login(orgs.user(editor_of=orgs.organisation()))
    for url in urls:
        response = client.get(url)
        assert response.status_code == 403, url
        assert not any(secret in response.content.decode() for secret in SECRETS)
    for url, body in [(f"/sakerhet/avtal/{records['agreement'].pk}/ta-bort/", {"row_version": 1}),
                      (f"/sakerhet/overforingsbedomningar/{records['assessment'].pk}/ta-bort/", {"row_version": 1}),
                      (f"/sakerhet/uppfyllda-krav/{records['fulfilment'].pk}/aterkalla/", {"row_version": 1}),
                      (f"/sakerhet/tjanster/{service.pk}/krav/k3-lasloggning/uppfyllt/", {"evidence": "x"})]:
        assert client.post(url, body).status_code == 403, url
    assert (DataProcessingAgreement.objects.count(), TransferAssessment.objects.count(),
            RequirementFulfilment.objects.count()) == (1, 1, 1)
    client.force_login(editor)
    shown = "".join(client.get(url).content.decode() for url in urls)
    assert "Hemlig Leverantör AB" in shown and "Hemlig slutsats" in shown and "Hemlig reservrutin" in shown


@pytest.mark.parametrize("prefix, record", [
    ("processing-agreements", "agreement"), ("transfer-assessments", "assessment"),
    ("continuity-plans", "plan"), ("requirement-fulfilments", "fulfilment"),
])
def test_the_api_gives_a_k3_services_details_to_its_owner_and_not_to_a_reader(api, prefix, record):
    service, editor, records = _sensitive_service_with_everything()
    pk = records[record].pk
    api.force_authenticate(orgs.user(editor_of=orgs.organisation()))
    listed = api.get(f"/api/{prefix}/", {"service": service.pk})
    assert listed.status_code == 200 and listed.json()["count"] == 0
    assert api.get(f"/api/{prefix}/").json()["count"] == 0
    assert api.get(f"/api/{prefix}/{pk}/").status_code == 404
    api.force_authenticate(editor)
    listed = api.get(f"/api/{prefix}/", {"service": service.pk})
    assert [row["id"] for row in listed.json()["results"]] == [pk]
    detail = api.get(f"/api/{prefix}/{pk}/")
    assert detail.status_code == 200 and detail["ETag"] == '"1"'


def test_bad_input_to_the_api_is_a_400_not_a_500(api):
    service, editor = f.owned_service()
    api.force_authenticate(editor)
    for prefix, body in [
        ("processing-agreements", {"service": "x", "party": "", "signed_on": "igår"}),
        ("processing-agreements", {"service": service.pk, "party": "X", "signed_on": "2999-01-01"}),
        ("transfer-assessments", {"agreement": 10**12, "assessed_on": "2025-01-01", "mechanism": "nope"}),
        ("continuity-plans", {"service": service.pk, "recovery_time_hours": 2**40, "recovery_point_hours": -1}),
        ("requirement-fulfilments", {"service": service.pk, "requirement": "finns-inte", "evidence": "x"}),
    ]:
        response = api.post(f"/api/{prefix}/", body, format="json")
        assert response.status_code == 400, (prefix, response.content)
    assert not DataProcessingAgreement.objects.exists() and not ContinuityPlan.objects.exists()
