"""The security rules (R08, R12–R16): for each a case that breaks it and one that keeps it, the boundaries,
and that the thresholds are data read when the rule runs. Then the go-live gate for classified services."""

import datetime

import pytest

from core import registry
from core.tests.versions import if_match
from lifecycle.models import TestRecord
from organisations.tests import factories as orgs
from rules import queries as rule_queries
from security.models import Classification, ContinuityRequirement, Policy, ProtectionRequirement
from services import actions as service_actions
from services.models import Service
from services.tests import factories

from .factories_rules import agreement, analysis, classify, fulfil, plan

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 22)
DAY = datetime.timedelta(days=1)


def failing(rule_id, service):
    return registry.RULES[rule_id].failing(TODAY).filter(pk=service.pk).exists()


def applies(rule_id, service):
    return registry.RULES[rule_id].applicable(TODAY).filter(pk=service.pk).exists()


def test_the_security_rules_are_registered_with_text_source_and_severity_and_none_is_skipped():
    for rule_id in ("R08-KLASSNING", "R12-RISKANALYS", "R13-PUB", "R14-TREDJELAND", "R15-KONTINUITET",
                    "R16-SKYDDSKRAV"):
        rule = registry.RULES[rule_id]
        assert rule.text and rule.source and rule.severity in (registry.BLOCKING, registry.WARNING)
        assert not rule.skipped
    assert registry.RULES["R08-KLASSNING"].severity == registry.BLOCKING
    assert not registry.RULES["R08-KLASSNING"].detail  # "not classified" tells nothing the letters do not
    assert all(registry.RULES[r].detail for r in ("R12-RISKANALYS", "R13-PUB", "R14-TREDJELAND",
                                                  "R15-KONTINUITET", "R16-SKYDDSKRAV"))


# R08 -------------------------------------------------------------------------------------------------------

def test_classification_rule_needs_all_three_levels():
    svc = factories.service()
    assert failing("R08-KLASSNING", svc)
    classify(svc, 3, 2, 2)
    assert not failing("R08-KLASSNING", svc)
    Classification.objects.filter(service=svc).update(availability=None)  # e.g. set by hand, partly
    assert failing("R08-KLASSNING", svc)


@pytest.mark.parametrize("phase, applicable", [
    ("planned", False), ("in_development", True), ("in_test", True), ("in_production", True),
    ("being_decommissioned", True), ("decommissioned", False), ("archived", False),
])
def test_classification_rule_applies_past_planned_until_decommissioned(phase, applicable):
    assert applies("R08-KLASSNING", factories.service(phase=phase)) == applicable


def test_classification_rule_shows_in_findings_and_counts():
    svc = factories.service()
    findings = [f for f in rule_queries.findings(TODAY) if f["rule"] == "R08-KLASSNING"]
    assert [f["service_id"] for f in findings] == [svc.pk]
    classify(svc)
    assert all(f["rule"] != "R08-KLASSNING" for f in rule_queries.findings(TODAY))


# R12 -------------------------------------------------------------------------------------------------------

def test_risk_analysis_rule_for_classified_services_only():
    svc = factories.service()
    assert not applies("R12-RISKANALYS", svc)
    classify(svc)
    assert failing("R12-RISKANALYS", svc)  # classified, never analysed
    analysis(svc, review_by=TODAY)
    assert not failing("R12-RISKANALYS", svc)  # to be reviewed today: still in time


def test_risk_analysis_review_date_yesterday_is_overdue():
    svc = factories.service()
    classify(svc)
    analysis(svc, review_by=TODAY - DAY)
    assert failing("R12-RISKANALYS", svc)


def test_the_latest_risk_analysis_decides():
    svc = factories.service()
    classify(svc)
    analysis(svc, performed_on=datetime.date(2020, 1, 1), review_by=datetime.date(2030, 1, 1))
    analysis(svc, performed_on=datetime.date(2024, 1, 1), review_by=datetime.date(2025, 1, 1))
    assert failing("R12-RISKANALYS", svc)
    analysis(svc, performed_on=datetime.date(2026, 1, 1), review_by=datetime.date(2027, 1, 1))
    assert not failing("R12-RISKANALYS", svc)


# R13 -------------------------------------------------------------------------------------------------------

def _at_supplier(delivery_model="external_supplier", **info):
    svc = factories.service(delivery_model=delivery_model)
    classify(svc, personal_data="ordinary", **info)
    return svc


def test_processing_agreement_needed_for_personal_data_at_an_external_supplier():
    svc = _at_supplier()
    assert failing("R13-PUB", svc)
    agreement(svc)
    assert not failing("R13-PUB", svc)


