"""No lost updates (docs/decisions/0010): many clients changing one record at once, on every model the API edits.

Each client reads, changes what it read and writes back with If-Match, and reads again when it is told the record
moved on (412) or the database is busy (503). In the end every write that was answered 200 is in the record and
in its history, once."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.contrib import admin
from django.db import OperationalError, connection
from rest_framework.test import APIClient

from core.api import VersionedViewSetMixin
from core.versioning import StaleVersion, Versioned, claim
from costs.models import AllocationKey, CostLine, Driver, FundingModel, Usage
from decisions.models import Decision, DecisionAttachment
from decisions.tests import factories as decision_factories
from governance.models import Exemption, OwnershipTransfer
from lifecycle.models import Component, TestRecord
from organisations.models import Domain, Membership, Organisation
from organisations.tests import factories as orgs
from services.models import Category, CategoryScheme, Consumer, Ownership, RoleAssignment, Service
from services.tests import factories as service_factories

CLIENTS, WRITES = 4, 3  # small: the point is that they overlap, not that there are many


def _service():
    return service_factories.service(owner=orgs.organisation(), description="")


def _organisation():
    return orgs.organisation("HSN", name="HSN")


def _domain():
    return orgs.domain("vard", description="")


def _consumer():
    return Consumer.objects.create(service=_service(), organisation=orgs.organisation(), volume=0)


def _decision():
    return decision_factories.decision()


def _component():
    return Component.objects.create(name="PostgreSQL", version="15", vendor="")


def _test_record():
    return TestRecord.objects.create(service=_service(), type="functional", version="1.0", environment="",
                                     performed_on=datetime.date(2025, 1, 1), result="passed")


def _cost_line():
    return CostLine.objects.create(service=_service(), year=2025, cost_type="licences", figure="budget",
                                   amount_ore=0)


def _driver():
    return Driver.objects.create(code="users", name="Users")


def _usage():
    return Usage.objects.create(service=_service(), year=2025, organisation=orgs.organisation(), driver=_driver(),
                                volume=0)


def _funding_model():
    return FundingModel.objects.create(service=_service(), year=2000, method="equal_share")


def append(value, token):
    return f"{value or ''}{token};"


def add_one(value, token):
    return str(Decimal(str(value)) + 1)


def add_year(value, token):
    return value + 1


# model, factory, API address, field in the API, field in the model, change
CASES = {
    "organisation": (Organisation, _organisation, lambda o: f"/api/organisations/{o.code}/", "name", "name", append),
    "domain": (Domain, _domain, lambda o: f"/api/domains/{o.code}/", "description", "description", append),
    "service": (Service, _service, lambda o: f"/api/services/{o.pk}/", "description", "description", append),
    "consumer": (Consumer, _consumer, lambda o: f"/api/consumers/{o.pk}/", "volume", "volume", add_one),
    "decision": (Decision, _decision, lambda o: f"/api/decisions/{o.pk}/", "text", "text", append),
    "component": (Component, _component, lambda o: f"/api/components/{o.pk}/", "vendor", "vendor", append),
    "test_record": (TestRecord, _test_record, lambda o: f"/api/tests/{o.pk}/", "environment", "environment",
                    append),
    "cost_line": (CostLine, _cost_line, lambda o: f"/api/costs/{o.pk}/", "amount_sek", "amount_ore", add_one),
    "usage": (Usage, _usage, lambda o: f"/api/usage/{o.pk}/", "volume", "volume", add_one),
    "funding_model": (FundingModel, _funding_model, lambda o: f"/api/funding-models/{o.pk}/", "year", "year",
                      add_year),
    "driver": (Driver, _driver, lambda o: f"/api/drivers/{o.code}/", "name", "name", append),
}



# Information security: personal data and suppliers, continuity, protection requirements (issue 9, parts 3–5).

def _processing_agreement():
    from security.models import DataProcessingAgreement

    return DataProcessingAgreement.objects.create(service=_service(), party="Leverantören AB",
                                                  signed_on=datetime.date(2024, 1, 1))


def _transfer_assessment():
    from security.models import TransferAssessment

    return TransferAssessment.objects.create(agreement=_processing_agreement(), assessed_on=datetime.date(2024, 2, 1),
                                             mechanism="scc", conclusion="Bedömd")


def _continuity_plan():
    from security.models import ContinuityPlan

    return ContinuityPlan.objects.create(service=_service(), recovery_time_hours=4, recovery_point_hours=1,
                                         fallback_routine="Reservrutin")


def _protection_requirement():
    from security.models import ProtectionRequirement

    return ProtectionRequirement.objects.update_or_create(code="k3-mfa", defaults={
        "text": "Flerfaktor", "dimension": "K", "from_level": 3})[0]


def _requirement_fulfilment():
    from security.models import RequirementFulfilment

    return RequirementFulfilment.objects.create(service=_service(), requirement=_protection_requirement(),
                                                evidence="Bevis", recorded_on=datetime.date(2024, 1, 1))


def _continuity_requirement():
    from security.models import ContinuityRequirement

    return ContinuityRequirement.objects.update_or_create(availability=1, defaults={
        "max_recovery_time_hours": 4, "max_recovery_point_hours": 1})[0]


def _security_cases():
    from security.models import (
        ContinuityPlan,
        ContinuityRequirement,
        DataProcessingAgreement,
        ProtectionRequirement,
        RequirementFulfilment,
        TransferAssessment,
    )

    return {
        "processing_agreement": (DataProcessingAgreement, _processing_agreement,
                                 lambda o: f"/api/processing-agreements/{o.pk}/", "countries", "countries", append),
        "transfer_assessment": (TransferAssessment, _transfer_assessment,
                                lambda o: f"/api/transfer-assessments/{o.pk}/", "conclusion", "conclusion", append),
        "continuity_plan": (ContinuityPlan, _continuity_plan, lambda o: f"/api/continuity-plans/{o.pk}/",
                            "fallback_routine", "fallback_routine", append),
        "requirement_fulfilment": (RequirementFulfilment, _requirement_fulfilment,
                                   lambda o: f"/api/requirement-fulfilments/{o.pk}/", "evidence", "evidence", append),
        "protection_requirement": (ProtectionRequirement, _protection_requirement,
                                   lambda o: f"/api/protection-requirements/{o.code}/", "text", "text", append),
        "continuity_requirement": (ContinuityRequirement, _continuity_requirement,
                                   lambda o: f"/api/continuity-requirements/{o.pk}/", "max_recovery_time_hours",
                                   "max_recovery_time_hours", add_one),
    }


CASES.update(_security_cases())

def _admin_api(admin):
    api = APIClient()
    api.force_authenticate(admin)
    return api


def _clients_write(admin, url, field, change):
    """CLIENTS threads, each making WRITES changes by read → change → write with If-Match; returns the tokens
    whose write was answered 200, and the answers other than 200, 412 and 503 (there must be none)."""
    done, wrong = [], []
    lock = threading.Lock()

    def client(number):
        api = _admin_api(admin)
        try:
            for write in range(WRITES):
                token = f"c{number}w{write}"
                for _attempt in range(200):
                    read = api.get(url)
                    if read.status_code == 503:
                        continue
                    if read.status_code != 200:
                        wrong.append((read.status_code, read.content[:300]))
                        return
                    body = {field: change(read.json()[field], token)}
                    written = api.patch(url, body, format="json", HTTP_IF_MATCH=read["ETag"])
                    if written.status_code == 200:
                        assert written["ETag"] == f'"{written.json()["row_version"]}"'
                        with lock:
                            done.append(token)
                        break
                    if written.status_code not in (412, 503):
                        wrong.append((written.status_code, written.content[:300]))
                        return
        except Exception as error:  # noqa: BLE001 — reported by the test thread, not lost in this one
            wrong.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return done, wrong


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("case", CASES)
def test_many_clients_lose_no_update(case):
    model, make, address, field, attribute, change = CASES[case]
    obj = make()
    before = getattr(obj, attribute)
    history_before = obj.history.filter(history_type="~").count()
    admin = orgs.user(admin=True)
    done, wrong = _clients_write(admin, address(obj), field, change)
    assert wrong == []
    assert len(done) == CLIENTS * WRITES  # everyone got through, after as many re-reads as it took
    obj = model.objects.get(pk=obj.pk)
    stored = getattr(obj, attribute)
    if change is append:
        assert sorted(stored.removeprefix(before).split(";")[:-1]) == sorted(done)  # every client's every write, each once
    elif attribute == "amount_ore":
        assert stored == before + 100 * len(done)
    else:
        assert stored == before + len(done)
    assert obj.row_version == 1 + len(done)
    assert obj.history.filter(history_type="~").count() == history_before + len(done)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("case", ["consumer", "usage"])
def test_many_clients_adding_to_a_volume_at_once_lose_nothing(case):
    model, make, address, *_ = CASES[case]
    obj = make()
    admin = orgs.user(admin=True)
    answers = []

    def client():
        api = _admin_api(admin)
        try:
            for _ in range(WRITES):
                answers.append(api.post(f"{address(obj)}add-volume/", {"delta": "2.50"}, format="json").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    added = answers.count(200)
    assert set(answers) <= {200, 503} and added >= 1
    obj = model.objects.get(pk=obj.pk)
    assert obj.volume == Decimal("2.50") * added
    assert obj.row_version == 1 + added
    assert obj.history.filter(history_type="~").count() == added


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES)
def test_a_write_without_if_match_is_428_and_with_a_stale_one_412_and_nothing_changes(api, case):
    model, make, address, field, attribute, change = CASES[case]
    obj = make()
    api.force_authenticate(orgs.user(admin=True))
    url = address(obj)
    read = api.get(url)
    assert read.status_code == 200 and read["ETag"] == '"1"' and read.json()["row_version"] == 1
    body = {field: change(read.json()[field], "x")}

    missing = api.patch(url, body, format="json")
    assert missing.status_code == 428 and "If-Match" in missing.json()["detail"]
    assert api.put(url, {**read.json(), **body}, format="json").status_code == 428
    assert api.delete(url).status_code == 428
    assert model.objects.get(pk=obj.pk).row_version == 1

    first = api.patch(url, body, format="json", HTTP_IF_MATCH='"1"')
    assert first.status_code == 200 and first["ETag"] == '"2"'
    kept = getattr(model.objects.get(pk=obj.pk), attribute)
    stale = api.patch(url, {field: change(read.json()[field], "y")}, format="json", HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412 and "ändrat" in stale.json()["detail"]
    assert api.delete(url, HTTP_IF_MATCH='"1"').status_code == 412
    stored = model.objects.get(pk=obj.pk)
    assert getattr(stored, attribute) == kept and stored.row_version == 2
    assert stored.history.filter(history_type="~").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("header", ["*", "", '"1", "2"', "W/\"1\"", "1", '"abc"', '"99999999999"', '"01"'])
def test_if_match_is_one_strong_etag(api, header):
    organisation = orgs.organisation("HSN", name="HSN")
    api.force_authenticate(orgs.user(admin=True))
    response = api.patch("/api/organisations/HSN/", {"name": "Ny"}, format="json", HTTP_IF_MATCH=header)
    assert response.status_code == (428 if header in ("*", "") else 412)
    if header == "*":  # sent, but names no version: told so, not "send the header"
        assert "If-Match: *" in response.json()["detail"]
    assert Organisation.objects.get(pk=organisation.pk).name == "HSN"


@pytest.mark.django_db
def test_a_body_row_version_must_agree_with_if_match(api):
    orgs.organisation("HSN", name="HSN")
    api.force_authenticate(orgs.user(admin=True))
    url = "/api/organisations/HSN/"
    disagrees = api.patch(url, {"name": "Ny", "row_version": 7}, format="json", HTTP_IF_MATCH='"1"')
    assert disagrees.status_code == 412 and "row_version" in disagrees.json()["detail"]
    agrees = api.patch(url, {"name": "Ny", "row_version": 1}, format="json", HTTP_IF_MATCH='"1"')
    assert agrees.status_code == 200 and agrees.json()["name"] == "Ny" and agrees.json()["row_version"] == 2


@pytest.mark.django_db
def test_a_delete_with_the_current_etag_goes_through(api):
    component = Component.objects.create(name="Oracle", version="19")
    api.force_authenticate(orgs.user(admin=True))
    url = f"/api/components/{component.pk}/"
    assert api.delete(url, HTTP_IF_MATCH='"1"').status_code == 204
    assert not Component.objects.exists()
    assert api.patch(url, {"name": "X"}, format="json", HTTP_IF_MATCH='"1"').status_code == 404


@pytest.mark.django_db
def test_a_reader_is_refused_before_the_version_is_asked_for(api):
    orgs.organisation("HSN", name="HSN")
    api.force_authenticate(orgs.user())
    assert api.patch("/api/organisations/HSN/", {"name": "Ny"}, format="json").status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("delta, volume, status", [("2.5", "12.50", 200), ("-10", "0.00", 200),
                                                   ("-10.01", "10.00", 400), ("abc", "10.00", 400),
                                                   ("999999999999", "10.00", 400), ("-0", "10.00", 400),
                                                   ("0", "10.00", 400)])
def test_add_volume_keeps_the_volume_within_bounds(api, delta, volume, status):
    consumer = _consumer()
    Consumer.objects.filter(pk=consumer.pk).update(volume=10)
    api.force_authenticate(orgs.user(admin=True))
    response = api.post(f"/api/consumers/{consumer.pk}/add-volume/", {"delta": delta}, format="json")
    assert response.status_code == status, response.content
    assert Consumer.objects.get(pk=consumer.pk).volume == Decimal(volume)
    if status == 200:
        assert response.json()["volume"] == volume and response["ETag"] == '"2"'
    else:
        assert "delta" in response.json()
        assert Consumer.objects.get(pk=consumer.pk).row_version == 1  # nothing written, not even a version


@pytest.mark.django_db
def test_add_volume_is_for_those_who_may_edit(api):
    consumer = _consumer()
    api.force_authenticate(orgs.user())
    response = api.post(f"/api/consumers/{consumer.pk}/add-volume/", {"delta": "1"}, format="json")
    assert response.status_code == 403 and Consumer.objects.get(pk=consumer.pk).volume == 0


@pytest.mark.django_db
def test_the_schema_declares_if_match_etag_412_and_428(api):
    api.force_authenticate(orgs.user())
    schema = api.get("/api/schema/?format=json").json()
    for path in ["/api/organisations/{code}/", "/api/services/{id}/", "/api/usage/{id}/", "/api/decisions/{id}/"]:
        for method in ["put", "patch", "delete"]:
            operation = schema["paths"][path].get(method)
            if operation is None:
                continue  # decisions are corrected, not deleted
            headers = {p["name"]: p for p in operation["parameters"] if p["in"] == "header"}
            assert headers["If-Match"]["required"] is True
            assert {"412", "428"} <= set(operation["responses"])
        assert "ETag" in schema["paths"][path]["get"]["responses"]["200"]["headers"]
        assert "ETag" in schema["paths"][path]["patch"]["responses"]["200"]["headers"]


def _category_scheme():
    return CategoryScheme.objects.create(name="Bilaga 1")


def _security_classification_factories():
    from security import actions as security
    from security.models import Classification, InformationType, Level, Policy, Scale

    def scale():
        return Scale.objects.create(name=f"Skala {Scale.objects.count() + 1}", purpose="likelihood")

    def information():
        if Scale.active_for("classification") is None:  # a transactional test starts from empty tables
            levels = Scale.objects.create(name="Klassning", purpose="classification", active=True)
            Level.objects.create(scale=levels, number=2, name="Måttlig")
        return security.add_information_type(service=_service(), name="Journal", confidentiality=2, integrity=2,
                                             availability=2)

    return {
        Scale: scale,
        Level: lambda: Level.objects.create(scale=scale(), number=1, name="Låg"),
        Policy: lambda: Policy.objects.get_or_create(pk=1)[0],
        InformationType: information,
        Classification: lambda: Classification.objects.get(service=information().service),
    }


ADMIN_FACTORIES = {
    **{case[0]: case[1] for case in CASES.values()},
    Membership: lambda: orgs.user(editor_of=orgs.organisation()).memberships.get(),
    CategoryScheme: _category_scheme,
    Category: lambda: Category.objects.create(scheme=_category_scheme(), code="vard", name="Vård"),
    RoleAssignment: lambda: RoleAssignment.objects.create(service=_service(), role="service_manager",
                                                          person_name="Sara Holm"),
    **{model: factory for model, factory in _security_classification_factories().items()
       if model.__name__ in ("Scale", "Level", "Policy")},
}


STYR_APPS = {"organisations", "services", "decisions", "governance", "lifecycle", "costs", "security"}


def test_every_record_the_api_or_the_admin_edits_carries_a_version():
    from styr.urls import router

    for _prefix, viewset, _basename in router.registry:
        if hasattr(viewset, "update") or hasattr(viewset, "destroy"):
            model = viewset.serializer_class.Meta.model
            assert issubclass(model, Versioned), f"{model} is edited through the API without a version"
            assert issubclass(viewset, VersionedViewSetMixin), f"{viewset} answers no ETag"
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label in STYR_APPS and model_admin.has_change_permission(_AdminRequest()):
            assert issubclass(model, Versioned) or model is DecisionAttachment, f"{model} has no version"


class _AdminRequest:
    class user:  # noqa: N801 — stands in for request.user
        is_active = is_staff = is_superuser = True

        @staticmethod
        def has_perm(*args):
            return True


@pytest.mark.django_db
@pytest.mark.parametrize("model", [m for m in ADMIN_FACTORIES], ids=lambda m: m.__name__)
def test_the_admin_refuses_a_save_over_a_newer_version(rf, model):
    if model not in admin.site._registry:
        pytest.skip(f"{model.__name__} has no admin page")
    obj = ADMIN_FACTORIES[model]()
    model_admin = admin.site._registry[model]
    request = rf.get("/")
    request.user = orgs.user(admin=True)
    form_class = model_admin.get_form(request, obj, change=True)
    shown = form_class(instance=obj)
    assert shown.initial["row_version"] == obj.row_version
    data = {name: shown[name].value() for name in shown.fields if shown[name].value() is not None}
    claim(model.objects.get(pk=obj.pk), obj.row_version)  # someone else saves first
    stale = form_class(data, instance=model.objects.get(pk=obj.pk))
    assert not stale.is_valid() and "Någon annan ändrade" in str(stale.non_field_errors())
    current = form_class({**data, "row_version": obj.row_version + 1}, instance=model.objects.get(pk=obj.pk))
    assert current.is_valid(), current.errors
    current.save()
    assert model.objects.get(pk=obj.pk).row_version == obj.row_version + 2


@pytest.mark.django_db
def test_the_admin_page_carries_the_version_and_tells_of_someone_elses_change(client):
    organisation = orgs.organisation("HSN", name="HSN", kind="board")
    client.force_login(orgs.user(admin=True))
    url = f"/admin/organisations/organisation/{organisation.pk}/change/"
    page = client.get(url)
    assert 'name="row_version" value="1"' in page.content.decode()
    Organisation.objects.get(pk=organisation.pk).save()  # someone else's save: version 2
    data = {"name": "HSN ny", "code": "HSN", "kind": "board", "active": "on", "row_version": "1"}
    refused = client.post(url, data)
    assert refused.status_code == 200 and "Någon annan ändrade" in refused.content.decode()
    assert Organisation.objects.get(pk=organisation.pk).name == "HSN"
    assert client.post(url, {**data, "row_version": "2"}).status_code == 302
    assert Organisation.objects.get(pk=organisation.pk).name == "HSN ny"
    add = client.get("/admin/organisations/organisation/add/")
    assert add.status_code == 200 and 'name="row_version"' not in add.content.decode()  # nothing to compare yet
    created = client.post("/admin/organisations/organisation/add/", {**data, "code": "SLSO", "name": "SLSO"})
    assert created.status_code == 302 and Organisation.objects.get(code="SLSO").row_version == 1


@pytest.mark.django_db
def test_a_change_saved_between_the_admin_forms_check_and_its_save_is_refused_with_a_message(client, monkeypatch):
    """The race the form's check cannot see (found on PostgreSQL as a 500): the model's compare-and-swap
    refuses, nothing of the admin's save is kept, and the user reads why."""
    organisation = orgs.organisation("HSN", name="HSN", kind="board")
    model_admin = admin.site._registry[Organisation]
    original = type(model_admin).save_model

    def someone_else_first(self, request, obj, form, change):
        Organisation.objects.get(pk=obj.pk).save()  # lands after the form was validated
        return original(self, request, obj, form, change)

    monkeypatch.setattr(type(model_admin), "save_model", someone_else_first)
    client.force_login(orgs.user(admin=True))
    url = f"/admin/organisations/organisation/{organisation.pk}/change/"
    data = {"name": "HSN ny", "code": "HSN", "kind": "board", "active": "on", "row_version": "1"}
    refused = client.post(url, data, follow=True)
    assert refused.status_code == 200 and "Någon annan ändrade" in refused.content.decode()
    # (the stand-in for the other writer ran inside the admin's transaction, so it is rolled back with it)
    assert Organisation.objects.get(pk=organisation.pk).name == "HSN"


