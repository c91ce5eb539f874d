"""Splitting an amount in öre among organisations exactly: the parts add up to the amount, every part
is the exact share rounded down or up by one öre, and the öre left over go to the largest remainders
(ties to the lowest key), so the result depends on the inputs and not on their order."""

from decimal import Decimal


def integer_weights(weights):
    """Scale Decimal weights (volumes with decimals, percentages) to integers with the same ratios."""
    if all(type(w) is int for w in weights.values()):
        return weights
    exponent = min((Decimal(w).normalize().as_tuple().exponent for w in weights.values()), default=0)
    scale = 10 ** max(0, -exponent)
    return {key: int(Decimal(w) * scale) for key, w in weights.items()}


def split(amount, weights):
    """{key: öre} for a non-negative integer `amount` split by non-negative `weights` {key: number}.

    Raises ValueError when the weights sum to zero: nobody to carry the cost.
    """
    if amount < 0:
        raise ValueError("amount must not be negative")
    ints = integer_weights(weights)
    if any(w < 0 for w in ints.values()):
        raise ValueError("weights must not be negative")
    total = sum(ints.values())
    if total == 0:
        raise ValueError("the weights sum to zero")
    parts, remainders = {}, []
    for key in sorted(ints):
        part, remainder = divmod(amount * ints[key], total)
        parts[key] = part
        remainders.append((-remainder, key))
    left = amount - sum(parts.values())
    if left:
        for _, key in sorted(remainders)[:left]:
            parts[key] += 1
    return parts


def share_text(weight, total, places=8):
    """weight/total rounded half up to `places` decimals, as text — exact, no float, no Decimal context."""
    scaled = (2 * weight * 10**places + total) // (2 * total)
    whole, fraction = divmod(scaled, 10**places)
    return f"{whole}.{fraction:0{places}d}"