def test_processing_agreement_rule_applies_to_cloud_services_and_identity_numbers_too():
    cloud = _at_supplier("cloud_service")
    numbers = factories.service(delivery_model="external_supplier")
    classify(numbers, personal_identity_numbers=True)
    assert failing("R13-PUB", cloud) and failing("R13-PUB", numbers)


def test_processing_agreement_rule_skips_in_house_services_and_information_without_personal_data():
    in_house = _at_supplier("in_house")
    impersonal = factories.service(delivery_model="external_supplier")
    classify(impersonal)
    assert not applies("R13-PUB", in_house) and not applies("R13-PUB", impersonal)


def test_an_agreement_is_in_force_until_and_including_its_expiry():
    expires_today, expired = _at_supplier(), _at_supplier()
    agreement(expires_today, expires_on=TODAY)
    agreement(expired, expires_on=TODAY - DAY)
    assert not failing("R13-PUB", expires_today)
    assert failing("R13-PUB", expired)


def test_an_agreement_signed_after_the_day_is_not_in_force_yet():
    svc = _at_supplier()
    agreement(svc, signed_on=TODAY + DAY)
    assert failing("R13-PUB", svc)


# R14 -------------------------------------------------------------------------------------------------------

def test_transfer_outside_the_eea_needs_an_assessment():
    svc = _at_supplier()
    within = _at_supplier()
    agreement(within)
    assert not applies("R14-TREDJELAND", within)
    outside = agreement(svc, outside_eea=True)
    assert failing("R14-TREDJELAND", svc) and not failing("R13-PUB", svc)
    from security.models import TransferAssessment

    TransferAssessment.objects.create(agreement=outside, assessed_on=TODAY, mechanism="adequacy",
                                      conclusion="EU–US Data Privacy Framework.")
    assert not failing("R14-TREDJELAND", svc)


def test_every_agreement_outside_the_eea_needs_its_own_assessment():
    svc = _at_supplier()
    agreement(svc, outside_eea=True, assessed=True)
    agreement(svc, outside_eea=True)
    assert failing("R14-TREDJELAND", svc)


def test_an_expired_agreement_outside_the_eea_is_not_asked_about():
    svc = _at_supplier()
    agreement(svc, outside_eea=True, expires_on=TODAY - DAY)
    assert not applies("R14-TREDJELAND", svc)
    assert failing("R13-PUB", svc)


# R15 -------------------------------------------------------------------------------------------------------
# The shipped requirements: T3 recovery ≤ 24 h, data loss ≤ 24 h; T4 ≤ 4 h and ≤ 1 h; exercise every 365 days.

def _available(t, **fields):
    svc = factories.service(**fields)
    classify(svc, 2, 2, t)
    return svc


def test_continuity_plan_needed_from_the_top_two_availability_levels():
    low, high = _available(2), _available(3)
    assert not applies("R15-KONTINUITET", low)
    assert failing("R15-KONTINUITET", high)  # no plan
    plan(high, rto=24, rpo=24, exercised=TODAY - 30 * DAY)
    assert not failing("R15-KONTINUITET", high)


@pytest.mark.parametrize("rto, rpo, exercised_days_ago, fails", [
    (4, 1, 30, False),
    (5, 1, 30, True),       # recovery takes longer than T4 allows
    (4, 2, 30, True),       # loses more data than T4 allows
    (4, 1, 365, False),     # exercised exactly a year ago: in time
    (4, 1, 366, True),      # exercised too long ago
    (4, 1, None, True),     # never exercised
])
def test_a_plan_must_meet_the_requirement_of_its_level(rto, rpo, exercised_days_ago, fails):
    svc = _available(4)
    plan(svc, rto=rto, rpo=rpo, exercised=None if exercised_days_ago is None else TODAY - exercised_days_ago * DAY)
    assert failing("R15-KONTINUITET", svc) == fails


def test_a_t3_plan_is_held_to_t3_not_t4():
    svc = _available(3)
    plan(svc, rto=24, rpo=24, exercised=TODAY)
    assert not failing("R15-KONTINUITET", svc)
    svc.continuity_plan.recovery_time_hours = 25
    svc.continuity_plan.save()
    assert failing("R15-KONTINUITET", svc)


