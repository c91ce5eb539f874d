"""What an organisation page may offer the user (its detail and list views belong to the board pages; the links
to maintain the chart are this app's, asked of core.access)."""

from django import template

from core import access

register = template.Library()


@register.simple_tag(takes_context=True)
def edit_links(context, organisation=None):
    user = context["request"].user
    return {"may_administer": access.may_administer(user),
            "may_manage": organisation is not None and access.may_manage_memberships(user, organisation)}
