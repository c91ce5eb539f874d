"""A small architecture for the ArchiMate tests: processes in a hierarchy, services supporting them, components,
classified information, integrations over the service platform with contracts, and dependencies."""

import datetime
import io
from types import SimpleNamespace

from lxml import etree

from architecture import archimate_export
from lifecycle.models import Component
from organisations.tests import factories as orgs
from security import actions as security_actions
from services.tests import factories as services

from . import factories

GET_REFERRAL = "urn:riv:clinicalprocess:activity:request:GetReferralOutcomeResponder:3"


def information(service, name, k=2):
    return security_actions.add_information_type(
        service=service, name=name, confidentiality=k, integrity=2, availability=2,
        classified_on=datetime.date(2024, 3, 1), personal_data="sensitive", owner="Vårdgivaren")


def architecture():
    """Six services of two domains, one of them the service platform."""
    region = orgs.organisation("REG", kind="region", name="Regionen")
    board = orgs.organisation("HSN", parent=region, name="Hälso- och sjukvårdsnämnden")
    care, infra = orgs.domain("vard", deciding_board=board), orgs.domain("infra", deciding_board=region)
    rtp = services.service(board, name="RTP", kind="infrastructure", domain=infra, external_id="HSF-012")
    workplace = services.service(region, name="It-arbetsplats", kind="infrastructure", domain=infra,
                                 external_id="RS 102/ä")  # characters an identifier cannot hold
    journal = services.service(board, name="Take Care", domain=care, external_id="TC-1")
    npo = services.service(board, name="NPÖ", domain=care, external_id="HSF-033")
    portal = services.service(board, name="1177", domain=care)  # no external id
    planned = services.service(None, phase="planned", name="Ny tjänst", domain=care)
    notes = information(journal, "Journalanteckningar", k=3)
    information(journal, "Remisser")
    top = factories.process("1", "Vård")
    leaf = factories.process("1.1", "Dokumentera vård", parent=top, services=[journal, npo])
    server = Component.objects.create(name="Windows Server", version="2019", type="software", vendor="Microsoft",
                                      support_ends=datetime.date(2029, 1, 9))
    server.services.add(journal, npo)
    Component.objects.create(name="Lagring", version="", type="hardware")
    flow = factories.contract_integration(journal, npo, platform=rtp, urns=[factories.GET_CARE_DOCUMENTATION,
                                                                              GET_REFERRAL],
                                          standard="RIVTA 2.1", criticality="high", carries="Vårdkontakter")
    flow.information_types.add(notes)
    factories.integration(npo, portal, kind="file", needed=False, phase="planned", description="Nattlig fil")
    factories.dependency(journal, workplace, description="Klienter")
    factories.dependency(journal, rtp)
    return SimpleNamespace(region=region, board=board, care=care, infra=infra, rtp=rtp, workplace=workplace,
                           journal=journal, npo=npo, portal=portal, planned=planned, top=top, leaf=leaf,
                           flow=flow, server=server)


def export(user=None):
    stream = io.BytesIO()
    archimate_export.write(stream, user=user)
    return stream.getvalue()


def canonical(data):
    """The file as nested sets: the same model whatever the order of its parts."""
    def walk(node):
        return (node.tag, tuple(sorted(node.attrib.items())), (node.text or "").strip(),
                tuple(sorted(walk(child) for child in node)))
    return walk(etree.fromstring(data))


NS = "http://www.opengroup.org/xsd/archimate/3.0/"


def model(*elements, relationships="", organizations=""):
    """A hand-written exchange file (bytes) with the given element and relationship XML."""
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<model xmlns="{NS}" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" identifier="m1"><name>Test</name>'
            f'<elements>{"".join(elements)}</elements>'
            + (f"<relationships>{relationships}</relationships>" if relationships else "")
            + (f"<organizations>{organizations}</organizations>" if organizations else "")
            + PROPERTY_DEFINITIONS + "</model>").encode()


PROPERTY_DEFINITIONS = ('<propertyDefinitions>'
                        '<propertyDefinition identifier="pd-kind" type="string"><name>Typ</name></propertyDefinition>'
                        '<propertyDefinition identifier="pd-code" type="string"><name>Kod</name></propertyDefinition>'
                        '</propertyDefinitions>')


def element(identifier, xsi_type, name, **properties):
    props = "".join(f'<property propertyDefinitionRef="pd-{key}"><value>{value}</value></property>'
                    for key, value in properties.items())
    return (f'<element identifier="{identifier}" xsi:type="{xsi_type}"><name>{name}</name>'
            + (f"<properties>{props}</properties>" if props else "") + "</element>")
