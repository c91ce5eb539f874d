"""OpenID Connect without the browser: configuration, the claim mapping, accounts and sign-out. The protocol
itself runs against the real provider in test_browser_oidc.py."""

import io
import socket
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.test import override_settings

from accounts import actions
from accounts.models import AuditorClaim, ClaimGrant, ClaimMapping, OidcIdentity
from accounts.oidc import free_username
from organisations.models import Membership
from organisations.tests import factories as orgs

pytestmark = pytest.mark.django_db

PROVIDER = {
    "OIDC_RP_CLIENT_ID": "styr", "OIDC_RP_CLIENT_SECRET": "s", "STYR_OIDC_NAME": "Regionens IdP",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://idp.example/auth", "OIDC_OP_TOKEN_ENDPOINT": "https://idp.example/token",
    "OIDC_OP_USER_ENDPOINT": "https://idp.example/me", "OIDC_OP_JWKS_ENDPOINT": "https://idp.example/jwks",
    "OIDC_OP_END_SESSION_ENDPOINT": "https://idp.example/end",
}


@pytest.fixture
def region():
    hsn, slso = orgs.organisation("HSN"), orgs.organisation("SLSO")
    ClaimMapping.objects.create(claim_value="hsn-editors", organisation=hsn, role="editor")
    ClaimMapping.objects.create(claim_value="slso-sekr", organisation=slso, role="secretariat")
    return hsn, slso


def held(user):
    return sorted(Membership.objects.filter(user=user).values_list("organisation__code", "role", "claim_grant__claim_value"))


def test_the_claim_grants_what_the_mapping_says_and_takes_it_back(region):
    user = orgs.user()
    actions.sync_claim_memberships(user=user, values={"hsn-editors", "slso-sekr", "unknown"})
    assert held(user) == [("HSN", "editor", "hsn-editors"), ("SLSO", "secretariat", "slso-sekr")]
    actions.sync_claim_memberships(user=user, values={"slso-sekr"})
    assert held(user) == [("SLSO", "secretariat", "slso-sekr")]
    actions.sync_claim_memberships(user=user, values=set())
    assert held(user) == []


def test_a_membership_given_by_hand_stays_whatever_the_claim_says(region):
    hsn, _ = region
    user = orgs.user(editor_of=hsn)
    actions.sync_claim_memberships(user=user, values={"hsn-editors"})
    assert held(user) == [("HSN", "editor", None)]
    actions.sync_claim_memberships(user=user, values=set())
    assert held(user) == [("HSN", "editor", None)]
    assert not ClaimGrant.objects.exists()


@pytest.mark.parametrize("claims, values", [
    ({"groups": ["a", "b", 3, None, ""]}, {"a", "b"}),
    ({"groups": "a b"}, {"a", "b"}),
    ({"groups": {"a": 1}}, set()),
    ({"groups": 42}, set()),
    ({}, set()),
])
def test_claim_values_take_lists_and_strings_and_nothing_else(claims, values):
    assert actions.claim_values(claims, "groups") == values


def test_a_provider_user_never_takes_a_local_accounts_name():
    orgs.user("anna"), orgs.user("anna-2")
    assert free_username({"sub": "x", "preferred_username": "anna"}) == "anna-3"
    assert free_username({"sub": "x", "preferred_username": "ANNA"}) == "ANNA-3"
    assert free_username({"sub": "a b/c"}) == "a-b-c"


def test_without_a_provider_there_is_no_button_and_no_oidc_address(client):
    page = client.get("/logga-in/").content.decode()
    assert "Logga in med" not in page
    assert client.get("/oidc/authenticate/").status_code == 404
    assert client.get("/oidc/callback/?code=a&state=b").status_code == 404


@override_settings(**PROVIDER)
def test_with_a_provider_the_button_starts_an_authorization_request_with_pkce(client):
    page = client.get("/logga-in/?next=/tjanster/").content.decode()
    assert "Logga in med Regionens IdP" in page and "Lokalt konto" in page
    response = client.get("/oidc/authenticate/", {"next": "/tjanster/"})
    assert response.status_code == 302
    url = urlsplit(response["Location"])
    query = parse_qs(url.query)
    assert f"{url.scheme}://{url.netloc}{url.path}" == "https://idp.example/auth"
    assert query["client_id"] == ["styr"] and query["code_challenge_method"] == ["S256"]
    assert query["redirect_uri"] == ["http://testserver/oidc/callback/"]
    assert query["scope"] == ["openid email profile"]


@override_settings(**PROVIDER)
def test_a_refusal_or_a_forged_answer_from_the_provider_gives_a_message_not_an_error(client):
    response = client.get("/oidc/callback/", {"error": "access_denied"}, follow=True)
    assert response.status_code == 200
    assert "Inloggningen via identitetsleverantören lyckades inte" in response.content.decode()
    assert client.get("/oidc/callback/", {"code": "a", "state": "forged"}).status_code in (302, 400)
    assert client.get("/").status_code == 302


