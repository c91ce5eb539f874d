"""Write use-cases of the benefit follow-up (issue 12 point 4): what a benefit's measure showed in a year and what
an initiative actually cost. Keyword-only and atomic; the editors of the initiative's owner may (the views, API and
import ask core.access before calling). Refusals name the field, so forms, the API and the import say the same."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import versioning

from .models import BenefitOutcome, InitiativeCost


def _outcome_errors(year, measured_on, today):
    errors = {}
    if measured_on is not None and measured_on > today:
        errors["measured_on"] = _("An outcome cannot be measured on a date in the future.")
    elif measured_on is not None and year is not None and year > measured_on.year:
        errors["year"] = _("The outcome of %(year)s cannot have been measured in %(measured)s.") % {
            "year": year, "measured": measured_on.year}
    return errors


@transaction.atomic
def record_outcome(*, benefit, year, value, measured_on, note="", row_version=None, today=None):
    """Record (or correct) what `benefit`'s measure showed in `year`. One outcome per benefit and year: a second
    one for the year replaces the first, over the version the writer saw."""
    errors = _outcome_errors(year, measured_on, today or datetime.date.today())
    if errors:
        raise ValidationError(errors)
    outcome = BenefitOutcome.objects.filter(benefit=benefit, year=year).first()
    if outcome is None:
        outcome = BenefitOutcome(benefit=benefit, year=year)
    else:
        versioning.check(outcome, row_version)
    outcome.value, outcome.measured_on, outcome.note = value, measured_on, (note or "").strip()
    outcome.full_clean()
    outcome.save()
    return outcome


@transaction.atomic
def record_actual_cost(*, initiative, year, actual_investment, actual_running, row_version=None):
    """Record what `initiative` actually cost in `year` (öre) beside the estimate; a year without an estimate gets
    a cost row with an estimate of 0, so that the difference shows."""
    errors = {}
    for name, amount in (("actual_investment", actual_investment), ("actual_running", actual_running)):
        if amount is not None and amount < 0:
            errors[name] = _("A cost cannot be negative.")
    if errors:
        raise ValidationError(errors)
    cost = InitiativeCost.objects.filter(initiative=initiative, year=year).first()
    if cost is None:
        cost = InitiativeCost(initiative=initiative, year=year)
    else:
        versioning.check(cost, row_version)
    cost.actual_investment, cost.actual_running = actual_investment, actual_running
    cost.full_clean()
    cost.save()
    return cost
