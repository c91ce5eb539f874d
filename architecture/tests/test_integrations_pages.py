"""The panel on the service page, the forms, the list with its filters and export: who sees what and who may
change it, as the user sees it (in Swedish)."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from architecture import actions
from architecture.models import Dependency, Integration
from services.tests import factories as services

from . import factories
from .factories_integrations import CARE_DOCUMENTATION, DIAGNOSIS, region, shielded

pytestmark = pytest.mark.django_db


def _page(client, user, service):
    client.force_login(user)
    response = client.get(service.get_absolute_url(), {"sections": "all"})
    assert response.status_code == 200
    return response.content.decode()


def _world():
    r = region()
    r.integration = actions.create_integration(
        user=r.admin, producer=r.producer, consumer=r.consumer, kind="service_contract", platform=r.platform,
        contracts=[CARE_DOCUMENTATION], carries="Vårdkontakter")
    r.dependency = actions.add_dependency(user=r.admin, service=r.consumer, depends_on=r.platform,
                                          description="Tjänstekontrakten")
    return r


def test_the_consumers_editor_sees_the_panel_with_its_buttons(client):
    r = _world()
    page = _page(client, r.hsn_editor, r.consumer)
    assert "Integrationer och beroenden" in page and 'id="integrations"' in page and 'id="dependencies"' in page
    assert "TakeCare" in page and "GetCareDocumentation" in page and "Vårdkontakter" in page
    assert "Tjänstekontrakt via tjänsteplattformen (Regional tjänsteplattform)" in page
    assert "Lägg till en integration som tjänsten tar emot" in page and "Lägg till ett beroende" in page
    assert f"/arkitektur/integrationer/{r.integration.pk}/andra/" in page


@pytest.mark.parametrize("who", ["slso_editor", "reader", "auditor"])
def test_others_see_the_integrations_but_no_buttons(client, who):
    r = _world()
    page = _page(client, getattr(r, who), r.consumer)
    assert "TakeCare" in page and "GetCareDocumentation" in page
    assert "Lägg till en integration" not in page and "/andra/" not in page and "Lägg till ett beroende" not in page


def test_the_producer_page_shows_what_it_delivers(client):
    r = _world()
    page = _page(client, r.slso_editor, r.producer)
    assert "Levererar (integrationer ut)" in page and "Ersmo" in page
    platform_page = _page(client, r.reader, r.platform)
    assert "Andra tjänster beroende av denna" in platform_page and "Ersmo" in platform_page


def test_a_shielded_producers_integrations_are_hidden_from_a_reader_but_not_from_auditor_or_officer(client):
    r = _world()
    shielded(r.producer)
    page = _page(client, r.reader, r.consumer)
    assert "GetCareDocumentation" not in page and "TakeCare" not in page
    producer_page = _page(client, r.reader, r.producer)
    assert "Tjänstens integrationer och beroenden är säkerhetsuppgifter" in producer_page
    assert "Ersmo" not in producer_page.split("Integrationer och beroenden", 1)[1]
    for who in (r.auditor, r.officer, r.slso_editor):
        assert "GetCareDocumentation" in _page(client, who, r.consumer)
    client.force_login(r.reader)
    listed = client.get("/arkitektur/integrationer/").content.decode()
    assert "TakeCare" not in listed and "Inga integration" not in listed
    client.force_login(r.auditor)
    listed = client.get("/arkitektur/integrationer/").content.decode()
    assert "TakeCare" in listed
    # Each side links to its own list on the service page, in the open architecture section.
    assert f'href="/tjanster/{r.producer.pk}/?open=architecture#integrations-out"' in listed
    assert f'href="/tjanster/{r.consumer.pk}/?open=architecture#integrations-in"' in listed


def test_the_editor_adds_an_integration_typing_the_producer(client):
    r = region()
    client.force_login(r.hsn_editor)
    url = f"/arkitektur/tjanster/{r.consumer.pk}/integrationer/ny/"
    form = client.get(url).content.decode()
    assert 'list="producer-options"' in form and "hx-get" in form
    response = client.post(url, {
        "producer": "TakeCare", "kind": "service_contract", "platform": "Regional tjänsteplattform (HSF-012)",
        "contracts": f"{CARE_DOCUMENTATION}\n{DIAGNOSIS}\n", "criticality": "high", "phase": "active",
        "needed": "on", "carries": "Journal"})
    assert response.status_code == 302, response.content.decode()[:3000]
    integration = Integration.objects.get()
    assert (integration.producer, integration.consumer, integration.platform) == (r.producer, r.consumer, r.platform)
    assert integration.contracts.count() == 2


@pytest.mark.parametrize("data, message", [
    ({"producer": "Finns inte"}, "Inget som heter Finns inte finns i registret"),
    ({"contracts": "GetCareDocumentation"}, "är inget tjänstekontraktsnamn"),
    ({"kind": "file"}, "Bara en integration via tjänsteplattformen har tjänstekontrakt"),
    ({"platform": ""}, "anger tjänsteplattformen den går via"),
    ({"producer": "Ersmo"}, "En integration förbinder två olika tjänster"),
])
def test_bad_input_in_the_form_is_refused_with_its_message_and_nothing_stored(client, data, message):
    r = region()
    client.force_login(r.hsn_editor)
    posted = {"producer": "TakeCare", "kind": "service_contract", "platform": "Regional tjänsteplattform (HSF-012)",
              "contracts": CARE_DOCUMENTATION, "criticality": "high", "phase": "active", **data}
    response = client.post(f"/arkitektur/tjanster/{r.consumer.pk}/integrationer/ny/", posted)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Integration.objects.exists()


def test_a_user_who_may_not_edit_gets_403_on_the_forms(client):
    r = _world()
    client.force_login(r.slso_editor)
    assert client.get(f"/arkitektur/tjanster/{r.consumer.pk}/integrationer/ny/").status_code == 403
    assert client.get(f"/arkitektur/integrationer/{r.integration.pk}/andra/").status_code == 403
    assert client.post(f"/arkitektur/integrationer/{r.integration.pk}/ta-bort/").status_code == 403
    assert client.post(f"/arkitektur/beroenden/{r.dependency.pk}/ta-bort/").status_code == 403
    assert Integration.objects.exists() and Dependency.objects.exists()


def test_the_editor_edits_with_the_version_read_and_a_stale_form_is_refused(client):
    r = _world()
    client.force_login(r.hsn_editor)
    url = f"/arkitektur/integrationer/{r.integration.pk}/andra/"
    form = client.get(url).content.decode()
    assert CARE_DOCUMENTATION in form
    data = {"producer": "TakeCare", "kind": "service_contract", "platform": "Regional tjänsteplattform (HSF-012)",
            "contracts": DIAGNOSIS, "criticality": "critical", "phase": "active",
            "row_version": r.integration.row_version}
    assert client.post(url, data).status_code == 302
    stored = Integration.objects.get()
    assert stored.criticality == "critical" and list(stored.contracts.values_list("urn", flat=True)) == [DIAGNOSIS]
    stale = client.post(url, {**data, "criticality": "low"})
    assert stale.status_code == 400 and "medan du redigerade" in stale.content.decode()
    assert Integration.objects.get().criticality == "critical"


def test_the_editor_removes_an_integration_and_a_dependency(client):
    r = _world()
    client.force_login(r.hsn_editor)
    assert client.post(f"/arkitektur/integrationer/{r.integration.pk}/ta-bort/",
                       {"row_version": r.integration.row_version}).status_code == 302
    assert client.post(f"/arkitektur/beroenden/{r.dependency.pk}/ta-bort/",
                       {"row_version": r.dependency.row_version}).status_code == 302
    assert not Integration.objects.exists() and not Dependency.objects.exists()


def test_the_editor_adds_a_dependency_and_a_bad_one_is_refused(client):
    r = region()
    client.force_login(r.hsn_editor)
    url = f"/arkitektur/tjanster/{r.consumer.pk}/beroenden/ny/"
    # Cancel returns to the architecture section, open at the dependencies (a bare #anchor would land on a closed one).
    assert f'href="/tjanster/{r.consumer.pk}/?open=architecture#dependencies">Avbryt' in client.get(url).content.decode()
    refused = client.post(url, {"depends_on": "Ersmo"})
    assert refused.status_code == 400 and "En tjänst kan inte vara beroende av sig själv" in refused.content.decode()
    assert client.post(url, {"depends_on": f"Regional tjänsteplattform ({r.platform.external_id})",
                             "description": "RTP"}).status_code == 302
    assert Dependency.objects.get().depends_on == r.platform


def test_service_suggestions_while_typing(client):
    r = region()
    client.force_login(r.reader)
    answer = client.get("/forslag/service/", {"producer": "tjänstepl"}).content.decode()
    assert '<option value="Regional tjänsteplattform (HSF-012)">' in answer
    assert client.get("/forslag/service/", {"q": "\x00"}).status_code in (200, 400)


def _many(r, n=6):
    for i in range(n):
        factories.contract_integration(producer=services.service(name=f"Journal {i}"), consumer=r.consumer,
                                       platform=r.platform, urns=(CARE_DOCUMENTATION, DIAGNOSIS))


def test_the_list_costs_the_same_queries_for_few_rows_and_many(client):
    r = _world()
    client.force_login(r.reader)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/arkitektur/integrationer/").status_code == 200
    _many(r, 12)
    with CaptureQueriesContext(connection) as many:
        page = client.get("/arkitektur/integrationer/").content.decode()
    assert "Journal 11" in page
    assert len(many) == len(few)


def test_the_list_filters_by_contract_kind_and_text(client):
    r = _world()
    actions.create_integration(user=r.admin, producer=services.service(name="Personalsystem"),
                               consumer=services.service(name="Ekonomisystem"), kind="file", carries="Lönekostnader")
    client.force_login(r.reader)
    by_contract = client.get("/arkitektur/integrationer/", {"contract": "GetCareDocumentation"}).content.decode()
    assert "TakeCare" in by_contract and "Personalsystem" not in by_contract
    assert "1 integration" in by_contract
    by_kind = client.get("/arkitektur/integrationer/", {"kind": "file"}).content.decode()
    assert "Personalsystem" in by_kind and "TakeCare" not in by_kind
    by_text = client.get("/arkitektur/integrationer/", {"q": "lönekost"}).content.decode()
    assert "Personalsystem" in by_text and "TakeCare" not in by_text
    by_service = client.get("/arkitektur/integrationer/", {"service": r.producer.pk}).content.decode()
    assert "TakeCare" in by_service and "Personalsystem" not in by_service
    bad = client.get("/arkitektur/integrationer/", {"kind": "telepati", "producer": "x"})
    assert bad.status_code == 400


def test_the_export_holds_the_filtered_rows_in_csv_and_xlsx(client):
    r = _world()
    actions.create_integration(user=r.admin, producer=services.service(name="=Personalsystem"),
                               consumer=services.service(name="Ekonomisystem"), kind="file")
    client.force_login(r.reader)
    response = client.get("/arkitektur/integrationer/export.csv", {"contract": "GetCare"})
    assert response.status_code == 200 and response["Content-Disposition"].endswith('integrationer.csv"')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:5] == ["integration_id", "producer_id", "producer", "consumer_id", "consumer"]
    assert len(rows) == 2 and rows[1][2] == "TakeCare" and rows[1][7] == CARE_DOCUMENTATION
    everything = client.get("/arkitektur/integrationer/export.xlsx")
    sheet = load_workbook(io.BytesIO(everything.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert len(values) == 3 and "'=Personalsystem" not in [v[2] for v in values]
    assert "=Personalsystem" in [v[2] for v in values]  # text, never a formula (core.exports)
    assert sheet.cell(row=2, column=3).data_type == "s"
    assert client.get("/arkitektur/integrationer/export.csv", {"kind": "x"}).status_code == 400


def test_the_menu_has_the_architecture_entry(client):
    r = region()
    client.force_login(r.reader)
    assert 'href="/arkitektur/integrationer/"' in client.get("/").content.decode()


def test_the_panel_shows_the_first_rows_and_links_to_all_of_them(client, monkeypatch):
    from architecture import views

    monkeypatch.setattr(views, "PANEL_ROWS", 2)
    r = _world()
    _many(r, 2)
    for _ in range(3):
        factories.dependency(depends_on=r.platform)
    page = _page(client, r.hsn_editor, r.consumer)
    assert "De första 2 av 3 – alla finns i listan" in page and f"?consumer={r.consumer.pk}" in page
    assert "De första 2 av 4 tjänster som är beroende av denna." in _page(client, r.admin, r.platform)
