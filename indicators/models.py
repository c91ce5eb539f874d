"""Indicators and the yearly follow-up (C10; 000 §4.2, 002 §7.1.1 and §11).

An indicator is either computed from the register (its count is registered by the app that knows the facts,
core.registry.INDICATORS, and named here by `computation`) or entered by people with its source named. Both
have, per year, a target and a forecast (IndicatorYear) and outcomes per period (Outcome). An outcome of a
computed indicator keeps the date it was computed and the version of the query, so a past year's figure never
changes silently. The digitalisation grade (GradeDefinition, GradeWeight) is a weighted composite of chosen
indicators, versioned per year. A deviation from target beyond the indicator's threshold opens a Deviation
that demands an analysis of causes and an action plan (PlanAction) until it is followed up.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.versioning import Versioned
from organisations.models import Organisation

YEAR_MIN, YEAR_MAX = 2000, 2100


def _year_constraint(name):
    return models.CheckConstraint(condition=Q(year__gte=YEAR_MIN, year__lte=YEAR_MAX), name=name,
                                  violation_error_message=_("The year must be between 2000 and 2100."))


class FocusArea(Versioned):
    """A strategic focus area an indicator follows (the four of 002 §7.1.1, those of 004 §4): data."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    source = models.CharField(_("source"), max_length=200, blank=True, help_text=_("E.g. “002 §7.1.1”."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")

    def __str__(self):
        return self.name


class Indicator(Versioned):
    class Kind(models.TextChoices):
        COMPUTED = "computed", _("Computed from the register")
        ENTERED = "entered", _("Entered")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")

    class Frequency(models.TextChoices):
        YEARLY = "yearly", _("Yearly")
        QUARTERLY = "quarterly", _("Quarterly")
        MONTHLY = "monthly", _("Monthly")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    definition = models.TextField(_("definition"), help_text=_("What is counted, and how."))
    source = models.CharField(_("data source"), max_length=300,
                              help_text=_("Where the figures come from, e.g. “Styr's register” or “1177 statistics”."))
    frequency = models.CharField(_("frequency"), max_length=20, choices=Frequency.choices, default=Frequency.YEARLY)
    unit = models.CharField(_("unit"), max_length=20, default="%")
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.ENTERED)
    computation = models.CharField(
        _("computation"), max_length=40, blank=True,
        help_text=_("The register count it is computed with (only for computed indicators)."),
    )
    owner = models.ForeignKey(
        Organisation, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="indicators",
        help_text=_("The region, or a board that set its own indicator (000 §4.2)."),
    )
    focus_area = models.ForeignKey(
        FocusArea, verbose_name=_("focus area"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="indicators",
    )
    deviation_threshold = models.DecimalField(
        _("deviation threshold"), max_digits=14, decimal_places=4, default=5,
        help_text=_("A deviation from target larger than this, in the indicator's unit, demands an analysis and an "
                    "action plan."),
    )
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        ordering = ["code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="computed") & ~Q(computation="")) | (Q(kind="entered") & Q(computation="")),
                name="indicator_computation_iff_computed",
                violation_error_message=_("A computed indicator names its computation; an entered one has none."),
            ),
            models.CheckConstraint(condition=Q(deviation_threshold__gte=0), name="indicator_threshold_not_negative",
                                   violation_error_message=_("The deviation threshold cannot be negative.")),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def get_absolute_url(self):
        return reverse("indicators:detail", args=[self.pk])


class IndicatorYear(Versioned):
    """An indicator's target and forecast for one year. The forecast records who made it and when."""

    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE,
                                  related_name="years")
    year = models.PositiveSmallIntegerField(_("year"))
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=4, null=True, blank=True)
    forecast = models.DecimalField(_("forecast"), max_digits=14, decimal_places=4, null=True, blank=True)
    forecast_comment = models.TextField(_("comment on the forecast"), blank=True)
    forecast_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("forecast by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    forecast_at = models.DateTimeField(_("forecast made"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        ordering = ["indicator", "year"]
        verbose_name = _("indicator year")
        verbose_name_plural = _("indicator years")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="indicator_year_unique"),
            _year_constraint("indicator_year_range"),
            models.CheckConstraint(
                condition=Q(forecast__isnull=True) | Q(forecast_at__isnull=False),
                name="indicator_year_forecast_dated",
                violation_error_message=_("A forecast records when it was made."),
            ),
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.year}"