@pytest.mark.django_db(transaction=True)
def test_a_database_held_past_the_busy_timeout_is_a_retryable_503_not_a_500():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's writer lock; PostgreSQL waits on the row")
    import sqlite3

    orgs.organisation("HSN", name="HSN")
    api = _admin_api(orgs.user(admin=True))
    options = connection.settings_dict["OPTIONS"]
    timeout = options["timeout"]
    holder = sqlite3.connect(connection.settings_dict["NAME"])
    try:
        connection.close()
        options["timeout"] = 0.05  # a short wait instead of Styr's 20 s, so the test does not wait for it
        holder.execute("BEGIN IMMEDIATE")  # another writer holds the database
        response = api.patch("/api/organisations/HSN/", {"name": "Ny"}, format="json", HTTP_IF_MATCH='"1"')
        assert response.status_code == 503 and response["Retry-After"] == "1"
        assert "upptagen" in response.json()["detail"]
    finally:
        holder.rollback()
        holder.close()
        connection.close()
        options["timeout"] = timeout
    again = api.patch("/api/organisations/HSN/", {"name": "Ny"}, format="json", HTTP_IF_MATCH='"1"')
    assert again.status_code == 200 and Organisation.objects.get(code="HSN").name == "Ny"


def _transfer():
    from governance import actions as governance

    return governance.request_transfer(service=_service(), to=orgs.organisation(), reason="Närmare vården",
                                       requested_date=datetime.date(2030, 1, 1))


