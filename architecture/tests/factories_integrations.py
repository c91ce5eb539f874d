"""A small region for the integration tests: HSN's consuming service, SLSO's producer, a platform, and the users who
look at them (HSN's editor, SLSO's editor, a reader, an auditor, a security officer, an administrator)."""

from types import SimpleNamespace

from organisations.tests import factories as orgs
from security.tests.factories_visibility import auditor, classified, security_officer
from services.tests import factories as services

from . import factories

CARE_DOCUMENTATION = factories.GET_CARE_DOCUMENTATION
DIAGNOSIS = "urn:riv:clinicalprocess:healthcond:description:GetDiagnosisResponder:2"


def region():
    hsn, slso = orgs.organisation("HSN"), orgs.organisation("SLSO")
    consumer = services.service(hsn, name="Ersmo")
    producer = services.service(slso, name="TakeCare")
    platform = services.service(hsn, name="Regional tjänsteplattform", kind="infrastructure",
                                external_id="HSF-012")
    return SimpleNamespace(
        hsn=hsn, slso=slso, consumer=consumer, producer=producer, platform=platform,
        hsn_editor=orgs.user("hsn", editor_of=hsn), slso_editor=orgs.user("slso", editor_of=slso),
        reader=orgs.user("lasare"), auditor=auditor("revisor"), officer=security_officer("sakerhet"),
        admin=orgs.user("admin", admin=True),
    )


def shielded(service, name="Journalinformation"):
    """Make `service` sensitive (K3): its details are hidden from everyone but its owner's people and the
    readers of everything."""
    return classified(service, 3, name=name)
