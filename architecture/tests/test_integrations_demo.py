"""The demo region's integrations and dependencies: RTP carries real-style service contracts between the journal
systems, 1177 and NPÖ; every care system depends on the it-workplace and on the identity service; the demo users
see what their roles allow."""

import pytest
from django.contrib.auth import get_user_model

from architecture.models import Dependency, Integration, ServiceContract
from services.models import Service
from styr import demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def services():
    return demo.build()


def test_rtp_carries_the_service_contracts_to_npo_and_1177(services):
    rtp = services["HSF-012"]
    carried = Integration.objects.filter(platform=rtp)
    assert carried.count() >= 5
    urns = set(ServiceContract.objects.filter(integration__platform=rtp).values_list("urn", flat=True))
    assert {"urn:riv:clinicalprocess:healthcond:description:GetCareDocumentationResponder:3",
            "urn:riv:clinicalprocess:healthcond:description:GetDiagnosisResponder:2",
            "urn:riv:clinicalprocess:healthcond:actoutcome:GetLaboratoryOrderOutcomeResponder:4",
            "urn:riv:clinicalprocess:activityprescription:actoutcome:GetMedicationHistoryResponder:2",
            "urn:riv:clinicalprocess:healthcond:actoutcome:GetReferralOutcomeResponder:3"} <= urns
    consumers = set(carried.values_list("consumer__external_id", flat=True))
    assert {"HSF-033", "HSF-032", "HSF-031"} <= consumers  # NPÖ, Journalen, 1177's e-services
    assert Integration.objects.filter(kind="file", consumer=services["RS-100"]).count() >= 2  # to finance


def test_every_care_system_depends_on_the_it_workplace_and_the_identity_service(services):
    identity = Service.objects.get(external_id="RS-105")
    for care in ("SLSO-010", "DS-001", "HSF-040", "HSF-042", "HSF-044"):
        depends_on = set(Dependency.objects.filter(service__external_id=care).values_list("depends_on_id", flat=True))
        assert {services["RS-102"].pk, identity.pk} <= depends_on


def test_hsn_may_edit_the_integrations_ersmo_receives_and_the_reader_sees_no_journal_flows(services, client):
    ersmo = services["HSF-002"]
    client.force_login(get_user_model().objects.get(username="hsn"))
    page = client.get(ersmo.get_absolute_url(), {"sections": "all"}).content.decode()
    assert "Kodservern" in page and "Lägg till en integration som tjänsten tar emot" in page
    client.force_login(get_user_model().objects.get(username="lasare"))
    listed = client.get("/arkitektur/integrationer/", {"contract": "GetCareDocumentation"}).content.decode()
    assert "0 integrationer" in listed
    client.force_login(get_user_model().objects.get(username="revisor"))
    listed = client.get("/arkitektur/integrationer/", {"contract": "GetCareDocumentation"}).content.decode()
    assert "TakeCare" in listed and "Nationell patientöversikt" in listed
