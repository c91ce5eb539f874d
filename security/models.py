"""Information security by protection need (C3; 000 §3.5, 002 §9.1.8 and §10.8).

Scales, thresholds and requirement catalogues are data: a region loads its own (the common 1–4
consequence scale ships as default, KLASSA's 0–4 loads as well) and changing them needs no migration.
Levels are therefore stored as plain numbers on the records, checked against the active scale by the
models' clean() and the actions, not as foreign keys into one scale.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.validators import not_in_future
from core.versioning import Versioned
from decisions.models import Decision
from services.models import Service


class Dimension(models.TextChoices):
    """The three protection dimensions, with the letters of the Swedish notation ("K3R2T2")."""

    CONFIDENTIALITY = "K", _("Confidentiality")
    INTEGRITY = "R", _("Integrity")
    AVAILABILITY = "T", _("Availability")


def notation(confidentiality, integrity, availability):
    """ "K3R2T2"; a dimension not classified shows as "–"."""
    def part(letter, level):
        return f"{letter}{'–' if level is None else level}"
    return part("K", confidentiality) + part("R", integrity) + part("T", availability)


class Scale(Versioned):
    """A scale of levels: for classifying information, or for a risk's likelihood or consequence. Exactly one
    scale per purpose is active; records store level numbers, which must exist on the active scale."""

    class Purpose(models.TextChoices):
        CLASSIFICATION = "classification", _("Classification of information")
        LIKELIHOOD = "likelihood", _("Likelihood of a risk")
        CONSEQUENCE = "consequence", _("Consequence of a risk")

    name = models.CharField(_("name"), max_length=200, unique=True)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    description = models.TextField(_("description"), blank=True)
    active = models.BooleanField(_("in use"), default=False)
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        ordering = ["purpose", "name"]
        verbose_name = _("scale")
        verbose_name_plural = _("scales")
        constraints = [
            models.UniqueConstraint(
                fields=["purpose"], condition=Q(active=True), name="scale_one_active_per_purpose",
                violation_error_message=_("Another scale for this purpose is already in use."),
            ),
        ]

    def __str__(self):
        return self.name

    @classmethod
    def active_for(cls, purpose):
        return cls.objects.filter(purpose=purpose, active=True).first()


class Level(Versioned):
    scale = models.ForeignKey(Scale, verbose_name=_("scale"), on_delete=models.CASCADE, related_name="levels")
    number = models.PositiveSmallIntegerField(_("level"))
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        ordering = ["scale", "number"]
        verbose_name = _("level")
        verbose_name_plural = _("levels")
        constraints = [models.UniqueConstraint(fields=["scale", "number"], name="level_unique_number")]

    def __str__(self):
        return f"{self.number} – {self.name}"


def level_numbers(purpose):
    """The level numbers of the active scale for `purpose`; empty when the region has none in use."""
    scale = Scale.active_for(purpose)
    return [] if scale is None else list(scale.levels.values_list("number", flat=True))


def check_levels(purpose, **levels):
    """Refuse level numbers the active scale does not have: {field: message} in a ValidationError."""
    numbers = level_numbers(purpose)
    errors = {}
    for field, value in levels.items():
        if value is None:
            continue
        if not numbers:
            errors[field] = _("No scale is in use for this; an administrator chooses one first.")
        elif value not in numbers:
            errors[field] = _("Level %(value)s is not on the scale in use (%(levels)s).") % {
                "value": value, "levels": ", ".join(str(n) for n in numbers)}
    if errors:
        raise ValidationError(errors, code="not_on_scale")


class Policy(Versioned):
    """The region's thresholds, one row (id 1): who may see a sensitive service, what the go-live gate asks,
    when a risk counts as high. Levels are numbers on the active scales."""

    visibility_confidentiality = models.PositiveSmallIntegerField(
        _("confidential from level"), default=3,
        help_text=_("A service whose confidentiality is at or above this level shows its security details only "
                    "to its owner's people, administrators, auditors and security officers."),
    )
    gate_confidentiality = models.PositiveSmallIntegerField(
        _("security test before production from confidentiality level"), default=3)
    gate_integrity = models.PositiveSmallIntegerField(
        _("security test before production from integrity level"), default=3)
    high_risk_value = models.PositiveSmallIntegerField(
        _("high risk from value"), default=9,
        help_text=_("A risk whose value (likelihood × consequence) is at or above this is high: accepting it "
                    "needs a named decision."),
    )
    continuity_from_availability = models.PositiveSmallIntegerField(
        _("continuity plan from availability level"), null=True, blank=True,
        help_text=_("Empty: the top two levels of the scale in use. Critical services always need a plan."),
    )
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        verbose_name = _("security policy")
        verbose_name_plural = _("security policy")
        constraints = [models.CheckConstraint(condition=Q(id=1), name="policy_single_row")]

    def __str__(self):
        return str(_("Security policy"))

    @classmethod
    def current(cls):
        """The policy row; the defaults when none has been saved (read-only: not written on a GET)."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)

    def continuity_level(self):
        if self.continuity_from_availability is not None:
            return self.continuity_from_availability
        numbers = sorted(level_numbers(Scale.Purpose.CLASSIFICATION))
        return numbers[-2] if len(numbers) >= 2 else (numbers[-1] if numbers else None)


