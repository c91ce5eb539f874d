"""The register's own indicators (services/indicators.py), each against a register counted by hand."""

import datetime
from decimal import Decimal

import pytest

from indicators.tests.factories_register import computed, stored
from organisations.tests import factories as orgs
from services.models import Ownership, RoleAssignment, Service
from services.tests import factories

pytestmark = pytest.mark.django_db
Phase = Service.Phase


def _unowned(service):
    Ownership.objects.filter(service=service).delete()  # a record left incomplete (R01's finding)


def test_share_of_services_in_use_with_an_owner():
    board = orgs.organisation()
    owned = [factories.service(board, phase=phase) for phase in (Phase.IN_DEVELOPMENT, Phase.IN_TEST,
                                                                 Phase.IN_PRODUCTION)]
    _unowned(factories.service(board, phase=Phase.IN_PRODUCTION))
    factories.service(phase=Phase.PLANNED)  # not in use: not counted
    factories.service(board, phase=Phase.DECOMMISSIONED)  # not in use: not counted
    # Counted on 30 December of last year: an owner from the 31st does not own it yet on the day counted.
    last_year = datetime.date.today().year - 1
    factories.service(board, phase=Phase.IN_PRODUCTION, owner_from=datetime.date(last_year, 12, 31))
    outcome = computed("tjanster-med-agare", on=datetime.date(last_year, 12, 30))
    assert len(owned) == 3
    assert stored(outcome) == (3, 5, Decimal("60.0000"))  # 3 owned of 5 in use
    assert outcome.query_version == "1" and outcome.computed_on == datetime.date.today()
    assert outcome.indicator.kind == "computed" and outcome.indicator.owner.kind == "region"


def test_share_of_services_in_use_with_a_service_manager():
    managed = factories.service(phase=Phase.IN_PRODUCTION)
    RoleAssignment.objects.create(service=managed, role=RoleAssignment.Role.SERVICE_MANAGER, person_name="Lisa")
    other_role = factories.service(phase=Phase.IN_TEST)
    RoleAssignment.objects.create(service=other_role, role=RoleAssignment.Role.SERVICE_OWNER, person_name="Per")
    factories.service(phase=Phase.IN_DEVELOPMENT)
    planned = factories.service(phase=Phase.PLANNED)
    RoleAssignment.objects.create(service=planned, role=RoleAssignment.Role.SERVICE_MANAGER, person_name="Eva")
    # 1 of 3 in use (the planned one is not counted, its manager notwithstanding): 33.3333 %
    assert stored(computed("tjanster-med-forvaltningsledare")) == (1, 3, Decimal("33.3333"))


def test_nothing_in_use_gives_no_figure():
    factories.service(phase=Phase.PLANNED)
    assert computed("tjanster-med-agare") is None
