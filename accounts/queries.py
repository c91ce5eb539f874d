from core import access

from .models import ApiToken


def tokens_for(user):
    """The keys `user` may see and revoke: their own, every key for an administrator."""
    tokens = ApiToken.objects.select_related("user", "revoked_by")
    return tokens if access.is_administrator(user) else tokens.filter(user=user)
