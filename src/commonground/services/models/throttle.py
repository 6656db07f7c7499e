"""Counted tries against the learner form's rate limit: keyed hashes only, never an address."""

from __future__ import annotations

from django.db import models


class JoinAttempt(models.Model):
    """One learner request counted against a limit: ``kind:`` + a keyed hash of the client's
    address (never the address) and a time. Rows older than the window are deleted as new ones
    are written, so not even the hashes last."""

    key = models.CharField(max_length=100, db_index=True)
    at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.key
