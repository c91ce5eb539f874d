"""Initiatives and value before money through the actions: every rule broken and kept, and who may do what."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from core import registry
from core.versioning import StaleVersion
from decisions.tests import factories as decision_factories
from services.tests import factories as services

from .. import actions, rules
from ..models import Initiative, InitiativeService, InvestmentDecision, ValueAssessment
from . import factories
from .factories_initiatives import assessed, prioritised, proposed, region

pytestmark = pytest.mark.django_db
Status = Initiative.Status


def _decision(body, number="HSN 2026-0100"):
    return decision_factories.decision(body=body, registry_number=number, decided_on=datetime.date(2026, 4, 1))


# Proposing and editing

def test_an_editor_proposes_for_an_organisation_they_edit_and_the_proposer_owns_it():
    r = region()
    initiative = actions.create_initiative(user=r.hsn_editor, title="Digital incheckning", need="Köer",
                                           need_of="residents", proposer=r.hsn)
    assert initiative.owner == r.hsn and initiative.status == Status.IDEA
    assert initiative.code.startswith("INI-") and initiative.status_changed_on == datetime.date.today()


@pytest.mark.parametrize("who", ["slso_editor", "reader", "auditor", "rs_secretariat"])
def test_others_may_not_propose_for_hsn(who):
    r = region()
    with pytest.raises(PermissionDenied):
        actions.create_initiative(user=getattr(r, who), title="X", need="Y", need_of="staff", proposer=r.hsn)
    assert not Initiative.objects.exists()


def test_the_next_code_skips_codes_taken():
    year = datetime.date.today().year
    factories.initiative(code=f"INI-{year}-01")
    assert actions.next_code() == f"INI-{year}-02"


def test_only_the_owners_editors_change_it_and_a_stale_version_is_refused():
    r = region()
    initiative = proposed(r)
    with pytest.raises(PermissionDenied):
        actions.update_initiative(user=r.slso_editor, initiative=initiative, title="Kapat")
    actions.update_initiative(user=r.hsn_editor, initiative=initiative, expected_version=1, title="Nytt namn")
    with pytest.raises(StaleVersion):
        actions.update_initiative(user=r.hsn_editor, initiative=Initiative.objects.get(pk=initiative.pk),
                                  expected_version=1, title="Över någon annans")
    assert Initiative.objects.get(pk=initiative.pk).title == "Nytt namn"


def test_handing_an_initiative_to_an_owner_one_does_not_edit_is_refused():
    r = region()
    initiative = proposed(r)
    with pytest.raises(PermissionDenied):
        actions.update_initiative(user=r.hsn_editor, initiative=initiative, owner=r.slso)


def test_services_benefits_and_costs():
    r = region()
    initiative = factories.initiative(r.hsn)
    link = actions.add_service(user=r.hsn_editor, initiative=initiative, service=r.hsn_service, effect="changes")
    with pytest.raises(ValidationError):
        actions.add_service(user=r.hsn_editor, initiative=initiative, service=r.hsn_service, effect="retires")
    with pytest.raises(PermissionDenied):
        actions.add_service(user=r.slso_editor, initiative=initiative, service=r.slso_service, effect="changes")
    actions.add_benefit(user=r.hsn_editor, initiative=initiative, kind="staff", description="Mindre köer",
                        measure="Minuter", baseline=Decimal(10), target=Decimal(2), target_year=2027)
    with pytest.raises(ValidationError):
        actions.add_benefit(user=r.hsn_editor, initiative=initiative, kind="staff", description="",
                            measure="Minuter", baseline=Decimal(10), target=Decimal(2), target_year=2027)
    cost = actions.set_cost(user=r.hsn_editor, initiative=initiative, year=2026, estimated_investment=100_00,
                            estimated_running=50_00)
    again = actions.set_cost(user=r.hsn_editor, initiative=initiative, year=2026, estimated_investment=200_00,
                             estimated_running=50_00, expected_version=cost.row_version)
    assert again.pk == cost.pk and again.estimated_investment == 200_00
    with pytest.raises(ValidationError):
        actions.set_cost(user=r.hsn_editor, initiative=initiative, year=2027, estimated_investment=-1,
                         estimated_running=0)
    actions.remove_service(user=r.hsn_editor, link=link)
    assert not initiative.service_links.exists() and initiative.benefits.count() == 1


def test_a_negative_cost_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.initiative_cost(investment=-1)


# The lifecycle

def test_status_follows_the_transitions_and_decided_only_through_the_decision():
    r = region()
    initiative = proposed(r)
    with pytest.raises(ValidationError):  # idea → done skips the lifecycle
        actions.change_status(user=r.hsn_editor, initiative=initiative, status=Status.DONE)
    with pytest.raises(ValidationError):  # assessed without an assessment
        actions.change_status(user=r.hsn_editor, initiative=initiative, status=Status.ASSESSED)
    with pytest.raises(ValidationError):
        actions.change_status(user=r.hsn_editor, initiative=initiative, status=Status.DECIDED)
    actions.change_status(user=r.hsn_editor, initiative=initiative, status=Status.STOPPED,
                          on=datetime.date(2026, 5, 5))
    initiative.refresh_from_db()
    assert initiative.status == Status.STOPPED and initiative.status_changed_on == datetime.date(2026, 5, 5)
    with pytest.raises(ValidationError):  # nothing comes back from stopped
        actions.change_status(user=r.hsn_editor, initiative=initiative, status=Status.IDEA)


# Value assessment

def test_the_weighted_score_is_hand_checked():
    r = region()
    initiative = proposed(r)
    # nytta 4 of 5 with weight 3, risk 3 of 7 with weight 1: (3 × 0.8 + 1 × 3/7) / 4 × 100 = 70.714…
    assessment = assessed(r, initiative, benefit=4, risk=3)
    assert assessment.score == Decimal("70.714")
    assert sorted(assessment.scores.values_list("score", flat=True)) == [3, 4]
    initiative.refresh_from_db()
    assert initiative.status == Status.ASSESSED


def test_assessing_again_replaces_the_scores():
    r = region()
    initiative = proposed(r)
    first = assessed(r, initiative, benefit=5, risk=7)
    second = assessed(r, Initiative.objects.get(pk=initiative.pk), benefit=0, risk=0)
    assert first.pk == second.pk and second.score == Decimal("0.000") and ValueAssessment.objects.count() == 1


@pytest.mark.parametrize("scores, message", [
    ({"benefit": 6, "risk": 1}, "från 0 till 5"),
    ({"benefit": -1, "risk": 1}, "från 0 till 5"),
    ({"benefit": 3}, "Sätt poäng på kriteriet Risk"),
    ({"benefit": 3, "risk": 1, "other": 1}, "är inte ett aktivt kriterium"),
])
def test_bad_scores_are_refused_and_nothing_is_stored(scores, message):
    r = region()
    initiative = proposed(r)
    other = factories.criterion("annat", active=False)
    given = {{"benefit": r.benefit, "risk": r.risk, "other": other}[k]: v for k, v in scores.items()}
    with pytest.raises(ValidationError) as refused:
        actions.record_assessment(user=r.office, initiative=initiative, portfolio_year=r.year, scores=given)
    assert message in " ".join(refused.value.messages)
    assert not ValueAssessment.objects.exists()


def test_a_criterion_without_weight_and_a_year_without_weights_are_refused():
    r = region()
    initiative = proposed(r)
    unweighted = factories.criterion("hallbarhet", aspect="sustainability")
    with pytest.raises(ValidationError, match="har ingen vikt för 2026"):
        actions.record_assessment(user=r.office, initiative=initiative, portfolio_year=r.year,
                                  scores={r.benefit: 1, r.risk: 1, unweighted: 1})
    bare = factories.portfolio_year(2027, council=r.rsty)
    with pytest.raises(ValidationError, match="2027 har inga vikter"):
        actions.record_assessment(user=r.office, initiative=initiative, portfolio_year=bare,
                                  scores={r.benefit: 1, r.risk: 1, unweighted: 1})


@pytest.mark.parametrize("who", ["hsn_editor", "rs_secretariat", "auditor", "reader"])
def test_only_the_governance_office_assesses(who):
    r = region()
    with pytest.raises(PermissionDenied):
        actions.record_assessment(user=getattr(r, who), initiative=proposed(r), portfolio_year=r.year,
                                  scores={r.benefit: 1, r.risk: 1})


def test_weights_are_set_by_the_governance_office_and_never_negative():
    r = region()
    row = actions.set_weight(user=r.office, portfolio_year=r.year, criterion=r.benefit, weight=Decimal(2))
    assert row.weight == 2
    with pytest.raises(ValidationError):
        actions.set_weight(user=r.office, portfolio_year=r.year, criterion=r.benefit, weight=Decimal(-1))
    with pytest.raises(PermissionDenied):
        actions.set_weight(user=r.hsn_editor, portfolio_year=r.year, criterion=r.benefit, weight=Decimal(1))


# The investment decision: value before money, by the body that carries the running cost

def test_no_investment_decision_without_a_value_assessment():
    r = region()
    initiative = proposed(r, status=Status.PRIORITISED)
    with pytest.raises(ValidationError, match="ingen nyttovärdering"):
        actions.decide_investment(initiative=initiative, decision=_decision(r.hsn), amount=1, by=r.admin)
    assert not InvestmentDecision.objects.exists()


def test_the_database_holds_no_investment_decision_without_an_assessment():
    r = region()
    with pytest.raises(IntegrityError), transaction.atomic():
        InvestmentDecision.objects.create(assessment=None, decision=_decision(r.hsn), body=r.hsn, amount=1)


def test_the_bearer_of_the_running_cost_decides_and_the_initiative_becomes_decided():
    r = region()
    initiative = prioritised(r)
    decision = _decision(r.hsn)
    investment = actions.decide_investment(initiative=initiative, decision=decision, amount=5_000_000_00,
                                           by=r.hsn_secretariat)
    initiative.refresh_from_db()
    assert investment.body == r.hsn and initiative.status == Status.DECIDED
    assert initiative.started_by == decision and initiative.status_changed_on == decision.decided_on
    with pytest.raises(ValidationError):  # the assessment it rests on is kept as it was
        assessed(r, initiative)


def test_another_body_is_refused_and_the_message_names_the_expected_one():
    r = region()
    initiative = prioritised(r)
    with pytest.raises(ValidationError, match="Hälso|Nämnd HSN"):
        actions.decide_investment(initiative=initiative, decision=_decision(r.slso, "SLSO 2026-0001"), amount=1,
                                  by=r.admin)


@pytest.mark.parametrize("who", ["rs_secretariat", "hsn_editor", "office", "auditor", "reader"])
def test_only_the_bearers_secretariat_records_it(who):
    r = region()
    initiative = prioritised(r)
    with pytest.raises(PermissionDenied, match="Nämnd HSN"):
        actions.decide_investment(initiative=initiative, decision=_decision(r.hsn), amount=1, by=getattr(r, who))


def test_a_created_service_without_owner_counts_as_the_initiatives_owner():
    r = region()
    planned = services.service(owner=False, phase="planned", name="Ny portal")
    initiative = proposed(r, service=planned, effect=InitiativeService.Effect.CREATES)
    assert actions.running_cost_bearer(initiative, r.year) == r.hsn


def test_several_bearers_leave_the_decision_to_the_council():
    r = region()
    initiative = prioritised(r)
    factories.initiative_service(initiative, r.slso_service)
    assert actions.running_cost_bearer(initiative, r.year) == r.rsty
    investment = actions.decide_investment(initiative=initiative, decision=_decision(r.rsty, "RS 2026-0100"),
                                           amount=1, by=r.rs_secretariat)
    assert investment.body == r.rsty


def test_without_services_created_or_changed_no_one_can_decide():
    r = region()
    initiative = factories.initiative(r.hsn, status=Status.PRIORITISED)
    factories.value_assessment(initiative, r.year)
    factories.initiative_service(initiative, r.hsn_service, InitiativeService.Effect.RETIRES)
    with pytest.raises(ValidationError, match="Koppla först"):
        actions.decide_investment(initiative=initiative, decision=_decision(r.hsn), amount=1, by=r.admin)


def test_an_assessed_but_not_prioritised_initiative_is_not_decided():
    r = region()
    initiative = proposed(r)
    assessed(r, initiative)
    initiative.refresh_from_db()
    with pytest.raises(ValidationError):
        actions.decide_investment(initiative=initiative, decision=_decision(r.hsn), amount=1, by=r.admin)


# R20: decided or in progress without a value assessment

def test_the_rule_flags_initiatives_under_way_without_assessment():
    r = region()
    legacy = proposed(r, status=Status.IN_PROGRESS, code="INI-GAMMAL")
    kept = prioritised(r, code="INI-BEDOMT")
    actions.decide_investment(initiative=kept, decision=_decision(r.hsn), amount=1, by=r.admin)
    idea = proposed(r, code="INI-IDE")
    rule = registry.RULES[rules.RULE_ID]
    assert rule.subject == "initiative"
    failing = rule.failing(datetime.date.today())
    assert list(failing) == [legacy]
    assert idea not in rule.applicable(datetime.date.today())
    found = rule.describe(failing)
    assert found[0]["label"].startswith("INI-GAMMAL") and found[0]["owner"] == "HSN"
