"""Indicators with targets, outcomes and forecasts (C10; 000 §4.2, 002 §11): the actions, the pages, who may do
what, and the demo's follow-up."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from indicators import actions
from indicators.models import Deviation, Indicator, IndicatorYear, Outcome, PlanAction

from . import factories as f
from . import factories_followup as ff

pytestmark = pytest.mark.django_db
D = Decimal


def _fields(**overrides):
    data = {"code": "ny-indikator", "name": "Andel digitala möten", "definition": "Digitala möten / alla möten",
            "source": "Vårdstatistik", "frequency": "yearly", "unit": "%", "direction": "higher",
            "deviation_threshold": "5", "active": "on"}
    data.update(overrides)
    return data


# Actions ----------------------------------------------------------------------------------------------------

def test_create_indicator_is_entered_and_checked():
    indicator = actions.create_indicator(owner=f.region(), code="ny", name=" Namn ", definition="Def",
                                         source="Källa")
    assert (indicator.kind, indicator.computation, indicator.name) == ("entered", "", "Namn")
    with pytest.raises(ValidationError) as refused:
        actions.create_indicator(owner=f.region(), code="ny", name="Igen", definition="Def", source="Källa")
    assert "code" in refused.value.message_dict
    with pytest.raises(ValidationError):
        actions.create_indicator(owner=f.region(), code="neg", name="N", definition="D", source="K",
                                 deviation_threshold=D(-1))


def test_an_outcome_names_its_source_and_computed_indicators_take_none_by_hand():
    indicator = f.indicator()
    with pytest.raises(ValidationError) as refused:
        actions.record_outcome(indicator=indicator, year=2025, value=D(50), source="  ")
    assert "source" in refused.value.message_dict
    computed = f.indicator(code="beraknad", kind="computed", computation="r01")
    with pytest.raises(ValidationError):
        actions.record_outcome(indicator=computed, year=2025, value=D(50), source="Registret")
    outcome, _ = actions.record_outcome(indicator=indicator, year=2025, value=D(50), source="1177")
    again, _ = actions.record_outcome(indicator=indicator, year=2025, value=D(52), source="1177, rättad")
    assert again.pk == outcome.pk and Outcome.objects.get().value == D(52)


def test_an_outcome_checks_period_year_and_counts():
    indicator = f.indicator()
    for bad in ({"period": "Q5"}, {"year": 1999}, {"numerator": 5}, {"numerator": 5, "denominator": 4}):
        kwargs = {"indicator": indicator, "year": 2025, "value": D(1), "source": "K", **bad}
        with pytest.raises(ValidationError):
            actions.record_outcome(**kwargs)
    assert not Outcome.objects.exists()


def test_a_forecast_records_who_and_when():
    user = ff.office()
    row, _ = actions.enter_forecast(indicator=f.indicator(), year=2026, forecast=D(61), user=user, comment="Bra")
    row.refresh_from_db()
    assert row.forecast_by == user and row.forecast_at is not None and row.forecast_comment == "Bra"
    with pytest.raises(ValidationError):
        actions.enter_forecast(indicator=row.indicator, year=2026, forecast=D(62), row_version=row.row_version + 5)


def test_changing_the_threshold_reevaluates_the_years():
    indicator = f.indicator(deviation_threshold=D(10))
    actions.set_target(indicator=indicator, year=2026, target=D(60))
    actions.enter_forecast(indicator=indicator, year=2026, forecast=D(52))
    assert not Deviation.objects.exists()
    actions.update_indicator(indicator=indicator, deviation_threshold=D(5), row_version=indicator.row_version)
    assert Deviation.objects.filter(basis="forecast").count() == 1


# Pages ------------------------------------------------------------------------------------------------------

def test_the_list_filters_and_pages(client):
    client.force_login(ff.reader())
    hsn = ff.board()
    f.indicator(code="a-regionens")
    f.indicator(code="b-hsn", owner=hsn, name="Nämndens egen")
    answer = client.get("/indikatorer/?owner=HSN")
    assert answer.status_code == 200 and "Nämndens egen" in answer.text and "a-regionens" not in answer.text
    assert "1 indikator" in answer.text and "Ny indikator" not in answer.text  # a reader sees no button
    assert client.get("/indikatorer/?year=abc&page=99").status_code == 200
    assert client.get("/indikatorer/?year=99999").status_code == 200


def test_the_export_writes_the_filtered_list_with_a_years_figures(client):
    client.force_login(ff.reader())
    indicator = f.indicator(code="=cmd")
    f.indicator_year(indicator, year=2026, target=D(60))
    answer = client.get("/indikatorer/export.xlsx?year=2026")
    sheet = openpyxl.load_workbook(io.BytesIO(answer.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "code" and rows[1][0] == "=cmd" and rows[1][10] == 60
    assert sheet["A2"].data_type == "s"  # text, never a formula
    csv = client.get("/indikatorer/export.csv?year=2026").content.decode("utf-8-sig")
    assert "'=cmd" in csv
    assert client.get("/indikatorer/export.csv?year=x").status_code == 400


def test_the_detail_shows_figures_chart_and_who_made_the_forecast(client):
    user = ff.office()
    indicator = f.indicator()
    actions.set_target(indicator=indicator, year=2025, target=D(55))
    actions.record_outcome(indicator=indicator, year=2025, value=D("54.5"), source="1177-statistik 2025")
    actions.enter_forecast(indicator=indicator, year=2026, forecast=D(58), user=user)
    client.force_login(ff.reader())
    page = client.get(indicator.get_absolute_url()).text
    assert "1177-statistik 2025" in page and "54,5" in page and "av kansli" in page
    assert 'role="img"' in page and "Visa siffrorna som tabell" in page
    assert "/2026/prognos/" not in page  # no buttons for a reader
    client.force_login(user)
    assert "/2026/prognos/" in client.get(indicator.get_absolute_url()).text


def test_a_board_editor_creates_indicators_for_the_board_only(client):
    editor = ff.board_editor()
    client.force_login(editor)
    hsn = ff.board()
    form = client.get("/indikatorer/ny/").text
    # Organisations grow with the region: the owner is typed with suggestions, not picked from a select.
    assert 'name="owner"' in form and 'hx-get="/forslag/organisation/"' in form and "Region Stockholm" not in form
    answer = client.post("/indikatorer/ny/", _fields(owner=f"{hsn.name} ({hsn.code})"))
    indicator = Indicator.objects.get(code="ny-indikator")
    assert answer.status_code == 302 and indicator.owner == hsn
    refused = client.post("/indikatorer/ny/", _fields(code="annan", owner=f.region().code))
    assert refused.status_code == 200 and not Indicator.objects.filter(code="annan").exists()
    assert f"Inget som heter {f.region().code} finns i registret" in refused.text  # not the board's to set
    unknown = client.post("/indikatorer/ny/", _fields(code="annan", owner="Nämnden som inte finns"))
    assert "Inget som heter Nämnden som inte finns finns i registret" in unknown.text
    client.force_login(ff.reader())
    assert client.get("/indikatorer/ny/").status_code == 403


def test_bad_input_on_the_indicator_form_is_shown_not_stored(client):
    client.force_login(ff.admin())
    answer = client.post("/indikatorer/ny/", _fields(code="ett mellanslag", deviation_threshold="-3",
                                                     owner=f.region().code))
    assert answer.status_code == 200 and "Rätta felen nedan" in answer.text
    assert not Indicator.objects.exists()


def test_only_the_owners_editors_edit_and_a_stale_edit_is_refused(client):
    indicator = f.indicator(owner=ff.board())
    client.force_login(ff.office())  # the region's editors own the region's indicators, not the board's
    assert client.get(f"/indikatorer/{indicator.pk}/redigera/").status_code == 403
    assert client.post(f"/indikatorer/{indicator.pk}/2026/prognos/", {"forecast": "1"}).status_code == 403
    client.force_login(ff.board_editor())
    data = _fields(code=indicator.code, owner=indicator.owner.code, name="Nytt namn", row_version=1)
    assert client.post(f"/indikatorer/{indicator.pk}/redigera/", data).status_code == 302
    stale = client.post(f"/indikatorer/{indicator.pk}/redigera/", {**data, "name": "Igen"})
    assert stale.status_code == 200 and "ändrade" in stale.text
    assert Indicator.objects.get().name == "Nytt namn"


def test_a_deviating_forecast_takes_the_user_to_the_deviation_asking_for_analysis_and_plan(client):
    indicator = f.indicator()
    f.indicator_year(indicator, year=2026, target=D(60))
    client.force_login(ff.office())
    answer = client.post(f"/indikatorer/{indicator.pk}/2026/prognos/", {"forecast": "40", "row_version": 1},
                         follow=True)
    deviation = Deviation.objects.get()
    assert answer.redirect_chain[-1][0] == deviation.get_absolute_url()
    assert "Prognosen avviker från målet" in answer.text and "kräver en orsaksanalys" in answer.text
    within = client.post(f"/indikatorer/{indicator.pk}/2026/prognos/", {"forecast": "59", "row_version": 2},
                         follow=True)
    assert within.redirect_chain[-1][0] == indicator.get_absolute_url()
    assert "inom avvikelsegränsen igen" in within.text


def test_a_deviating_outcome_goes_to_its_deviation_and_one_within_to_the_indicator(client):
    indicator = f.indicator()
    f.indicator_year(indicator, year=2026, target=D(60))
    client.force_login(ff.office())
    ok = client.post(f"/indikatorer/{indicator.pk}/2026/utfall/",
                     {"period": "Q1", "value": "58", "source": "1177"})
    assert ok.status_code == 302 and ok["Location"] == indicator.get_absolute_url()
    bad = client.post(f"/indikatorer/{indicator.pk}/2026/utfall/", {"period": "Q2", "value": "30", "source": "1177"})
    assert bad["Location"] == Deviation.objects.get(period="Q2").get_absolute_url()
    refused = client.post(f"/indikatorer/{indicator.pk}/2026/utfall/", {"period": "Q3", "value": "x", "source": ""})
    assert refused.status_code == 200 and not Outcome.objects.filter(period="Q3").exists()
    assert client.get(f"/indikatorer/{indicator.pk}/1800/utfall/").status_code == 404


def test_target_form_stores_and_refuses_nonsense(client):
    indicator = f.indicator()
    client.force_login(ff.office())
    assert client.post(f"/indikatorer/{indicator.pk}/2027/mal/", {"target": "70"}).status_code == 302
    assert IndicatorYear.objects.get(year=2027).target == D(70)
    refused = client.post(f"/indikatorer/{indicator.pk}/2027/mal/", {"target": "1e99", "row_version": 1})
    assert refused.status_code == 200 and IndicatorYear.objects.get(year=2027).target == D(70)


def test_the_deviation_page_takes_analysis_plan_and_follow_up(client):
    deviation = f.deviation()
    client.force_login(ff.reader())
    page = client.get(deviation.get_absolute_url()).text
    assert "kräver en orsaksanalys" in page and "Spara analysen" not in page
    assert client.post(deviation.get_absolute_url(), {"step": "analysis", "cause_analysis": "x"}).status_code == 403
    client.force_login(ff.office())
    url = deviation.get_absolute_url()
    early = client.post(url, {"step": "follow_up", "follow_up": "Klart", "followed_up_on": "2026-11-01",
                              "row_version": 1})
    assert early.status_code == 200 and "minst en åtgärd" in early.text
    assert client.post(url, {"step": "analysis", "cause_analysis": "Orsaker", "row_version": 1}).status_code == 302
    assert client.post(url, {"step": "action", "action-action": "Kampanj", "action-responsible": "Anna",
                             "action-due": "2026-12-31", "action-status": "planned"}).status_code == 302
    bad = client.post(url, {"step": "action", "action-action": "", "action-responsible": "",
                            "action-due": "inte ett datum"})
    assert bad.status_code == 200 and PlanAction.objects.count() == 1
    page = client.get(url).text
    assert "Kampanj" in page and "kräver en orsaksanalys" not in page
    assert client.post(url, {"step": "nonsense"}).status_code == 404
    done = client.post(url, {"step": "follow_up", "follow_up": "Klart", "followed_up_on": "2026-11-01",
                             "row_version": 2})
    assert done.status_code == 302 and Deviation.objects.get().status == "followed_up"


def test_plan_actions_are_edited_and_removed_with_their_version(client):
    action = f.plan_action()
    client.force_login(ff.office())
    url = f"/indikatorer/atgarder/{action.pk}/"
    data = {"action": "Ny text", "responsible": "Bo", "due": "2027-01-31", "status": "in_progress", "row_version": 1}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 200  # stale
    assert client.post(f"{url}ta-bort/", {"row_version": 1}, follow=True).status_code == 200
    assert PlanAction.objects.exists()
    client.post(f"{url}ta-bort/", {"row_version": 2})
    assert not PlanAction.objects.exists()


def test_the_deviation_list_puts_open_first_and_filters_without_plan(client):
    planned = f.deviation(f.indicator(code="med-plan"))
    f.plan_action(planned)
    f.deviation(f.indicator(code="utan-plan"))
    f.deviation(f.indicator(code="stangd"), status="followed_up", cause_analysis="x", follow_up="y",
                followed_up_on=datetime.date(2026, 7, 1))
    client.force_login(ff.reader())
    page = client.get("/indikatorer/avvikelser/").text
    assert page.index("med-plan") < page.index("stangd") and page.index("utan-plan") < page.index("stangd")
    only = client.get("/indikatorer/avvikelser/?without_plan=true&status=open").text
    assert "utan-plan" in only and "med-plan" not in only and "stangd" not in only
    assert client.get("/indikatorer/avvikelser/?year=x&owner=NOPE").status_code == 200


# R17 on the rules' pages and in `styr check` --------------------------------------------------------------

def test_r17_shows_on_the_rules_and_findings_pages_and_the_owners_scorecard(client):
    hsn = ff.board()
    deviation = f.deviation(f.indicator(owner=hsn, name="Nämndens indikator"))
    client.force_login(ff.reader())
    assert "R17-HANDLINGSPLAN" in client.get("/styrning/regler/").text
    findings = client.get("/styrning/avvikelser/?rule=R17-HANDLINGSPLAN").text
    assert deviation.get_absolute_url() in findings and "Nämndens indikator" in findings
    assert deviation.get_absolute_url() in client.get("/styrning/avvikelser/?owner=HSN").text
    assert "R17-HANDLINGSPLAN" in client.get("/styrning/styrkort/organisation/HSN/").text
    f.plan_action(deviation)
    actions.record_analysis(deviation=deviation, cause_analysis="Orsaker")
    assert deviation.get_absolute_url() not in client.get("/styrning/avvikelser/").text


def test_r17_in_styr_check():
    import json

    f.deviation(f.indicator(owner=ff.board()))
    out = io.StringIO()
    call_command("check_rules", "--json", "--rule", "R17-HANDLINGSPLAN", stdout=out)
    document = json.loads(out.getvalue())
    assert document["rules"][0]["failing"] == 1
    assert document["findings"][0]["subject"] == "deviation" and document["findings"][0]["owner"] == "HSN"
    text = io.StringIO()
    call_command("check_rules", "--owner", "HSN", stdout=text)
    assert "R17-HANDLINGSPLAN warning: e-tjanster" in text.getvalue()


# The demo ---------------------------------------------------------------------------------------------------

def test_the_demo_has_three_years_a_forecast_and_two_deviations_one_without_a_plan():
    from rules.queries import findings
    from styr import demo

    demo.build()
    assert Indicator.objects.filter(owner__code="HSN").exists() and Indicator.objects.count() >= 4
    assert set(IndicatorYear.objects.values_list("year", flat=True)) == {2024, 2025, 2026}
    assert Outcome.objects.filter(year=2026).exclude(period="year").exists()
    assert IndicatorYear.objects.filter(year=2026, forecast__isnull=False, forecast_by__isnull=False).count() >= 4
    assert Deviation.objects.filter(status="open").count() == 2
    with_plan = Deviation.objects.exclude(cause_analysis="").get()
    assert with_plan.actions.count() == 2
    r17 = [x for x in findings() if x["rule"] == "R17-HANDLINGSPLAN"]
    assert len(r17) == 1 and r17[0]["owner"] == "HSN"


def test_the_lists_cost_no_query_per_row(client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(ff.reader())
    f.deviation(f.indicator(code="forsta", owner=ff.board()))

    def counted(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries.captured_queries)

    one = (counted("/indikatorer/"), counted("/indikatorer/avvikelser/"))
    for n in range(5):
        f.deviation(f.indicator(code=f"fler-{n}", owner=ff.board(f"B{n}")))
    assert (counted("/indikatorer/"), counted("/indikatorer/avvikelser/")) == one
