"""Who has voted by postcode, kept only as keyed hashes, and the officers' review queue.

The postcode route cannot check an address or a date of birth, so one person must not get a
second ballot by retyping their name or changing their birthday.  A :class:`PostcodeIdentity`
binds a ballot to one person (postcode + date of birth + normalised name, as the voter token);
its :class:`IdentitySignal` rows are HMACs of coarser forms (the name without the date of
birth, the name's one-letter-off spellings, initials + a name part) under the round's salt, so
a later check that is *near* an earlier voter at the same postcode is found without storing a
name, a postcode or a date of birth.  Such a check is not refused (families share names): its
ballot waits in an :class:`IdentityReview` until an officer counts or rejects it.

Everything here except the decided reviews (their status, reason and officer, with no token)
is deleted when the vote closes (:func:`commonground.fund.actions.forget_identities`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .ballot import Channel
from .round import Round


class PostcodeGroup(models.Model):
    """Everyone checked at one full postcode (an HMAC of it): the row checks at that postcode
    lock, so two near-identical checks at once cannot both miss each other."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "key"], name="fund_postcode_group_once")
        ]

    def __str__(self) -> str:
        return f"{self.round_id}:{self.key[:8]}…"


class PostcodeIdentity(models.Model):
    """One person who passed the postcode check; ``token`` is their voter token."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(PostcodeGroup, on_delete=models.CASCADE, related_name="identities")
    token = models.CharField(max_length=64)
    device = models.CharField(
        max_length=64, blank=True, help_text=_("Keyed hash of the device cookie, if any.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "token"], name="fund_postcode_identity_once")
        ]

    def __str__(self) -> str:
        return f"{self.round_id}:{self.token[:8]}…"


class SignalKind(models.TextChoices):
    SAME_NAME = "same_name", _("Same name, different date of birth")
    SIMILAR_NAME = "similar_name", _("Name one letter different")
    INITIALS = "initials", _("Same initials and a shared name, same date of birth")


class IdentitySignal(models.Model):
    """One keyed hash of a coarser form of a person's identity, to find near-duplicates."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    identity = models.ForeignKey(PostcodeIdentity, on_delete=models.CASCADE, related_name="signals")
    kind = models.CharField(max_length=16, choices=SignalKind.choices)
    key = models.CharField(max_length=64)

    class Meta:
        indexes = [models.Index(fields=["round", "key"])]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key[:8]}…"


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    COUNTED = "counted", _("Counted")
    REJECTED = "rejected", _("Not counted")


class IdentityReview(models.Model):
    """A postcode check near an earlier voter, and the ballot it holds until decided.

    The held ballot is not a :class:`~commonground.fund.models.Ballot` (so the count cannot
    include it by accident): counting it makes one; rejecting it discards the choices.
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="identity_reviews")
    identity = models.OneToOneField(
        PostcodeIdentity, null=True, on_delete=models.SET_NULL, related_name="review"
    )
    district = models.CharField(_("postcode district"), max_length=4)
    kinds = models.JSONField(default=list, help_text=_("Why it was held (signal kinds)."))
    similar_count = models.PositiveIntegerField(default=0)
    same_device = models.BooleanField(default=False)
    choices = models.JSONField(null=True, blank=True)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    status = models.CharField(
        max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PENDING
    )
    reason = models.TextField(blank=True)
    final = models.BooleanField(
        default=False, help_text=_("The voter said they had finished: no more changes.")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("held ballot review")
        indexes = [models.Index(fields=["round", "status"])]

    def __str__(self) -> str:
        return f"{self.round_id}:{self.pk} ({self.status})"

    def kind_labels(self) -> list[str]:
        """Why this check was held, in words."""
        return [str(SignalKind(kind).label) for kind in self.kinds if kind in SignalKind.values]
