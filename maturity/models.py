"""Digital maturity (C9; 004 §6.1–6.3).

A maturity model is data and versioned: dimensions (004's two, "Digital förmåga" and "Digitalt arv"),
categories and measurement points with an answer scale and a weight. Styr ships no proprietary question text:
a region loads its own model. A round measures units (an organisation, or a unit within one) on one model
version; respondents answer points; the answers are aggregated to points, categories and dimensions per unit
(Result, computed by actions.aggregate and stored, so that pages read figures, not answers). Rounds are
compared point by point: a point of the same code whose text, scale or weight changed between model versions
is not comparable, and the pages say so. Results of other organisations using the same model arrive as
aggregated figures only (ExternalResult), never individual answers. An action plan per unit (or region-wide)
turns a round's analysis into goals per category and activities, each done locally or centrally (004 §6.3)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.versioning import Versioned
from organisations.models import Organisation


class MaturityModel(Versioned):
    code = models.SlugField(_("code"), max_length=40, help_text=_("The same for every version of a model."))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True,
                              help_text=_("Where the model comes from, e.g. the method a region licenses."))
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        ordering = ["code", "-version"]
        verbose_name = _("maturity model")
        verbose_name_plural = _("maturity models")
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="maturity_model_version_once")]

    def __str__(self):
        return f"{self.name} v{self.version}"


class Dimension(Versioned):
    model = models.ForeignKey(MaturityModel, on_delete=models.CASCADE, related_name="dimensions")
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        ordering = ["model", "order", "code"]
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        constraints = [models.UniqueConstraint(fields=["model", "code"], name="dimension_code_once")]

    def __str__(self):
        return self.name


class Category(Versioned):
    # The model too, so that a category's code is unique within the model (import files name categories by
    # code alone); actions keep it equal to the dimension's model.
    model = models.ForeignKey(MaturityModel, on_delete=models.CASCADE, related_name="categories")
    dimension = models.ForeignKey(Dimension, verbose_name=_("dimension"), on_delete=models.CASCADE,
                                  related_name="categories")
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        ordering = ["model", "order", "code"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [models.UniqueConstraint(fields=["model", "code"], name="maturity_category_code_once")]

    def __str__(self):
        return self.name

    def clean(self):
        if self.dimension_id and self.model_id and self.dimension.model_id != self.model_id:
            raise ValidationError({"dimension": _("The dimension belongs to another model.")})


class MeasurementPoint(Versioned):
    """A statement or question answered on a scale. Its code is what rounds are compared by."""

    model = models.ForeignKey(MaturityModel, on_delete=models.CASCADE, related_name="points")
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.CASCADE,
                                 related_name="points")
    code = models.SlugField(_("code"), max_length=40)
    text = models.TextField(_("statement or question"))
    scale_min = models.PositiveSmallIntegerField(_("lowest answer"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("highest answer"), default=5)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2, default=1)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        ordering = ["model", "order", "code"]
        verbose_name = _("measurement point")
        verbose_name_plural = _("measurement points")
        constraints = [
            models.UniqueConstraint(fields=["model", "code"], name="measurement_point_code_once"),
            models.CheckConstraint(condition=models.Q(scale_max__gt=models.F("scale_min")),
                                   name="measurement_point_scale",
                                   violation_error_message=_("The highest answer must be above the lowest.")),
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="measurement_point_weight_positive",
                                   violation_error_message=_("A weight must be above zero.")),
        ]

    def __str__(self):
        return f"{self.code} {self.text[:60]}"


class Unit(Versioned):
    """What is assessed: an organisation as a whole (no parent unit, same name) or a unit within it, e.g. a
    clinic. Kept across rounds, so that a unit is compared with itself last year."""

    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="maturity_units")
    code = models.SlugField(_("code"), max_length=60, unique=True,
                            help_text=_("Short unique code used in import files, e.g. SLSO-AKUT."))
    name = models.CharField(_("name"), max_length=200)
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        ordering = ["code"]
        verbose_name = _("assessed unit")
        verbose_name_plural = _("assessed units")

    def __str__(self):
        return self.name


class Round(Versioned):
    class Status(models.TextChoices):
        OPEN = "open", _("Open for answers")
        CLOSED = "closed", _("Closed")

    model = models.ForeignKey(MaturityModel, verbose_name=_("model version"), on_delete=models.PROTECT,
                              related_name="rounds")
    name = models.CharField(_("name"), max_length=200)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    plan_within_days = models.PositiveSmallIntegerField(
        _("action plan due within (days)"), default=90,
        help_text=_("A unit assessed in the round without an action plan this many days after the period ends "
                    "is a finding."))
    aggregated_at = models.DateTimeField(_("aggregated"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        ordering = ["-period_end", "name"]
        verbose_name = _("assessment round")
        verbose_name_plural = _("assessment rounds")
        constraints = [
            models.CheckConstraint(condition=models.Q(period_end__gte=models.F("period_start")),
                                   name="round_period_order",
                                   violation_error_message=_("A round must end on or after its start.")),
        ]

    def __str__(self):
        return self.name


class RoundUnit(Versioned):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="round_units")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="round_units")
    invited = models.PositiveIntegerField(_("respondents invited"), null=True, blank=True,
                                          help_text=_("For the response rate; empty when not known."))
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        ordering = ["round", "unit"]
        verbose_name = _("unit in a round")
        verbose_name_plural = _("units in a round")
        constraints = [models.UniqueConstraint(fields=["round", "unit"], name="round_unit_once")]

    def __str__(self):
        return f"{self.round}: {self.unit}"


class Response(models.Model):
    """One respondent's answers in a round, for one unit. The respondent is a key from the survey tool, not a
    name. Answers are facts imported or entered once; a correction replaces the response (no version)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="responses")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="responses")
    respondent = models.CharField(_("respondent"), max_length=100)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [models.UniqueConstraint(fields=["round", "respondent"], name="response_respondent_once")]
        indexes = [models.Index(fields=["round", "unit"], name="response_round_unit")]

    def __str__(self):
        return f"{self.round}: {self.respondent}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    point = models.ForeignKey(MeasurementPoint, on_delete=models.PROTECT, related_name="answers")
    value = models.PositiveSmallIntegerField(_("answer"))

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["response", "point"], name="answer_once_per_point")]

    def __str__(self):
        return f"{self.point.code}: {self.value}"


