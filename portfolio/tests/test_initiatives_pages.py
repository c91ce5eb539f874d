"""The pages of initiatives and value before money, as the user sees them (in Swedish): who sees which button, the
forms with bad input, the list's filters and export, the service page's panel."""

import csv
import io

import pytest
from openpyxl import load_workbook

from ..models import Initiative, InitiativeCost, InvestmentDecision, ValueAssessment
from . import factories
from .factories_initiatives import assessed, prioritised, proposed, region

pytestmark = pytest.mark.django_db


def _get(client, user, url, status=200):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == status, response.content.decode()[:2000]
    return response.content.decode()


def test_the_list_filters_pages_and_exports(client):
    r = region()
    proposed(r, code="INI-HSN", title="Digital incheckning")
    proposed(r, owner=r.slso, service=r.slso_service, code="INI-SLSO", title="Journal i mobilen")
    page = _get(client, r.reader, "/portfolj/initiativ/")
    assert "Initiativ" in page and "INI-HSN" in page and "INI-SLSO" in page and "Föreslå ett initiativ" not in page
    page = _get(client, r.reader, "/portfolj/initiativ/?owner=slso")
    assert "INI-SLSO" in page and "INI-HSN" not in page
    page = _get(client, r.reader, f"/portfolj/initiativ/?service={r.hsn_service.pk}&q=incheck")
    assert "INI-HSN" in page and "INI-SLSO" not in page
    _get(client, r.reader, "/portfolj/initiativ/?status=nonsense", status=400)
    _get(client, r.reader, "/portfolj/initiativ/?service=1e300", status=400)
    client.force_login(r.reader)
    text = client.get("/portfolj/initiativ/export.csv?owner=HSN").content.decode().lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][0] == "code" and [row[0] for row in rows[1:]] == ["INI-HSN"]
    book = load_workbook(io.BytesIO(client.get("/portfolj/initiativ/export.xlsx").content))
    assert book.active.max_row == 3


def test_an_editor_proposes_through_the_form(client):
    r = region()
    page = _get(client, r.hsn_editor, "/portfolj/initiativ/nytt/")
    assert "Föreslaget av" in page and "Nämnd HSN (HSN)" in page
    response = client.post("/portfolj/initiativ/nytt/", {
        "title": "Digital incheckning", "need": "Köer i receptionen", "need_of": "residents",
        "proposer": "Nämnd HSN (HSN)", "owner": ""})
    assert response.status_code == 302
    initiative = Initiative.objects.get()
    assert initiative.owner == r.hsn and initiative.proposer == r.hsn and initiative.code.startswith("INI-")


def test_bad_input_in_the_form_names_the_field_and_stores_nothing(client):
    r = region()
    client.force_login(r.hsn_editor)
    response = client.post("/portfolj/initiativ/nytt/", {"title": "", "need": "x", "need_of": "aliens",
                                                          "proposer": "Okänd (XYZ)"})
    page = response.content.decode()
    assert response.status_code == 400 and "Inget som heter Okänd (XYZ) finns i registret" in page
    response = client.post("/portfolj/initiativ/nytt/", {"title": "T", "need": "x", "need_of": "staff",
                                                          "proposer": "SLSO"})
    assert response.status_code == 403
    assert not Initiative.objects.exists()


@pytest.mark.parametrize("who", ["reader", "auditor"])
def test_readers_and_auditors_may_not_propose(client, who):
    r = region()
    _get(client, getattr(r, who), "/portfolj/initiativ/nytt/", status=403)


def test_the_owners_editor_edits_and_a_stale_form_is_refused(client):
    r = region()
    initiative = proposed(r)
    url = f"/portfolj/initiativ/{initiative.pk}/andra/"
    data = {"code": initiative.code, "title": "Nytt namn", "need": "Behov", "need_of": "staff",
            "proposer": "HSN", "owner": "HSN", "row_version": 1}
    _get(client, r.slso_editor, url, status=403)
    client.force_login(r.hsn_editor)
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "title": "Över någon annans"})
    assert response.status_code == 400 and "Någon annan ändrade" in response.content.decode()
    assert Initiative.objects.get().title == "Nytt namn"


def test_the_detail_page_shows_buttons_only_to_those_who_may_use_them(client):
    r = region()
    initiative = proposed(r)
    url = initiative.get_absolute_url()
    page = _get(client, r.hsn_editor, url)
    assert "Redigera" in page and "Lägg till en tjänst" in page and "Ersmo" in page
    assert "Värdera nyttan" not in page and "Registrera investeringsbeslutet" not in page
    assert "Ingen nyttovärdering är registrerad" in page
    page = _get(client, r.office, url)
    assert "Värdera nyttan för 2026" in page and "Lägg till en tjänst" not in page
    for who in ("reader", "auditor", "slso_editor"):
        page = _get(client, getattr(r, who), url)
        assert "Lägg till en tjänst" not in page and "Värdera nyttan" not in page


