import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import uploads
from core.versioning import Versioned
from decisions.models import Decision
from organisations.models import Organisation
from services.models import Service


def analysis_path(instance, filename):
    return uploads.generated_name("transfers", filename)


class OwnershipTransfer(Versioned):
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
    requested_on = models.DateField(_("requested on"), default=datetime.date.today,
                                    help_text=_("The day the request was made; its decision cannot be older."))
    deciding_body = models.ForeignKey(
        Organisation, verbose_name=_("decided by"), null=True, on_delete=models.PROTECT, related_name="+",
        help_text=_("The body entitled to decide, fixed when the transfer is requested."),
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    risk_analysis = models.TextField(_("risk and consequence analysis"), blank=True)
    risk_analysis_file = models.FileField(_("risk analysis document"), upload_to=analysis_path, blank=True,
                                          validators=[uploads.check])
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED)
    decision = models.ForeignKey(Decision, verbose_name=_("decision"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="transfers")
    effective_date = models.DateField(_("takes effect"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["row_version"])

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

    def get_absolute_url(self):
        return reverse("governance:transfer", args=[self.pk])


class Exemption(Versioned):
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
    requested_on = models.DateField(_("requested on"), default=datetime.date.today,
                                    help_text=_("The day the request was made; its decision cannot be older."))
    deciding_board = models.ForeignKey(Organisation, verbose_name=_("deciding board"), on_delete=models.PROTECT,
                                       related_name="exemptions_decided")
    decision = models.ForeignKey(Decision, verbose_name=_("decision"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="exemptions")
    expires_on = models.DateField(_("valid until"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["row_version"], m2m_fields=[considered])

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

    def get_absolute_url(self):
        return reverse("governance:exemption", args=[self.pk])
