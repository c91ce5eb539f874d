"""Write use-cases of decisions. Each is atomic; who may call them is the access module's question."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import uploads, versioning

from .models import Decision, DecisionAttachment
from .queries import cited_elsewhere

FIELDS = ("body", "decided_on", "registry_number", "title", "text")


@transaction.atomic
def record_decision(*, body, decided_on, registry_number, title, text=""):
    decision = Decision(body=body, decided_on=decided_on, registry_number=registry_number.strip(), title=title,
                        text=text)
    decision.full_clean()
    decision.save()
    return decision


@transaction.atomic
def correct_decision(*, decision, expected_version=None, **changes):
    """Correct what was recorded of a decision (a typo in its number, its date). The history keeps the
    earlier text; `expected_version` refuses a correction made over someone else's."""
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown decision fields: {sorted(unknown)}")
    current = Decision.objects.select_for_update().get(pk=decision.pk)
    if expected_version is not None:
        versioning.check(current, expected_version)
        decision.row_version = expected_version
    moved = [name for name in ("body", "decided_on") if name in changes and changes[name] != getattr(current, name)]
    cited = cited_elsewhere(current)
    if moved and cited is not None:
        # What it decided was checked against its body and date; changing them would unsettle that.
        raise ValidationError({moved[0]: _("%(number)s is cited by %(record)s; its body and date stay as they "
                                           "were checked. Record a new decision instead.")
                               % {"number": current.registry_number, "record": cited}}, code="cited")
    for name, value in changes.items():
        setattr(decision, name, value.strip() if name == "registry_number" else value)
    decision.full_clean()
    decision.save()  # compares and swaps the version
    return decision


@transaction.atomic
def attach_file(*, decision, file, name=""):
    uploads.check(file)
    return DecisionAttachment.objects.create(decision=decision, file=file, name=name or file.name)
