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
