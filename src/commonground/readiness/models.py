"""Community Readiness: assessments, interviews, blind scores, consensus, and the council's
own copy of the rating scales and stage strategies.

The arithmetic is in :mod:`commonground.readinessmodel` (no Django); here are the records
and who may see them. Interview notes are personal data: only the assessment's team reads
them (``readiness.view_interviews``).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from commonground.readinessmodel import DIMENSIONS, ScoreRow, score_rows
from commonground.readinessmodel.scoring import Profile, ScoreError


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    URDU = "ur", _("Urdu")
    POLISH = "pl", _("Polish")


class Dimension(models.TextChoices):
    A = "A", _("Community efforts")
    B = "B", _("Community knowledge of the efforts")
    C = "C", _("Leadership")
    D = "D", _("Community climate")
    E = "E", _("Community knowledge about the issue")
    F = "F", _("Resources related to the issue")


STAGE_LABELS = {
    1: _("No awareness"),
    2: _("Denial or resistance"),
    3: _("Vague awareness"),
    4: _("Preplanning"),
    5: _("Preparation"),
    6: _("Initiation"),
    7: _("Stabilisation"),
    8: _("Confirmation and expansion"),
    9: _("High level of community ownership"),
}
"""The stages' names for people, in their language (the CLI prints the contract's names)."""


class ScorerSlot(models.TextChoices):
    A = "a", _("First scorer")
    B = "b", _("Second scorer")


class AssessmentQuerySet(models.QuerySet):
    def visible_to(self, user) -> AssessmentQuerySet:
        """Officers see every assessment; anyone else those whose team they are in."""
        from .rules import may_see_all

        if may_see_all(user):
            return self
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(team=user).distinct()


class Assessment(models.Model):
    """One readiness assessment of one community (a ward, or a community of interest) on one
    issue. A repeat assessment is a later one of the same issue and community."""

    issue = models.CharField(
        _("issue"), max_length=200, help_text=_("For example: tackling hate crime.")
    )
    ward = models.ForeignKey(
        "core.Area",
        verbose_name=_("ward"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="readiness_assessments",
    )
    community = models.ForeignKey(
        "core.CommunityOfInterest",
        verbose_name=_("community of interest"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="readiness_assessments",
    )
    guide_en = models.TextField(_("interview guide (English)"), blank=True)
    guide_ur = models.TextField(_("interview guide (Urdu)"), blank=True)
    guide_pl = models.TextField(_("interview guide (Polish)"), blank=True)
    respondent_roles = models.TextField(
        _("key respondents to interview"),
        blank=True,
        help_text=_("One role a line, for example: faith leader, youth worker. Roles, not names."),
    )
    starts_on = models.DateField(_("interviews start"))
    ends_on = models.DateField(_("interviews end"))
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("team"), related_name="readiness_teams"
    )
    scorer_a = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("first scorer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    scorer_b = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("second scorer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-ends_on", "pk"]
        verbose_name = _("readiness assessment")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(ward__isnull=False) & models.Q(community__isnull=True))
                | (models.Q(ward__isnull=True) & models.Q(community__isnull=False)),
                name="readiness_assessment_one_community",
            ),
            models.CheckConstraint(
                condition=~models.Q(scorer_a=models.F("scorer_b")),
                name="readiness_assessment_two_scorers",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.issue} – {self.community_name}"

    def get_absolute_url(self) -> str:
        return reverse("readiness:assessment", args=[self.pk])

    @property
    def community_name(self) -> str:
        return self.ward.name if self.ward_id else self.community.name

    def guide(self, language: str) -> str:
        """The interview guide in a language, English where it has no translation."""
        return getattr(self, f"guide_{language}", "") or self.guide_en

    @property
    def roles(self) -> list[str]:
        return [line.strip() for line in self.respondent_roles.splitlines() if line.strip()]

    def slot_of(self, user) -> str | None:
        """Which scorer a user is here (``"a"``/``"b"``), or None."""
        if user.pk == self.scorer_a_id:
            return ScorerSlot.A
        if user.pk == self.scorer_b_id:
            return ScorerSlot.B
        return None

    def previous(self) -> Assessment | None:
        """The last assessment of the same issue and community before this one."""
        return (
            Assessment.objects.filter(
                issue__iexact=self.issue,
                ward=self.ward_id,
                community=self.community_id,
                ends_on__lt=self.ends_on,
            )
            .order_by("-ends_on")
            .first()
        )

    def score_rows(self) -> tuple[list[ScoreRow], bool]:
        """Every score as the scoring package reads it (a and b only once both finished),
        and whether every interview has its six consensus scores."""
        rows, complete = [], True
        for interview in self.interviews.prefetch_related("scores", "consensus", "sheets"):
            complete = complete and interview.has_consensus()
            if interview.both_finished():
                rows += [
                    ScoreRow(str(interview.pk), s.dimension, s.slot, Fraction(s.score))
                    for s in interview.scores.all()
                ]
            rows += [
                ScoreRow(str(interview.pk), c.dimension, "consensus", Fraction(str(c.score)))
                for c in interview.consensus.all()
            ]
        return rows, complete

    def profile(self) -> Profile | None:
        """The readiness profile, or None while some interview has no consensus yet."""
        rows, complete = self.score_rows()
        if not complete or not rows:
            return None
        try:
            return score_rows(rows)
        except ScoreError:
            return None


class Interview(models.Model):
    """A key respondent's interview: notes or a transcript, and audio only with consent."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="interviews")
    respondent_role = models.CharField(
        _("respondent's role"),
        max_length=200,
        help_text=_("Their role in the community, not their name."),
    )
    held_on = models.DateField(_("date of the interview"))
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.ENGLISH
    )
    notes = models.TextField(_("notes or transcript"))
    audio_consent = models.BooleanField(_("the respondent agreed to be recorded"), default=False)
    audio = models.FileField(_("audio recording"), upload_to="readiness/audio/", blank=True)
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    draft_id = models.CharField(max_length=64, blank=True, default="")
    """The device copy's id when the notes came from a phone or laptop that may send them
    twice (its first answer lost on the way back): the second send finds this interview."""

    class Meta:
        ordering = ["held_on", "pk"]
        verbose_name = _("interview")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "draft_id"],
                condition=~models.Q(draft_id=""),
                name="readiness_interview_once_per_draft",
            )
        ]

    def __str__(self) -> str:
        return f"{self.respondent_role} ({self.held_on:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("readiness:interview", args=[self.pk])

    def finished_slots(self) -> set[str]:
        return {s.slot for s in self.sheets.all()}

    def both_finished(self) -> bool:
        return self.finished_slots() == {ScorerSlot.A, ScorerSlot.B}

    def has_consensus(self) -> bool:
        return len(self.consensus.all()) == len(DIMENSIONS)


