"""The administrator's journey in a real browser (issue 13, done means): create a responsibility domain and an
organisation, give a user a membership (the user picked through the search field), and link a component to a
service through the search field."""

import pytest

from conftest import sign_in
from lifecycle.models import Component
from organisations.models import Domain, Membership, Organisation
from styr import demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _pick(page, field, typed, option_list, text):
    field.fill(typed)
    page.wait_for_selector(f"#{option_list} option[value='{text}']", state="attached")
    field.fill(text)


def test_administrator_maintains_the_chart_and_links_a_component(page, live_server):
    services = demo.build()
    sign_in(page, live_server, "admin")

    page.goto(f"{live_server.url}/organisationer/")
    page.get_by_role("link", name="Områden").click()
    page.get_by_role("link", name="Nytt område").click()
    page.get_by_label("Kod").fill("kultur")
    page.get_by_label("Namn").fill("Kultur och fritid")
    _pick(page, page.get_by_label("Beslutande nämnd"), "Hälso", "board-options",
          "Hälso- och sjukvårdsnämnden (HSN)")
    page.get_by_role("button", name="Spara området").click()
    page.wait_for_selector("text=Området Kultur och fritid sparades.")
    assert Domain.objects.get(code="kultur").deciding_board.code == "HSN"

    page.goto(f"{live_server.url}/organisationer/")
    page.get_by_role("link", name="Ny organisation").click()
    page.get_by_label("Kod").fill("KFN")
    page.get_by_label("Namn").fill("Kultur- och fritidsnämnden")
    page.get_by_label("Typ").select_option(label="Nämnd")
    _pick(page, page.get_by_label("Del av organisation"), "Region", "parent-options", "Region Stockholm (RS)")
    page.get_by_role("button", name="Spara organisationen").click()
    page.wait_for_selector("text=Organisationen Kultur- och fritidsnämnden sparades.")
    kfn = Organisation.objects.get(code="KFN")
    assert kfn.parent.code == "RS"

    page.get_by_role("link", name="Hantera medlemskap").click()
    _pick(page, page.get_by_label("Användare"), "Lars", "user-options", "Lars Läsare (lasare)")
    page.get_by_label("Roll").select_option(label="Redaktör")
    page.get_by_role("button", name="Ge medlemskapet").click()
    page.wait_for_selector("text=lasare är nu redaktör i Kultur- och fritidsnämnden.")
    assert Membership.objects.filter(user__username="lasare", organisation=kfn, role="editor").exists()

    postgres = Component.objects.get(name="PostgreSQL", version="16")
    page.goto(f"{live_server.url}/livscykel/komponenter/")
    page.get_by_role("link", name="PostgreSQL 16").click()
    ersmo = services["HSF-002"]
    _pick(page, page.get_by_label("Tjänst"), "Ersm", "component-service-options", f"Ersmo ({ersmo.external_id})")
    page.get_by_role("button", name="Koppla tjänsten").click()
    page.wait_for_selector("text=Ersmo kör nu på PostgreSQL 16.")
    assert postgres.services.filter(pk=ersmo.pk).exists()
