"""The demo region shows every security rule at work: at least one finding and at least one service keeping it."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from core import access, registry
from security.models import Risk
from styr import demo

pytestmark = pytest.mark.django_db
SECURITY_RULES = ("R08-KLASSNING", "R12-RISKANALYS", "R13-PUB", "R14-TREDJELAND", "R15-KONTINUITET",
                  "R16-SKYDDSKRAV")


@pytest.fixture
def services():
    return demo.build()


def test_every_security_rule_has_a_finding_and_a_service_keeping_it_as_the_demo_tells(services):
    today = datetime.date.today()
    for rule_id in SECURITY_RULES:
        rule = registry.RULES[rule_id]
        failing = set(rule.failing(today).values_list("external_id", flat=True))
        kept = set(rule.applicable(today).values_list("external_id", flat=True)) - failing
        assert failing, f"{rule_id} has no finding on the demo"
        assert kept, f"{rule_id} is kept by no service on the demo"

    def failing(rule_id):
        return set(registry.RULES[rule_id].failing(today).values_list("external_id", flat=True))

    assert {"TN-001", "RS-103"} <= failing("R08-KLASSNING")
    assert "HSF-043" in failing("R12-RISKANALYS")  # the expired analysis
    assert {"HSF-042", "HSF-043"} <= failing("R13-PUB") and "HSF-031" not in failing("R13-PUB")
    assert failing("R14-TREDJELAND") == {"HSF-044"}
    assert {"HSF-044", "HSF-043", "HSF-010"} <= failing("R15-KONTINUITET")  # FRAPP never exercised
    assert "HSF-041" not in failing("R15-KONTINUITET")


def test_the_demo_classifies_the_journal_services_high_and_accepts_one_high_risk_by_decision(services):
    for ext in ("HSF-032", "HSF-033"):
        assert services[ext].classification.confidentiality >= 3
        assert services[ext].information_types.filter(personal_data="sensitive").exists()
    accepted = Risk.objects.get(treatment="accept")
    assert accepted.analysis.service.external_id == "HSF-044" and accepted.decision is not None
    assert accepted.value >= 9


def test_the_demo_security_officer_signs_in_and_is_one(services, client):
    officer = get_user_model().objects.get(username="sakerhet")
    assert access.is_security_officer(officer)
    signed_in = client.post("/logga-in/", {"username": "sakerhet", "password": demo.DEMO_PASSWORD})
    assert signed_in.status_code == 302
    page = client.get("/styrning/regler/")
    assert page.status_code == 200 and "R15-KONTINUITET" in page.content.decode()
