"""What a server checks before it starts (gunicorn through styr.wsgi, and `styr serve`)."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def refuse_unsafe_settings():
    """With debug off this is a real server: it will not run on the public default secret key."""
    if not settings.DEBUG and settings.SECRET_KEY == settings.DEFAULT_SECRET_KEY:
        raise ImproperlyConfigured(
            "STYR_DEBUG is off but STYR_SECRET_KEY is not set: the server will not run on the public default key. "
            "Set STYR_SECRET_KEY to a long random value, e.g. from "
            "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'."
        )
