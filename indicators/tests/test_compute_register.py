"""Storing the register's figures (indicators.compute): a past year's figure never changes silently."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from core import registry
from indicators import compute
from indicators.models import Indicator, Outcome
from indicators.tests import factories as f
from indicators.tests.factories_register import computed, stored
from services.models import Ownership, Service
from services.tests import factories

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
LAST_YEAR = TODAY.year - 1
CODE = "tjanster-med-agare"


def _register(owned=3, unowned=1):
    for _ in range(owned):
        factories.service(phase=Service.Phase.IN_PRODUCTION)
    for _ in range(unowned):
        Ownership.objects.filter(service=factories.service(phase=Service.Phase.IN_PRODUCTION)).delete()


def test_every_registered_count_gets_a_computed_indicator_of_the_region():
    f.region()
    compute.compute(codes={CODE})
    rows = Indicator.objects.filter(code__in=registry.INDICATORS)
    assert rows.count() == len(registry.INDICATORS)
    assert {(r.kind, r.computation == r.code, r.owner.code) for r in rows} == {("computed", True, "RS")}


def test_a_past_years_figure_does_not_change_when_the_register_changes():
    _register(owned=3, unowned=1)
    first = computed(CODE, year=LAST_YEAR)  # computed after the year ended: its closing figure, final
    assert stored(first) == (3, 4, Decimal("75.0000"))
    _register(owned=0, unowned=4)  # the register changes: now 3 of 8
    again = computed(CODE, year=LAST_YEAR)
    assert stored(again) == (3, 4, Decimal("75.0000"))
    assert Outcome.objects.get(pk=first.pk).history.count() == 1  # not even saved again
    with pytest.raises(CommandError, match="--recompute-closed"):
        call_command("indicators", "compute", "--year", str(LAST_YEAR), "--indicator", CODE, verbosity=0)
    assert stored(Outcome.objects.get(pk=first.pk)) == (3, 4, Decimal("75.0000"))


def test_a_closed_year_is_computed_again_only_when_asked_with_a_reason_kept_in_the_history():
    _register(owned=1, unowned=1)
    computed(CODE, year=LAST_YEAR)
    _register(owned=2, unowned=0)
    with pytest.raises(ValidationError, match="skälet sparas"):
        compute.compute(year=LAST_YEAR, codes={CODE}, recompute_closed=True, reason="  ")
    call_command("indicators", "compute", "--year", str(LAST_YEAR), "--indicator", CODE, "--recompute-closed",
                 "--reason", "Ägarskap rättade i efterhand", verbosity=0)
    outcome = Outcome.objects.get(indicator__code=CODE, year=LAST_YEAR)
    assert stored(outcome) == (3, 4, Decimal("75.0000"))
    assert outcome.history.first().history_change_reason == "Ägarskap rättade i efterhand"


def test_a_figure_computed_while_the_year_ran_is_replaced_once_by_the_closing_figure():
    _register(owned=1, unowned=1)
    running = computed(CODE, year=LAST_YEAR, on=datetime.date(LAST_YEAR, 6, 30),
                       today=datetime.date(LAST_YEAR, 6, 30))  # computed in June of that year
    assert stored(running) == (1, 2, Decimal("50.0000")) and not compute.is_final(running)
    _register(owned=2, unowned=0)
    closing = computed(CODE, year=LAST_YEAR)
    assert closing.pk == running.pk and stored(closing) == (3, 4, Decimal("75.0000"))
    assert compute.is_final(closing) and closing.computed_on == TODAY


def test_the_running_years_figure_is_refreshed_by_each_run():
    _register(owned=1, unowned=1)
    assert stored(computed(CODE)) == (1, 2, Decimal("50.0000"))
    _register(owned=2, unowned=0)
    assert stored(computed(CODE)) == (3, 4, Decimal("75.0000"))
    assert Outcome.objects.filter(indicator__code=CODE).count() == 1


@pytest.mark.parametrize(("year", "on", "message"), [
    (TODAY.year + 1, None, "har inte börjat"),
    (LAST_YEAR, TODAY, "måste ligga i"),
    (None, TODAY + datetime.timedelta(days=1), "inte har kommit"),
    (1999, None, "mellan 2000 och 2100"),
])
def test_a_run_that_cannot_be_counted_is_refused_and_stores_nothing(year, on, message):
    f.region()
    with pytest.raises(ValidationError, match=message):
        compute.compute(year=year, on=on)
    assert not Outcome.objects.exists() and not Indicator.objects.exists()


def test_the_command_names_bad_input():
    with pytest.raises(CommandError, match="--on"):
        call_command("indicators", "compute", "--on", "2026-13-01")
    with pytest.raises(CommandError, match="Unknown indicator"):
        call_command("indicators", "compute", "--indicator", "nope")
    with pytest.raises(CommandError, match="region"):  # no region organisation to own the indicators
        call_command("indicators", "compute", verbosity=0)


def test_the_command_prints_progress_and_a_summary(capsys):
    f.region()
    _register(owned=1, unowned=0)
    call_command("indicators", "compute")
    out = capsys.readouterr().out
    assert f"[1/{len(registry.INDICATORS)}]" in out and "figure(s) stored" in out
    assert f"{CODE}: 100.0000 (1 of 1), query version 1" in out


def test_a_figure_counted_with_another_query_version_is_shown_with_a_note():
    _register(owned=1, unowned=0)
    outcome = computed(CODE)
    assert compute.version_note(outcome) == ""
    Outcome.objects.filter(pk=outcome.pk).update(query_version="0")
    outcome.refresh_from_db()
    assert "frågeversion 0" in compute.version_note(outcome)


def test_an_entered_indicator_with_a_registered_code_is_left_alone_and_named():
    entered = f.indicator(CODE)  # people entered an indicator of that code first
    results = compute.compute(codes={CODE})
    assert [r.status for r in results if r.code == CODE] == [compute.CONFLICT]
    entered.refresh_from_db()
    assert entered.kind == "entered" and not entered.outcomes.exists()
