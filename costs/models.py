"""Costs in whole öre (integers, never floats), funding models, usage, and stored allocation runs."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.versioning import Versioned
from decisions.models import Decision
from organisations.models import Organisation
from services.models import Service

YEAR = [MinValueValidator(2000), MaxValueValidator(2100)]


class CostType(models.TextChoices):
    LICENCES = "licences", _("Licences")
    OPERATIONS = "operations", _("Operations")
    MAINTENANCE = "maintenance", _("Maintenance (förvaltning)")
    DEVELOPMENT = "development", _("Development")
    DEPRECIATION = "depreciation", _("Depreciation of investments")
    OTHER = "other", _("Other")


class Figure(models.TextChoices):
    BUDGET = "budget", _("Budget")
    OUTCOME = "outcome", _("Outcome")


class CostLine(Versioned):
    service = models.ForeignKey(Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="costs")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    cost_type = models.CharField(_("cost type"), max_length=20, choices=CostType.choices)
    figure = models.CharField(_("budget or outcome"), max_length=10, choices=Figure.choices)
    amount_ore = models.BigIntegerField(_("amount (öre)"), validators=[MinValueValidator(0)])
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        ordering = ["service", "year", "cost_type"]
        verbose_name = _("cost line")
        verbose_name_plural = _("cost lines")
        constraints = [
            models.UniqueConstraint(fields=["service", "year", "cost_type", "figure"], name="cost_line_unique"),
            models.CheckConstraint(condition=models.Q(amount_ore__gte=0), name="cost_line_not_negative"),
        ]
        # (year, figure, service): a year's lines for the allocation, and R10's probe of one service's outcome —
        # three equal columns, so SQLite takes it over the unique (service, year, …) or a (year, figure) index
        # even without statistics. With (year, figure) alone, cost lines entered after the last ANALYZE made R10
        # read every line of the year for each service (100,000 × 100,000 at a region's size: hours).
        indexes = [models.Index(fields=["year", "figure", "service"])]

    def __str__(self):
        return f"{self.service} {self.year} {self.get_cost_type_display()}: {self.amount_ore / 100:.2f} kr"


class Driver(Versioned):
    """What usage is counted in: users, transactions, licences — or anything a region defines."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        ordering = ["name"]
        verbose_name = _("usage driver")
        verbose_name_plural = _("usage drivers")

    def __str__(self):
        return self.name


