"""Risk analyses, risks and the risk matrix (issue 9, part 2): the rules, each entry point (form, API), the matrix as
a picture, the region's list, and that a reader learns nothing of a shielded service's risks on any route."""

import csv
import datetime
import io
import re
import xml.etree.ElementTree as ET

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from core.versioning import StaleVersion
from decisions.tests import factories as decision_factories
from organisations.tests import factories as orgs
from security import actions
from security.models import Risk, RiskAnalysis
from services.tests import factories as service_factories

from .factories_risks import analysis as make_analysis
from .factories_risks import classified_service
from .factories_risks import risk as make_risk

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
HIGH_NEEDS_DECISION = "Risken har värdet 9 och är hög: att acceptera den kräver ett namngivet beslut."


def _svg_cells(html, matrix_id):
    """{(likelihood, consequence): (count as written in the cell, band)} read from the SVG picture itself."""
    pattern = r'<svg[^>]*aria-labelledby="' + re.escape(matrix_id) + r'-title[^"]*".*?</svg>'
    match = re.search(pattern, html, re.S)
    assert match, f"no matrix {matrix_id} on the page"
    root = ET.fromstring(match.group(0))
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text and root.find(f"{SVG}desc").text
    cells = {}
    for cell in root.iter(f"{SVG}g"):
        texts = [t.text for t in cell.iter(f"{SVG}text")]
        cells[int(cell.get("data-likelihood")), int(cell.get("data-consequence"))] = (int(texts[0]), texts[1])
    return cells


def _editor_and_service(confidentiality=2):
    owner = orgs.organisation()
    service = classified_service(owner, confidentiality=confidentiality)
    return orgs.user(editor_of=owner), service


# The rules, held by the action.

def test_the_value_is_likelihood_times_consequence_and_follows_a_change():
    risk = make_risk(likelihood=3, consequence=4)
    assert Risk.objects.get(pk=risk.pk).value == 12
    actions.update_risk(risk=risk, likelihood=2, expected_version=risk.row_version)
    assert Risk.objects.get(pk=risk.pk).value == 8


def test_accepting_a_high_risk_without_a_decision_is_refused_and_nothing_is_stored():
    analysis = make_analysis()
    with pytest.raises(ValidationError) as refused:
        make_risk(analysis, likelihood=3, consequence=3, treatment=Risk.Treatment.ACCEPT)
    assert refused.value.message_dict["decision"] == [HIGH_NEEDS_DECISION]
    assert not Risk.objects.exists()


def test_accepting_a_high_risk_with_a_named_decision_is_kept():
    decision = decision_factories.decision()
    risk = make_risk(likelihood=3, consequence=3, treatment=Risk.Treatment.ACCEPT, decision=decision)
    assert Risk.objects.get(pk=risk.pk).decision == decision


def test_a_high_risk_may_not_be_changed_to_accepted_without_a_decision():
    risk = make_risk(likelihood=4, consequence=4)
    with pytest.raises(ValidationError) as refused:
        actions.update_risk(risk=risk, treatment=Risk.Treatment.ACCEPT)
    assert "decision" in refused.value.message_dict
    assert Risk.objects.get(pk=risk.pk).treatment == Risk.Treatment.REDUCE


def test_a_low_risk_is_accepted_without_a_decision():
    risk = make_risk(likelihood=2, consequence=4, treatment=Risk.Treatment.ACCEPT)  # 8, below 9
    assert Risk.objects.get(pk=risk.pk).decision is None


def test_a_level_not_on_the_scale_is_refused_by_the_action():
    with pytest.raises(ValidationError) as refused:
        make_risk(likelihood=5)
    assert "Nivå 5 finns inte på skalan som används (1, 2, 3, 4)." in refused.value.message_dict["likelihood"]
    with pytest.raises(ValidationError) as refused:
        make_risk(residual_likelihood=1, residual_consequence=9)
    assert "residual_consequence" in refused.value.message_dict
    assert not Risk.objects.exists()


def test_a_review_date_on_or_before_the_analysis_is_refused_and_one_after_it_kept():
    with pytest.raises(ValidationError) as refused:
        make_analysis(performed_on=datetime.date(2025, 3, 1), review_by=datetime.date(2025, 3, 1))
    assert refused.value.message_dict["review_by"] == ["Datumet för omprövning måste komma efter analysen."]
    assert not RiskAnalysis.objects.exists()
    analysis = make_analysis(performed_on=datetime.date(2025, 3, 1), review_by=datetime.date(2025, 3, 2))
    with pytest.raises(ValidationError):
        actions.update_analysis(analysis=analysis, review_by=datetime.date(2025, 2, 1))
    assert RiskAnalysis.objects.get(pk=analysis.pk).review_by == datetime.date(2025, 3, 2)


