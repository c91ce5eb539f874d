"""Small pieces the apps' views share."""

from django.contrib import messages


def save_or_report(request, form, done):
    """Save a small form posted from a detail page, telling the user the outcome as a message —
    each error with its field's label — since the page it returns to shows no form errors."""
    if form.is_valid():
        form.save()
        messages.success(request, done)
        return True
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
    return False
