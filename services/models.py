from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.versioning import Versioned
from decisions.models import Decision
from organisations.models import Domain, Organisation


class CategoryScheme(Versioned):
    """A way of grouping services, e.g. the five groups of 001 Bilaga 1. Schemes are data."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        ordering = ["name"]
        verbose_name = _("category scheme")
        verbose_name_plural = _("category schemes")

    def __str__(self):
        return self.name


class Category(Versioned):
    scheme = models.ForeignKey(
        CategoryScheme, verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="categories"
    )
    code = models.SlugField(
        _("code"), max_length=40, unique=True,
        help_text=_("Unique across all schemes, so an import file can name a category by its code alone."),
    )
    name = models.CharField(_("name"), max_length=200)
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        ordering = ["scheme__name", "code"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return f"{self.scheme.name}: {self.name}"


class Service(Versioned):
    class Kind(models.TextChoices):
        COMMON = "common", _("Region-wide common")
        LOCAL = "local", _("Local")
        NATIONAL = "national", _("National")
        INFRASTRUCTURE = "infrastructure", _("Infrastructure")

    class Phase(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_DEVELOPMENT = "in_development", _("In development")
        IN_TEST = "in_test", _("In test")
        IN_PRODUCTION = "in_production", _("In production")
        BEING_DECOMMISSIONED = "being_decommissioned", _("Being decommissioned")
        DECOMMISSIONED = "decommissioned", _("Decommissioned")
        ARCHIVED = "archived", _("Archived")

    class Criticality(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")
        CRITICAL = "critical", _("Critical")

    class DeliveryModel(models.TextChoices):
        IN_HOUSE = "in_house", _("In-house")
        INTERNAL_SUPPLIER = "internal_supplier", _("Internal supplier")
        EXTERNAL_SUPPLIER = "external_supplier", _("External supplier")
        CLOUD_SERVICE = "cloud_service", _("Cloud service")
        NATIONAL_PROVIDER = "national_provider", _("National provider")

    class Audience(models.TextChoices):
        RESIDENTS = "residents", _("Residents")
        STAFF = "staff", _("Staff")
        PARTNERS = "partners", _("Partners and other organisations")

    # The lifecycle of 002 §10.7. A service may step back from test to development, and a
    # decommissioning may be called off; nothing comes back from decommissioned or archived.
    TRANSITIONS = {
        Phase.PLANNED: {Phase.IN_DEVELOPMENT, Phase.DECOMMISSIONED},
        Phase.IN_DEVELOPMENT: {Phase.PLANNED, Phase.IN_TEST, Phase.DECOMMISSIONED},
        Phase.IN_TEST: {Phase.IN_DEVELOPMENT, Phase.IN_PRODUCTION, Phase.DECOMMISSIONED},
        Phase.IN_PRODUCTION: {Phase.BEING_DECOMMISSIONED},
        Phase.BEING_DECOMMISSIONED: {Phase.IN_PRODUCTION, Phase.DECOMMISSIONED},
        Phase.DECOMMISSIONED: {Phase.ARCHIVED},
        Phase.ARCHIVED: set(),
    }

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    version = models.CharField(
        _("current version"), max_length=40, blank=True,
        help_text=_("The version in use or about to go into production; tests are recorded against it."),
    )
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    categories = models.ManyToManyField(
        Category, verbose_name=_("categories"), blank=True, related_name="services"
    )
    domain = models.ForeignKey(
        Domain, verbose_name=_("responsibility domain"), on_delete=models.PROTECT, related_name="services"
    )
    phase = models.CharField(_("lifecycle phase"), max_length=30, choices=Phase.choices, default=Phase.PLANNED)
    criticality = models.CharField(
        _("criticality"), max_length=10, choices=Criticality.choices, default=Criticality.MEDIUM
    )
    delivery_model = models.CharField(
        _("delivery model"), max_length=20, choices=DeliveryModel.choices, blank=True
    )
    supplier = models.CharField(_("supplier"), max_length=200, blank=True)
    sourcing_review_date = models.DateField(
        _("sourcing to be re-examined by"), null=True, blank=True,
        help_text=_("Date by which the choice of delivery model and supplier must be re-examined (000 §3.4)."),
    )
    external_id = models.CharField(
        _("external id"), max_length=100, unique=True, null=True, blank=True,
        help_text=_("Identifier in the source register; import files are matched on it."),
    )
    # The public catalogue (catalogue/, issue 10): who the service is for, whether the region publishes it, and
    # the accessibility statement the law on accessibility of digital public services asks for.
    # Defaults in the database too, so that a row written without Django (a bulk load, a raw benchmark) is valid.
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices, blank=True, default="",
                                db_default="", help_text=_("Who the service is for."))
    public = models.BooleanField(
        _("published in the public catalogue"), default=False, db_default=False,
        help_text=_("Shown to anyone, without signing in, in the public catalogue and its open data. On by default "
                    "for a new service for residents."),
    )
    accessibility_statement_url = models.URLField(
        _("accessibility statement"), max_length=500, blank=True, default="", db_default="",
        help_text=_("Address of the service's accessibility statement."),
    )
    history = HistoricalRecords(m2m_fields=[categories], excluded_fields=["row_version"])

    class Meta:
        ordering = ["name"]
        verbose_name = _("digital service")
        verbose_name_plural = _("digital services")
        indexes = [
            models.Index(fields=["name"]),  # the list's default order: a page without a sort of the register
            models.Index(fields=["phase", "name"]),
            models.Index(fields=["kind", "name"]),
            models.Index(fields=["domain", "name"]),
            models.Index(fields=["public", "name"]),  # the public catalogue's list
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("services:detail", args=[self.pk])

    def section_url(self, section, anchor=None):
        """The service page with one section rendered open (services/sections.py), at `anchor` inside it. A write
        elsewhere returns here: without `open` the section would be closed and the anchor not on the page (without
        JavaScript), or the page's script would load every section to find it."""
        return f"{self.get_absolute_url()}?open={section}#{anchor or 's-' + section}"

    @classmethod
    def default_public(cls, audience):
        """A new service whose publication is not stated is public when it is for residents (issue 10)."""
        return audience == cls.Audience.RESIDENTS

    @classmethod
    def check_transition(cls, old, new):
        if old != new and new not in cls.TRANSITIONS[cls.Phase(old)]:
            raise ValidationError(
                {"phase": _("A service cannot go from “%(old)s” to “%(new)s”.")
                 % {"old": cls.Phase(old).label, "new": cls.Phase(new).label}},
                code="invalid_transition",
            )

    @classmethod
    def check_owner(cls, phase, owner):
        """Every service past "planned" has an owner (000 §3.1)."""
        if phase != cls.Phase.PLANNED and owner is None:
            raise ValidationError(
                {"owner": _("A service past “planned” must have an owner.")}, code="owner_required"
            )


