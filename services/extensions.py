"""Where apps that build on the register plug into it without the register importing them.

Dependencies point one way (organisations <- services <- everything else), yet a rule such as
"no production without a passed test" belongs to the app that knows tests, and the service page
should show what other apps know about a service. Those apps register here from their
AppConfig.ready().
"""

PHASE_GUARDS = []
"""Callables guard(service, old_phase, new_phase) that raise ValidationError({"phase": ...})."""

SERVICE_PANELS = []
"""Callables panel(request, service) returning rendered HTML for the service page, or ""."""

DASHBOARD_PANELS = []
"""Callables panel(request) returning rendered HTML for the overview page, or ""."""


def check_phase_change(service, old, new):
    for guard in PHASE_GUARDS:
        guard(service, old, new)


def service_panels(request, service):
    return [html for html in (panel(request, service) for panel in SERVICE_PANELS) if html]


def dashboard_panels(request):
    return [html for html in (panel(request) for panel in DASHBOARD_PANELS) if html]
