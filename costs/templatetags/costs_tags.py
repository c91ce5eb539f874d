from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def kr(ore):
    """Öre as kronor the Swedish way: 1 234 567,89."""
    if ore is None:
        return ""
    sign = "−" if ore < 0 else ""
    kronor, rest = divmod(abs(int(ore)), 100)
    return f"{sign}{kronor:,}".replace(",", "\u00a0") + f",{rest:02d}"


@register.filter
def percent(share):
    if share is None:
        return ""
    return f"{(Decimal(share) * 100).quantize(Decimal('0.01'))} %".replace(".", ",")
