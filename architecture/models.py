"""How services hang together (C11, 002 §10.12) and what they are for (C6, 002 §9.1.6–9.1.7).

An integration is a directed flow of information from a producing service to a consuming one; a dependency
says that a service cannot run without another (every care service on the it-workplace). Both are edges of
the graph the impact analysis walks (architecture/impact.py): when the producer or the depended-on service
stops, the consumer stops — for an integration only when it is marked as needed. Processes are the region's
process and capability map, loaded as data; services are linked to the leaf processes they support, which is
what the overlap rule compares and the needs mapping searches."""

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.versioning import Versioned
from security.models import InformationType
from services.models import Service

# The national convention for service contracts over the service platform (RIVTA):
# urn:riv:<domain>[:<subdomain>…]:<Contract>Responder:<major>, e.g.
# urn:riv:clinicalprocess:healthcond:description:GetCareDocumentationResponder:3
SERVICE_CONTRACT_URN = re.compile(r"^urn:riv:[a-z][a-z0-9]*(:[a-z][a-z0-9]*)*:[A-Z][A-Za-z0-9]*Responder:[1-9][0-9]*$")


def validate_service_contract(value):
    if not SERVICE_CONTRACT_URN.match(value):
        raise ValidationError(
            _("“%(value)s” is not a service contract name of the form "
              "urn:riv:<domain>:<Contract>Responder:<major version>, e.g. "
              "urn:riv:clinicalprocess:healthcond:description:GetCareDocumentationResponder:3."),
            code="invalid_service_contract", params={"value": value},
        )


