from django.db import models


class ChainLink(models.Model):
    """One history record sealed into the chain: its digest covers the record's content and the digest of
    the link before it (core/audit.py). Written only by audit.seal(); never edited."""

    table = models.CharField(max_length=100)
    row_id = models.BigIntegerField()
    digest = models.CharField(max_length=64)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["table", "row_id"], name="chain_link_once_per_record")]

    def __str__(self):
        return f"{self.id}: {self.table}#{self.row_id}"
