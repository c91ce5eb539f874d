"""Write use-cases for the register. Each is atomic: it stores all of its change or none of it."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from . import extensions
from .models import Ownership, Service

SERVICE_FIELDS = (
    "name", "short_name", "version", "description", "kind", "domain", "phase", "criticality",
    "delivery_model", "supplier", "sourcing_review_date", "external_id",
)


@transaction.atomic
def create_service(*, owner=None, owner_from=None, mandate="", decision_reference="", categories=(),
                   **fields):
    """Register a service; its first ownership opens on `owner_from` (today if not given)."""
    unknown = set(fields) - set(SERVICE_FIELDS)
    if unknown:
        raise TypeError(f"unknown service fields: {sorted(unknown)}")
    fields["external_id"] = fields.get("external_id") or None
    service = Service(**fields)
    Service.check_owner(service.phase, owner)
    service.full_clean(exclude=["categories"])
    service.save()
    if categories:
        service.categories.set(categories)
    if owner is not None:
        Ownership.objects.create(
            service=service, organisation=owner, valid_from=owner_from or datetime.date.today(),
            mandate=mandate, decision_reference=decision_reference,
        )
    return service


@transaction.atomic
def update_service(*, service, expected_version=None, categories=None, **changes):
    """Change a service's facts. `expected_version` guards against overwriting someone else's edit."""
    unknown = set(changes) - set(SERVICE_FIELDS)
    if unknown:
        raise TypeError(f"unknown service fields: {sorted(unknown)}")
    current = Service.objects.select_for_update().get(pk=service.pk)
    if expected_version is not None and current.row_version != expected_version:
        raise ValidationError(
            _("Someone else changed this service while you were editing it. "
              "Reload the page to see their change, then make yours again."),
            code="stale",
        )
    if "phase" in changes and changes["phase"] != current.phase:
        Service.check_transition(current.phase, changes["phase"])
        if current.phase == Service.Phase.PLANNED:
            Service.check_owner(changes["phase"], current_ownership(service))
        candidate = Service(**{f.attname: getattr(current, f.attname) for f in Service._meta.concrete_fields})
        for name, value in changes.items():
            setattr(candidate, name, value)
        extensions.check_phase_change(candidate, current.phase, changes["phase"])
    if "external_id" in changes:
        changes["external_id"] = changes["external_id"] or None
    for name, value in changes.items():
        setattr(service, name, value)
    service.full_clean(exclude=["categories"])
    service.row_version = current.row_version + 1
    service.save()
    if categories is not None:
        service.categories.set(categories)
    return service


def current_ownership(service):
    return Ownership.objects.filter(service=service, valid_to__isnull=True).first()


@transaction.atomic
def transfer_ownership(*, service, to, on_date, mandate="", decision_reference=""):
    """Close the open ownership the day `to` takes over and open the new one, in one transaction."""
    # Lock the service row so two transfers of one service run one after the other.
    Service.objects.select_for_update().filter(pk=service.pk).update(row_version=F("row_version") + 1)
    previous = Ownership.objects.filter(service=service, valid_to__isnull=True).first()
    if previous is not None:
        if previous.organisation_id == to.pk:
            raise ValidationError({"to": _("%(org)s already owns this service.") % {"org": to}})
        if on_date <= previous.valid_from:
            raise ValidationError(
                {"on_date": _("The transfer must be dated after the current ownership began (%(date)s).")
                 % {"date": previous.valid_from.isoformat()}}
            )
        previous.valid_to = on_date
        previous.save()
    elif Ownership.objects.filter(service=service, valid_to__gt=on_date).exists():
        raise ValidationError({"on_date": _("The service had another owner after this date.")})
    try:
        return Ownership.objects.create(
            service=service, organisation=to, valid_from=on_date,
            mandate=mandate, decision_reference=decision_reference,
        )
    except IntegrityError as error:
        raise ValidationError(_("The ownership could not be stored: %(error)s") % {"error": error}) from error
