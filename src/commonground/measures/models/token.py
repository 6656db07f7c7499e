"""Organisation API tokens, stored hashed: a leaked database does not leak a usable token."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TOKEN_PREFIX = "cgm_"


def digest(raw: str) -> str:
    """SHA-256 is enough here: tokens are 256 random bits, not guessable passwords."""
    return hashlib.sha256(raw.encode()).hexdigest()


class OrganisationToken(models.Model):
    """A bearer token with which an organisation's systems upload its figures via the API."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.CASCADE, related_name="measures_tokens"
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("Which system uses it."))
    prefix = models.CharField(_("starts with"), max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation", "-created_at"]
        verbose_name = _("organisation API token")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @staticmethod
    def new_secret() -> str:
        return TOKEN_PREFIX + secrets.token_urlsafe(32)

    @classmethod
    def authenticate(cls, raw: str) -> "OrganisationToken | None":
        """The active token `raw` is, or None; notes when it was last used."""
        if not raw or not raw.startswith(TOKEN_PREFIX):
            return None
        token = (
            cls.objects.select_related("organisation")
            .filter(digest=digest(raw), revoked_at__isnull=True)
            .first()
        )
        if token is not None:
            now = timezone.now()
            cls.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
        return token
