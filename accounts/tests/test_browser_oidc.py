"""The OpenID Connect journey in Chromium against a real provider (npm's certified oidc-provider, started on
127.0.0.1): nothing of the protocol is mocked."""

import pytest

from accounts.models import ClaimGrant, ClaimMapping, OidcIdentity
from organisations.models import Membership
from organisations.tests import factories as orgs

from . import oidc_provider

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def provider(tmp_path, live_server, settings):
    with oidc_provider.running(tmp_path, live_server.url) as running:
        settings.STYR_OIDC_ISSUER = running.issuer
        settings.OIDC_RP_CLIENT_ID = oidc_provider.CLIENT_ID
        settings.OIDC_RP_CLIENT_SECRET = oidc_provider.CLIENT_SECRET
        settings.STYR_OIDC_NAME = "Testregionens IdP"
        yield running


def sign_in_at_the_provider(page, live_server, login):
    page.goto(f"{live_server.url}/logga-in/")
    page.get_by_role("link", name="Logga in med Testregionens IdP").click()
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("whatever-the-provider-asks")
    page.get_by_role("button", name="Sign-in").click()
    page.wait_for_load_state()
    if not page.url.startswith(live_server.url):
        page.get_by_role("button", name="Continue").click()  # consent, the first time
    page.wait_for_url(f"{live_server.url}/")


def test_oidc_sign_in_makes_the_claimed_organisation_editor_and_a_changed_claim_removes_it(page, live_server,
                                                                                          provider):
    hsn, slso = orgs.organisation("HSN"), orgs.organisation("SLSO")
    ClaimMapping.objects.create(claim_value="styr-hsn-editors", organisation=hsn, role="editor")
    orgs.user("anna")  # a local account with the same name, which the provider's anna must not take over
    provider.set_user("anna-sub-1", preferred_username="anna", given_name="Anna", family_name="Andersson",
                      email="anna@example.org", groups=["styr-hsn-editors", "unmapped-group"])

    sign_in_at_the_provider(page, live_server, "anna-sub-1")
    assert page.get_by_role("heading", level=1).inner_text() == "Översikt över registret"
    assert page.locator("header .user").inner_text().count("Anna Andersson") == 1
    identity = OidcIdentity.objects.select_related("user").get(subject="anna-sub-1", issuer=provider.issuer)
    user = identity.user
    assert user.username == "anna-2" and user.email == "anna@example.org"
    membership = Membership.objects.get(user=user)
    assert (membership.organisation, membership.role) == (hsn, "editor")
    assert ClaimGrant.objects.get(membership=membership).claim_value == "styr-hsn-editors"
    # A membership given in Styr by hand is not the claim's to take away.
    Membership.objects.create(user=user, organisation=slso, role="editor")

    # The provider no longer names HSN; signing out ends the provider's session too.
    provider.set_user("anna-sub-1", preferred_username="anna", given_name="Anna", family_name="Andersson",
                      email="anna@example.org", groups=[])
    page.get_by_role("button", name="Logga ut").click()
    page.get_by_role("button", name="Yes, sign me out").click()
    page.wait_for_url(f"{live_server.url}/logga-in/")

    sign_in_at_the_provider(page, live_server, "anna-sub-1")
    assert list(Membership.objects.filter(user=user).values_list("organisation__code", "role")) == [("SLSO", "editor")]
    assert OidcIdentity.objects.count() == 1