class Result(models.Model):
    """A unit's aggregated figure in a round at one level: a point, a category or a dimension (exactly one is
    set), or the unit as a whole (none set). Computed by actions.aggregate; replaced whole on re-aggregation."""

    # Every read filters by round (and unit or category), so the two composite indexes below serve them all;
    # single-column indexes on round, point, category and dimension would only slow the 70,000-row insert of a
    # large round's aggregation (docs/decisions/0030). The unit's index stays for deleting a unit.
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="results", db_index=False)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="results")
    point = models.ForeignKey(MeasurementPoint, null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                              db_index=False)
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                                 db_index=False)
    dimension = models.ForeignKey(Dimension, null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                                  db_index=False)
    mean = models.DecimalField(_("mean"), max_digits=7, decimal_places=3)
    spread = models.DecimalField(_("spread (standard deviation)"), max_digits=7, decimal_places=3)
    respondents = models.PositiveIntegerField(_("respondents"))
    response_rate = models.DecimalField(_("response rate (%)"), max_digits=6, decimal_places=2, null=True,
                                        blank=True)

    class Meta:
        indexes = [models.Index(fields=["round", "unit"], name="result_round_unit"),
                   # partial: only the category rows (a fifth of a round's) are looked up by category
                   models.Index(fields=["round", "category"], name="result_round_category",
                                condition=models.Q(category__isnull=False))]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(point__isnull=True)
                           | (models.Q(category__isnull=True) & models.Q(dimension__isnull=True)))
                & (models.Q(category__isnull=True) | models.Q(dimension__isnull=True)),
                name="result_one_level",
            ),
        ]

    def __str__(self):
        return f"{self.round}: {self.unit} {self.mean}"


class ExternalResult(Versioned):
    """Another organisation's aggregated figure on the same model (maturity/exchange.py: the file format)."""

    model = models.ForeignKey(MaturityModel, on_delete=models.PROTECT, related_name="external_results")
    organisation_name = models.CharField(_("organisation"), max_length=200)
    period = models.CharField(_("period"), max_length=40, help_text=_("E.g. 2026."))
    level = models.CharField(_("level"), max_length=10,
                             choices=[("point", _("Measurement point")), ("category", _("Category")),
                                      ("dimension", _("Dimension")), ("total", _("Total"))])
    code = models.CharField(_("code"), max_length=40, blank=True)
    mean = models.DecimalField(_("mean"), max_digits=7, decimal_places=3)
    respondents = models.PositiveIntegerField(_("respondents"))
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        ordering = ["organisation_name", "period", "level", "code"]
        verbose_name = _("result of another organisation")
        verbose_name_plural = _("results of other organisations")
        constraints = [models.UniqueConstraint(fields=["model", "organisation_name", "period", "level", "code"],
                                               name="external_result_once")]


class ActionPlan(Versioned):
    """What a unit (or the region, when `unit` is empty) will do about a round's result (004 §6.3)."""

    round = models.ForeignKey(Round, verbose_name=_("round"), on_delete=models.PROTECT, related_name="plans")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="plans", help_text=_("Empty for a region-wide plan."))
    title = models.CharField(_("title"), max_length=300)
    owner = models.ForeignKey(Organisation, verbose_name=_("owner"), on_delete=models.PROTECT,
                              related_name="maturity_plans")
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        ordering = ["round", "unit"]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        constraints = [
            models.UniqueConstraint(fields=["round", "unit"], name="action_plan_once_per_unit"),
            models.UniqueConstraint(fields=["round"], condition=models.Q(unit__isnull=True),
                                    name="action_plan_one_region_wide"),
        ]

    def __str__(self):
        return self.title


class Goal(Versioned):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="goals")
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT,
                                 related_name="goals")
    text = models.CharField(_("goal"), max_length=500)
    target = models.DecimalField(_("target level"), max_digits=7, decimal_places=3, null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        ordering = ["plan", "pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self):
        return self.text


class Activity(Versioned):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Ongoing")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    class Level(models.TextChoices):
        LOCAL = "local", _("Locally")
        CENTRAL = "central", _("Centrally")

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="activities")
    goal = models.ForeignKey(Goal, verbose_name=_("goal"), null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="activities")
    title = models.CharField(_("activity"), max_length=300)
    responsible = models.CharField(_("responsible"), max_length=200)
    due = models.DateField(_("due"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    level = models.CharField(_("done"), max_length=10, choices=Level.choices)
    initiative = models.ForeignKey("portfolio.Initiative", verbose_name=_("initiative in the portfolio"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="maturity_activities")
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        ordering = ["plan", "due", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self):
        return self.title
