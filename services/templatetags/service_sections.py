"""Links into one section of the service page from another app's template: `{{ service|section:"security#agreements" }}`
is Service.section_url("security", "agreements"), the page with that section open at the anchor. A plain
`#anchor` on the page would land on a closed section (services/sections.py)."""

from django import template

register = template.Library()


@register.filter
def section(service, where):
    key, _, anchor = str(where).partition("#")
    return service.section_url(key, anchor or None)
