"""The database's own rules on models, rounds and answers: each broken and kept."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from maturity.models import Answer, Response, Result, Round

from . import factories as f
from .factories_rounds import small_round

pytestmark = pytest.mark.django_db


def _refused(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_point_scale_and_weight():
    cat = f.category()
    f.point(cat, "ok", scale_min=1, scale_max=7, weight=Decimal("0.5"))
    _refused(lambda: f.point(cat, "flat", scale_min=3, scale_max=3))
    _refused(lambda: f.point(cat, "zero", weight=Decimal(0)))
    _refused(lambda: f.point(cat, "ok"))  # a code once per model


def test_model_version_once():
    f.maturity_model(code="m", version=1)
    f.maturity_model(code="m", version=2)
    _refused(lambda: f.maturity_model(code="m", version=2))


def test_round_period_and_units_once():
    rnd, (one, _two), _p = small_round()
    _refused(lambda: f.round_unit(rnd, one))
    _refused(lambda: Round.objects.create(model=rnd.model, name="Bakvänd", period_start=datetime.date(2026, 5, 1),
                                          period_end=datetime.date(2026, 4, 1)))
    Round.objects.create(model=rnd.model, name="En dag", period_start=datetime.date(2026, 5, 1),
                         period_end=datetime.date(2026, 5, 1))


def test_respondent_once_per_round_and_answer_once_per_point():
    rnd, (one, two), p = small_round()
    made = f.response(rnd, one, "a", {p["p1"]: 3})
    _refused(lambda: Response.objects.create(round=rnd, unit=two, respondent="a"))
    _refused(lambda: Answer.objects.create(response=made, point=p["p1"], value=2))
    Answer.objects.create(response=made, point=p["p2"], value=2)


def test_result_has_one_level():
    rnd, (one, _two), p = small_round()
    f.result(rnd, one, point=p["p1"])
    f.result(rnd, one)  # the total
    _refused(lambda: f.result(rnd, one, point=p["p1"], category=p["p1"].category))
    _refused(lambda: f.result(rnd, one, category=p["p1"].category, dimension=p["p1"].category.dimension))
    assert Result.objects.count() == 2
