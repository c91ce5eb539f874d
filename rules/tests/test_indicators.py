"""One indicator per rule (rules/indicators.py): registered once every app is ready, counted as the rule is."""

from decimal import Decimal

import pytest

from core import registry
from indicators.tests.factories_register import computed, stored
from rules import indicators
from services.models import Ownership, RoleAssignment, Service
from services.tests import factories

pytestmark = pytest.mark.django_db
Phase = Service.Phase


def test_every_rule_that_runs_has_its_indicator_rules_of_every_app_among_them():
    codes = {indicators.code_of(rule) for rule in registry.rules() if not rule.skipped}
    assert codes <= set(registry.INDICATORS)
    # Rules registered by apps whose ready() runs after the rules app's (lifecycle, security) are there too.
    assert {"regel-r01-agare", "regel-r05-testad", "regel-r08-klassning"} <= codes


def test_a_rules_indicator_is_the_share_of_the_services_it_applies_to_that_pass_it():
    owned = [factories.service(phase=Phase.IN_PRODUCTION) for _ in range(3)]
    unowned = factories.service(phase=Phase.IN_TEST)
    Ownership.objects.filter(service=unowned).delete()
    factories.service(phase=Phase.PLANNED)  # R01 does not apply to a planned service
    # R01 applies to the 4 past planned; 3 pass: 75 %
    assert stored(computed("regel-r01-agare")) == (3, 4, Decimal("75.0000"))
    assert len(owned) == 3


def test_the_service_manager_rule_counts_active_services():
    managed = factories.service(phase=Phase.IN_DEVELOPMENT)
    RoleAssignment.objects.create(service=managed, role=RoleAssignment.Role.SERVICE_MANAGER, person_name="Lisa")
    factories.service(phase=Phase.PLANNED)  # R02 applies to every active service, planned ones too
    factories.service(phase=Phase.ARCHIVED)  # not active
    assert stored(computed("regel-r02-forvaltningsledare")) == (1, 2, Decimal("50.0000"))


def test_the_family_is_registered_once():
    before = dict(registry.INDICATORS)
    registry.register_indicator_families()
    assert registry.INDICATORS == before