def _exemption():
    from governance import actions as governance

    owner = orgs.organisation()
    local = service_factories.service(owner=owner, kind=Service.Kind.LOCAL)
    return governance.request_exemption(service=local, requesting_organisation=owner,
                                        unique_need="n", why_not_common="w")


def _security_models():
    from security import models as sec

    def analysis():
        return sec.RiskAnalysis.objects.create(service=_service(), performed_on=datetime.date(2025, 1, 1),
                                               participants="Sara Holm", scope="Hela tjänsten",
                                               review_by=datetime.date(2026, 1, 1))

    def agreement():
        return sec.DataProcessingAgreement.objects.create(service=_service(), party="Inera AB",
                                                          signed_on=datetime.date(2024, 1, 1))

    scale = lambda: sec.Scale.objects.create(name="Egen skala", purpose="classification")  # noqa: E731
    return {
        sec.Scale: scale,
        sec.Level: lambda: sec.Level.objects.create(scale=scale(), number=1, name="Låg"),
        sec.Policy: lambda: sec.Policy.objects.get_or_create(pk=1)[0],
        sec.InformationType: lambda: sec.InformationType.objects.create(
            service=_service(), name="Journal", confidentiality=3, integrity=3, availability=2,
            classified_on=datetime.date(2025, 1, 1)),
        sec.Classification: lambda: sec.Classification.objects.create(
            service=_service(), confidentiality=3, integrity=2, availability=2),
        sec.RiskAnalysis: analysis,
        sec.Risk: lambda: sec.Risk.objects.create(analysis=analysis(), description="Obehörig läsning",
                                                  likelihood=2, consequence=3),
        sec.DataProcessingAgreement: agreement,
        sec.TransferAssessment: lambda: sec.TransferAssessment.objects.create(
            agreement=agreement(), assessed_on=datetime.date(2024, 2, 1), mechanism="scc", conclusion="Godtagbar"),
        sec.ContinuityRequirement: lambda: sec.ContinuityRequirement.objects.update_or_create(
            availability=4, defaults={"max_recovery_time_hours": 4, "max_recovery_point_hours": 1})[0],
        sec.ContinuityPlan: lambda: sec.ContinuityPlan.objects.create(
            service=_service(), recovery_time_hours=4, recovery_point_hours=1, fallback_routine="Papper"),
        sec.ProtectionRequirement: lambda: sec.ProtectionRequirement.objects.create(
            code="test-krav", text="Krav", dimension="K", from_level=3),
        sec.RequirementFulfilment: lambda: sec.RequirementFulfilment.objects.create(
            service=_service(), requirement=sec.ProtectionRequirement.objects.get(code="k3-flerfaktor"),
            recorded_on=datetime.date(2025, 1, 1)),
    }


