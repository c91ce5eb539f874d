"""Write use-cases for the register. Each is atomic: it stores all of its change or none of it."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from core import registry, versioning

from .models import Ownership, Service
from .queries import current_ownership

SERVICE_FIELDS = (
    "name", "short_name", "version", "description", "kind", "domain", "phase", "criticality",
    "delivery_model", "supplier", "sourcing_review_date", "external_id",
    "audience", "public", "accessibility_statement_url",
)


# An editor registers what is being planned or built; a service that is already past development when it
# is first registered (one that has run for years) is an administrator's act, or an import's, and R05
# still flags it until a passed test is on record.
EDITOR_REGISTERS = {Service.Phase.PLANNED, Service.Phase.IN_DEVELOPMENT}


@transaction.atomic
def create_service(*, owner=None, owner_from=None, mandate="", decision=None, categories=(),
                   as_administrator=False, **fields):
    """Register a service; its first ownership opens on `owner_from` (today if not given)."""
    unknown = set(fields) - set(SERVICE_FIELDS)
    if unknown:
        raise TypeError(f"unknown service fields: {sorted(unknown)}")
    fields["external_id"] = fields.get("external_id") or None
    if fields.get("public") is None:  # not stated: a service for residents is published (issue 10)
        fields["public"] = Service.default_public(fields.get("audience"))
    service = Service(**fields)
    if not as_administrator and service.phase not in EDITOR_REGISTERS:
        raise ValidationError({"phase": _(
            "A new service starts in “planned” or “in development” and reaches production through its tests. "
            "Registering a service that is already running is an administrator's task."
        )}, code="phase_not_for_editors")
    Service.check_owner(service.phase, owner)
    today = datetime.date.today()
    if owner is not None and owner_from is not None and owner_from > today:
        raise ValidationError({"owner_from": _(
            "An owner from a later date is a transfer; register the owner from today or an earlier day."
        )}, code="owner_from_future")
    if owner is not None and not as_administrator and owner_from not in (None, today):
        raise ValidationError({"owner_from": _(
            "Only an administrator registers an owner from an earlier day, naming the decision behind it."
        )}, code="owner_from_past")
    service.full_clean(exclude=["categories"])
    service.save()
    if categories:
        service.categories.set(categories)
    if owner is not None:
        Ownership.objects.create(
            service=service, organisation=owner, valid_from=owner_from or datetime.date.today(),
            mandate=mandate, decision=decision, basis=Ownership.Basis.REGISTRATION,
        )
    return service


@transaction.atomic
def update_service(*, service, expected_version=None, categories=None, **changes):
    """Change a service's facts. `expected_version` guards against overwriting someone else's edit."""
    unknown = set(changes) - set(SERVICE_FIELDS)
    if unknown:
        raise TypeError(f"unknown service fields: {sorted(unknown)}")
    current = Service.objects.select_for_update().get(pk=service.pk)
    if expected_version is not None:
        versioning.check(current, expected_version)
        service.row_version = expected_version
    if "phase" in changes and changes["phase"] != current.phase:
        Service.check_transition(current.phase, changes["phase"])
        if current.phase == Service.Phase.PLANNED:
            Service.check_owner(changes["phase"], current_ownership(service))
        candidate = Service(**{f.attname: getattr(current, f.attname) for f in Service._meta.concrete_fields})
        for name, value in changes.items():
            setattr(candidate, name, value)
        registry.check_phase_change(candidate, current.phase, changes["phase"])
    if "external_id" in changes:
        changes["external_id"] = changes["external_id"] or None
    if "public" in changes and changes["public"] is None:  # a change states it; "not stated" keeps it as it is
        del changes["public"]
    for name, value in changes.items():
        setattr(service, name, value)
    service.full_clean(exclude=["categories"])
    service.save()  # compares and swaps the version: a change made since is never overwritten
    if categories is not None:
        service.categories.set(categories)
    return service


@transaction.atomic
def transfer_ownership(*, service, to, on_date, decision, basis=Ownership.Basis.TRANSFER, mandate=""):
    """Close the latest period the day `to` takes over and open the new one, in one transaction.

    Only two callers: an approved transfer (governance) and an administrator's correction of the record,
    and both name the decision. `on_date` may lie in the future: the period is stored now and the current
    owner stays the owner until that day (see services.queries)."""
    if decision is None:
        raise ValidationError({"decision": _("Name the decision behind the change of owner.")})
    # Lock the service row so two transfers of one service run one after the other; a new owner is a new
    # version of the service (its ETag changes). The caller's copy stays current if it was.
    locked = Service.objects.select_for_update().filter(pk=service.pk)
    before = locked.values_list("row_version", flat=True).get()
    locked.update(**versioning.bump())
    if service.row_version == before:
        service.row_version = before + 1
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
            service=service, organisation=to, valid_from=on_date, mandate=mandate, decision=decision,
            basis=basis if previous is not None else Ownership.Basis.REGISTRATION,
        )
    except IntegrityError as error:
        raise ValidationError(_("The ownership could not be stored: %(error)s") % {"error": error}) from error


def correct_ownership(*, service, to, on_date, decision, mandate=""):
    """An administrator's correction of the ownership record (or a first owner given afterwards), naming
    the decision that says what is right. Who may call it is the access module's question."""
    return transfer_ownership(service=service, to=to, on_date=on_date, decision=decision, mandate=mandate,
                              basis=Ownership.Basis.CORRECTION)


@transaction.atomic
def delete_service(*, service):
    """Remove a wrongly registered service. Its history stays (the historical records outlive the row) and is
    read at the service's old address. A service that ends its life is decommissioned and archived instead."""
    try:
        service.delete()
    except ProtectedError as error:
        kinds = sorted({str(obj._meta.verbose_name_plural) for obj in error.protected_objects})
        raise ValidationError(_("%(service)s cannot be deleted: records refer to it (%(kinds)s). Decommission it "
                                "instead.") % {"service": service, "kinds": ", ".join(kinds)}) from error


@transaction.atomic
def change_consumer_volume(*, consumer, volume, expected_version):
    """Change how much an organisation uses a service, over the version the user saw: a volume changed by someone
    else meanwhile is not overwritten unseen (StaleVersion); the allocation reads the new volume."""
    if volume is None:
        raise ValidationError({"volume": _("Give the usage volume.")}, code="volume_missing")
    if volume < 0:
        raise ValidationError({"volume": _("Usage volume cannot be negative.")}, code="volume_negative")
    consumer.volume = volume
    consumer.row_version = expected_version
    consumer.full_clean(exclude=["service", "organisation", "unit"], validate_unique=False,
                        validate_constraints=False)
    consumer.save(update_fields=["volume"])  # Versioned.save claims expected_version in the same statement
    return consumer


@transaction.atomic
def remove_from_service(*, row, expected_version):
    """Remove a consumer or a person's role from a service, over the version the user saw."""
    versioning.claim(row, expected_version)
    row.delete()
