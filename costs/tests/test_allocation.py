"""The invariants of the split, under Hypothesis."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from costs.allocation import split

amounts = st.integers(min_value=0, max_value=10**13)  # up to 100 000 000 000 kr
keys = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=6)
volumes = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)
weightings = st.dictionaries(keys, volumes, min_size=1, max_size=30).filter(lambda w: sum(w.values()) > 0)


@given(amounts, weightings)
def test_parts_add_up_exactly_and_are_never_negative(amount, weights):
    parts = split(amount, weights)
    assert sum(parts.values()) == amount
    assert all(part >= 0 for part in parts.values())
    assert set(parts) == set(weights)


@given(amounts, weightings)
def test_each_part_is_its_exact_share_rounded_down_or_up(amount, weights):
    parts = split(amount, weights)
    total = sum(weights.values())
    for key, weight in weights.items():
        exact = Decimal(amount) * weight / total
        assert abs(parts[key] - exact) < 1


@given(amounts, weightings, st.randoms())
def test_the_order_of_the_consumers_does_not_matter(amount, weights, rng):
    items = list(weights.items())
    rng.shuffle(items)
    assert split(amount, dict(items)) == split(amount, weights)


@given(amounts, weightings)
def test_deterministic(amount, weights):
    assert split(amount, weights) == split(amount, dict(weights))


@given(amounts, st.sets(keys, min_size=1, max_size=30), volumes.filter(lambda v: v > 0))
def test_all_equal_volumes_is_the_equal_share(amount, organisations, volume):
    assert split(amount, dict.fromkeys(organisations, volume)) == split(amount, dict.fromkeys(organisations, 1))


def test_largest_remainder_and_ties_to_the_lowest_key():
    assert split(100, {"A": 1, "B": 1, "C": 1}) == {"A": 34, "B": 33, "C": 33}
    assert split(10, {"A": Decimal("33.33"), "B": Decimal("33.33"), "C": Decimal("33.34")}) == {"A": 3, "B": 3, "C": 4}


@pytest.mark.parametrize("amount, weights", [(100, {"A": 0}), (100, {}), (-1, {"A": 1}), (1, {"A": -1})])
def test_refused(amount, weights):
    with pytest.raises(ValueError):
        split(amount, weights)
