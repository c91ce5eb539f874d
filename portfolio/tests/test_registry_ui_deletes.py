"""Every removal asks first (issue 13): an initiative's benefit."""

import pytest

from portfolio.models import Benefit

from . import factories
from .factories_initiatives import proposed, region

pytestmark = pytest.mark.django_db


def test_removing_a_benefit_asks_first_and_carries_the_version(client):
    r = region()
    initiative = proposed(r)
    benefit = factories.benefit(initiative)
    client.force_login(r.hsn_editor)
    page = client.get(initiative.get_absolute_url()).content.decode()
    assert f'method="get" action="/portfolj/initiativ/nyttor/{benefit.pk}/ta-bort/"' in page or "ta-bort" in page
    url = f"/portfolj/initiativ/nyttor/{benefit.pk}/ta-bort/"
    response = client.get(url, {"row_version": benefit.row_version})
    assert response.status_code == 200 and "Ta bort" in response.content.decode()
    assert Benefit.objects.filter(pk=benefit.pk).exists()
    assert client.post(f"{url}?row_version={benefit.row_version}").status_code == 302
    assert not Benefit.objects.filter(pk=benefit.pk).exists()


def test_a_reader_gets_no_confirmation(client):
    r = region()
    benefit = factories.benefit(proposed(r))
    client.force_login(r.slso_editor)
    assert client.get(f"/portfolj/initiativ/nyttor/{benefit.pk}/ta-bort/").status_code in (403, 404)
    assert Benefit.objects.filter(pk=benefit.pk).exists()
