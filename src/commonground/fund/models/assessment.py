"""Assessment: officers' checks and decisions, each with the reason the proposer is shown."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .proposal import Proposal


class AssessmentKind(models.TextChoices):
    ELIGIBILITY = "eligibility", _("Eligibility screening")
    FEASIBILITY = "feasibility", _("Feasibility")
    COST = "cost", _("Cost")


class AssessmentOutcome(models.TextChoices):
    PASS = "pass", _("Passes")
    CONCERNS = "concerns", _("Passes, with concerns")
    FAIL = "fail", _("Does not pass")


class Assessment(models.Model):
    """One officer's assessment of one version of a proposal."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="assessments")
    version = models.PositiveIntegerField()
    kind = models.CharField(_("kind"), max_length=12, choices=AssessmentKind.choices)
    outcome = models.CharField(_("outcome"), max_length=10, choices=AssessmentOutcome.choices)
    checklist = models.JSONField(
        _("checklist answers"), default=dict, blank=True, help_text=_("Question → yes/no.")
    )
    comment_to_proposer = models.TextField(_("comment to the proposer"), blank=True)
    internal_note = models.TextField(_("internal note"), blank=True)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["proposal", "created_at", "pk"]
        verbose_name = _("assessment")

    def __str__(self) -> str:
        return f"{self.proposal}: {self.get_kind_display()} {self.get_outcome_display()}"


class DecisionKind(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ASSESSED = "assessed", _("Assessed")
    ELIGIBLE = "eligible", _("Found eligible")
    INELIGIBLE = "ineligible", _("Found not eligible")
    REVISION_REQUESTED = "revision_requested", _("Revision requested")
    RESUBMITTED = "resubmitted", _("Revised and resubmitted")
    MERGED = "merged", _("Merged")
    SHORTLISTED = "shortlisted", _("Shortlisted for the vote")
    NOT_SHORTLISTED = "not_shortlisted", _("Not shortlisted")
    FUNDED = "funded", _("Won funding")
    NOT_FUNDED = "not_funded", _("Not funded")
    OVERRIDDEN = "overridden", _("Result overridden")


class Decision(models.Model):
    """A decision about a proposal and why: the proposer's status page lists these."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(_("decision"), max_length=20, choices=DecisionKind.choices)
    reason = models.TextField(_("reason"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["proposal", "created_at", "pk"]
        verbose_name = _("decision")

    def __str__(self) -> str:
        return f"{self.proposal}: {self.get_kind_display()}"
