import datetime

from django.utils import timezone

from accounts.actions import create_token
from accounts.models import ApiToken


def token(user, name="integration", days=30):
    """(token, secret)"""
    return create_token(user=user, name=name, days=days)


def expired(token):
    """Make `token` expired, as time would."""
    past = timezone.now() - datetime.timedelta(days=1)
    ApiToken.objects.filter(pk=token.pk).update(created=past - datetime.timedelta(days=1), expires=past)
    token.refresh_from_db()
    return token
