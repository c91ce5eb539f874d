"""API keys for the REST API: `Authorization: Token <secret>` or `Authorization: Bearer <secret>`."""

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from .lockout import API_KEY_USERNAME, key_locked_message
from .models import ApiToken, digest_of

KEYWORDS = ("token", "bearer")
# Writing last_used on every request would make each API read a write; once a minute says enough.
LAST_USED_GRANULARITY = 60


class ApiTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].decode("latin-1").lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Give exactly one API key after Token or Bearer."))
        try:
            secret = parts[1].decode("ascii")
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed(_("An API key consists of letters, digits, - and _ only.")) from error
        # Unknown keys count as failed sign-ins of the address (django-axes), so that no one tries keys at
        # leisure; a key that exists but expired or was revoked is no guess and does not count. A valid key
        # still works from a locked address: 256 random bits are not guessed, and one client trying keys
        # behind a shared proxy must not stop every integration behind it.
        credentials = {"username": API_KEY_USERNAME}
        token = ApiToken.objects.select_related("user").filter(digest=digest_of(secret)).first()
        if token is None:
            # Asked before counting too: a failure counted during the lock would be answered by axes with its
            # password-lock page, which is not what a guesser of keys should read.
            _refuse_if_locked(request, credentials)
            user_login_failed.send(sender=__name__, credentials=credentials, request=request._request)
            _refuse_if_locked(request, credentials)
            raise exceptions.AuthenticationFailed(_("Unknown API key."))
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(
                _("This API key was revoked on %(date)s.") % {"date": _when(token.revoked_at)})
        now = timezone.now()
        if token.expires <= now:
            raise exceptions.AuthenticationFailed(
                _("This API key expired on %(date)s.") % {"date": _when(token.expires)})
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("The account of this API key is deactivated."))
        if token.last_used is None or (now - token.last_used).total_seconds() > LAST_USED_GRANULARITY:
            ApiToken.objects.filter(pk=token.pk).update(last_used=now)
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


def _refuse_if_locked(request, credentials):
    if not AxesProxyHandler.is_allowed(request._request, credentials):
        raise exceptions.Throttled(wait=settings.AXES_COOLOFF_TIME.total_seconds(), detail=key_locked_message())


def _when(moment):
    return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")
