"""Grants to winning projects: conditions, payment milestones and progress reports."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import FileExtensionValidator, MaxValueValidator
from django.db import models
from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .proposal import PromisedOutput, Proposal
from .round import Round


@dataclass(frozen=True)
class GrantMoney:
    """A grant's money in the three senses people confuse, each from its own source.

    ``awarded`` is what the council committed when it made the grant; ``paid`` what it has
    paid out (milestones marked paid); ``spent`` what the grantee last *reported* spending,
    on ``reported_on`` (its own money as well as the council's).  Spending beyond what was
    paid is not an error to hide but a fact to flag: the grantee is ahead of its payments, or
    a payment has not been recorded.
    """

    awarded: Decimal
    paid: Decimal
    spent: Decimal | None
    reported_on: date | None

    @property
    def to_pay(self) -> Decimal:
        return max(self.awarded - self.paid, Decimal(0))

    @property
    def spent_beyond_paid(self) -> Decimal:
        return max((self.spent or Decimal(0)) - self.paid, Decimal(0))

    @property
    def spent_beyond_award(self) -> Decimal:
        return max((self.spent or Decimal(0)) - self.awarded, Decimal(0))


class Grant(models.Model):
    """A grant made to a winning proposal; published in the 360Giving Data Standard."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="grants")
    proposal = models.OneToOneField(Proposal, on_delete=models.PROTECT, related_name="grant")
    identifier = models.CharField(_("360Giving identifier"), max_length=100, unique=True)
    amount = models.DecimalField(_("amount awarded"), max_digits=14, decimal_places=2)
    conditions = models.TextField(_("conditions"), blank=True)
    awarded_on = models.DateField(_("award date"))
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["round", "proposal__code", "pk"]
        verbose_name = _("grant")

    def __str__(self) -> str:
        return f"{self.identifier}: {self.proposal}"

    def get_absolute_url(self) -> str:
        return reverse("fund:grant", args=[self.round.slug, self.pk])

    @property
    def paid(self) -> Decimal:
        return self.milestones.filter(paid_on__isnull=False).aggregate(t=Sum("payment"))[
            "t"
        ] or Decimal(0)

    def latest_report(self) -> ProgressReport | None:
        return self.reports.order_by("-created_at", "-pk").first()

    def money(
        self, milestones: Sequence[Milestone] | None = None, latest: ProgressReport | None = None
    ) -> GrantMoney:
        """Awarded, paid out and reported spent, labelled apart (see :class:`GrantMoney`).

        Pass prefetched ``milestones`` and the ``latest`` report to avoid queries (the tracking
        page does, for every grant)."""
        if milestones is None:
            paid = self.paid
        else:
            paid = sum((m.payment for m in milestones if m.paid_on), Decimal(0))
        latest = latest if latest is not None else self.latest_report()
        return GrantMoney(
            awarded=self.amount,
            paid=paid,
            spent=latest.spend_to_date if latest else None,
            reported_on=latest.created_at.date() if latest else None,
        )

    def schedule_problems(
        self, start: date | None, end: date | None, milestones: Sequence[Mapping[str, Any]]
    ) -> list[str]:
        """What is wrong with a proposed schedule, in words an officer can act on.

        ``milestones`` are dicts with ``title``, ``due_on`` and ``payment``, in their order.
        Payments may not add up to more than the grant (the grantee would be promised money
        that was never awarded); dates must run forwards, because payments are released in
        milestone order and a report is due by each date.
        """
        problems = []
        total = sum((m["payment"] or Decimal(0) for m in milestones), Decimal(0))
        if total > self.amount:
            problems.append(
                _("The milestone payments add up to %(total)s, more than the grant of %(amount)s.")
                % {"total": f"{total:,.2f}", "amount": f"{self.amount:,.2f}"}
            )
        if any((m["payment"] or 0) < 0 for m in milestones):
            problems.append(_("A milestone payment cannot be negative."))
        if start and end and end < start:
            problems.append(_("The planned end must not be before the planned start."))
        dates = [m["due_on"] for m in milestones if m["due_on"]]
        if any(later < earlier for earlier, later in itertools.pairwise(dates)):
            problems.append(
                _("Put the milestones in date order: each due date on or after the last.")
            )
        if start and any(d < start for d in dates):
            problems.append(_("A milestone cannot be due before the planned start."))
        if end and any(d > end for d in dates):
            problems.append(_("A milestone cannot be due after the planned end."))
        return problems


class Milestone(models.Model):
    """A step of delivery and the payment released when it is reached."""

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="milestones")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("milestone"), max_length=200)
    due_on = models.DateField(_("due"), null=True, blank=True)
    payment = models.DecimalField(_("payment"), max_digits=14, decimal_places=2, default=0)
    percent_complete = models.PositiveSmallIntegerField(
        # xgettext:no-python-format
        _("% complete"),
        default=0,
        validators=[MaxValueValidator(100)],
    )
    paid_on = models.DateField(_("paid on"), null=True, blank=True)

    class Meta:
        ordering = ["grant", "order", "pk"]
        verbose_name = _("milestone")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percent_complete__lte=100), name="fund_milestone_pct_lte_100"
            )
        ]

    def __str__(self) -> str:
        return self.title


class ProgressReport(models.Model):
    """A funded project's report: how far it has got, what it spent, outputs and a story."""

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="reports")
    percent_complete = models.PositiveSmallIntegerField(
        # xgettext:no-python-format
        _("% complete overall"),
        validators=[MaxValueValidator(100)],
    )
    spend_to_date = models.DecimalField(_("spent so far"), max_digits=14, decimal_places=2)
    story = models.TextField(_("story"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["grant", "-created_at", "-pk"]
        verbose_name = _("progress report")

    def __str__(self) -> str:
        return f"{self.grant}: {self.percent_complete}%"


class OutputResult(models.Model):
    """How much of a promised output a report says has been achieved."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="outputs")
    promised = models.ForeignKey(PromisedOutput, on_delete=models.CASCADE, related_name="results")
    achieved = models.PositiveIntegerField(_("achieved"))

    class Meta:
        verbose_name = _("output achieved")

    def __str__(self) -> str:
        return f"{self.promised}: {self.achieved}"


def report_photo_path(instance: ReportPhoto, filename: str) -> str:
    return f"fund/reports/{instance.report.grant_id}/{filename}"


class ReportPhoto(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(
        upload_to=report_photo_path,
        validators=[FileExtensionValidator(["jpg", "jpeg", "png", "webp"])],
    )
    alt_text = models.CharField(_("description of the photo"), max_length=250)

    class Meta:
        verbose_name = _("report photo")

    def __str__(self) -> str:
        return self.alt_text
