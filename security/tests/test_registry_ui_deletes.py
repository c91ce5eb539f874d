"""Every delete asks first and says what else goes (issue 13): an agreement takes its transfer assessments."""

import datetime

import pytest

from security import actions
from security.models import DataProcessingAgreement, TransferAssessment
from security.tests import factories_protection as f

pytestmark = pytest.mark.django_db


def test_removing_an_agreement_asks_first_and_names_its_assessments(client):
    service, editor = f.owned_service(delivery_model="external_supplier")
    f.personal_information(service)
    agreement = f.agreement(service, outside_eea=True)
    actions.record_transfer_assessment(agreement=agreement, assessed_on=datetime.date(2025, 1, 1),
                                       mechanism="adequacy", conclusion="EU–US Data Privacy Framework")
    client.force_login(editor)
    url = f"/sakerhet/avtal/{agreement.pk}/ta-bort/?row_version={agreement.row_version}"
    confirm = client.get(url).content.decode()
    assert "När den tas bort tas också detta bort:" in confirm and "1 " in confirm
    assert DataProcessingAgreement.objects.exists() and TransferAssessment.objects.exists()
    assert client.post(url).status_code == 302
    assert not DataProcessingAgreement.objects.exists() and not TransferAssessment.objects.exists()


def test_others_may_not_open_the_confirmation(client):
    from organisations.tests import factories as orgs

    service, _editor = f.owned_service()
    agreement = f.agreement(service)
    client.force_login(orgs.user())
    assert client.get(f"/sakerhet/avtal/{agreement.pk}/ta-bort/").status_code == 403
