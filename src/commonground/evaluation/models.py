"""Test and learn: interventions with their logic, evaluation plans, results and decisions.

An intervention is registered with its logic model (inputs → activities → outputs → outcomes,
each outcome tied to a measure); its evaluation plan is written before the start and locked
(audited) once it starts; results are computed from Measures data by ``commonground.causal``
and kept as snapshots; decisions record what was done with the evidence.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    GRANT = "grant", _("Innovation Fund grant")
    PROGRAMME = "programme", _("Partner programme")
    PILOT = "pilot", _("Council pilot")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class InterventionQuerySet(models.QuerySet):
    def published(self) -> InterventionQuerySet:
        return self.filter(status=Status.PUBLISHED)


class Intervention(models.Model):
    """Something the programme does in some wards, to be tested."""

    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    pillar = models.ForeignKey(
        "core.Pillar", null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("pillar")
    )
    objective = models.ForeignKey(
        "core.Objective",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("objective"),
    )
    wards = models.ManyToManyField("core.Area", related_name="interventions", blank=True)
    communities = models.CharField(_("communities"), max_length=300, blank=True)
    owner = models.CharField(_("owner"), max_length=200)
    organisation = models.ForeignKey(
        "core.Organisation", null=True, blank=True, on_delete=models.SET_NULL
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    budget = models.DecimalField(
        _("budget (£)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    grant = models.ForeignKey(
        "fund.Grant",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interventions",
        verbose_name=_("Innovation Fund grant"),
    )
    readiness_assessment = models.ForeignKey(
        "readiness.Assessment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="citing_interventions",
        verbose_name=_("community readiness assessment it responds to"),
    )
    inputs = models.TextField(_("inputs"), blank=True, help_text=_("One per line."))
    activities = models.TextField(_("activities"), blank=True, help_text=_("One per line."))
    outputs = models.TextField(_("outputs"), blank=True, help_text=_("One per line."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InterventionQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "title"]
        verbose_name = _("intervention")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("evaluation:detail", args=[self.pk])

    @staticmethod
    def _lines(text: str) -> list[str]:
        return [line.strip() for line in text.splitlines() if line.strip()]

    @property
    def input_list(self) -> list[str]:
        return self._lines(self.inputs)

    @property
    def activity_list(self) -> list[str]:
        return self._lines(self.activities)

    @property
    def output_list(self) -> list[str]:
        return self._lines(self.outputs)

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED


class LogicOutcome(models.Model):
    """An outcome in the logic model, measured by a measure in Measures."""

    intervention = models.ForeignKey(
        Intervention, on_delete=models.CASCADE, related_name="outcomes"
    )
    text = models.CharField(_("outcome"), max_length=300)
    indicator = models.ForeignKey(
        "measures.Indicator",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("measure"),
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text


class Design(models.TextChoices):
    BEFORE_AFTER = "before-after", _("Before and after only")
    DID = "did", _("Comparison areas: difference in differences")
    EVENT_STUDY = "event-study", _("Comparison areas: event study")
    SYNTHETIC = "synthetic-control", _("Synthetic control (one treated area)")


class Comparison(models.TextChoices):
    """Which wards a group starting later is compared with (staggered starts)."""

    NEVER = "never", _("Wards never treated")
    NOT_YET = "not-yet", _("Wards never treated and wards not yet started")


SMS_LEVEL = {
    Design.BEFORE_AFTER: 2,
    Design.DID: 3,
    Design.EVENT_STUDY: 3,
    Design.SYNTHETIC: 3,
}
"""The Maryland Scientific Methods Scale level each design reaches (What Works Centre for Local
Economic Growth's reading): before/after is level 2; a comparison group with before and after
data, which all three comparison designs have, is level 3; level 4–5 need quasi-random or
random assignment, which area interventions rarely have."""


class EvaluationPlan(models.Model):
    """How an intervention will be evaluated, fixed before it starts."""

    intervention = models.OneToOneField(Intervention, on_delete=models.CASCADE, related_name="plan")
    design = models.CharField(_("design"), max_length=20, choices=Design.choices)
    indicator = models.ForeignKey(
        "measures.Indicator",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("primary outcome measure"),
    )
    start_period = models.CharField(
        _("first treated period"), max_length=20, help_text=_('As Measures writes it: "2024".')
    )
    comparison_wards = models.ManyToManyField("core.Area", related_name="+", blank=True)
    # Staggered starts: ward code → its own first treated period, for the intervention's wards
    # that start later than ``start_period`` (the others start then).
    ward_starts = models.JSONField(_("wards that start later"), default=dict, blank=True)
    control_group = models.CharField(
        _("compare wards that start later with"),
        max_length=10,
        choices=Comparison.choices,
        default=Comparison.NEVER,
    )
    # Ward characteristics to match (synthetic control) or adjust for (staggered starts).
    covariates = models.ManyToManyField(
        "measures.Indicator", related_name="+", blank=True, verbose_name=_("covariates")
    )
    # Synthetic control with covariates: the pre-periods whose outcome is a predictor too.
    outcome_periods = models.CharField(_("outcome periods to match"), max_length=200, blank=True)
    # Covariate columns of an uploaded outcome sheet (comma-separated), beside ``covariates``.
    sheet_covariates = models.CharField(
        _("covariate columns of an uploaded sheet"), max_length=300, blank=True
    )
    minimum_detectable_effect = models.FloatField(null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    locked_at = models.DateTimeField(null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.intervention}: {self.get_design_display()}"

    @property
    def sms_level(self) -> int:
        return SMS_LEVEL[Design(self.design)]

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None

    @property
    def outcome_period_list(self) -> list[str]:
        """The outcome periods to match, as written (comma-separated)."""
        return [p.strip() for p in self.outcome_periods.split(",") if p.strip()]

    @property
    def sheet_covariate_list(self) -> list[str]:
        """The uploaded sheet's covariate columns, as written (comma-separated)."""
        return [c.strip() for c in self.sheet_covariates.split(",") if c.strip()]

    @property
    def staggered(self) -> bool:
        """Whether some of the intervention's wards start later than the others."""
        return any(period != self.start_period for period in (self.ward_starts or {}).values())


class EvaluationResult(models.Model):
    """One computed result (a snapshot: the numbers the verdict and decisions rest on)."""

    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="results")
    design = models.CharField(max_length=20, choices=Design.choices)
    indicator = models.ForeignKey(
        "measures.Indicator", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    data = models.JSONField(default=dict)
    verdict = models.TextField()
    computed_at = models.DateTimeField(auto_now_add=True)
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-computed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.intervention}: {self.verdict[:60]}"


class Choice(models.TextChoices):
    SCALE_UP = "scale-up", _("Scale up")
    TEST_ELSEWHERE = "test-elsewhere", _("Test elsewhere")
    CHANGE = "change", _("Change")
    STOP = "stop", _("Stop")


class Decision(models.Model):
    """What was decided about an intervention, why, by whom, on which evidence."""

    intervention = models.ForeignKey(
        Intervention, on_delete=models.CASCADE, related_name="decisions"
    )
    choice = models.CharField(_("decision"), max_length=20, choices=Choice.choices)
    reasons = models.TextField(_("reasons"))
    evidence = models.ForeignKey(
        EvaluationResult, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.intervention}: {self.get_choice_display()}"
