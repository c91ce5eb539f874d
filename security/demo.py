"""The demo region's information security (registered in registry.DEMO_BUILDERS, run after the services, tests
and costs of styr.demo): information types and classifications for most services, risk analyses (one past its
review date) with risks (one high risk accepted by a named decision), data processing agreements, continuity
plans and met protection requirements — so that every security rule has findings and services that keep it.
Everything here is invented for the demo: the texts say "Exempel"."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from core import access
from decisions import actions as decisions_actions

from . import actions
from .models import (
    ContinuityPlan,
    DataProcessingAgreement,
    ProtectionRequirement,
    RequirementFulfilment,
    RiskAnalysis,
    TransferAssessment,
)

DAY = datetime.timedelta(days=1)
CLASSIFIED_ON = datetime.date(2025, 3, 10)
EXAMPLE = "Exempel: påhittat för demon."

# external id: [(information type, personal data, personal identity numbers, K, R, T)]. Service Desk and the
# Reseplanerare are not classified yet (R08); the planned portal handles nothing yet.
INFORMATION = {
    "HSF-001": [("Avtal och uppdrag", "none", False, 2, 3, 2)],
    "HSF-002": [("Ersättningsunderlag per vårdkontakt", "ordinary", True, 3, 3, 2)],
    "HSF-003": [("Listningar av patienter", "ordinary", True, 3, 3, 2)],
    "HSF-010": [("Personer, organisationer och funktioner", "ordinary", True, 2, 4, 4)],
    "HSF-011": [("Kod- och klassifikationslistor", "none", False, 1, 3, 3)],
    "HSF-012": [("Meddelanden enligt tjänstekontrakt", "sensitive", True, 4, 4, 4)],
    "HSF-020": [("Läkemedelsrekommendationer", "none", False, 1, 3, 2)],
    "HSF-021": [("Hänvisningsregler", "none", False, 1, 3, 2)],
    "HSF-022": [("Läkemedelsinformation", "none", False, 1, 2, 2)],
    "HSF-023": [("Interaktions- och fosterpåverkansdata", "none", False, 1, 4, 3)],
    "HSF-030": [("Vårdinformation för invånare", "none", False, 1, 3, 3)],
    "HSF-031": [("Bokade tider", "ordinary", True, 2, 3, 3),
                ("Invånarens ärenden och meddelanden till vården", "sensitive", True, 3, 3, 3)],
    "HSF-032": [("Journalinformation", "sensitive", True, 4, 4, 2),
                ("Loggar över invånarens åtkomst", "ordinary", True, 3, 3, 2)],
    "HSF-033": [("Sammanhållen journalföring", "sensitive", True, 4, 4, 3)],
    "HSF-040": [("Röntgenbilder och utlåtanden", "sensitive", True, 3, 4, 3)],
    "HSF-041": [("Förskrivna recept", "sensitive", True, 3, 4, 4)],
    "HSF-042": [("Remisser och svar", "sensitive", True, 3, 3, 3)],
    "HSF-043": [("Vaccinationsjournal", "sensitive", True, 3, 3, 3)],
    "HSF-044": [("Prehospital patientinformation", "sensitive", True, 3, 4, 4)],
    "HSF-024": [("Vårdplaner vid in- och utskrivning", "sensitive", True, 3, 3, 3)],
    "RS-100": [("Leverantörsfakturor", "ordinary", False, 2, 3, 2)],
    "RS-101": [("Ärenden och allmänna handlingar", "ordinary", True, 3, 3, 2)],
    "RS-102": [("Konfiguration av arbetsplatser", "none", False, 2, 2, 3)],
    "RS-104": [("Anställda, löner och frånvaro", "ordinary", True, 3, 3, 2)],
    "KS-01": [("Scheman och kompetenser", "ordinary", False, 2, 2, 2)],
}

# Services classified without a risk analysis (R12 findings); Vaccinera's analysis is past its review date.
NOT_ANALYSED = {"HSF-001", "HSF-022", "RS-102"}
EXPIRED_ANALYSIS = "HSF-043"

# external id: [(description, likelihood, consequence, treatment, measure, owner)]
RISKS = {
    "HSF-032": [("Obehörig åtkomst till journalen via kapad inloggning", 2, 4, "reduce",
                 "Inloggning med e-legitimation på hög tillitsnivå.", "Lena Åberg")],
    "HSF-033": [("Åtkomst utan patientens samtycke", 2, 3, "reduce", "Loggkontroll varje månad.", "Lena Åberg")],
    "HSF-041": [("Felaktig dosering överförs till receptregistret", 1, 4, "reduce",
                 "Validering mot Nationellt läkemedelsregister.", "Sara Holm")],
    "HSF-010": [("Felaktig behörighet sprids till anslutna system", 2, 4, "reduce",
                 "Fyraögonsprincip vid ändring av medarbetaruppdrag.", "Per Sandberg")],
    "HSF-043": [("Databasen vilar på en version utan support", 3, 3, "reduce", "Uppgradering planerad.",
                 "Karl Fors")],
}
# FRAPP: the high risk the owner accepts, by a named decision.
ACCEPTED = ("HSF-044", "Avbrott i mobil uppkoppling under ambulanstransport", 3, 4,
            "Reservrutin: muntlig rapport via Rakel.", "Tove Ek")
ACCEPTANCE = ("HSN", "HSN 2025-9005", "Exempel: beslut att acceptera risk för avbrott i FRAPP",
              "Exempel (påhittat beslut för demon): hälso- och sjukvårdsnämnden accepterar risken för avbrott i "
              "mobil uppkoppling under ambulanstransport i väntan på utredningen om den prehospitala vården.")

# external id: (processor, outside the EU/EEA, transfer assessed, expired)
AGREEMENTS = {
    "HSF-002": ("CGI Sverige AB", False, False, False),
    "HSF-012": ("Tietoevry Sverige AB", False, False, False),
    "HSF-031": ("Inera AB", False, False, False),
    "HSF-040": ("Sectra AB", False, False, False),
    "HSF-043": ("Exempel: Vaccinsystem AB", False, False, True),      # expired: R13
    "HSF-044": ("Exempel: Ambulansdata AB", True, False, False),      # support from the USA, unassessed: R14
    "HSF-024": ("Exempel: Vårdflöden AB", False, False, False),
    "RS-100": ("Exempel: Ekonomitjänster AB", False, False, False),
    "RS-101": ("Exempel: Ärendesystem AB", False, False, False),
    "RS-104": ("Exempel: Lönetjänster AB", True, True, False),
    "KS-01": ("Exempel: Molnschema Inc.", True, True, False),
}
# E-remiss holds patient data at an external supplier without an agreement on record: R13.

# external id: (recovery time h, recovery point h, last exercised days ago or None)
PLANS = {
    "HSF-010": (8, 1, 100),      # T4 asks recovery within 4 h: R15
    "HSF-012": (2, 1, 200),
    "HSF-041": (4, 1, 60),
    "HSF-044": (4, 1, None),     # critical, never exercised: R15
    "HSF-030": (12, 24, 150),
    "HSF-031": (24, 12, 90),
    "HSF-033": (24, 24, 300),
    "HSF-040": (8, 4, 120),
    "HSF-042": (24, 24, 500),    # exercised too long ago: R15
    "HSF-011": (24, 24, 200),
    "HSF-023": (24, 24, 180),
    "RS-102": (8, 24, 90),
    "HSF-024": (24, 24, 30),
}
# Vaccinera (T3) has no plan: R15.

# Requirements not met (R16); every other requirement a classified service's levels reach is met.
GAPS = {("HSF-043", "k3-lasloggning"), ("HSF-042", "t3-redundans"), ("RS-104", "k3-flerfaktor"),
        ("HSF-001", "t2-sakerhetskopiering"), ("KS-01", "t2-sakerhetskopiering")}

USER = ("sakerhet", "Siri Säkerhet")


def build(region):
    today = datetime.date.today()
    services, orgs = region["services"], region["organisations"]
    officer = _security_officer(region["password"])
    for ext, rows in INFORMATION.items():
        for name, personal, numbers, k, r, t in rows:
            actions.add_information_type(
                service=services[ext], user=officer, name=name, description=EXAMPLE, owner=services[ext].name,
                personal_data=personal, personal_identity_numbers=numbers, confidentiality=k, integrity=r,
                availability=t, classified_on=CLASSIFIED_ON)
    _analyses(services, orgs, today)
    _agreements(services, today)
    for ext, (rto, rpo, exercised) in PLANS.items():
        ContinuityPlan.objects.create(
            service=services[ext], recovery_time_hours=rto, recovery_point_hours=rpo,
            fallback_routine="Exempel: reservrutin på papper och telefon enligt kontinuitetsplanen.",
            last_exercised_on=None if exercised is None else today - exercised * DAY)
    _fulfilments(services, officer, today)


def _security_officer(password):
    first, last = USER[1].split(" ", 1)
    user = get_user_model().objects.create_user(USER[0], password=password, first_name=first, last_name=last)
    user.groups.add(Group.objects.get_or_create(name=access.SECURITY_OFFICERS)[0])
    return user


def _analysis(service, performed_on, review_by):
    return RiskAnalysis.objects.create(
        service=service, performed_on=performed_on, review_by=review_by,
        participants="Exempel: tjänsteägare, förvaltningsledare, informationssäkerhetssamordnare",
        scope="Exempel: tjänsten med dess information, integrationer och drift.")


def _analyses(services, orgs, today):
    classified = [ext for ext in INFORMATION if ext not in NOT_ANALYSED]
    analyses = {}
    for n, ext in enumerate(classified):
        if ext == EXPIRED_ANALYSIS:
            analyses[ext] = _analysis(services[ext], today - 430 * DAY, today - 65 * DAY)
        else:
            analyses[ext] = _analysis(services[ext], today - (60 + 7 * n) * DAY, today + (300 - 7 * n) * DAY)
    for ext, rows in RISKS.items():
        for description, likelihood, consequence, treatment, measure, owner in rows:
            actions.record_risk(analysis=analyses[ext], description=description, likelihood=likelihood,
                                consequence=consequence, treatment=treatment, measure=measure, owner=owner,
                                due_date=today + 120 * DAY)
    body, number, title, text = ACCEPTANCE
    decision = decisions_actions.record_decision(body=orgs[body], decided_on=today - 30 * DAY,
                                                 registry_number=number, title=title, text=text)
    ext, description, likelihood, consequence, measure, owner = ACCEPTED
    actions.record_risk(analysis=analyses[ext], description=description, likelihood=likelihood,
                        consequence=consequence, treatment="accept", measure=measure, owner=owner,
                        decision=decision)


def _agreements(services, today):
    for ext, (party, outside, assessed, expired) in AGREEMENTS.items():
        signed = today - (1500 if expired else 400) * DAY
        agreement = DataProcessingAgreement.objects.create(
            service=services[ext], party=party, signed_on=signed,
            expires_on=today - 90 * DAY if expired else today + 1000 * DAY,
            outside_eea=outside, countries="USA" if outside else "")
        if assessed:
            TransferAssessment.objects.create(
                agreement=agreement, assessed_on=signed, mechanism=TransferAssessment.Mechanism.SCC,
                conclusion="Exempel: standardavtalsklausuler med kryptering där nyckeln stannar i EU.")


def _fulfilments(services, officer, today):
    requirements = list(ProtectionRequirement.objects.all())
    for ext in INFORMATION:
        service = services[ext]
        classification = service.classification
        levels = {"K": classification.confidentiality, "R": classification.integrity,
                  "T": classification.availability}
        for requirement in requirements:
            if levels[requirement.dimension] >= requirement.from_level and (ext, requirement.code) not in GAPS:
                RequirementFulfilment.objects.create(service=service, requirement=requirement, evidence=EXAMPLE,
                                                     recorded_on=today - 20 * DAY, recorded_by=officer)