def _every_model():
    from lifecycle.models import CheckInterval, Environment, SupportCycle

    return {
        **_security_models(),
        **ADMIN_FACTORIES,
        Ownership: lambda: _service().ownerships.get(),
        OwnershipTransfer: _transfer,
        Exemption: _exemption,
        SupportCycle: lambda: SupportCycle.objects.create(product="postgresql", cycle="15"),
        Environment: lambda: Environment.objects.create(service=_service(), kind="test", name="Test"),
        CheckInterval: lambda: CheckInterval.objects.update_or_create(criticality="high", defaults={"days": 30})[0],
        AllocationKey: lambda: AllocationKey.objects.create(funding_model=_funding_model(),
                                                            organisation=orgs.organisation(), percent=100),
        **_security_classification_factories(),
        **_indicator_factories(),
        **_architecture_factories(),
        **_portfolio_factories(),
        **_maturity_factories(),
    }


def _architecture_factories():
    from architecture import models as arc
    from architecture.tests import factories as f

    return {
        arc.Integration: f.integration, arc.ServiceContract: f.service_contract, arc.Dependency: f.dependency,
        arc.Process: f.process, arc.NeedsMapping: f.needs_mapping, arc.MappedService: f.mapped_service,
    }


def _portfolio_factories():
    from portfolio import models as pf
    from portfolio.tests import factories as f

    return {
        pf.Initiative: f.initiative, pf.InitiativeService: f.initiative_service, pf.Benefit: f.benefit,
        pf.BenefitOutcome: f.benefit_outcome, pf.InitiativeCost: f.initiative_cost, pf.Criterion: f.criterion,
        pf.PortfolioYear: f.portfolio_year, pf.CriterionWeight: f.criterion_weight,
        pf.ValueAssessment: f.value_assessment, pf.AssessmentScore: f.assessment_score,
        pf.RankingOverride: f.ranking_override, pf.InvestmentDecision: f.investment_decision,
    }


