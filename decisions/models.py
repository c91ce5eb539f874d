from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import uploads
from core.validators import not_in_future
from core.versioning import Versioned
from organisations.models import Organisation

REGISTRY_NUMBER = r"^[A-ZÅÄÖ]{1,6} \d{4}-\d{4}$"


class Decision(Versioned):
    """A decision of a board or company, known by its registry number (diarienummer)."""

    body = models.ForeignKey(Organisation, verbose_name=_("deciding body"), on_delete=models.PROTECT,
                             related_name="decisions")
    decided_on = models.DateField(_("date of decision"), validators=[not_in_future])
    registry_number = models.CharField(
        _("registry number"), max_length=20,
        validators=[RegexValidator(REGISTRY_NUMBER, _("Write the registry number like RS 2020-0242."))],
    )
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("decision text"), blank=True)
    history = HistoricalRecords(excluded_fields=["row_version"])

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
        return reverse("decisions:detail", args=[self.pk])


def attachment_path(instance, filename):
    return uploads.generated_name("decisions", filename)


class DecisionAttachment(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, validators=[uploads.check])
    name = models.CharField(_("name"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.name
