"""Form pieces every app shares."""

from django import forms


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):  # noqa: A002 — Django's own argument name
        super().__init__(attrs, format=format)


def add_action_errors(form, error):
    """Put a ValidationError from an action on the form's fields, or above them if the form lacks one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def int_param(value, *, low=None, high=None, default=None):
    """A whole number from a query string or form value, or `default`: only ASCII digits (int() would take
    "١٢" and " 12 "), at most 18 of them, within low..high when given. Bad input is never a 500."""
    text = str(value or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 18:
        return default
    number = int(text)
    if low is not None and number < low or high is not None and number > high:
        return default
    return number
