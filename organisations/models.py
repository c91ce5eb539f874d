from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history import register
from simple_history.models import HistoricalRecords

from core.versioning import Versioned


class Organisation(Versioned):
    class Kind(models.TextChoices):
        REGION = "region", _("Region")
        BOARD = "board", _("Board")
        COMPANY = "company", _("Company")
        ADMINISTRATION = "administration", _("Administration")
        PRIVATE_PROVIDER = "private_provider", _("Private care provider")
        MUNICIPALITY = "municipality", _("Municipality")
        NATIONAL_ACTOR = "national_actor", _("National actor")

    code = models.SlugField(
        _("code"), max_length=40, unique=True,
        help_text=_("Short unique code used in the API and in import files, e.g. HSN."),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent organisation"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    org_number = models.CharField(
        _("organisation number"), max_length=11, blank=True,
        validators=[RegexValidator(r"^\d{6}-\d{4}$", _("Organisation number must be written NNNNNN-NNNN."))],
        help_text=_("Swedish organisation number, NNNNNN-NNNN."),
    )
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(org_number="") | models.Q(org_number__regex=r"^\d{6}-\d{4}$"),
                name="organisation_org_number_format",
                violation_error_message=_("Organisation number must be written NNNNNN-NNNN."),
            ),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")),
                name="organisation_not_own_parent",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organisations:detail", args=[self.pk])


class Domain(Versioned):
    """A responsibility domain (001, "Principer för ansvarsfördelning") and its deciding board."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    deciding_board = models.ForeignKey(
        Organisation, verbose_name=_("deciding board"), on_delete=models.PROTECT,
        related_name="decided_domains",
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("part of domain"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="sub_areas",
    )
    transfers_decided_by = models.ForeignKey(
        Organisation, verbose_name=_("transfers decided by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The body that decides ownership transfers of the domain's services, if not its deciding board."),
    )
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        ordering = ["name"]
        verbose_name = _("responsibility domain")
        verbose_name_plural = _("responsibility domains")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organisations:domain", args=[self.pk])

    @property
    def transfer_body_id(self):
        """Who decides an ownership transfer of a service in this domain (001: the responsible board)."""
        return self.transfers_decided_by_id or self.deciding_board_id


class Membership(Versioned):
    """A user's role in an organisation; editors may change what their organisation owns."""

    class Role(models.TextChoices):
        EDITOR = "editor", _("Editor")
        SECRETARIAT = "secretariat", _("Secretariat (records and decides for the body)")
        # Manages the organisation's own memberships (docs/decisions/0033), nothing else by this role alone.
        ADMINISTRATOR = "administrator", _("Organisation administrator (manages its memberships)")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.EDITOR)
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_unique"),
        ]

    def __str__(self):
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"


# Accounts are part of the record too: who was given which rights, and when. Not the password
# hash, and not each sign-in.
register(get_user_model(), app=__package__, excluded_fields=["password", "last_login"])
