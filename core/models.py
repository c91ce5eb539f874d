from django.db import models


class ChainLink(models.Model):
    """One history record sealed into the chain: its digest covers the record's content and the digest of
    the link before it (core/audit.py). Written only by core.audit; never edited.

    The columns after `digest` describe the record (who, when, which object) so that the audit log reads one
    indexed table instead of every history table; verify-history checks them against the record. A
    tombstone (table "archive") is the link that stands for history archived away; `note` holds what it
    says, and its digest covers that."""

    table = models.CharField(max_length=100)
    row_id = models.BigIntegerField()
    digest = models.CharField(max_length=64)
    model = models.CharField(max_length=100, blank=True, default="")
    object_id = models.CharField(max_length=64, blank=True, default="")
    history_type = models.CharField(max_length=1, blank=True, default="")
    at = models.DateTimeField(null=True, blank=True)
    user_id = models.IntegerField(null=True, blank=True)
    sealed_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["table", "row_id"], name="chain_link_once_per_record")]
        indexes = [
            models.Index(fields=["model", "object_id", "id"], name="chain_link_object"),
            models.Index(fields=["model", "id"], name="chain_link_model"),
            models.Index(fields=["user_id", "id"], name="chain_link_user"),
            models.Index(fields=["at"], name="chain_link_at"),
        ]

    def __str__(self):
        return f"{self.id}: {self.table}#{self.row_id}"


class Verification(models.Model):
    """The outcome of one run of verify-history, so that the audit page can say whether the last one passed."""

    at = models.DateTimeField(auto_now_add=True)
    ok = models.BooleanField()
    sealed = models.BigIntegerField()
    head = models.CharField(max_length=64)
    unsealed = models.BigIntegerField(default=0)
    problem = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["-id"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M}: {'ok' if self.ok else self.problem}"
