from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organisations.models import Organisation
from services.models import Service

REGISTRY_NUMBER = r"^[A-ZÅÄÖ]{1,6} \d{4}-\d{4}$"


class Decision(models.Model):
    """A decision of a board or company, known by its registry number (diarienummer)."""

    body = models.ForeignKey(Organisation, verbose_name=_("deciding body"), on_delete=models.PROTECT,
                             related_name="decisions")
    decided_on = models.DateField(_("date of decision"))
    registry_number = models.CharField(
        _("registry number"), max_length=20,
        validators=[RegexValidator(REGISTRY_NUMBER, _("Write the registry number like RS 2020-0242."))],
    )
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("decision text"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-decided_on", "registry_number"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.UniqueConstraint(fields=["body", "registry_number"], name="decision_unique_per_body",
                                    violation_error_message=_("The body already has a decision with that number.")),
            models.CheckConstraint(condition=models.Q(registry_number__regex=REGISTRY_NUMBER),
                                   name="decision_registry_number_format"),
        ]

    def __str__(self):
        return f"{self.registry_number} {self.title}"

    def get_absolute_url(self):
        return reverse("governance:decision", args=[self.pk])


class DecisionAttachment(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to="decisions/%Y/")
    name = models.CharField(_("name"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.name


class OwnershipTransfer(models.Model):
    """A request to move a service to another owner: analysed for risk and consequence, then decided (001)."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ANALYSED = "analysed", _("Risk analysis attached")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    service = models.ForeignKey(Service, verbose_name=_("service"), on_delete=models.CASCADE,
                                related_name="transfers")
    from_organisation = models.ForeignKey(Organisation, verbose_name=_("from"), on_delete=models.PROTECT,
                                          related_name="+")
    to_organisation = models.ForeignKey(Organisation, verbose_name=_("to"), on_delete=models.PROTECT,
                                        related_name="transfers_in")
    reason = models.TextField(_("reason"))
    requested_date = models.DateField(_("requested date of transfer"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    risk_analysis = models.TextField(_("risk and consequence analysis"), blank=True)
    risk_analysis_file = models.FileField(_("risk analysis document"), upload_to="transfers/%Y/", blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED)
    decision = models.ForeignKey(Decision, verbose_name=_("decision"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="transfers")
    effective_date = models.DateField(_("takes effect"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_date"]
        verbose_name = _("ownership transfer")
        verbose_name_plural = _("ownership transfers")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status__in=["approved", "rejected"])
                | (models.Q(decision__isnull=False) & ~models.Q(risk_analysis="")),
                name="transfer_decided_with_analysis_and_decision",
                violation_error_message=_("A transfer is decided only with a risk analysis and a decision."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="approved") | models.Q(effective_date__isnull=False),
                name="transfer_approved_has_date",
            ),
            models.CheckConstraint(condition=~models.Q(from_organisation=models.F("to_organisation")),
                                   name="transfer_to_another_owner"),
            models.UniqueConstraint(
                fields=["service"], condition=models.Q(status__in=["requested", "analysed"]),
                name="transfer_one_under_way_per_service",
                violation_error_message=_("A transfer of this service is already under way."),
            ),
        ]

    def __str__(self):
        return f"{self.service}: {self.from_organisation} → {self.to_organisation}"


class Exemption(models.Model):
    """Leave for a local service where a common one would otherwise be the rule (000 §3.3, 001)."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    service = models.ForeignKey(Service, verbose_name=_("service"), on_delete=models.CASCADE,
                                related_name="exemptions")
    requesting_organisation = models.ForeignKey(Organisation, verbose_name=_("requested by"),
                                                on_delete=models.PROTECT, related_name="+")
    unique_need = models.TextField(_("the unique need"))
    why_not_common = models.TextField(_("why the common services will not do"))
    considered = models.ManyToManyField(Service, verbose_name=_("common services considered"), blank=True,
                                        related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED)
    deciding_board = models.ForeignKey(Organisation, verbose_name=_("deciding board"), on_delete=models.PROTECT,
                                       related_name="exemptions_decided")
    decision = models.ForeignKey(Decision, verbose_name=_("decision"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="exemptions")
    expires_on = models.DateField(_("valid until"), null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[considered])

    class Meta:
        ordering = ["-expires_on"]
        verbose_name = _("exemption")
        verbose_name_plural = _("exemptions")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="approved")
                | (models.Q(decision__isnull=False) & models.Q(expires_on__isnull=False)),
                name="exemption_approved_has_decision_and_expiry",
                violation_error_message=_("An approved exemption needs a decision and an expiry date."),
            ),
        ]
        indexes = [models.Index(fields=["service", "status", "expires_on"])]

    def __str__(self):
        return f"{self.service} ({self.get_status_display()})"


class RuleSnapshot(models.Model):
    """One day's result of one rule for one owner, so the dashboard can show the trend."""

    taken_on = models.DateField(_("date"))
    rule = models.CharField(_("rule"), max_length=40)
    owner = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    applicable = models.PositiveIntegerField(_("services the rule applies to"))
    failing = models.PositiveIntegerField(_("services with a finding"))

    class Meta:
        ordering = ["taken_on", "rule"]
        verbose_name = _("rule snapshot")
        verbose_name_plural = _("rule snapshots")
        indexes = [models.Index(fields=["taken_on", "rule"])]

    def __str__(self):
        return f"{self.taken_on} {self.rule}: {self.failing}/{self.applicable}"
