"""Community voice panel: pools of respondents, quotas, selection runs and panel members.

Characteristics (used for quotas) live on :class:`Respondent`; names and addresses live apart in
:class:`ContactDetails`, which only officers running the pool see and which is deleted on the
respondent's ``delete_after`` date.  Selection runs keep the seed, the method, every respondent's
probability (by an anonymous reference) and the fairness figures beside the legacy method's.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

RETENTION_DAYS = 365 * 2
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_code() -> str:
    """An invitation code that reads well on a letter (no 0/O, 1/I)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def new_reference() -> str:
    return secrets.token_hex(5)


def default_delete_after():
    return timezone.localdate() + timedelta(days=RETENTION_DAYS)


class Pool(models.Model):
    """A recruitment for one panel: who registered, the quotas, the selection runs."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(unique=True)
    purpose = models.TextField(
        _("purpose"),
        blank=True,
        help_text=_("What the panel is for: shown on the registration form and the letters."),
    )
    delete_data_on = models.DateField(
        _("delete personal data on"),
        null=True,
        blank=True,
        help_text=_("Respondents' details and the address list are kept until this date."),
    )
    panel_size = models.PositiveIntegerField(_("panel size"), default=40)
    one_per_household = models.BooleanField(_("at most one person per household"), default=True)
    open_for_registration = models.BooleanField(_("open for registration"), default=True)
    characteristics = models.JSONField(
        _("characteristics used for quotas"),
        default=list,
        help_text=_("Chosen by officers from the list of characteristics."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("people:pool", args=[self.slug])

    def batch_responses(self) -> list[dict]:
        """Each letter batch, newest first: letters, answers (codes used) and the response rate
        in per cent, counted in the database."""
        batches = self.batches.annotate(
            answered=models.Count(
                "invitations", filter=models.Q(invitations__used_at__isnull=False)
            )
        ).order_by("-created_at", "-pk")
        return [
            {"batch": b, "answered": b.answered, "rate": 100 * b.answered / b.size if b.size else 0}
            for b in batches
        ]


class InvitationBatch(models.Model):
    """Letters to randomly drawn addresses, each with a code that links a registration."""

    pool = models.ForeignKey(Pool, on_delete=models.CASCADE, related_name="batches")
    size = models.PositiveIntegerField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.pool}: {self.size}"


class Address(models.Model):
    """One postal address on the pool's list, from which letters are drawn at random.

    Only the address: no name (letters go to "the resident"), and ``batch`` says which batch
    drew it, so an address is never drawn twice."""

    pool = models.ForeignKey(Pool, on_delete=models.CASCADE, related_name="addresses")
    lines = models.TextField(_("address"))
    postcode = models.CharField(_("postcode"), max_length=12, blank=True)
    batch = models.ForeignKey(
        InvitationBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="addresses"
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return " ".join([*self.lines.splitlines(), self.postcode])


class Invitation(models.Model):
    batch = models.ForeignKey(InvitationBatch, on_delete=models.CASCADE, related_name="invitations")
    code = models.CharField(max_length=12, unique=True, default=new_code)
    used_at = models.DateTimeField(null=True, blank=True)
    address = models.OneToOneField(
        Address,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitation",
        help_text="Cut when the letter is answered, so answers never lead back to an address.",
    )

    def __str__(self) -> str:
        return self.code


class Source(models.TextChoices):
    FORM = "form", _("Registered on the website")
    INVITATION = "invitation", _("Answered a letter")
    IMPORT = "import", _("Imported from a file")


class Respondent(models.Model):
    """One person in a pool: characteristics only (contact details are apart)."""

    pool = models.ForeignKey(Pool, on_delete=models.CASCADE, related_name="respondents")
    reference = models.CharField(max_length=20, default=new_reference, db_index=True)
    external_id = models.CharField(max_length=100, blank=True)
    characteristics = models.JSONField(default=dict)
    household_key = models.CharField(max_length=64, blank=True)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.FORM)
    invitation = models.OneToOneField(Invitation, null=True, blank=True, on_delete=models.SET_NULL)
    consent = models.BooleanField(default=False)
    consented_at = models.DateTimeField(null=True, blank=True)
    delete_after = models.DateField(default=default_delete_after)
    withdrawn = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    erased_on = models.DateField(null=True, blank=True)
    """When the deletion date passed and the details were erased (only the reference is left)."""

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pool", "reference"], name="people_unique_reference")
        ]

    def __str__(self) -> str:
        return self.reference


class ContactDetails(models.Model):
    """How to reach a respondent; kept apart from characteristics, deleted on ``delete_after``."""

    respondent = models.OneToOneField(Respondent, on_delete=models.CASCADE, related_name="contact")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.TextField(_("address"), blank=True)
    postcode = models.CharField(_("postcode"), max_length=12, blank=True)
    language = models.CharField(max_length=10, blank=True)

    def __str__(self) -> str:
        return self.name


class Quota(models.Model):
    pool = models.ForeignKey(Pool, on_delete=models.CASCADE, related_name="quotas")
    feature = models.CharField(max_length=40)
    value = models.CharField(max_length=60)
    minimum = models.PositiveIntegerField()
    maximum = models.PositiveIntegerField()

    class Meta:
        ordering = ["feature", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["pool", "feature", "value"], name="people_unique_quota")
        ]

    def __str__(self) -> str:
        return f"{self.feature}={self.value}: {self.minimum}–{self.maximum}"


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Algorithm(models.TextChoices):
    MAXIMIN = "maximin", _("Maximin (the lowest chance as high as possible)")
    NASH = "nash", _("Nash (product of chances as high as possible)")
    LEXIMIN = "leximin", _("Leximin (lowest chances raised in turn)")
    LEGACY = "legacy", _("Legacy greedy lottery")


class SelectionRun(models.Model):
    """One selection: the announced seed, the method, the result and its fairness figures."""

    pool = models.ForeignKey(Pool, on_delete=models.CASCADE, related_name="runs")
    algorithm = models.CharField(
        max_length=20, choices=Algorithm.choices, default=Algorithm.MAXIMIN
    )
    seed = models.PositiveBigIntegerField()
    status = models.CharField(max_length=20, choices=RunStatus.choices, default=RunStatus.QUEUED)
    percent = models.PositiveSmallIntegerField(default=0)
    stage = models.CharField(max_length=300, blank=True)
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    quotas = models.JSONField(default=list)
    probabilities = models.JSONField(default=dict, help_text="respondent reference → probability")
    panel = models.JSONField(default=list, help_text="respondent references drawn")
    min_probability = models.FloatField(null=True)
    gini = models.FloatField(null=True)
    legacy_min_probability = models.FloatField(null=True)
    legacy_gini = models.FloatField(null=True)
    published_at = models.DateTimeField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.pool}: {self.get_algorithm_display()} ({self.seed})"

    def get_absolute_url(self) -> str:
        return reverse("people:run", args=[self.pool.slug, self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)


class MemberStatus(models.TextChoices):
    ACTIVE = "active", _("Serving")
    DROPPED = "dropped", _("Dropped out")
    ROTATED = "rotated", _("Term ended")


class PanelMember(models.Model):
    run = models.ForeignKey(SelectionRun, on_delete=models.CASCADE, related_name="members")
    respondent = models.ForeignKey(Respondent, on_delete=models.PROTECT, related_name="memberships")
    status = models.CharField(
        max_length=20, choices=MemberStatus.choices, default=MemberStatus.ACTIVE
    )
    replaces = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    joined_at = models.DateTimeField(auto_now_add=True)
    term_start = models.DateField(_("term starts"), null=True, blank=True)
    term_end = models.DateField(_("term ends"), null=True, blank=True)
    accessibility_needs = models.TextField(
        _("accessibility needs"),
        blank=True,
        help_text=_("What this member needs to take part: seen only by officers."),
    )
    left_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "respondent"], name="people_unique_member")
        ]

    def __str__(self) -> str:
        return f"{self.run_id}: {self.respondent}"


# The panel at work ------------------------------------------------------------------------------


class Panel(models.Model):
    """A pool's panel once it sits: the published selection it came from and its terms.

    Terms are staggered so the panel renews in parts (``rotation_groups`` groups, the first
    ending after ``term_months`` and each next one ``term_months / groups`` later), which keeps
    experienced members beside new ones."""

    pool = models.OneToOneField(Pool, on_delete=models.CASCADE, related_name="panel")
    run = models.ForeignKey(SelectionRun, on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField(_("first meeting date"))
    term_months = models.PositiveSmallIntegerField(_("term length in months"), default=12)
    rotation_groups = models.PositiveSmallIntegerField(_("rotation groups"), default=2)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return str(self.pool)

    def get_absolute_url(self) -> str:
        return reverse("people:panel", args=[self.pool.slug])

    def members(self):
        return self.run.members.all()


class MeetingMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("In person and online")


class Meeting(models.Model):
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("date and time"))
    mode = models.CharField(
        _("how people take part"),
        max_length=20,
        choices=MeetingMode.choices,
        default=MeetingMode.IN_PERSON,
    )
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    online_link = models.URLField(_("online meeting link"), blank=True)
    agenda = models.TextField(_("agenda"))
    attendance_recorded_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("people:meeting", args=[self.panel.pool.slug, self.pk])


class Presence(models.TextChoices):
    PRESENT = "present", _("Present")
    ONLINE = "online", _("Joined online")
    APOLOGIES = "apologies", _("Sent apologies")
    ABSENT = "absent", _("Absent")


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(PanelMember, on_delete=models.CASCADE, related_name="attendance")
    presence = models.CharField(max_length=20, choices=Presence.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="people_unique_attendance")
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.member_id} {self.presence}"


class ClaimStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    PAID = "paid", _("Paid")
    REJECTED = "rejected", _("Not approved")


class ExpenseClaim(models.Model):
    """What a member spent to take part (travel, childcare, care, data), recorded by an
    officer, approved and paid by an officer."""

    member = models.ForeignKey(PanelMember, on_delete=models.PROTECT, related_name="claims")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims"
    )
    amount = models.DecimalField(_("amount (£)"), max_digits=8, decimal_places=2)
    what_for = models.CharField(_("what for"), max_length=300)
    status = models.CharField(
        max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return f"{self.member_id}: £{self.amount}"


class QuestionStatus(models.TextChoices):
    OPEN = "open", _("With the panel")
    ANSWERED = "answered", _("Panel has recommended")
    RESPONDED = "responded", _("Board has responded")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class PanelQuestion(models.Model):
    """A question the Board puts to the panel."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="questions")
    title = models.CharField(_("question"), max_length=300)
    detail = models.TextField(_("background"), blank=True)
    answer_by = models.DateField(_("answer wanted by"), null=True, blank=True)
    consultation_slug = models.SlugField(
        _("related conversation"),
        max_length=80,
        blank=True,
        help_text=_('A conversation whose "You said, we did" page this links to.'),
    )
    status = models.CharField(
        max_length=20, choices=QuestionStatus.choices, default=QuestionStatus.OPEN
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    asked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-asked_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("people:question", args=[self.panel.pool.slug, self.pk])


class Recommendation(models.Model):
    """The panel's answer to a question, recorded by the officer who facilitated."""

    question = models.ForeignKey(
        PanelQuestion, on_delete=models.CASCADE, related_name="recommendations"
    )
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("recommendation"))
    support = models.PositiveSmallIntegerField(
        _("members in support (%)"),
        null=True,
        blank=True,
        help_text=_("The share of members present who supported it, if the panel voted."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def published_response(self) -> BoardResponse | None:
        """The Board's response, or None while it waits (templates cannot catch the
        reverse one-to-one's DoesNotExist)."""
        try:
            return self.response
        except BoardResponse.DoesNotExist:
            return None


class Decision(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    PARTLY = "partly", _("Partly accepted")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")


class BoardResponse(models.Model):
    """The Board's published answer to one recommendation, with its reasons."""

    recommendation = models.OneToOneField(
        Recommendation, on_delete=models.CASCADE, related_name="response"
    )
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    reasons = models.TextField(_("reasons"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.recommendation_id}: {self.decision}"
