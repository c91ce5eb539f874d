"""Reads of integrations and dependencies shared by the pages, the API, the export and the other parts of the
architecture (impact analysis, ArchiMate export). Every read a user sees goes through core.access.visible_to:
an integration or dependency is hidden from a user from whom either end is shielded (architecture.registration).
Set-based: a page of rows costs a fixed number of queries (the services joined, contracts and information
types fetched once per page), never one per row."""

from django.db.models import Prefetch

from core import access
from security.models import InformationType

from .models import Dependency, Integration, ServiceContract


def integrations():
    """Integrations with both ends and the platform joined, their contracts and information prefetched."""
    return (Integration.objects.select_related("producer", "consumer", "platform")
            .prefetch_related(Prefetch("contracts", queryset=ServiceContract.objects.order_by("urn")),
                              Prefetch("information_types", queryset=InformationType.objects.order_by("name"))))


def integrations_visible_to(user):
    return access.visible_to(user, integrations())


def dependencies():
    return Dependency.objects.select_related("service", "depends_on")


def dependencies_visible_to(user):
    return access.visible_to(user, dependencies())


def service_integrations(user, service):
    """What `service` receives (in) and delivers (out), as far as the user may see them."""
    visible = integrations_visible_to(user)
    return {
        "incoming": visible.filter(consumer=service).order_by("producer__name", "kind"),
        "outgoing": visible.filter(producer=service).order_by("consumer__name", "kind"),
    }


def service_dependencies(user, service):
    """What `service` depends on directly, and what depends on it directly (the transitive picture is the
    impact analysis's)."""
    visible = dependencies_visible_to(user)
    return {
        "depends_on": visible.filter(service=service).order_by("depends_on__name"),
        "dependents": visible.filter(depends_on=service).order_by("service__name"),
    }


def contract_users(urn_part):
    """Integrations whose contracts name `urn_part` (e.g. GetCareDocumentation): who produces and who consumes it."""
    return integrations().filter(pk__in=ServiceContract.objects.filter(urn__icontains=urn_part)
                                 .values("integration_id"))
