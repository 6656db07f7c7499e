"""Every change to volunteering, each one audited in the transaction that makes it.

Signing up is one row per (opportunity, person), guarded by a unique constraint: asking again
returns the same sign-up, and two requests at once cannot make two. Accepting locks the
opportunity's row, so two coordinators accepting the last place at once are served one after
the other. A call-out's recipients are chosen and stored here, in one transaction; the
messages go out from a background task (:mod:`.tasks`), each with a signed link to answer.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from commonground.core import audit, light_accounts
from commonground.core.models import Area, Organisation, User
from commonground.services import postcodes

from . import delivery
from .delivery import REPLY_SALT
from .events import VolunteeringEvent
from .models import (
    ACTIVE_STATUSES,
    WEEKDAYS,
    Answer,
    CallOut,
    CallOutRecipient,
    CallOutStatus,
    Channel,
    Frequency,
    HoursEntry,
    Opportunity,
    Signup,
    SignupStatus,
    VolunteerProfile,
)
from .record import matches_callout, quarter
from .rules import may

REPLY_MAX_AGE = 14 * 24 * 3600
"""A reply link works for two weeks: long after any call-out is over."""

OPPORTUNITY_FIELDS = {
    "organisation",
    "title",
    "summary",
    "description",
    "interest",
    "ward",
    "venue",
    "address",
    "postcode",
    "frequency",
    "starts_at",
    "ends_at",
    "schedule",
    "days",
    "skills",
    "languages",
    "accessibility",
    "dbs_required",
    "minimum_age",
    "places",
}


def _require(user, permission: str, obj=None) -> None:
    if not may(user, permission, obj):
        raise PermissionDenied(_("Your account may not do this."))


def _actor(user):
    return user if user is not None and getattr(user, "pk", None) else None


def _unique_slug(title: str) -> str:
    base = (slugify(title) or "opportunity")[:90]
    slug, n = base, 2
    while Opportunity.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


# -- opportunities ---------------------------------------------------------------------------


def post_opportunity(
    *, actor, now: datetime | None = None, actor_label: str = "", slug: str = "", **fields: Any
) -> Opportunity:
    """Post an opportunity; refuses an unknown postcode, a one-off without a future date, an
    end before the start, and an organisation the poster does not act for."""
    unknown = set(fields) - OPPORTUNITY_FIELDS
    if unknown:
        raise TypeError(f"unknown opportunity fields: {sorted(unknown)}")
    if actor is not None:
        _require(actor, "volunteering.post_opportunity")
        if not may(
            actor,
            "volunteering.manage_opportunity",
            SimpleNamespace(organisation=fields.get("organisation")),
        ):
            raise ValidationError(
                {"organisation": _("You may only post for an organisation you act for.")}
            )
    now = now or timezone.now()
    point = postcodes.centroid(fields.get("postcode", ""))
    if point is None:
        raise ValidationError(
            {
                "postcode": _("We do not know the postcode %(postcode)s. Check it.")
                % {"postcode": fields.get("postcode", "")}
            }
        )
    starts_at, ends_at = fields.get("starts_at"), fields.get("ends_at")
    if fields.get("frequency") == Frequency.ONE_OFF and (starts_at is None or ends_at is None):
        raise ValidationError({"starts_at": _("Give the date and times of a one-off.")})
    if starts_at is not None and starts_at <= now:
        raise ValidationError({"starts_at": _("The start must be in the future.")})
    if starts_at is not None and ends_at is not None and ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The end must be after the start.")})
    if fields.get("places") is None or fields["places"] < 1:
        raise ValidationError({"places": _("Ask for at least one volunteer.")})
    fields["postcode"] = postcodes.normalise(fields["postcode"])
    if starts_at is not None and not fields.get("days"):
        fields["days"] = [WEEKDAYS[timezone.localtime(starts_at).weekday()]]
    with transaction.atomic():
        opportunity = Opportunity(
            slug=slug or _unique_slug(fields["title"]),
            created_by=_actor(actor),
            latitude=point[0],
            longitude=point[1],
            **fields,
        )
        opportunity.full_clean(exclude=[] if slug else ["slug"])
        opportunity.save()
        audit.record(
            VolunteeringEvent.OPPORTUNITY_POSTED,
            actor=_actor(actor),
            actor_label=actor_label,
            obj=opportunity,
            data={"ward": opportunity.ward.code, "places": opportunity.places},
        )
    return opportunity


def close_opportunity(*, actor, opportunity: Opportunity) -> Opportunity:
    """Stop taking sign-ups (the record of hours stays)."""
    _require(actor, "volunteering.manage_opportunity", opportunity)
    with transaction.atomic():
        updated = Opportunity.objects.filter(pk=opportunity.pk, closed_at__isnull=True).update(
            closed_at=timezone.now()
        )
        if updated:
            audit.record(VolunteeringEvent.OPPORTUNITY_CLOSED, actor=actor, obj=opportunity)
    opportunity.refresh_from_db()
    return opportunity


# -- light accounts and profiles --------------------------------------------------------------


def create_light_account(
    *, name: str, email: str, password: str, language: str = "en", ward: Area | None = None
) -> User:
    """A resident's account for volunteering: a name, an e-mail address and a password.

    The e-mail address is the user name (one account per address)."""
    return light_accounts.create_light_account(
        name=name,
        email=email,
        password=password,
        language=language,
        ward=ward,
        event=VolunteeringEvent.ACCOUNT_CREATED,
        then=lambda user: VolunteerProfile.objects.create(user=user, email=user.email, ward=ward),
    )


def erase_person(*, actor, user: User, stand_in: User) -> dict[str, int]:
    """Erase what volunteering knows about ``user`` (their own request, from "My
    involvement"): the profile (contact details, skills, background) is deleted, open sign-ups
    are withdrawn, messages and thank-yous are blanked, and sign-ups, hours and call-out answers
    move to ``stand_in``, an account with no name, so the hours by ward and quarter that feed
    Measures, and each call-out's headcount, stay as they were."""
    if actor is None or actor.pk != user.pk:
        raise PermissionDenied(_("Only the person themselves may erase their data."))
    with transaction.atomic():
        withdrawn = Signup.objects.filter(user=user, status__in=ACTIVE_STATUSES).update(
            status=SignupStatus.WITHDRAWN
        )
        HoursEntry.objects.filter(signup__user=user).update(thank_you="")
        moved = Signup.objects.filter(user=user).update(user=stand_in, message="")
        answers = CallOutRecipient.objects.filter(user=user).update(user=stand_in)
        profiles, _deleted = VolunteerProfile.objects.filter(user=user).delete()
        counts = {
            "signups": moved,
            "withdrawn": withdrawn,
            "callouts": answers,
            "profiles": profiles,
        }
        audit.record(VolunteeringEvent.PERSON_ERASED, actor=actor, data=counts)
    return counts


def profile_for(user) -> VolunteerProfile:
    """The person's volunteer profile (an empty one, unsaved, if they have none yet)."""
    profile = VolunteerProfile.objects.filter(user=user).first()
    return profile or VolunteerProfile(user=user, email=getattr(user, "email", "") or "")


def save_profile(*, actor, **fields: Any) -> VolunteerProfile:
    """Save what the volunteer tells us; call-outs need an address on the chosen channel."""
    _require(actor, "volunteering.sign_up")
    if fields.get("callouts"):
        address = fields.get("phone") if fields.get("channel") == "sms" else fields.get("email")
        if not (address or "").strip():
            field = "phone" if fields.get("channel") == "sms" else "email"
            raise ValidationError({field: _("Give the number or address call-outs should go to.")})
    with transaction.atomic():
        profile, _created = VolunteerProfile.objects.update_or_create(user=actor, defaults=fields)
        audit.record(
            VolunteeringEvent.PROFILE_SAVED,
            actor=actor,
            obj=profile,
            data={"callouts": profile.callouts, "channel": profile.channel},
        )
    return profile


# -- sign-ups --------------------------------------------------------------------------------


def sign_up(
    *,
    actor,
    opportunity: Opportunity,
    confirms_age: bool,
    message: str = "",
    now: datetime | None = None,
) -> Signup:
    """Offer to volunteer. Asking again returns the same sign-up (one per person)."""
    _require(actor, "volunteering.sign_up", opportunity)
    now = now or timezone.now()
    if opportunity.closed_at is not None or (
        opportunity.ends_at is not None and opportunity.ends_at <= now
    ):
        raise ValidationError(_("This opportunity is no longer taking volunteers."))
    if not confirms_age:
        raise ValidationError(
            {
                "confirms_age": _("Confirm that you are %(age)d or older.")
                % {"age": opportunity.minimum_age}
            }
        )
    existing = Signup.objects.filter(opportunity=opportunity, user=actor).first()
    if existing is not None and existing.status in ACTIVE_STATUSES:
        return existing
    with transaction.atomic():
        if existing is not None:  # withdrawn or declined before: offering again
            existing.status, existing.created_at, existing.message = (
                SignupStatus.PENDING,
                now,
                message,
            )
            existing.decided_at = existing.decided_by = None
            existing.save()
            signup = existing
        else:
            try:
                with transaction.atomic():
                    signup = Signup.objects.create(
                        opportunity=opportunity, user=actor, message=message, created_at=now
                    )
            except IntegrityError:  # a concurrent request for the same person won
                return Signup.objects.get(opportunity=opportunity, user=actor)
        audit.record(VolunteeringEvent.SIGNED_UP, actor=actor, obj=signup)
    return signup


def withdraw(*, actor, signup: Signup) -> Signup:
    """The volunteer takes back their offer (their confirmed hours stay on their record)."""
    if signup.user_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("Your account may not do this."))
    with transaction.atomic():
        updated = Signup.objects.filter(pk=signup.pk, status__in=ACTIVE_STATUSES).update(
            status=SignupStatus.WITHDRAWN
        )
        if updated:
            audit.record(VolunteeringEvent.SIGNUP_WITHDRAWN, actor=actor, obj=signup)
    signup.refresh_from_db()
    return signup


