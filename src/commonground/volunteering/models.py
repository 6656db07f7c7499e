"""People Can volunteering: opportunities, sign-ups, confirmed hours and call-outs.

A partner organisation posts an opportunity (what, where, when or how often, who can do it
and how many are wanted); a resident signs up with their account, once per opportunity (a
unique constraint, so a double click or two tabs cannot make two sign-ups); the organisation
accepts, declines or wait-lists them, and later confirms the hours they gave, date by date,
with an optional thank-you. A volunteer's record, milestones and certificate are read from the
confirmed hours only.

A call-out is an urgent request (a flood, a cold snap, a vaccination day) sent to every
volunteer who opted in and matches its wards, skills and day; each person gets one message
through :mod:`commonground.core.messaging` with a signed link to answer yes or no, and the
coordinator watches the headcount fill.

Content (titles, descriptions) is written in English by the organisations; the pages around
it are translated.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Interest(models.TextChoices):
    COMMUNITY = "community", _("Community and neighbours")
    FOOD = "food", _("Food banks and community meals")
    ENVIRONMENT = "environment", _("Parks, gardens and clean-ups")
    CHILDREN = "children", _("Children and young people")
    OLDER_PEOPLE = "older_people", _("Older people and befriending")
    HEALTH = "health", _("Health and wellbeing")
    LANGUAGE = "language", _("English conversation and interpreting")
    ARTS = "arts", _("Arts, culture and festivals")
    SPORT = "sport", _("Sport")
    EMERGENCY = "emergency", _("Emergencies (floods, cold weather)")


class Skill(models.TextChoices):
    DRIVING = "driving", _("Driving")
    FIRST_AID = "first_aid", _("First aid")
    COOKING = "cooking", _("Cooking and food hygiene")
    INTERPRETING = "interpreting", _("Interpreting")
    LIFTING = "lifting", _("Lifting and carrying")
    BEFRIENDING = "befriending", _("Listening and befriending")
    DIGITAL = "digital", _("Computers and phones")
    ADMIN = "admin", _("Admin and reception")
    CHILDCARE = "childcare", _("Working with children")
    GARDENING = "gardening", _("Gardening")


class Weekday(models.TextChoices):
    MON = "mon", _("Monday")
    TUE = "tue", _("Tuesday")
    WED = "wed", _("Wednesday")
    THU = "thu", _("Thursday")
    FRI = "fri", _("Friday")
    SAT = "sat", _("Saturday")
    SUN = "sun", _("Sunday")


WEEKDAYS = [day.value for day in Weekday]
"""Weekday codes in Python's weekday() order (Monday is 0)."""


class Frequency(models.TextChoices):
    ONE_OFF = "one_off", _("One-off")
    WEEKLY = "weekly", _("Every week")
    MONTHLY = "monthly", _("Every month")
    FLEXIBLE = "flexible", _("When you can")


class OpportunityQuerySet(models.QuerySet):
    def open(self, now=None) -> OpportunityQuerySet:
        """Opportunities taking sign-ups: not closed, and (if one-off) not yet over."""
        now = now or timezone.now()
        return self.filter(closed_at__isnull=True).filter(
            models.Q(ends_at__isnull=True) | models.Q(ends_at__gt=now)
        )


