"""Offline evidence: board tables, focus groups, interviews, vox pops and commissions,
entered, corrected, withdrawn and reinstated."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commonground.consult.actions._base import requires
from commonground.consult.actions.analysis_runs import refresh_analysis
from commonground.consult.events import ConsultEvent
from commonground.consult.models import (
    Activity,
    ActivityAttachment,
    Coding,
    Comment,
    Consultation,
    OptionTally,
)
from commonground.consult.models.activity import OFFLINE_METHODS
from commonground.core import audit


def split_notes(text: str) -> list[str]:
    """Sticky notes typed one a line: blank lines and bullets dropped, whitespace tidied."""
    notes = []
    for line in text.splitlines():
        line = line.strip().lstrip("-•*").strip()
        if line:
            notes.append(" ".join(line.split()))
    return notes


@requires("consult.enter_evidence", on="consultation")
def record_activity(
    *,
    actor,
    consultation: Consultation,
    method: str,
    tallies: Mapping[int, int] | None = None,
    comments: Sequence[str] = (),
    attachments: Sequence[tuple[str, UploadedFile, str]] = (),
    **fields: Any,
) -> Activity:
    """Save one offline conversation with its tallies, comments and files, all or nothing.

    `tallies` maps option id → dots; `comments` are sticky notes or quotes, each becoming a
    `Comment` in the evidence base with the activity's date, ward, language and consent;
    `attachments` are (kind, file, caption).
    """
    if method not in OFFLINE_METHODS:
        raise ValidationError({"method": _("That is not an offline method.")})
    if not consultation.takes_evidence:
        raise ValidationError(
            {
                "consultation": _(
                    "The consultation is still a draft: open it before adding evidence."
                )
            }
        )
    options = {o.pk: o for o in consultation.options.all()}
    tallies = {k: v for k, v in (tallies or {}).items() if v}
    unknown = [k for k in tallies if k not in options]
    if unknown:
        raise ValidationError(
            {"tallies": _("Votes were given for an option of another consultation.")}
        )
    with transaction.atomic():
        activity = Activity(consultation=consultation, method=method, entered_by=actor, **fields)
        activity.full_clean()
        activity.save()
        OptionTally.objects.bulk_create(
            OptionTally(activity=activity, option=options[pk], votes=votes)
            for pk, votes in tallies.items()
        )
        for kind, file, caption in attachments:
            ActivityAttachment.objects.create(
                activity=activity,
                kind=kind,
                file=file,
                original_name=file.name[:200],
                caption=caption,
            )
        created = Comment.objects.bulk_create_masked(
            activity_comment(activity, text, entered_by=actor) for text in comments if text.strip()
        )
        audit.record(
            ConsultEvent.ACTIVITY_RECORDED,
            actor=actor,
            obj=activity,
            data={
                "consultation": consultation.slug,
                "method": method,
                "participants": activity.participants,
                "votes": sum(tallies.values()),
                "comments": len(created),
                "attachments": len(attachments),
            },
        )
        refresh_analysis(consultation=consultation, because=ConsultEvent.ACTIVITY_RECORDED)
    return activity


def activity_comment(activity: Activity, text: str, *, entered_by=None) -> Comment:
    """A comment heard at an activity, carrying the activity's where, when and consent."""
    return Comment(
        consultation=activity.consultation,
        method=activity.method,
        text=text.strip(),
        language=activity.language,
        said_on=activity.held_on,
        ward=activity.ward,
        community=activity.community,
        consent_to_quote=activity.may_quote,
        activity=activity,
        source_label=activity.title[:200],
        entered_by=entered_by,
    )


@requires("consult.change_activity", on="activity")
def add_activity_comments(*, actor, activity: Activity, comments: Sequence[str]) -> list[Comment]:
    """Add more notes to an activity already entered (the rest of a pile of sticky notes)."""
    if activity.is_withdrawn:
        raise ValidationError(
            {"activity": _("This session is withdrawn: reinstate it before adding notes.")}
        )
    with transaction.atomic():
        created = Comment.objects.bulk_create_masked(
            activity_comment(activity, text, entered_by=actor) for text in comments if text.strip()
        )
        audit.record(
            ConsultEvent.ACTIVITY_COMMENTS_ADDED,
            actor=actor,
            obj=activity,
            data={"comments": len(created)},
        )
    return created


