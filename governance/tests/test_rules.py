"""Governance's rules: a case that breaks each and one that keeps it."""

import datetime

import pytest

from core import registry
from decisions.tests import factories as gov
from governance import actions
from organisations.tests import factories as orgs
from services import actions as service_actions
from services.models import Ownership
from services.tests import factories

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 22)
D = datetime.date


def failing(rule_id, service, today=TODAY):
    return registry.RULES[rule_id].failing(today).filter(pk=service.pk).exists()


def applies(rule_id, service):
    return registry.RULES[rule_id].applicable(TODAY).filter(pk=service.pk).exists()


def test_exemption_rule_missing_expired_and_valid():
    board = orgs.organisation("RSTY")
    local = factories.service(kind="local", owner=board, domain=orgs.domain(deciding_board=board))
    common = factories.service(kind="common")
    assert failing("R03-UNDANTAG", local) and not applies("R03-UNDANTAG", common)
    exemption = actions.request_exemption(service=local, requesting_organisation=board, unique_need="Behov",
                                          why_not_common="Skäl", requested_on=datetime.date(2024, 1, 1))
    assert failing("R03-UNDANTAG", local)  # requested is not decided
    actions.decide_exemption(exemption=exemption, approve=True, decision=gov.decision(body=board),
                             expires_on=TODAY - datetime.timedelta(days=1))
    assert failing("R03-UNDANTAG", local)  # expired yesterday
    exemption.refresh_from_db()
    exemption.expires_on = TODAY
    exemption.save()
    assert not failing("R03-UNDANTAG", local)  # valid through today



def test_an_owner_change_without_a_decided_transfer_is_a_finding():
    board = orgs.organisation("RSTY")
    hsn, slso = orgs.organisation("HSN"), orgs.organisation("SLSO")
    domain = orgs.domain(deciding_board=board)
    kept, broken, corrected = (factories.service(owner=hsn, owner_from=D(2019, 1, 1), domain=domain)
                               for _ in range(3))
    assert applies("R11-OVERLATELSE", kept) and not failing("R11-OVERLATELSE", kept)  # the first period
    # A decided transfer keeps the rule.
    transfer = actions.request_transfer(service=kept, to=slso, reason="r", requested_date=D(2022, 1, 1),
                                        requested_on=D(2021, 9, 1))
    actions.attach_risk_analysis(transfer=transfer, text="Analys")
    actions.decide_transfer(transfer=transfer, approve=True, decision=gov.decision(body=board, decided_on=D(2021, 10, 1)),
                            effective_date=D(2022, 1, 1))
    assert not failing("R11-OVERLATELSE", kept)
    # A period written around the workflow (the admin site, the database) breaks it.
    Ownership.objects.filter(service=broken).update(valid_to=D(2022, 1, 1))
    Ownership.objects.create(service=broken, organisation=slso, valid_from=D(2022, 1, 1))
    assert failing("R11-OVERLATELSE", broken)
    # An administrator's correction names its decision and keeps it.
    service_actions.correct_ownership(service=corrected, to=slso, on_date=D(2022, 1, 1),
                                      decision=gov.decision(body=board))
    assert not failing("R11-OVERLATELSE", corrected)
