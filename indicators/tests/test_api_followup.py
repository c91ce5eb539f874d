"""The follow-up's API: indicators, years, outcomes, deviations and plan actions, through the actions, with
If-Match on updates, and bad input answered as 400, never 500."""

import datetime
from decimal import Decimal

import pytest

from indicators.models import Deviation, Indicator, IndicatorYear, Outcome, PlanAction

from . import factories as f
from . import factories_followup as ff

pytestmark = pytest.mark.django_db
D = Decimal


def _indicator_body(**overrides):
    body = {"code": "api-ind", "name": "Via API", "definition": "Def", "source": "Källa", "owner": "HSN",
            "deviation_threshold": "5.0000"}
    body.update(overrides)
    return body


def test_a_board_editor_creates_an_indicator_for_the_board_not_the_region(api):
    ff.board()
    f.region()
    api.force_authenticate(ff.board_editor())
    made = api.post("/api/indicators/", _indicator_body(), format="json")
    assert made.status_code == 201 and made.json()["kind"] == "entered"
    refused = api.post("/api/indicators/", _indicator_body(code="rs-ind", owner="RS"), format="json")
    assert refused.status_code == 403 and not Indicator.objects.filter(code="rs-ind").exists()
    bad = api.post("/api/indicators/", _indicator_body(code="bad code", deviation_threshold="-1"), format="json")
    assert bad.status_code == 400 and {"code", "deviation_threshold"} <= set(bad.json())