class PersonalData(models.TextChoices):
    NONE = "none", _("No personal data")
    ORDINARY = "ordinary", _("Personal data")
    SENSITIVE = "sensitive", _("Sensitive personal data (GDPR art. 9, e.g. health)")


class InformationType(Versioned):
    """An information set (informationsmängd) a service handles, classified per dimension."""

    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="information_types"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner = models.CharField(_("information owner"), max_length=200, blank=True)
    personal_data = models.CharField(
        _("personal data"), max_length=20, choices=PersonalData.choices, default=PersonalData.NONE
    )
    personal_identity_numbers = models.BooleanField(_("holds personal identity numbers"), default=False)
    public_record = models.BooleanField(_("public record (allmän handling)"), default=True)
    confidentiality = models.PositiveSmallIntegerField(_("confidentiality"))
    integrity = models.PositiveSmallIntegerField(_("integrity"))
    availability = models.PositiveSmallIntegerField(_("availability"))
    classified_on = models.DateField(_("classified on"), validators=[not_in_future])
    classified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("classified by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        ordering = ["service", "name"]
        verbose_name = _("information type")
        verbose_name_plural = _("information types")
        constraints = [
            models.UniqueConstraint(fields=["service", "name"], name="information_type_unique_name",
                                    violation_error_message=_("The service already has information by this name.")),
        ]

    def __str__(self):
        return f"{self.name} ({self.notation})"

    @property
    def notation(self):
        return notation(self.confidentiality, self.integrity, self.availability)

    @property
    def holds_personal_data(self):
        return self.personal_data != PersonalData.NONE or self.personal_identity_numbers

    def clean(self):
        check_levels(Scale.Purpose.CLASSIFICATION, confidentiality=self.confidentiality,
                     integrity=self.integrity, availability=self.availability)


class Classification(Versioned):
    """A service's classification: the highest level per dimension over its information types, kept here so
    that the service list filters and sorts on it at any size. Written by security.actions whenever an
    information type changes, in the same transaction. An override sets the levels by hand and must say why."""

    service = models.OneToOneField(
        Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="classification"
    )
    confidentiality = models.PositiveSmallIntegerField(_("confidentiality"), null=True, blank=True)
    integrity = models.PositiveSmallIntegerField(_("integrity"), null=True, blank=True)
    availability = models.PositiveSmallIntegerField(_("availability"), null=True, blank=True)
    overridden = models.BooleanField(_("set by hand"), default=False)
    justification = models.TextField(_("justification"), blank=True)
    classified_on = models.DateField(_("classified on"), null=True, blank=True)
    classified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("classified by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        verbose_name = _("classification")
        verbose_name_plural = _("classifications")
        constraints = [
            models.CheckConstraint(
                condition=Q(overridden=False) | ~Q(justification=""), name="classification_override_justified",
                violation_error_message=_("A classification set by hand needs a justification."),
            ),
        ]
        # (confidentiality, service): the shield (security.queries.shield) reads the services at or above the
        # visibility level from the index alone.
        indexes = [models.Index(fields=["confidentiality", "service"], name="security_cl_conf_service_idx"),
                   models.Index(fields=["integrity"]), models.Index(fields=["availability"])]

    def __str__(self):
        return f"{self.service}: {self.notation}"

    @property
    def notation(self):
        return notation(self.confidentiality, self.integrity, self.availability)

    @property
    def complete(self):
        return None not in (self.confidentiality, self.integrity, self.availability)


class RiskAnalysis(Versioned):
    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="risk_analyses"
    )
    performed_on = models.DateField(_("performed on"), validators=[not_in_future])
    participants = models.TextField(_("participants"))
    scope = models.TextField(_("scope"))
    review_by = models.DateField(_("to be reviewed by"))
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        ordering = ["service", "-performed_on"]
        verbose_name = _("risk analysis")
        verbose_name_plural = _("risk analyses")
        constraints = [
            models.CheckConstraint(
                condition=Q(review_by__gt=models.F("performed_on")), name="risk_analysis_review_after",
                violation_error_message=_("The review date must come after the analysis."),
            ),
        ]
        indexes = [models.Index(fields=["service", "review_by"])]

    def __str__(self):
        return f"{self.service}: {_('risk analysis')} {self.performed_on}"

    def get_absolute_url(self):
        return reverse("security:analysis", args=[self.pk])


class Risk(Versioned):
    class Treatment(models.TextChoices):
        ACCEPT = "accept", _("Accept")
        REDUCE = "reduce", _("Reduce")
        AVOID = "avoid", _("Avoid")
        TRANSFER = "transfer", _("Transfer")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    analysis = models.ForeignKey(
        RiskAnalysis, verbose_name=_("risk analysis"), on_delete=models.CASCADE, related_name="risks"
    )
    description = models.TextField(_("description"))
    likelihood = models.PositiveSmallIntegerField(_("likelihood"))
    consequence = models.PositiveSmallIntegerField(_("consequence"))
    # likelihood × consequence, kept on the row so that lists and the region's matrix sort and filter on it.
    value = models.PositiveSmallIntegerField(_("risk value"), editable=False, default=0)
    treatment = models.CharField(_("treatment"), max_length=10, choices=Treatment.choices, default=Treatment.REDUCE)
    measure = models.TextField(_("measure"), blank=True)
    owner = models.CharField(_("risk owner"), max_length=200, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    residual_likelihood = models.PositiveSmallIntegerField(_("likelihood after treatment"), null=True, blank=True)
    residual_consequence = models.PositiveSmallIntegerField(_("consequence after treatment"), null=True, blank=True)
    decision = models.ForeignKey(
        Decision, verbose_name=_("decision to accept"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="accepted_risks",
        help_text=_("Accepting a high risk needs a named decision."),
    )
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        ordering = ["analysis", "-value", "pk"]
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        constraints = [
            models.CheckConstraint(
                condition=Q(value=models.F("likelihood") * models.F("consequence")), name="risk_value_is_product",
            ),
            models.CheckConstraint(
                condition=Q(residual_likelihood__isnull=True, residual_consequence__isnull=True)
                | Q(residual_likelihood__isnull=False, residual_consequence__isnull=False),
                name="risk_residual_both_or_none",
                violation_error_message=_("Give both likelihood and consequence after treatment, or neither."),
            ),
        ]

    def __str__(self):
        return self.description[:80]

    @property
    def service(self):
        return self.analysis.service

    @property
    def residual_value(self):
        if self.residual_likelihood is None or self.residual_consequence is None:
            return None
        return self.residual_likelihood * self.residual_consequence

    def save(self, *args, **kwargs):
        self.value = (self.likelihood or 0) * (self.consequence or 0)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "value"}
        return super().save(*args, **kwargs)

    def clean(self):
        check_levels(Scale.Purpose.LIKELIHOOD, likelihood=self.likelihood,
                     residual_likelihood=self.residual_likelihood)
        check_levels(Scale.Purpose.CONSEQUENCE, consequence=self.consequence,
                     residual_consequence=self.residual_consequence)
        # Set here too, not only in save(): full_clean() checks risk_value_is_product after clean().
        self.value = value = (self.likelihood or 0) * (self.consequence or 0)
        if (self.treatment == self.Treatment.ACCEPT and value >= Policy.current().high_risk_value
                and self.decision_id is None):
            raise ValidationError({"decision": _(
                "A risk of value %(value)s is high: accepting it needs a named decision.") % {"value": value}},
                code="high_risk_needs_decision")


class DataProcessingAgreement(Versioned):
    """A personuppgiftsbiträdesavtal with the party that processes personal data on the region's behalf."""

    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="processing_agreements"
    )
    party = models.CharField(_("processor"), max_length=200)
    signed_on = models.DateField(_("signed on"), validators=[not_in_future])
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    outside_eea = models.BooleanField(
        _("processing outside the EU/EEA"), default=False,
        help_text=_("Personal data is processed or reachable outside the EU/EEA: a transfer assessment is needed."),
    )
    countries = models.CharField(_("third countries"), max_length=200, blank=True)
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        ordering = ["service", "-signed_on"]
        verbose_name = _("data processing agreement")
        verbose_name_plural = _("data processing agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gt=models.F("signed_on")),
                name="processing_agreement_expires_after_signing",
                violation_error_message=_("An agreement must expire after it is signed."),
            ),
        ]
        indexes = [models.Index(fields=["service", "expires_on"])]

    def __str__(self):
        return f"{self.party} ({self.signed_on})"


