"""Write use-cases of the ranking: the council's placements above or below the line and the ranking decided on a
date. Keyword-only and atomic; refusals are ValidationErrors naming the field, so forms and the API show the same.

Who may: the secretariat of the year's council (core.access.may_decide(user, portfolio_year)); the views and the
API ask before calling. Every change of the ranking's placements raises the year's row version, and a writer
states the version of the year it saw: a placement or a decision over a ranking someone else changed meanwhile is
refused (docs/decisions/0010)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import versioning

from . import ranking as ranking_module
from .models import Initiative, RankedEntry, RankingDecision, RankingOverride, ValueAssessment

Status = Initiative.Status


def _ranked(portfolio_year, initiative):
    if initiative.status in ranking_module.NOT_RANKED or not ValueAssessment.objects.filter(
            portfolio_year=portfolio_year, initiative=initiative, score__isnull=False).exists():
        raise ValidationError({"initiative": _("%(initiative)s is not in the ranking of %(year)s: only initiatives "
                                               "with a value assessment for the year, neither done nor stopped, are "
                                               "ranked.") % {"initiative": initiative.code,
                                                             "year": portfolio_year.year}}, code="not_ranked")


@transaction.atomic
def place(*, portfolio_year, initiative, placement, reason, user=None, row_version=None, placement_version=None,
          today=None):
    """Place `initiative` above or below the line of `portfolio_year`, whatever its score, for `reason`. A standing
    placement of the initiative is replaced (its history keeps the earlier one); `placement_version`, when given, is
    the version of it the writer read (the API's If-Match), and a placement changed since is refused as stale."""
    versioning.check(portfolio_year, row_version)
    reason = (reason or "").strip()
    if placement not in RankingOverride.Placement.values:
        raise ValidationError({"placement": _("Choose above or below the line.")}, code="placement")
    if not reason:
        raise ValidationError({"reason": _("State the council's reason for the placement.")}, code="reason")
    _ranked(portfolio_year, initiative)
    today = today or datetime.date.today()
    override = RankingOverride.objects.filter(portfolio_year=portfolio_year, initiative=initiative).first()
    if override is None:
        override = RankingOverride(portfolio_year=portfolio_year, initiative=initiative)
    elif placement_version is not None:
        override.row_version = placement_version  # the save compares it with the stored one (core/versioning)
    override.placement, override.reason, override.recorded_on, override.recorded_by = placement, reason, today, user
    override.full_clean(exclude=["recorded_by"])
    override.save()
    versioning.claim(portfolio_year, portfolio_year.row_version)
    return override


@transaction.atomic
def remove_placement(*, override, row_version=None):
    """Take a placement back: the initiative is ranked by its score again."""
    portfolio_year = override.portfolio_year
    versioning.check(portfolio_year, row_version)
    override.delete()
    versioning.claim(portfolio_year, portfolio_year.row_version)


def _move(pks, source, target, on, user):
    """Move the initiatives among `pks` that are at `source` to `target` (a transition of the lifecycle,
    Initiative.TRANSITIONS) in one UPDATE per chunk, raising each one's row version, and write the history record
    a save would write, in bulk: one by one, 5,000 saves took seconds."""
    assert target in Initiative.TRANSITIONS[source], (source, target)
    for start in range(0, len(pks), CHUNK):
        moving = Initiative.objects.filter(pk__in=pks[start:start + CHUNK], status=source)
        ids = list(moving.values_list("pk", flat=True))
        if not ids:
            continue
        Initiative.objects.filter(pk__in=ids, status=source).update(status=target, status_changed_on=on,
                                                                    **versioning.bump())
        Initiative.history.bulk_history_create(list(Initiative.objects.filter(pk__in=ids).order_by("pk")),
                                               update=True, default_user=user)


# Under SQLite's limit of bound parameters per statement, with room to spare.
CHUNK = 5_000


@transaction.atomic
def decide_ranking(*, portfolio_year, decided_on, decision=None, user=None, row_version=None):
    """Record the ranking as it stands as the one the council decided on `decided_on`: a RankingDecision with one
    RankedEntry per initiative, kept as it was. Then, through the lifecycle's transitions: an initiative above the
    line that is "assessed" becomes "prioritised"; one below the line that is "prioritised" goes back to
    "assessed". Any other status is left as it is (an idea cannot skip the assessment; a decided or running
    initiative is past prioritisation)."""
    versioning.check(portfolio_year, row_version)
    errors = {}
    if decided_on is None:
        errors["decided_on"] = _("Give the date of the decision.")
    elif decided_on > datetime.date.today():
        errors["decided_on"] = _("A ranking cannot be decided on a date in the future.")
    if decision is not None and decision.body_id != portfolio_year.council_id:
        errors["decision"] = _("The decision must be one of %(council)s, the council of the year.") % {
            "council": portfolio_year.council}
    if errors:
        raise ValidationError(errors)
    result = ranking_module.rank(portfolio_year)
    if not result.rows:
        raise ValidationError({"decided_on": _("There is nothing to rank for %(year)s: no initiative has a value "
                                               "assessment for the year.") % {"year": portfolio_year.year}},
                              code="empty")
    recorded = RankingDecision.objects.create(portfolio_year=portfolio_year, decided_on=decided_on,
                                              decision=decision, capacity=portfolio_year.capacity, recorded_by=user)
    RankedEntry.objects.bulk_create([
        RankedEntry(ranking=recorded, initiative_id=row.initiative_id, position=row.position, score=row.score,
                    cost=row.cost, cumulative_cost=row.cumulative, above_line=row.above_line, reason=row.reason)
        for row in result.rows], batch_size=2000)
    above = {row.initiative_id for row in result.rows if row.above_line}
    _move(sorted(above), Status.ASSESSED, Status.PRIORITISED, decided_on, user)
    _move(sorted(row.initiative_id for row in result.rows if not row.above_line), Status.PRIORITISED,
          Status.ASSESSED, decided_on, user)
    versioning.claim(portfolio_year, portfolio_year.row_version)
    return recorded
