from django.db import models
from django.utils.translation import gettext_lazy as _

from organisations.models import Organisation


class RuleSnapshot(models.Model):
    """One day's result of one rule for one owner, so the overview can show the trend."""

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