class FundingModel(Versioned):
    class Method(models.TextChoices):
        VOLUME = "volume", _("Volume-based fee")
        FIXED_KEY = "fixed_key", _("Fixed allocation key")
        EQUAL_SHARE = "equal_share", _("Equal share among consumers")
        COMMON = "common", _("Funded in common")

    service = models.ForeignKey(Service, verbose_name=_("service"), on_delete=models.CASCADE,
                                related_name="funding_models")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    method = models.CharField(_("funding model"), max_length=20, choices=Method.choices)
    driver = models.ForeignKey(Driver, verbose_name=_("usage driver"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    funder = models.ForeignKey(Organisation, verbose_name=_("funded by"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    decision = models.ForeignKey(Decision, verbose_name=_("decision"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="funding_models")
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        ordering = ["service", "year"]
        verbose_name = _("funding model")
        verbose_name_plural = _("funding models")
        constraints = [
            models.UniqueConstraint(fields=["service", "year"], name="funding_model_one_per_year"),
            models.CheckConstraint(condition=~models.Q(method="volume") | models.Q(driver__isnull=False),
                                   name="funding_volume_needs_driver",
                                   violation_error_message=_("A volume-based fee needs a usage driver.")),
            models.CheckConstraint(
                condition=~models.Q(method="common")
                | (models.Q(funder__isnull=False) & models.Q(decision__isnull=False)),
                name="funding_common_needs_funder_and_decision",
                violation_error_message=_("Funding in common needs the funding organisation and a decision."),
            ),
        ]

    def __str__(self):
        return f"{self.service} {self.year}: {self.get_method_display()}"

    def get_absolute_url(self):
        return self.service.get_absolute_url()


class AllocationKey(Versioned):
    """One organisation's agreed percentage under a fixed allocation key."""

    funding_model = models.ForeignKey(FundingModel, on_delete=models.CASCADE, related_name="keys")
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="+")
    percent = models.DecimalField(_("percent"), max_digits=7, decimal_places=4,
                                  validators=[MinValueValidator(0), MaxValueValidator(100)])
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        verbose_name = _("allocation key")
        verbose_name_plural = _("allocation keys")
        constraints = [
            models.UniqueConstraint(fields=["funding_model", "organisation"], name="allocation_key_unique"),
            models.CheckConstraint(condition=models.Q(percent__gte=0) & models.Q(percent__lte=100),
                                   name="allocation_key_percent_range"),
        ]

    def __str__(self):
        return f"{self.organisation}: {self.percent} %"


class Usage(Versioned):
    """How much of a service an organisation used in a year, counted in a driver."""

    service = models.ForeignKey(Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="usage")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="+")
    driver = models.ForeignKey(Driver, verbose_name=_("usage driver"), on_delete=models.PROTECT, related_name="+")
    volume = models.DecimalField(_("volume"), max_digits=16, decimal_places=2, validators=[MinValueValidator(0)])
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        ordering = ["service", "year", "organisation"]
        verbose_name = _("usage")
        verbose_name_plural = _("usage")
        constraints = [
            models.UniqueConstraint(fields=["service", "year", "organisation", "driver"], name="usage_unique"),
            models.CheckConstraint(condition=models.Q(volume__gte=0), name="usage_not_negative"),
        ]

    def __str__(self):
        return f"{self.organisation} {self.service} {self.year}: {self.volume} {self.driver}"


class AllocationRun(models.Model):
    """A stored allocation of one year's costs. Runs are never changed; a new run supersedes."""

    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    figure = models.CharField(_("budget or outcome"), max_length=10, choices=Figure.choices,
                              default=Figure.OUTCOME)
    created_at = models.DateTimeField(_("run at"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    total_cost_ore = models.BigIntegerField(_("total cost (öre)"))
    allocated_ore = models.BigIntegerField(_("allocated (öre)"))
    problems = models.JSONField(_("problems"), default=list,
                                help_text=_("Services whose cost could not be allocated, and why."))
    # The run finance takes for the year's accounts: at most one per year and figure. Until one is marked, and for
    # every other run, a run is a draft; the bill says which it shows (queries.bill_run).
    final_at = models.DateTimeField(_("marked final"), null=True, blank=True)
    final_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", verbose_name=_("marked final by"))
    # [[organisation id, öre], …] largest first, as the run wrote its lines: the run page and the API's summary read
    # this instead of grouping a million lines per request (88 ms at 100,000 services). A run's lines never change.
    # Null for a run whose lines were not written by run_allocation (queries.summary then groups them).
    organisation_totals = models.JSONField(_("total per organisation"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-year", "-created_at"]
        verbose_name = _("allocation run")
        verbose_name_plural = _("allocation runs")
        constraints = [models.UniqueConstraint(fields=["year", "figure"], condition=models.Q(final_at__isnull=False),
                                               name="allocationrun_one_final_per_year",
                                               violation_error_message=_("Another run of this year is already final."))]

    def __str__(self):
        return f"{self.year} {self.get_figure_display()} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def is_final(self):
        return self.final_at is not None


class AllocationLine(models.Model):
    """One organisation's part of one cost type of one service in a run.

    A run writes a million of these in one transaction from ids it has just read in that same
    transaction. Database foreign-key checks on them (a trigger per row and key on PostgreSQL) made a
    run three times slower, so the keys are not declared to the database; Django still refuses to
    delete a service or organisation that a run has billed (PROTECT), and deleting a run deletes its lines.
    """

    run = models.ForeignKey(AllocationRun, on_delete=models.CASCADE, related_name="lines", db_constraint=False)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+", db_constraint=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+", db_constraint=False)
    cost_type = models.CharField(max_length=20, choices=CostType.choices)
    method = models.CharField(max_length=20, choices=FundingModel.Method.choices)
    driver = models.CharField(max_length=40, blank=True)
    volume = models.DecimalField(max_digits=16, decimal_places=4, null=True)
    share = models.DecimalField(max_digits=9, decimal_places=8)
    amount_ore = models.BigIntegerField()

    class Meta:
        verbose_name = _("allocation line")
        verbose_name_plural = _("allocation lines")
        # (run, organisation, …) covers a bill and the region summary: both are read from the index alone, in
        # its order, so they grow with the organisation's lines, not the run's (issue 13, board pages).
        indexes = [models.Index(fields=["run", "organisation", "service", "amount_ore", "method"],
                                name="costs_line_run_org_cover"),
                   models.Index(fields=["run", "service"])]

    def __str__(self):
        return f"{self.organisation} {self.service} {self.cost_type}: {self.amount_ore}"
