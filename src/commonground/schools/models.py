"""Schools and their yearly census figures (pupils by ethnic group, free school meals).

A school is kept by its URN, so reloading a file (or loading a later census) updates the same
rows and everything that cites a school survives.  A later census is a new ``SchoolCensus`` year,
so trends show.  Counts are stored whole; pages show shares, rounded, to avoid disclosing small
groups in a named school.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from commonground.schoolmix.groups import ETHNIC_GROUPS


class Phase(models.TextChoices):
    PRIMARY = "primary", _("Primary")
    SECONDARY = "secondary", _("Secondary")
    OTHER = "other", _("Other")


GROUP_LABELS = {
    "white_british": _("White British"),
    "irish": _("Irish"),
    "traveller_irish": _("Traveller of Irish heritage"),
    "other_white": _("Any other White background"),
    "gypsy_roma": _("Gypsy/Roma"),
    "white_black_caribbean": _("White and Black Caribbean"),
    "white_black_african": _("White and Black African"),
    "white_asian": _("White and Asian"),
    "other_mixed": _("Any other Mixed background"),
    "indian": _("Indian"),
    "pakistani": _("Pakistani"),
    "bangladeshi": _("Bangladeshi"),
    "other_asian": _("Any other Asian background"),
    "caribbean": _("Caribbean"),
    "african": _("African"),
    "other_black": _("Any other Black background"),
    "chinese": _("Chinese"),
    "other_ethnic": _("Any other ethnic group"),
}
"""Page labels of the 18 DfE groups, keyed as in :data:`ETHNIC_GROUPS`."""

assert list(GROUP_LABELS) == [key for key, _wording in ETHNIC_GROUPS]


class School(models.Model):
    """A state-funded school, identified by its DfE Unique Reference Number."""

    urn = models.CharField(_("URN"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    phase = models.CharField(_("phase"), max_length=10, choices=Phase.choices)
    in_district = models.BooleanField(_("in the district"), default=False)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    local_authority = models.CharField(_("local authority"), max_length=100, blank=True)
    ward_code = models.CharField(_("ward code"), max_length=12, blank=True)
    ward_name = models.CharField(_("ward"), max_length=100, blank=True)
    school_type = models.CharField(_("type"), max_length=100, blank=True)
    denomination = models.CharField(_("religious character"), max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("school")
        verbose_name_plural = _("schools")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("schools:school", args=[self.urn])


class SchoolCensus(models.Model):
    """One school's pupils in one January census (``year`` as ``2022/23``)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="censuses")
    year = models.CharField(_("school year"), max_length=7)
    headcount = models.PositiveIntegerField(_("pupils"))
    free_school_meals = models.PositiveIntegerField(_("eligible for free school meals"), null=True)
    unclassified = models.PositiveIntegerField(_("ethnicity unclassified"), default=0)
    groups = models.JSONField(_("pupils by ethnic group"), default=dict)

    class Meta:
        ordering = ["school__name", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["school", "year"], name="schools_one_census_a_year")
        ]
        verbose_name = _("school census")
        verbose_name_plural = _("school censuses")

    def __str__(self) -> str:
        return f"{self.school} {self.year}"

    @property
    def classified(self) -> int:
        """Pupils whose ethnicity is recorded: the denominator of every share shown."""
        return sum(self.groups.values())

    def share(self, key: str) -> float | None:
        """Share of classified pupils in group ``key`` (None when none are classified)."""
        known = self.classified
        return self.groups.get(key, 0) / known if known else None

    @property
    def fsm_share(self) -> float | None:
        if self.free_school_meals is None or not self.headcount:
            return None
        return self.free_school_meals / self.headcount

    def shares(self) -> list[tuple[str, str, float | None]]:
        """(key, label, share) for the 18 groups, for the school page."""
        return [(key, str(GROUP_LABELS[key]), self.share(key)) for key, _w in ETHNIC_GROUPS]


# --- Linking: a stored year of pairs, the days that run them, training and the survey ---------


ACTS_FOR_A_SCHOOL = "acts_for_a_school"
"""A Django model permission (``schools.acts_for_a_school``) held exactly by the accounts with a
:class:`SchoolContact` row.  Why: the header's tools are drawn on every page and must not query;
model permissions are read once a request with the rest (``get_all_permissions``), so the
header can show "Your school's links" from this flag while every page still checks the real rule
(a contact row for *that* school) in ``rules.py``."""


class ContactRole(models.TextChoices):
    CONTACT = "contact", _("School contact (accepts or declines links)")
    TEACHER = "teacher", _("Teacher (confirms dates, enters the survey)")


