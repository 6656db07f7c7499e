"""Ballots, and the short-lived records that let a voter change theirs until the vote closes.

Anonymity by construction:

* a :class:`Ballot` holds only the round, the channel and the choices: no person, no time;
* who voted is a :class:`VoterLink` from an HMAC token (identifier + the round's secret salt)
  to the ballot; it exists only so a voter can change their ballot and vote only once;
* :func:`commonground.fund.actions.close_vote` deletes every link, the hashed voter list and
  the access codes, and blanks the salt, so once the vote closes only anonymous ballots remain.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .round import Round


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    PAPER = "paper", _("Paper")
    IMPORTED = "imported", _("Imported")


class Ballot(models.Model):
    """One voter's choices: project codes in order, or ``{code: points}`` for points ballots."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="ballots")
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    choices = models.JSONField(default=list)
    position = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("Order in an imported file.")
    )

    class Meta:
        verbose_name = _("ballot")
        indexes = [models.Index(fields=["round", "position"])]

    def __str__(self) -> str:
        return f"{self.round_id}:{self.pk}"


class VoterLink(models.Model):
    """Voter token → ballot, while the vote is open: one ballot per voter, changeable."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64)
    ballot = models.OneToOneField(Ballot, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "token"], name="fund_one_ballot_per_voter")
        ]

    def __str__(self) -> str:
        return f"{self.round_id}:{self.token[:8]}…"


class EligibleVoter(models.Model):
    """One line of an uploaded voter list, kept only as an HMAC of the identifier."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "token"], name="fund_eligible_voter_once")
        ]

    def __str__(self) -> str:
        return f"{self.round_id}:{self.token[:8]}…"


class AccessCode(models.Model):
    """A single-use access code printed on a card for in-person voting, stored hashed."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64)
    batch = models.CharField(max_length=80, blank=True)
    used = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "token"], name="fund_access_code_once")
        ]

    def __str__(self) -> str:
        return f"{self.round_id}:{self.token[:8]}…"


class PaperEntryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a second officer")
    MATCHED = "matched", _("Matched: counted")
    MISMATCH = "mismatch", _("Does not match: key it again")


class PaperBallotEntry(models.Model):
    """One officer's keying of one paper ballot; two matching entries make it count."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="paper_entries")
    paper_ref = models.CharField(_("ballot paper number"), max_length=40)
    choices = models.JSONField(default=list)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=PaperEntryStatus.choices, default=PaperEntryStatus.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["round", "paper_ref", "created_at"]
        verbose_name = _("paper ballot entry")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "paper_ref", "entered_by"],
                name="fund_paper_entry_once_per_officer",
            )
        ]

    def __str__(self) -> str:
        return f"{self.paper_ref} ({self.get_status_display()})"


class FailedCheck(models.Model):
    """One failed eligibility check, so repeated guessing can be slowed down.

    Kept in the database, not in a web process's memory, because several web processes serve
    the vote behind a load balancer and each must see every other's failures.  ``key`` is a
    keyed hash (the site's secret key) of what was tried from where — a client address, an
    access code, a postcode — never the value itself; rows older than the window are pruned,
    and closing the vote deletes the rest.
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("failed eligibility check")
        indexes = [models.Index(fields=["round", "key", "created_at"])]

    def __str__(self) -> str:
        return f"{self.round_id}:{self.key[:8]}…"
