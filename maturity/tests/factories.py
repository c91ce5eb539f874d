"""Small factories for maturity tests (and the concurrency guard in styr/tests)."""

import datetime
import itertools
from decimal import Decimal

from organisations.tests import factories as org_factories

from ..models import (
    ActionPlan,
    Activity,
    Answer,
    Category,
    Dimension,
    ExternalResult,
    Goal,
    MaturityModel,
    MeasurementPoint,
    Response,
    Result,
    Round,
    RoundUnit,
    Unit,
)

_n = itertools.count(1)


def maturity_model(code=None, version=1, **fields):
    fields.setdefault("name", "Demomodell för digital mognad")
    return MaturityModel.objects.create(code=code or f"modell{next(_n)}", version=version, **fields)


def dimension(model=None, code=None, **fields):
    code = code or f"dim{next(_n)}"
    fields.setdefault("name", f"Dimension {code}")
    return Dimension.objects.create(model=model or maturity_model(), code=code, **fields)


def category(dim=None, code=None, **fields):
    dim = dim or dimension()
    code = code or f"kat{next(_n)}"
    fields.setdefault("name", f"Kategori {code}")
    return Category.objects.create(model=dim.model, dimension=dim, code=code, **fields)


def point(cat=None, code=None, **fields):
    cat = cat or category()
    code = code or f"p{next(_n)}"
    fields.setdefault("text", f"Påstående {code}")
    return MeasurementPoint.objects.create(model=cat.model, category=cat, code=code, **fields)


def unit(organisation=None, code=None, **fields):
    code = code or f"enhet{next(_n)}"
    fields.setdefault("name", f"Enhet {code}")
    return Unit.objects.create(organisation=organisation or org_factories.organisation(), code=code, **fields)


def round_(model=None, year=2026, **fields):
    fields.setdefault("name", f"Mognadsmätning {year}")
    return Round.objects.create(model=model or maturity_model(), period_start=datetime.date(year, 3, 1),
                                period_end=datetime.date(year, 4, 30), **fields)


def round_unit(rnd=None, unt=None, invited=None):
    return RoundUnit.objects.create(round=rnd or round_(), unit=unt or unit(), invited=invited)


def response(rnd, unt, respondent=None, answers=None):
    """A respondent's answers: {point: value}."""
    made = Response.objects.create(round=rnd, unit=unt, respondent=respondent or f"r{next(_n)}")
    Answer.objects.bulk_create(Answer(response=made, point=p, value=v) for p, v in (answers or {}).items())
    return made


def result(rnd, unt, *, category=None, dimension=None, point=None, mean=Decimal(3), spread=Decimal(1), respondents=5):
    return Result.objects.create(round=rnd, unit=unt, category=category, dimension=dimension, point=point, mean=mean,
                                 spread=spread, respondents=respondents)


def external_result(model=None, level="category", code="kat1", mean=Decimal("3.2"), **fields):
    fields.setdefault("organisation_name", "Region Exempel")
    fields.setdefault("period", "2026")
    fields.setdefault("respondents", 120)
    return ExternalResult.objects.create(model=model or maturity_model(), level=level, code=code, mean=mean, **fields)


def action_plan(rnd=None, unt=None, owner=None, **fields):
    unt = unt or unit()
    fields.setdefault("title", f"Handlingsplan {unt}")
    return ActionPlan.objects.create(round=rnd or round_(), unit=unt, owner=owner or unt.organisation, **fields)


def goal(plan=None, cat=None, **fields):
    plan = plan or action_plan()
    fields.setdefault("text", "Höja den digitala förmågan")
    return Goal.objects.create(plan=plan, category=cat or category(dimension(model=plan.round.model)), **fields)


def activity(plan=None, **fields):
    fields.setdefault("title", "Utbilda chefer i digital ledning")
    fields.setdefault("responsible", "Enhetschef")
    fields.setdefault("due", datetime.date(2026, 12, 31))
    fields.setdefault("level", Activity.Level.LOCAL)
    return Activity.objects.create(plan=plan or action_plan(), **fields)