class TransferAssessment(Versioned):
    """An assessment of a transfer of personal data outside the EU/EEA (GDPR chapter V)."""

    class Mechanism(models.TextChoices):
        ADEQUACY = "adequacy", _("Adequacy decision")
        SCC = "scc", _("Standard contractual clauses")
        BCR = "bcr", _("Binding corporate rules")
        DEROGATION = "derogation", _("Derogation (art. 49)")

    agreement = models.ForeignKey(
        DataProcessingAgreement, verbose_name=_("data processing agreement"), on_delete=models.CASCADE,
        related_name="transfer_assessments",
    )
    assessed_on = models.DateField(_("assessed on"), validators=[not_in_future])
    mechanism = models.CharField(_("transfer mechanism"), max_length=20, choices=Mechanism.choices)
    conclusion = models.TextField(_("conclusion"))
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        ordering = ["agreement", "-assessed_on"]
        verbose_name = _("transfer assessment")
        verbose_name_plural = _("transfer assessments")

    def __str__(self):
        return f"{self.agreement}: {self.get_mechanism_display()} {self.assessed_on}"

    @property
    def service(self):
        return self.agreement.service


class ContinuityRequirement(Versioned):
    """What a continuity plan must meet at an availability level: data, per level of the active scale."""

    availability = models.PositiveSmallIntegerField(_("availability level"), unique=True)
    max_recovery_time_hours = models.PositiveIntegerField(_("longest recovery time (hours)"))
    max_recovery_point_hours = models.PositiveIntegerField(_("longest data loss (hours)"))
    exercise_every_days = models.PositiveIntegerField(_("exercise at least every (days)"), default=365)
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        ordering = ["availability"]
        verbose_name = _("continuity requirement")
        verbose_name_plural = _("continuity requirements")

    def __str__(self):
        return f"T{self.availability}: RTO ≤ {self.max_recovery_time_hours} h, RPO ≤ {self.max_recovery_point_hours} h"