def test_services_benefits_and_costs_through_the_forms(client):
    r = region()
    initiative = factories.initiative(r.hsn)
    client.force_login(r.hsn_editor)
    base = f"/portfolj/initiativ/{initiative.pk}"
    assert client.post(f"{base}/tjanster/ny/", {"service": "Ersmo (HSF-002)", "effect": "changes"}).status_code == 302
    response = client.post(f"{base}/tjanster/ny/", {"service": "Ingen sådan", "effect": "changes"})
    assert response.status_code == 400 and "Inget som heter Ingen sådan finns i registret" in response.content.decode()
    assert client.post(f"{base}/kostnader/ny/", {"year": 2026, "estimated_investment": "1 234,50",
                                                 "estimated_running": "100"}).status_code == 302
    cost = InitiativeCost.objects.get()
    assert (cost.estimated_investment, cost.estimated_running) == (123450, 10000)
    assert client.post(f"{base}/kostnader/ny/", {"year": 2027, "estimated_investment": "-5",
                                                 "estimated_running": "0"}).status_code == 400
    assert client.post(f"{base}/nyttor/ny/", {"kind": "staff", "description": "Mindre köer", "measure": "Minuter",
                                              "baseline": "10", "target": "2", "target_year": "2027",
                                              "direction": "lower"}).status_code == 302
    page = _get(client, r.hsn_editor, initiative.get_absolute_url())
    assert "1\u00a0234,50" in page and "Mindre köer" in page and "Ändrar tjänsten" in page
    client.force_login(r.slso_editor)
    assert client.post(f"{base}/kostnader/ny/", {"year": 2028, "estimated_investment": "1",
                                                 "estimated_running": "1"}).status_code == 403
    # The service page's panel names the initiative.
    page = _get(client, r.reader, r.hsn_service.get_absolute_url() + "?sections=all")
    assert initiative.code in page


def test_the_governance_office_assesses_through_the_form(client):
    r = region()
    initiative = proposed(r)
    url = f"/portfolj/initiativ/{initiative.pk}/vardering/"
    _get(client, r.hsn_editor, url, status=403)
    page = _get(client, r.office, url)
    assert "Nytta (0–5)" in page and "Risk (0–7)" in page
    bad = client.post(url, {"assessed_on": "2026-03-01", f"score_{r.benefit.pk}": 9, f"score_{r.risk.pk}": 3})
    assert bad.status_code == 400 and not ValueAssessment.objects.exists()
    done = client.post(url, {"assessed_on": "2026-03-01", f"score_{r.benefit.pk}": 4, f"score_{r.risk.pk}": 3,
                             "summary": "Stor nytta"})
    assert done.status_code == 302
    assert str(ValueAssessment.objects.get().score) == "70.714"
    page = _get(client, r.reader, initiative.get_absolute_url())
    assert "2026: viktad poäng 70,714" in page and "Värderat" in page


def test_the_bearers_secretariat_records_the_investment_decision(client):
    r = region()
    initiative = prioritised(r)
    url = f"/portfolj/initiativ/{initiative.pk}/investeringsbeslut/"
    _get(client, r.rs_secretariat, url, status=403)
    page = _get(client, r.hsn_secretariat, initiative.get_absolute_url())
    assert "Registrera investeringsbeslutet" in page and "Beslutas av Nämnd HSN" in page
    page = _get(client, r.hsn_secretariat, url)
    assert "Investeringen beslutas av Nämnd HSN" in page
    bad = client.post(url, {"registry_number": "fel", "decided_on": "2026-04-01", "title": "Beslut",
                            "amount": "100", "row_version": initiative.row_version})
    assert bad.status_code == 400 and not InvestmentDecision.objects.exists()
    response = client.post(url, {"registry_number": "HSN 2026-0100", "decided_on": "2026-04-01",
                                 "title": "Investeringsbeslut", "amount": "5 000 000",
                                 "row_version": initiative.row_version})
    assert response.status_code == 302
    investment = InvestmentDecision.objects.get()
    assert investment.body == r.hsn and investment.amount == 500_000_000
    assert Initiative.objects.get().status == "decided"


def test_the_decision_page_says_why_without_an_assessment(client):
    r = region()
    initiative = proposed(r, status="prioritised")
    page = _get(client, r.hsn_secretariat, f"/portfolj/initiativ/{initiative.pk}/investeringsbeslut/", status=400)
    assert "Värdering före investering" in page


def test_criteria_and_weights(client):
    r = region()
    page = _get(client, r.reader, "/portfolj/kriterier/")
    assert "Kriterier och vikter" in page and "Nytta" in page and "Ändra vikterna" not in page
    page = _get(client, r.office, "/portfolj/kriterier/")
    assert "Ändra vikterna för 2026" in page and "Lägg till ett kriterium" not in page
    _get(client, r.office, "/portfolj/kriterier/nytt/", status=403)
    client.force_login(r.office)
    response = client.post("/portfolj/kriterier/vikter/2026/", {f"weight_{r.benefit.pk}": "2",
                                                                 f"version_{r.benefit.pk}": 1})
    assert response.status_code == 302
    assert r.year.weights.get(criterion=r.benefit).weight == 2
    assert client.post("/portfolj/kriterier/vikter/2026/", {f"weight_{r.risk.pk}": "-1"}).status_code == 400
    _get(client, r.hsn_editor, "/portfolj/kriterier/vikter/2026/", status=403)
    client.force_login(r.admin)
    assert client.post("/portfolj/kriterier/nytt/", {"code": "strategi", "name": "Strategi", "aspect": "strategic_fit",
                                                      "scale_max": 5, "order": 3, "active": "on"}).status_code == 302


def test_the_history_and_the_suggestions(client):
    r = region()
    initiative = proposed(r)
    assessed(r, initiative)
    page = _get(client, r.reader, f"/portfolj/initiativ/{initiative.pk}/historik/")
    assert "Historik" in page
    assert "Nämnd HSN (HSN)" in _get(client, r.reader, "/forslag/organisation/?proposer=HSN")
    assert "Ersmo (HSF-002)" in _get(client, r.reader, "/forslag/service/?service=Ers")
