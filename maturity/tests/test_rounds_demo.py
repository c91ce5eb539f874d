"""The demo's maturity model and rounds (maturity/demo_rounds.py), built on the demo region's organisations."""

import pytest

from maturity import demo_rounds
from maturity.models import MaturityModel, MeasurementPoint, Response, Result, Round, RoundUnit
from organisations.tests import factories as org

pytestmark = pytest.mark.django_db


def _region():
    codes = {"SLSO", "KS", "SOS", "DS", "HSF", "TN", "RLK"}
    return {"organisations": {c: org.organisation(code=c) for c in codes}, "services": {}, "decisions": {},
            "password": "x"}


def test_demo_builds_two_closed_aggregated_rounds():
    demo_rounds.build(_region())
    v1, v2 = MaturityModel.objects.filter(code="demo-mognad").order_by("version")
    assert v2.dimensions.count() == 2 and v2.points.count() == v1.points.count() + 1
    assert (MeasurementPoint.objects.get(model=v1, code="arv-2-1").text
            != MeasurementPoint.objects.get(model=v2, code="arv-2-1").text)
    r25, r26 = Round.objects.get(name="Mognadsmätning 2025"), Round.objects.get(name="Mognadsmätning 2026")
    assert r25.model == v1 and r26.model == v2 and {r25.status, r26.status} == {"closed"}
    assert RoundUnit.objects.filter(round=r26).count() == 8
    for rnd in (r25, r26):
        counts = {ru.unit.code: Response.objects.filter(round=rnd, unit=ru.unit).count()
                  for ru in rnd.round_units.select_related("unit")}
        assert all(5 <= n <= 12 for n in counts.values())
        assert rnd.aggregated_at is not None
    totals = {year: dict(Result.objects.filter(round=rnd, point=None, category=None, dimension=None)
                         .values_list("unit__code", "mean")) for year, rnd in ((2025, r25), (2026, r26))}
    improved = [code for code in totals[2026] if totals[2026][code] > totals[2025][code]]
    assert len(improved) >= 6
    assert max(totals[2026].values()) - min(totals[2026].values()) > 1


def test_demo_skips_units_whose_organisation_is_missing():
    region = _region()
    del region["organisations"]["DS"]
    demo_rounds.build(region)
    assert RoundUnit.objects.filter(round__name="Mognadsmätning 2026").count() == 7
