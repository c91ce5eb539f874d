"""The demo region's process map (DEMO_BUILDERS order 61): a small map of the region's processes, the demo
services linked to the leaves they support, one overlap (two local interpreter-booking services for the same
process with a consuming organisation in common: R18 on both), and needs mappings — for a planned region-wide
interpreter service, and for Karolinska's local scheduling tool in development — while the service for care
transitions, in test, has none (R19). The map and every record here are invented for the demo ("Exempel")."""

import datetime

from services import actions as service_actions
from services.models import Consumer

from . import actions_processes as actions
from .models import Process

# code, name, parent code, kind
MAP = [
    ("1", "Vård och behandling", None, "process"),
    ("1.1", "Planera vård", "1", "process"),
    ("1.1.1", "Boka och omboka tid", "1.1", "process"),
    ("1.1.2", "Hänvisa patient till rätt vårdform", "1.1", "process"),
    ("1.1.3", "Boka tolk", "1.1", "process"),
    ("1.2", "Dokumentera och kommunicera vård", "1", "process"),
    ("1.2.1", "Ta del av journalinformation", "1.2", "process"),
    ("1.2.2", "Remittera", "1.2", "process"),
    ("1.2.3", "Förskriva läkemedel", "1.2", "process"),
    ("1.2.4", "Bild- och funktionsdiagnostik", "1.2", "process"),
    ("1.2.5", "Vaccinera", "1.2", "process"),
    ("1.3", "Prehospital vård", "1", "process"),
    ("1.3.1", "Överrapportera från ambulans", "1.3", "process"),
    ("1.4", "Samordna vårdövergångar", "1", "process"),
    ("1.4.1", "Planera utskrivning till kommunal vård", "1.4", "process"),
    ("2", "Styra och följa upp vården", None, "process"),
    ("2.1", "Avtala och ersätta vård", "2", "process"),
    ("2.1.1", "Registrera vårdavtal", "2.1", "process"),
    ("2.1.2", "Beräkna ersättning", "2.1", "process"),
    ("2.1.3", "Lista patienter", "2.1", "process"),
    ("2.2", "Kunskapsstyrning", "2", "capability"),
    ("2.2.1", "Läkemedelsrekommendationer", "2.2", "capability"),
    ("3", "Stöd", None, "process"),
    ("3.1", "Ekonomi", "3", "process"),
    ("3.1.1", "Redovisa och fakturera", "3.1", "process"),
    ("3.2", "Personal", "3", "process"),
    ("3.2.1", "Anställa och betala lön", "3.2", "process"),
    ("3.2.2", "Schemalägga personal", "3.2", "process"),
    ("3.3", "Dokument- och ärendehantering", "3", "process"),
    ("3.3.1", "Diarieföra ärenden", "3.3", "process"),
    ("4", "Invånare och resenärer", None, "process"),
    ("4.1", "Ge råd om vård", "4", "process"),
    ("4.2", "Planera resa i kollektivtrafiken", "4", "process"),
]

# leaf code -> services supporting it (external ids). One in-production service per leaf, save the overlap's.
LINKS = {
    "1.1.1": ["HSF-031"], "1.1.2": ["HSF-021"], "1.1.3": ["DEMO-TOLK-SLSO", "DEMO-TOLK-KS"],
    "1.2.1": ["HSF-033"], "1.2.2": ["HSF-042"], "1.2.3": ["HSF-041"], "1.2.4": ["HSF-040"], "1.2.5": ["HSF-043"],
    "1.3.1": ["HSF-044"], "1.4.1": ["HSF-024"], "2.1.1": ["HSF-001"], "2.1.2": ["HSF-002"], "2.1.3": ["HSF-003"],
    "2.2.1": ["HSF-020"], "3.1.1": ["RS-100"], "3.2.1": ["RS-104"], "3.2.2": ["RS-104", "KS-01"],
    "3.3.1": ["RS-101"], "4.1": ["HSF-030"], "4.2": ["TN-001"],
}

EXAMPLE = " Exempel: tjänsten är påhittad för demon."


def _local_service(region, external_id, name, owner, consumers, text):
    services, orgs = region["services"], region["organisations"]
    service = service_actions.create_service(
        external_id=external_id, name=name, description=text + EXAMPLE, kind="local",
        domain=services["HSF-040"].domain, phase="in_production", criticality="medium", delivery_model="cloud_service",
        owner=orgs[owner], owner_from=datetime.date(2022, 3, 1), as_administrator=True, audience="staff",
        decision=_pm(region, owner),
        sourcing_review_date=datetime.date(2027, 6, 30))
    for code, volume in consumers:
        Consumer.objects.create(service=service, organisation=orgs[code], volume=volume, unit="users")
    services[external_id] = service
    return service


def build(region):
    services, orgs = region["services"], region["organisations"]
    # Two local tools for booking interpreters, both in production and both used at Karolinska: an overlap.
    _local_service(region, "DEMO-TOLK-SLSO", "Tolkportalen SLSO", "SLSO", [("SLSO", 3000), ("KS", 400)],
                   "Bokning av tolk till patientbesök i SLSO:s verksamheter.")
    _local_service(region, "DEMO-TOLK-KS", "Tolkbokning Karolinska", "KS", [("KS", 1200)],
                   "Karolinskas egen bokning av tolk till patientbesök.")
    planned = service_actions.create_service(
        external_id="DEMO-TOLK-RS", name="Regiongemensam tolkförmedling", kind="common",
        description="Planerad gemensam bokning av tolk för hela regionen, som ska ersätta de lokala lösningarna."
                    + EXAMPLE, domain=services["HSF-021"].domain, phase="planned", criticality="medium",
        owner=orgs["SLSO"], owner_from=datetime.date(2025, 1, 1), as_administrator=True, audience="staff",
        decision=_pm(region, "SLSO"))
    services["DEMO-TOLK-RS"] = planned

    processes = {}
    for code, name, parent, kind in MAP:
        processes[code] = actions.save_process(process=Process(
            code=code, name=name, kind=kind, parent=processes.get(parent),
            description="Exempel: regionens processkarta är påhittad för demon."))
    for code, externals in LINKS.items():
        for external_id in externals:
            actions.link_service(service=services[external_id], process=processes[code])

    admin = _user("admin")
    actions.record_needs_mapping(
        service=planned, processes=[processes["1.1.3"]], user=admin,
        need="Exempel: en gemensam tolkförmedling för alla vårdgivare i regionen, med uppföljning av kostnad per "
             "förvaltning och bokning direkt från vårdens journalsystem.",
        candidates=[
            (services["DEMO-TOLK-SLSO"], "Exempel: byggd för SLSO:s verksamheter; saknar fakturering per "
                                         "beställande förvaltning."),
            (services["DEMO-TOLK-KS"], "Exempel: lokal lösning utan koppling till journalsystemen och utan avtal "
                                       "som medger användning i hela regionen."),
        ])
    actions.record_needs_mapping(
        service=services["KS-01"], processes=[processes["3.2.2"]], user=admin,
        need="Exempel: dygnet-runt-schemaläggning med kompetenskrav per vårdplats inom intensivvården.",
        candidates=[(services["RS-104"], "Exempel: det regiongemensamma personalsystemet saknar stöd för "
                                         "kompetensstyrd bemanning.")])


def _pm(region, owner):
    """The demo registers the owners the PM distributes ownership to under it, as styr/demo.py does (its
    PM_OWNERS; the project package is above this app's floor, so the set is repeated here)."""
    return region["decisions"]["RS 2020-0242"] if owner in {"HSN", "SLSO", "TN", "RSTY"} else None


def _user(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(username=username).first()
