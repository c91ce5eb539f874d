"""The service page in sections (issue 13): the page itself renders the facts and one closed section per topic;
a section's content is rendered only when it is opened (fetched with HTMX, or on a page of its own without
JavaScript). With every panel rendered at once the page was 4,400 px tall and did the work of every app on every
view. The services app renders its own sections (ownership, consumers, history); the panels other apps register
(core.registry.SERVICE_PANELS) go into the section registry.SERVICE_SECTIONS names for them."""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from core import access, registry
from core.views import paged

from .api import service_history
from .forms import ConsumerForm, RoleAssignmentForm
from .models import Consumer

HISTORY_PAGE = 20


@dataclass(frozen=True)
class Section:
    key: str
    label: str


SECTIONS = (
    Section("ownership", _("Ownership and roles")),
    Section("consumers", _("Consumers")),
    Section("governance", _("Governance")),
    Section("architecture", _("Architecture and lifecycle")),
    Section("security", _("Information security")),
    Section("costs", _("Costs")),
    Section("history", _("History")),
)
BY_KEY = {section.key: section for section in SECTIONS}


def render(request, service, key):
    """The HTML of one section of `service`'s page, for the user of `request` (who may see the service)."""
    may_edit = access.may_edit(request.user, service)
    context = {"service": service, "may_edit": may_edit}
    own = ""
    if key == "ownership":
        context.update({
            "ownerships": service.ownerships.select_related("organisation", "decision").order_by("-valid_from"),
            "roles": service.roles.all(),
            "role_form": RoleAssignmentForm() if may_edit else None,
        })
        own = render_to_string("services/_section_ownership.html", context, request=request)
    elif key == "consumers":
        context.update({
            "consumers": service.consumers.select_related("organisation"),
            "consumer_form": ConsumerForm(instance=Consumer(service=service)) if may_edit else None,
        })
        own = render_to_string("services/_section_consumers.html", context, request=request)
    elif key == "history":
        context.update(paged(request, service_history(service.pk), HISTORY_PAGE))
        own = render_to_string("services/_section_history.html", context, request=request)
    panels = registry.service_panels(request, service, section=key)
    return mark_safe(own + "".join(panels))  # each part rendered (escaped) by its own template
