"""Result snapshots (immutable) and officers' public overrides."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .proposal import Proposal
from .round import Round


class ResultSnapshot(models.Model):
    """The outcome of one pot's vote under the round's rule, frozen when computed.

    ``input_sha256`` is the digest of the election as a Pabulib file, so anyone can re-run the
    published .pb export and check they get the same ``selected``.  Rows are write-once.
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="results")
    pot_key = models.CharField(max_length=12, default="district")
    pot_label = models.CharField(max_length=200, blank=True)
    rule = models.CharField(max_length=20)
    budget = models.DecimalField(max_digits=14, decimal_places=2)
    total_cost = models.DecimalField(max_digits=14, decimal_places=2)
    selected = models.JSONField(help_text=_("Project codes in order of selection."))
    outcome = models.JSONField(help_text=_("The engine's outcome, as JSON."))
    comparison = models.JSONField(
        default=dict, help_text=_("What greedy-by-votes would have funded, for comparison.")
    )
    projects = models.JSONField(
        default=list, help_text=_("Per project: support, cost, share used, plain explanation.")
    )
    engine_analysis = models.JSONField(default=dict, blank=True)
    num_ballots = models.PositiveIntegerField()
    input_sha256 = models.CharField(max_length=64)
    computed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["round", "pot_key"]
        verbose_name = _("result")
        constraints = [
            models.UniqueConstraint(fields=["round", "pot_key"], name="fund_result_once_per_pot")
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.pot_label or self.pot_key} ({self.rule})"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise PermissionError("Result snapshots are immutable.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Result snapshots are immutable.")


class ResultOverride(models.Model):
    """An officer's decision to fund (or not fund) a project against the computed result.

    Shown on the public results page with its reason; the snapshot itself never changes.
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="overrides")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="overrides")
    funded = models.BooleanField(_("fund it"))
    reason = models.TextField(_("reason"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["round", "created_at", "pk"]
        verbose_name = _("result override")
        constraints = [
            models.CheckConstraint(condition=~models.Q(reason=""), name="fund_override_reason")
        ]

    def __str__(self) -> str:
        return f"{self.proposal}: {'fund' if self.funded else 'do not fund'}"