def decide(*, actor, signup: Signup, status: str) -> Signup:
    """Accept, decline or wait-list a volunteer; accepting never goes past the places."""
    opportunity = signup.opportunity
    _require(actor, "volunteering.manage_opportunity", opportunity)
    if status not in (SignupStatus.ACCEPTED, SignupStatus.DECLINED, SignupStatus.WAITLISTED):
        raise ValidationError({"status": _("Choose accept, wait list or decline.")})
    with transaction.atomic():
        locked = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
        row = Signup.objects.select_for_update().get(pk=signup.pk)
        if row.status == SignupStatus.WITHDRAWN:
            raise ValidationError(_("This volunteer has withdrawn."))
        if status == SignupStatus.ACCEPTED and row.status != SignupStatus.ACCEPTED:
            taken = locked.signups.filter(status=SignupStatus.ACCEPTED).count()
            if taken >= locked.places:
                raise ValidationError(
                    {
                        "status": _(
                            "All %(places)d places are taken: put this volunteer on the wait list."
                        )
                        % {"places": locked.places}
                    }
                )
        before = row.status
        row.status, row.decided_at, row.decided_by = status, timezone.now(), _actor(actor)
        row.save(update_fields=["status", "decided_at", "decided_by"])
        audit.record(
            VolunteeringEvent.SIGNUP_DECIDED,
            actor=actor,
            obj=row,
            data={"before": before, "after": status},
        )
    return row


