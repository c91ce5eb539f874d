"""The demo's action plans and another region's results (issue 12 points 6–7), after the rounds (order 80).

An action plan for each unit of "Mognadsmätning 2026" except DS-GERIATRIK, whose missing plan is then a finding of
R22; goals on each unit's two weakest categories, activities some local, some central, one carried by the
portfolio initiative INI-2026-03 when it exists. Then "Region Exempel" 2026 on the same model, imported through
the exchange format as any other region's file would be. Works on whatever the rounds' builder made: rounds,
units and initiatives are looked up by code, and what is missing is skipped quietly."""

import datetime
import io
from decimal import Decimal

from django.contrib.auth import get_user_model

from core import exports
from portfolio.models import Initiative

from . import actions_plans, exchange
from .models import ActionPlan, Category, MaturityModel, Result, Round

ROUND_2026 = "Mognadsmätning 2026"
MODEL_CODE = "demo-mognad"
WITHOUT_PLAN = "DS-GERIATRIK"

GOALS = {
    "formaga": "Stärka %(category)s så att verksamheten når minst nivå %(target)s till nästa mätning.",
    "arv": "Minska det digitala arvets hinder inom %(category)s till nivå %(target)s.",
}
ACTIVITIES = [
    ("Utbilda chefer och medarbetare i digitalt arbetssätt inom %(category)s", "Verksamhetschef", "local"),
    ("Inventera och prioritera system som bromsar %(category)s", "Regional it-förvaltning", "central"),
    ("Följa upp målen i verksamhetens ledningsgrupp varje kvartal", "Verksamhetsutvecklare", "local"),
]


def _weakest(rnd, unit, count=2):
    return list(Result.objects.filter(round=rnd, unit=unit, category__isnull=False).select_related("category",
                "category__dimension").order_by("mean", "category__code")[:count])


def _plan_for(admin, rnd, round_unit, initiative):
    unit = round_unit.unit
    plan = actions_plans.create_plan(user=admin, round=rnd, unit=unit, title=f"Handlingsplan digital mognad "
                                     f"{rnd.period_end.year} – {unit.name}", adopted_on=rnd.period_end
                                     + datetime.timedelta(days=45))
    weakest = _weakest(rnd, unit)
    for index, result in enumerate(weakest):
        category = result.category
        target = min(Decimal(5), (result.mean + Decimal("0.5")).quantize(Decimal("0.1")))
        text = GOALS.get(category.dimension.code, GOALS["formaga"]) % {"category": category.name.lower(),
                                                                       "target": str(target).replace(".", ",")}
        goal = actions_plans.add_goal(user=admin, plan=plan, category=category, text=text, target=target)
        for number, (title, responsible, level) in enumerate(ACTIVITIES[index:index + 2]):
            carried = initiative if initiative and index == 0 and number == 1 else None
            actions_plans.add_activity(
                user=admin, plan=plan, goal=goal, title=title % {"category": category.name.lower()},
                responsible=responsible, due=datetime.date(rnd.period_end.year, 12 - 3 * number, 15),
                status="ongoing" if number == 0 else "planned", level=level, initiative=carried)
    return plan


def _other_region(admin, model):
    """Region Exempel's 2026 figures for every category and dimension, a little apart from ours, as a file."""
    rows = []
    categories = Category.objects.filter(model=model).select_related("dimension").order_by("order", "code")
    for index, category in enumerate(categories):
        rows.append([model.code, model.version, "Region Exempel", "2026", "category", category.code,
                     Decimal("2.6") + Decimal("0.15") * (index % 5), 180 + 10 * index])
    for index, dimension in enumerate(model.dimensions.order_by("order", "code")):
        rows.append([model.code, model.version, "Region Exempel", "2026", "dimension", dimension.code,
                     Decimal("2.9") + Decimal("0.2") * index, 420])
    buffer = io.StringIO()
    exports.write_csv(buffer, exchange.COLUMNS, rows)
    return exchange.import_external(user=admin, model=model, name="region-exempel-2026.csv",
                                    data=buffer.getvalue().encode("utf-8"))


def build(region):
    rnd = Round.objects.filter(name=ROUND_2026, model__code=MODEL_CODE).select_related("model").first()
    if rnd is None:
        return
    admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    if admin is None:
        return
    initiative = Initiative.objects.filter(code="INI-2026-03").first()
    for round_unit in rnd.round_units.select_related("unit").order_by("unit__code"):
        if round_unit.unit.code == WITHOUT_PLAN or ActionPlan.objects.filter(round=rnd, unit=round_unit.unit).exists():
            continue
        _plan_for(admin, rnd, round_unit, initiative)
        if initiative is not None and initiative.maturity_activities.exists():
            initiative = None  # one activity carried by it is enough for the demo
    model = MaturityModel.objects.filter(code=MODEL_CODE).order_by("-version").first()
    if model is not None and model.points.exists():
        _other_region(admin, model)
