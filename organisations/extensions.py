"""Where apps that build on organisations add to an organisation's page without this app importing
them: each registers a panel(request, organisation) -> HTML from its AppConfig.ready()."""

ORGANISATION_PANELS = []


def organisation_panels(request, organisation):
    return [html for html in (panel(request, organisation) for panel in ORGANISATION_PANELS) if html]
