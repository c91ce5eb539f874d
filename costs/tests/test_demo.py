import pytest

from costs import queries
from organisations.tests import factories as orgs
from styr import demo

pytestmark = pytest.mark.django_db


def test_demo_shows_each_board_its_bill_and_the_change_since_last_year(client):
    demo.build()
    run = queries.latest_run(2026)
    assert run.allocated_ore + sum(p.get("amount_ore", 0) for p in run.problems) == run.total_cost_ore
    assert {p["problem"] for p in run.problems} == {"no_funding_model"}  # FRAPP: a free good
    client.force_login(orgs.user())
    page = client.get(f"/kostnader/korning/{run.pk}/KS/").content.decode()
    assert "Förändring sedan 2025" in page
    assert "ändrad finansieringsmodell" in page  # Ersmo went from equal share to a fee by users
    assert "Elektroniska katalogen" in page


def test_the_demo_finance_user_keeps_costs_and_registers_nothing(client):
    from django.contrib.auth import get_user_model

    from core import access

    demo.build()
    ekonom = get_user_model().objects.get(username="ekonom")
    assert access.may_change_costs(ekonom) and not access.is_administrator(ekonom)
    assert not access.may_register(ekonom)
    client.force_login(ekonom)
    assert "Lägg till en kostnadsrad" in client.get("/kostnader/rader/").content.decode()
    assert client.get("/tjanster/ny/").status_code == 403
