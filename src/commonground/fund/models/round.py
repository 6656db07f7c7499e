"""A funding round: its budget, themes, eligibility rules, timetable, ballot and rule.

The rules, ballot and budget are fixed the moment voting opens (``locked_at``): from then on
:meth:`Round.assert_unlocked` refuses any change, and the action layer audits the refusal.
"""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from commonground.fund.phases import DRAFT, PHASE_ORDER, PhaseKind, phase_features


class RoundLocked(ValidationError):
    """A change to a round's rules, ballot or budget after voting opened."""


class BallotType(models.TextChoices):
    APPROVAL_BUDGET = "approval_budget", _("Approve projects up to the budget")
    APPROVAL_K = "approval_k", _("Approve up to a number of projects")
    RANKING_K = "ranking_k", _("Rank up to a number of projects")
    POINTS = "points", _("Share out points")


# Ballot type → the Pabulib vote_type its ballots are written as.
PB_VOTE_TYPE = {
    BallotType.APPROVAL_BUDGET: "approval",
    BallotType.APPROVAL_K: "approval",
    BallotType.RANKING_K: "ordinal",
    BallotType.POINTS: "cumulative",
}


class Rule(models.TextChoices):
    MES = "mes-add1u", _("Method of Equal Shares, with completion")
    GREEDY = "greedy", _("Most votes first (greedy)")
    # Rules of past rounds imported from Pabulib files (officers choose one of the two above).
    MES_ADD1 = "mes-add1", _("Method of Equal Shares (Add1), no completion")
    MES_PLAIN = "mes", _("Method of Equal Shares, no completion")
    GREEDY_NO_SKIP = "greedy-no-skip", _("Most votes first, stopping at the first that fails")
    GREEDY_THRESHOLD = "greedy-threshold", _("Most votes first, above a threshold")
    PHRAGMEN = "phragmen", _("Sequential Phragmén")


OFFICER_RULES = (Rule.MES, Rule.GREEDY)


class Applicant(models.TextChoices):
    CONSTITUTED_GROUP = "constituted_group", _("Constituted community or voluntary group")
    CHARITY = "charity", _("Registered charity")
    COLLABORATION = "collaboration", _("Collaboration of two or more organisations")
    SCHOOL = "school", _("School or college")
    FAITH_GROUP = "faith_group", _("Faith group")
    RESIDENTS = "residents", _("Informal group of residents with a sponsor")


class Verification(models.TextChoices):
    VOTER_LIST = "voter_list", _("Uploaded voter list")
    POSTCODE = "postcode", _("Postcode in the area, and age")
    ACCESS_CODE = "access_code", _("Access code from a printed card")


def new_salt() -> str:
    return secrets.token_hex(32)


class RoundQuerySet(models.QuerySet):
    def public(self) -> RoundQuerySet:
        """Rounds residents can see: every round past its draft."""
        return self.exclude(phase=DRAFT)


