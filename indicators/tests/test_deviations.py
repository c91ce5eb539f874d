"""Deviations from target (002 §11): opened by outcomes and forecasts beyond the threshold on the unfavourable
side, one open per indicator, year, basis and period, kept open until followed up with an analysis, a plan and
a note; and R17-HANDLINGSPLAN, the rule over them."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core import registry
from indicators import actions
from indicators.models import Deviation
from rules import queries as rule_queries

from . import factories as f
from . import factories_followup as ff

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 1)
D = Decimal


def _forecast(indicator, value, year=2026):
    return actions.enter_forecast(indicator=indicator, year=year, forecast=D(value), today=TODAY)[1]


def test_a_forecast_below_target_beyond_the_threshold_opens_a_deviation():
    indicator = f.indicator(deviation_threshold=D(5))
    actions.set_target(indicator=indicator, year=2026, target=D(60))
    assert _forecast(indicator, "55") == []  # 5 below: within the threshold
    [evaluation] = _forecast(indicator, "54.9")
    assert evaluation.opened and evaluation.deviates
    deviation = Deviation.objects.get()
    assert (deviation.basis, deviation.period, deviation.value, deviation.target, deviation.opened_on) == (
        "forecast", "year", D("54.9"), D(60), TODAY)


def test_above_target_is_the_unfavourable_side_when_lower_is_better():
    indicator = f.indicator(direction="lower", deviation_threshold=D(2), unit="dagar")
    actions.set_target(indicator=indicator, year=2026, target=D(10))
    assert _forecast(indicator, "5") == []  # far below: better, not a deviation
    [evaluation] = _forecast(indicator, "12.5")
    assert evaluation.opened and Deviation.objects.get().value == D("12.5")


def test_higher_is_better_far_above_target_is_no_deviation():
    indicator = f.indicator()
    actions.set_target(indicator=indicator, year=2026, target=D(60))
    assert _forecast(indicator, "99") == [] and not Deviation.objects.exists()


def test_an_outcome_opens_its_own_deviation_per_period():
    indicator = f.indicator()
    actions.set_target(indicator=indicator, year=2026, target=D(60))
    actions.record_outcome(indicator=indicator, year=2026, period="Q1", value=D(40), source="1177", today=TODAY)
    actions.record_outcome(indicator=indicator, year=2026, period="Q2", value=D(41), source="1177", today=TODAY)
    assert set(Deviation.objects.values_list("basis", "period")) == {("outcome", "Q1"), ("outcome", "Q2")}


def test_a_new_figure_updates_the_open_deviation_and_one_back_within_leaves_it_open():
    indicator = f.indicator()
    actions.set_target(indicator=indicator, year=2026, target=D(60))
    _forecast(indicator, "40")
    [again] = _forecast(indicator, "45")
    assert not again.opened and again.deviates
    assert Deviation.objects.count() == 1 and Deviation.objects.get().value == D(45)
    [within] = _forecast(indicator, "59")
    deviation = Deviation.objects.get()
    assert not within.deviates and deviation.status == "open" and deviation.value == D(59)
    assert actions.within_threshold(deviation)


def test_a_new_target_is_compared_too():
    indicator = f.indicator()
    actions.set_target(indicator=indicator, year=2026, target=D(50))
    _forecast(indicator, "48")
    assert not Deviation.objects.exists()
    actions.set_target(indicator=indicator, year=2026, target=D(70), today=TODAY)
    assert Deviation.objects.get().target == D(70)


def test_no_target_no_deviation():
    indicator = f.indicator()
    assert _forecast(indicator, "1") == [] and not Deviation.objects.exists()


def test_the_database_keeps_one_open_deviation_per_indicator_year_basis_and_period():
    indicator = f.indicator()
    f.deviation(indicator)
    with pytest.raises(IntegrityError), transaction.atomic():
        f.deviation(indicator)
    f.deviation(indicator, status="followed_up", cause_analysis="x", follow_up="y",
                followed_up_on=datetime.date(2026, 7, 1))  # a followed-up one does not count


def test_a_followed_up_figure_does_not_reopen_but_a_new_deviating_one_does():
    indicator = f.indicator()
    actions.set_target(indicator=indicator, year=2026, target=D(60))
    _forecast(indicator, "40")
    deviation = Deviation.objects.get()
    actions.record_analysis(deviation=deviation, cause_analysis="Orsak")
    actions.add_plan_action(deviation=deviation, action="Gör", responsible="Anna", due=datetime.date(2026, 9, 1))
    actions.follow_up(deviation=deviation, follow_up="Klart", followed_up_on=datetime.date(2026, 10, 1))
    assert actions.evaluate_deviations(indicator=indicator, year=2026) == []
    assert Deviation.objects.filter(status="open").count() == 0
    [evaluation] = _forecast(indicator, "42")
    assert evaluation.opened and Deviation.objects.count() == 2


def test_follow_up_needs_an_analysis_an_action_a_note_and_a_date_not_before_opening():
    deviation = f.deviation()
    with pytest.raises(ValidationError) as refused:
        actions.follow_up(deviation=deviation, follow_up="")
    assert set(refused.value.message_dict) == {"cause_analysis", "actions", "follow_up"}
    actions.record_analysis(deviation=deviation, cause_analysis="Orsaker")
    f.plan_action(deviation)
    with pytest.raises(ValidationError) as early:
        actions.follow_up(deviation=deviation, follow_up="Klart", followed_up_on=datetime.date(2026, 1, 1))
    assert "followed_up_on" in early.value.message_dict
    done = actions.follow_up(deviation=deviation, follow_up="Klart", followed_up_on=datetime.date(2026, 11, 1))
    assert done.status == "followed_up" and Deviation.objects.get().followed_up_on == datetime.date(2026, 11, 1)
    with pytest.raises(ValidationError):  # closed: its plan is kept as it was
        actions.add_plan_action(deviation=done, action="Mer", responsible="B", due=datetime.date(2027, 1, 1))


def test_the_database_refuses_a_follow_up_without_analysis():
    deviation = f.deviation()
    with pytest.raises(IntegrityError), transaction.atomic():
        Deviation.objects.filter(pk=deviation.pk).update(status="followed_up", follow_up="x",
                                                         followed_up_on=datetime.date(2026, 7, 1))


def test_analysis_and_plan_actions_are_checked():
    deviation = f.deviation()
    with pytest.raises(ValidationError):
        actions.record_analysis(deviation=deviation, cause_analysis="   ")
    with pytest.raises(ValidationError):
        actions.add_plan_action(deviation=deviation, action=" ", responsible="Anna", due=datetime.date(2026, 9, 1))
    action = actions.add_plan_action(deviation=deviation, action="Kampanj", responsible="Anna",
                                     due=datetime.date(2026, 9, 1))
    actions.update_plan_action(plan_action=action, status="done", row_version=1)
    with pytest.raises(ValidationError):  # stale: read version 1, the row has 2
        actions.update_plan_action(plan_action=action, status="planned", row_version=1)
    actions.remove_plan_action(plan_action=action, row_version=2)
    assert not deviation.actions.exists()


# R17-HANDLINGSPLAN ------------------------------------------------------------------------------------------

def _r17(**narrowing):
    return [x for x in rule_queries.findings(TODAY, **narrowing) if x["rule"] == "R17-HANDLINGSPLAN"]


def test_r17_an_open_deviation_without_a_plan_is_a_finding_with_its_owner_and_link():
    hsn = ff.board()
    deviation = f.deviation(f.indicator(owner=hsn))
    [finding] = _r17()
    assert (finding["subject"], finding["subject_id"], finding["owner"], finding["link"]) == (
        "deviation", deviation.pk, "HSN", f"/indikatorer/avvikelser/{deviation.pk}/")
    assert finding["service_id"] is None and "e-tjanster" in finding["label"]
    assert registry.RULES["R17-HANDLINGSPLAN"].source == "002 §11"


def test_r17_analysis_without_actions_or_actions_without_analysis_is_still_a_finding():
    deviation = f.deviation()
    actions.record_analysis(deviation=deviation, cause_analysis="Orsaker")
    assert len(_r17()) == 1
    other = f.deviation(f.indicator(code="annan"))
    f.plan_action(other)
    assert {x["subject_id"] for x in _r17()} == {deviation.pk, other.pk}


def test_r17_a_deviation_with_analysis_and_plan_is_kept():
    deviation = f.deviation()
    actions.record_analysis(deviation=deviation, cause_analysis="Orsaker")
    f.plan_action(deviation)
    assert _r17() == []
    counted = {rule.id: (a, n) for rule, a, n in rule_queries.counts(TODAY)}
    assert counted["R17-HANDLINGSPLAN"] == (1, 0)


def test_r17_a_followed_up_deviation_is_no_finding_and_not_counted():
    f.deviation(status="followed_up", cause_analysis="x", follow_up="y", followed_up_on=datetime.date(2026, 7, 1))
    assert _r17() == []
    counted = {rule.id: (a, n) for rule, a, n in rule_queries.counts(TODAY)}
    assert counted["R17-HANDLINGSPLAN"] == (0, 0)


def test_r17_counts_per_owner_and_narrowing():
    hsn = ff.board()
    f.deviation(f.indicator(owner=hsn))
    f.deviation(f.indicator(code="regionens"))
    rows = {(r, o): (a, n) for r, o, a, n in rule_queries.counts_by_owner(TODAY) if r == "R17-HANDLINGSPLAN"}
    assert rows == {("R17-HANDLINGSPLAN", hsn.pk): (1, 1), ("R17-HANDLINGSPLAN", f.region().pk): (1, 1)}
    assert [x["owner"] for x in _r17(owner=hsn.pk, services=[])] == ["HSN"]
    assert _r17(services=[1]) == []  # narrowed to services (a service's panel, a domain): not about them
    counted, found = rule_queries.counts_and_findings(TODAY, rule_ids={"R17-HANDLINGSPLAN"})
    assert [(r.id, a, n) for r, a, n in counted] == [("R17-HANDLINGSPLAN", 2, 2)] and len(found) == 2
