"""Every removal asks first (issue 13): an action plan's activity."""

import datetime

import pytest
from django.urls import reverse

from organisations.tests import factories as org_factories

from .. import actions_plans as actions
from ..models import Activity
from . import factories_analysis as fa

pytestmark = pytest.mark.django_db


def test_removing_an_activity_asks_first_and_carries_the_version(client):
    world = fa.world()
    editor = org_factories.user("slso-t", editor_of=world["slso"])
    plan = actions.create_plan(user=editor, round=world["r26"], unit=world["primary"], title="Handlingsplan 2026")
    activity = actions.add_activity(user=editor, plan=plan, title="Utbilda", responsible="Chef",
                                    due=datetime.date(2026, 12, 1), level="local")
    client.force_login(editor)
    page = client.get(reverse("maturity:plan", args=[plan.pk])).content.decode()
    url = reverse("maturity:plan-activity-remove", args=[activity.pk])
    assert f'method="get" action="{url}"' in page
    confirm = client.get(url, {"row_version": activity.row_version})
    assert confirm.status_code == 200 and "Ta bort" in confirm.content.decode()
    assert Activity.objects.filter(pk=activity.pk).exists()
    assert client.post(f"{url}?row_version={activity.row_version}").status_code == 302
    assert not Activity.objects.filter(pk=activity.pk).exists()
