"""The demo region's integrations and dependencies (registry.DEMO_BUILDERS order 60, after the register, its
security (50) and before the follow-up (70)). RTP, the regional service platform, carries real-style service
contracts — named as the national convention does — from the care systems to NPÖ, Journalen (the 1177 journal) and
1177's e-services; every care system depends on the it-workplace and on the identity service; a few file
transfers and messages reach the finance and payroll systems. The register has no journal systems of its own
(Bilaga 1 lists the regional and national services), so two are added here, TakeCare- and Cosmic-style, with the
identity service. Everything here is invented for the demo: the texts say "Exempel"."""

import datetime

from django.contrib.auth import get_user_model

from security import actions as security_actions
from services import actions as service_actions
from services.models import Consumer

from . import actions

EXAMPLE = " Exempel: påhittat för demon."
CLASSIFIED_ON = datetime.date(2025, 3, 10)
# As the register's services: the owners the PM RS 2020-0242 distributes hold their services from its date,
# registered with it (styr.demo).
PM_DATE, PM = datetime.date(2020, 9, 24), "RS 2020-0242"
PM_OWNERS = {"HSN", "SLSO", "TN", "RSTY"}

# external id, name, short name, kind, domain, owner, criticality, delivery model, supplier, text
SERVICES = [
    ("SLSO-010", "TakeCare", "", "common", "vardproduktion", "SLSO", "critical", "external_supplier",
     "CompuGroup Medical Sweden AB", "Vårdinformationssystem (journal) i öppen och sluten vård."),
    ("DS-001", "Cosmic", "", "common", "vardproduktion", "DS", "critical", "external_supplier",
     "Cambio Healthcare Systems AB", "Journalsystem vid ett akutsjukhus (Cosmic-liknande)."),
    ("RS-105", "Inloggningstjänst SITHS", "IdP", "infrastructure", "it-plattform", "RSTY", "critical",
     "internal_supplier", "Fastighets- och servicenämnden",
     "Inloggning och identitetsintyg för medarbetare med SITHS-kort och e-legitimation."),
]
INFORMATION = {
    "SLSO-010": [("Journalinformation", "sensitive", True, 4, 4, 4)],
    "DS-001": [("Journalinformation", "sensitive", True, 4, 4, 4)],
    "RS-105": [("Identiteter och inloggningar", "ordinary", True, 2, 4, 4)],
}
CONSUMERS = {"SLSO-010": [("SLSO", 14000, "users"), ("KS", 15000, "users")], "DS-001": [("DS", 4000, "users")],
             "RS-105": [("SLSO", 14000, "users"), ("KS", 16000, "users"), ("DS", 4000, "users")]}

RIV = "urn:riv:clinicalprocess:"
CARE_DOCUMENTATION = RIV + "healthcond:description:GetCareDocumentationResponder:3"
DIAGNOSIS = RIV + "healthcond:description:GetDiagnosisResponder:2"
LABORATORY = RIV + "healthcond:actoutcome:GetLaboratoryOrderOutcomeResponder:4"
MEDICATION = RIV + "activityprescription:actoutcome:GetMedicationHistoryResponder:2"
REFERRAL = RIV + "healthcond:actoutcome:GetReferralOutcomeResponder:3"
ACTIVITIES = RIV + "activity:actions:GetActivitiesResponder:1"
SCHEDULE = "urn:riv:crm:scheduling:GetSubjectOfCareScheduleResponder:1"
RTP = "HSF-012"

