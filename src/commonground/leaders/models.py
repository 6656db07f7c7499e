"""Future Leaders: cohorts, applications, selection, the year's programme and its outcomes.

A participant is an accepted :class:`Application`: the application carries what selection
needs (organisation, grade band, minority background) and what mentor matching needs (goals),
so nothing about a person is copied between tables.  Logs and reflections hang off the
application and are private to the participant and the programme officers.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MIN_COHORT = 20
MAX_COHORT = 40


class Grade(models.TextChoices):
    """Grade bands common to partner organisations (each maps its own pay grades to one)."""

    ENTRY = "entry", _("Entry level or apprentice")
    OFFICER = "officer", _("Officer or practitioner")
    TEAM_LEADER = "team_leader", _("Team leader or supervisor")
    MANAGER = "manager", _("Manager")
    SENIOR = "senior", _("Senior manager or head of service")
    PREFER_NOT = "prefer_not_to_say", _("Prefer not to say")


class Minority(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    PREFER_NOT = "prefer_not_to_say", _("Prefer not to say")


class Goal(models.TextChoices):
    """What a participant wants to learn and what a mentor can offer: the same list, so the
    match can say which goals a pair shares."""

    LEADING_CHANGE = "leading_change", _("Leading change")
    PEOPLE = "managing_people", _("Managing and developing people")
    COMMUNITY = "community_engagement", _("Working with communities")
    PARTNERSHIP = "partnership_working", _("Partnership working")
    FINANCE = "finance", _("Budgets and finance")
    EVIDENCE = "data_evidence", _("Using data and evidence")
    SPEAKING = "public_speaking", _("Speaking and influencing")
    INCLUSION = "equality_inclusion", _("Equality and inclusion")
    STRATEGY = "strategy", _("Strategy and planning")
    GOVERNANCE = "governance", _("Boards and governance")


class Cohort(models.Model):
    """One year's intake: 20 to 40 people, chosen from applications made in a window."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name for the address"), max_length=80, unique=True)
    year = models.PositiveIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    size = models.PositiveIntegerField(
        _("number of places"),
        validators=[MinValueValidator(MIN_COHORT), MaxValueValidator(MAX_COHORT)],
    )
    description = models.TextField(_("about this cohort"), blank=True)
    opens_on = models.DateField(_("applications open"))
    closes_on = models.DateField(_("applications close"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = _("cohort")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("leaders:cohort", args=[self.slug])

    def window(self, today: date | None = None) -> str:
        """ "not_yet", "open" or "closed" for the application window on ``today``."""
        today = today or timezone.localdate()
        if today < self.opens_on:
            return "not_yet"
        if today > self.closes_on:
            return "closed"
        return "open"

    @property
    def is_open(self) -> bool:
        return self.window() == "open"

    def participants(self):
        return (
            self.applications.filter(status=Status.SELECTED)
            .select_related("applicant", "organisation")
            .order_by("reference")
        )


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for a decision")
    INELIGIBLE = "ineligible", _("Not eligible")
    SELECTED = "selected", _("Offered a place")
    NOT_SELECTED = "not_selected", _("Not offered a place this year")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Application(models.Model):
    """One person's application to a cohort; once selected, their place on the programme."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="applications")
    reference = models.CharField(_("reference"), max_length=12, db_index=True)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="leader_applications"
    )
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="leader_applications"
    )
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    grade = models.CharField(_("grade band"), max_length=20, choices=Grade.choices)
    background = models.CharField(
        _("your background, in your own words"), max_length=300, blank=True
    )
    background_prefer_not = models.BooleanField(_("prefer not to say"), default=False)
    minority = models.CharField(_("minority background"), max_length=20, choices=Minority.choices)
    goals = models.JSONField(_("goals"), default=list)
    learn = models.TextField(_("what you want to learn"))
    consent = models.BooleanField(_("consent"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    score = models.PositiveSmallIntegerField(
        _("assessment score"), null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    assessor_note = models.TextField(_("assessment note"), blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lottery = models.ForeignKey(
        "Lottery", null=True, blank=True, on_delete=models.SET_NULL, related_name="applications"
    )

    class Meta:
        ordering = ["cohort", "reference"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "applicant"], name="leaders_one_per_cohort")
        ]

    def __str__(self) -> str:
        return f"{self.cohort} – {self.reference}"

    def get_absolute_url(self) -> str:
        return reverse("leaders:participant", args=[self.cohort.slug, self.reference])

    @property
    def name(self) -> str:
        user = self.applicant
        return user.get_full_name() or user.get_username()

    def goal_labels(self) -> list[str]:
        labels = dict(Goal.choices)
        return [str(labels[g]) for g in self.goals if g in labels]


class Method(models.TextChoices):
    ASSESSMENT = "assessment", _("Assessment")
    LOTTERY = "lottery", _("Fair lottery with quotas")


class Quota(models.Model):
    """At least ``minimum`` and at most ``maximum`` places for one value of one feature."""

    class Feature(models.TextChoices):
        GRADE = "grade", _("Grade band")
        MINORITY = "minority", _("Minority background")
        ORGANISATION = "organisation", _("Organisation")

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="quotas")
    feature = models.CharField(max_length=20, choices=Feature.choices)
    value = models.CharField(max_length=100)
    minimum = models.PositiveIntegerField(default=0)
    maximum = models.PositiveIntegerField()

    class Meta:
        ordering = ["feature", "value"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "feature", "value"], name="leaders_quota_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.feature}={self.value}: {self.minimum}–{self.maximum}"


class Lottery(models.Model):
    """A selection by the fair lottery: the announced seed, quotas and every probability."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="lotteries")
    algorithm = models.CharField(max_length=20, default="maximin")
    seed = models.BigIntegerField()
    quotas = models.JSONField(default=list)
    probabilities = models.JSONField(default=dict)
    """Application reference → probability of a place (references are not names)."""
    min_probability = models.FloatField()
    gini = models.FloatField()
    pool_size = models.PositiveIntegerField()
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    run_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-run_at"]

    def __str__(self) -> str:
        return f"{self.cohort} – seed {self.seed}"


class SessionKind(models.TextChoices):
    LEARNING = "learning", _("Learning session")
    WORKSHOP = "workshop", _("Skills workshop")
    SHADOWING = "shadowing", _("Shadowing placement")
    NETWORKING = "networking", _("Networking event")


class Session(models.Model):
    """One event of the year's programme."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(_("kind"), max_length=20, choices=SessionKind.choices)
    title = models.CharField(_("title"), max_length=200)
    on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["on", "title"]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    participant = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attendance"
    )
    present = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "participant"], name="leaders_attend_once")
        ]

    def __str__(self) -> str:
        return f"{self.session} – {self.participant.reference}"


class Mentor(models.Model):
    """A senior member of staff who volunteers to mentor someone from another organisation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leader_mentoring",
    )
    name = models.CharField(_("name"), max_length=200)
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="leader_mentors"
    )
    role = models.CharField(_("role"), max_length=200)
    strengths = models.JSONField(_("can help with"), default=list)
    capacity = models.PositiveSmallIntegerField(
        _("how many people they can mentor"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def strength_labels(self) -> list[str]:
        labels = dict(Goal.choices)
        return [str(labels[g]) for g in self.strengths if g in labels]


class Pairing(models.Model):
    """A mentoring pair, with why it was made (the goals they share)."""

    participant = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="pairing"
    )
    mentor = models.ForeignKey(Mentor, on_delete=models.PROTECT, related_name="pairings")
    shared = models.JSONField(default=list)
    made_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.participant.reference} – {self.mentor}"

    def shared_labels(self) -> list[str]:
        labels = dict(Goal.choices)
        return [str(labels[g]) for g in self.shared if g in labels]


