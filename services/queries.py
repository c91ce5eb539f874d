"""Reads about services shared by views, API, exports and reports.

Who owns a service is always asked for a date (today unless said): a transfer decided for a future date
is stored at once as the period that begins then, and the current owner stays the owner until that day
comes. Nothing needs to run on the day for the answer to change."""

import datetime

from django.db.models import Count, Exists, F, FilteredRelation, OuterRef, Q

from .models import Consumer, Ownership, Service


def in_force(date, prefix=""):
    """Q for ownership periods [valid_from, valid_to) that contain `date`."""
    return Q(**{f"{prefix}valid_from__lte": date}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": date})
    )


def ownership_on(date=None):
    """The ownership periods in force on `date` (today), at most one per service."""
    return Ownership.objects.filter(in_force(date or datetime.date.today()))


def services_with_owner(on=None):
    """Services annotated with their owner on `on` (today), joined once rather than looked up per row."""
    on = on or datetime.date.today()
    return (
        Service.objects.annotate(
            open_ownership=FilteredRelation("ownerships", condition=in_force(on, "ownerships__")),
        )
        .annotate(
            owner_id=F("open_ownership__organisation_id"),
            owner_name=F("open_ownership__organisation__name"),
            owner_code=F("open_ownership__organisation__code"),
        )
        .select_related("domain")
    )


def owner_on(service, date):
    """The organisation that owned `service` on `date`, or None. Periods never overlap, so one answer."""
    ownership = ownership_on(date).filter(service=service).select_related("organisation").first()
    return ownership.organisation if ownership else None


def current_ownership(service, on=None):
    return ownership_on(on).filter(service=service).select_related("organisation").first()


def scheduled_ownership(service, on=None):
    """The period that begins after `on` (today): a transfer decided for a future date."""
    return (Ownership.objects.filter(service=service, valid_from__gt=on or datetime.date.today())
            .select_related("organisation").order_by("valid_from").first())


def dashboard_figures():
    services = services_with_owner()
    by_phase = dict(Service.objects.values_list("phase").annotate(n=Count("id")).order_by())
    return {
        "total": sum(by_phase.values()),
        "by_phase": [
            {"phase": phase, "phase_label": label, "n": by_phase[phase]}
            for phase, label in Service.Phase.choices if phase in by_phase
        ],
        "by_domain": list(
            Service.objects.values("domain__name", "domain__code").annotate(n=Count("id")).order_by("-n")
        ),
        "by_owner": list(
            services.exclude(owner_id=None).values("owner_name", "owner_code").annotate(n=Count("id"))
            .order_by("-n")[:15]
        ),
        "without_owner": services.filter(owner_id=None).exclude(phase=Service.Phase.PLANNED).count(),
        "planned_without_owner": services.filter(owner_id=None, phase=Service.Phase.PLANNED).count(),
    }


def current_owner_id(service):
    return ownership_on().filter(service=service).values_list("organisation_id", flat=True).first()


def owned_counts(organisation_ids, on=None):
    """{organisation id: services it owns on `on` (today)} for the organisation list."""
    return dict(ownership_on(on).filter(organisation_id__in=organisation_ids).order_by()
                .values_list("organisation_id").annotate(n=Count("id")))


# From this many consumer records on, an organisation's first page of them is found by walking the register in name
# order and probing each service's one record of the organisation (unique per service), which stops at the page's
# end; below it, joining and sorting all of them is cheaper than the walk through services it does not use.
WALK_FROM = 2000


def first_consumptions(organisation, count, limit):
    """The first `limit` of the organisation's consumer records in service name order, with their services;
    `count` is how many it has (the page shows it anyway). At 100,000 services a board uses 16,000 of them, and
    sorting them all by name to show twenty took a quarter of its page's time."""
    consumptions = Consumer.objects.filter(organisation=organisation).select_related("service")
    if count >= WALK_FROM:
        used = Exists(Consumer.objects.filter(service=OuterRef("pk"), organisation=organisation))
        ids = list(Service.objects.filter(used).order_by("name", "pk").values_list("pk", flat=True)[:limit])
        consumptions = consumptions.filter(service_id__in=ids)
    return list(consumptions.order_by("service__name", "service_id")[:limit])
