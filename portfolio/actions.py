"""Write use-cases of initiatives and of value before money (issue 12, points 1 and 2). Each is atomic and each
refuses a user whom core.access does not let make the change:

- an initiative, its services, benefits and yearly costs: the editors of its owning organisation (a new one: an
  editor of the organisations it names);
- the weights of a year and the value assessments: the editors of the year's council (the governance office);
- the investment decision: the secretariat of the body that carries the running cost (running_cost_bearer()).

Value before money: an investment decision rests on the initiative's latest value assessment (the database holds
it too: InvestmentDecision is a one-to-one of a ValueAssessment), and "decided" is reached only through it.

The weighted score of an assessment (0–100, three decimals, half up):
    score = Σ(weight × score / scale_max) / Σ weight × 100
over the year's active criteria, each of which must have a weight for the year and a score 0..scale_max."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from core import access, registry, versioning
from organisations.models import Organisation

from .models import (
    AssessmentScore,
    Benefit,
    Criterion,
    CriterionWeight,
    Initiative,
    InitiativeCost,
    InitiativeService,
    InvestmentDecision,
    PortfolioYear,
    ValueAssessment,
)

INITIATIVE_FIELDS = ("code", "title", "need", "need_of", "proposer", "owner", "funding", "risks", "started_by")
BENEFIT_FIELDS = ("kind", "description", "measure", "unit", "baseline", "target", "target_year", "direction")
Status = Initiative.Status
THOUSANDTH = Decimal("0.001")


def _unknown(fields, allowed):
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")


def refuse_unless_editor(user, initiative):
    if not access.may_write(user) or not access.may_edit(user, initiative):
        raise PermissionDenied(_("Only editors of the initiative's owner and administrators may change it."))


def refuse_unless_governance_office(user, portfolio_year):
    if not access.may_write(user) or not access.may_edit(user, portfolio_year):
        raise PermissionDenied(_("Only editors of the year's council (the governance office) and administrators "
                                 "may weigh criteria and assess value."))


def _refuse_unless_may_propose(user, initiative):
    """A new initiative is proposed for an organisation the user edits, and owned by one they edit."""
    if not access.may_write(user):
        raise PermissionDenied(_("You may not propose initiatives."))
    for org_id in {initiative.proposer_id, initiative.owner_id} - {None}:
        if not access.may_edit_for(user, org_id):
            raise PermissionDenied(_("You may propose initiatives only for organisations you edit."))


def _today():
    return datetime.date.today()


def next_code(year=None):
    """INI-<year>-NN: the next free number of the year (a proposal without a code of its own)."""
    year = year or _today().year
    prefix = f"INI-{year}-"
    taken = {code[len(prefix):] for code in Initiative.objects.filter(code__startswith=prefix)
             .values_list("code", flat=True)}
    number = 1
    while f"{number:02d}" in taken:
        number += 1
    return f"{prefix}{number:02d}"


@transaction.atomic
def create_initiative(*, user, focus_areas=(), **fields):
    """Propose an initiative (status idea). The proposer owns it unless another owner is named."""
    _unknown(fields, INITIATIVE_FIELDS)
    if not fields.get("owner") and fields.get("proposer"):
        fields["owner"] = fields["proposer"]
    if not fields.get("code"):
        fields["code"] = next_code()
    initiative = Initiative(status=Status.IDEA, status_changed_on=_today(), **fields)
    if initiative.owner_id is None or initiative.proposer_id is None:
        raise ValidationError({"proposer": _("Name the organisation that proposes the initiative.")},
                              code="required")
    _refuse_unless_may_propose(user, initiative)
    initiative.full_clean()
    initiative.save()
    initiative.focus_areas.set(focus_areas)
    return initiative


@transaction.atomic
def update_initiative(*, user, initiative, expected_version=None, focus_areas=None, **changes):
    """Change an initiative read at `expected_version`. Handing it to another owner needs the right to edit for
    both."""
    _unknown(changes, INITIATIVE_FIELDS)
    refuse_unless_editor(user, initiative)
    if expected_version is not None:
        versioning.check(initiative, expected_version)
        initiative.row_version = int(expected_version)
    for name, value in changes.items():
        setattr(initiative, name, value)
    refuse_unless_editor(user, initiative)  # the owner it now has
    initiative.full_clean()
    initiative.save()
    if focus_areas is not None:
        initiative.focus_areas.set(focus_areas)
    return initiative


@transaction.atomic
def change_status(*, user, initiative, status, on=None, expected_version=None):
    """Move an initiative along its lifecycle (Initiative.TRANSITIONS). "Assessed" comes with a value assessment
    and "decided" with an investment decision; an initiative goes back to "idea" only without one."""
    refuse_unless_editor(user, initiative)
    if status == Status.DECIDED:
        raise ValidationError({"status": _("An initiative is decided only by recording its investment decision.")},
                              code="decided_by_decision")
    _check_transition(initiative, status)
    if status in (Status.ASSESSED, Status.PRIORITISED) and not initiative.assessments.exists():
        raise ValidationError({"status": _("Without a value assessment the initiative stays an idea.")},
                              code="not_assessed")
    _set_status(initiative, status, on, expected_version)
    return initiative


def _check_transition(initiative, status):
    if status not in Initiative.TRANSITIONS.get(initiative.status, set()):
        raise ValidationError({"status": _("An initiative that is %(old)s cannot become %(new)s.") % {
            "old": Status(initiative.status).label.lower(), "new": Status(status).label.lower()}},
            code="transition")


def _set_status(initiative, status, on=None, expected_version=None):
    versioning.claim(initiative, initiative.row_version if expected_version is None else int(expected_version))
    initiative.status = status
    initiative.status_changed_on = on or _today()
    initiative.save()


# The services, benefits and costs of an initiative.

@transaction.atomic
def add_service(*, user, initiative, service, effect):
    refuse_unless_editor(user, initiative)
    if initiative.service_links.filter(service=service).exists():
        raise ValidationError({"service": _("The initiative already names %(service)s.") % {"service": service}},
                              code="service_twice")
    link = InitiativeService(initiative=initiative, service=service, effect=effect)
    link.full_clean(validate_constraints=False)
    link.save()
    return link


@transaction.atomic
def remove_service(*, user, link, expected_version=None):
    refuse_unless_editor(user, link.initiative)
    versioning.claim(link, link.row_version if expected_version is None else int(expected_version))
    link.delete()


@transaction.atomic
def add_benefit(*, user, initiative, **fields):
    _unknown(fields, BENEFIT_FIELDS)
    refuse_unless_editor(user, initiative)
    benefit = Benefit(initiative=initiative, **fields)
    benefit.full_clean()
    benefit.save()
    return benefit


@transaction.atomic
def remove_benefit(*, user, benefit, expected_version=None):
    refuse_unless_editor(user, benefit.initiative)
    versioning.claim(benefit, benefit.row_version if expected_version is None else int(expected_version))
    benefit.delete()


@transaction.atomic
def set_cost(*, user, initiative, year, estimated_investment, estimated_running, expected_version=None):
    """The estimated investment and running cost for a year (öre): recorded, or changed when the year has one."""
    refuse_unless_editor(user, initiative)
    cost = InitiativeCost.objects.filter(initiative=initiative, year=year).first()
    if cost is None:
        cost = InitiativeCost(initiative=initiative, year=year)
    elif expected_version is not None:
        versioning.check(cost, expected_version)
        cost.row_version = int(expected_version)
    cost.estimated_investment, cost.estimated_running = estimated_investment, estimated_running
    cost.full_clean(validate_constraints=False)
    if cost.estimated_investment < 0 or cost.estimated_running < 0:
        raise ValidationError(_("A cost cannot be negative."), code="negative")
    cost.save()
    return cost


@transaction.atomic
def remove_cost(*, user, cost, expected_version=None):
    refuse_unless_editor(user, cost.initiative)
    versioning.claim(cost, cost.row_version if expected_version is None else int(expected_version))
    cost.delete()


# Value before money.

@transaction.atomic
def set_weight(*, user, portfolio_year, criterion, weight, expected_version=None):
    """The weight of a criterion in a year (0 or more). An assessment already made keeps the score it got."""
    refuse_unless_governance_office(user, portfolio_year)
    row = CriterionWeight.objects.filter(portfolio_year=portfolio_year, criterion=criterion).first()
    if row is None:
        row = CriterionWeight(portfolio_year=portfolio_year, criterion=criterion)
    elif expected_version is not None:
        versioning.check(row, expected_version)
        row.row_version = int(expected_version)
    row.weight = weight
    if weight is None or Decimal(weight) < 0:
        raise ValidationError({"weight": _("A weight cannot be negative.")}, code="negative")
    row.full_clean(validate_constraints=False)
    row.save()
    return row


def weighted_score(weights, scores):
    """Σ(weight × score/scale_max) / Σ weight × 100, rounded half up to three decimals. `weights` maps each
    criterion to its weight, `scores` each criterion to its score."""
    total = sum(weights.values(), Decimal(0))
    weighted = sum((Decimal(weights[c]) * Decimal(scores[c]) / Decimal(c.scale_max) for c in weights), Decimal(0))
    return (weighted / total * 100).quantize(THOUSANDTH, rounding=ROUND_HALF_UP)


def _checked_scores(portfolio_year, scores):
    """{criterion: (score, justification)} checked against the year's active criteria and weights; the
    errors name the criterion."""
    active = list(Criterion.objects.filter(active=True))
    if not active:
        raise ValidationError(_("There is no active criterion to assess value on."), code="no_criteria")
    weights = {w.criterion_id: w.weight for w in CriterionWeight.objects.filter(portfolio_year=portfolio_year)}
    if not weights:
        raise ValidationError(_("The year %(year)s has no weights: the governance office weighs the criteria "
                                "first.") % {"year": portfolio_year.year}, code="no_weights")
    errors = []
    given = {criterion.pk if isinstance(criterion, Criterion) else int(criterion): value
             for criterion, value in scores.items()}
    known = {c.pk for c in active}
    for pk in sorted(set(given) - known):
        errors.append(_("Criterion %(id)s is not an active criterion.") % {"id": pk})
    checked = {}
    for criterion in active:
        if criterion.pk not in weights:
            errors.append(_("The criterion %(name)s has no weight for %(year)s.")
                          % {"name": criterion.name, "year": portfolio_year.year})
            continue
        value = given.get(criterion.pk)
        score, justification = value if isinstance(value, tuple) else (value, "")
        if score is None:
            errors.append(_("Score the criterion %(name)s.") % {"name": criterion.name})
            continue
        if not isinstance(score, int) or isinstance(score, bool) or not 0 <= score <= criterion.scale_max:
            errors.append(_("The score of %(name)s is from 0 to %(max)s.")
                          % {"name": criterion.name, "max": criterion.scale_max})
            continue
        checked[criterion] = (score, justification or "")
    if errors:
        raise ValidationError({"scores": errors}, code="invalid_scores")
    weight_of = {criterion: weights[criterion.pk] for criterion in checked}
    if sum(weight_of.values(), Decimal(0)) <= 0:
        raise ValidationError({"scores": [_("The weights of %(year)s add up to nothing.")
                                          % {"year": portfolio_year.year}]}, code="no_weights")
    return checked, weight_of


@transaction.atomic
def record_assessment(*, user, initiative, portfolio_year, scores, summary="", assessed_on=None,
                      expected_version=None):
    """Record (or redo) the value assessment of an initiative for a year: a score per active criterion,
    {criterion or its id: score or (score, justification)}. Stores the weighted score; an idea becomes assessed.
    An assessment an investment decision rests on is not changed."""
    refuse_unless_governance_office(user, portfolio_year)
    if initiative.status in (Status.DONE, Status.STOPPED):
        raise ValidationError(_("An initiative that is %(status)s is not assessed.")
                              % {"status": Status(initiative.status).label.lower()}, code="closed")
    checked, weight_of = _checked_scores(portfolio_year, scores)
    assessment = ValueAssessment.objects.filter(initiative=initiative, portfolio_year=portfolio_year).first()
    if assessment is None:
        assessment = ValueAssessment(initiative=initiative, portfolio_year=portfolio_year)
    else:
        if InvestmentDecision.objects.filter(assessment=assessment).exists():
            raise ValidationError(_("An investment decision rests on this assessment: it is kept as it was."),
                                  code="decided")
        if expected_version is not None:
            versioning.check(assessment, expected_version)
            assessment.row_version = int(expected_version)
    assessment.assessed_on = assessed_on or _today()
    assessment.assessed_by = user
    assessment.summary = summary or ""
    assessment.score = weighted_score(weight_of, {c: s for c, (s, _j) in checked.items()})
    assessment.full_clean(validate_constraints=False)
    assessment.save()
    assessment.scores.all().delete()
    for criterion, (score, justification) in checked.items():
        row = AssessmentScore(assessment=assessment, criterion=criterion, score=score, justification=justification)
        row.full_clean(exclude=["assessment"], validate_constraints=False)
        row.save()
    if initiative.status == Status.IDEA:
        _set_status(initiative, Status.ASSESSED, assessment.assessed_on)
    return assessment


def latest_assessment(initiative):
    """The assessment of the latest year the initiative was assessed for, or None."""
    return (ValueAssessment.objects.filter(initiative=initiative).select_related("portfolio_year")
            .order_by("-portfolio_year__year").first())


def running_cost_bearer(initiative, portfolio_year=None):
    """The body that carries the running cost of what the initiative builds, and so decides the investment (001,
    "Principer avseende finansiering"): the current owner of the services it creates or changes, a created
    service without an owner counting as the initiative's owner. Several different bearers: the year's council,
    which leads and coordinates. Refused without a service created or changed."""
    links = list(initiative.service_links.filter(
        effect__in=(InitiativeService.Effect.CREATES, InitiativeService.Effect.CHANGES)).select_related("service"))
    if not links:
        raise ValidationError(_("Link the services the initiative creates or changes first: the body that will "
                                "carry their running cost decides the investment."), code="no_services")
    bearers = {registry.owner_of(link.service) or initiative.owner_id for link in links}
    if len(bearers) == 1:
        return Organisation.objects.get(pk=bearers.pop())
    if portfolio_year is None:
        raise ValidationError(_("The services have different owners: the year's council decides, and the "
                                "initiative has no assessed year."), code="no_council")
    return portfolio_year.council


@transaction.atomic
def decide_investment(*, initiative, decision, amount, by, expected_version=None):
    """Record that `decision` invests `amount` (öre) in the initiative. Refused without a value assessment (of the
    latest year assessed), unless the deciding body is the one that carries the running cost, and unless `by`
    may record that body's decisions. The initiative becomes decided; its decision is the one that started it."""
    assessment = latest_assessment(initiative)
    if assessment is None:
        raise ValidationError(_("Value before money: the initiative has no value assessment, so no investment "
                                "can be decided."), code="not_assessed")
    bearer = running_cost_bearer(initiative, assessment.portfolio_year)
    if not access.may_write(by) or not access.may_record_decisions(by, bearer.pk):
        raise PermissionDenied(_("Only the secretariat of %(body)s, which carries the running cost, and "
                                 "administrators record the investment decision.") % {"body": bearer.name})
    if decision.body_id != bearer.pk:
        raise ValidationError({"decision": _(
            "The investment is decided by %(expected)s, which will carry the running cost, not by %(given)s.")
            % {"expected": bearer.name, "given": decision.body.name}}, code="wrong_body")
    if InvestmentDecision.objects.filter(assessment=assessment).exists():
        raise ValidationError(_("The investment in this initiative is already decided."), code="decided")
    _check_transition(initiative, Status.DECIDED)
    investment = InvestmentDecision(assessment=assessment, decision=decision, body=bearer, amount=amount)
    investment.full_clean(validate_constraints=False)
    if amount is None or amount < 0:
        raise ValidationError({"amount": _("An amount cannot be negative.")}, code="negative")
    investment.save()
    versioning.claim(initiative, initiative.row_version if expected_version is None else int(expected_version))
    initiative.status = Status.DECIDED
    initiative.status_changed_on = decision.decided_on
    if initiative.started_by_id is None:
        initiative.started_by = decision
    initiative.save()
    return investment


def latest_year():
    """The latest portfolio year (the one assessments are usually made for), or None."""
    year = PortfolioYear.objects.aggregate(y=Max("year"))["y"]
    return PortfolioYear.objects.filter(year=year).first() if year else None
