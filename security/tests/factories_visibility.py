"""A small register for the visibility tests: a sensitive (K3) service with one row of every kind of security
detail, a plain (K1) service with the same, a component both run on, and one user of each kind."""

import datetime
import itertools
from types import SimpleNamespace

from django.contrib.auth.models import Group

from core import access
from lifecycle.models import Component, Environment, TestRecord
from organisations.tests import factories as orgs
from security import actions
from security.models import (
    ContinuityPlan,
    DataProcessingAgreement,
    ProtectionRequirement,
    RequirementFulfilment,
    Risk,
    RiskAnalysis,
    TransferAssessment,
)
from services.tests import factories as services

_n = itertools.count(1)
ON = datetime.date(2024, 3, 1)


def classified(service, confidentiality, *, name=None):
    """Classify `service` through one information type (the action keeps the Classification in step)."""
    return actions.add_information_type(
        service=service, name=name or f"Information {next(_n)}", confidentiality=confidentiality,
        integrity=2, availability=2, classified_on=ON, personal_data="sensitive")


def _risk(service, marker):
    analysis = RiskAnalysis.objects.create(service=service, performed_on=ON, participants=f"Team {marker}",
                                           scope=f"Scope {marker}", review_by=ON + datetime.timedelta(days=365))
    return Risk.objects.create(analysis=analysis, description=f"Risk {marker}", likelihood=2, consequence=2, value=4)


def _agreement(service, marker):
    return DataProcessingAgreement.objects.create(service=service, party=f"Processor {marker}", signed_on=ON,
                                                  outside_eea=True, countries="US")


def _transfer(service, marker):
    return TransferAssessment.objects.create(agreement=_agreement(service, f"{marker}-t"), assessed_on=ON,
                                             mechanism="scc", conclusion=f"Conclusion {marker}")


def _fulfilment(service, marker):
    requirement = ProtectionRequirement.objects.get_or_create(
        code="vis-test", defaults={"text": "Test requirement", "dimension": "K", "from_level": 3})[0]
    return RequirementFulfilment.objects.create(service=service, requirement=requirement, recorded_on=ON,
                                                evidence=f"Evidence {marker}")


# One row of every model registered in core.registry.SERVICE_DETAILS, each carrying `marker` in a text that
# a page or an answer would show. The guard in test_visibility fails for a registered model missing here.
DETAIL_ROWS = {
    "InformationType": lambda service, marker: classified(service, 1, name=f"Information {marker}"),
    "RiskAnalysis": lambda service, marker: _risk(service, marker).analysis,
    "Risk": _risk,
    "DataProcessingAgreement": _agreement,
    "TransferAssessment": _transfer,
    "ContinuityPlan": lambda service, marker: ContinuityPlan.objects.create(
        service=service, recovery_time_hours=4, recovery_point_hours=1, fallback_routine=f"Fallback {marker}"),
    "RequirementFulfilment": _fulfilment,
    "TestRecord": lambda service, marker: TestRecord.objects.create(
        service=service, type="security", version="1.0", environment=f"Env {marker}", performed_on=ON,
        result="failed", evidence_url=f"https://example.org/report-{marker}"),
    "Environment": lambda service, marker: Environment.objects.create(
        service=service, kind="test", name=f"Environment {marker}"),
}


def _integration(service, marker):
    from architecture.tests import factories as architecture

    # Consumed by `service` from a plain producer: hidden exactly when `service` is shielded.
    return architecture.integration(services.service(name=f"Producer {marker}"), service, carries=f"Carries {marker}")


def _contract(service, marker):
    from architecture.tests import factories as architecture

    return architecture.contract_integration(services.service(name=f"Producer {marker}"), service,
                                             carries=f"Carries {marker}").contracts.get()


def _dependency(service, marker):
    from architecture.tests import factories as architecture

    return architecture.dependency(service, services.service(name=f"Depended on {marker}"),
                                   description=f"For {marker}")


# Issue 11: integrations and dependencies are security details of both their ends (architecture.registration).
DETAIL_ROWS.update({"Integration": _integration, "ServiceContract": _contract, "Dependency": _dependency})


def detail_row(model, service, marker):
    return DETAIL_ROWS[model.__name__](service, marker)


def security_officer(username=None):
    account = orgs.user(username)
    account.groups.add(Group.objects.get_or_create(name=access.SECURITY_OFFICERS)[0])
    return account


def auditor(username=None):
    account = orgs.user(username)
    account.groups.add(Group.objects.get_or_create(name=access.AUDITORS)[0])
    return account


def world():
    """The sensitive service `secret` (K3, owned by `owner`), the plain service `plain` (K1, owned by `other`),
    each with its security details, a component `shared` both run on, and the users who look at them."""
    owner, other = orgs.organisation(), orgs.organisation()
    secret = services.service(owner, name="Journalen", version="1.0")
    plain = services.service(other, name="Matsedeln", version="1.0")
    classified(secret, 3, name="Patientjournal HEMLIG")
    classified(plain, 1, name="Matsedel ÖPPEN")
    component = Component.objects.create(name="Databas SECRETDB", product="secretdb", version="11", type="software")
    component.services.add(secret, plain)
    TestRecord.objects.create(service=secret, type="security", version="1.0", environment="pentest-HEMLIG",
                              performed_on=ON, result="failed", evidence_url="https://example.org/pentest-HEMLIG")
    Environment.objects.create(service=secret, kind="test", name="Testmiljö HEMLIG")
    _risk(secret, "HEMLIG")
    return SimpleNamespace(
        owner=owner, other=other, secret=secret, plain=plain, component=component,
        reader=orgs.user(), other_editor=orgs.user(editor_of=other),
        owner_editor=orgs.user(editor_of=owner), owner_secretariat=orgs.user(secretariat_of=owner),
        auditor=auditor(), officer=security_officer(), admin=orgs.user(admin=True),
    )


def blind(w):
    """Who sees that the sensitive service exists, its owner and its letters, nothing more."""
    return [w.reader, w.other_editor]


def seeing(w):
    """Who sees the sensitive service's details."""
    return [w.owner_editor, w.owner_secretariat, w.auditor, w.officer, w.admin]
