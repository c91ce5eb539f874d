from django import template

from .. import formatting

register = template.Library()


@register.filter
def num(value, decimals=1):
    return formatting.number(value, decimals)


@register.filter
def unit(value, unit_text):
    return formatting.with_unit(value, unit_text)


@register.filter
def kronor(ore):
    return formatting.kronor(ore)


@register.filter
def signed(value):
    return formatting.signed(value)


@register.filter
def signed_kronor(ore):
    if ore is None:
        return "–"
    return ("+" if ore > 0 else "") + formatting.kronor(ore)