def test_a_stale_edit_is_refused_by_the_action():
    risk = make_risk()
    actions.update_risk(risk=Risk.objects.get(pk=risk.pk), measure="Loggning", expected_version=1)
    with pytest.raises(StaleVersion):
        actions.update_risk(risk=risk, measure="Kryptering", expected_version=1)
    assert Risk.objects.get(pk=risk.pk).measure == "Loggning"


# The pages: the editor's forms.

def test_the_owners_editor_records_an_analysis_from_the_panel_and_its_risks(client):
    editor, service = _editor_and_service()
    client.force_login(editor)
    page = client.get(service.get_absolute_url(), {"sections": "all"}).content.decode()
    assert f'action="/sakerhet/tjanster/{service.pk}/riskanalyser/ny/"' in page
    response = client.post(f"/sakerhet/tjanster/{service.pk}/riskanalyser/ny/", {
        "performed_on": "2025-03-01", "participants": "Sara Holm", "scope": "Journalen", "review_by": "2026-03-01"})
    analysis = RiskAnalysis.objects.get(service=service)
    assert response.status_code == 302 and response["Location"] == analysis.get_absolute_url()
    response = client.post(analysis.get_absolute_url(), {
        "part": "risk", "description": "Obehörig läsning", "likelihood": "3", "consequence": "2",
        "treatment": "reduce", "status": "open", "residual_likelihood": "1", "residual_consequence": "2"})
    assert response.status_code == 302
    risk = Risk.objects.get(analysis=analysis)
    assert (risk.value, risk.residual_value) == (6, 2)
    page = client.get(analysis.get_absolute_url()).content.decode()
    assert "Obehörig läsning" in page and "Registrera en risk" in page


def test_the_form_refuses_a_review_date_before_the_analysis(client):
    editor, service = _editor_and_service()
    client.force_login(editor)
    response = client.post(f"/sakerhet/tjanster/{service.pk}/riskanalyser/ny/", {
        "performed_on": "2025-03-01", "participants": "Sara Holm", "scope": "Journalen", "review_by": "2025-01-01"})
    assert response.status_code == 200
    assert "Datumet för omprövning måste komma efter analysen." in response.content.decode()
    assert not RiskAnalysis.objects.exists()


def test_the_form_refuses_to_accept_a_high_risk_without_a_decision_and_keeps_it_with_one(client):
    editor, service = _editor_and_service()
    analysis = make_analysis(service)
    client.force_login(editor)
    data = {"part": "risk", "description": "Intrång", "likelihood": "3", "consequence": "3", "treatment": "accept",
            "status": "open"}
    response = client.post(analysis.get_absolute_url(), data)
    assert response.status_code == 200 and HIGH_NEEDS_DECISION in response.content.decode()
    assert not Risk.objects.exists()
    decision = decision_factories.decision(registry_number="RS 2024-0100")
    response = client.post(analysis.get_absolute_url(), {**data, "decision": f"RS 2024-0100 ({decision.body.code})"})
    assert response.status_code == 302 and Risk.objects.get().decision == decision
    response = client.post(analysis.get_absolute_url(), {**data, "decision": "RS 1999-0001"})
    assert response.status_code == 200 and "Inget beslut RS 1999-0001 finns registrerat." in response.content.decode()


def test_the_form_offers_only_the_levels_of_the_scale_and_refuses_others(client):
    editor, service = _editor_and_service()
    analysis = make_analysis(service)
    client.force_login(editor)
    page = client.get(analysis.get_absolute_url()).content.decode()
    assert '<option value="4">4 – Mycket sannolik</option>' in page and '<option value="5">' not in page
    response = client.post(analysis.get_absolute_url(), {
        "part": "risk", "description": "Intrång", "likelihood": "5", "consequence": "x", "treatment": "reduce",
        "status": "open"})
    assert response.status_code == 200 and "Välj ett giltigt alternativ." in response.content.decode()
    assert not Risk.objects.exists()


