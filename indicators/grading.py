"""Defining the digitalisation grade (002 §7.1.1; docs/decisions/0017): which indicators, with which weights,
for which year. A definition is never edited: changing the weights makes a new version of the year's
definition, and the grade of a year is computed with its latest version; earlier years keep theirs."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.versioning import stale_message

from .models import YEAR_MAX, YEAR_MIN, GradeDefinition, GradeWeight, Indicator
from .queries import grade_definition


def weights_of(definition):
    """{indicator id: weight} of a definition ({} for None)."""
    if definition is None:
        return {}
    return dict(definition.weights.values_list("indicator_id", "weight"))


def _clean_weights(weights):
    """{indicator id: Decimal weight > 0} from {Indicator or id: weight}; ValidationError naming what is wrong."""
    cleaned = {}
    for indicator, weight in weights.items():
        pk = indicator.pk if isinstance(indicator, Indicator) else int(indicator)
        try:
            weight = Decimal(str(weight))
        except (InvalidOperation, ValueError):
            raise ValidationError(_("A weight must be a number.")) from None
        if not weight.is_finite() or weight <= 0:
            raise ValidationError(_("A weight must be greater than zero."))
        if weight >= Decimal("10000"):
            raise ValidationError(_("A weight must be less than 10,000."))
        cleaned[pk] = weight.quantize(Decimal("0.0001"))
    if not cleaned:
        raise ValidationError(_("The grade needs at least one indicator with a weight."))
    known = set(Indicator.objects.filter(pk__in=cleaned).values_list("pk", flat=True))
    if known != set(cleaned):
        raise ValidationError(_("An indicator of the grade does not exist."))
    return cleaned


def _check_year(year):
    if not (YEAR_MIN <= int(year) <= YEAR_MAX):
        raise ValidationError(_("The year must be between 2000 and 2100."))


@transaction.atomic
def define_grade(*, year, weights, note="", user=None, based_on=None):
    """A new version of `year`'s definition with `weights` ({Indicator or id: weight}). `based_on` is the version
    the writer saw (0 for none): if someone made another meanwhile, the change is refused, not lost."""
    _check_year(year)
    cleaned = _clean_weights(weights)
    current = grade_definition(year)
    current_version = current.version if current else 0
    if based_on is not None and int(based_on) != current_version:
        raise ValidationError(stale_message(), code="stale")
    if current is not None and weights_of(current) == cleaned:
        raise ValidationError(_("These are the weights of version %(version)s already: nothing changed.")
                              % {"version": current.version})
    try:
        with transaction.atomic():
            definition = GradeDefinition(year=year, version=current_version + 1, note=(note or "").strip(),
                                         created_by=user)
            definition._history_user = user
            definition.save()
    except IntegrityError:  # another writer took the version number between our read and our write
        raise ValidationError(stale_message(), code="stale") from None
    for pk, weight in cleaned.items():  # a handful of rows, each with its history record
        row = GradeWeight(definition=definition, indicator_id=pk, weight=weight)
        row._history_user = user
        row.save()
    return definition


@transaction.atomic
def copy_definition(*, from_year, to_year, user=None):
    """Start `to_year` with the weights of `from_year`'s definition in force, as its version 1."""
    _check_year(to_year)
    source = grade_definition(from_year)
    if source is None:
        raise ValidationError(_("%(year)s has no grade definition to copy.") % {"year": from_year})
    if GradeDefinition.objects.filter(year=to_year).exists():
        raise ValidationError(_("%(year)s has a grade definition already; change its weights instead.")
                              % {"year": to_year})
    return define_grade(year=to_year, weights=weights_of(source), user=user, based_on=0,
                        note=_("Copied from %(year)s, version %(version)s.") % {"year": from_year,
                                                                              "version": source.version})