class ContinuityPlan(Versioned):
    service = models.OneToOneField(
        Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="continuity_plan"
    )
    recovery_time_hours = models.PositiveIntegerField(_("recovery time objective (hours)"))
    recovery_point_hours = models.PositiveIntegerField(_("recovery point objective (hours)"))
    fallback_routine = models.TextField(_("fallback routine"))
    last_exercised_on = models.DateField(_("last exercised on"), null=True, blank=True, validators=[not_in_future])
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        verbose_name = _("continuity plan")
        verbose_name_plural = _("continuity plans")

    def __str__(self):
        return f"{self.service}: RTO {self.recovery_time_hours} h, RPO {self.recovery_point_hours} h"


class ProtectionRequirement(Versioned):
    """A protection the region requires from a level on, e.g. confidentiality ≥ 3 ⇒ multi-factor sign-in."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    text = models.CharField(_("requirement"), max_length=300)
    dimension = models.CharField(_("dimension"), max_length=1, choices=Dimension.choices)
    from_level = models.PositiveSmallIntegerField(_("from level"))
    source = models.CharField(_("source"), max_length=200, blank=True)
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        ordering = ["dimension", "from_level", "code"]
        verbose_name = _("protection requirement")
        verbose_name_plural = _("protection requirements")
        indexes = [models.Index(fields=["dimension", "from_level"])]

    def __str__(self):
        return f"{self.code}: {self.text}"


class RequirementFulfilment(Versioned):
    """That a service meets a protection requirement, who says so and on what evidence."""

    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="requirement_fulfilments"
    )
    requirement = models.ForeignKey(
        ProtectionRequirement, verbose_name=_("requirement"), on_delete=models.CASCADE, related_name="fulfilments"
    )
    evidence = models.TextField(_("how it is met"), blank=True)
    recorded_on = models.DateField(_("recorded on"), validators=[not_in_future])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        ordering = ["service", "requirement"]
        verbose_name = _("met requirement")
        verbose_name_plural = _("met requirements")
        constraints = [
            models.UniqueConstraint(fields=["service", "requirement"], name="fulfilment_unique",
                                    violation_error_message=_("The requirement is already recorded as met.")),
        ]

    def __str__(self):
        return f"{self.service}: {self.requirement.code}"