def test_a_critical_service_below_the_levels_is_held_to_the_lowest_requirement():
    critical = _available(1, criticality="critical")
    unclassified = factories.service(criticality="critical")
    assert applies("R15-KONTINUITET", critical) and failing("R15-KONTINUITET", unclassified)
    plan(critical, rto=25, rpo=1, exercised=TODAY)
    assert failing("R15-KONTINUITET", critical)
    critical.continuity_plan.recovery_time_hours = 24
    critical.continuity_plan.save()
    assert not failing("R15-KONTINUITET", critical)


def test_continuity_thresholds_are_data_read_when_the_rule_runs():
    svc = _available(4)
    plan(svc, rto=4, rpo=1, exercised=TODAY - 100 * DAY)
    assert not failing("R15-KONTINUITET", svc)
    ContinuityRequirement.objects.filter(availability=4).update(max_recovery_time_hours=2)
    assert failing("R15-KONTINUITET", svc)
    ContinuityRequirement.objects.filter(availability=4).update(max_recovery_time_hours=4, exercise_every_days=90)
    assert failing("R15-KONTINUITET", svc)
    low = _available(2)
    assert not applies("R15-KONTINUITET", low)
    policy = Policy.current()
    policy.continuity_from_availability = 2
    policy.save()
    assert applies("R15-KONTINUITET", low) and failing("R15-KONTINUITET", low)


def test_without_requirement_rows_a_plan_is_all_that_is_asked():
    ContinuityRequirement.objects.all().delete()
    svc = _available(4)
    assert failing("R15-KONTINUITET", svc)
    plan(svc, rto=100, rpo=100, exercised=None)
    assert not failing("R15-KONTINUITET", svc)


# R16 -------------------------------------------------------------------------------------------------------
# The shipped catalogue: K3 ⇒ three requirements, K4 ⇒ one more, R3 ⇒ one, T2 ⇒ one, T3 ⇒ one.

def test_protection_requirements_follow_the_levels():
    svc = factories.service()
    classify(svc, 3, 2, 1)
    assert failing("R16-SKYDDSKRAV", svc)
    fulfil(svc, "k3-flerfaktor", "k3-lasloggning")
    assert failing("R16-SKYDDSKRAV", svc)
    fulfil(svc, "k3-kryptering-lagring")
    assert not failing("R16-SKYDDSKRAV", svc)  # K4, R3 and T2 requirements are above its levels


def test_a_level_below_from_level_asks_nothing_and_at_it_asks():
    below = factories.service()
    classify(below, 2, 2, 1)
    assert applies("R16-SKYDDSKRAV", below) and not failing("R16-SKYDDSKRAV", below)
    at = factories.service()
    classify(at, 2, 2, 2)
    assert failing("R16-SKYDDSKRAV", at)  # t2-sakerhetskopiering
    fulfil(at, "t2-sakerhetskopiering")
    assert not failing("R16-SKYDDSKRAV", at)


def test_protection_requirements_are_data_read_when_the_rule_runs():
    svc = factories.service()
    classify(svc, 3, 3, 3)
    fulfil(svc)  # every requirement of the catalogue
    assert not failing("R16-SKYDDSKRAV", svc)
    ProtectionRequirement.objects.create(code="r3-signering", text="Signerade ändringar", dimension="R",
                                         from_level=3)
    assert failing("R16-SKYDDSKRAV", svc)
    ProtectionRequirement.objects.filter(code="r3-signering").update(from_level=4)
    assert not failing("R16-SKYDDSKRAV", svc)


def test_an_unclassified_service_is_not_asked_for_protection():
    svc = factories.service()
    assert not applies("R16-SKYDDSKRAV", svc) and not applies("R12-RISKANALYS", svc)


def test_the_security_rules_run_set_based_in_a_few_queries(django_assert_max_num_queries):
    for n in range(6):
        svc = factories.service(delivery_model="external_supplier", criticality="critical")
        classify(svc, 1 + n % 4, 2, 1 + n % 4, personal_data="sensitive")
        if n % 3:
            agreement(svc, outside_eea=bool(n % 2))
    factories.service()  # not classified
    for rule_id in ("R08-KLASSNING", "R12-RISKANALYS", "R13-PUB", "R14-TREDJELAND", "R15-KONTINUITET",
                    "R16-SKYDDSKRAV"):
        rule = registry.RULES[rule_id]
        with django_assert_max_num_queries(5):  # policy, active scale, catalogue, then one query
            assert rule.failing(TODAY).count() >= 1


# The go-live gate (lifecycle asks registry.REQUIRED_TESTS; security answers from the policy) ----------------

