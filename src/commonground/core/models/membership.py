"""Who may act for an organisation: a membership the organisation or an officer confirmed.

Anyone can type an organisation's name; acting for it (proposing in its name, being named
in open data) needs a confirmed membership.  A person asks to join, then an officer or one
of the organisation's confirmed admins confirms or refuses; either side can end it later.
Rows are kept after they end, so "was this person a member when they applied?" can still
be answered.  Only what that question needs is stored: no message, no contact details.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MembershipStatus(models.TextChoices):
    REQUESTED = "requested", _("Waiting for confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    REFUSED = "refused", _("Refused")
    ENDED = "ended", _("Ended")


OPEN = (MembershipStatus.REQUESTED, MembershipStatus.CONFIRMED)
"""Statuses of a membership still in force or still to be decided: one per person and body."""

ACTS_FOR_AN_ORGANISATION = "acts_for_an_organisation"
"""A Django model permission (``core.acts_for_an_organisation``) held exactly by the accounts
with at least one confirmed membership.  Why: the header's tools are drawn on every page and
must not query; model permissions are read once a request with the rest
(``get_all_permissions``), so "may this person refer, report tension, …" is answered from this
flag, while pages that act for *one* organisation still check that membership itself."""


class MembershipQuerySet(models.QuerySet):
    def confirmed(self) -> MembershipQuerySet:
        return self.filter(status=MembershipStatus.CONFIRMED)

    def requested(self) -> MembershipQuerySet:
        return self.filter(status=MembershipStatus.REQUESTED)

    def open(self) -> MembershipQuerySet:
        return self.filter(status__in=OPEN)

    def held_at(self, moment) -> MembershipQuerySet:
        """Memberships confirmed at some point and not ended before `moment`.

        Confirmation may come after `moment` (an officer or the organisation vouching for
        a proposal submitted before memberships existed); ending before it never counts.
        """
        return self.filter(confirmed_at__isnull=False).filter(
            models.Q(ended_at__isnull=True) | models.Q(ended_at__gt=moment)
        )


class Membership(models.Model):
    """One person's membership of one organisation, from request to end."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=MembershipStatus.choices,
        default=MembershipStatus.REQUESTED,
        db_index=True,
    )
    is_admin = models.BooleanField(
        _("organisation admin"),
        default=False,
        help_text=_("May confirm, refuse and end this organisation's memberships."),
    )
    requested_at = models.DateTimeField(_("asked"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "-requested_at", "-pk"]
        verbose_name = _("membership")
        permissions = [(ACTS_FOR_AN_ORGANISATION, "Acts for an organisation (kept by the app)")]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                condition=models.Q(status__in=["requested", "confirmed"]),
                name="core_membership_one_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation}"

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        sync_member_flag(self.user)

    def delete(self, *args, **kwargs):
        user = self.user
        result = super().delete(*args, **kwargs)
        sync_member_flag(user)
        return result

    @property
    def is_confirmed(self) -> bool:
        return self.status == MembershipStatus.CONFIRMED

    @property
    def is_open(self) -> bool:
        return self.status in OPEN


def sync_member_flag(user) -> None:
    """Grant or withdraw ``core.acts_for_an_organisation`` to match the user's memberships."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(Membership)
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type,
        codename=ACTS_FOR_AN_ORGANISATION,
        defaults={"name": "Acts for an organisation (kept by the app)"},
    )
    if Membership.objects.filter(user=user, status=MembershipStatus.CONFIRMED).exists():
        user.user_permissions.add(permission)
    else:
        user.user_permissions.remove(permission)
    for cache in ("_perm_cache", "_user_perm_cache"):
        user.__dict__.pop(cache, None)