class Sheet(models.Model):
    """A scorer has finished scoring an interview: their scores are final and, once the
    other scorer's sheet is in too, both are shown."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="sheets")
    slot = models.CharField(max_length=1, choices=ScorerSlot.choices)
    scorer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    finished_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["interview", "slot"], name="readiness_one_sheet")
        ]

    def __str__(self) -> str:
        return f"{self.interview} – {self.get_slot_display()}"


class Score(models.Model):
    """One scorer's whole-number score of one interview on one dimension."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="scores")
    dimension = models.CharField(max_length=1, choices=Dimension.choices)
    slot = models.CharField(max_length=1, choices=ScorerSlot.choices)
    score = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(9)]
    )

    class Meta:
        ordering = ["dimension"]
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "dimension", "slot"], name="readiness_one_score"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=9), name="readiness_score_1_9"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dimension}{self.slot}: {self.score}"


class Consensus(models.Model):
    """The score both scorers agreed for an interview and dimension: any number in [1, 9]."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="consensus")
    dimension = models.CharField(max_length=1, choices=Dimension.choices)
    score = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(1)), MaxValueValidator(Decimal(9))],
    )
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    agreed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["dimension"]
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "dimension"], name="readiness_one_consensus"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=9), name="readiness_consensus_1_9"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dimension}: {self.score}"


class StageStrategy(models.Model):
    """The council's own goal and strategies for a stage in one language (starts from the
    package's data in that language; a rewording in one language leaves the others)."""

    stage = models.PositiveSmallIntegerField(
        _("stage"), validators=[MinValueValidator(1), MaxValueValidator(9)]
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.ENGLISH
    )
    goal = models.CharField(_("goal"), max_length=300)
    strategies = models.TextField(_("strategies"), help_text=_("One strategy a line."))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["stage", "language"]
        verbose_name = _("stage strategy")
        constraints = [
            models.UniqueConstraint(
                fields=["stage", "language"], name="readiness_one_strategy_a_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.stage} ({self.language}): {self.goal}"

    @property
    def lines(self) -> list[str]:
        return [line.strip() for line in self.strategies.splitlines() if line.strip()]


class ScaleAnchor(models.Model):
    """The council's own wording of one anchor of a dimension's rating scale."""

    dimension = models.CharField(max_length=1, choices=Dimension.choices)
    score = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(9)]
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.ENGLISH
    )
    text = models.TextField(_("anchor"))

    class Meta:
        ordering = ["dimension", "score", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["dimension", "score", "language"], name="readiness_one_anchor_a_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dimension}{self.score} ({self.language})"
