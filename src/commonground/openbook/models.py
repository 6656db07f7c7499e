"""Open Book: volunteers who talk about their life, culture or faith, and the groups that ask.

A resident offers a talk (:class:`TalkOffer`); a coordinator approves it before it is public.
An employer, school or group asks for a talk (:class:`TalkRequest`), naming one or leaving the
choice to the coordinator, who matches it to a talk and proposes a date. The volunteer accepts
and the requester confirms the date; a talk to children is confirmed only once the
coordinator has ticked the safeguarding checklist. After the talk both sides leave feedback
(:class:`Feedback`); the volunteer's is seen by the coordinator only.

Offers and requests are written in English by the people who make them; the pages around them
are translated. The volunteer's surname is never shown: the public bio is theirs to write.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Topic(models.TextChoices):
    LIFE = "life", _("My life and journey")
    CULTURE = "culture", _("Culture and traditions")
    FAITH = "faith", _("Faith and belief")
    FOOD = "food", _("Food and festivals")
    LANGUAGE = "language", _("Language and family")
    WORK = "work", _("Work and coming to the city")


class Format(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    BOTH = "both", _("In person or online")


class OfferStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class TalkOfferQuerySet(models.QuerySet):
    def public(self) -> TalkOfferQuerySet:
        return self.filter(status=OfferStatus.APPROVED)


class TalkOffer(models.Model):
    """A talk a volunteer offers to give, public once a coordinator approves it."""

    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="open_book_offers"
    )
    speaker_name = models.CharField(
        _("name shown"),
        max_length=60,
        help_text=_("Your first name only: your surname is never shown."),
    )
    title = models.CharField(_("title of the talk"), max_length=150)
    bio = models.TextField(
        _("about you"),
        max_length=600,
        help_text=_("A few lines for the public page. Do not give your surname or address."),
    )
    description = models.TextField(_("what the talk covers"), max_length=2000)
    topics = models.JSONField(_("topics"), default=list)
    languages = models.JSONField(_("languages you can give it in"), default=list)
    format = models.CharField(_("in person or online"), max_length=10, choices=Format.choices)
    wards = models.ManyToManyField(
        "core.Area", verbose_name=_("wards you can travel to"), blank=True, related_name="+"
    )
    days = models.JSONField(_("days you are usually free"), default=list, blank=True)
    availability = models.CharField(
        _("when you are free"),
        max_length=200,
        blank=True,
        help_text=_("In your words, e.g. weekday evenings, not in Ramadan."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=OfferStatus.choices, default=OfferStatus.PENDING
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TalkOfferQuerySet.as_manager()

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("talk offer")
        verbose_name_plural = _("talk offers")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("openbook:talk", args=[self.pk])

    def topic_labels(self) -> list[str]:
        labels = dict(Topic.choices)
        return [str(labels[t]) for t in self.topics if t in labels]

    def day_labels(self) -> list[str]:
        from commonground.volunteering.models import Weekday

        labels = dict(Weekday.choices)
        return [str(labels[d]) for d in self.days if d in labels]

    def offers_format(self, wanted: str) -> bool:
        return self.format == Format.BOTH or self.format == wanted


class AudienceKind(models.TextChoices):
    EMPLOYER = "employer", _("Employer or workplace")
    SCHOOL = "school", _("School or college")
    COMMUNITY = "community", _("Community group")
    FAITH = "faith", _("Faith group")
    OTHER = "other", _("Other group")


class AgeGroup(models.TextChoices):
    CHILDREN = "children", _("Children (under 11)")
    YOUNG = "young", _("Young people (11 to 17)")
    ADULTS = "adults", _("Adults")
    MIXED = "mixed", _("Mixed ages, with children")


UNDER_18 = (AgeGroup.CHILDREN, AgeGroup.YOUNG, AgeGroup.MIXED)


class RequestStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    MATCHED = "matched", _("Matched")
    CONFIRMED = "confirmed", _("Confirmed")
    DELIVERED = "delivered", _("Delivered")
    CANCELLED = "cancelled", _("Cancelled")


class Side(models.TextChoices):
    REQUESTER = "requester", _("The group")
    VOLUNTEER = "volunteer", _("The volunteer")
    COORDINATOR = "coordinator", _("The coordinator")


class Check(models.TextChoices):
    SECOND_ADULT = "second_adult", _("A member of staff stays in the room throughout")
    DBS = "dbs", _("The volunteer's DBS check is in date, or they are never alone with children")
    CONTENT = "content", _("The school has seen what the talk covers")
    VENUE = "venue", _("The venue and the volunteer's arrival are arranged")


class TalkRequest(models.Model):
    """An employer's, school's or group's request for a talk, and where it has got to."""

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="open_book_requests"
    )
    organisation = models.ForeignKey(
        "core.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="open_book_requests",
        verbose_name=_("partner organisation"),
    )
    organisation_name = models.CharField(_("organisation or group"), max_length=200)
    contact_email = models.EmailField(_("e-mail address for messages"))
    audience_kind = models.CharField(
        _("kind of group"), max_length=10, choices=AudienceKind.choices
    )
    audience_size = models.PositiveIntegerField(_("how many people, about"))
    age_group = models.CharField(_("age group"), max_length=10, choices=AgeGroup.choices)
    ward = models.ForeignKey(
        "core.Area", verbose_name=_("ward"), on_delete=models.PROTECT, related_name="+"
    )
    format = models.CharField(_("in person or online"), max_length=10, choices=Format.choices)
    preferred_dates = models.CharField(
        _("dates that suit you"),
        max_length=300,
        help_text=_("e.g. any Tuesday afternoon in March, or 12 or 19 May."),
    )
    wants_to_learn = models.TextField(_("what you would like to learn"), max_length=2000)
    accessibility = models.TextField(_("accessibility needs"), blank=True, max_length=1000)
    talk = models.ForeignKey(
        TalkOffer,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requests",
        verbose_name=_("talk"),
    )
    talk_at = models.DateTimeField(_("date and time of the talk"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RequestStatus.choices,
        default=RequestStatus.REQUESTED,
    )
    volunteer_accepted_at = models.DateTimeField(null=True, blank=True)
    requester_confirmed_at = models.DateTimeField(null=True, blank=True)
    safeguarding_notes = models.TextField(_("safeguarding notes"), blank=True)
    checklist = models.JSONField(default=list, blank=True)
    audience_reached = models.PositiveIntegerField(_("people who came"), null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.CharField(max_length=12, choices=Side.choices, blank=True)
    cancel_reason = models.CharField(_("reason"), max_length=500, blank=True)
    short_notice = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(audience_size__gte=1), name="openbook_audience_size"
            ),
        ]
        verbose_name = _("talk request")
        verbose_name_plural = _("talk requests")

    def __str__(self) -> str:
        return self.organisation_name

    def get_absolute_url(self) -> str:
        return reverse("openbook:request", args=[self.pk])

    @property
    def with_children(self) -> bool:
        return self.age_group in UNDER_18

    @property
    def checklist_complete(self) -> bool:
        return not self.with_children or set(Check.values) <= set(self.checklist)


class Feedback(models.Model):
    """One side's rating and comment on a delivered talk (one per side)."""

    request = models.ForeignKey(TalkRequest, on_delete=models.CASCADE, related_name="feedback")
    side = models.CharField(max_length=12, choices=Side.choices)
    rating = models.PositiveSmallIntegerField(_("rating"))
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["request", "side"], name="openbook_feedback_once"),
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="openbook_rating_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_side_display()}: {self.rating}/5"
