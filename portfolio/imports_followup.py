"""Import of benefit outcomes from .xlsx or .csv (core.tables): initiative, benefit, year, value, measured_on, note —
the columns the follow-up's outcome export writes, so that a file exported, filled in and saved imports back.

Every row is validated through the API's serializer (the same rules as a form or the API: the benefit exists,
the year and value are numbers, the date is a date, nothing in the future), then through the action; a row of an
initiative the user may not edit, a benefit of another initiative than the row names, or a benefit and year named
twice are refused. Each error names the row and the column; when any row is bad nothing is stored (one
transaction)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import access
from core.tables import ImportResult, RowError, errors_of, read_table

from . import actions_followup
from .models import BenefitOutcome, Initiative

COLUMNS = ["initiative", "benefit", "year", "value", "measured_on", "note"]
REQUIRED = {"initiative", "benefit", "year", "value", "measured_on"}


class _Refused(Exception):
    """Raised inside the transaction to roll back everything once a row is found bad."""


def import_outcomes(name, data, *, user):
    from .api_ranking import BenefitOutcomeSerializer

    result = ImportResult()
    _header, rows = read_table(name, data, COLUMNS, REQUIRED, notes=result.notes)
    initiatives = {}
    seen = {}
    try:
        with transaction.atomic():
            for number, row in rows:
                row = {key: value.replace("\x00", "") for key, value in row.items()}
                code = row.get("initiative", "")
                if code not in initiatives:
                    initiatives[code] = Initiative.objects.filter(code=code).first()
                initiative = initiatives[code]
                if initiative is None:
                    result.errors.append(RowError(number, "initiative", _("No initiative has the code %(code)s.")
                                                  % {"code": code[:40]}))
                    continue
                if not access.may_edit(user, initiative):
                    result.errors.append(RowError(number, "initiative", _("You may not record the follow-up of "
                                                                          "%(code)s.") % {"code": code}))
                    continue
                serializer = BenefitOutcomeSerializer(data={key: row.get(key, "") for key in COLUMNS[1:]})
                if not serializer.is_valid():
                    result.errors.extend(errors_of(number, serializer.errors))
                    continue
                values = serializer.validated_data
                benefit = values["benefit"]
                if benefit.initiative_id != initiative.pk:
                    result.errors.append(RowError(number, "benefit", _("Benefit %(id)s is not one of %(code)s's.")
                                                  % {"id": benefit.pk, "code": code}))
                    continue
                key = (benefit.pk, values["year"])
                if key in seen:
                    result.errors.append(RowError(number, "year", _("Benefit %(id)s has an outcome for %(year)s on "
                                                                    "row %(row)s already.") % {
                        "id": benefit.pk, "year": values["year"], "row": seen[key]}))
                    continue
                seen[key] = number
                existed = BenefitOutcome.objects.filter(benefit=benefit, year=values["year"]).exists()
                try:
                    actions_followup.record_outcome(benefit=benefit, year=values["year"], value=values["value"],
                                                    measured_on=values["measured_on"], note=values.get("note", ""))
                except ValidationError as error:
                    result.errors.extend(errors_of(number, error.message_dict if hasattr(error, "error_dict")
                                                   else error.messages))
                    continue
                if existed:
                    result.updated += 1
                else:
                    result.created += 1
            if result.errors:
                raise _Refused
    except _Refused:
        result.rejected = len({e.row for e in result.errors})
        result.created = result.updated = 0
        return result
    result.stored = True
    return result