def test_a_stale_edit_of_a_risk_or_an_analysis_is_refused_on_the_page(client):
    editor, service = _editor_and_service()
    risk = make_risk(make_analysis(service), likelihood=2, consequence=2)
    actions.update_risk(risk=Risk.objects.get(pk=risk.pk), measure="Loggning", expected_version=1)
    client.force_login(editor)
    response = client.post(f"/sakerhet/risker/{risk.pk}/", {
        "description": "Intrång", "likelihood": "2", "consequence": "2", "treatment": "reduce", "status": "open",
        "measure": "Kryptering", "row_version": "1"})
    assert response.status_code == 200 and "Någon annan ändrade" in response.content.decode()
    assert Risk.objects.get(pk=risk.pk).measure == "Loggning"
    response = client.post(risk.analysis.get_absolute_url(), {
        "part": "analysis", "performed_on": "2025-03-01", "participants": "X", "scope": "Y",
        "review_by": "2026-03-01", "row_version": "1"})
    assert response.status_code == 302  # the analysis itself is still at version 1
    response = client.post(risk.analysis.get_absolute_url(), {
        "part": "analysis", "performed_on": "2025-03-01", "participants": "Z", "scope": "Y",
        "review_by": "2026-03-01", "row_version": "1"})
    assert response.status_code == 200 and "Någon annan ändrade" in response.content.decode()
    assert RiskAnalysis.objects.get().participants == "X"