def confirm_hours(
    *, actor, signup: Signup, day: date, hours: Decimal, thank_you: str = ""
) -> HoursEntry:
    """Record hours an accepted volunteer gave on one day (not in the future, once a day)."""
    _require(actor, "volunteering.manage_opportunity", signup.opportunity)
    if signup.status != SignupStatus.ACCEPTED:
        raise ValidationError(_("Only an accepted volunteer's hours can be confirmed."))
    if day > timezone.localdate():
        raise ValidationError({"date": _("Hours can only be confirmed for a day that has passed.")})
    if hours is None or hours <= 0 or hours > 24:
        raise ValidationError({"hours": _("Give the hours as a number from 0.25 to 24.")})
    if HoursEntry.objects.filter(signup=signup, date=day).exists():
        raise ValidationError({"date": _("Hours for this day are already confirmed.")})
    try:
        with transaction.atomic():
            entry = HoursEntry.objects.create(
                signup=signup,
                date=day,
                hours=hours,
                thank_you=thank_you.strip(),
                confirmed_by=_actor(actor),
            )
            audit.record(
                VolunteeringEvent.HOURS_CONFIRMED,
                actor=_actor(actor),
                obj=entry,
                data={"hours": str(hours), "date": day.isoformat()},
            )
    except IntegrityError as error:  # the same day confirmed twice at once
        raise ValidationError({"date": _("Hours for this day are already confirmed.")}) from error
    return entry


def total_hours(user) -> Decimal:
    found = HoursEntry.objects.filter(signup__user=user).aggregate(total=Sum("hours"))["total"]
    return found or Decimal(0)


# -- call-outs -------------------------------------------------------------------------------