class Round(models.Model):
    """One round of the Innovation Fund, from call for proposals to delivery."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    strategy = models.ForeignKey(
        "core.Strategy",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="fund_rounds",
        verbose_name=_("strategy"),
    )
    summary = models.TextField(_("summary"), blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="GBP")
    budget = models.DecimalField(
        _("district-wide budget"),
        max_digits=14,
        decimal_places=2,
        default=Decimal(0),
        help_text=_("Money for projects that serve the whole District (0 if only area pots)."),
    )
    area = models.ForeignKey(
        "core.Area",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fund_rounds",
        verbose_name=_("area"),
        help_text=_("The District (or area) the round covers; voters must live here."),
    )
    pillars = models.ManyToManyField("core.Pillar", blank=True, verbose_name=_("pillars"))
    objectives = models.ManyToManyField("core.Objective", blank=True, verbose_name=_("objectives"))
    # Eligibility of proposals.
    eligible_applicants = models.JSONField(
        _("who may propose"), default=list, blank=True, help_text=_("Applicant kinds.")
    )
    min_partners = models.PositiveSmallIntegerField(
        _("fewest organisations in a collaboration"), default=1
    )
    min_cost = models.DecimalField(_("smallest cost"), max_digits=14, decimal_places=2, default=0)
    max_cost = models.DecimalField(
        _("largest cost"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    eligibility_checklist = models.JSONField(
        _("eligibility checklist"),
        default=list,
        blank=True,
        help_text=_("Questions an officer answers yes/no when screening each proposal."),
    )
    # Voting.
    voter_min_age = models.PositiveSmallIntegerField(_("youngest voting age"), default=11)
    verification = models.JSONField(
        _("how voters are checked"), default=list, blank=True, help_text=_("Methods.")
    )
    postcode_prefixes = models.JSONField(
        _("postcode districts in the area"),
        default=list,
        blank=True,
        help_text=_("Outward codes such as BD1, BD7, LS29."),
    )
    ballot_type = models.CharField(
        _("ballot"), max_length=20, choices=BallotType.choices, default=BallotType.APPROVAL_BUDGET
    )
    max_choices = models.PositiveSmallIntegerField(
        _("most projects a voter may choose"), null=True, blank=True
    )
    points_total = models.PositiveSmallIntegerField(
        _("points each voter shares out"), null=True, blank=True
    )
    rule = models.CharField(_("rule"), max_length=20, choices=Rule.choices, default=Rule.MES)
    # State.
    phase = models.CharField(_("phase"), max_length=12, default=DRAFT, db_index=True)
    locked_at = models.DateTimeField(_("rules locked at"), null=True, blank=True)
    key_id = models.UUIDField(null=True, blank=True, editable=False)
    """The round's key file (:mod:`commonground.fund.keystore`): voter salt and sealing key,
    kept out of the database so that the close can destroy them."""
    pb_meta = models.JSONField(
        _("Pabulib META"),
        default=dict,
        blank=True,
        help_text=_("For rounds imported from a .pb file: its META section, kept verbatim."),
    )
    imported_from = models.CharField(_("imported from"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = RoundQuerySet.as_manager()

    LOCKED_FIELDS = (
        "budget",
        "currency",
        "area",
        "ballot_type",
        "max_choices",
        "points_total",
        "rule",
        "voter_min_age",
        "verification",
        "postcode_prefixes",
        "min_cost",
        "max_cost",
    )
    """Fields fixed when voting opens (with the area pots and the shortlist)."""

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("funding round")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(budget__gte=0), name="fund_round_budget_gte_0"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("fund:round", args=[self.slug])

    # ------------------------------------------------------------------ phases
    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None

    @property
    def is_imported(self) -> bool:
        return bool(self.imported_from)

    def allows(self, feature: str) -> bool:
        """Whether the active phase switches ``feature`` on."""
        return feature in phase_features(self.phase)

    @property
    def rule_label(self) -> str:
        """The rule in words: ours, or the engine's description for imported rounds."""
        if self.rule in Rule.values:
            return str(Rule(self.rule).label)
        from commonground.pb import RULE_DESCRIPTIONS

        return RULE_DESCRIPTIONS.get(self.rule, self.rule)

    @property
    def phase_label(self) -> str:
        return str(PhaseKind(self.phase).label) if self.phase in PHASE_ORDER else _("Draft")

    def assert_unlocked(self) -> None:
        if self.is_locked:
            raise RoundLocked(
                _("The rules, ballot and budget of this round were locked when voting opened.")
            )

    # ------------------------------------------------------------------ secrets
    def ensure_key(self) -> None:
        """Give the round its key file if it has none (call with the round row locked)."""
        if self.key_id is None:
            from commonground.fund import keystore

            self.key_id = keystore.create()
            self.save(update_fields=["key_id"])

    @property
    def round_secrets(self) -> dict[str, str] | None:
        """The round's salt and sealing key from its key file; ``None`` once destroyed.

        Read once per object: a postcode check hashes dozens of values with the salt.
        """
        cached = self.__dict__.get("_secrets")
        if cached is None or cached[0] != self.key_id:
            from commonground.fund import keystore

            cached = (self.key_id, keystore.load(self.key_id))
            self.__dict__["_secrets"] = cached
        return cached[1]

    @property
    def voter_salt(self) -> str:
        """The HMAC key of every voter token, or ``""`` once the vote has closed."""
        found = self.round_secrets
        return found["salt"] if found else ""

    @voter_salt.setter
    def voter_salt(self, value: str) -> None:
        """Only blanking is allowed (forgets the key); a salt is never set from outside."""
        if value:
            raise ValueError("A round's salt lives in its key file; use ensure_key().")
        self.key_id = None

    # ------------------------------------------------------------------ budget and ballot
    @property
    def total_budget(self) -> Decimal:
        return self.budget + sum((p.budget for p in self.area_budgets.all()), Decimal(0))

    @property
    def pb_vote_type(self) -> str:
        return self.pb_meta.get("vote_type") or PB_VOTE_TYPE[BallotType(self.ballot_type)]

    @cached_property
    def pots(self) -> list[Pot]:
        """The budgets projects compete for: the district-wide pot then one per area."""
        pots = []
        if self.budget > 0 or not self.area_budgets.exists():
            pots.append(Pot(None, self.budget, str(_("District-wide"))))
        for ab in self.area_budgets.select_related("area").order_by("area__name"):
            pots.append(Pot(ab.area, ab.budget, ab.area.name))
        return pots

    def clean(self) -> None:
        errors = {}
        if self.max_cost is not None and self.max_cost < self.min_cost:
            errors["max_cost"] = _("The largest cost must not be below the smallest.")
        if (
            self.ballot_type in (BallotType.APPROVAL_K, BallotType.RANKING_K)
            and not self.max_choices
        ):
            errors["max_choices"] = _("Say how many projects a voter may choose.")
        if self.ballot_type == BallotType.POINTS and not self.points_total:
            errors["points_total"] = _("Say how many points each voter shares out.")
        unknown = set(self.verification) - set(Verification.values)
        if unknown:
            errors["verification"] = _("Unknown verification method.")
        if errors:
            raise ValidationError(errors)

    def ballot_summary(self) -> str:
        """The ballot in words, for the voting page."""
        if self.ballot_type == BallotType.APPROVAL_K:
            return _("Choose up to %(k)s projects.") % {"k": self.max_choices}
        if self.ballot_type == BallotType.RANKING_K:
            return _("Rank up to %(k)s projects, favourite first.") % {"k": self.max_choices}
        if self.ballot_type == BallotType.POINTS:
            return _("Share out %(n)s points among the projects you like.") % {
                "n": self.points_total
            }
        return _("Choose the projects you would fund, up to the budget.")


