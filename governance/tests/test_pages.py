"""The governance pages over the demo region, as a signed-in reader sees them."""

import pytest

from governance.models import Decision, Exemption, OwnershipTransfer
from organisations.tests import factories as orgs
from styr import demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def region(client):
    services = demo.build()
    client.force_login(orgs.user("lasa"))
    return services


def test_demo_region_has_realistic_findings(region):
    from governance import rules

    found = {(f["rule"], f["external_id"]) for f in rules.findings()}
    assert ("R03-UNDANTAG", "TN-001") in found  # the traffic board's exemption expired 2024-12-31
    assert ("R04-SUPPORT", "HSF-043") in found  # Vaccinera on SQL Server 2014 SP3
    assert ("R05-TESTAD", "HSF-044") in found  # FRAPP's version failed its test
    assert any(rule == "R02-FORVALTNINGSLEDARE" for rule, _ in found)
    assert ("R03-UNDANTAG", "KS-01") not in found  # a valid exemption until 2027


@pytest.mark.parametrize("path, text", [
    ("/styrning/regler/", "R04-SUPPORT"),
    ("/styrning/avvikelser/?rule=R04-SUPPORT", "Vaccinera"),
    ("/styrning/styrkort/omrade/vardproduktion/", "R05-TESTAD"),
    ("/styrning/beslut/", "HSN 2021-0815"),
    ("/styrning/overlatelser/?board=HSN", "E-remiss"),
    ("/styrning/undantag/", "utgånget"),
    ("/livscykel/komponenter/?status=unsupported", "Microsoft SQL Server 12.0-sp3"),
])
def test_pages(client, region, path, text):
    response = client.get(path)
    assert response.status_code == 200 and text in response.content.decode()


def test_service_page_shows_components_tests_transfers_and_findings(client, region):
    page = client.get(region["HSF-043"].get_absolute_url()).content.decode()
    assert "utan support" in page and "R04-SUPPORT" in page and "Test och egenkontroll" in page
    page = client.get(region["HSF-042"].get_absolute_url()).content.decode()
    assert "HSN 2021-0815" in page  # the decided transfer, with its decision


def test_detail_pages(client, region):
    decision = Decision.objects.get(registry_number="HSN 2021-0815")
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
