import datetime
import hashlib

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organisations.models import Membership, Organisation

TOKEN_MAX_DAYS = 366
TOKEN_PREFIX = "styr_"


def digest_of(secret):
    """SHA-256 of the secret. The secret is 256 random bits, so a fast hash is as safe as a slow one here:
    there is nothing to guess from a dictionary (docs/decisions/0012)."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class ApiToken(models.Model):
    """An API key. Styr keeps the hash of its secret and the first characters for recognition; the secret
    itself is shown once, when the key is made, and is never stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100, help_text=_("What the key is for, e.g. the integration."))
    prefix = models.CharField(_("begins with"), max_length=16, editable=False)
    digest = models.CharField(_("SHA-256 of the secret"), max_length=64, unique=True, editable=False)
    created = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    expires = models.DateTimeField(_("expires"))
    last_used = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("revoked by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+", editable=False)
    # Who was given a key and who revoked it is part of the record; each use is not.
    history = HistoricalRecords(excluded_fields=["last_used"])

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(condition=Q(expires__gt=F("created")), name="apitoken_expires_after_created"),
            models.CheckConstraint(condition=Q(digest__regex=r"^[0-9a-f]{64}$"), name="apitoken_digest_is_sha256"),
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    @property
    def is_expired(self):
        return self.expires <= timezone.now()

    @property
    def is_active(self):
        return not self.is_revoked and not self.is_expired

    @classmethod
    def longest(cls):
        return datetime.timedelta(days=TOKEN_MAX_DAYS)


class ClaimMapping(models.Model):
    """One value of the identity provider's roles claim (STYR_OIDC_ROLES_CLAIM), e.g. the group
    "styr-hsn-editors", and the membership it grants. Data, so that a new group needs no code."""

    claim_value = models.CharField(_("claim value"), max_length=200)
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE,
                                     related_name="claim_mappings")
    role = models.CharField(_("role"), max_length=20, choices=Membership.Role.choices, default=Membership.Role.EDITOR)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("claim mapping")
        verbose_name_plural = _("claim mappings")
        ordering = ["claim_value", "organisation__code", "role"]
        constraints = [
            models.UniqueConstraint(fields=["claim_value", "organisation", "role"], name="claimmapping_unique"),
            models.CheckConstraint(condition=~Q(claim_value=""), name="claimmapping_value_not_empty"),
        ]

    def __str__(self):
        return f"{self.claim_value} → {self.organisation} ({self.get_role_display()})"


class AuditorClaim(models.Model):
    """A value of the roles claim that makes the account an auditor (core.access: the group "auditors"), which
    reads everything and writes nothing. Region-wide, so it names no organisation. Data, like ClaimMapping."""

    claim_value = models.CharField(_("claim value"), max_length=200, unique=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("auditor claim")
        verbose_name_plural = _("auditor claims")
        ordering = ["claim_value"]
        constraints = [models.CheckConstraint(condition=~Q(claim_value=""), name="auditorclaim_value_not_empty")]

    def __str__(self):
        return self.claim_value


class SecurityOfficerClaim(models.Model):
    """A value of the roles claim that makes the account a security officer (core.access: the group
    "security_officers"), which sees every service's security details. Region-wide, like AuditorClaim."""

    claim_value = models.CharField(_("claim value"), max_length=200, unique=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("security officer claim")
        verbose_name_plural = _("security officer claims")
        ordering = ["claim_value"]
        constraints = [models.CheckConstraint(condition=~Q(claim_value=""),
                                              name="securityofficerclaim_value_not_empty")]

    def __str__(self):
        return self.claim_value


class ClaimGrant(models.Model):
    """Marks a membership as granted by the identity provider's claim: such memberships go when the claim no
    longer grants them, while memberships given in Styr by hand stay."""

    membership = models.OneToOneField(Membership, verbose_name=_("membership"), on_delete=models.CASCADE,
                                      related_name="claim_grant")
    claim_value = models.CharField(_("claim value"), max_length=200)

    class Meta:
        verbose_name = _("membership from the identity provider")
        verbose_name_plural = _("memberships from the identity provider")

    def __str__(self):
        return f"{self.membership} ← {self.claim_value}"


class OidcIdentity(models.Model):
    """The identity provider's subject of an account. Accounts are found by (issuer, subject), never by user
    name or e-mail: a provider user called like a local account must not take it over."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                                related_name="oidc_identity")
    issuer = models.CharField(_("issuer"), max_length=300)
    subject = models.CharField(_("subject"), max_length=255)
    last_sign_in = models.DateTimeField(_("last sign-in"), default=timezone.now)
    # Whether the auditor role came from the claim: then it goes when the claim no longer grants it, while an
    # auditor made by hand in the admin site stays one.
    auditor_by_claim = models.BooleanField(_("auditor by claim"), default=False)
    security_officer_by_claim = models.BooleanField(_("security officer by claim"), default=False)

    class Meta:
        verbose_name = _("identity at the provider")
        verbose_name_plural = _("identities at the provider")
        constraints = [models.UniqueConstraint(fields=["issuer", "subject"], name="oidcidentity_unique")]

    def __str__(self):
        return f"{self.user} = {self.subject} @ {self.issuer}"