class Pot:
    """A budget projects compete for; ``area`` is ``None`` for the district-wide pot."""

    def __init__(self, area, budget: Decimal, label: str) -> None:
        self.area = area
        self.budget = budget
        self.label = label

    @property
    def key(self) -> str:
        return self.area.code if self.area is not None else "district"

    def __repr__(self) -> str:
        return f"Pot({self.key}, {self.budget})"


class AreaBudget(models.Model):
    """Money reserved for projects in one area (a ward, say), decided by that area's voters."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="area_budgets")
    area = models.ForeignKey("core.Area", on_delete=models.PROTECT, related_name="+")
    budget = models.DecimalField(_("budget"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("area budget")
        constraints = [
            models.UniqueConstraint(fields=["round", "area"], name="fund_areabudget_once"),
            models.CheckConstraint(condition=models.Q(budget__gt=0), name="fund_areabudget_gt_0"),
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.budget}"


class Phase(models.Model):
    """One phase of a round's timetable: planned dates, and when it really opened and closed."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("phase"), max_length=12, choices=PhaseKind.choices)
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("phase")
        constraints = [
            models.UniqueConstraint(fields=["round", "kind"], name="fund_phase_once_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.get_kind_display()}"

    @property
    def order(self) -> int:
        return PHASE_ORDER.index(self.kind)

    @property
    def is_active(self) -> bool:
        return self.round.phase == self.kind

    @property
    def is_done(self) -> bool:
        return self.closed_at is not None and self.closed_at <= timezone.now()
