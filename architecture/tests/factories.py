"""Small factories for architecture tests (and the concurrency guard in styr/tests)."""

import itertools

from services.tests import factories as service_factories

from ..models import Dependency, Integration, MappedService, NeedsMapping, Process, ServiceContract

_n = itertools.count(1)

GET_CARE_DOCUMENTATION = "urn:riv:clinicalprocess:healthcond:description:GetCareDocumentationResponder:3"


def integration(producer=None, consumer=None, *, kind=Integration.Kind.API, **fields):
    """A needed, active integration from producer to consumer (new services when not given)."""
    return Integration.objects.create(producer=producer or service_factories.service(),
                                      consumer=consumer or service_factories.service(), kind=kind, **fields)


def contract_integration(producer=None, consumer=None, platform=None, urns=(GET_CARE_DOCUMENTATION,), **fields):
    """An integration over the service platform with its service contracts."""
    platform = platform or service_factories.service(name="RTP", kind="infrastructure")
    made = integration(producer, consumer, kind=Integration.Kind.SERVICE_CONTRACT, platform=platform, **fields)
    for urn in urns:
        ServiceContract.objects.create(integration=made, urn=urn)
    return made


def service_contract(urn=GET_CARE_DOCUMENTATION, integration_=None):
    return ServiceContract.objects.create(integration=integration_ or contract_integration(urns=()), urn=urn)


def dependency(service=None, depends_on=None, **fields):
    return Dependency.objects.create(service=service or service_factories.service(),
                                     depends_on=depends_on or service_factories.service(), **fields)


def process(code=None, name=None, parent=None, services=(), **fields):
    number = next(_n)
    made = Process.objects.create(code=code or f"P{number}", name=name or f"Process {number}", parent=parent,
                                  **fields)
    if services:
        made.services.add(*services)
    return made


def needs_mapping(service=None, need="Journalföring i hemsjukvården", candidates=(), **fields):
    """A needs mapping for a planned service; `candidates` are (service, reason) pairs."""
    service = service or service_factories.service(phase="planned")
    mapping = NeedsMapping.objects.create(service=service, need=need, **fields)
    for candidate, reason in candidates:
        MappedService.objects.create(mapping=mapping, candidate=candidate, reason=reason)
    return mapping


def mapped_service(mapping=None, candidate=None, reason="Saknar stöd för hemsjukvård"):
    return MappedService.objects.create(mapping=mapping or needs_mapping(),
                                        candidate=candidate or service_factories.service(), reason=reason)