class Opportunity(models.Model):
    """One way to volunteer with one organisation: a one-off day or a regular role."""

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    organisation = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="volunteering_opportunities",
    )
    title = models.CharField(_("what you would do"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    interest = models.CharField(_("interest"), max_length=20, choices=Interest.choices)
    ward = models.ForeignKey(
        "core.Area",
        verbose_name=_("ward"),
        on_delete=models.PROTECT,
        related_name="volunteering_opportunities",
    )
    venue = models.CharField(_("venue"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10)
    latitude = models.FloatField(null=True, blank=True, editable=False)
    longitude = models.FloatField(null=True, blank=True, editable=False)
    frequency = models.CharField(
        _("how often"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    schedule = models.CharField(
        _("when"),
        max_length=200,
        blank=True,
        help_text=_("For a regular role, e.g. Tuesdays 10:00 to 12:00."),
    )
    days = models.JSONField(_("days"), default=list, blank=True)
    skills = models.JSONField(_("skills that help"), default=list, blank=True)
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    accessibility = models.TextField(_("accessibility"), blank=True)
    dbs_required = models.BooleanField(_("DBS check needed"), default=False)
    minimum_age = models.PositiveSmallIntegerField(_("minimum age"), default=16)
    places = models.PositiveIntegerField(_("volunteers wanted"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    objects = OpportunityQuerySet.as_manager()

    class Meta:
        ordering = ["title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(places__gte=1), name="volunteering_opportunity_places"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(starts_at__isnull=True)
                | models.Q(ends_at__gt=models.F("starts_at")),
                name="volunteering_opportunity_ends_after_start",
            ),
        ]
        verbose_name = _("volunteering opportunity")
        verbose_name_plural = _("volunteering opportunities")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("volunteering:opportunity", args=[self.slug])

    @property
    def point(self) -> tuple[float, float] | None:
        if self.latitude is None or self.longitude is None:
            return None
        return (self.latitude, self.longitude)

    @property
    def is_one_off(self) -> bool:
        return self.frequency == Frequency.ONE_OFF

    def day_labels(self) -> list[str]:
        labels = dict(Weekday.choices)
        return [str(labels[d]) for d in self.days if d in labels]

    def skill_labels(self) -> list[str]:
        labels = dict(Skill.choices)
        return [str(labels[s]) for s in self.skills if s in labels]


class SignupStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    WAITLISTED = "waitlisted", _("On the wait list")
    DECLINED = "declined", _("Not this time")
    WITHDRAWN = "withdrawn", _("Withdrawn")


ACTIVE_STATUSES = (SignupStatus.PENDING, SignupStatus.ACCEPTED, SignupStatus.WAITLISTED)


class Signup(models.Model):
    """One person offering to volunteer for one opportunity: at most one per person."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="signups")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="volunteer_signups"
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=SignupStatus.choices,
        default=SignupStatus.PENDING,
        db_index=True,
    )
    message = models.CharField(_("message to the organisation"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("signed up"), default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "user"], name="volunteering_one_signup_each"
            ),
        ]
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")

    def __str__(self) -> str:
        return f"{self.user} → {self.opportunity}"


class HoursEntry(models.Model):
    """Hours a volunteer gave on one day, confirmed by the organisation (one entry a day)."""

    signup = models.ForeignKey(Signup, on_delete=models.CASCADE, related_name="hours")
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=2)
    thank_you = models.CharField(_("thank-you message"), max_length=500, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["signup", "date"], name="volunteering_hours_once_a_day"
            ),
            models.CheckConstraint(
                condition=models.Q(hours__gt=Decimal(0), hours__lte=Decimal(24)),
                name="volunteering_hours_in_a_day",
            ),
        ]
        verbose_name = _("confirmed hours")
        verbose_name_plural = _("confirmed hours")

    def __str__(self) -> str:
        return f"{self.signup}: {self.hours} h on {self.date}"


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("Text message (SMS)")


class VolunteerProfile(models.Model):
    """What a volunteer tells us to be matched to call-outs, and an optional background."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="volunteer_profile"
    )
    ward = models.ForeignKey(
        "core.Area",
        verbose_name=_("ward you can help in"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    skills = models.JSONField(_("skills"), default=list, blank=True)
    languages = models.JSONField(_("languages you speak"), default=list, blank=True)
    days = models.JSONField(_("days you are usually free"), default=list, blank=True)
    callouts = models.BooleanField(_("send me urgent call-outs"), default=False)
    channel = models.CharField(
        _("how to reach you"), max_length=5, choices=Channel.choices, default=Channel.EMAIL
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("mobile number"), max_length=20, blank=True)
    background = models.CharField(
        _("your background (optional)"),
        max_length=100,
        blank=True,
        help_text=_("In your own words, if you want to. Only counted, never shown with your name."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("volunteer profile")
        verbose_name_plural = _("volunteer profiles")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def address(self) -> str:
        """Where call-outs go, by the chosen channel."""
        return self.phone if self.channel == Channel.SMS else self.email


class CallOutKind(models.TextChoices):
    FLOOD = "flood", _("Flood")
    COLD_SNAP = "cold_snap", _("Cold snap")
    VACCINATION = "vaccination", _("Vaccination day")
    OTHER = "other", _("Other urgent help")


class CallOutStatus(models.TextChoices):
    QUEUED = "queued", _("Being sent")
    SENT = "sent", _("Sent")
    CLOSED = "closed", _("Closed")


class CallOut(models.Model):
    """An urgent request for volunteers, sent to those who match and opted in."""

    organisation = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="callouts",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=CallOutKind.choices)
    title = models.CharField(_("title"), max_length=120)
    message = models.CharField(
        _("message"),
        max_length=320,
        help_text=_("Short: it goes by text message. Say what, where and when."),
    )
    wards = models.ManyToManyField(
        "core.Area", verbose_name=_("wards"), related_name="+", blank=True
    )
    skills = models.JSONField(_("skills needed"), default=list, blank=True)
    starts_at = models.DateTimeField(_("when help is needed"))
    venue = models.CharField(_("where to go"), max_length=200)
    needed = models.PositiveIntegerField(_("volunteers needed"))
    status = models.CharField(
        max_length=8, choices=CallOutStatus.choices, default=CallOutStatus.QUEUED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    first_sent_at = models.DateTimeField(null=True, blank=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("call-out")
        verbose_name_plural = _("call-outs")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("volunteering:callout", args=[self.pk])


class Answer(models.TextChoices):
    YES = "yes", _("Yes, I can come")
    NO = "no", _("No, not this time")


class CallOutRecipient(models.Model):
    """One volunteer a call-out went to, and their answer (at most one row each)."""

    callout = models.ForeignKey(CallOut, on_delete=models.CASCADE, related_name="recipients")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=5, choices=Channel.choices)
    sent_at = models.DateTimeField(null=True, blank=True)
    delivered = models.BooleanField(default=False)
    answer = models.CharField(max_length=3, choices=Answer.choices, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["callout", "user"], name="volunteering_callout_once"),
        ]
        indexes = [models.Index(fields=["callout", "answer"])]
        verbose_name = _("call-out recipient")
        verbose_name_plural = _("call-out recipients")

    def __str__(self) -> str:
        return f"{self.callout} → {self.user}"