class SchoolContact(models.Model):
    """A signed-in person who acts for a school in linking.  A contact answers for the school
    (accepts or declines its pair) and may do what a teacher does; a teacher confirms the
    linking days' dates and enters the class survey counts."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="contacts")
    user = models.ForeignKey("core.User", on_delete=models.CASCADE, related_name="school_contacts")
    role = models.CharField(_("role"), max_length=10, choices=ContactRole.choices)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta:
        ordering = ["school__name", "role"]
        constraints = [
            models.UniqueConstraint(fields=["school", "user"], name="schools_one_contact_row")
        ]
        permissions = [(ACTS_FOR_A_SCHOOL, "Acts for a school in linking (kept by the app)")]
        verbose_name = _("school contact")
        verbose_name_plural = _("school contacts")

    def __str__(self) -> str:
        return f"{self.user} ({self.school})"

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        sync_school_flag(self.user)

    def delete(self, *args, **kwargs):
        user = self.user
        result = super().delete(*args, **kwargs)
        sync_school_flag(user)
        return result


def sync_school_flag(user) -> None:
    """Grant or withdraw ``schools.acts_for_a_school`` so it matches the user's contact rows."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(SchoolContact)
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type,
        codename=ACTS_FOR_A_SCHOOL,
        defaults={"name": "Acts for a school in linking (kept by the app)"},
    )
    if SchoolContact.objects.filter(user=user).exists():
        user.user_permissions.add(permission)
    else:
        user.user_permissions.remove(permission)
    for cache in ("_perm_cache", "_user_perm_cache"):
        user.__dict__.pop(cache, None)


class YearStatus(models.TextChoices):
    DRAFT = "draft", _("Being planned")
    CONFIRMED = "confirmed", _("Confirmed: schools are answering")


class LinkingYear(models.Model):
    """One school year of linking for one phase: who takes part, the rules, the pairs."""

    year = models.CharField(_("linking year"), max_length=7, help_text=_("For example 2027/28"))
    phase = models.CharField(_("phase"), max_length=10, choices=Phase.choices)
    census_year = models.CharField(_("census used"), max_length=7)
    max_km = models.DecimalField(_("longest distance (km)"), max_digits=5, decimal_places=1)
    status = models.CharField(
        _("status"), max_length=10, choices=YearStatus.choices, default=YearStatus.DRAFT
    )
    total_difference = models.FloatField(_("total difference"), null=True, blank=True)
    best_difference = models.FloatField(
        _("best total without the officer's changes"), null=True, blank=True
    )
    created_by = models.ForeignKey(
        "core.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    intervention = models.OneToOneField(
        "evaluation.Intervention",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="linking_year",
        verbose_name=_("intervention in test and learn"),
    )
    survey_before = models.ForeignKey(
        "consult.Survey",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("attitude survey before the year (Conversations)"),
    )
    survey_after = models.ForeignKey(
        "consult.Survey",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("attitude survey after the year (Conversations)"),
    )

    class Meta:
        ordering = ["-year", "phase"]
        constraints = [
            models.UniqueConstraint(fields=["year", "phase"], name="schools_one_linking_year")
        ]
        verbose_name = _("linking year")
        verbose_name_plural = _("linking years")

    def __str__(self) -> str:
        return f"{self.year} {self.get_phase_display()}"

    def get_absolute_url(self) -> str:
        return reverse("schools:year", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == YearStatus.DRAFT

    @property
    def in_conversations(self) -> bool:
        """The year's attitude survey has been opened in Conversations (its counts are
        entered there, and the results read them from there only)."""
        return bool(self.survey_before_id or self.survey_after_id)

    @property
    def cost(self) -> float:
        """Total difference the officer's changes (forced and forbidden pairs) give up."""
        if self.total_difference is None or self.best_difference is None:
            return 0.0
        return max(0.0, self.best_difference - self.total_difference)


class Participant(models.Model):
    """A school taking part in a linking year, with how many classes of which year groups."""

    linking_year = models.ForeignKey(
        LinkingYear, on_delete=models.CASCADE, related_name="participants"
    )
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    classes = models.PositiveSmallIntegerField(_("classes"), default=1)
    year_groups = models.CharField(_("year groups"), max_length=60, blank=True)

    class Meta:
        ordering = ["school__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["linking_year", "school"], name="schools_participates_once"
            )
        ]

    def __str__(self) -> str:
        return str(self.school)


class RuleKind(models.TextChoices):
    LAST_YEAR = "last_year", _("Linked last year")
    CONFLICT = "conflict", _("Known conflict")
    FORBID = "forbid", _("Forbidden by the officer")
    FORCE = "force", _("Forced by the officer")


OFFICER_CHANGES = (RuleKind.FORBID, RuleKind.FORCE)
"""Rules that are the officer's adjustments to the engine's plan (these are what is costed);
last year's pairs and known conflicts are constraints of the year itself."""


class PairRule(models.Model):
    """A pair the engine must avoid, or must keep, in a linking year."""

    linking_year = models.ForeignKey(LinkingYear, on_delete=models.CASCADE, related_name="rules")
    school_a = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    school_b = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=RuleKind.choices)

    class Meta:
        ordering = ["kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["linking_year", "school_a", "school_b"], name="schools_one_rule_a_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.school_a} – {self.school_b} ({self.get_kind_display()})"


