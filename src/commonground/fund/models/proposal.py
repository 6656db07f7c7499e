"""Proposals: what a group asks the fund for, its itemised budget, versions and images."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.validators import FileExtensionValidator, MinValueValidator
from django.db import models
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .round import Round


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    REVISION_REQUESTED = "revision_requested", _("Revision requested")
    ELIGIBLE = "eligible", _("Eligible")
    INELIGIBLE = "ineligible", _("Not eligible")
    SHORTLISTED = "shortlisted", _("On the ballot")
    NOT_SHORTLISTED = "not_shortlisted", _("Not shortlisted")
    MERGED = "merged", _("Merged into another proposal")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    FUNDED = "funded", _("Won funding")
    NOT_FUNDED = "not_funded", _("Not funded")


EDITABLE = {ProposalStatus.DRAFT, ProposalStatus.REVISION_REQUESTED}
"""Statuses in which the proposer may edit a proposal."""

ON_BALLOT = {ProposalStatus.SHORTLISTED, ProposalStatus.FUNDED, ProposalStatus.NOT_FUNDED}
"""Statuses of proposals that were on the ballot."""


class ProposalQuerySet(models.QuerySet):
    def on_ballot(self) -> ProposalQuerySet:
        return self.filter(status__in=ON_BALLOT)

    def for_proposer(self, user) -> ProposalQuerySet:
        """Proposals a user may see as proposer: their own, and those of the organisations
        whose membership is confirmed (asking to join is not enough)."""
        q = models.Q(submitted_by=user)
        organisations = user.confirmed_organisations().values("pk")
        return self.filter(q | models.Q(organisation__in=organisations))

    def with_organisation_check(self) -> ProposalQuerySet:
        """Annotate `organisation_check`: whether the organisation may be named (one query
        for a whole list, read by :attr:`Proposal.organisation_verified`)."""
        return self.annotate(organisation_check=organisation_check())


def organisation_check(path: str = "") -> models.Exists:
    """True where the proposal at `path` (e.g. "proposal__" from a grant) may name its
    organisation: the rule of :attr:`Proposal.organisation_verified`, as one subquery."""
    from commonground.core.models import Membership

    held = Membership.objects.filter(
        user=models.OuterRef(f"{path}submitted_by"),
        organisation=models.OuterRef(f"{path}organisation"),
        confirmed_at__isnull=False,
    ).filter(
        models.Q(ended_at__isnull=True)
        | models.Q(ended_at__gt=models.OuterRef(f"{path}submitted_at"))
    )
    return models.Exists(held)


class Proposal(models.Model):
    """A proposal for an innovative, collaborative integration project."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="proposals")
    code = models.CharField(
        _("project number"),
        max_length=40,
        blank=True,
        help_text=_("The project's id on the ballot and in Pabulib exports."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProposalStatus.choices,
        default=ProposalStatus.DRAFT,
        db_index=True,
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="fund_proposals",
    )
    organisation = models.ForeignKey(
        "core.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="fund_proposals",
        verbose_name=_("lead organisation"),
    )
    applicant_kind = models.CharField(_("kind of applicant"), max_length=30, blank=True)
    partners = models.ManyToManyField(
        "core.Organisation", blank=True, related_name="+", verbose_name=_("partners")
    )
    other_partners = models.TextField(
        _("other partners"), blank=True, help_text=_("Partners not listed, one per line.")
    )
    language = models.CharField(_("language"), max_length=8, default="en")
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    description = models.TextField(_("full description"), blank=True)
    pillars = models.ManyToManyField("core.Pillar", blank=True, verbose_name=_("pillars"))
    objectives = models.ManyToManyField("core.Objective", blank=True, verbose_name=_("objectives"))
    communities = models.ManyToManyField(
        "core.CommunityOfInterest", blank=True, verbose_name=_("target communities")
    )
    wards = models.ManyToManyField(
        "core.Area", blank=True, related_name="fund_proposals", verbose_name=_("wards")
    )
    pot_area = models.ForeignKey(
        "core.Area",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("area budget"),
        help_text=_("Empty: the district-wide budget."),
    )
    timeline = models.TextField(_("timeline"), blank=True)
    outputs = models.TextField(_("expected outputs"), blank=True)
    outcomes = models.TextField(_("expected outcomes"), blank=True)
    measures = models.ManyToManyField(
        "core.BaselineFigure", blank=True, verbose_name=_("strategy measures it will move")
    )
    cost = models.DecimalField(
        _("total cost"),
        max_digits=14,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(0)],
        help_text=_("The sum of the budget lines (kept in step by the actions)."),
    )
    version = models.PositiveIntegerField(default=0)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from"
    )
    readiness_assessment = models.ForeignKey(
        "readiness.Assessment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="citing_proposals",
        verbose_name=_("community readiness assessment it responds to"),
        help_text=_("A completed assessment of how ready the community is to act."),
    )
    extra = models.JSONField(default=dict, blank=True, help_text=_("Imported Pabulib columns."))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["round", "pk"]
        verbose_name = _("proposal")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "code"],
                condition=~models.Q(code=""),
                name="fund_proposal_code_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(cost__gte=0), name="fund_proposal_cost_gte_0"
            ),
        ]
        indexes = [models.Index(fields=["round", "status"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("fund:proposal", args=[self.round.slug, self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def pot_key(self) -> str:
        return self.pot_area.code if self.pot_area_id else "district"

    def is_proposer(self, user) -> bool:
        """The submitter, or a confirmed member of the proposal's organisation."""
        if user is None or not user.is_authenticated:
            return False
        if self.submitted_by_id == user.pk:
            return True
        return bool(self.organisation_id) and user.may_act_for(self.organisation_id)

    @property
    def organisation_verified(self) -> bool:
        """May the organisation be named as the applicant, on public pages and in open data?

        Yes when the submitter held a confirmed membership of it that had not ended when the
        proposal was submitted (a draft: now).  A confirmation that came later (an officer
        or the organisation vouching for an old proposal) counts; one that ended before
        does not.  Proposals from before memberships existed that fail this are flagged
        to officers and shown as from an individual or unconstituted group, never
        re-attributed.
        """
        if not self.organisation_id or not self.submitted_by_id:
            return False
        if "organisation_check" in self.__dict__:
            return bool(self.organisation_check)
        from commonground.core.models import Membership

        held = Membership.objects.filter(
            user_id=self.submitted_by_id, organisation_id=self.organisation_id
        )
        if self.submitted_at is None:
            return held.held_at(timezone.now()).exists()
        return held.held_at(self.submitted_at).exists()

    @property
    def public_organisation(self):
        """The organisation to name publicly, or None (an individual or unconfirmed group)."""
        return self.organisation if self.organisation_verified else None

    def check_organisation(self, actor, organisation) -> None:
        """Refuse to let `actor` name `organisation` as the lead unless they may act for it.

        Keeping the organisation the proposal already has is allowed (an officer editing,
        or a member revising); choosing a new one needs a confirmed membership.
        """
        if organisation is None:
            return
        organisation_id = getattr(organisation, "pk", organisation)
        if organisation_id == self.organisation_id and self.pk:
            return
        if not actor.may_act_for(organisation_id):
            raise PermissionDenied(
                _("You can only apply for an organisation that has confirmed your membership.")
            )

    def organisation_problem(self) -> str:
        """Why this proposal cannot be submitted for its organisation ("" when it can)."""
        if not self.organisation_id or self.submitted_by is None:
            return ""
        if self.submitted_by.may_act_for(self.organisation_id):
            return ""
        return _(
            "Your membership of %(organisation)s is not confirmed: choose an organisation "
            "that has confirmed you, or apply as an individual or an unconstituted group."
        ) % {"organisation": self.organisation.name}

    def budget_total(self) -> Decimal:
        total = self.budget_lines.aggregate(total=Sum("amount"))["total"] or Decimal(0)
        return Decimal(total).quantize(Decimal("0.01"))

    def snapshot(self) -> dict:
        """What the proposal says now, for its version history."""
        return {
            "title": self.title,
            "summary": self.summary,
            "description": self.description,
            "language": self.language,
            "timeline": self.timeline,
            "outputs": self.outputs,
            "outcomes": self.outcomes,
            "applicant_kind": self.applicant_kind,
            "other_partners": self.other_partners,
            "pillars": sorted(self.pillars.values_list("slug", flat=True)),
            "wards": sorted(self.wards.values_list("code", flat=True)),
            "partners": sorted(self.partners.values_list("name", flat=True)),
            "communities": sorted(self.communities.values_list("slug", flat=True)),
            "budget": [
                {"item": line.item, "amount": str(line.amount)}
                for line in self.budget_lines.order_by("order", "pk")
            ],
            "cost": str(self.cost),
        }


class BudgetLine(models.Model):
    """One line of a proposal's itemised budget."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="budget_lines")
    order = models.PositiveSmallIntegerField(default=0)
    item = models.CharField(_("item"), max_length=200)
    amount = models.DecimalField(
        _("amount"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        ordering = ["proposal", "order", "pk"]
        verbose_name = _("budget line")

    def __str__(self) -> str:
        return f"{self.item}: {self.amount}"


class PromisedOutput(models.Model):
    """An output a proposal promises, counted against a strategy measure where it has one."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="promised")
    measure = models.ForeignKey(
        "core.BaselineFigure", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    description = models.CharField(_("output"), max_length=300)
    target = models.PositiveIntegerField(_("target"), default=0)

    class Meta:
        ordering = ["proposal", "pk"]
        verbose_name = _("promised output")

    def __str__(self) -> str:
        return f"{self.description} ({self.target})"


class ProposalVersion(models.Model):
    """A submitted version of a proposal: revisions never overwrite what was assessed."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    data = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["proposal", "number"]
        verbose_name = _("proposal version")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "number"], name="fund_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.proposal} v{self.number}"


def proposal_image_path(instance: ProposalImage, filename: str) -> str:
    return f"fund/proposals/{instance.proposal.round_id}/{instance.proposal_id}/{filename}"


class ProposalImage(models.Model):
    """A picture of the project, with the text a screen reader reads instead."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(
        _("image"),
        upload_to=proposal_image_path,
        validators=[FileExtensionValidator(["jpg", "jpeg", "png", "webp"])],
    )
    alt_text = models.CharField(_("description of the image"), max_length=250)

    class Meta:
        verbose_name = _("proposal image")

    def __str__(self) -> str:
        return self.alt_text
