"""Local sign-in is throttled by django-axes: per user name and address, STYR_LOGIN_FAILURE_LIMIT failures lock
for STYR_LOGIN_LOCKOUT_MINUTES (5 and 15 here, the defaults)."""

import base64

import pytest
from axes.models import AccessAttempt
from django.core.management import CommandError, call_command
from django.test import override_settings

from organisations.tests import factories as orgs

pytestmark = pytest.mark.django_db
PASSWORD = "secret-pass-1"
LOCKED = "kontot är låst i 15 minuter"


def attempt(client, username, password, path="/logga-in/", **headers):
    return client.post(path, {"username": username, "password": password}, **headers)


def signed_in(client):
    return client.get("/").status_code == 200


def test_fifty_wrong_passwords_then_the_right_one_is_refused(client):
    orgs.user("anna")
    for _ in range(50):
        assert attempt(client, "anna", "wrong").status_code in (200, 429)
    response = attempt(client, "anna", PASSWORD)
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert not signed_in(client)


def test_the_lock_comes_at_the_fifth_failure_and_the_page_says_so(client):
    orgs.user("anna")
    for _ in range(4):
        response = attempt(client, "anna", "wrong")
        assert response.status_code == 200 and "Fel användarnamn eller lösenord" in response.content.decode()
    response = attempt(client, "anna", "wrong")
    assert response.status_code == 429 and LOCKED in response.content.decode()


def test_a_success_before_the_limit_starts_the_count_again(client):
    orgs.user("anna")
    for _ in range(4):
        attempt(client, "anna", "wrong")
    assert attempt(client, "anna", PASSWORD).status_code == 302
    client.post("/logga-ut/")
    for _ in range(4):
        attempt(client, "anna", "wrong")
    assert attempt(client, "anna", PASSWORD).status_code == 302
    assert signed_in(client)


def test_the_lock_is_per_user_name_and_address(client):
    orgs.user("anna"), orgs.user("bertil")
    for _ in range(5):
        attempt(client, "anna", "wrong")
    assert attempt(client, "bertil", PASSWORD).status_code == 302
    client.post("/logga-ut/")
    assert attempt(client, "anna", PASSWORD, REMOTE_ADDR="10.0.0.9").status_code == 302


def test_an_administrator_unlocks_with_the_command(client):
    orgs.user("anna")
    for _ in range(5):
        attempt(client, "anna", "wrong")
    assert attempt(client, "anna", PASSWORD).status_code == 429
    call_command("unlock", "anna")
    assert not AccessAttempt.objects.filter(username="anna").exists()
    assert attempt(client, "anna", PASSWORD).status_code == 302


def test_an_administrator_unlocks_in_the_admin_site(client):
    orgs.user("anna")
    for _ in range(5):
        attempt(client, "anna", "wrong")
    admin = orgs.user("root", admin=True)
    client.force_login(admin)
    page = client.get("/admin/axes/accessattempt/")
    assert page.status_code == 200 and "anna" in page.content.decode()
    pk = AccessAttempt.objects.get(username="anna").pk
    client.post("/admin/axes/accessattempt/", {"action": "delete_selected", "_selected_action": [pk], "post": "yes"})
    client.logout()
    assert attempt(client, "anna", PASSWORD).status_code == 302


def test_the_admin_site_sign_in_is_throttled_too(client):
    orgs.user("root", admin=True)
    for _ in range(5):
        attempt(client, "root", "wrong", path="/admin/login/")
    response = attempt(client, "root", PASSWORD, path="/admin/login/")
    assert response.status_code == 429 and LOCKED in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_without_a_proxy_a_forged_forwarded_for_does_not_escape_the_lock(client):
    orgs.user("anna")
    for n in range(5):
        attempt(client, "anna", "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert attempt(client, "anna", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.77").status_code == 429


@override_settings(STYR_PROXY_COUNT=1)
def test_behind_a_proxy_the_client_is_the_address_the_proxy_saw(client):
    orgs.user("anna")
    # The proxy appends the address it saw; what the client sent itself stands to the left.
    for _ in range(5):
        attempt(client, "anna", "wrong", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7")
    assert attempt(client, "anna", PASSWORD, HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7").status_code == 429
    assert AccessAttempt.objects.get(username="anna").ip_address == "198.51.100.7"
    # Another client behind the same proxy is not locked out of the same account.
    assert attempt(client, "anna", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 302


def test_the_api_takes_no_passwords(api):
    orgs.user("anna")
    basic = base64.b64encode(f"anna:{PASSWORD}".encode()).decode()
    response = api.get("/api/services/", HTTP_AUTHORIZATION=f"Basic {basic}")
    assert response.status_code == 401


def test_unlock_without_a_name_is_refused():
    with pytest.raises(CommandError, match="Name an account"):
        call_command("unlock")


@override_settings(STYR_PROXY_COUNT=2)
@pytest.mark.parametrize("forwarded, expected", [
    ("203.0.113.5, 10.0.0.2", "203.0.113.5"),
    ("6.6.6.6, 203.0.113.5, 10.0.0.2", "203.0.113.5"),
    ("10.0.0.2", "127.0.0.1"),  # fewer hops than proxies: the header is not what our proxies wrote
    ("not-an-address, 10.0.0.2", "127.0.0.1"),
    ("", "127.0.0.1"),
])
def test_the_client_address_behind_two_proxies(rf, forwarded, expected):
    from accounts.network import client_ip

    assert client_ip(rf.get("/", HTTP_X_FORWARDED_FOR=forwarded)) == expected