class Ownership(Versioned):
    """One period [valid_from, valid_to) in which one organisation owns a service (000 §3.1).

    A period begins in one of three ways: the service is registered (its first owner), an approved transfer
    takes effect (001: after a risk and consequence analysis and a decision), or an administrator corrects
    the record, naming the decision that says what was right. A period may begin in the future: a transfer
    decided for a later date; until then the earlier period is in force (see services.queries)."""

    class Basis(models.TextChoices):
        REGISTRATION = "registration", _("Registration")
        TRANSFER = "transfer", _("Decided transfer")
        CORRECTION = "correction", _("Correction by an administrator")

    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="ownerships"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="ownerships"
    )
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("to"), null=True, blank=True)
    mandate = models.TextField(
        _("mandate"), blank=True,
        help_text=_("On whose behalf the owner holds the service, e.g. for all boards that use it."),
    )
    basis = models.CharField(_("basis"), max_length=20, choices=Basis.choices, default=Basis.REGISTRATION)
    decision = models.ForeignKey(
        Decision, verbose_name=_("decision"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="ownerships",
    )
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        ordering = ["service", "-valid_from"]
        verbose_name = _("ownership")
        verbose_name_plural = _("ownerships")
        constraints = [
            models.UniqueConstraint(
                fields=["service"], condition=models.Q(valid_to__isnull=True),
                name="ownership_one_open_per_service",
                violation_error_message=_("The service already has an owner; transfer the ownership instead."),
            ),
            models.UniqueConstraint(fields=["service", "valid_from"], name="ownership_unique_start"),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gt=models.F("valid_from")),
                name="ownership_ends_after_start",
                violation_error_message=_("An ownership must end after it starts."),
            ),
            models.CheckConstraint(
                condition=~models.Q(basis="correction") | models.Q(decision__isnull=False),
                name="ownership_correction_names_decision",
                violation_error_message=_("A correction of the ownership record names the decision behind it."),
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "valid_to"]),
            # The service list filtered by owner starts here: one owner's ownerships with their period, read from
            # the index alone. Without it PostgreSQL walked the phase index in name order and probed each
            # service's ownership (issue 13: 42-60 req/s at 4 clients on 100,000 services).
            models.Index(fields=["organisation", "service", "valid_from", "valid_to"], name="ownership_owner_services"),
        ]

    def __str__(self):
        return f"{self.service} – {self.organisation} ({self.valid_from}–{self.valid_to or ''})"

    def get_absolute_url(self):
        return self.service.section_url("ownership", "ownership")


class Consumer(Versioned):
    class Unit(models.TextChoices):
        USERS = "users", _("users")
        TRANSACTIONS = "transactions", _("transactions")
        LICENCES = "licences", _("licences")
        OTHER = "other", _("other")

    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="consumers"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="consumptions"
    )
    volume = models.DecimalField(
        _("usage volume"), max_digits=14, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices, default=Unit.USERS)
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        ordering = ["service", "organisation__name"]
        verbose_name = _("consumer")
        verbose_name_plural = _("consumers")
        # Covering: the impact pages total the boards over 100,000 services from this index alone.
        indexes = [models.Index(fields=["service", "organisation", "unit", "volume"], name="consumer_covering")]
        constraints = [
            models.UniqueConstraint(fields=["service", "organisation"], name="consumer_unique_per_service"),
            models.CheckConstraint(
                condition=models.Q(volume__gte=0), name="consumer_volume_not_negative",
                violation_error_message=_("Usage volume cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.organisation} → {self.service}"


class RoleAssignment(Versioned):
    class Role(models.TextChoices):
        SERVICE_OWNER = "service_owner", _("Service owner")
        SERVICE_MANAGER = "service_manager", _("Service manager")
        TECHNICAL_MANAGER = "technical_manager", _("Technical manager")
        BUSINESS_MANAGER = "business_manager", _("Business manager")
        INFORMATION_OWNER = "information_owner", _("Information owner")

    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    person_name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        ordering = ["service", "role", "person_name"]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["service", "role", "person_name"], name="role_unique_person"),
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.person_name}"