def matching_volunteers(callout: CallOut) -> list[tuple[int, str]]:
    """(user id, channel) of the opted-in volunteers with an address who fit the call-out's
    wards, skills and day: read as plain values, as a call-out may match 10,000 of them."""
    profiles = VolunteerProfile.objects.filter(callouts=True, user__is_active=True)
    ward_ids = list(callout.wards.values_list("pk", flat=True))
    if ward_ids:
        profiles = profiles.filter(ward_id__in=ward_ids)
    day = WEEKDAYS[timezone.localtime(callout.starts_at).weekday()]
    rows = profiles.order_by("pk").values_list(
        "user_id", "skills", "days", "channel", "email", "phone"
    )
    return [
        (user_id, channel)
        for user_id, skills, days, channel, email, phone in rows.iterator(chunk_size=2000)
        if (phone if channel == Channel.SMS else email).strip()
        and matches_callout(
            callout_skills=callout.skills,
            callout_day=day,
            volunteer_skills=skills,
            volunteer_days=days,
        )
    ]


def send_callout(
    *,
    actor,
    site_url: str,
    wards: list[Area],
    now: datetime | None = None,
    actor_label: str = "",
    **fields: Any,
) -> CallOut:
    """Store a call-out and its recipients, then queue the messages (after the commit)."""
    from .tasks import deliver_callout_task

    if actor is not None:
        _require(actor, "volunteering.send_callout")
        organisation = fields.get("organisation")
        if organisation is None and not may(actor, "volunteering.see_figures"):
            raise ValidationError({"organisation": _("Choose the organisation you act for.")})
        if organisation is not None and not may(
            actor, "volunteering.see_callout", SimpleNamespace(organisation=organisation)
        ):
            raise ValidationError(
                {"organisation": _("You may only send for an organisation you act for.")}
            )
    now = now or timezone.now()
    if fields["starts_at"] <= now:
        raise ValidationError({"starts_at": _("The time help is needed must be in the future.")})
    if fields.get("needed") is None or fields["needed"] < 1:
        raise ValidationError({"needed": _("Ask for at least one volunteer.")})
    with transaction.atomic():
        callout = CallOut.objects.create(created_by=_actor(actor), created_at=now, **fields)
        callout.wards.set(wards)
        volunteers = matching_volunteers(callout)
        CallOutRecipient.objects.bulk_create(
            [
                CallOutRecipient(callout=callout, user_id=user_id, channel=channel)
                for user_id, channel in volunteers
            ],
            batch_size=2000,
        )
        audit.record(
            VolunteeringEvent.CALLOUT_SENT,
            actor=_actor(actor),
            actor_label=actor_label,
            obj=callout,
            data={"recipients": len(volunteers), "wards": [w.code for w in wards]},
        )
        transaction.on_commit(lambda: deliver_callout_task.enqueue(callout.pk, site_url))
    return callout


def reply_token(recipient: CallOutRecipient) -> str:
    return delivery.reply_token(recipient.pk)


def recipient_for_token(token: str) -> CallOutRecipient | None:
    """The recipient a reply link names, or None for a forged, altered or expired link."""
    try:
        pk = signing.loads(token, salt=REPLY_SALT, max_age=REPLY_MAX_AGE)
    except signing.BadSignature:
        return None
    return (
        CallOutRecipient.objects.select_related("callout", "callout__organisation")
        .filter(pk=pk)
        .first()
    )


def deliver_callout(callout_id: int, site_url: str) -> int:
    """Send the call-out to each recipient not yet sent to (a retry sends no one twice that
    a finished batch stamped).

    A batch at a time (:mod:`.delivery`): its messages go out together, then one UPDATE per
    outcome stamps the batch, so the headcount page's "sent" count climbs as they go.
    """
    callout = CallOut.objects.get(pk=callout_id)
    composer = delivery.Composer(callout, site_url)
    sent = 0
    for batch in delivery.pending_batches(callout):
        receipts = delivery.send_all([composer.message(recipient) for recipient in batch])
        stamp = timezone.now()
        outcomes: dict[bool, list[int]] = {True: [], False: []}
        for recipient, receipt in zip(batch, receipts, strict=True):
            outcomes[receipt.sent].append(recipient.pk)
        for delivered, pks in outcomes.items():
            if pks:
                CallOutRecipient.objects.filter(pk__in=pks).update(
                    sent_at=stamp, delivered=delivered
                )
        if batch and callout.first_sent_at is None:
            callout.first_sent_at = stamp
            CallOut.objects.filter(pk=callout.pk).update(first_sent_at=stamp)
        sent += len(batch)
    with transaction.atomic():
        CallOut.objects.filter(pk=callout.pk, status=CallOutStatus.QUEUED).update(
            status=CallOutStatus.SENT, last_sent_at=timezone.now()
        )
        audit.record(
            VolunteeringEvent.CALLOUT_DELIVERED,
            actor_label="background task",
            obj=callout,
            data={"sent": sent},
        )
    return sent


