"""What the costs pages ask core.access in a template: whether the user sees the buttons that change costs."""

from django import template

from core import access

register = template.Library()


@register.filter
def may_change_costs(user):
    return access.may_change_costs(user)
