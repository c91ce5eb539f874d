"""What a locked-out client is told (django-axes, docs/decisions/0012)."""

from django.conf import settings
from django.utils.translation import ngettext

# Failed API keys count under this name: no account can have it (parentheses are not allowed in user names),
# so guessing keys from one address locks that address's keys, not anyone's password sign-in.
API_KEY_USERNAME = "(api-key)"


def locked_message():
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return ngettext(
        "Too many failed sign-ins: the account is locked for %(minutes)s minute. Try again later, or ask an "
        "administrator to unlock it.",
        "Too many failed sign-ins: the account is locked for %(minutes)s minutes. Try again later, or ask an "
        "administrator to unlock it.",
        minutes,
    ) % {"minutes": minutes}


def key_locked_message():
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return ngettext(
        "Too many unknown API keys from your address: unknown keys from it are refused for %(minutes)s minute. "
        "Valid keys still work.",
        "Too many unknown API keys from your address: unknown keys from it are refused for %(minutes)s minutes. "
        "Valid keys still work.",
        minutes,
    ) % {"minutes": minutes}
