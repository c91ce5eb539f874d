"""Numbers the Swedish way in the bokslut (decimal comma, a space between thousands), for the PDF's template
and the charts' text alternatives. The spreadsheet keeps numbers as numbers."""

from decimal import ROUND_HALF_UP, Decimal

NBSP = "\u00a0"


def number(value, decimals=1):
    """1234.5 -> "1 234,5"; a whole value loses its decimals; None -> "–"."""
    if value is None:
        return "–"
    value = Decimal(value)
    if value == value.to_integral_value():
        decimals = 0
    quantum = Decimal(1).scaleb(-decimals)
    text = f"{value.quantize(quantum, rounding=ROUND_HALF_UP):,.{decimals}f}"
    text = text.replace(",", " ").replace(".", ",").replace(" ", NBSP)
    return text.replace("-", "−")


def with_unit(value, unit):
    if value is None:
        return "–"
    return f"{number(value)}{NBSP}{unit}" if unit else number(value)


def kronor(ore):
    """Öre as whole kronor: 123456789 -> "1 234 568 kr"."""
    if ore is None:
        return "–"
    return f"{number(Decimal(ore) / 100, 0)}{NBSP}kr"


def signed(value, decimals=1):
    if value is None:
        return "–"
    return ("+" if value > 0 else "") + number(value, decimals)
