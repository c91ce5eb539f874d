"""What the architecture app contributes to the registry (called from ArchitectureConfig.ready()).

The app stands on the capability apps whose records it draws together (lifecycle's components, security's
information types, governance's exemptions): floor 5, docs/decisions/0021."""

from django.utils.translation import gettext_lazy as _

from core import access, registry


def _hide_shielded_producers(user, queryset, path):
    hidden = access.shielded_services(user)
    return queryset if hidden is None else queryset.exclude(**{f"{path}__in": hidden})


def register():
    from .models import Dependency, Integration, MappedService, NeedsMapping, Process, ServiceContract

    # An integration is edited by the owner of the consuming service (issue 11); its contracts follow it.
    registry.OWNERS[Integration] = lambda integration: registry.owner_of(integration.consumer)
    registry.OWNERS[ServiceContract] = lambda contract: registry.owner_of(contract.integration.consumer)
    registry.OWNERS[MappedService] = lambda row: registry.owner_of(row.mapping.service)
    # The process map is the region's, not any one owner's (editing it is the administrators', see views).
    registry.OWNERS[Process] = lambda process: None
    assert Dependency and NeedsMapping  # owned through .service, as every record that belongs to a service

    # How services talk to each other is part of their security details (the visibility rule of issue 9):
    # an integration is hidden from a user from whom either end is shielded.
    registry.SERVICE_DETAILS[Integration] = "consumer"
    registry.VISIBILITY[Integration] = lambda user, qs: _hide_shielded_producers(user, qs, "producer")
    registry.SERVICE_DETAILS[ServiceContract] = "integration__consumer"
    registry.VISIBILITY[ServiceContract] = lambda user, qs: _hide_shielded_producers(user, qs, "integration__producer")
    registry.SERVICE_DETAILS[Dependency] = "service"
    registry.VISIBILITY[Dependency] = lambda user, qs: _hide_shielded_producers(user, qs, "depends_on")

    # Integrations and dependencies (issue 11, part 1): the service page's panel, the menu, the demo's part.
    from . import demo_integrations, views

    registry.SERVICE_PANELS.append(views.service_panel)
    registry.SERVICE_SECTIONS[views.service_panel] = "architecture"
    registry.MENU.append((56, _("Architecture"), "architecture:integrations"))
    registry.DEMO_BUILDERS.append((60, demo_integrations.build))

    # What stops if the service stops, and what it needs (issue 11 point 2), after the integrations' panel.
    from . import generate, views_impact

    registry.SERVICE_PANELS.append(views_impact.service_panel)
    registry.SERVICE_SECTIONS[views_impact.service_panel] = "architecture"
    # Synthetic integrations and dependencies for `styr generate` (benchmarks at a realistic shape).
    registry.GENERATORS.append(generate.generate)
    registry.COMPONENT_LINKS.append((_("What stops if it stops"), "architecture:impact-component"))

    _register_processes()


def _register_processes():
    """The process map, the overlap and needs-mapping rules, the service panel and the demo's part (issue 11
    point 3, docs/decisions/0024)."""
    from . import demo_processes, generate_processes, rules, views_processes

    for rule in rules.RULES:
        registry.register_rule(rule)
    registry.SERVICE_PANELS.append(views_processes.service_panel)
    registry.SERVICE_SECTIONS[views_processes.service_panel] = "architecture"
    registry.MENU.append((61, _("Processes"), "architecture:processes"))
    registry.MENU.append((62, _("Needs mapping"), "architecture:needs"))
    registry.DEMO_BUILDERS.append((61, demo_processes.build))
    registry.GENERATORS.append(generate_processes.generate)
