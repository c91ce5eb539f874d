import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from decisions.tests import factories as gov
from organisations.tests import factories as orgs
from services import actions
from services.models import Ownership, Service
from services.queries import owner_on
from services.tests import factories

D = datetime.date
pytestmark = pytest.mark.django_db


def test_database_refuses_a_second_open_ownership():
    svc = factories.service(owner=orgs.organisation("HSN"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Ownership.objects.create(service=svc, organisation=orgs.organisation("SLSO"), valid_from=D(2024, 1, 1))
    assert Ownership.objects.filter(service=svc).count() == 1


def test_database_allows_closed_periods_beside_the_open_one():
    svc = factories.service(owner=orgs.organisation("HSN"), owner_from=D(2021, 1, 1))
    Ownership.objects.create(service=svc, organisation=orgs.organisation("OLD"), valid_from=D(2019, 1, 1),
                             valid_to=D(2021, 1, 1))
    assert Ownership.objects.filter(service=svc).count() == 2


def test_database_refuses_a_period_that_ends_before_it_starts():
    svc = factories.service(owner=orgs.organisation("HSN"), owner_from=D(2021, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Ownership.objects.create(service=svc, organisation=orgs.organisation("X"), valid_from=D(2019, 1, 1),
                                 valid_to=D(2018, 1, 1))


def test_transfer_closes_one_period_and_opens_the_next():
    hsn, slso = orgs.organisation("HSN"), orgs.organisation("SLSO")
    svc = factories.service(owner=hsn, owner_from=D(2019, 1, 1))
    actions.transfer_ownership(service=svc, to=slso, on_date=D(2022, 1, 1), decision=gov.decision())
    periods = list(Ownership.objects.filter(service=svc).order_by("valid_from").values_list(
        "organisation__code", "valid_from", "valid_to"))
    assert periods == [("HSN", D(2019, 1, 1), D(2022, 1, 1)), ("SLSO", D(2022, 1, 1), None)]


@pytest.mark.parametrize("day, expected", [
    (D(2018, 12, 31), None), (D(2019, 1, 1), "HSN"), (D(2021, 12, 31), "HSN"), (D(2022, 1, 1), "SLSO"),
    (D(2030, 1, 1), "SLSO"),
])
def test_who_owned_a_service_on_a_date_has_one_answer(day, expected):
    svc = factories.service(owner=orgs.organisation("HSN"), owner_from=D(2019, 1, 1))
    actions.transfer_ownership(service=svc, to=orgs.organisation("SLSO"), on_date=D(2022, 1, 1),
                               decision=gov.decision())
    owner = owner_on(svc, day)
    assert (owner.code if owner else None) == expected


def test_transfer_dated_before_the_current_period_is_refused_and_stores_nothing():
    svc = factories.service(owner=orgs.organisation("HSN"), owner_from=D(2020, 1, 1))
    with pytest.raises(ValidationError) as error:
        actions.transfer_ownership(service=svc, to=orgs.organisation("SLSO"), on_date=D(2019, 6, 1),
                                   decision=gov.decision())
    assert "on_date" in error.value.message_dict
    assert list(Ownership.objects.filter(service=svc).values_list("valid_to", flat=True)) == [None]


def test_transfer_to_the_current_owner_is_refused():
    hsn = orgs.organisation("HSN")
    svc = factories.service(owner=hsn)
    with pytest.raises(ValidationError):
        actions.transfer_ownership(service=svc, to=hsn, on_date=D(2024, 1, 1), decision=gov.decision())


def test_a_service_past_planned_needs_an_owner():
    with pytest.raises(ValidationError) as error:
        actions.create_service(name="Utan ägare", kind="common", domain=orgs.domain(), phase="in_production",
                               as_administrator=True)
    assert "owner" in error.value.message_dict
    assert not Service.objects.filter(name="Utan ägare").exists()


def test_a_planned_service_may_wait_for_its_owner():
    svc = actions.create_service(name="Planerad", kind="common", domain=orgs.domain(), phase="planned")
    assert svc.pk and not svc.ownerships.exists()


def test_leaving_planned_without_an_owner_is_refused():
    svc = factories.service(owner=False, phase="planned")
    with pytest.raises(ValidationError):
        actions.update_service(service=svc, phase="in_development")
    svc.refresh_from_db()
    assert svc.phase == "planned"


@pytest.mark.parametrize("old, new", [
    ("planned", "in_development"), ("in_development", "in_test"), ("in_production", "being_decommissioned"),
    ("decommissioned", "archived"),
])
def test_allowed_transitions(old, new):
    svc = factories.service(phase=old, owner=orgs.organisation())
    actions.update_service(service=svc, phase=new)
    svc.refresh_from_db()
    assert svc.phase == new


@pytest.mark.parametrize("old, new", [
    ("planned", "in_production"), ("in_development", "in_production"), ("archived", "in_production"),
    ("in_production", "planned"),
])
def test_refused_transitions(old, new):
    svc = factories.service(phase=old, owner=orgs.organisation())
    with pytest.raises(ValidationError) as error:
        actions.update_service(service=svc, phase=new)
    assert "phase" in error.value.message_dict
    svc.refresh_from_db()
    assert svc.phase == old


def test_an_edit_based_on_an_old_version_is_refused():
    svc = factories.service()
    version = svc.row_version
    actions.update_service(service=svc, expected_version=version, name="Först")
    with pytest.raises(ValidationError):
        actions.update_service(service=Service.objects.get(pk=svc.pk), expected_version=version, name="Sist")
    assert Service.objects.get(pk=svc.pk).name == "Först"


def test_every_change_is_in_the_history_with_before_and_after():
    from services.api import service_history

    svc = factories.service(name="Före")
    actions.update_service(service=svc, name="Efter")
    changed = [e for e in service_history(svc.pk) if e.type == "~" and e.model == "services.service"]
    assert [(c.field, c.before, c.after) for c in changed[0].changes] == [("name", "Före", "Efter")]


def test_a_change_of_categories_is_in_the_history():
    from services.api import service_history
    from services.models import Category, CategoryScheme

    scheme = CategoryScheme.objects.create(name="Grupper")
    first = Category.objects.create(scheme=scheme, code="g1", name="Grupp 1")
    second = Category.objects.create(scheme=scheme, code="g2", name="Grupp 2")
    svc = factories.service(categories=[first])
    svc._history_user = orgs.user("editor")
    actions.update_service(service=svc, categories=[second])
    edit, created = [e for e in service_history(svc.pk) if e.model == "services.service"]
    # Django stores the save and the set() of categories as separate records; they read as one edit.
    assert [(c.field, c.before, c.after) for c in edit.changes] == [
        ("categories", "Grupper: Grupp 1", "Grupper: Grupp 2")
    ]
    assert (edit.user, created.type) == ("editor", "+")


@pytest.mark.parametrize("argv, command", [
    (["styr", "import", "services", "f.csv"], "import_data"), (["styr", "export", "services", "-o", "-"], "export_data"),
    (["styr", "serve"], "runserver"), (["styr", "createuser", "x"], "create_styr_user"), (["styr", "demo"], "demo"),
])
def test_styr_command_line_names(monkeypatch, settings, argv, command):
    # Running the command here would close the test's database connection; what `styr X` runs is
    # what matters, and each management command has its own tests.
    import django.core.management

    settings.SECRET_KEY = "a-key-of-this-installation-" * 2  # `styr serve` with debug off refuses the default

    from styr.cli import main

    seen = []
    monkeypatch.setattr(django.core.management, "execute_from_command_line", seen.append)
    main(argv)
    assert seen[0][1] == command and seen[0][2:] == argv[2:]


def test_a_change_of_owner_names_its_decision():
    svc = factories.service(owner=orgs.organisation("HSN"), owner_from=D(2019, 1, 1))
    with pytest.raises(ValidationError) as error:
        actions.transfer_ownership(service=svc, to=orgs.organisation("SLSO"), on_date=D(2022, 1, 1), decision=None)
    assert "decision" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():  # the database holds a correction to it too
        Ownership.objects.create(service=svc, organisation=orgs.organisation("X"), valid_from=D(2018, 1, 1),
                                 valid_to=D(2019, 1, 1), basis="correction")


def test_an_editor_registers_planned_or_in_development_only():
    hsn = orgs.organisation("HSN")
    with pytest.raises(ValidationError) as error:
        actions.create_service(name="Redan i drift", kind="common", domain=orgs.domain(), phase="in_production",
                               owner=hsn)
    assert "phase" in error.value.message_dict and not Service.objects.filter(name="Redan i drift").exists()
    assert actions.create_service(name="Ny", kind="common", domain=orgs.domain(), phase="in_development",
                                  owner=hsn).phase == "in_development"
    # An administrator registers one already running; R05 flags it until a passed test is on record.
    running = actions.create_service(name="Redan i drift", kind="common", domain=orgs.domain(),
                                     phase="in_production", owner=hsn, as_administrator=True)
    from core import registry

    assert registry.RULES["R05-TESTAD"].failing(D.today()).filter(pk=running.pk).exists()
