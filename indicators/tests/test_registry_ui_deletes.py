"""Every removal asks first (issue 13): a deviation's plan action."""

import pytest

from indicators.models import PlanAction

from . import factories as f
from . import factories_followup as ff

pytestmark = pytest.mark.django_db


def test_removing_a_plan_action_asks_first_and_carries_the_version(client):
    action = f.plan_action()
    client.force_login(ff.office())
    page = client.get(action.deviation.get_absolute_url()).content.decode()
    assert f'method="get" action="/indikatorer/atgarder/{action.pk}/ta-bort/"' in page
    url = f"/indikatorer/atgarder/{action.pk}/ta-bort/?row_version={action.row_version}"
    assert "Ta bort" in client.get(url).content.decode() and PlanAction.objects.exists()
    client.post(f"/indikatorer/atgarder/{action.pk}/ta-bort/?row_version=9")  # stale: nothing goes
    assert PlanAction.objects.exists()
    assert client.post(url).status_code == 302 and not PlanAction.objects.exists()
