"""Stored analysis: embeddings, background runs with their progress, and the feedback loop.

Analysis of 20,000 responses and 5,000 comments takes seconds to minutes, so it runs in a
background task and its result is kept as a snapshot (`AnalysisRun.result`, with the time it
was computed and the counts it was computed from); the analysis pages read the latest
snapshot and answer at once. Each comment's sentence embedding is kept as float32 bytes so
proposing themes again, or suggesting codes, only embeds comments that are new.
"""

from __future__ import annotations

import numpy as np
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from commonground.consult.models.consultation import Consultation
from commonground.consult.models.evidence import Comment, Theme


class CommentEmbedding(models.Model):
    comment = models.OneToOneField(
        Comment, on_delete=models.CASCADE, primary_key=True, related_name="embedding"
    )
    vector = models.BinaryField()
    model = models.CharField(max_length=80, default="all-MiniLM-L6-v2")

    def __str__(self) -> str:
        return f"embedding of comment {self.comment_id}"

    def as_array(self) -> np.ndarray:
        return np.frombuffer(self.vector, dtype=np.float32)

    @staticmethod
    def to_bytes(vector: np.ndarray) -> bytes:
        return np.asarray(vector, dtype=np.float32).tobytes()


class AnalysisKind(models.TextChoices):
    PRIORITIES = "priorities", _("Priorities")
    REACH = "reach", _("Reach")
    THEMES = "themes", _("Theme counts and quotes")
    PROPOSE = "propose", _("Propose themes")
    SUGGEST = "suggest", _("Suggest codes")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    DONE = "done", _("Finished")
    FAILED = "failed", _("Failed")


class AnalysisRunQuerySet(models.QuerySet):
    def latest_done(self, consultation: Consultation, kind: str) -> AnalysisRun | None:
        return (
            self.filter(consultation=consultation, kind=kind, status=RunStatus.DONE)
            .order_by("-finished_at", "-pk")
            .first()
        )


class AnalysisRun(models.Model):
    """One background computation: its progress while it runs, its snapshot once done."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="analysis_runs"
    )
    kind = models.CharField(max_length=12, choices=AnalysisKind.choices)
    status = models.CharField(max_length=8, choices=RunStatus.choices, default=RunStatus.QUEUED)
    percent = models.PositiveSmallIntegerField(default=0)
    stage = models.CharField(max_length=200, blank=True)
    result = models.JSONField(default=dict, blank=True)
    input_counts = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The background task running it (set when it starts): while that task is over, the run
    # is not really running, whatever its status says (see analysis.running).
    task_id = models.CharField(max_length=64, blank=True)

    objects = AnalysisRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["consultation", "kind", "status"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("consult:run", args=[self.consultation.slug, self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)

    @property
    def computed_at(self):
        return self.finished_at


class ProposalDecision(models.TextChoices):
    PENDING = "pending", _("Not decided")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class ThemeProposal(models.Model):
    """A theme the platform found by clustering comments; an officer accepts or rejects it."""

    run = models.ForeignKey(AnalysisRun, on_delete=models.CASCADE, related_name="proposals")
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="theme_proposals"
    )
    label = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    member_ids = models.JSONField(default=list)
    representative_ids = models.JSONField(default=list)
    decision = models.CharField(
        max_length=8, choices=ProposalDecision.choices, default=ProposalDecision.PENDING
    )
    theme = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposals"
    )

    class Meta:
        ordering = ["run", "-pk"]

    def __str__(self) -> str:
        return self.label

    @property
    def size(self) -> int:
        return len(self.member_ids)


class YouSaidWeDid(models.Model):
    """What changed because of a theme people raised: the public half of the feedback loop."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="you_said_we_did"
    )
    theme = models.OneToOneField(Theme, on_delete=models.CASCADE, related_name="we_did")
    you_said = models.TextField(_("you said"), help_text=_("What people told us, in brief."))
    we_did = models.TextField(_("we did"), help_text=_("What changed, or will, because of it."))
    link = models.URLField(_("link to more"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["consultation", "theme__label"]
        verbose_name = _("you said, we did")
        verbose_name_plural = _("you said, we did")

    def __str__(self) -> str:
        return f"{self.theme}: {self.we_did[:60]}"