@override_settings(**PROVIDER)
def test_sign_out_after_an_oidc_sign_in_ends_the_providers_session_too(client):
    client.force_login(orgs.user())
    session = client.session
    session["oidc_id_token"] = "the-id-token"
    session.save()
    response = client.post("/logga-ut/")
    url = urlsplit(response["Location"])
    assert url.netloc == "idp.example" and parse_qs(url.query) == {
        "id_token_hint": ["the-id-token"], "post_logout_redirect_uri": ["http://testserver/logga-in/"]}
    assert client.get("/").status_code == 302


def test_sign_out_of_a_local_account_goes_to_the_sign_in_page(client):
    client.force_login(orgs.user())
    assert client.get("/logga-ut/").status_code == 405
    response = client.post("/logga-ut/")
    assert response["Location"] == "/logga-in/"
    assert client.get("/").status_code == 302


def test_the_mapping_is_kept_from_the_command_line(region):
    out = io.StringIO()
    call_command("claim_mapping", "add", "ledning", "HSN", "--role", "secretariat", stdout=out)
    call_command("claim_mapping", "list", stdout=out)
    assert "ledning\tHSN\tsecretariat" in out.getvalue()
    call_command("claim_mapping", "remove", "ledning", "HSN", "--role", "secretariat", stdout=out)
    assert not ClaimMapping.objects.filter(claim_value="ledning").exists()


@pytest.mark.parametrize("args, message", [
    (["add", "x", "NOSUCH"], "No organisation"),
    (["add", " ", "HSN"], "empty"),
    (["remove", "never-added", "HSN"], "does not grant"),
    (["add", "x"], "Name the organisation"),
    (["add", "x", "HSN", "--auditor"], "name no organisation"),
    (["remove", "never-added", "--auditor"], "does not make"),
])
def test_bad_input_to_the_mapping_command_is_refused(region, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("claim_mapping", *args, stdout=io.StringIO())
    assert ClaimMapping.objects.count() == 2


def test_the_database_refuses_an_empty_or_repeated_mapping(region):
    hsn, _ = region
    for value in ("", "hsn-editors"):
        with pytest.raises(IntegrityError), transaction.atomic():
            ClaimMapping.objects.create(claim_value=value, organisation=hsn, role="editor")


def test_the_admin_site_shows_keys_mappings_and_identities(client):
    client.force_login(orgs.user("root", admin=True))
    for path in ("apitoken", "claimmapping", "claimgrant", "oidcidentity"):
        assert client.get(f"/admin/accounts/{path}/").status_code == 200
    assert client.get("/admin/accounts/apitoken/add/").status_code == 403


def test_a_provider_that_does_not_answer_sends_the_user_back_with_a_message(client):
    with socket.socket() as closed:  # a port nothing listens on
        closed.bind(("127.0.0.1", 0))
        issuer = f"http://127.0.0.1:{closed.getsockname()[1]}"
    with override_settings(OIDC_RP_CLIENT_ID="styr", STYR_OIDC_ISSUER=issuer):
        response = client.get("/oidc/authenticate/")
        assert response.status_code == 302 and response["Location"] == "/logga-in/?oidc=failed"
        assert "lyckades inte" in client.get(response["Location"]).content.decode()


def test_the_claim_makes_an_auditor_and_takes_it_back_but_never_one_made_by_hand(region, client):
    from django.contrib.auth.models import Group

    from core import access

    AuditorClaim.objects.create(claim_value="internrevision")
    by_claim, by_hand = orgs.user("revisor"), orgs.user("handrevisor")
    for user in (by_claim, by_hand):
        OidcIdentity.objects.create(user=user, issuer="https://idp.example", subject=user.username)
    by_hand.groups.add(Group.objects.get_or_create(name=access.AUDITORS)[0])

    actions.sync_claim_memberships(user=by_claim, values={"internrevision"})
    assert access.is_auditor(by_claim) and held(by_claim) == []  # an auditor holds no membership: reads all
    client.force_login(by_claim)
    assert client.get("/granskning/").status_code == 200
    actions.sync_claim_memberships(user=by_claim, values={"hsn-editors"})
    assert not access.is_auditor(by_claim) and held(by_claim) == [("HSN", "editor", "hsn-editors")]
    assert client.get("/granskning/").status_code == 403

    actions.sync_claim_memberships(user=by_hand, values=set())
    assert access.is_auditor(by_hand)


def test_the_auditor_claim_is_kept_from_the_command_line(region):
    out = io.StringIO()
    call_command("claim_mapping", "add", "internrevision", "--auditor", stdout=out)
    call_command("claim_mapping", "list", stdout=out)
    assert "internrevision\t-\tauditor" in out.getvalue()
    call_command("claim_mapping", "remove", "internrevision", "--auditor", stdout=out)
    assert not AuditorClaim.objects.exists()
