"""Validators every app shares. Put on a model field, they hold for the form, the API and the import alike."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def not_in_future(value):
    """Something that has happened (a test performed, a decision taken) cannot be dated after today."""
    if value and value > datetime.date.today():
        raise ValidationError(_("The date %(date)s lies in the future.") % {"date": value.isoformat()},
                              code="future_date")