# producer, consumer, contracts, criticality, what is carried
OVER_RTP = [
    ("SLSO-010", "HSF-033", [CARE_DOCUMENTATION, DIAGNOSIS, LABORATORY, MEDICATION, REFERRAL, ACTIVITIES], "high",
     "Journaluppgifter till den nationella patientöversikten"),
    ("DS-001", "HSF-033", [CARE_DOCUMENTATION, DIAGNOSIS, LABORATORY], "high",
     "Journaluppgifter till den nationella patientöversikten"),
    ("SLSO-010", "HSF-032", [CARE_DOCUMENTATION, DIAGNOSIS, LABORATORY, REFERRAL], "medium",
     "Invånarens journal via 1177"),
    ("DS-001", "HSF-032", [CARE_DOCUMENTATION, DIAGNOSIS], "medium", "Invånarens journal via 1177"),
    ("SLSO-010", "HSF-031", [SCHEDULE], "high", "Invånarens bokade tider"),
    ("HSF-041", "SLSO-010", [MEDICATION], "critical", "Läkemedelshistorik vid förskrivning"),
]
# producer, consumer, kind, standard, criticality, needed, free text, information of the producer's
DIRECT = [
    ("HSF-042", "SLSO-010", "messaging", "HL7 v2 över MQ", "high", True, "", "Remisser och svar"),
    ("HSF-042", "DS-001", "messaging", "HL7 v2 över MQ", "high", True, "", "Remisser och svar"),
    ("HSF-011", "SLSO-010", "api", "REST/JSON", "medium", False, "Kod- och klassifikationslistor", ""),
    ("HSF-011", "HSF-002", "api", "REST/JSON", "medium", True, "", "Kod- och klassifikationslistor"),
    ("HSF-003", "HSF-002", "api", "REST/JSON", "high", True, "", "Listningar av patienter"),
    ("SLSO-010", "HSF-002", "file", "SFTP, CSV", "high", True, "Vårdkontakter för ersättningsberäkning", ""),
    ("HSF-002", "RS-100", "file", "SFTP, SIE", "high", True, "Ersättningar för utbetalning till vårdgivare", ""),
    ("RS-104", "RS-100", "file", "SFTP, SIE", "high", True, "Lönekostnader per kostnadsställe", ""),
    ("HSF-010", "RS-105", "api", "LDAP", "critical", True, "", "Personer, organisationer och funktioner"),
]
CARE_SYSTEMS = ["SLSO-010", "DS-001", "HSF-040", "HSF-041", "HSF-042", "HSF-043", "HSF-044", "HSF-024"]
# service, depends on, what for
DEPENDENCIES = (
    [(care, "RS-102", "Klienter och arbetsplatsapplikationer för vårdpersonalen") for care in CARE_SYSTEMS]
    + [(care, "RS-105", "Inloggning med SITHS") for care in CARE_SYSTEMS]
    + [("SLSO-010", "HSF-010", "Behörigheter utifrån medarbetaruppdrag"),
       ("RS-105", "RS-102", "Kortläsare och klientcertifikat på arbetsplatserna")]
)


def build(region):
    services, orgs = region["services"], region["organisations"]
    admin = get_user_model().objects.get(username="admin")
    officer = get_user_model().objects.filter(username="sakerhet").first() or admin
    for ext, name, short, kind, domain, owner, crit, delivery, supplier, text in SERVICES:
        services[ext] = service_actions.create_service(
            external_id=ext, name=name, short_name=short, description=text + EXAMPLE, kind=kind,
            domain=_domain(domain), phase="in_production",
            criticality=crit, delivery_model=delivery, supplier=supplier, owner=orgs[owner], owner_from=PM_DATE,
            decision=region["decisions"][PM] if owner in PM_OWNERS else None, as_administrator=True,
            audience="staff")
        for info, personal, numbers, k, r, t in INFORMATION[ext]:
            security_actions.add_information_type(
                service=services[ext], user=officer, name=info, description=EXAMPLE.strip(), owner=name,
                personal_data=personal, personal_identity_numbers=numbers, confidentiality=k, integrity=r,
                availability=t, classified_on=CLASSIFIED_ON)
        for code, volume, unit in CONSUMERS[ext]:
            Consumer.objects.create(service=services[ext], organisation=orgs[code], volume=volume, unit=unit)
    for producer, consumer, contracts, crit, carries in OVER_RTP:
        actions.create_integration(
            user=admin, producer=services[producer], consumer=services[consumer], kind="service_contract",
            platform=services[RTP], contracts=contracts, criticality=crit, carries=carries, standard="RIVTA 2.1",
            description="Exempel: via den regionala tjänsteplattformen.")
    for producer, consumer, kind, standard, crit, needed, carries, info in DIRECT:
        carried = list(services[producer].information_types.filter(name=info)) if info else []
        actions.create_integration(
            user=admin, producer=services[producer], consumer=services[consumer], kind=kind, standard=standard,
            criticality=crit, needed=needed, carries=carries, information_types=carried,
            description="Exempel: påhittad integration för demon.")
    for service, depends_on, what in DEPENDENCIES:
        actions.add_dependency(user=admin, service=services[service], depends_on=services[depends_on],
                               description=what)


def _domain(code):
    from organisations.models import Domain

    return Domain.objects.get(code=code)
