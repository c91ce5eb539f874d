"""Reads of the component pages: counts and pages, never every linked service at once (a product such as a
database server may run under thousands of services)."""

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from core import access
from services.queries import services_with_owner

from . import queries
from .models import Component


def _visible_links(user):
    links = Component.services.through.objects.all()
    hidden = access.shielded_services(user)
    return links if hidden is None else links.exclude(service__in=hidden)


def components_with_counts(user, today=None):
    """components_with_support() with `service_count`: the services on each that the user may see (which
    components a shielded service runs on is its security detail)."""
    counted = (_visible_links(user).filter(component=OuterRef("pk")).order_by().values("component")
               .annotate(n=Count("pk")).values("n"))
    return queries.components_with_support(today).annotate(
        service_count=Coalesce(Subquery(counted, output_field=IntegerField()), 0))


def services_of(user, component):
    """The component's services the user may see, by name, for a page."""
    ids = _visible_links(user).filter(component=component).values("service_id")
    return services_with_owner().filter(pk__in=ids).order_by("name", "pk")


def link(component, service):
    return Component.services.through.objects.filter(component=component, service=service).first()
