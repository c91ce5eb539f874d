"""The digitalisation portfolio (C8; 002 §8.2, §9.1.5, §10.10; 004 §2.3).

An initiative is a proposal to create, change or retire services for a need. Before money is spent it has a
value assessment: scores on criteria that are data (benefit, cost, risk, strategic fit, sustainability),
weighted per year. The assessed initiatives of the whole region are ranked together by weighted score against
the year's capacity (the development budget); the council may move one above or below the line with a
recorded reason, and what it decided on a date is kept as a ranking (RankingDecision with its entries).

The investment decision is taken by the body that will carry the running cost (001, "Principer avseende
finansiering"): portfolio/actions.py works out who that is from the initiative's services and refuses another
body. An InvestmentDecision points at the value assessment it rests on — the database cannot hold one without
an assessment of that initiative. Amounts are öre, as the cost lines."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.versioning import Versioned
from decisions.models import Decision
from indicators.models import FocusArea
from organisations.models import Organisation
from services.models import Service


class NeedOf(models.TextChoices):
    RESIDENTS = "residents", _("Residents")
    STAFF = "staff", _("Staff")
    ORGANISATION = "organisation", _("The organisation")


class Initiative(Versioned):
    class Status(models.TextChoices):
        IDEA = "idea", _("Idea")
        ASSESSED = "assessed", _("Assessed")
        PRIORITISED = "prioritised", _("Prioritised")
        DECIDED = "decided", _("Decided")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        STOPPED = "stopped", _("Stopped")

    # The lifecycle; an initiative may be stopped at any point before it is done, and nothing comes back
    # from done or stopped. "decided" is reached only through an investment decision (actions.py).
    TRANSITIONS = {
        Status.IDEA: {Status.ASSESSED, Status.STOPPED},
        Status.ASSESSED: {Status.IDEA, Status.PRIORITISED, Status.STOPPED},
        Status.PRIORITISED: {Status.ASSESSED, Status.DECIDED, Status.STOPPED},
        Status.DECIDED: {Status.IN_PROGRESS, Status.STOPPED},
        Status.IN_PROGRESS: {Status.DONE, Status.STOPPED},
        Status.DONE: set(),
        Status.STOPPED: set(),
    }

    code = models.SlugField(_("code"), max_length=40, unique=True,
                            help_text=_("Short unique code used in the API and in files, e.g. INI-2026-01."))
    title = models.CharField(_("title"), max_length=300)
    need = models.TextField(_("need"), help_text=_("The need the initiative answers, in the words of those who have it."))
    need_of = models.CharField(_("whose need"), max_length=20, choices=NeedOf.choices)
    proposer = models.ForeignKey(Organisation, verbose_name=_("proposed by"), on_delete=models.PROTECT,
                                 related_name="initiatives_proposed")
    owner = models.ForeignKey(Organisation, verbose_name=_("owner"), on_delete=models.PROTECT,
                              related_name="initiatives_owned",
                              help_text=_("The organisation that carries the initiative through."))
    focus_areas = models.ManyToManyField(FocusArea, verbose_name=_("focus areas"), blank=True,
                                         related_name="initiatives")
    funding = models.CharField(_("funding"), max_length=300, blank=True,
                               help_text=_("How the initiative is to be paid for, e.g. the board's budget, "
                                           "a central development fund, a national grant."))
    risks = models.TextField(_("risks"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.IDEA)
    status_changed_on = models.DateField(_("status changed on"), null=True, blank=True)
    started_by = models.ForeignKey(Decision, verbose_name=_("decision that started it"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="initiatives_started")
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        ordering = ["code"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        indexes = [models.Index(fields=["status", "code"], name="initiative_status")]

    def __str__(self):
        return f"{self.code} {self.title}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("portfolio:initiative", args=[self.pk])


class InitiativeService(Versioned):
    """A service in the register the initiative creates, changes or retires."""

    class Effect(models.TextChoices):
        CREATES = "creates", _("Creates")
        CHANGES = "changes", _("Changes")
        RETIRES = "retires", _("Retires")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="service_links")
    service = models.ForeignKey(Service, verbose_name=_("service"), on_delete=models.PROTECT,
                                related_name="initiative_links")
    effect = models.CharField(_("effect"), max_length=10, choices=Effect.choices)
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        verbose_name = _("service of an initiative")
        verbose_name_plural = _("services of initiatives")
        constraints = [models.UniqueConstraint(fields=["initiative", "service"], name="initiative_service_once")]

    def __str__(self):
        return f"{self.initiative.code}: {self.get_effect_display()} {self.service}"


class Benefit(Versioned):
    """An expected benefit with its measure: from `baseline` towards `target` by `target_year`."""

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="benefits")
    kind = models.CharField(_("benefit for"), max_length=20, choices=NeedOf.choices)
    description = models.CharField(_("benefit"), max_length=300)
    measure = models.CharField(_("measure"), max_length=200, help_text=_("How the benefit is measured."))
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    target_year = models.PositiveSmallIntegerField(_("target year"),
                                                   validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        ordering = ["initiative", "kind", "pk"]
        verbose_name = _("expected benefit")
        verbose_name_plural = _("expected benefits")

    def __str__(self):
        return self.description


class BenefitOutcome(Versioned):
    """What a benefit's measure showed in a year (the benefit follow-up)."""

    benefit = models.ForeignKey(Benefit, on_delete=models.CASCADE, related_name="outcomes")
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    value = models.DecimalField(_("outcome"), max_digits=14, decimal_places=2)
    measured_on = models.DateField(_("measured on"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        ordering = ["benefit", "year"]
        verbose_name = _("benefit outcome")
        verbose_name_plural = _("benefit outcomes")
        constraints = [models.UniqueConstraint(fields=["benefit", "year"], name="benefit_outcome_once_a_year")]

    def __str__(self):
        return f"{self.benefit} {self.year}: {self.value}"


class InitiativeCost(Versioned):
    """Per year: the estimated investment and running cost, and (in the follow-up) the actual ones. Öre."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="costs")
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    estimated_investment = models.BigIntegerField(_("estimated investment (öre)"), default=0)
    estimated_running = models.BigIntegerField(_("estimated running cost (öre)"), default=0)
    actual_investment = models.BigIntegerField(_("actual investment (öre)"), null=True, blank=True)
    actual_running = models.BigIntegerField(_("actual running cost (öre)"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        ordering = ["initiative", "year"]
        verbose_name = _("cost of an initiative")
        verbose_name_plural = _("costs of initiatives")
        constraints = [
            models.UniqueConstraint(fields=["initiative", "year"], name="initiative_cost_once_a_year"),
            models.CheckConstraint(
                condition=models.Q(estimated_investment__gte=0, estimated_running__gte=0)
                & (models.Q(actual_investment__isnull=True) | models.Q(actual_investment__gte=0))
                & (models.Q(actual_running__isnull=True) | models.Q(actual_running__gte=0)),
                name="initiative_cost_not_negative",
                violation_error_message=_("A cost cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.initiative.code} {self.year}"


class Criterion(Versioned):
    """A criterion value is assessed on (002 §10.10). Data: a region adds its own; weights are per year."""

    class Aspect(models.TextChoices):
        BENEFIT = "benefit", _("Benefit")
        COST = "cost", _("Cost")
        RISK = "risk", _("Risk")
        STRATEGIC_FIT = "strategic_fit", _("Strategic fit")
        SUSTAINABILITY = "sustainability", _("Sustainability")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    aspect = models.CharField(_("aspect"), max_length=20, choices=Aspect.choices)
    description = models.TextField(_("what a high score means"), blank=True)
    scale_max = models.PositiveSmallIntegerField(_("highest score"), default=5,
                                                 validators=[MinValueValidator(1), MaxValueValidator(100)])
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("assessment criterion")
        verbose_name_plural = _("assessment criteria")

    def __str__(self):
        return self.name


class PortfolioYear(Versioned):
    """A year of the portfolio: the council that ranks it and the capacity (the year's development budget)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True,
                                            validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    council = models.ForeignKey(Organisation, verbose_name=_("prioritising council"), on_delete=models.PROTECT,
                                related_name="portfolio_years",
                                help_text=_("The body that ranks the region's initiatives for the year."))
    capacity = models.BigIntegerField(_("capacity (öre)"), default=0,
                                      help_text=_("The year's budget for development: what fits above the line."))
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        ordering = ["-year"]
        verbose_name = _("portfolio year")
        verbose_name_plural = _("portfolio years")
        constraints = [models.CheckConstraint(condition=models.Q(capacity__gte=0), name="portfolio_capacity_not_negative",
                                              violation_error_message=_("The capacity cannot be negative."))]

    def __str__(self):
        return str(self.year)


class CriterionWeight(Versioned):
    portfolio_year = models.ForeignKey(PortfolioYear, on_delete=models.CASCADE, related_name="weights")
    criterion = models.ForeignKey(Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT,
                                  related_name="weights")
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2)
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        ordering = ["portfolio_year", "criterion"]
        verbose_name = _("criterion weight")
        verbose_name_plural = _("criterion weights")
        constraints = [
            models.UniqueConstraint(fields=["portfolio_year", "criterion"], name="criterion_weight_once_a_year"),
            models.CheckConstraint(condition=models.Q(weight__gte=0), name="criterion_weight_not_negative",
                                   violation_error_message=_("A weight cannot be negative.")),
        ]

    def __str__(self):
        return f"{self.portfolio_year}: {self.criterion} × {self.weight}"


class ValueAssessment(Versioned):
    """The value of an initiative for a year, scored on that year's criteria. `score` is the weighted score
    (0–100: each criterion's score as a share of its scale, weighted by the year's weights), set by the action
    that records the scores so that ranking reads one column."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="assessments")
    portfolio_year = models.ForeignKey(PortfolioYear, verbose_name=_("year"), on_delete=models.PROTECT,
                                       related_name="assessments")
    assessed_on = models.DateField(_("assessed on"))
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("assessed by"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    summary = models.TextField(_("summary"), blank=True)
    score = models.DecimalField(_("weighted score"), max_digits=7, decimal_places=3, null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        ordering = ["-portfolio_year__year", "initiative"]
        verbose_name = _("value assessment")
        verbose_name_plural = _("value assessments")
        constraints = [
            models.UniqueConstraint(fields=["initiative", "portfolio_year"], name="value_assessment_once_a_year"),
        ]
        indexes = [models.Index(fields=["portfolio_year", "score"], name="value_assessment_rank")]

    def __str__(self):
        return f"{self.initiative.code} {self.portfolio_year}"


class AssessmentScore(Versioned):
    assessment = models.ForeignKey(ValueAssessment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT,
                                  related_name="scores")
    score = models.PositiveSmallIntegerField(_("score"))
    justification = models.CharField(_("justification"), max_length=500, blank=True)
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        ordering = ["assessment", "criterion"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [models.UniqueConstraint(fields=["assessment", "criterion"], name="assessment_score_once")]

    def __str__(self):
        return f"{self.criterion}: {self.score}"


class RankingOverride(Versioned):
    """The council's placement of an initiative above or below the capacity line, whatever its score, with
    the reason. One standing placement per initiative and year; its history keeps earlier ones."""

    class Placement(models.TextChoices):
        ABOVE = "above", _("Above the line")
        BELOW = "below", _("Below the line")

    portfolio_year = models.ForeignKey(PortfolioYear, on_delete=models.CASCADE, related_name="overrides")
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="overrides")
    placement = models.CharField(_("placement"), max_length=10, choices=Placement.choices)
    reason = models.TextField(_("reason"))
    recorded_on = models.DateField(_("recorded on"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        verbose_name = _("placement by the council")
        verbose_name_plural = _("placements by the council")
        constraints = [
            models.UniqueConstraint(fields=["portfolio_year", "initiative"], name="ranking_override_once"),
            models.CheckConstraint(condition=~models.Q(reason=""), name="ranking_override_has_reason",
                                   violation_error_message=_("A placement by the council states its reason.")),
        ]

    def __str__(self):
        return f"{self.initiative.code} {self.get_placement_display()}"


class RankingDecision(models.Model):
    """The ranked list as the council decided it on a date: kept as it was, never edited (no version)."""

    portfolio_year = models.ForeignKey(PortfolioYear, on_delete=models.PROTECT, related_name="ranking_decisions")
    decided_on = models.DateField(_("decided on"))
    decision = models.ForeignKey(Decision, verbose_name=_("decision"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="rankings")
    capacity = models.BigIntegerField(_("capacity (öre)"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = _("ranking decided")
        verbose_name_plural = _("rankings decided")

    def __str__(self):
        return f"{self.portfolio_year} {self.decided_on}"


class RankedEntry(models.Model):
    ranking = models.ForeignKey(RankingDecision, on_delete=models.CASCADE, related_name="entries")
    initiative = models.ForeignKey(Initiative, on_delete=models.PROTECT, related_name="ranked_entries")
    position = models.PositiveIntegerField(_("position"))
    score = models.DecimalField(_("weighted score"), max_digits=7, decimal_places=3)
    cost = models.BigIntegerField(_("cost for the year (öre)"))
    cumulative_cost = models.BigIntegerField(_("cumulative cost (öre)"))
    above_line = models.BooleanField(_("above the line"))
    reason = models.TextField(_("reason for the placement"), blank=True)

    class Meta:
        ordering = ["ranking", "position"]
        constraints = [
            models.UniqueConstraint(fields=["ranking", "position"], name="ranked_entry_position_once"),
            models.UniqueConstraint(fields=["ranking", "initiative"], name="ranked_entry_initiative_once"),
        ]

    def __str__(self):
        return f"{self.position}. {self.initiative.code}"


class InvestmentDecision(Versioned):
    """The decision to invest, resting on a value assessment (the database holds it: no assessment, no row).
    `body` is the body that carries the running cost, checked by actions.decide_investment()."""

    assessment = models.OneToOneField(ValueAssessment, verbose_name=_("value assessment"), on_delete=models.PROTECT,
                                      related_name="investment_decision")
    decision = models.ForeignKey(Decision, verbose_name=_("decision"), on_delete=models.PROTECT,
                                 related_name="investments")
    body = models.ForeignKey(Organisation, verbose_name=_("deciding body"), on_delete=models.PROTECT,
                             related_name="investment_decisions")
    amount = models.BigIntegerField(_("investment decided (öre)"), default=0)
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        verbose_name = _("investment decision")
        verbose_name_plural = _("investment decisions")
        constraints = [models.CheckConstraint(condition=models.Q(amount__gte=0), name="investment_not_negative",
                                              violation_error_message=_("An amount cannot be negative."))]

    def __str__(self):
        return f"{self.assessment.initiative.code}: {self.decision}"