def answer_callout(*, recipient: CallOutRecipient, answer: str) -> CallOutRecipient:
    """Record a volunteer's yes or no (they may change it until the call-out closes)."""
    if answer not in (Answer.YES, Answer.NO):
        raise ValidationError({"answer": _("Answer yes or no.")})
    if recipient.callout.status == CallOutStatus.CLOSED:
        raise ValidationError(_("This call-out is closed: thank you all the same."))
    with transaction.atomic():
        CallOutRecipient.objects.filter(pk=recipient.pk).update(
            answer=answer, answered_at=timezone.now()
        )
        recipient.refresh_from_db()
        audit.record(
            VolunteeringEvent.CALLOUT_ANSWERED,
            actor=recipient.user,
            obj=recipient,
            data={"answer": answer},
        )
    return recipient


def close_callout(*, actor, callout: CallOut) -> CallOut:
    _require(actor, "volunteering.see_callout", callout)
    with transaction.atomic():
        if (
            CallOut.objects.filter(pk=callout.pk)
            .exclude(status=CallOutStatus.CLOSED)
            .update(status=CallOutStatus.CLOSED)
        ):
            audit.record(VolunteeringEvent.CALLOUT_CLOSED, actor=actor, obj=callout)
    callout.refresh_from_db()
    return callout


def headcount(callout: CallOut) -> dict[str, int]:
    rows = dict(
        CallOutRecipient.objects.filter(callout=callout)
        .values_list("answer")
        .annotate(n=Count("pk"))
        .values_list("answer", "n")
    )
    total = sum(rows.values())
    sent = CallOutRecipient.objects.filter(callout=callout, sent_at__isnull=False).count()
    return {
        "yes": rows.get(Answer.YES, 0),
        "no": rows.get(Answer.NO, 0),
        "waiting": rows.get("", 0),
        "total": total,
        "sent": sent,
    }


# -- figures ---------------------------------------------------------------------------------

INDICATOR_SLUG = "volunteering-hours"


def hours_by_ward_and_quarter() -> dict[tuple[int, str], tuple[Decimal, int]]:
    """(ward id, quarter) → (confirmed hours, distinct volunteers), by the opportunity's ward."""
    totals: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    people: dict[tuple[int, str], set[int]] = defaultdict(set)
    rows = HoursEntry.objects.values_list(
        "signup__opportunity__ward_id", "date", "hours", "signup__user_id"
    )
    for ward_id, day, hours, user_id in rows.iterator(chunk_size=5000):
        key = (ward_id, quarter(day))
        totals[key] += Decimal(hours)
        people[key].add(user_id)
    return {key: (totals[key], len(people[key])) for key in totals}


def publish_to_measures(*, actor) -> dict[str, int]:
    """Record confirmed hours by ward and quarter as figures of "Volunteering hours".

    Each figure notes how many volunteers gave them; Measures withholds small ones itself."""
    from commonground.measures.actions import Figure, record_figures
    from commonground.measures.models import Indicator
    from commonground.measures.models.observation import ObservationOrigin
    from commonground.measures.validation import parse_period

    _require(actor, "volunteering.publish_figures")
    with transaction.atomic():
        indicator, _created = Indicator.objects.get_or_create(
            slug=INDICATOR_SLUG,
            defaults={
                "name": "Volunteering hours (People Can)",
                "definition": (
                    "Hours of volunteering confirmed by the organisations on the platform, "
                    "by the ward of the opportunity and the quarter the hours were given."
                ),
                "unit": "count",
                "decimal_places": 1,
                "direction": "higher",
                "is_published": False,
                "area_levels": ["ward"],
                "source": "People Can volunteering records",
            },
        )
        figures = [
            Figure(
                indicator_id=indicator.pk,
                area_id=ward_id,
                period=parse_period(period),
                breakdown="",
                value=total,
                note=f"{volunteers} volunteers",
            )
            for (ward_id, period), (total, volunteers) in sorted(
                hours_by_ward_and_quarter().items()
            )
        ]
        counts = record_figures(figures, origin=ObservationOrigin.INVOLVEMENT, user=actor)
        result = {
            "figures": len(figures),
            "created": counts.created,
            "corrected": counts.corrected,
        }
        audit.record(
            VolunteeringEvent.FIGURES_PUBLISHED,
            actor=actor,
            obj=indicator,
            data=result,
        )
    return result


def organisations_for(user) -> list[Organisation]:
    """The organisations a person may post and send for (every one for an officer)."""
    if may(user, "volunteering.see_figures"):
        return list(Organisation.objects.order_by("name"))
    return list(user.confirmed_organisations())