def test_indicator_update_needs_if_match_and_a_reader_may_not(api):
    indicator = f.indicator(owner=ff.board())
    api.force_authenticate(ff.reader())
    read = api.get(f"/api/indicators/{indicator.pk}/")
    assert read.status_code == 200 and read["ETag"] == '"1"'
    assert api.patch(f"/api/indicators/{indicator.pk}/", {"name": "x"}, format="json",
                     HTTP_IF_MATCH='"1"').status_code == 403
    api.force_authenticate(ff.board_editor())
    assert api.patch(f"/api/indicators/{indicator.pk}/", {"name": "x"}, format="json").status_code == 428
    done = api.patch(f"/api/indicators/{indicator.pk}/", {"name": "Nytt"}, format="json", HTTP_IF_MATCH='"1"')
    assert done.status_code == 200 and done["ETag"] == '"2"'
    stale = api.patch(f"/api/indicators/{indicator.pk}/", {"name": "Igen"}, format="json", HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412 and Indicator.objects.get().name == "Nytt"


def test_a_computed_indicators_definition_comes_from_the_register(api):
    indicator = f.indicator(kind="computed", computation="r01")
    api.force_authenticate(ff.admin())
    refused = api.patch(f"/api/indicators/{indicator.pk}/", {"name": "Annat"}, format="json", HTTP_IF_MATCH='"1"')
    assert refused.status_code == 400 and "name" in refused.json()
    ok = api.patch(f"/api/indicators/{indicator.pk}/", {"deviation_threshold": "3"}, format="json",
                   HTTP_IF_MATCH='"1"')
    assert ok.status_code == 200


def test_years_take_targets_and_forecasts_and_a_deviating_forecast_opens_a_deviation(api):
    indicator = f.indicator()
    user = ff.office()
    api.force_authenticate(user)
    made = api.post("/api/indicator-years/", {"indicator": indicator.code, "year": 2026, "target": "60"},
                    format="json")
    assert made.status_code == 201
    again = api.post("/api/indicator-years/", {"indicator": indicator.code, "year": 2026, "target": "61"},
                     format="json")
    assert again.status_code == 400 and "year" in again.json()
    row = made.json()["id"]
    forecast = api.patch(f"/api/indicator-years/{row}/", {"forecast": "40"}, format="json", HTTP_IF_MATCH='"1"')
    assert forecast.status_code == 200 and forecast.json()["forecast_by"] == user.username
    assert Deviation.objects.get().basis == "forecast"
    assert api.patch(f"/api/indicator-years/{row}/", {"year": 2027}, format="json",
                     HTTP_IF_MATCH=forecast["ETag"]).status_code == 400
    assert api.post("/api/indicator-years/", {"indicator": indicator.code, "year": 2026}, format="json"
                    ).status_code == 400
    assert api.post("/api/indicator-years/", {"indicator": indicator.code, "year": 1800, "target": "1"},
                    format="json").status_code == 400


def test_outcomes_are_entered_with_their_source_and_not_for_computed_indicators(api):
    indicator = f.indicator()
    computed = f.indicator(code="beraknad", kind="computed", computation="r01")
    api.force_authenticate(ff.office())
    made = api.post("/api/outcomes/", {"indicator": indicator.code, "year": 2025, "value": "55.5",
                                       "source": "1177"}, format="json")
    assert made.status_code == 201 and made.json()["period"] == "year"
    assert api.post("/api/outcomes/", {"indicator": indicator.code, "year": 2025, "value": "55.5", "source": "x"},
                    format="json").status_code == 400  # the year's outcome is there: update it
    assert api.post("/api/outcomes/", {"indicator": indicator.code, "year": 2025, "period": "Q1", "value": "1",
                                       "source": ""}, format="json").status_code == 400
    assert api.post("/api/outcomes/", {"indicator": computed.code, "year": 2025, "value": "1", "source": "x"},
                    format="json").status_code == 400
    assert api.post("/api/outcomes/", {"indicator": indicator.code, "year": 2025, "period": "Q9", "value": "NaN",
                                       "source": "x"}, format="json").status_code == 400
    updated = api.patch(f"/api/outcomes/{made.json()['id']}/", {"value": "56"}, format="json", HTTP_IF_MATCH='"1"')
    assert updated.status_code == 200 and Outcome.objects.get(period="year").value == D(56)


def test_deviation_analysis_plan_and_follow_up_through_the_api(api):
    deviation = f.deviation(f.indicator(owner=ff.board()))
    api.force_authenticate(ff.office())  # the region's editor: not the board's
    assert api.post(f"/api/deviations/{deviation.pk}/analysis/", {"cause_analysis": "x"},
                    format="json").status_code == 403
    api.force_authenticate(ff.board_editor())
    url = f"/api/deviations/{deviation.pk}/"
    assert api.post(f"{url}follow-up/", {"follow_up": "Klart"}, format="json").status_code == 400
    assert api.post(f"{url}analysis/", {"cause_analysis": ""}, format="json").status_code == 400
    analysed = api.post(f"{url}analysis/", {"cause_analysis": "Orsaker"}, format="json", HTTP_IF_MATCH='"1"')
    assert analysed.status_code == 200 and analysed.json()["cause_analysis"] == "Orsaker"
    assert api.post(f"{url}analysis/", {"cause_analysis": "Igen"}, format="json",
                    HTTP_IF_MATCH='"1"').status_code == 412
    action = api.post("/api/plan-actions/", {"deviation": deviation.pk, "action": "Kampanj", "responsible": "Anna",
                                             "due": "2026-12-31"}, format="json")
    assert action.status_code == 201
    assert api.post("/api/plan-actions/", {"deviation": deviation.pk, "action": "", "responsible": "A",
                                           "due": "nej"}, format="json").status_code == 400
    pk = action.json()["id"]
    assert api.patch(f"/api/plan-actions/{pk}/", {"status": "done"}, format="json").status_code == 428
    assert api.patch(f"/api/plan-actions/{pk}/", {"status": "done"}, format="json",
                     HTTP_IF_MATCH='"1"').status_code == 200
    listed = api.get("/api/deviations/?without_plan=true").json()
    assert listed["count"] == 0 if isinstance(listed, dict) else listed == []
    closed = api.post(f"{url}follow-up/", {"follow_up": "Klart", "followed_up_on": "2026-11-01"}, format="json")
    assert closed.status_code == 200 and closed.json()["status"] == "followed_up"
    assert api.delete(f"/api/plan-actions/{pk}/", HTTP_IF_MATCH='"2"').status_code == 400  # the plan is kept
    assert PlanAction.objects.exists()


def test_plan_action_removal_with_if_match(api):
    action = f.plan_action()
    api.force_authenticate(ff.admin())
    assert api.delete(f"/api/plan-actions/{action.pk}/").status_code == 428
    assert api.delete(f"/api/plan-actions/{action.pk}/", HTTP_IF_MATCH='"1"').status_code == 204
    assert not PlanAction.objects.exists()


def test_lists_filter_through_the_pages_filters(api):
    hsn = ff.board()
    f.indicator(code="hsn-ind", owner=hsn)
    f.indicator(code="rs-ind")
    f.deviation(f.indicator(code="avv", owner=hsn), year=2025)
    api.force_authenticate(ff.reader())

    def codes(answer):
        data = answer.json()
        return [row.get("code") or row.get("indicator") for row in (data["results"] if "results" in data else data)]

    assert sorted(codes(api.get("/api/indicators/?owner=HSN"))) == ["avv", "hsn-ind"]
    assert codes(api.get("/api/deviations/?owner=HSN&year=2025&status=open")) == ["avv"]
    assert api.get("/api/deviations/?year=abc").status_code == 400
    assert api.get("/api/indicators/?owner=NOPE").status_code == 400
    assert IndicatorYear.objects.count() == 0 and datetime.date.today()


def test_r17_findings_in_the_api(api):
    deviation = f.deviation(f.indicator(owner=ff.board()))
    api.force_authenticate(ff.reader())
    answer = api.get("/api/findings/?rule=R17-HANDLINGSPLAN")
    rows = answer.json()["results"]
    assert answer.status_code == 200 and len(rows) == 1
    assert (rows[0]["subject"], rows[0]["subject_id"], rows[0]["owner"], rows[0]["service_id"], rows[0]["domain"]) == (
        "deviation", deviation.pk, "HSN", None, None)
    assert api.get("/api/findings/?owner=HSN").json()["count"] == 1
    rules = {r["id"]: r for r in api.get("/api/rules/").json()}
    assert (rules["R17-HANDLINGSPLAN"]["applicable"], rules["R17-HANDLINGSPLAN"]["failing"]) == (1, 1)
    assert {r["id"]: r["failing"] for r in api.get("/api/scorecards/organisations/HSN/").json()
            }["R17-HANDLINGSPLAN"] == 1
