"""Information security's indicator (security/indicators.py) against a register counted by hand."""

from decimal import Decimal

import pytest

from indicators.tests.factories_register import computed, stored
from security.models import Classification
from security.tests.factories_classification import information
from services.models import Service
from services.tests import factories

pytestmark = pytest.mark.django_db
Phase = Service.Phase


def test_share_of_services_in_use_that_are_classified_in_all_three_dimensions():
    classified, by_hand, partly, unclassified = (factories.service(phase=Phase.IN_PRODUCTION) for _ in range(4))
    information(classified, k=2, r=2, t=1)
    Classification.objects.create(service=by_hand, confidentiality=1, integrity=1, availability=1, overridden=True,
                                  justification="Beslut i förvaltningsgruppen")
    Classification.objects.create(service=partly, confidentiality=3)  # K only: not completely classified
    planned = factories.service(phase=Phase.PLANNED)
    information(planned, k=1, r=1, t=1)  # planned: not in use, not counted
    information(factories.service(phase=Phase.ARCHIVED), k=1, r=1, t=1)  # archived: not counted
    assert unclassified.pk
    # 4 in use, 2 classified in K, R and T: 50 %
    assert stored(computed("tjanster-klassade")) == (2, 4, Decimal("50.0000"))
