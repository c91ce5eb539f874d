"""The ground the rest of the capability stands on: a service's classification follows its information, scales are
data, and the defaults are there on a fresh database."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction

from core.versioning import StaleVersion
from organisations.tests import factories as orgs
from security import actions
from security.models import Classification, InformationType, Level, Policy, Scale
from services.tests import factories as service_factories

pytestmark = pytest.mark.django_db


def _information(service, name="Journal", k=2, r=2, t=2, **fields):
    return actions.add_information_type(service=service, name=name, confidentiality=k, integrity=r,
                                        availability=t, **fields)


def test_the_classification_is_the_highest_level_per_dimension_over_the_information():
    service = service_factories.service()
    user = orgs.user()
    _information(service, "Journal", 3, 2, 1)
    _information(service, "Tidbok", 1, 3, 2, user=user)
    classification = Classification.objects.get(service=service)
    assert (classification.notation, classification.classified_by) == ("K3R3T2", user)


def test_removing_or_lowering_information_lowers_the_classification():
    service = service_factories.service()
    journal = _information(service, "Journal", 4, 2, 2)
    _information(service, "Tidbok", 2, 2, 3)
    actions.update_information_type(information=journal, confidentiality=3)
    assert Classification.objects.get(service=service).notation == "K3R2T3"
    actions.remove_information_type(information=InformationType.objects.get(name="Journal"))
    assert Classification.objects.get(service=service).notation == "K2R2T3"
    actions.remove_information_type(information=InformationType.objects.get(name="Tidbok"))
    assert Classification.objects.get(service=service).notation == "K–R–T–"


def test_a_level_not_on_the_scale_in_use_is_refused_and_nothing_is_stored():
    service = service_factories.service()
    with pytest.raises(ValidationError) as refused:
        _information(service, k=5)
    assert "Nivå 5 finns inte på skalan som används (1, 2, 3, 4)." in refused.value.message_dict["confidentiality"]
    assert not InformationType.objects.exists() and not Classification.objects.exists()


def test_the_klassa_scale_is_data_switching_to_it_allows_level_zero():
    service = service_factories.service()
    with pytest.raises(ValidationError):
        _information(service, "Anslag", k=0)
    Scale.objects.filter(purpose="classification", active=True).update(active=False)
    Scale.objects.filter(name="KLASSA 0–4").update(active=True)
    _information(service, "Anslag", k=0, r=1, t=0)
    assert Classification.objects.get(service=service).notation == "K0R1T0"


def test_two_scales_for_one_purpose_cannot_both_be_in_use():
    with pytest.raises(IntegrityError), transaction.atomic():
        Scale.objects.filter(name="KLASSA 0–4").update(active=True)


def test_an_override_needs_a_justification_in_the_action_and_in_the_database():
    service = service_factories.service()
    _information(service, k=3)
    with pytest.raises(ValidationError) as refused:
        actions.override_classification(service=service, user=None, confidentiality=2, integrity=2,
                                        availability=2, justification="  ")
    assert "justification" in refused.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Classification.objects.filter(service=service).update(overridden=True, justification="")


def test_an_override_holds_until_cleared_then_the_computed_classification_returns():
    service = service_factories.service()
    _information(service, k=3)
    actions.override_classification(service=service, user=None, confidentiality=2, integrity=2,
                                    availability=2, justification="Uppgifterna pseudonymiseras före lagring.")
    _information(service, "Loggar", 4, 4, 4)
    assert Classification.objects.get(service=service).notation == "K2R2T2"
    actions.clear_override(service=service)
    classification = Classification.objects.get(service=service)
    assert (classification.notation, classification.overridden, classification.justification) == ("K4R4T4", False, "")


def test_an_edit_from_an_old_version_is_refused():
    information = _information(service_factories.service())
    stale = information.row_version
    actions.update_information_type(information=InformationType.objects.get(pk=information.pk), integrity=3)
    with pytest.raises(StaleVersion):
        actions.update_information_type(information=InformationType.objects.get(pk=information.pk),
                                        expected_version=stale, integrity=1)
    assert InformationType.objects.get(pk=information.pk).integrity == 3


def test_classifying_in_the_future_is_refused():
    with pytest.raises(ValidationError) as refused:
        _information(service_factories.service(), classified_on=datetime.date.today() + datetime.timedelta(days=1))
    assert "classified_on" in refused.value.message_dict


@pytest.mark.django_db(transaction=True)
def test_the_defaults_come_back_on_an_emptied_database_but_a_regions_own_scales_are_kept():
    call_command("flush", interactive=False, verbosity=0)
    assert Scale.objects.get(purpose="classification", active=True).name == "Konsekvensskala 1–4"
    assert Policy.current().visibility_confidentiality == 3 and Policy.objects.filter(pk=1).exists()
    Scale.objects.all().delete()
    own = Scale.objects.create(name="Egen", purpose="classification", active=True)
    Level.objects.create(scale=own, number=1, name="Ett")
    call_command("migrate", verbosity=0)
    assert list(Scale.objects.values_list("name", flat=True)) == ["Egen"]


def test_two_shields_hide_what_either_names(monkeypatch):
    from core import access, registry
    from services.models import Service

    sensitive, other, open_service = (service_factories.service() for _ in range(3))
    _information(sensitive, k=3)
    monkeypatch.setattr(registry, "DETAIL_SHIELDS",
                        [*registry.DETAIL_SHIELDS, lambda user: Service.objects.filter(pk=other.pk).values("pk")])
    reader = orgs.user()
    assert set(access.with_details_visible(reader, Service.objects.all())) == {open_service}
    assert not access.may_see_details(reader, other) and access.may_see_details(reader, open_service)