class Answer(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class LinkPair(models.Model):
    """Two schools linked for the year (proposed while the year is a draft)."""

    linking_year = models.ForeignKey(LinkingYear, on_delete=models.CASCADE, related_name="pairs")
    school_a = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    school_b = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    difference = models.FloatField(_("difference"))
    km = models.FloatField(_("distance (km)"))
    forced = models.BooleanField(_("forced by the officer"), default=False)
    answer_a = models.CharField(max_length=10, choices=Answer.choices, default=Answer.PENDING)
    answer_b = models.CharField(max_length=10, choices=Answer.choices, default=Answer.PENDING)
    transport = models.TextField(_("transport"), blank=True)

    class Meta:
        ordering = ["-difference", "pk"]
        verbose_name = _("linked pair")
        verbose_name_plural = _("linked pairs")

    def __str__(self) -> str:
        return f"{self.school_a} – {self.school_b}"

    def get_absolute_url(self) -> str:
        return reverse("schools:pair", args=[self.pk])

    def answer_of(self, school: School) -> str:
        return self.answer_a if school.pk == self.school_a_id else self.answer_b

    @property
    def status(self) -> str:
        """declined if either school declined, accepted if both accepted, else pending."""
        answers = {self.answer_a, self.answer_b}
        if Answer.DECLINED in answers:
            return Answer.DECLINED
        if answers == {Answer.ACCEPTED}:
            return Answer.ACCEPTED
        return Answer.PENDING

    @property
    def schools(self) -> tuple[School, School]:
        return (self.school_a, self.school_b)


class DayKind(models.TextChoices):
    AT_A = "at_a", _("At the first school")
    AT_B = "at_b", _("At the second school")
    NEUTRAL = "neutral", _("At a neutral venue")


class LinkingDay(models.Model):
    """One of a pair's three linking days; its date counts once a teacher of each school has
    confirmed it (changing the date asks them again)."""

    pair = models.ForeignKey(LinkPair, on_delete=models.CASCADE, related_name="days")
    kind = models.CharField(_("where"), max_length=10, choices=DayKind.choices)
    date = models.DateField(_("date"), null=True, blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    location = models.ForeignKey(
        "services.Location",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("venue from the directory"),
    )
    classes = models.CharField(_("classes"), max_length=200, blank=True)
    teachers = models.CharField(_("teachers and how to reach them"), max_length=300, blank=True)
    transport = models.CharField(_("transport"), max_length=200, blank=True)
    confirmed_a_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_b_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["pair", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["pair", "kind"], name="schools_three_days_a_pair")
        ]

    def __str__(self) -> str:
        return f"{self.pair}: {self.get_kind_display()}"

    @property
    def place(self) -> str:
        if self.kind == DayKind.AT_A:
            return self.pair.school_a.name
        if self.kind == DayKind.AT_B:
            return self.pair.school_b.name
        return self.location.local_name if self.location_id else self.venue

    @property
    def confirmed(self) -> bool:
        return bool(self.date and self.confirmed_a_by_id and self.confirmed_b_by_id)


class SessionKind(models.TextChoices):
    TEACHERS = "teachers", _("Training for teachers")
    SUPPLEMENTARY = "supplementary", _("Training for supplementary schools")
    PARENTS = "parents", _("Parents' linking session")


class LinkingSession(models.Model):
    """A training session (with the toolkit) or a parents' linking session, with bookings."""

    kind = models.CharField(_("kind"), max_length=15, choices=SessionKind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("date"))
    venue = models.CharField(_("venue"), max_length=200)
    capacity = models.PositiveIntegerField(_("places"))
    toolkit_url = models.URLField(_("toolkit link"), blank=True)
    pair = models.ForeignKey(
        LinkPair,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
        verbose_name=_("linked pair (parents' sessions)"),
    )
    created_by = models.ForeignKey(
        "core.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["starts_on", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("schools:session", args=[self.pk])

    @property
    def booked(self) -> int:
        return sum(b.places for b in self.bookings.all())


class Booking(models.Model):
    """Places booked on a session for a person and the school or group they come from."""

    session = models.ForeignKey(LinkingSession, on_delete=models.CASCADE, related_name="bookings")
    name = models.CharField(_("name"), max_length=120)
    organisation = models.CharField(_("school or group"), max_length=200)
    places = models.PositiveSmallIntegerField(_("places"), default=1)
    booked_by = models.ForeignKey(
        "core.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    attended = models.BooleanField(_("attended"), null=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


class Stage(models.TextChoices):
    BEFORE = "before", _("Before the linking year")
    AFTER = "after", _("After the linking year")


class SurveyCount(models.Model):
    """A class's answers to one statement of the attitude survey: counts only, no names."""

    pair = models.ForeignKey(LinkPair, on_delete=models.CASCADE, related_name="survey")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    stage = models.CharField(_("when"), max_length=6, choices=Stage.choices)
    statement = models.PositiveSmallIntegerField(_("statement"))
    agree = models.PositiveIntegerField(_("agree"))
    unsure = models.PositiveIntegerField(_("not sure"))
    disagree = models.PositiveIntegerField(_("disagree"))
    entered_by = models.ForeignKey(
        "core.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["pair", "school", "stage", "statement"]
        constraints = [
            models.UniqueConstraint(
                fields=["pair", "school", "stage", "statement"], name="schools_one_count_a_cell"
            )
        ]

    def __str__(self) -> str:
        return f"{self.pair} {self.school} {self.stage} {self.statement}"
