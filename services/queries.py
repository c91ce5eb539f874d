"""Reads about services shared by views, API, exports and reports."""

from django.db.models import Count, F, FilteredRelation, Q

from .models import Ownership, Service


def services_with_owner():
    """Services annotated with their current owner, joined once rather than looked up per row."""
    return (
        Service.objects.annotate(
            open_ownership=FilteredRelation("ownerships", condition=Q(ownerships__valid_to__isnull=True)),
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
    ownership = (
        Ownership.objects.filter(service=service, valid_from__lte=date)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=date))
        .select_related("organisation")
        .first()
    )
    return ownership.organisation if ownership else None


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


def may_edit_service(user, service):
    """The owner's editors and administrators change a service; one without an owner, any editor."""
    from organisations.queries import may_create_anything, may_edit_for

    owner_id = current_owner_id(service)
    return may_edit_for(user, owner_id) if owner_id else may_create_anything(user)


def current_owner_id(service):
    return (
        Ownership.objects.filter(service=service, valid_to__isnull=True)
        .values_list("organisation_id", flat=True)
        .first()
    )
