"""The demo region: Region Stockholm as the seeds describe it (001 with its appendix Bilaga 1), with
the governance a region would have on record: decisions, a transfer decided and one under way,
exemptions (one expired), components (one unsupported), tests and self-checks (some missing).

Region staff know these documents, so the demo cites them only as what they are: RS 2020-0242 is the
regional management office's promemoria of 2020-09-24 (a proposal, sent on remiss; VKN 2020-0174 of
2020-12-29 is one answer), not a decision. Ownership follows the PM's distribution and Bilaga 1, where
001 places the services today. Every record the seeds do not contain — decisions, dates, people, figures
— says "Exempel" in its text, so nobody mistakes the demo for the region's record."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from core import access, registry
from costs import actions as costs
from costs.models import AllocationKey, CostLine, Driver, FundingModel, Usage
from decisions import actions as decisions_actions
from governance import actions as governance
from lifecycle.models import Component, Environment, TestRecord
from organisations.models import Domain, Membership, Organisation
from services import actions
from services.models import Category, CategoryScheme, Consumer, RoleAssignment, Service

D = datetime.date
DEMO_PASSWORD = "styr-demo"

# code, name, kind, parent code, organisation number
ORGANISATIONS = [
    ("RS", "Region Stockholm", "region", None, "232100-0016"),
    ("RSTY", "Regionstyrelsen", "board", "RS", ""),
    ("RLK", "Regionledningskontoret", "administration", "RSTY", ""),
    ("HSN", "Hälso- och sjukvårdsnämnden", "board", "RS", ""),
    ("HSF", "Hälso- och sjukvårdsförvaltningen", "administration", "HSN", ""),
    ("VKN", "Vårdens kunskapsstyrningsnämnd", "board", "RS", ""),
    ("SLSO", "Stockholms läns sjukvårdsområde", "board", "RS", ""),
    ("TN", "Trafiknämnden", "board", "RS", ""),
    ("FTN", "Färdtjänstnämnden", "board", "RS", ""),
    ("FSN", "Fastighets- och servicenämnden", "board", "RS", ""),
    ("PAN", "Patientnämnden", "board", "RS", ""),
    ("KUN", "Kulturnämnden", "board", "RS", ""),
    ("KS", "Karolinska Universitetssjukhuset", "board", "RS", ""),
    ("SOS", "Södersjukhuset AB", "company", "RS", ""),
    ("DS", "Danderyds Sjukhus AB", "company", "RS", ""),
    ("SESAB", "S:t Eriks Ögonsjukhus AB", "company", "RS", ""),
    ("TIOHUNDRA", "Tiohundra AB", "company", "RS", ""),
    ("AISAB", "Ambulanssjukvården i Storstockholm AB", "company", "RS", ""),
    ("CAPIO", "Capio Närsjukvård AB", "private_provider", None, ""),
    ("STHLM", "Stockholms stad", "municipality", None, "212000-0142"),
    ("SOLNA", "Solna stad", "municipality", None, ""),
    ("INERA", "Inera AB", "national_actor", None, "556559-4230"),
    ("EHM", "E-hälsomyndigheten", "national_actor", None, ""),
]

# Ownership moving between HSN (ordering) and SLSO (care production) is decided by neither party here.
TRANSFERS_DECIDED_BY_RS = ("bestallning", "vardproduktion")

# code, name, deciding board, parent domain (001 "Principer för ansvarsfördelning")
DOMAINS = [
    ("bestallning", "Digitala tjänster som stöttar beställaruppdraget", "HSN", None),
    ("vardproduktion", "Digitala tjänster som stöttar vårdproduktionen", "SLSO", None),
    ("kollektivtrafik", "Digitala tjänster som stöttar kollektivtrafiken", "TN", None),
    ("regional-utveckling", "Digitala tjänster som stöttar regional utveckling", "RSTY", None),
    ("verksamhetsstod", "Digitala tjänster inom verksamhetsstöd", "RSTY", None),
    ("vs-ekonomi", "Ekonomi", "RSTY", "verksamhetsstod"),
    ("vs-personal", "Personal", "RSTY", "verksamhetsstod"),
    ("vs-inkop", "Inköp", "RSTY", "verksamhetsstod"),
    ("vs-ledning", "Ledning och styrning", "RSTY", "verksamhetsstod"),
    ("vs-dokument", "Dokument- och ärendehantering", "RSTY", "verksamhetsstod"),
    ("vs-webb", "Extern webb och intranät", "RSTY", "verksamhetsstod"),
    ("it-infrastruktur", "Tjänster inom it-infrastruktur", "RSTY", None),
    ("it-kommunikation", "Kommunikationstjänster", "RSTY", "it-infrastruktur"),
    ("it-arbetsplats", "It-arbetsplats", "RSTY", "it-infrastruktur"),
    ("it-plattform", "Kapacitets- och applikationsplattformar", "RSTY", "it-infrastruktur"),
    ("it-anvandarstod", "Användarstöd", "RSTY", "it-infrastruktur"),
]

GROUPS = [
    ("hsf-1", "1. Tjänster som stödjer beställaruppdraget"),
    ("hsf-2", "2. Tjänster som stödjer informationshantering"),
    ("hsf-3", "3. Tjänster som stödjer kunskapsstyrning, vårdkontinuitet och patientsäkerhet"),
    ("hsf-4", "4. Nationella tjänster riktade i första hand till invånare"),
    ("hsf-5", "5. Processer i hälso- och sjukvårdssystemet"),
]

NATIONAL_MANDATE = ("Ägs och förvaltas av Inera AB. Hälso- och sjukvårdsnämnden finansierar; hälso- och "
                    "sjukvårdsförvaltningen svarar för den regionala samordningen (VKN 2020-0174, bilaga 1 grupp 4).")
# 001: the services of Bilaga 1 are managed by HSN's administration today; group 5 may move to care
# production after a risk and consequence analysis ("initial bedömning"), so HSN holds them until then.
PROCESS_MANDATE = ("Förvaltas av hälso- och sjukvårdsförvaltningen. Enligt den initiala bedömningen i VKN 2020-0174 "
                   "kan ägarskapet flyttas till vårdproduktionen efter utredning och risk- och konsekvensanalys; "
                   "till dess äger HSN tjänsten.")
KNOWLEDGE_MANDATE = ("HSN äger; hälso- och sjukvårdsförvaltningen tillhandahåller tjänsten inom ramen för vårdens "
                     "kunskapsstyrningsnämnds ansvar för kunskapsstyrningsorganisationen (VKN 2020-0174). Bedöms inte "
                     "lämplig för flytt av ägarskap.")
INFORMATION_MANDATE = ("Förvaltas av hälso- och sjukvårdsförvaltningen (VKN 2020-0174, bilaga 1 grupp 2); bedöms inte "
                       "aktuell för flytt av ägarskap.")
INFRASTRUCTURE_MANDATE = ("Enligt förslaget i regionledningskontorets PM RS 2020-0242 ansvarar regionstyrelsen för "
                          "tjänster inom it-infrastruktur för samtliga nämnder och bolag; fastighets- och "
                          "servicenämnden är samlad intern leverantör och samordnar externa leverantörer.")
SUPPORT_MANDATE = ("Enligt förslaget i regionledningskontorets PM RS 2020-0242 ansvarar regionstyrelsen för "
                   "regiongemensamt verksamhetsstöd.")
MANDATES = {"hsf-2": INFORMATION_MANDATE, "hsf-3": KNOWLEDGE_MANDATE}
# VKN 2020-0174 names bild- och funktion, e-recept and e-remiss as candidates to move; FRAPP waits for the
# investigation of prehospital care; the service for care transitions is group 3's possible exception.
SERVICE_MANDATES = {
    **dict.fromkeys(("HSF-040", "HSF-041", "HSF-042"), PROCESS_MANDATE),
    "HSF-010": INFORMATION_MANDATE + " För regiongemensamma identitets- och behörighetsfrågor bör regionstyrelsens "
                                     "ansvar och ägarskap förtydligas (VKN 2020-0174).",
    "HSF-043": "Förvaltas av hälso- och sjukvårdsförvaltningen; ingår inte i den initiala bedömningen (VKN 2020-0174).",
    "HSF-044": ("Förvaltas av hälso- och sjukvårdsförvaltningen; ägarskapet kan påverkas av utredningen om den "
                "prehospitala vården (VKN 2020-0174)."),
    "HSF-024": ("Förvaltas av hälso- och sjukvårdsförvaltningen. Enligt VKN 2020-0174 kan det vara lämpligt att utreda "
                "förutsättningarna för en flytt av ägarskapet."),
}
# Facts of the demo that no seed gives: said on every service page.
INVENTED = " Exempel: kritikalitet, leverantör, fas, volymer, personer och komponenter är påhittade för demon."

# external id, name, short name, group, kind, domain, owner, phase, criticality, delivery, supplier, text
SERVICES = [
    ("HSF-001", "ADA", "ADA", "hsf-1", "common", "bestallning", "HSN", "in_production", "medium",
     "in_house", "", "Hälso- och sjukvårdsförvaltningens avtalsdatabas. Kopplar ihop avtalsnummer med "
     "uppdragsnummer och för över till kodservern."),
    ("HSF-002", "Ersmo", "", "hsf-1", "common", "bestallning", "HSN", "in_production", "high",
     "external_supplier", "CGI Sverige AB", "E-tjänst för beräkning av ersättning för utförd vård."),
    ("HSF-003", "Liston", "", "hsf-1", "common", "bestallning", "HSN", "in_production", "high",
     "in_house", "", "E-tjänst för vårdgivare att registrera listade patienter."),
    ("HSF-010", "Elektroniska katalogen", "EK", "hsf-2", "common", "bestallning", "HSN", "in_production",
     "critical", "internal_supplier", "", "Skapar och lagrar information om person, organisation och "
     "funktion; underlag för behörighetsstyrning och säkerhetslösningar i hela regionen."),
    ("HSF-011", "Kodservern", "", "hsf-2", "common", "bestallning", "HSN", "in_production", "high",
     "in_house", "", "Sökbara kod- och klassifikationslistor för vårdkontaktsregistrering och rapportering."),
    ("HSF-012", "Regional tjänsteplattform", "RTP", "hsf-2", "infrastructure", "bestallning", "HSN",
     "in_production", "critical", "external_supplier", "Tieto Evry",
     "Teknisk plattform för informationsutbyte mellan it-system i vård och omsorg via tjänstekontrakt."),
    ("HSF-020", "Kloka listan", "", "hsf-3", "common", "bestallning", "HSN", "in_production", "medium",
     "in_house", "", "Evidensbaserat kunskapsstöd om rekommenderade läkemedel i Region Stockholm."),
    ("HSF-021", "Hänvisningsstödet", "", "hsf-3", "common", "bestallning", "HSN", "in_production", "high",
     "external_supplier", "", "Kunskapsstöd för hänvisning av patienter till rätt vårdform."),
    ("HSF-022", "Janusinfo", "", "hsf-3", "common", "bestallning", "HSN", "in_production", "medium",
     "in_house", "", "Kommersiellt obunden läkemedelsinformation för vårdgivare."),
    ("HSF-023", "Janusmed", "", "hsf-3", "common", "bestallning", "HSN", "in_production", "high",
     "in_house", "", "Tjänster som stödjer läkemedelsförskrivning, bl.a. Janusmed interaktioner och "
     "Janusmed fosterpåverkan; tillhandahålls även andra regioner via Inera AB."),
    ("HSF-030", "1177 Vårdguiden", "1177", "hsf-4", "national", "bestallning", "INERA", "in_production",
     "critical", "national_provider", "Inera AB", "Regionernas gemensamma tjänst till allmänheten för "
     "råd om vård på webb och telefon."),
    # Inera processes the residents' personal data on the region's behalf: an external supplier with a
    # data processing agreement (security's part of the demo).
    ("HSF-031", "1177 Vårdguidens e-tjänster", "1177 e-tjänster", "hsf-4", "national", "bestallning",
     "INERA", "in_production", "critical", "external_supplier", "Inera AB",
     "Av/omboka tid, beställa journalkopia, förlänga sjukskrivning, förnya hjälpmedel och recept."),
    ("HSF-032", "Journalen", "", "hsf-4", "national", "bestallning", "INERA", "in_production", "high",
     "national_provider", "Inera AB", "Ger invånare tillgång till sin egen journalinformation."),
    ("HSF-033", "Nationell patientöversikt", "NPÖ", "hsf-4", "national", "bestallning", "INERA",
     "in_production", "high", "national_provider", "Inera AB",
     "Behörig vårdpersonal tar med patientens samtycke del av journalinformation i hela landet."),
    ("HSF-040", "Bild- och funktionstjänsten", "BoF", "hsf-5", "common", "vardproduktion", "HSN",
     "in_production", "critical", "external_supplier", "Sectra", "Gemensam inlagring av röntgenbilder."),
    ("HSF-041", "E-recept", "", "hsf-5", "common", "vardproduktion", "HSN", "in_production", "critical",
     "in_house", "", "Kommunikationsnod som överför förskrivna recept till E-hälsomyndighetens receptregister."),
    ("HSF-042", "E-remiss", "", "hsf-5", "common", "vardproduktion", "HSN", "in_production", "high",
     "external_supplier", "", "Allmänremisser elektroniskt mellan olika journalsystem."),
    ("HSF-043", "Vaccinera", "", "hsf-5", "common", "vardproduktion", "HSN", "in_production", "medium",
     "external_supplier", "", "Rapporterings-, beställnings- och journalsystem för vaccin och vaccinationer."),
    ("HSF-044", "FRAPP", "", "hsf-5", "common", "vardproduktion", "HSN", "in_production", "critical",
     "external_supplier", "", "Överföring av patientinformation mellan ambulans och mottagande sjukhus; "
     "ägarskapet utreds i arbetet med den prehospitala vården."),
    ("RS-100", "Ekonomisystem", "", None, "common", "vs-ekonomi", "RSTY", "in_production", "high",
     "external_supplier", "", "Exempel: regiongemensamt ekonomisystem (verksamhetsstöd, RS 2020-0242)."),
    ("RS-101", "Diarie- och ärendehantering", "", None, "common", "vs-dokument", "RSTY",
     "in_production", "medium", "external_supplier", "", "Exempel: regiongemensam dokument- och ärendehantering."),
    ("RS-104", "Personalsystem", "", None, "common", "vs-personal", "RSTY", "in_production", "high",
     "external_supplier", "", "Exempel: regiongemensamt personal- och lönesystem."),
    ("RS-102", "It-arbetsplats", "", None, "infrastructure", "it-arbetsplats", "RSTY", "in_production",
     "high", "internal_supplier", "Fastighets- och servicenämnden",
     "Hårdvara och arbetsplatsapplikationer för medarbetarna (it-infrastruktur, RS 2020-0242)."),
    ("RS-103", "Service Desk", "", None, "infrastructure", "it-anvandarstod", "RSTY", "in_production",
     "high", "internal_supplier", "Fastighets- och servicenämnden", "Användarstöd och support (RS 2020-0242)."),
    ("TN-001", "Reseplanerare", "", None, "local", "kollektivtrafik", "TN", "in_production", "high",
     "external_supplier", "", "Exempel: reseplanering i kollektivtrafiken. Enligt PM RS 2020-0242 har trafiknämnden "
     "sedan tidigare en stor del outsourcad it och använder på grund av avtalstider inte de regiongemensamma "
     "tjänsterna."),
    ("HSF-024", "Vårdövergångar region–kommun", "", "hsf-3", "common", "bestallning", "HSN", "in_test",
     "high", "external_supplier", "", "Samordnad hantering av vårdövergångar mellan region och kommun "
     "(VKN 2020-0174). Exempel: namnet."),
    ("KS-01", "Lokal schemaplanering KS", "", None, "local", "vs-personal", "KS", "in_development",
     "low", "cloud_service", "", "Exempel: egen lösning för schemaläggning vid Karolinska."),
    ("RS-200", "Regional utvecklingsportal", "", None, "common", "regional-utveckling", None, "planned",
     "low", "", "", "Exempel: planerad portal för regional utveckling; ägare ej utsedd."),
]

CONSUMERS = {
    "HSF-010": [("HSN", 500, "users"), ("SLSO", 14000, "users"), ("KS", 16000, "users"),
                ("SOS", 5000, "users"), ("DS", 4000, "users"), ("CAPIO", 2500, "users")],
    "HSF-041": [("SLSO", 2100000, "transactions"), ("KS", 900000, "transactions"),
                ("SOS", 400000, "transactions"), ("CAPIO", 350000, "transactions")],
    "HSF-040": [("KS", 300000, "transactions"), ("SOS", 180000, "transactions"),
                ("DS", 120000, "transactions")],
    "HSF-030": [("HSN", 1, "other")],
    "HSF-012": [("SLSO", 40, "other"), ("KS", 35, "other"), ("SOS", 12, "other"), ("DS", 10, "other")],
    "HSF-044": [("AISAB", 400, "users"), ("KS", 60, "users"), ("SOS", 40, "users")],
    "RS-100": [("HSN", 300, "licences"), ("SLSO", 900, "licences"), ("TN", 120, "licences"),
               ("KS", 800, "licences"), ("RSTY", 200, "licences")],
    "RS-102": [("SLSO", 15000, "users"), ("KS", 16000, "users"), ("RSTY", 1200, "users"),
               ("HSN", 700, "users")],
    "RS-104": [("SLSO", 15000, "users"), ("KS", 16000, "users"), ("RSTY", 1200, "users")],
}

ROLES = {
    "HSF-010": [("service_owner", "Anna Lindqvist"), ("service_manager", "Per Sandberg"),
                ("technical_manager", "Maria Ek")],
    "HSF-041": [("service_owner", "Johan Berg"), ("service_manager", "Sara Holm")],
    "HSF-042": [("service_owner", "Karin Nyström"), ("service_manager", "Erik Sundin")],
    "HSF-030": [("service_manager", "Lena Åberg")],
    "RS-100": [("service_owner", "Mats Forsberg"), ("service_manager", "Helena Strand")],
}

# username, name, (role, organisation) or None, administrator
USERS = [
    ("admin", "Greta Styrsson", None, True),
    ("hsn", "Hanna Nämndsdotter", ("editor", "HSN"), False),
    ("slso", "Sven Lövgren", ("editor", "SLSO"), False),
    ("rs-sekr", "Rut Sekreterare", ("secretariat", "RSTY"), False),
    # The governance office (issue 12): editors of the regional board weigh criteria and assess value.
    ("styrning", "Stina Styrning", ("editor", "RSTY"), False),
    ("lasare", "Lars Läsare", None, False),
    ("revisor", "Rebecka Revisor", ("auditor", None), False),
    # Finance (issue 13): keeps the cost lines, funding models, usage and allocation runs; changes nothing else.
    ("ekonom", "Elsa Ekonom", ("finance", None), False),
]


# Who each service is for (the public catalogue, issue 10); the rest are for staff. A new service for residents is
# published by default, so these are in the catalogue — all but Journalen, whose information is classified at the
# visibility level (security's demo) and so never shown to the public. The statements' addresses are invented.
AUDIENCES = {
    "HSF-030": "residents", "HSF-031": "residents", "HSF-032": "residents", "TN-001": "residents",
    "RS-200": "residents", "HSF-002": "partners", "HSF-003": "partners", "HSF-022": "partners",
}
STATEMENTS = {
    "HSF-030": "https://www.example.org/1177/tillganglighetsredogorelse",
    "HSF-031": "https://www.example.org/1177-e-tjanster/tillganglighetsredogorelse",
    "TN-001": "https://www.example.org/reseplanerare/tillganglighet",
}


@transaction.atomic
def build(stdout=None):
    orgs = {}
    for code, name, kind, parent, number in ORGANISATIONS:
        orgs[code] = Organisation.objects.create(
            code=code, name=name, kind=kind, parent=orgs.get(parent), org_number=number
        )
    domains = {}
    for code, name, board, parent in DOMAINS:
        domains[code] = Domain.objects.create(code=code, name=name, deciding_board=orgs[board],
                                              parent=domains.get(parent))
    for code in TRANSFERS_DECIDED_BY_RS:
        domains[code].transfers_decided_by = orgs["RSTY"]
        domains[code].description = ("Exempel: en överlåtelse av ägarskap mellan beställar- och utförarsidan "
                                     "beslutas av regionstyrelsen, som enligt sitt reglemente (LS 2018-0731, "
                                     "RS 2020-0284) leder och samordnar.")
        domains[code].save()
    scheme = CategoryScheme.objects.create(
        name="Hälso- och sjukvårdsförvaltningens tjänstegrupper",
        description="De fem grupperna i bilaga 1 till hälso- och sjukvårdsförvaltningens tjänsteutlåtande "
                    "VKN 2020-0174 (2020-12-29).",
    )
    groups = {code: Category.objects.create(scheme=scheme, code=code, name=name) for code, name in GROUPS}
    decisions = _decisions(orgs)
    services = {}
    for (ext, name, short, group, kind, domain, owner, phase, crit, delivery, supplier, text) in SERVICES:
        mandate = (NATIONAL_MANDATE if owner == "INERA" else INFRASTRUCTURE_MANDATE if kind == "infrastructure"
                   and owner == "RSTY" else SUPPORT_MANDATE if domain.startswith("vs-") and owner == "RSTY"
                   else SERVICE_MANDATES.get(ext) or MANDATES.get(group, ""))
        services[ext] = actions.create_service(
            external_id=ext, name=name, short_name=short, description=text + INVENTED, kind=kind,
            domain=domains[domain], phase=phase, criticality=crit, delivery_model=delivery,
            supplier=supplier, owner=orgs[owner] if owner else None,
            owner_from=PM_DATE, categories=[groups[group]] if group else [], mandate=mandate,
            decision=decisions["RS 2020-0242"] if owner in PM_OWNERS else None, as_administrator=True,
            sourcing_review_date=D(2027, 6, 30) if delivery == "external_supplier" else None,
            audience=AUDIENCES.get(ext, "staff"), accessibility_statement_url=STATEMENTS.get(ext, ""),
        )
    _transfers(services, orgs, decisions)
    for ext, rows in CONSUMERS.items():
        for code, volume, unit in rows:
            Consumer.objects.create(service=services[ext], organisation=orgs[code], volume=volume, unit=unit)
    for ext, rows in ROLES.items():
        for role, person in rows:
            # Invented people, so an address no one receives mail at.
            email = person.lower().replace(" ", ".").translate(str.maketrans("åäöé", "aaoe")) + "@example.org"
            RoleAssignment.objects.create(service=services[ext], role=role, person_name=person, email=email)
    _more_consumers_and_managers(services, orgs)
    _exemptions(services, orgs, decisions)
    _components_and_tests(services)
    _costs(services, orgs, decisions)
    users = get_user_model()
    for username, full_name, editor_of, admin in USERS:
        first, last = full_name.split(" ", 1)
        user = users.objects.create_user(username, password=DEMO_PASSWORD, first_name=first, last_name=last,
                                         is_staff=admin, is_superuser=admin)
        if editor_of == ("auditor", None):  # region-wide: reads everything, the audit log too; writes nothing
            user.groups.add(Group.objects.get_or_create(name=access.AUDITORS)[0])
        elif editor_of == ("finance", None):
            user.groups.add(Group.objects.get_or_create(name=access.FINANCE)[0])
        elif editor_of:
            role, code = editor_of
            Membership.objects.create(user=user, organisation=orgs[code], role=role)
    # The other apps' parts of the demo (registry.DEMO_BUILDERS), in their order, once the register stands.
    region = {"services": services, "organisations": orgs, "decisions": decisions, "password": DEMO_PASSWORD}
    for _order, builder in sorted(registry.DEMO_BUILDERS, key=lambda entry: entry[0]):
        builder(region)
    return services


PM_DATE = D(2020, 9, 24)

# The first two are real documents of 001, cited as what they are; the others are invented for the demo.
DECISIONS = [
    ("RLK", PM_DATE, "RS 2020-0242", "Promemoria: Stärkt styrning av it och digitalisering",
     "Promemoria från regionledningskontoret, daterad 2020-09-24, remitterad av rotel 1, bl.a. till vårdens "
     "kunskapsstyrningsnämnd, inför ett ärende "
     "avsett för regionfullmäktige den 4 maj 2021. Föreslår fördelningen av ägarskapet för digitala tjänster: "
     "HSN för beställaruppdraget, SLSO för vårdproduktionen, trafiknämnden för kollektivtrafiken, "
     "regionstyrelsen för regional utveckling, verksamhetsstöd och it-infrastruktur. Diarienumret är "
     "regionstyrelsens; dokumentet är regionledningskontorets förslag, inget beslut.\n"
     "Exempel: demoregionen behandlar PM:ens fördelning som beslutad och registrerar ägarskapen för de nämnder "
     "den fördelar från PM:ens datum; seeds innehåller inget beslut."),
    ("HSF", D(2020, 12, 29), "VKN 2020-0174",
     "Tjänsteutlåtande: yttrande över promemorian Stärkt styrning av it och digitalisering",
     "Hälso- och sjukvårdsförvaltningens tjänsteutlåtande till vårdens kunskapsstyrningsnämnd, godkänt av "
     "Magnus Thyberg 2020-12-29: förslag att nämnden antar det som sitt yttrande över PM RS 2020-0242 och "
     "överlämnar det till regionstyrelsen. Bilaga 1 beskriver de tjänster förvaltningen förvaltar. Initial "
     "bedömning: bild- och funktion, e-remiss och e-recept kan flyttas till vårdproduktionen efter utredning och "
     "risk- och konsekvensanalys. Nämndens beslut och dess datum finns inte i underlaget."),
    ("RSTY", D(2021, 11, 23), "RS 2021-9001", "Exempel: överlåtelse av ägarskapet för E-remiss till SLSO",
     "Exempel (påhittat beslut för demon): efter risk- och konsekvensanalys överlåts ägarskapet för E-remiss "
     "från hälso- och sjukvårdsnämnden till Stockholms läns sjukvårdsområde från 2022-01-01."),
    ("RSTY", D(2024, 3, 12), "RS 2024-9002", "Exempel: undantag för lokal schemaplanering vid Karolinska",
     "Exempel (påhittat beslut för demon): undantag från det regiongemensamma personalsystemet för "
     "schemaläggning av intensivvården, till 2027-12-31."),
    ("TN", D(2021, 2, 9), "TN 2021-9003", "Exempel: undantag för trafiknämndens reseplanerare",
     "Exempel (påhittat beslut för demon): trafiknämnden behåller sin reseplanerare till dess avtalet löper ut."),
    ("HSN", D(2024, 10, 1), "HSN 2024-9004", "Exempel: finansiering av de nationella invånartjänsterna",
     "Exempel (påhittat beslut för demon): hälso- och sjukvårdsnämnden finansierar 1177 Vårdguiden gemensamt "
     "för regionen, så som VKN 2020-0174 beskriver att nämnden finansierar de nationella tjänsterna."),
]
# The owners the PM distributes ownership to; others (Inera's national services, a hospital's local tool)
# are registered without citing it.
PM_OWNERS = {"HSN", "SLSO", "TN", "RSTY"}


def _decisions(orgs):
    return {number: decisions_actions.record_decision(body=orgs[body], decided_on=day, registry_number=number,
                                               title=title, text=text)
            for body, day, number, title, text in DECISIONS}


def _transfers(services, orgs, decisions):
    # 001: e-remiss is one of the services whose ownership may move to care production.
    transfer = governance.request_transfer(
        service=services["HSF-042"], to=orgs["SLSO"], requested_date=D(2022, 1, 1), requested_on=D(2021, 9, 1),
        reason="Exempel: stark verksamhetskoppling till vårdproduktionen och inget tydligt reglementsbundet ansvar "
               "hos HSN (VKN 2020-0174).")
    governance.attach_risk_analysis(transfer=transfer, text=(
        "Exempel: risk för avbrott i remissflödet under övergången; åtgärd: gemensam förvaltningsgrupp första "
        "året.\nKonsekvens: SLSO tillhandahåller tjänsten på lika villkor till alla vårdgivare med avtal, på "
        "uppdrag av hälso- och sjukvårdsförvaltningen (VKN 2020-0174)."))
    governance.decide_transfer(transfer=transfer, approve=True, decision=decisions["RS 2021-9001"],
                               effective_date=D(2022, 1, 1))
    # 001 names bild- och funktion as a candidate too; the analysis is not written yet.
    governance.request_transfer(
        service=services["HSF-040"], to=orgs["SLSO"], requested_date=TODAY + datetime.timedelta(days=120),
        reason="Exempel: den initiala bedömningen i VKN 2020-0174 pekar på bild- och funktion som lämplig "
               "att flytta till vårdproduktionen.")


def _more_consumers_and_managers(services, orgs):
    managers = {"HSF-001": "Eva Lund", "HSF-002": "Olof Pettersson", "HSF-003": "Nina Berg",
                "HSF-011": "Ali Hassan", "HSF-012": "Jonas Wik", "HSF-020": "Ulla Sten", "HSF-022": "Ulla Sten",
                "HSF-023": "Björn Alm", "HSF-032": "Lena Åberg", "HSF-033": "Lena Åberg", "HSF-040": "Tove Ek",
                "HSF-043": "Karl Fors", "RS-101": "Ida Nord", "RS-102": "Leo Falk", "RS-103": "Leo Falk",
                "TN-001": "Siv Ro"}
    for ext, person in managers.items():
        RoleAssignment.objects.create(service=services[ext], role="service_manager", person_name=person)
    for ext in ("HSF-001", "HSF-002", "HSF-003", "HSF-011", "HSF-020", "HSF-021", "HSF-022", "HSF-023",
                "HSF-043", "RS-101"):
        for code, volume in (("HSN", 400), ("SLSO", 9000), ("KS", 7000)):
            Consumer.objects.get_or_create(service=services[ext], organisation=orgs[code],
                                           defaults={"volume": volume, "unit": "users"})


def _exemptions(services, orgs, decisions):
    valid = governance.request_exemption(
        service=services["KS-01"], requesting_organisation=orgs["KS"], requested_on=D(2024, 1, 15),
        unique_need="Exempel: dygnet-runt-schemaläggning med kompetenskrav per vårdplats inom intensivvården.",
        why_not_common="Exempel: det regiongemensamma personalsystemet saknar stöd för kompetensstyrd bemanning.",
        considered=[services["RS-104"]])
    governance.decide_exemption(exemption=valid, approve=True, decision=decisions["RS 2024-9002"],
                                expires_on=D(2027, 12, 31))
    expired = governance.request_exemption(
        service=services["TN-001"], requesting_organisation=orgs["TN"], requested_on=D(2020, 11, 2),
        unique_need="Exempel: reseplanering för kollektivtrafikens resenärer i realtid.",
        why_not_common="Exempel: ingen regiongemensam tjänst för reseplanering finns. Enligt PM RS 2020-0242 har "
                       "trafiknämnden sedan tidigare en stor del outsourcad it och använder på grund av avtalstider "
                       "inte de regiongemensamma tjänsterna.")
    governance.decide_exemption(exemption=expired, approve=True, decision=decisions["TN 2021-9003"],
                                expires_on=D(2024, 12, 31))


TODAY = datetime.date.today()

# name, endoflife.date product, release cycle, vendor, type, entered support end, services
COMPONENTS = [
    ("Microsoft SQL Server", "mssqlserver", "12.0-sp3", "Microsoft", "software", None, ["HSF-043"]),
    ("Microsoft SQL Server", "mssqlserver", "16.0", "Microsoft", "software", None, ["HSF-002", "HSF-003", "RS-100"]),
    ("Windows Server", "windows-server", "2016", "Microsoft", "platform", None, ["HSF-001", "HSF-011"]),
    ("Windows Server", "windows-server", "2022", "Microsoft", "platform", None, ["HSF-002", "HSF-003", "HSF-043"]),
    ("Red Hat Enterprise Linux", "rhel", "9", "Red Hat", "platform", None, ["HSF-010", "HSF-012", "HSF-041"]),
    ("PostgreSQL", "postgresql", "16", "PostgreSQL Global Development Group", "software", None,
     ["HSF-010", "HSF-041"]),
    ("Sectra IDS7", "", "26.1", "Sectra", "software", D(2029, 12, 31), ["HSF-040"]),
]


def _components_and_tests(services):
    for name, product, cycle, vendor, kind, ends, exts in COMPONENTS:
        component = Component.objects.create(name=name, product=product, version=cycle, vendor=vendor, type=kind,
                                             support_ends=ends)
        component.services.set([services[e] for e in exts])
    untested = {"HSF-044", "TN-001"}  # in production without a passed test of their version: findings
    overdue = {"HSF-012", "HSF-043", "RS-100"}  # last self-check older than their interval
    for number, (ext, service) in enumerate(sorted(services.items())):
        if service.phase not in (Service.Phase.IN_PRODUCTION, Service.Phase.IN_TEST):
            continue
        service.refresh_from_db(fields=["row_version"])  # a decided transfer made a new version of some
        service.version = f"{2024 + number % 3}.{1 + number % 4}"
        service.save(update_fields=["version"])
        Environment.objects.create(service=service, kind="test", name=f"{service.short_name or service.name} test")
        if ext in untested:
            TestRecord.objects.create(service=service, type="functional", version=service.version,
                                      environment="test", performed_on=TODAY - datetime.timedelta(days=20),
                                      result="failed")
            continue
        if service.phase == Service.Phase.IN_PRODUCTION:
            TestRecord.objects.create(service=service, type="functional", version=service.version,
                                      environment="test", performed_on=TODAY - datetime.timedelta(days=200),
                                      result="passed", evidence_url="https://intranat.example/testrapporter/"
                                      + ext.lower())
            days = 800 if ext in overdue else 30 + number % 50
            TestRecord.objects.create(service=service, type="security", version=service.version,
                                      environment="produktion", performed_on=TODAY - datetime.timedelta(days=days),
                                      result="passed")


# external id: (method per year {2025, 2026}, driver, yearly cost in kronor by cost type for 2026)
COSTS = {
    "HSF-010": ("volume", "users", {"licences": 4_200_000, "operations": 2_750_000, "maintenance": 1_900_000}),
    "HSF-041": ("volume", "transactions", {"operations": 3_100_000, "maintenance": 1_250_000,
                                           "development": 800_000}),
    "HSF-040": ("volume", "transactions", {"licences": 9_800_000, "operations": 4_400_000,
                                           "depreciation": 2_600_000}),
    "HSF-012": ("fixed_key", None, {"operations": 5_600_000, "maintenance": 2_100_000}),
    "HSF-030": ("common", None, {"licences": 18_500_000}),
    "RS-100": ("volume", "licences", {"licences": 6_300_000, "operations": 2_200_000}),
    "RS-102": ("volume", "users", {"operations": 41_000_000, "depreciation": 12_500_000}),
    "HSF-001": ("equal_share", None, {"maintenance": 650_000}),
    "HSF-002": ("volume", "users", {"maintenance": 1_150_000, "development": 400_000}),
    "HSF-003": ("volume", "users", {"maintenance": 720_000}),
    "HSF-020": ("equal_share", None, {"maintenance": 380_000}),
    "HSF-044": (None, None, {"operations": 1_300_000, "maintenance": 900_000}),  # a free good: no model
}
RTP_KEY = {"SLSO": "40", "KS": "35", "SOS": "15", "DS": "10"}


def _costs(services, orgs, decisions):
    drivers = {code: Driver.objects.create(code=code, name=name) for code, name in
               (("users", "Användare"), ("transactions", "Transaktioner"), ("licences", "Licenser"))}
    for ext, (method, driver, amounts) in COSTS.items():
        service = services[ext]
        for year, factor in ((2025, 0.93), (2026, 1.0)):
            for cost_type, kronor in amounts.items():
                for figure, scale in (("budget", 1.0), ("outcome", 1.04 if year == 2025 else 0.98)):
                    CostLine.objects.create(service=service, year=year, cost_type=cost_type, figure=figure,
                                            amount_ore=round(kronor * factor * scale) * 100,
                                            note="Exempel: belopp påhittat för demon.")
            if method is None:
                continue
            # Ersmo moved from an equal share to a fee by users in 2026: the bills say so.
            year_method = "equal_share" if ext == "HSF-002" and year == 2025 else method
            model = FundingModel.objects.create(
                service=service, year=year, method=year_method,
                driver=drivers[driver] if year_method == "volume" else None,
                funder=orgs["HSN"] if year_method == "common" else None,
                decision=decisions["HSN 2024-9004"] if year_method == "common" else None)
            if year_method == "fixed_key":
                for code, percent in RTP_KEY.items():
                    AllocationKey.objects.create(funding_model=model, organisation=orgs[code], percent=percent)
            if year_method == "volume" and year == 2025:
                # Last year's counted usage; this year's comes from the register's consumer records.
                # Usage has shifted between the boards since then, so the bills show volume effects too.
                for n, consumer in enumerate(service.consumers.filter(unit=driver).order_by("organisation__code")):
                    factor = Decimal("1.15") if n % 2 else Decimal("0.85")
                    Usage.objects.create(service=service, year=2025, organisation=consumer.organisation,
                                         driver=drivers[driver], volume=round(consumer.volume * factor))
    for year in (2025, 2026):
        costs.run_allocation(year=year)
