"""The benefit follow-up: outcomes and actual costs (actions, pages, import), rule R21 and the indicators."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core import registry
from organisations.tests import factories as orgs

from .. import actions_followup, imports_followup, indicators
from ..models import BenefitOutcome, Initiative, InitiativeCost
from .factories import benefit, benefit_outcome, initiative, initiative_cost, initiative_service, value_assessment
from .factories_ranking import done

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 3)


def failing():
    rule = registry.RULES["R21-NYTTOUPPFOLJNING"]
    return set(rule.failing(TODAY).values_list("code", flat=True))


def test_r21_flags_a_done_initiative_whose_benefit_is_unmeasured_a_year_after():
    old = done(datetime.date(2025, 9, 30), code="OLD")
    benefit(old)
    measured = done(datetime.date(2025, 6, 30), code="MEASURED")
    benefit_outcome(benefit(measured), year=2025, measured_on=datetime.date(2025, 12, 31))
    before = done(datetime.date(2025, 6, 30), code="BEFORE")  # measured only before it was done: no follow-up
    benefit_outcome(benefit(before), year=2025, measured_on=datetime.date(2025, 6, 1))
    half = done(datetime.date(2025, 6, 30), code="HALF")  # one of two benefits measured
    benefit_outcome(benefit(half), year=2026, measured_on=datetime.date(2026, 3, 1))
    benefit(half)
    recent = done(datetime.date(2026, 6, 30), code="RECENT")  # not yet a year
    benefit(recent)
    benefit(initiative(code="RUNNING", status=Initiative.Status.IN_PROGRESS))
    assert failing() == {"OLD", "BEFORE", "HALF"}
    finding = registry.RULES["R21-NYTTOUPPFOLJNING"].describe(Initiative.objects.filter(code="OLD"))[0]
    assert finding["link"] == f"/portfolj/uppfoljning/{old.pk}/" and "klart 2025-09-30" in finding["label"]
    benefit_outcome(old.benefits.get(), year=2026, measured_on=datetime.date(2026, 10, 1))
    assert "OLD" not in failing()


def test_an_outcome_is_refused_in_the_future_or_before_its_year_and_replaced_over_its_version():
    ben = benefit()
    with pytest.raises(ValidationError, match="framtiden|future"):
        actions_followup.record_outcome(benefit=ben, year=2026, value=Decimal(1),
                                        measured_on=datetime.date(2999, 1, 1))
    with pytest.raises(ValidationError) as refused:
        actions_followup.record_outcome(benefit=ben, year=2026, value=Decimal(1), measured_on=datetime.date(2025, 1, 1))
    assert "year" in refused.value.message_dict
    first = actions_followup.record_outcome(benefit=ben, year=2025, value=Decimal(30),
                                            measured_on=datetime.date(2025, 12, 31))
    actions_followup.record_outcome(benefit=ben, year=2025, value=Decimal(31), measured_on=datetime.date(2026, 1, 5),
                                    row_version=first.row_version)
    with pytest.raises(ValidationError, match="Någon annan|Someone else"):
        actions_followup.record_outcome(benefit=ben, year=2025, value=Decimal(32),
                                        measured_on=datetime.date(2026, 1, 5), row_version=first.row_version)
    assert BenefitOutcome.objects.get().value == Decimal(31)


def test_actual_cost_beside_the_estimate_and_never_negative():
    init = initiative()
    cost = initiative_cost(init, year=2025, investment=1000, running=100)
    with pytest.raises(ValidationError):
        actions_followup.record_actual_cost(initiative=init, year=2025, actual_investment=-1, actual_running=0)
    actions_followup.record_actual_cost(initiative=init, year=2025, actual_investment=1200, actual_running=90,
                                        row_version=cost.row_version)
    actions_followup.record_actual_cost(initiative=init, year=2026, actual_investment=5, actual_running=None)
    assert list(InitiativeCost.objects.order_by("year").values_list(
        "estimated_investment", "actual_investment", "actual_running")) == [(1000, 1200, 90), (0, 5, None)]


def test_the_pages_show_outcomes_against_benefits_and_owners_record_them(client):
    owner = orgs.organisation()
    init = initiative(owner, code="INI-F", status=Initiative.Status.DONE,
                      status_changed_on=datetime.date(2025, 6, 30))
    ben = benefit(init, baseline=Decimal(20), target=Decimal(60))
    initiative_cost(init, year=2026, investment=100_000_00, running=0)
    client.force_login(orgs.user())
    page = client.get("/portfolj/uppfoljning/", {"year": 2026}).content.decode()
    assert "INI-F" in page and "100\u00a0000,00" in page and "0 / 1" in page
    detail = client.get(f"/portfolj/uppfoljning/{init.pk}/").content.decode()
    assert "Inte mätt ännu." in detail and "Registrera utfallet" not in detail
    url = f"/portfolj/uppfoljning/{init.pk}/utfall/"
    assert client.post(url, {"benefit": ben.pk, "year": 2026, "value": "40",
                             "measured_on": "2026-10-01"}).status_code == 403
    editor = orgs.user(editor_of=owner)
    client.force_login(editor)
    client.post(url, {"benefit": ben.pk, "year": 2026, "value": "x", "measured_on": "2026-10-01"})
    assert not BenefitOutcome.objects.exists()
    client.post(url, {"benefit": ben.pk, "year": 2026, "value": "40", "measured_on": "2026-10-01"})
    outcome = BenefitOutcome.objects.get()
    detail = client.get(f"/portfolj/uppfoljning/{init.pk}/").content.decode()
    assert "50,0 %" in detail  # 20 → 40 of 20 → 60
    again = client.post(url, {"benefit": ben.pk, "year": 2026, "value": "41", "measured_on": "2026-10-01"},
                        follow=True)
    assert "ändra det i tabellen" in again.content.decode()
    client.post(url, {"benefit": ben.pk, "year": 2026, "value": "42", "measured_on": "2026-10-02",
                      "row_version": outcome.row_version})
    stale = client.post(url, {"benefit": ben.pk, "year": 2026, "value": "43", "measured_on": "2026-10-02",
                              "row_version": outcome.row_version}, follow=True)
    assert "Någon annan" in stale.content.decode() and BenefitOutcome.objects.get().value == 42
    cost_url = f"/portfolj/uppfoljning/{init.pk}/kostnad/"
    cost = InitiativeCost.objects.get()
    client.post(cost_url, {"year": 2026, "actual_investment": "-5", "row_version": cost.row_version})
    client.post(cost_url, {"year": 2026, "actual_investment": "110000.50", "row_version": cost.row_version})
    assert InitiativeCost.objects.get().actual_investment == 110_000_50
    page = client.get("/portfolj/uppfoljning/", {"year": 2026, "unmeasured": "false"}).content.decode()
    assert "INI-F" in page and "1 / 1" in page


def csv(user, text):
    return imports_followup.import_outcomes("utfall.csv", text.encode(), user=user)


def test_the_import_names_each_bad_row_and_column_and_stores_nothing():
    owner = orgs.organisation()
    init = initiative(owner, code="INI-I")
    ben = benefit(init)
    other = benefit(initiative(orgs.organisation(), code="INI-O"))
    editor = orgs.user(editor_of=owner)
    header = "initiative;benefit;year;value;measured_on;note\n"
    result = csv(editor, header
                 + f"INI-I;{ben.pk};2025;35;2025-12-31;ok\n"
                 + f"NOPE;{ben.pk};2025;35;2025-12-31;\n"
                 + f"INI-I;{ben.pk};2025;36;2025-12-31;\n"
                 + f"INI-I;{other.pk};2025;36;2025-12-31;\n"
                 + f"INI-O;{other.pk};2025;36;2025-12-31;\n"
                 + "INI-I;999999;2025;36;2025-12-31;\n"
                 + f"INI-I;{ben.pk};2026;abc;2026-13-01;\n"
                 + f"INI-I;{ben.pk};2024;1;2999-01-01;\n")
    assert not result.stored and not BenefitOutcome.objects.exists()
    assert [(e.row, e.column) for e in result.errors] == [
        (3, "initiative"), (4, "year"), (5, "benefit"), (6, "initiative"), (7, "benefit"), (8, "value"),
        (8, "measured_on"), (9, "measured_on")]
    good = csv(editor, header + f"INI-I;{ben.pk};2025;35;2025-12-31;\n")
    assert good.stored and good.created == 1 and BenefitOutcome.objects.get().value == 35


def test_the_import_page_and_export_round_trip(client):
    owner = orgs.organisation()
    init = initiative(owner, code="INI-R", status=Initiative.Status.IN_PROGRESS)
    ben = benefit(init)
    client.force_login(orgs.user())
    assert client.get("/portfolj/uppfoljning/import/").status_code == 403
    client.force_login(orgs.user(editor_of=owner))
    exported = client.get("/portfolj/uppfoljning/export.csv", {"year": 2025}).content.decode("utf-8-sig")
    assert f"INI-R;{ben.pk};" in exported
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("utfall.csv", (exported.replace(";2025;;;", ";2025;33;2025-12-31;")).encode())
    response = client.post("/portfolj/uppfoljning/import/", {"file": upload})
    assert response.status_code == 200 and BenefitOutcome.objects.get().value == 33


def test_indicators_count_initiatives_narrowed_to_a_boards_services():
    on = datetime.date(2026, 12, 31)
    decided = initiative(code="D1", status=Initiative.Status.DECIDED, status_changed_on=datetime.date(2026, 5, 1))
    value_assessment(decided, score=Decimal(60), assessed_on=datetime.date(2026, 3, 1))
    running = initiative(code="R1", status=Initiative.Status.IN_PROGRESS)
    initiative(code="IDEA", status=Initiative.Status.IDEA)
    assert indicators.count_assessed(on) == (1, 2)
    link = initiative_service(running)
    from services.models import Service

    assert indicators.count_assessed(on, Service.objects.filter(pk=link.service_id).values("pk")) == (0, 1)
    measured = done(datetime.date(2025, 6, 30), code="M")
    benefit_outcome(benefit(measured), year=2025, measured_on=datetime.date(2025, 12, 31))
    unmeasured = done(datetime.date(2025, 6, 30), code="U")
    benefit(unmeasured)
    done(datetime.date(2025, 6, 30), code="NOBENEFIT")
    assert indicators.count_measured(on) == (1, 2)
    assert indicators.count_measured(datetime.date(2025, 12, 1)) == (0, 2)
    assert {"initiativ-med-vardebedomning", "initiativ-med-matt-nytta"} <= set(registry.INDICATORS)