def _shown(value: Any) -> Any:
    """A field's value as the audit trail keeps it (ids and text, never objects)."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "name") and not isinstance(value, str | dict | list):
        return value.name or ""
    return value


@requires("consult.change_activity", on="activity")
def update_activity(
    *,
    actor,
    activity: Activity,
    tallies: Mapping[int, int] | None = None,
    comment_texts: Mapping[int, str] | None = None,
    meaning_changed: bool = False,
    attachments: Sequence[tuple[str, UploadedFile, str]] = (),
    **fields: Any,
) -> Activity:
    """Correct an activity already entered: its details, dots, who took part and notes' text.

    Its comments follow the activity's date, ward, community, language and consent. A note
    whose text changes is masked again and its stored embedding dropped (so suggestions read
    the new words). Its themes stay when the correction is a spelling or a slip
    (`meaning_changed=False`); when the officer says the meaning changed, every coding of that
    note (accepted, suggested or rejected) is cleared so it is coded afresh. The audit event
    keeps each changed field, the tallies and the notes' masked text before and after.
    """
    from commonground.consult.models import CommentEmbedding

    consultation = activity.consultation
    options = {o.pk: o for o in consultation.options.all()}
    tallies = {k: v for k, v in (tallies or {}).items() if v}
    if any(k not in options for k in tallies):
        raise ValidationError(
            {"tallies": _("Votes were given for an option of another consultation.")}
        )
    comment_texts = {pk: " ".join((t or "").split()) for pk, t in (comment_texts or {}).items()}
    if any(not text for text in comment_texts.values()):
        raise ValidationError(
            {
                "comments": _(
                    "A note cannot be left empty. To take a whole session out of the "
                    "evidence, withdraw it."
                )
            }
        )
    with transaction.atomic():
        activity = Activity.all_objects.select_for_update().get(pk=activity.pk)
        if activity.is_withdrawn:
            raise ValidationError(
                {"activity": _("This session is withdrawn: reinstate it before correcting it.")}
            )
        before = {name: _shown(getattr(activity, name)) for name in fields}
        for name, value in fields.items():
            setattr(activity, name, value)
        activity.full_clean()
        activity.save()
        after = {name: _shown(getattr(activity, name)) for name in fields}
        changed = {
            k: {"before": before[k], "after": after[k]} for k in fields if before[k] != after[k]
        }

        tallies_before = {t.option_id: t.votes for t in activity.tallies.all()}
        if tallies_before != tallies:
            activity.tallies.all().delete()
            OptionTally.objects.bulk_create(
                OptionTally(activity=activity, option=options[pk], votes=votes)
                for pk, votes in tallies.items()
            )
            changed["tallies"] = {
                "before": {str(k): v for k, v in tallies_before.items()},
                "after": {str(k): v for k, v in tallies.items()},
            }

        comments = list(Comment.objects.filter(activity=activity).select_for_update())
        if any(pk not in {c.pk for c in comments} for pk in comment_texts):
            raise ValidationError({"comments": _("That note is not one of this session's.")})
        edited = []
        for comment in comments:
            new_text = comment_texts.get(comment.pk)
            if new_text is None or new_text == comment.text:
                continue
            old_masked = comment.text_masked
            comment.text = new_text
            comment.text_masked = ""  # masked again on save
            comment.save(update_fields=["text"])
            edited.append(
                {"comment": comment.pk, "before": old_masked, "after": comment.text_masked}
            )
        edited_ids = [e["comment"] for e in edited]
        if edited_ids:
            CommentEmbedding.objects.filter(comment_id__in=edited_ids).delete()
            if meaning_changed:
                Coding.objects.filter(comment_id__in=edited_ids).delete()
        # Every note carries the activity's where, when, language and consent.
        Comment.all_objects.filter(activity=activity).update(
            said_on=activity.held_on,
            ward=activity.ward,
            community=activity.community,
            language=activity.language,
            consent_to_quote=activity.may_quote,
            source_label=activity.title[:200],
        )
        for kind, file, caption in attachments:
            ActivityAttachment.objects.create(
                activity=activity,
                kind=kind,
                file=file,
                original_name=file.name[:200],
                caption=caption,
            )
        audit.record(
            ConsultEvent.ACTIVITY_UPDATED,
            actor=actor,
            obj=activity,
            data={
                "changed": changed,
                "comments": edited,
                "meaning_changed": bool(meaning_changed and edited),
                "attachments_added": len(attachments),
            },
        )
        refresh_analysis(consultation=consultation, because=ConsultEvent.ACTIVITY_UPDATED)
    return activity


@requires("consult.change_activity", on="activity")
def withdraw_activity(*, actor, activity: Activity, reason: str) -> Activity:
    """Take a session out of the evidence: it and its notes stay, marked withdrawn, and count
    nowhere (evidence base, analysis, exports, API) until an officer reinstates it."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the session is being withdrawn.")})
    with transaction.atomic():
        activity = Activity.all_objects.select_for_update().get(pk=activity.pk)
        if activity.is_withdrawn:
            raise ValidationError({"activity": _("This session is already withdrawn.")})
        activity.withdrawn_at = timezone.now()
        activity.withdrawn_by = actor
        activity.withdrawn_reason = reason
        activity.save(
            update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason", "updated_at"]
        )
        hidden = Comment.all_objects.filter(activity=activity).update(withdrawn=True)
        audit.record(
            ConsultEvent.ACTIVITY_WITHDRAWN,
            actor=actor,
            obj=activity,
            reason=reason,
            data={"before": {"withdrawn": False}, "after": {"withdrawn": True}, "comments": hidden},
        )
        refresh_analysis(
            consultation=activity.consultation, because=ConsultEvent.ACTIVITY_WITHDRAWN
        )
    return activity


@requires("consult.reinstate_activity", on="activity")
def reinstate_activity(*, actor, activity: Activity, reason: str = "") -> Activity:
    """Put a withdrawn session and its notes back into the evidence (officers only)."""
    with transaction.atomic():
        activity = Activity.all_objects.select_for_update().get(pk=activity.pk)
        if not activity.is_withdrawn:
            raise ValidationError({"activity": _("This session is not withdrawn.")})
        was = {
            "withdrawn_at": activity.withdrawn_at.isoformat(),
            "reason": activity.withdrawn_reason,
        }
        activity.withdrawn_at = None
        activity.withdrawn_by = None
        activity.withdrawn_reason = ""
        activity.save(
            update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason", "updated_at"]
        )
        shown = Comment.all_objects.filter(activity=activity).update(withdrawn=False)
        audit.record(
            ConsultEvent.ACTIVITY_REINSTATED,
            actor=actor,
            obj=activity,
            reason=reason,
            data={
                "before": {"withdrawn": True, **was},
                "after": {"withdrawn": False},
                "comments": shown,
            },
        )
        refresh_analysis(
            consultation=activity.consultation, because=ConsultEvent.ACTIVITY_REINSTATED
        )
    return activity
