"""Action plans: who may change them (the plan owner's editors), the rules held by the actions (owner is the unit's
organisation, goals on the round's model's categories, an activity's goal in its own plan), row versions, the list
with its filter and export, the API, and R22 — a unit without a plan after the deadline — broken and kept."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.versioning import StaleVersion
from organisations.tests import factories as org_factories
from portfolio.tests import factories as portfolio_factories

from .. import actions_plans as actions
from .. import rules
from ..models import ActionPlan, Activity, Round
from . import factories as f
from . import factories_analysis as fa

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    found = fa.world()
    found["editor"] = org_factories.user("slso-t", editor_of=found["slso"])
    found["other_editor"] = org_factories.user("ds-t", editor_of=found["ds"])
    return found


def _plan(world, **fields):
    return actions.create_plan(user=world["editor"], round=world["r26"], unit=world["primary"],
                               title="Handlingsplan Primärvården 2026", **fields)


def test_a_units_plan_is_its_organisations_and_its_editors_make_it(world):
    plan = _plan(world)
    assert plan.owner == world["slso"]
    with pytest.raises(PermissionDenied):
        actions.create_plan(user=world["other_editor"], round=world["r26"], unit=world["primary"], title="X")


def test_a_units_plan_cannot_be_owned_by_another_organisation(world):
    admin = org_factories.user("admin-t", admin=True)
    with pytest.raises(ValidationError) as refused:
        actions.create_plan(user=admin, round=world["r26"], unit=world["primary"], owner=world["ds"], title="X")
    assert "owner" in refused.value.message_dict


def test_a_unit_not_assessed_in_the_round_has_no_plan_in_it(world):
    other = f.unit(world["slso"], "SLSO-EJ")
    with pytest.raises(ValidationError) as refused:
        actions.create_plan(user=world["editor"], round=world["r26"], unit=other, title="X")
    assert "unit" in refused.value.message_dict


def test_one_plan_per_unit_and_round(world):
    _plan(world)
    with pytest.raises(ValidationError):
        _plan(world)


def test_a_region_wide_plan_needs_an_owner_and_is_its_editors(world):
    with pytest.raises(ValidationError):
        actions.create_plan(user=world["editor"], round=world["r26"], title="Regionen")
    plan = actions.create_plan(user=world["editor"], round=world["r26"], owner=world["slso"], title="Regionen")
    assert plan.unit is None
    with pytest.raises(PermissionDenied):
        actions.update_plan(user=world["other_editor"], plan=plan, title="Annat")


def test_a_goal_is_on_a_category_of_the_rounds_model(world):
    plan = _plan(world)
    goal = actions.add_goal(user=world["editor"], plan=plan, category=world["v2"].categories.get(code="a"),
                            text="Nå nivå 4")
    assert goal.plan == plan
    with pytest.raises(ValidationError) as refused:
        actions.add_goal(user=world["editor"], plan=plan, category=world["v1"].categories.get(code="a"), text="X")
    assert "category" in refused.value.message_dict


def test_an_activity_goal_is_of_its_own_plan_and_an_initiative_may_carry_it(world):
    plan = _plan(world)
    other_plan = actions.create_plan(user=world["other_editor"], round=world["r26"], unit=world["geriatric"],
                                     title="DS")
    foreign = actions.add_goal(user=world["other_editor"], plan=other_plan,
                               category=world["v2"].categories.get(code="a"), text="X")
    fields = dict(title="Utbilda", responsible="Chef", due=datetime.date(2026, 12, 1), level="central")
    with pytest.raises(ValidationError) as refused:
        actions.add_activity(user=world["editor"], plan=plan, goal=foreign, **fields)
    assert "goal" in refused.value.message_dict
    initiative = portfolio_factories.initiative()
    activity = actions.add_activity(user=world["editor"], plan=plan, initiative=initiative, **fields)
    assert activity.initiative == initiative and activity.level == Activity.Level.CENTRAL


def test_a_stale_edit_is_refused(world):
    plan = _plan(world)
    actions.update_plan(user=world["editor"], plan=ActionPlan.objects.get(pk=plan.pk), expected_version=1, title="A")
    with pytest.raises(StaleVersion):
        actions.update_plan(user=world["editor"], plan=ActionPlan.objects.get(pk=plan.pk), expected_version=1,
                            title="B")


def test_the_plan_page_shows_edit_buttons_only_to_the_owners_editors(world, client):
    plan = _plan(world)
    client.force_login(world["other_editor"])
    page = client.get(reverse("maturity:plan", args=[plan.pk]))
    assert page.status_code == 200 and "Lägg till en aktivitet" not in page.content.decode()
    assert client.get(reverse("maturity:plan-activity-add", args=[plan.pk])).status_code == 403
    client.force_login(world["editor"])
    assert "Lägg till en aktivitet" in client.get(reverse("maturity:plan", args=[plan.pk])).content.decode()


def test_an_activity_is_added_through_the_form_with_the_initiative_typed(world, client):
    plan = _plan(world)
    initiative = portfolio_factories.initiative(code="INI-T-1", title="Digital vårdplanering")
    client.force_login(world["editor"])
    response = client.post(reverse("maturity:plan-activity-add", args=[plan.pk]), {
        "title": "Införa digital vårdplanering", "responsible": "Verksamhetschef", "due": "2026-11-30",
        "status": "planned", "level": "local", "initiative": "Digital vårdplanering (INI-T-1)"})
    assert response.status_code == 302
    assert plan.activities.get().initiative == initiative
    bad = client.post(reverse("maturity:plan-activity-add", args=[plan.pk]), {
        "title": "X", "responsible": "Y", "due": "2026-11-30", "status": "planned", "level": "local",
        "initiative": "Finns inte (INI-0)"})
    assert bad.status_code == 400 and plan.activities.count() == 1


def test_a_stale_form_is_refused_with_a_message(world, client):
    plan = _plan(world)
    client.force_login(world["editor"])
    actions.update_plan(user=world["editor"], plan=plan, title="Ändrad av någon annan")
    response = client.post(reverse("maturity:plan-edit", args=[plan.pk]), {"title": "Min", "row_version": 1})
    assert response.status_code == 400 and "ändrade" in response.content.decode()
    assert ActionPlan.objects.get(pk=plan.pk).title == "Ändrad av någon annan"


def test_plan_list_filters_and_exports(world, client):
    plan = _plan(world)
    actions.add_activity(user=world["editor"], plan=plan, title="Utbilda", responsible="Chef",
                         due=datetime.date(2026, 12, 1), level="central")
    client.force_login(world["other_editor"])
    page = client.get(reverse("maturity:plans"), {"level": "central", "organisation": "SLSO-T"})
    assert page.status_code == 200 and [p.pk for p in page.context["page"].object_list] == [plan.pk]
    assert client.get(reverse("maturity:plans"), {"level": "local"}).context["page"].paginator.count == 0
    assert client.get(reverse("maturity:plans"), {"round": "x"}).status_code == 400
    export = client.get(reverse("maturity:plan-export", args=["csv"]), {"level": "central"})
    lines = export.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("plan_id;round;unit_code") and "SLSO-PV" in lines[1] and "Centralt" in lines[1]


def test_plan_api_refuses_another_organisations_editor_and_needs_the_version(world, client):
    plan = _plan(world)
    client.force_login(world["other_editor"])
    answer = client.post("/api/maturity-plans/", {"round": world["r26"].pk, "unit": world["primary"].pk,
                                                  "title": "X"}, content_type="application/json")
    assert answer.status_code in (400, 403)
    assert client.patch(f"/api/maturity-plans/{plan.pk}/", {"title": "Y"}, content_type="application/json",
                        headers={"if-match": '"1"'}).status_code == 403
    client.force_login(world["editor"])
    assert client.patch(f"/api/maturity-plans/{plan.pk}/", {"title": "Y"},
                        content_type="application/json").status_code == 428
    ok = client.patch(f"/api/maturity-plans/{plan.pk}/", {"title": "Y"}, content_type="application/json",
                      headers={"if-match": '"1"'})
    assert ok.status_code == 200 and ok.json()["row_version"] == 2
    bad = client.post("/api/maturity-activities/", {"plan": plan.pk, "title": "X", "responsible": "Y",
                                                    "due": "not a date", "level": "local"},
                      content_type="application/json")
    assert bad.status_code == 400


def _findings(today):
    return list(rules.RULES[0].failing(today).values_list("unit__code", "round__name"))


def test_rule_a_unit_without_a_plan_after_the_deadline_is_a_finding(world):
    # 2026-04-30 + 90 days = 2026-07-29; only the units' latest round counts (2025 was re-assessed in 2026)
    assert _findings(datetime.date(2026, 7, 29)) == []
    assert sorted(_findings(datetime.date(2026, 7, 30))) == [("DS-GER", "Mätning 2026"), ("SLSO-PV", "Mätning 2026")]


def test_rule_kept_by_a_plan(world):
    _plan(world)
    assert _findings(datetime.date(2026, 12, 1)) == [("DS-GER", "Mätning 2026")]
    [finding] = rules.describe(rules.RULES[0].failing(datetime.date(2026, 12, 1)))
    assert finding["owner"] == "DS-T" and finding["link"] == reverse(
        "maturity:unit-result", args=[world["r26"].pk, world["geriatric"].pk])


def test_rule_asks_nothing_of_an_open_round(world):
    Round.objects.filter(pk=world["r26"].pk).update(status=Round.Status.OPEN)
    # the 2025 round is then the units' latest closed one, long past its deadline
    assert sorted(_findings(datetime.date(2026, 12, 1))) == [("DS-GER", "Mätning 2025"), ("SLSO-PV", "Mätning 2025")]


def test_rule_is_registered():
    from core import registry
    assert rules.RULE_ID in registry.RULES


def test_an_activity_is_removed_by_the_owners_editor_only_at_the_version_shown(world, client):
    plan = _plan(world)
    activity = actions.add_activity(user=world["editor"], plan=plan, title="Utbilda", responsible="Chef",
                                    due=datetime.date(2026, 12, 1), level="local")
    url = reverse("maturity:plan-activity-remove", args=[activity.pk])
    client.force_login(world["other_editor"])
    assert client.post(url, {"row_version": 1}).status_code == 403
    client.force_login(world["editor"])
    client.post(url, {"row_version": 7})
    assert Activity.objects.filter(pk=activity.pk).exists()
    assert client.post(url, {"row_version": 1}).status_code == 302
    assert not Activity.objects.filter(pk=activity.pk).exists()


def test_a_region_wide_plans_owner_is_typed_with_suggestions_and_a_wrong_one_named(world, client):
    client.force_login(world["editor"])
    form = client.get(reverse("maturity:plan-create")).content.decode()
    assert 'name="owner"' in form and 'hx-get="/forslag/organisation/"' in form
    data = {"round": world["r26"].pk, "unit": "", "title": "Regionens plan"}
    other = client.post(reverse("maturity:plan-create"), {**data, "owner": "Danderyds sjukhus (DS-T)"})
    assert "Inget som heter Danderyds sjukhus (DS-T) finns i registret" in other.content.decode()  # not theirs
    unknown = client.post(reverse("maturity:plan-create"), {**data, "owner": "Okänd förvaltning"})
    assert "Inget som heter Okänd förvaltning finns i registret" in unknown.content.decode()
    assert not ActionPlan.objects.exists()
    good = client.post(reverse("maturity:plan-create"), {**data, "owner": "Stockholms läns sjukvårdsområde"})
    assert good.status_code == 302 and ActionPlan.objects.get().owner == world["slso"]
