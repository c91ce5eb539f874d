"""What the costs pages ask core.access in a template: whether the user sees the buttons that change costs."""

from django import template

register = template.Library()


@register.filter
def may_change_costs(user):
    from costs.views_lines import may_change_costs as ask

    return ask(user)
