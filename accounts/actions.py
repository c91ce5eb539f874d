"""Write use-cases of accounts: API keys and the memberships an identity provider grants."""

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import access
from organisations.models import Membership

from .models import (
    TOKEN_MAX_DAYS,
    TOKEN_PREFIX,
    ApiToken,
    AuditorClaim,
    ClaimGrant,
    ClaimMapping,
    OidcIdentity,
    SecurityOfficerClaim,
    digest_of,
)


@transaction.atomic
def create_token(*, user, name, days):
    """A new key for `user`, valid `days` days (1 … TOKEN_MAX_DAYS). Returns (token, secret); the secret
    exists only in that return value."""
    name = (name or "").strip()
    errors = {}
    if not name:
        errors["name"] = _("Give the key a name.")
    elif len(name) > 100:
        errors["name"] = _("At most 100 characters.")
    if not isinstance(days, int) or not 1 <= days <= TOKEN_MAX_DAYS:
        errors["days"] = _("A key is valid from 1 to %(max)s days.") % {"max": TOKEN_MAX_DAYS}
    if not user.is_active:
        errors["user"] = _("The account is deactivated.")
    if errors:
        raise ValidationError(errors)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken.objects.create(user=user, name=name, prefix=secret[: len(TOKEN_PREFIX) + 6],
                                    digest=digest_of(secret), created=now,
                                    expires=now + datetime.timedelta(days=days))
    return token, secret


@transaction.atomic
def revoke_token(*, token, by, as_administrator=False):
    """Revoke `token`; its owner and administrators may (the command line acts as administrator, `by` None).
    Revoking twice keeps the first time."""
    if not as_administrator and not access.may_manage_account(by, token.user):
        raise PermissionError(_("Only the key's owner or an administrator may revoke it."))
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_by = by
        token.save(update_fields=["revoked_at", "revoked_by"])
    return token


def claim_values(claims, claim_name):
    """The values of the roles claim: a list of strings or one string (some providers send
    space-separated values); anything else grants nothing."""
    value = claims.get(claim_name)
    if isinstance(value, str):
        return {part for part in value.split() if part}
    if isinstance(value, list | tuple):
        return {part for part in value if isinstance(part, str) and part}
    return set()


@transaction.atomic
def sync_claim_memberships(*, user, values):
    """Make the memberships the claim grants equal what ClaimMapping says of `values`: add the missing ones,
    remove those the claim granted before and no longer does. Memberships given by hand are neither marked
    nor removed; one that the claim also grants stays a hand-given one."""
    wanted = {}
    for mapping in ClaimMapping.objects.filter(claim_value__in=values):
        wanted.setdefault((mapping.organisation_id, mapping.role), mapping.claim_value)
    held = {(m.organisation_id, m.role): m for m in Membership.objects.filter(user=user).select_related("claim_grant")}
    for key, membership in held.items():
        granted = getattr(membership, "claim_grant", None)
        if granted is not None and key not in wanted:
            membership.delete()
    for (organisation_id, role), value in wanted.items():
        if (organisation_id, role) not in held:
            membership = Membership.objects.create(user=user, organisation_id=organisation_id, role=role)
            ClaimGrant.objects.create(membership=membership, claim_value=value)
    _sync_group(user, access.AUDITORS, "auditor_by_claim", "_styr_auditor",
                AuditorClaim.objects.filter(claim_value__in=values).exists())
    _sync_group(user, access.SECURITY_OFFICERS, "security_officer_by_claim", "_styr_security_officer",
                SecurityOfficerClaim.objects.filter(claim_value__in=values).exists())


def _sync_group(user, name, by_claim, cached, granted):
    """A region-wide role (a Django group) as the claim grants it: added when granted, taken back when no
    longer granted — but only if the claim gave it (OidcIdentity.<by_claim>), never one given by hand."""
    from django.contrib.auth.models import Group

    identity = OidcIdentity.objects.filter(user=user).first()
    group = Group.objects.get_or_create(name=name)[0]
    is_member = user.groups.filter(pk=group.pk).exists()
    if granted and not is_member:
        user.groups.add(group)
        if identity is not None:
            OidcIdentity.objects.filter(pk=identity.pk).update(**{by_claim: True})
    elif not granted and is_member and identity is not None and getattr(identity, by_claim):
        user.groups.remove(group)
        OidcIdentity.objects.filter(pk=identity.pk).update(**{by_claim: False})
    user.__dict__.pop(cached, None)  # access caches the answer per request
