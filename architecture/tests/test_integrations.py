"""The rules of integrations and dependencies, each broken and kept, through architecture.actions."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from architecture import actions
from architecture.models import Dependency, Integration, ServiceContract
from core.versioning import StaleVersion
from security import actions as security_actions
from services.tests import factories as services

from .factories_integrations import CARE_DOCUMENTATION, DIAGNOSIS, region

pytestmark = pytest.mark.django_db


def _contract(r, user=None, contracts=(CARE_DOCUMENTATION,), **fields):
    return actions.create_integration(user=user or r.hsn_editor, producer=r.producer, consumer=r.consumer,
                                      kind="service_contract", platform=r.platform, contracts=contracts, **fields)


def _info(service, name="Vårdkontakter"):
    return security_actions.add_information_type(service=service, name=name, confidentiality=2, integrity=2,
                                                 availability=2)


def test_the_consumers_owner_records_an_integration_with_its_contracts():
    r = region()
    integration = _contract(r, contracts=[CARE_DOCUMENTATION, " " + DIAGNOSIS + " "])
    assert sorted(integration.contracts.values_list("urn", flat=True)) == [CARE_DOCUMENTATION, DIAGNOSIS]
    assert integration.contracts.get(urn=DIAGNOSIS).name == "GetDiagnosis"


def test_the_producers_owner_may_not_record_an_integration_another_service_receives():
    r = region()
    with pytest.raises(PermissionDenied):
        _contract(r, user=r.slso_editor)
    assert not Integration.objects.exists()


@pytest.mark.parametrize("urn", [
    "GetCareDocumentation", "urn:riv:clinicalprocess:GetCareDocumentation:3",
    "urn:riv:Clinicalprocess:healthcond:GetCareDocumentationResponder:3",
    "urn:riv:clinicalprocess:healthcond:description:GetCareDocumentationResponder:0",
])
def test_a_contract_not_named_as_the_convention_says_is_refused_and_nothing_stored(urn):
    r = region()
    with pytest.raises(ValidationError) as error:
        _contract(r, contracts=[CARE_DOCUMENTATION, urn])
    assert "contracts" in error.value.message_dict and urn in " ".join(error.value.message_dict["contracts"])
    assert not Integration.objects.exists() and not ServiceContract.objects.exists()


def test_a_contract_named_twice_is_refused():
    r = region()
    with pytest.raises(ValidationError, match="twice|två gånger"):
        _contract(r, contracts=[CARE_DOCUMENTATION, CARE_DOCUMENTATION])
    assert not Integration.objects.exists()


def test_contracts_only_on_an_integration_over_the_service_platform():
    r = region()
    with pytest.raises(ValidationError) as error:
        actions.create_integration(user=r.hsn_editor, producer=r.producer, consumer=r.consumer, kind="file",
                                   contracts=[CARE_DOCUMENTATION])
    assert "contracts" in error.value.message_dict
    assert not Integration.objects.exists()
    kept = actions.create_integration(user=r.hsn_editor, producer=r.producer, consumer=r.consumer, kind="file")
    assert kept.contracts.count() == 0


def test_changing_the_kind_away_from_contracts_while_contracts_remain_is_refused():
    r = region()
    integration = _contract(r)
    with pytest.raises(ValidationError) as error:
        actions.update_integration(user=r.hsn_editor, integration=integration, kind="api", platform=None)
    assert "contracts" in error.value.message_dict
    assert Integration.objects.get().kind == "service_contract"
    integration = Integration.objects.get()
    actions.update_integration(user=r.hsn_editor, integration=integration, kind="api", platform=None, contracts=[])
    assert Integration.objects.get().kind == "api" and not ServiceContract.objects.exists()


def test_a_contract_integration_names_its_platform():
    r = region()
    with pytest.raises(ValidationError) as error:
        actions.create_integration(user=r.hsn_editor, producer=r.producer, consumer=r.consumer,
                                   kind="service_contract", contracts=[CARE_DOCUMENTATION])
    assert "platform" in error.value.message_dict


def test_information_carried_must_be_the_producers():
    r = region()
    mine, foreign = _info(r.producer, "Journalinformation"), _info(r.consumer, "Ersättningar")
    with pytest.raises(ValidationError) as error:
        actions.create_integration(user=r.hsn_editor, producer=r.producer, consumer=r.consumer, kind="file",
                                   information_types=[mine, foreign])
    assert "Ersättningar" in " ".join(error.value.message_dict["information_types"])
    assert not Integration.objects.exists()
    kept = actions.create_integration(user=r.hsn_editor, producer=r.producer, consumer=r.consumer, kind="file",
                                      information_types=[mine])
    assert list(kept.information_types.all()) == [mine]


def test_moving_the_producer_with_its_information_still_carried_is_refused():
    r = region()
    integration = actions.create_integration(user=r.hsn_editor, producer=r.producer, consumer=r.consumer,
                                             kind="file", information_types=[_info(r.producer)])
    with pytest.raises(ValidationError):
        actions.update_integration(user=r.hsn_editor, integration=integration, producer=services.service())
    assert Integration.objects.get().producer == r.producer


def test_an_integration_joins_two_services_once_per_kind():
    r = region()
    with pytest.raises(ValidationError):
        actions.create_integration(user=r.hsn_editor, producer=r.consumer, consumer=r.consumer, kind="api")
    actions.create_integration(user=r.hsn_editor, producer=r.producer, consumer=r.consumer, kind="api")
    with pytest.raises(ValidationError):
        actions.create_integration(user=r.hsn_editor, producer=r.producer, consumer=r.consumer, kind="api")
    actions.create_integration(user=r.hsn_editor, producer=r.producer, consumer=r.consumer, kind="file")
    assert Integration.objects.count() == 2


def test_an_update_over_a_newer_version_is_refused():
    r = region()
    integration = _contract(r)
    read = integration.row_version
    actions.update_integration(user=r.hsn_editor, integration=Integration.objects.get(), criticality="high")
    with pytest.raises(StaleVersion):
        actions.update_integration(user=r.hsn_editor, integration=Integration.objects.get(), expected_version=read,
                                   criticality="low")
    assert Integration.objects.get().criticality == "high"


def test_set_contracts_replaces_the_list_and_raises_the_version():
    r = region()
    integration = _contract(r)
    before = integration.row_version
    actions.set_contracts(user=r.hsn_editor, integration=integration, contracts=[DIAGNOSIS])
    assert list(ServiceContract.objects.values_list("urn", flat=True)) == [DIAGNOSIS]
    assert Integration.objects.get().row_version == before + 1
    with pytest.raises(PermissionDenied):
        actions.set_contracts(user=r.slso_editor, integration=Integration.objects.get(), contracts=[])
    with pytest.raises(StaleVersion):
        actions.set_contracts(user=r.hsn_editor, integration=Integration.objects.get(), contracts=[],
                              expected_version=before)
    assert ServiceContract.objects.count() == 1


def test_delete_integration_by_the_consumers_owner_only():
    r = region()
    integration = _contract(r)
    with pytest.raises(PermissionDenied):
        actions.delete_integration(user=r.slso_editor, integration=integration)
    actions.delete_integration(user=r.hsn_editor, integration=integration)
    assert not Integration.objects.exists() and not ServiceContract.objects.exists()


def test_an_auditor_writes_nothing():
    r = region()
    with pytest.raises(PermissionDenied):
        _contract(r, user=r.auditor)


def test_dependencies_are_recorded_by_the_dependent_services_owner():
    r = region()
    with pytest.raises(PermissionDenied):
        actions.add_dependency(user=r.slso_editor, service=r.consumer, depends_on=r.platform)
    dependency = actions.add_dependency(user=r.hsn_editor, service=r.consumer, depends_on=r.platform,
                                        description="Tjänstekontrakt")
    with pytest.raises(ValidationError):
        actions.add_dependency(user=r.hsn_editor, service=r.consumer, depends_on=r.platform)
    with pytest.raises(ValidationError):
        actions.add_dependency(user=r.hsn_editor, service=r.consumer, depends_on=r.consumer)
    with pytest.raises(PermissionDenied):
        actions.remove_dependency(user=r.slso_editor, dependency=dependency)
    actions.remove_dependency(user=r.hsn_editor, dependency=dependency)
    assert not Dependency.objects.exists()