def _maturity_factories():
    from maturity import models as mt
    from maturity.tests import factories as f

    return {
        mt.MaturityModel: f.maturity_model, mt.Dimension: f.dimension, mt.Category: f.category,
        mt.MeasurementPoint: f.point, mt.Unit: f.unit, mt.Round: f.round_, mt.RoundUnit: f.round_unit,
        mt.ExternalResult: f.external_result, mt.ActionPlan: f.action_plan, mt.Goal: f.goal, mt.Activity: f.activity,
    }


def _indicator_factories():
    from indicators import models as ind
    from indicators.tests import factories as f

    return {
        ind.FocusArea: f.focus_area, ind.Indicator: f.indicator, ind.IndicatorYear: f.indicator_year,
        ind.Outcome: f.outcome, ind.Deviation: f.deviation, ind.PlanAction: f.plan_action,
        ind.GradeDefinition: f.grade_definition, ind.GradeWeight: f.grade_weight,
    }


def test_every_versioned_model_has_a_concurrent_test():
    versioned = {m for m in django_apps.get_models() if issubclass(m, Versioned)}
    assert versioned == set(_every_model()), "give the new model a factory here"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("model", list(_every_model()), ids=lambda m: m.__name__)
def test_concurrent_saves_of_any_record_each_make_their_own_version(model):
    """Below the API: whatever path saves (an action, a form, the admin, an import), two saves from one version
    cannot both succeed, so every successful save is one version and one history record."""
    obj = _every_model()[model]()
    start = model.objects.get(pk=obj.pk).row_version
    has_history = hasattr(model, "history")
    history_before = obj.history.filter(history_type="~").count() if has_history else 0
    done, refused, wrong = [], [], []
    lock = threading.Lock()

    def writer(number):
        try:
            for write in range(WRITES):
                for _attempt in range(200):
                    current = model.objects.get(pk=obj.pk)
                    try:
                        current.save()
                    except StaleVersion:
                        with lock:
                            refused.append(number)
                        continue
                    except OperationalError as error:  # SQLite past its busy timeout: try again
                        assert "locked" in str(error)
                        continue
                    with lock:
                        done.append((number, write))
                    break
        except Exception as error:  # noqa: BLE001 — reported by the test thread
            wrong.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == [] and len(done) == CLIENTS * WRITES
    assert model.objects.get(pk=obj.pk).row_version == start + len(done)
    if has_history:
        assert obj.history.filter(history_type="~").count() == history_before + len(done)