class Outcome(Versioned):
    """An outcome of an indicator for one period of a year: the whole year ("year"), a quarter ("Q1"–"Q4") or
    a month ("M01"–"M12"). Computed outcomes keep the date and query version; entered ones name their source."""

    PERIODS = ["year", "Q1", "Q2", "Q3", "Q4"] + [f"M{month:02d}" for month in range(1, 13)]

    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE,
                                  related_name="outcomes")
    year = models.PositiveSmallIntegerField(_("year"))
    period = models.CharField(_("period"), max_length=4, default="year",
                              choices=[(period, period) for period in PERIODS])
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4)
    numerator = models.PositiveIntegerField(_("counted"), null=True, blank=True)
    denominator = models.PositiveIntegerField(_("out of"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    computed_on = models.DateField(_("computed on"), null=True, blank=True)
    query_version = models.CharField(_("query version"), max_length=40, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        ordering = ["indicator", "year", "period"]
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year", "period"], name="outcome_unique_period"),
            _year_constraint("outcome_year_range"),
            models.CheckConstraint(
                condition=(Q(computed_on__isnull=False) & ~Q(query_version="")) | ~Q(source=""),
                name="outcome_source_named",
                violation_error_message=_("An entered outcome names its source; a computed one its date and query "
                                          "version."),
            ),
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.year} {self.period}: {self.value}"


class GradeDefinition(Versioned):
    """The digitalisation grade's definition for a year (002 §7.1.1): which indicators, with which weights.
    Changing the weights makes a new version; the grade of a year is computed with its latest version, and
    earlier versions stay as they were."""

    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    note = models.TextField(_("note"), blank=True, help_text=_("Why the definition was made or changed."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("made by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("made"), auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        ordering = ["year", "version"]
        verbose_name = _("grade definition")
        verbose_name_plural = _("grade definitions")
        constraints = [
            models.UniqueConstraint(fields=["year", "version"], name="grade_definition_unique_version"),
            _year_constraint("grade_definition_year_range"),
        ]

    def __str__(self):
        return f"{self.year} v{self.version}"


class GradeWeight(Versioned):
    definition = models.ForeignKey(GradeDefinition, verbose_name=_("definition"), on_delete=models.CASCADE,
                                   related_name="weights")
    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT,
                                  related_name="grade_weights")
    weight = models.DecimalField(_("weight"), max_digits=8, decimal_places=4)
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        ordering = ["definition", "indicator"]
        verbose_name = _("grade weight")
        verbose_name_plural = _("grade weights")
        constraints = [
            models.UniqueConstraint(fields=["definition", "indicator"], name="grade_weight_unique_indicator"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="grade_weight_positive",
                                   violation_error_message=_("A weight must be greater than zero.")),
        ]

    def __str__(self):
        return f"{self.definition}: {self.indicator.code} × {self.weight}"


class Deviation(Versioned):
    """An outcome or forecast that deviates from target by more than the indicator's threshold (002 §11):
    it demands an analysis of causes and an action plan, and stays open until followed up."""

    class Basis(models.TextChoices):
        OUTCOME = "outcome", _("Outcome")
        FORECAST = "forecast", _("Forecast")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        FOLLOWED_UP = "followed_up", _("Followed up")

    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE,
                                  related_name="deviations")
    year = models.PositiveSmallIntegerField(_("year"))
    basis = models.CharField(_("basis"), max_length=10, choices=Basis.choices)
    period = models.CharField(_("period"), max_length=4, default="year")
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=4)
    opened_on = models.DateField(_("opened"))
    cause_analysis = models.TextField(_("analysis of causes"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    followed_up_on = models.DateField(_("followed up on"), null=True, blank=True)
    follow_up = models.TextField(_("follow-up"), blank=True, help_text=_("What the actions achieved."))
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        ordering = ["-year", "indicator"]
        verbose_name = _("deviation")
        verbose_name_plural = _("deviations")
        constraints = [
            # One open deviation per indicator, year, basis and period: a new figure updates it.
            models.UniqueConstraint(fields=["indicator", "year", "basis", "period"], condition=Q(status="open"),
                                    name="deviation_one_open"),
            _year_constraint("deviation_year_range"),
            models.CheckConstraint(
                condition=Q(status="open") | (Q(followed_up_on__isnull=False) & ~Q(follow_up="")
                                              & ~Q(cause_analysis="")),
                name="deviation_followed_up_completely",
                violation_error_message=_("A deviation is followed up with a date, a note and its analysis of "
                                          "causes."),
            ),
        ]
        indexes = [models.Index(fields=["status", "year"])]

    def __str__(self):
        return f"{self.indicator.code} {self.year} ({self.get_basis_display()})"

    def get_absolute_url(self):
        return reverse("indicators:deviation", args=[self.pk])


class PlanAction(Versioned):
    """One action of a deviation's action plan."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    deviation = models.ForeignKey(Deviation, verbose_name=_("deviation"), on_delete=models.CASCADE,
                                  related_name="actions")
    action = models.TextField(_("action"))
    responsible = models.CharField(_("responsible"), max_length=200)
    due = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        ordering = ["deviation", "due", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self):
        return self.action[:60]

    def clean(self):
        if not (self.action or "").strip():
            raise ValidationError({"action": _("Describe the action.")})
