"""The governance pages over the demo region, as a signed-in reader sees them."""

import pytest

from decisions.models import Decision
from governance.models import Exemption, OwnershipTransfer
from organisations.tests import factories as orgs
from services.queries import current_ownership  # noqa: E402
from styr import demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def region(client):
    services = demo.build()
    client.force_login(orgs.user("lasa"))
    return services


def test_demo_region_has_realistic_findings(region):
    from rules.queries import findings

    found = {(f["rule"], f["external_id"]) for f in findings()}
    assert ("R03-UNDANTAG", "TN-001") in found  # the traffic board's exemption expired 2024-12-31
    assert ("R04-SUPPORT", "HSF-043") in found  # Vaccinera on SQL Server 2014 SP3
    assert ("R05-TESTAD", "HSF-044") in found  # FRAPP's version failed its test
    assert any(rule == "R02-FORVALTNINGSLEDARE" for rule, _ in found)
    assert ("R03-UNDANTAG", "KS-01") not in found  # a valid exemption until 2027
    assert not any(rule == "R11-OVERLATELSE" for rule, _ in found)  # E-remiss moved by a decided transfer


@pytest.mark.parametrize("path, text", [
    ("/styrning/regler/", "R04-SUPPORT"),
    # Vaccinera's R04 finding is a security detail of a K3 service: the reader sees FRAPP's R05 finding.
    ("/styrning/avvikelser/?rule=R05-TESTAD", "FRAPP"),
    ("/styrning/styrkort/omrade/vardproduktion/", "R05-TESTAD"),
    ("/beslut/", "RS 2021-9001"),
    ("/styrning/overlatelser/?board=HSN", "E-remiss"),
    ("/styrning/undantag/", "utgånget"),
    ("/livscykel/komponenter/?status=unsupported", "Microsoft SQL Server 12.0-sp3"),
])
def test_pages(client, region, path, text):
    response = client.get(path)
    assert response.status_code == 200 and text in response.content.decode()


def test_service_page_shows_components_tests_transfers_and_findings(client, region):
    vaccinera = region["HSF-043"]
    page = client.get(vaccinera.get_absolute_url(), {"sections": "all"}).content.decode()
    # Vaccinera handles health data (K3): a reader sees that it exists and its classification, not its components.
    assert "K3" in page and "utan support" not in page and "R04-SUPPORT" not in page
    client.force_login(orgs.user(editor_of=current_ownership(vaccinera).organisation))
    page = client.get(vaccinera.get_absolute_url(), {"sections": "all"}).content.decode()
    assert "utan support" in page and "R04-SUPPORT" in page and "Test och egenkontroll" in page
    page = client.get(region["HSF-042"].get_absolute_url(), {"sections": "all"}).content.decode()
    assert "RS 2021-9001" in page  # the decided transfer, with its decision


def test_detail_pages(client, region):
    decision = Decision.objects.get(registry_number="RS 2021-9001")
    assert "E-remiss" in client.get(decision.get_absolute_url()).content.decode()
    transfer = OwnershipTransfer.objects.get(service=region["HSF-040"])
    assert "Begärd" in client.get(f"/styrning/overlatelser/{transfer.pk}/").content.decode()
    exemption = Exemption.objects.get(service=region["KS-01"])
    assert "2027-12-31" in client.get(f"/styrning/undantag/{exemption.pk}/").content.decode()


def test_organisation_page_shows_its_scorecard_and_bills(client, region):
    from organisations.models import Organisation

    hsn = Organisation.objects.get(code="HSN")
    page = client.get(hsn.get_absolute_url()).content.decode()
    assert "Styrkort" in page and "R05-TESTAD" in page
    assert "Internfakturor" in page and "2026 (Utfall)" in page


def test_every_decision_citation_in_the_demo_is_a_link_and_the_pm_lists_what_it_decided(client, region):
    from costs.models import FundingModel
    from services.models import Ownership

    pm_owners = Ownership.objects.filter(organisation__code__in=["HSN", "SLSO", "TN", "RSTY"], basis="registration")
    assert not pm_owners.filter(decision__isnull=True).exists()
    assert not Ownership.objects.filter(organisation__code="INERA", decision__isnull=False).exists()
    assert not FundingModel.objects.filter(method="common", decision__isnull=True).exists()
    pm = Decision.objects.get(registry_number="RS 2020-0242")
    assert pm.decided_on.isoformat() == "2020-09-24" and "Promemoria" in pm.title  # what it is, not a board decision
    assert pm.body.code == "RLK" and "inget beslut" in pm.text
    page = client.get(pm.get_absolute_url()).content.decode()
    assert "Ägarskap (" in page and "Ersmo" in page and "1177" not in page
    service_page = client.get(region["HSF-001"].get_absolute_url(), {"sections": "all"}).content.decode()
    assert f'href="{pm.get_absolute_url()}"' in service_page


def test_the_demo_marks_what_it_invented_and_follows_001s_ownership(region):
    from services.queries import current_owner_id

    for decision in Decision.objects.exclude(registry_number__in=["RS 2020-0242", "VKN 2020-0174"]):
        assert decision.title.startswith("Exempel") and "Exempel" in decision.text
    from organisations.models import Organisation

    rsty = Organisation.objects.get(code="RSTY")
    for ext in ("RS-102", "RS-103"):  # it-infrastruktur: Regionstyrelsen owns, FSN delivers
        assert current_owner_id(region[ext]) == rsty.pk and "Fastighets" in region[ext].supplier
    assert region["HSF-012"].domain.code == "bestallning"  # RTP in the domain of its owner, HSN
    knowledge = {current_owner_id(region[e]) for e in ("HSF-020", "HSF-021", "HSF-022", "HSF-023")}
    assert len(knowledge) == 1  # Hänvisningsstödet with the other knowledge-support services
    exemption = Exemption.objects.get(service=region["KS-01"])
    assert [s.name for s in exemption.considered.all()] == ["Personalsystem"]  # a personnel need, a personnel system
