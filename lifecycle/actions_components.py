"""Write use-cases of components (issue 13): register and change a component, link it to a service and unlink
it, delete it. Keyword-only and atomic. Who may call them is asked in the views (core.access): a component's facts
by any editor (no organisation owns a product), a link by the editors of the service's owner."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import versioning


@transaction.atomic
def save_component(*, component):
    """Create or change a component; the model refuses a second one of the same name and version, and a change
    over someone else's newer one is refused (row_version)."""
    component.full_clean()
    component.save()
    return component


@transaction.atomic
def link_service(*, component, service):
    """`service` runs on `component`."""
    if component.services.filter(pk=service.pk).exists():
        raise ValidationError({"service": _("%(service)s already runs on %(component)s.") % {
            "service": service, "component": component}}, code="linked")
    component.services.add(service)
    versioning.claim(component, component.row_version)  # the links changed: a concurrent edit re-reads


@transaction.atomic
def unlink_service(*, component, service):
    if not component.services.filter(pk=service.pk).exists():
        raise ValidationError({"service": _("%(service)s does not run on %(component)s.") % {
            "service": service, "component": component}}, code="not_linked")
    component.services.remove(service)
    versioning.claim(component, component.row_version)


@transaction.atomic
def delete_component(*, component):
    component.delete()