def test_an_editor_of_another_organisation_sees_no_form_and_is_refused(client, api):
    _, service = _editor_and_service()
    analysis = make_analysis(service)
    risk = make_risk(analysis)
    stranger = orgs.user(editor_of=orgs.organisation())
    client.force_login(stranger)
    page = client.get(service.get_absolute_url(), {"sections": "all"}).content.decode()
    assert "riskanalyser/ny/" not in page
    page = client.get(analysis.get_absolute_url()).content.decode()
    assert "Obehörig läsning" in page and 'name="part"' not in page
    for path, data in ((f"/sakerhet/tjanster/{service.pk}/riskanalyser/ny/", {}),
                       (analysis.get_absolute_url(), {"part": "analysis"}), (f"/sakerhet/risker/{risk.pk}/", {})):
        response = client.post(path, data)
        assert response.status_code == 403 and "Bara redaktörer" in response.content.decode()
    api.force_authenticate(stranger)
    response = api.post("/api/risks/", {"analysis": analysis.pk, "description": "X", "likelihood": 1,
                                        "consequence": 1}, format="json")
    assert response.status_code == 403
    response = api.patch(f"/api/risks/{risk.pk}/", {"measure": "X"}, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 403
    assert Risk.objects.get().measure == ""


def test_decision_suggestions_while_typing(client):
    decision = decision_factories.decision(registry_number="RS 2024-0777")
    client.force_login(orgs.user())
    page = client.get("/sakerhet/beslutsforslag/", {"decision": "0777"}).content.decode()
    assert f'<option value="RS 2024-0777 ({decision.body.code})">' in page
    assert "<option" not in client.get("/sakerhet/beslutsforslag/", {"q": "\x00"}).content.decode()


# The matrix as a picture.

def test_the_services_matrix_draws_each_count_in_its_cell_before_and_after_treatment(client):
    editor, service = _editor_and_service()
    analysis = make_analysis(service)
    make_risk(analysis, likelihood=3, consequence=4, residual_likelihood=1, residual_consequence=4)
    make_risk(analysis, likelihood=3, consequence=4)
    make_risk(analysis, likelihood=1, consequence=2)
    make_risk(analysis, likelihood=2, consequence=3)
    make_risk(make_analysis(), likelihood=1, consequence=2)  # another service's
    client.force_login(editor)
    page = client.get(service.get_absolute_url(), {"sections": "all"}).content.decode()
    now = _svg_cells(page, "risk-matrix-now")
    assert now[3, 4] == (2, "hög") and now[1, 2] == (1, "låg") and now[2, 3] == (1, "medel")
    assert now[4, 4] == (0, "hög") and sum(count for count, _ in now.values()) == 4 and len(now) == 16
    after = _svg_cells(page, "risk-matrix-after")
    assert after[3, 4] == (1, "hög") and after[1, 4] == (1, "låg") and after[1, 2] == (1, "låg")
    assert f"/sakerhet/risker/?service={service.pk}&amp;likelihood=3&amp;consequence=4" in page
    assert "<summary>Matrisen som tabell</summary>" in page


def test_the_region_matrix_counts_only_the_risks_the_user_may_see(client):
    editor, shielded = _editor_and_service(confidentiality=3)
    make_risk(make_analysis(shielded), likelihood=4, consequence=4)
    make_risk(make_analysis(service_factories.service()), likelihood=4, consequence=4)
    make_risk(make_analysis(service_factories.service()), likelihood=2, consequence=1)
    client.force_login(orgs.user())
    cells = _svg_cells(client.get("/sakerhet/risker/").content.decode(), "risk-matrix-region")
    assert cells[4, 4] == (1, "hög") and cells[2, 1] == (1, "låg")
    client.force_login(editor)
    cells = _svg_cells(client.get("/sakerhet/risker/").content.decode(), "risk-matrix-region")
    assert cells[4, 4] == (2, "hög")


# The region's list.

def test_the_region_list_pages_filters_sorts_and_exports(client):
    owner = orgs.organisation("HSN")
    service = service_factories.service(owner, name="Journalen")
    analysis = make_analysis(service)
    for n in range(50):
        make_risk(analysis, likelihood=1, consequence=1, description=f"Liten risk {n}")
    make_risk(analysis, likelihood=4, consequence=3, description="=Stor risk", due_date=datetime.date(2024, 1, 1),
              treatment=Risk.Treatment.REDUCE)
    make_risk(make_analysis(), likelihood=4, consequence=4, description="Annan nämnds risk",
              treatment=Risk.Treatment.AVOID)
    client.force_login(orgs.user())
    page = client.get("/sakerhet/risker/").content.decode()
    assert "52 risker" in page and "Sida 1 av 2" in page and "Stor risk" in page
    assert "Liten risk" in client.get("/sakerhet/risker/?page=2").content.decode()
    page = client.get("/sakerhet/risker/", {"owner": "HSN", "min_value": "9"}).content.decode()
    assert "1 risk" in page and "Stor risk" in page and "Annan nämnds risk" not in page
    page = client.get("/sakerhet/risker/", {"overdue": "true"}).content.decode()
    assert "1 risk" in page and "Stor risk" in page
    page = client.get("/sakerhet/risker/", {"treatment": "avoid"}).content.decode()
    assert "Annan nämnds risk" in page and "Stor risk" not in page
    page = client.get("/sakerhet/risker/", {"ordering": "-value", "service": service.pk}).content.decode()
    assert page.index("Stor risk") < page.index("Liten risk")
    page = client.get("/sakerhet/risker/", {"ordering": "value", "service": service.pk}).content.decode()
    assert "Stor risk" not in page and "Liten risk 0" in page
    page = client.get("/sakerhet/risker/", {"min_value": "abc", "likelihood": "1e300"}).content.decode()
    assert "0 risker" in page and "errorlist" in page

    response = client.get("/sakerhet/risker/export.csv", {"min_value": "12"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["risk_id", "service_id", "service"]
    assert sorted(row[5] for row in rows[1:]) == ["'=Stor risk", "Annan nämnds risk"]
    assert next(row for row in rows if row[5] == "'=Stor risk")[3] == owner.name
    response = client.get("/sakerhet/risker/export.xlsx", {"service": service.pk, "min_value": "12"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[2]][5:9] == ["=Stor risk", 4, 3, 12] and sheet.max_row == 2
    assert client.get("/sakerhet/risker/export.csv", {"min_value": "x"}).status_code == 400


# The API.

def test_the_api_records_and_refuses_as_the_action_does(api):
    editor, service = _editor_and_service()
    api.force_authenticate(editor)
    response = api.post("/api/risk-analyses/", {"service": service.pk, "performed_on": "2025-03-01",
                                                "participants": "Sara", "scope": "Allt", "review_by": "2025-02-01"},
                        format="json")
    assert response.status_code == 400 and "review_by" in response.json()
    response = api.post("/api/risk-analyses/", {"service": service.pk, "performed_on": "2025-03-01",
                                                "participants": "Sara", "scope": "Allt", "review_by": "2026-03-01"},
                        format="json")
    assert response.status_code == 201
    analysis = response.json()["id"]
    risk = {"analysis": analysis, "description": "Intrång", "likelihood": 3, "consequence": 3, "treatment": "accept"}
    response = api.post("/api/risks/", risk, format="json")
    assert response.status_code == 400
    assert response.json()["decision"] == [HIGH_NEEDS_DECISION]
    response = api.post("/api/risks/", {**risk, "likelihood": 7}, format="json")
    assert response.status_code == 400 and "likelihood" in response.json()
    response = api.post("/api/risks/", {**risk, "likelihood": "x"}, format="json")
    assert response.status_code == 400 and "likelihood" in response.json()
    assert not Risk.objects.exists()
    decision = decision_factories.decision()
    response = api.post("/api/risks/", {**risk, "decision": decision.pk}, format="json")
    assert response.status_code == 201 and response.json()["value"] == 9
    created = response.json()["id"]
    response = api.patch(f"/api/risks/{created}/", {"decision": None}, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 400 and "decision" in response.json()
    response = api.patch(f"/api/risks/{created}/", {"treatment": "reduce", "decision": None}, format="json",
                         HTTP_IF_MATCH='"1"')
    assert response.status_code == 200 and response["ETag"] == '"2"'
    response = api.patch(f"/api/risks/{created}/", {"measure": "Sent"}, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 412 and Risk.objects.get().measure == ""
    response = api.get("/api/risk-matrix/", {"service": service.pk})
    cells = {(c["likelihood"], c["consequence"]): c["count"] for c in response.json()["cells"]}
    assert response.json()["total"] == 1 and cells[3, 3] == 1 and sum(cells.values()) == 1
    assert api.get("/api/risk-matrix/", {"after_treatment": "perhaps"}).status_code == 400
    response = api.delete(f"/api/risks/{created}/", HTTP_IF_MATCH='"2"')
    assert response.status_code == 204 and not Risk.objects.exists()


# Nothing of a shielded service's risks reaches a reader, on any route; its owner's editor sees them.

@pytest.fixture
def shielded(client):
    editor, service = _editor_and_service(confidentiality=3)
    analysis = make_analysis(service, scope="Hemlig omfattning")
    risk = make_risk(analysis, likelihood=4, consequence=3, description="Hemlig risk")
    return {"editor": editor, "reader": orgs.user(), "service": service, "analysis": analysis, "risk": risk}


def _routes(s):
    return [
        s["service"].get_absolute_url() + "?sections=all",
        s["analysis"].get_absolute_url(),
        f"/sakerhet/risker/{s['risk'].pk}/",
        "/sakerhet/risker/",
        f"/sakerhet/risker/?service={s['service'].pk}",
        "/sakerhet/risker/export.csv",
        f"/api/risks/?service={s['service'].pk}",
        f"/api/risks/{s['risk'].pk}/",
        "/api/risk-analyses/",
        f"/api/risk-analyses/{s['analysis'].pk}/",
    ]


@pytest.mark.parametrize("route", range(10))
def test_a_reader_gets_no_risk_detail_of_a_shielded_service_and_its_owner_does(client, shielded, route):
    path = _routes(shielded)[route]
    client.force_login(shielded["reader"])
    response = client.get(path)
    text = response.content.decode("utf-8-sig")
    assert "Hemlig" not in text
    assert response.status_code in (200, 404)
    client.force_login(shielded["editor"])
    response = client.get(path)
    assert response.status_code == 200 and "Hemlig" in response.content.decode("utf-8-sig")


def test_a_decision_page_lists_an_accepted_risk_only_to_who_may_see_it(client, shielded):
    decision = decision_factories.decision()
    actions.update_risk(risk=shielded["risk"], treatment=Risk.Treatment.ACCEPT, decision=decision)
    client.force_login(shielded["reader"])
    assert "Hemlig risk" not in client.get(decision.get_absolute_url()).content.decode()
    client.force_login(shielded["editor"])
    assert "Hemlig risk" in client.get(decision.get_absolute_url()).content.decode()


def test_a_reader_gets_no_count_of_a_shielded_services_risks_in_the_matrices(client, api, shielded):
    client.force_login(shielded["reader"])
    page = client.get(f"/sakerhet/risker/?service={shielded['service'].pk}").content.decode()
    assert _svg_cells(page, "risk-matrix-region")[4, 3] == (0, "hög")
    api.force_authenticate(shielded["reader"])
    assert api.get("/api/risk-matrix/", {"service": shielded["service"].pk}).json()["total"] == 0
    api.force_authenticate(shielded["editor"])
    assert api.get("/api/risk-matrix/", {"service": shielded["service"].pk}).json()["total"] == 1
