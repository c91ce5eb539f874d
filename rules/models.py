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


class Evaluation(models.Model):
    """One run of every rule over the register, stored so that the pages read rows instead of running the rules
    (docs/decisions/0034). Only the latest finished one and its findings are kept; the trend has RuleSnapshot."""

    class Status(models.TextChoices):
        RUNNING = "running", _("running")
        DONE = "done", _("finished")

    on = models.DateField(_("rules checked as of"))
    started_at = models.DateTimeField(_("started"))
    as_of = models.DateTimeField(_("as of"), null=True, blank=True)
    took_ms = models.PositiveIntegerField(_("took (ms)"), default=0)
    trigger = models.CharField(_("trigger"), max_length=20)  # "edit", "button", "command", "first", "new day"
    by = models.ForeignKey("auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RUNNING)
    findings = models.PositiveIntegerField(_("findings"), default=0)
    # The last link of the history chain when the rules ran: a later link means the register was written since,
    # also by bulk paths that send no signals (core.bulk, imports).
    chain_link = models.BigIntegerField(default=0)
    # The overview's figures (services per phase, domain and owner; without an owner), counted with the rules:
    # counted per visit they cost 0.7 s at 100,000 services (docs/decisions/0036).
    overview = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("rule evaluation")
        verbose_name_plural = _("rule evaluations")

    def __str__(self):
        return f"{self.on} {self.status} {self.findings}"


class StoredFinding(models.Model):
    """One finding of an evaluation: a rule and the row that breaks it. Inserted in display order (rule, then
    name), so the primary key is the list's order. Plain ids, not foreign keys: a finding is what was true at
    `as_of`, written in bulk, and a deleted service must not cascade into the evaluation that saw it."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="+", db_index=False)
    rule = models.CharField(max_length=40)
    severity = models.CharField(max_length=10)
    subject = models.CharField(max_length=40)
    subject_id = models.BigIntegerField()
    service_id = models.BigIntegerField(null=True)
    label = models.CharField(max_length=300)
    # The label lowered in Python (SQLite's lower() knows only ASCII): the text search matches its start on an
    # index (docs/decisions/0036) instead of reading every finding for a part of a name.
    search = models.CharField(max_length=300, default="")
    external_id = models.CharField(max_length=100, blank=True, default="")
    link = models.CharField(max_length=300)  # where the finding is fixed
    owner_id = models.BigIntegerField(null=True)
    owner_code = models.CharField(max_length=40, blank=True, default="")
    owner_name = models.CharField(max_length=300, blank=True, default="")
    domain_id = models.BigIntegerField(null=True)
    domain_code = models.CharField(max_length=40, blank=True, default="")
    domain_name = models.CharField(max_length=300, blank=True, default="")
    detail = models.BooleanField(default=False)  # tells a security detail (Rule.detail): hidden from some users

    class Meta:
        ordering = ["id"]
        # Every read names the evaluation and pages in id order; the filters start from one of these.
        indexes = [models.Index(fields=["evaluation", "id"], name="rules_finding_eval_id"),
                   models.Index(fields=["evaluation", "rule", "id"], name="rules_finding_rule"),
                   models.Index(fields=["evaluation", "owner_id", "id"], name="rules_finding_owner"),
                   models.Index(fields=["evaluation", "domain_id", "id"], name="rules_finding_domain"),
                   # PostgreSQL matches a prefix (LIKE 'x%') on an index only with the pattern operator class;
                   # SQLite ignores operator classes and matches the prefix as a range (rules.filters).
                   models.Index(fields=["evaluation", "search"], name="rules_finding_search",
                                opclasses=["int8_ops", "varchar_pattern_ops"]),
                   models.Index(fields=["evaluation", "external_id"], name="rules_finding_external")]

    def __str__(self):
        return f"{self.rule} {self.label}"


class StoredCount(models.Model):
    """How many rows a rule applied to and how many broke it, per owner and domain, in one evaluation: the
    rules page, the scorecards (an owner's: its rows; a domain's: its and its sub-areas' rows) and the overview
    sum these."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="+")
    rule = models.CharField(max_length=40)
    owner_id = models.BigIntegerField(null=True)
    domain_id = models.BigIntegerField(null=True)
    applicable = models.PositiveIntegerField()
    failing = models.PositiveIntegerField()

    def __str__(self):
        return f"{self.rule}: {self.failing}/{self.applicable}"


class RefreshState(models.Model):
    """The one row (pk 1) that says whether the stored evaluation is stale and whether a refresh is running.
    A refresh claims it with a conditional UPDATE, which only one of two concurrent refreshes can win."""

    stale_since = models.DateTimeField(null=True, blank=True)
    running_since = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"stale since {self.stale_since}, running since {self.running_since}"
