"""OpenID Connect sign-in through mozilla-django-oidc, configured from the environment (styr/settings.py).

The endpoints come from the issuer's discovery document unless set one by one. Accounts are found by the
provider's (issuer, subject), created on first sign-in, updated on each, and their memberships follow the
roles claim through ClaimMapping (accounts.actions.sync_claim_memberships)."""

import functools
import re
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from mozilla_django_oidc import auth, views
from mozilla_django_oidc.utils import import_from_settings

from . import actions
from .models import OidcIdentity

DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
    "OIDC_OP_END_SESSION_ENDPOINT": "end_session_endpoint",
}


def enabled():
    return bool(settings.OIDC_RP_CLIENT_ID and (settings.STYR_OIDC_ISSUER or settings.OIDC_OP_AUTHORIZATION_ENDPOINT))


def issuer():
    return settings.STYR_OIDC_ISSUER or settings.OIDC_OP_AUTHORIZATION_ENDPOINT


@functools.lru_cache(maxsize=8)
def _discovery(issuer_url):
    response = requests.get(f"{issuer_url}/.well-known/openid-configuration", timeout=settings.OIDC_TIMEOUT)
    response.raise_for_status()
    return response.json()


def setting(attr, *default):
    """mozilla-django-oidc's settings, with the endpoints not given filled in from discovery."""
    value = import_from_settings(attr, *default)
    if attr in DISCOVERED and not value and settings.STYR_OIDC_ISSUER:
        value = _discovery(settings.STYR_OIDC_ISSUER).get(DISCOVERED[attr], "")
    return value


_USERNAME_UNSAFE = re.compile(r"[^\w.@+-]")


def free_username(claims):
    """preferred_username (or sub) made valid for Django, with -2, -3 … when a local account already has it."""
    users = get_user_model()
    base = _USERNAME_UNSAFE.sub("-", str(claims.get("preferred_username") or claims["sub"]))[:140] or "oidc"
    candidate, n = base, 1
    while users.objects.filter(username__iexact=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


class Backend(auth.OIDCAuthenticationBackend):
    get_settings = staticmethod(setting)

    def __init__(self, *args, **kwargs):
        # Listed in AUTHENTICATION_BACKENDS always, and loaded on every request of a signed-in user: the
        # provider's endpoints are read (maybe discovered over the network) only when a sign-in comes back.
        self.UserModel = get_user_model()

    def authenticate(self, request, **kwargs):
        if not enabled() or "username" in kwargs or "password" in kwargs:
            return None
        super().__init__()
        return super().authenticate(request, **kwargs)

    def verify_claims(self, claims):
        return bool(claims.get("sub"))

    def filter_users_by_claims(self, claims):
        return self.UserModel.objects.filter(oidc_identity__issuer=issuer(), oidc_identity__subject=claims["sub"])

    @transaction.atomic
    def create_user(self, claims):
        user = self.UserModel.objects.create_user(free_username(claims))
        OidcIdentity.objects.create(user=user, issuer=issuer(), subject=claims["sub"])
        return self.update_user(user, claims)

    @transaction.atomic
    def update_user(self, user, claims):
        user.first_name = str(claims.get("given_name") or "")[:150]
        user.last_name = str(claims.get("family_name") or "")[:150]
        if not (user.first_name or user.last_name) and claims.get("name"):
            user.first_name, _, user.last_name = str(claims["name"]).partition(" ")
            user.first_name, user.last_name = user.first_name[:150], user.last_name[:150]
        user.email = str(claims.get("email") or "")[:254]
        user.save(update_fields=["first_name", "last_name", "email"])
        OidcIdentity.objects.filter(user=user).update(last_sign_in=timezone.now())
        actions.sync_claim_memberships(user=user, values=actions.claim_values(claims, settings.STYR_OIDC_ROLES_CLAIM))
        return user

    def get_userinfo(self, access_token, id_token, payload):
        claims = super().get_userinfo(access_token, id_token, payload)
        if claims.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("The userinfo subject differs from the ID token's.")
        return claims


class AuthenticationRequestView(views.OIDCAuthenticationRequestView):
    get_settings = staticmethod(setting)


class CallbackView(views.OIDCAuthenticationCallbackView):
    get_settings = staticmethod(setting)


def provider_logout_url(request, id_token):
    """Where to send the browser after Styr's own sign-out, so that the provider's session ends too; None
    when the provider has no end_session_endpoint."""
    endpoint = setting("OIDC_OP_END_SESSION_ENDPOINT", "")
    if not endpoint or not id_token:
        return None
    back = request.build_absolute_uri(reverse("login"))
    return f"{endpoint}?{urlencode({'id_token_hint': id_token, 'post_logout_redirect_uri': back})}"