def _ready_for_production(k=3, r=2):
    svc = factories.service(phase="in_test", version="2.0")
    classify(svc, k, r, 2)
    TestRecord.objects.create(service=svc, type="functional", version="2.0", performed_on=TODAY, result="passed")
    return Service.objects.get(pk=svc.pk)


def _security_test(svc, version="2.0"):
    TestRecord.objects.create(service=svc, type="security", version=version, performed_on=TODAY, result="passed")


def test_a_k3_service_needs_a_passed_security_test_of_its_version():
    svc = _ready_for_production()
    with pytest.raises(Exception) as error:
        service_actions.update_service(service=svc, phase="in_production")
    assert "säkerhet" in str(error.value) and "K3R2T2" in str(error.value)
    assert Service.objects.get(pk=svc.pk).phase == "in_test"
    _security_test(svc, version="1.0")  # an older version's test does not count
    with pytest.raises(Exception, match="säkerhet"):
        service_actions.update_service(service=Service.objects.get(pk=svc.pk), phase="in_production")
    _security_test(svc)
    service_actions.update_service(service=Service.objects.get(pk=svc.pk), phase="in_production")
    assert Service.objects.get(pk=svc.pk).phase == "in_production"


def test_an_r3_service_needs_one_too_and_a_k2r2_service_none():
    r3 = _ready_for_production(k=2, r=3)
    with pytest.raises(Exception, match="säkerhet"):
        service_actions.update_service(service=r3, phase="in_production")
    k2r2 = _ready_for_production(k=2, r=2)
    service_actions.update_service(service=k2r2, phase="in_production")
    assert Service.objects.get(pk=k2r2.pk).phase == "in_production"


def test_a_failed_security_test_does_not_open_the_gate():
    svc = _ready_for_production()
    TestRecord.objects.create(service=svc, type="security", version="2.0", performed_on=TODAY, result="failed")
    with pytest.raises(Exception, match="säkerhet"):
        service_actions.update_service(service=svc, phase="in_production")


def test_the_gate_levels_come_from_the_policy():
    policy = Policy.current()
    policy.gate_confidentiality = 4
    policy.save()
    svc = _ready_for_production(k=3, r=2)
    service_actions.update_service(service=svc, phase="in_production")
    assert Service.objects.get(pk=svc.pk).phase == "in_production"
    k4 = _ready_for_production(k=4, r=2)
    with pytest.raises(Exception, match="säkerhet"):
        service_actions.update_service(service=k4, phase="in_production")


def test_the_api_refuses_production_without_a_security_test_naming_it(api):
    svc = _ready_for_production()
    api.force_authenticate(orgs.user(admin=True))
    url = f"/api/services/{svc.pk}/"
    response = api.patch(url, {"phase": "in_production"}, format="json", **if_match(api, url))
    assert response.status_code == 400
    message = response.json()["phase"][0]
    assert "säkerhet" in message and "K3R2T2" in message
    assert Service.objects.get(pk=svc.pk).phase == "in_test"
    _security_test(svc)
    assert api.patch(url, {"phase": "in_production"}, format="json", **if_match(api, url)).status_code == 200


def test_the_edit_page_refuses_production_without_a_security_test_naming_it(client):
    svc = _ready_for_production()
    client.force_login(orgs.user(admin=True))
    form = client.get(f"/tjanster/{svc.pk}/andra/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "categories"}
    data.update(phase="in_production", domain=svc.domain_id)
    response = client.post(f"/tjanster/{svc.pk}/andra/", data)
    assert response.status_code == 200
    message = " ".join(response.context["form"].errors["phase"])
    assert "säkerhet" in message and "K3R2T2" in message
    assert message in response.content.decode()
    assert Service.objects.get(pk=svc.pk).phase == "in_test"
    _security_test(svc)
    data["row_version"] = Service.objects.get(pk=svc.pk).row_version
    assert client.post(f"/tjanster/{svc.pk}/andra/", data).status_code == 302
    assert Service.objects.get(pk=svc.pk).phase == "in_production"


def test_the_generator_gives_generated_services_security_data_the_rules_find_both_ways():
    from django.core.management import call_command

    from security.models import InformationType

    call_command("generate", services=200, seed=5, verbosity=0)
    classified = Classification.objects.count()
    assert 50 < classified < 200 and InformationType.objects.count() >= classified
    today = datetime.date.today()
    for rule_id in ("R08-KLASSNING", "R12-RISKANALYS", "R13-PUB", "R15-KONTINUITET", "R16-SKYDDSKRAV"):
        rule = registry.RULES[rule_id]
        failing = rule.failing(today).count()
        assert 0 < failing < rule.applicable(today).count(), rule_id
