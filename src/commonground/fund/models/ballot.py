"""Ballots, and the short-lived records that let a voter change theirs until the vote closes.

Anonymity by construction:

* a :class:`Ballot` holds only the round, the channel and the choices: no person, no time;
* who voted is a :class:`VoterLink` from an HMAC token (identifier + the round's secret salt)
  to the ballot; it exists only so a voter can change their ballot and vote only once;
* the salt lives in the round's key file (:mod:`commonground.fund.keystore`), not in a row;
* :func:`commonground.fund.actions.close_vote` deletes every link, the hashed voter list, the
  access codes and the paper entries, rewrites the ballots (new ids, shuffled), and destroys
  the key file, so once the vote closes only anonymous ballots remain, and nothing left in the
  database's files (dead rows, write-ahead log) can be turned back into a voter's token.
  The fund README's threat model says what this does and does not protect against.
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
    final = models.BooleanField(
        default=False, help_text=_("The voter said they had finished: no more changes.")
    )

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


class BallotActivity(models.TextChoices):
    CAST = "cast", _("Cast")
    CHANGED = "changed", _("Changed")
    FINISHED = "finished", _("Finished")


class BallotReceipt(models.Model):
    """That a ballot was cast, changed or finished on a day: no ballot, no voter, no time.

    Written in the ballot's transaction instead of an audit event, whose exact time (and
    shared transaction id) would tie the ballot to a line of a web server's access log; the
    close turns the receipts into one audit event of counts per day and deletes them.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    kind = models.CharField(max_length=10, choices=BallotActivity.choices)

    def __str__(self) -> str:
        return f"{self.round_id}:{self.day}:{self.kind}"


class PaperEntryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a second officer")
    MATCHED = "matched", _("Matched: counted")
    MISMATCH = "mismatch", _("Does not match: key it again")
    COUNTED_BY_DECISION = "decided", _("Counted by an officer's decision")
    SET_ASIDE = "set_aside", _("Set aside by an officer's decision")


class PaperBallot(models.Model):
    """One paper ballot of a round, the row its entries are locked through.

    Created (or found) first, then locked with ``select_for_update``, so two officers keying
    the same paper at once take turns and the second sees the first's entry.  The paper's
    number is stored only as a keyed hash (for the unique constraint) and sealed under the
    round's key (for officers to read back); the close deletes the row.
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="paper_ballots")
    ref_hash = models.CharField(max_length=64)
    ref_sealed = models.TextField()
    status = models.CharField(
        max_length=10, choices=PaperEntryStatus.choices, default=PaperEntryStatus.PENDING
    )

    class Meta:
        verbose_name = _("paper ballot")
        constraints = [
            models.UniqueConstraint(fields=["round", "ref_hash"], name="fund_paper_once")
        ]

    def __str__(self) -> str:
        return f"{self.round_id}:{self.ref_hash[:8]}… ({self.get_status_display()})"

    @property
    def ref(self) -> str:
        """The number printed on the paper (while the round's key exists)."""
        from commonground.fund import keystore

        found = self.round.round_secrets
        return keystore.unseal(found, self.ref_sealed) if found else ""

    @property
    def needs_decision(self) -> bool:
        return self.status in (PaperEntryStatus.PENDING, PaperEntryStatus.MISMATCH)


class PaperBallotEntry(models.Model):
    """One officer's keying of one paper ballot; two matching entries make it count."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="paper_entries")
    paper = models.ForeignKey(PaperBallot, on_delete=models.CASCADE, related_name="entries")
    choices = models.JSONField(default=list)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=PaperEntryStatus.choices, default=PaperEntryStatus.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["paper", "created_at"]
        verbose_name = _("paper ballot entry")
        constraints = [
            models.UniqueConstraint(
                fields=["paper", "entered_by"], name="fund_paper_entry_once_per_officer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.paper_id} ({self.get_status_display()})"


class FailedCheck(models.Model):
    """One failed eligibility check, so repeated guessing can be slowed down.

    Kept in the database, not in a web process's memory, because several web processes serve
    the vote behind a load balancer and each must see every other's failures.  ``key`` is a
    kind (``access_code``, ``voter_list``, ``person``, ``device``, ``address``: it picks the
    limit) and a keyed hash (the site's secret key) of what was tried from where, never the
    value itself; rows older than the window are pruned, and closing the vote deletes the rest.
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("failed eligibility check")
        indexes = [models.Index(fields=["round", "key", "created_at"])]

    def __str__(self) -> str:
        return f"{self.round_id}:{self.key[:8]}…"