class EntryKind(models.TextChoices):
    LOG = "log", _("Log entry")
    REFLECTION = "reflection", _("Reflection")


class LogEntry(models.Model):
    """A participant's note of what they did, or a reflection on it: theirs and the officers'
    to read, nobody else's."""

    participant = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="log")
    kind = models.CharField(_("kind"), max_length=12, choices=EntryKind.choices)
    session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("what you want to record"))
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-written_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.participant.reference} – {self.kind}"


class Horizon(models.IntegerChoices):
    ONE = 1, _("One year on")
    TWO = 2, _("Two years on")


class Outcome(models.Model):
    """What happened to a participant a year and two years after the programme."""

    participant = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="outcomes")
    horizon = models.PositiveSmallIntegerField(choices=Horizon.choices)
    new_role = models.BooleanField(_("new role"), default=False)
    promotion = models.BooleanField(_("promotion"), default=False)
    board_role = models.BooleanField(_("board or trustee role"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["horizon"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "horizon"], name="leaders_outcome_once")
        ]

    def __str__(self) -> str:
        return f"{self.participant.reference} – {self.horizon}"


class WorkforceShare(models.Model):
    """The partner workforce's make-up, as an officer enters it, to compare the cohort with."""

    class Dimension(models.TextChoices):
        GRADE = "grade", _("Grade band")
        MINORITY = "minority", _("Minority background")

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="workforce")
    dimension = models.CharField(max_length=20, choices=Dimension.choices)
    value = models.CharField(max_length=40)
    percent = models.DecimalField(
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "dimension", "value"], name="leaders_workforce_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dimension}={self.value}: {self.percent}%"
