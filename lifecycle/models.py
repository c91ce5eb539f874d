from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.validators import not_in_future
from core.versioning import Versioned
from services.models import Service


class SupportCycle(Versioned):
    """A release cycle of a product with its vendor's support dates, from the endoflife.date snapshot."""

    product = models.CharField(_("product"), max_length=100)
    cycle = models.CharField(_("release cycle"), max_length=40)
    release_date = models.DateField(_("released"), null=True, blank=True)
    active_support_ends = models.DateField(_("active support ends"), null=True, blank=True)
    eol = models.DateField(_("support ends"), null=True, blank=True)

    class Meta:
        ordering = ["product", "-release_date"]
        verbose_name = _("support cycle")
        verbose_name_plural = _("support cycles")
        constraints = [models.UniqueConstraint(fields=["product", "cycle"], name="support_cycle_unique")]

    def __str__(self):
        return f"{self.product} {self.cycle}"


class Component(Versioned):
    class Type(models.TextChoices):
        SOFTWARE = "software", _("Software")
        HARDWARE = "hardware", _("Hardware")
        PLATFORM = "platform", _("Platform")
        CLOUD_SERVICE = "cloud_service", _("Cloud service")

    name = models.CharField(_("name"), max_length=200)
    product = models.CharField(
        _("product key"), max_length=100, blank=True,
        help_text=_("The product's name at endoflife.date (e.g. windows-server), if it is known there."),
    )
    version = models.CharField(_("version"), max_length=40, blank=True,
                               help_text=_("The release cycle, e.g. 2019 or 16.0."))
    vendor = models.CharField(_("vendor"), max_length=200, blank=True)
    type = models.CharField(_("type"), max_length=20, choices=Type.choices, default=Type.SOFTWARE)
    support_ends = models.DateField(
        _("support ends (entered)"), null=True, blank=True,
        help_text=_("For products the snapshot does not know, or a vendor agreement that differs from it."),
    )
    services = models.ManyToManyField(Service, verbose_name=_("services"), blank=True, related_name="components")
    history = HistoricalRecords(excluded_fields=["row_version"], m2m_fields=[services])

    class Meta:
        ordering = ["name", "version"]
        verbose_name = _("component")
        verbose_name_plural = _("components")
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="component_unique_name_version"),
        ]

    def __str__(self):
        return f"{self.name} {self.version}".strip()


class TestRecord(Versioned):
    __test__ = False  # a model, not a pytest test class
    class Type(models.TextChoices):
        FUNCTIONAL = "functional", _("Functional")
        INTEGRATION = "integration", _("Integration")
        SECURITY = "security", _("Security")
        ROBUSTNESS = "robustness", _("Robustness")
        ACCESSIBILITY = "accessibility", _("Accessibility")
        LOAD = "load", _("Load")

    class Result(models.TextChoices):
        PASSED = "passed", _("Passed")
        FAILED = "failed", _("Failed")

    service = models.ForeignKey(Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="tests")
    type = models.CharField(_("type of test"), max_length=20, choices=Type.choices)
    version = models.CharField(_("version tested"), max_length=40)
    environment = models.CharField(_("environment"), max_length=100, blank=True)
    performed_on = models.DateField(_("performed on"), validators=[not_in_future])
    result = models.CharField(_("result"), max_length=10, choices=Result.choices)
    evidence_url = models.URLField(_("evidence"), blank=True, help_text=_("Link to the test report."))
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        ordering = ["service", "-performed_on"]
        verbose_name = _("test")
        verbose_name_plural = _("tests")
        indexes = [models.Index(fields=["service", "result", "version"]),
                   models.Index(fields=["service", "type", "result", "performed_on"])]

    def __str__(self):
        return f"{self.get_type_display()} {self.version} {self.performed_on} ({self.get_result_display()})"


class Environment(Versioned):
    class Kind(models.TextChoices):
        TEST = "test", _("Test")
        TRAINING = "training", _("Training")
        INTEGRATION = "integration", _("Integration test for other services")

    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="environments"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        ordering = ["service", "kind", "name"]
        verbose_name = _("environment")
        verbose_name_plural = _("environments")
        constraints = [models.UniqueConstraint(fields=["service", "name"], name="environment_unique_name")]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()})"


class CheckInterval(Versioned):
    """How often security and robustness are checked in operation, by criticality (000 §3.5)."""

    criticality = models.CharField(_("criticality"), max_length=10, choices=Service.Criticality.choices, unique=True)
    days = models.PositiveIntegerField(_("days between checks"))
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        ordering = ["days"]
        verbose_name = _("check interval")
        verbose_name_plural = _("check intervals")

    def __str__(self):
        return f"{self.get_criticality_display()}: {self.days}"