class Integration(Versioned):
    """Information flowing from `producer` to `consumer`. Edited by the owner of the consuming service (it is
    the consumer that depends on the flow and knows what it needs)."""

    class Kind(models.TextChoices):
        SERVICE_CONTRACT = "service_contract", _("Service contract over the service platform")
        API = "api", _("Direct API")
        FILE = "file", _("File transfer")
        MESSAGING = "messaging", _("Messaging")
        SHARED_DATABASE = "shared_database", _("Shared database")
        MANUAL = "manual", _("Manual")

    class Phase(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ACTIVE = "active", _("Active")
        BEING_DECOMMISSIONED = "being_decommissioned", _("Being decommissioned")
        DECOMMISSIONED = "decommissioned", _("Decommissioned")

    producer = models.ForeignKey(Service, verbose_name=_("producer"), on_delete=models.CASCADE,
                                 related_name="integrations_out")
    consumer = models.ForeignKey(Service, verbose_name=_("consumer"), on_delete=models.CASCADE,
                                 related_name="integrations_in")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # Over the service platform the flow passes through the platform service (RTP); it is then an edge of
    # the impact graph too: when the platform stops, the consumer stops (architecture/impact.py).
    platform = models.ForeignKey(
        Service, verbose_name=_("service platform"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="integrations_carried",
        help_text=_("The regional service platform the service contracts pass through."),
    )
    information_types = models.ManyToManyField(
        InformationType, verbose_name=_("information carried"), blank=True, related_name="integrations",
        help_text=_("The producer's classified information that the integration carries."),
    )
    carries = models.CharField(_("carries (free text)"), max_length=500, blank=True,
                               help_text=_("What the integration carries, where it is not classified information."))
    standard = models.CharField(_("standard or protocol"), max_length=200, blank=True)
    criticality = models.CharField(_("criticality"), max_length=10, choices=Service.Criticality.choices,
                                   default=Service.Criticality.MEDIUM)
    phase = models.CharField(_("phase"), max_length=30, choices=Phase.choices, default=Phase.ACTIVE)
    needed = models.BooleanField(
        _("needed by the consumer"), default=True,
        help_text=_("The consuming service stops when the producer stops (counted in the impact analysis)."),
    )
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords(excluded_fields=["row_version"], m2m_fields=[information_types])

    class Meta:
        ordering = ["consumer__name", "producer__name", "kind"]
        verbose_name = _("integration")
        verbose_name_plural = _("integrations")
        constraints = [
            models.UniqueConstraint(fields=["producer", "consumer", "kind"], name="integration_unique_kind",
                                    violation_error_message=_("The services already have an integration of "
                                                              "this kind.")),
            models.CheckConstraint(condition=~models.Q(producer=models.F("consumer")),
                                   name="integration_between_two_services",
                                   violation_error_message=_("An integration joins two different services.")),
            models.CheckConstraint(condition=~models.Q(kind="service_contract") | models.Q(platform__isnull=False),
                                   name="integration_contract_names_platform",
                                   violation_error_message=_("An integration over service contracts names the "
                                                             "service platform it passes through.")),
        ]
        # The impact analysis walks the graph both ways: what stops if X stops (by producer), and what X
        # needs (by consumer); `needed` is in the index so a step reads the index alone.
        indexes = [
            models.Index(fields=["producer", "needed", "consumer"], name="integration_by_producer"),
            models.Index(fields=["consumer", "needed", "producer"], name="integration_by_consumer"),
            models.Index(fields=["platform", "consumer"], name="integration_by_platform"),
        ]

    def __str__(self):
        return f"{self.producer} → {self.consumer} ({self.get_kind_display()})"

    def get_absolute_url(self):
        return self.consumer.section_url("architecture", "integrations")

    def clean(self):
        if self.producer_id and self.producer_id == self.consumer_id:
            raise ValidationError({"producer": _("An integration joins two different services.")})
        if self.kind == self.Kind.SERVICE_CONTRACT and not self.platform_id:
            raise ValidationError({"platform": _("An integration over service contracts names the service "
                                                 "platform it passes through.")})
        if self.platform_id and self.platform_id in (self.producer_id, self.consumer_id):
            raise ValidationError({"platform": _("The service platform is neither the producer nor the consumer.")})


class ServiceContract(Versioned):
    """One service contract an integration over the service platform uses, named as the national convention
    does; the integration's producer answers it and its consumer calls it."""

    integration = models.ForeignKey(Integration, verbose_name=_("integration"), on_delete=models.CASCADE,
                                    related_name="contracts")
    urn = models.CharField(_("service contract"), max_length=300, validators=[validate_service_contract])
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        ordering = ["integration", "urn"]
        verbose_name = _("service contract")
        verbose_name_plural = _("service contracts")
        constraints = [
            models.UniqueConstraint(fields=["integration", "urn"], name="service_contract_once_per_integration",
                                    violation_error_message=_("The integration already uses this service "
                                                              "contract.")),
        ]
        indexes = [models.Index(fields=["urn"], name="service_contract_urn")]

    def __str__(self):
        return self.urn

    @property
    def name(self):
        """The contract's short name, e.g. GetCareDocumentation."""
        return self.urn.split(":")[-2].removesuffix("Responder")

    @property
    def major_version(self):
        return int(self.urn.rsplit(":", 1)[-1])


class Dependency(Versioned):
    """`service` cannot run without `depends_on` (e.g. a care system on the it-workplace and on the identity
    services). Edited by the owner of `service`."""

    service = models.ForeignKey(Service, verbose_name=_("service"), on_delete=models.CASCADE,
                                related_name="dependencies")
    depends_on = models.ForeignKey(Service, verbose_name=_("depends on"), on_delete=models.CASCADE,
                                   related_name="dependents")
    description = models.CharField(_("what for"), max_length=500, blank=True)
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        ordering = ["service__name", "depends_on__name"]
        verbose_name = _("dependency")
        verbose_name_plural = _("dependencies")
        constraints = [
            models.UniqueConstraint(fields=["service", "depends_on"], name="dependency_once",
                                    violation_error_message=_("The service already depends on that service.")),
            models.CheckConstraint(condition=~models.Q(service=models.F("depends_on")),
                                   name="dependency_on_another_service",
                                   violation_error_message=_("A service cannot depend on itself.")),
        ]
        indexes = [
            models.Index(fields=["depends_on", "service"], name="dependency_by_depended_on"),
            models.Index(fields=["service", "depends_on"], name="dependency_by_service"),
        ]

    def __str__(self):
        return f"{self.service} → {self.depends_on}"

    def get_absolute_url(self):
        return self.service.section_url("architecture", "dependencies")

    def clean(self):
        if self.service_id and self.service_id == self.depends_on_id:
            raise ValidationError({"depends_on": _("A service cannot depend on itself.")})


class Process(Versioned):
    """A process or capability of the region's map (hierarchical). Services support leaf processes."""

    class Kind(models.TextChoices):
        PROCESS = "process", _("Process")
        CAPABILITY = "capability", _("Capability")

    code = models.CharField(_("code"), max_length=40, unique=True,
                            help_text=_("The process's code in the region's map, e.g. 2.3.1; import files name "
                                        "processes by it."))
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PROCESS)
    description = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey("self", verbose_name=_("part of"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children")
    services = models.ManyToManyField(Service, verbose_name=_("supporting services"), blank=True,
                                      related_name="processes")
    history = HistoricalRecords(excluded_fields=["row_version"], m2m_fields=[services])

    class Meta:
        ordering = ["code"]
        verbose_name = _("process")
        verbose_name_plural = _("processes")
        constraints = [
            models.CheckConstraint(condition=~models.Q(parent=models.F("id")), name="process_not_own_parent",
                                   violation_error_message=_("A process cannot be part of itself.")),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def clean(self):
        # No loops in the map: walking up from the new parent must not meet this process. The map is small
        # (hundreds of processes) and shallow, so the walk is a handful of queries.
        seen, parent = set(), self.parent
        while parent is not None and parent.pk not in seen:
            if self.pk and parent.pk == self.pk:
                raise ValidationError({"parent": _("A process cannot be part of itself or of a part of itself.")})
            seen.add(parent.pk)
            parent = parent.parent


class NeedsMapping(Versioned):
    """Before anything new is built, the need is mapped against the services that exist (002 §9.1.7): which
    were considered and why they do not meet the need. Recorded for the new service; edited by its owner."""

    service = models.OneToOneField(Service, verbose_name=_("service"), on_delete=models.CASCADE,
                                   related_name="needs_mapping")
    need = models.TextField(_("the need"))
    processes = models.ManyToManyField(Process, verbose_name=_("processes"), blank=True, related_name="+")
    mapped_on = models.DateField(_("mapped on"), default=datetime.date.today)
    mapped_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("mapped by"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    history = HistoricalRecords(excluded_fields=["row_version"], m2m_fields=[processes])

    class Meta:
        verbose_name = _("needs mapping")
        verbose_name_plural = _("needs mappings")

    def __str__(self):
        return str(self.service)

    def get_absolute_url(self):
        return self.service.section_url("architecture", "needs-mapping")


class MappedService(Versioned):
    """An existing service the need was mapped against, and why it does not meet the need."""

    mapping = models.ForeignKey(NeedsMapping, verbose_name=_("needs mapping"), on_delete=models.CASCADE,
                                related_name="candidates")
    candidate = models.ForeignKey(Service, verbose_name=_("existing service"), on_delete=models.CASCADE,
                                  related_name="+")
    reason = models.TextField(_("why it does not meet the need"))
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        ordering = ["mapping", "candidate__name"]
        verbose_name = _("mapped service")
        verbose_name_plural = _("mapped services")
        constraints = [
            models.UniqueConstraint(fields=["mapping", "candidate"], name="mapped_service_once",
                                    violation_error_message=_("The service is already in the mapping.")),
        ]

    def __str__(self):
        return f"{self.mapping} ↔ {self.candidate}"

    def clean(self):
        if self.mapping_id and self.candidate_id == self.mapping.service_id:
            raise ValidationError({"candidate": _("A service is not mapped against itself.")})


class ModelIdentifier(models.Model):
    """The identifier an element or relationship had in an ArchiMate exchange file it was imported from, so
    that exporting again writes the same identifiers (a round trip is lossless) and importing again updates
    instead of duplicating. Written only by the ArchiMate import (architecture/archimate.py)."""

    model = models.CharField(max_length=100)  # app_label.model_name
    object_id = models.BigIntegerField()
    identifier = models.CharField(max_length=200, unique=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["model", "object_id"], name="model_identifier_once")]

    def __str__(self):
        return f"{self.model}#{self.object_id} = {self.identifier}"
