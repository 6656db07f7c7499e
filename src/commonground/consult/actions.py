"""Every state change of a consultation's offline evidence, codebook and reports, one function each.

Each action checks the actor's role, validates, writes, and records an audit event through
:func:`commonground.core.audit.record` in the same transaction. Views, the demo and the tests
all call these; nothing else writes these models. (The online survey's actions are C1's, in
survey_actions.py.)

Errors a person can fix are :class:`django.core.exceptions.ValidationError`, with messages
that name the field; a change the role does not allow is
:class:`django.core.exceptions.PermissionDenied`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commonground.core import audit
from commonground.core.roles import Role

from .models import (
    Activity,
    ActivityAttachment,
    AnalysisKind,
    AnalysisRun,
    Coding,
    CodingStatus,
    Comment,
    Consultation,
    ConsultationStatus,
    OptionTally,
    PriorityOption,
    ProposalDecision,
    Theme,
    ThemeProposal,
    YouSaidWeDid,
)
from .models.activity import OFFLINE_METHODS


def _officer(actor) -> None:
    if actor is None or not actor.has_role(Role.OFFICER):
        raise PermissionDenied(_("Only council officers may do that."))


def _researcher(actor) -> None:
    """Officers and community researchers (partner members) enter offline conversations."""
    if actor is None or not actor.has_role(Role.OFFICER, Role.PARTNER):
        raise PermissionDenied(_("Only officers and community researchers may enter evidence."))


# ================================================================ consultations


@dataclass
class OptionSpec:
    """An option as an officer typed it: English label and its translations."""

    label: str
    translations: dict[str, str] = field(default_factory=dict)


def _set_options(consultation: Consultation, options: Sequence[OptionSpec]) -> dict[str, Any]:
    """Make the consultation's options exactly `options`, keeping the rows of labels that stay
    (tallies and answers point at them) and refusing to drop one that already has votes."""
    labels = [o.label.strip() for o in options]
    if len(set(labels)) != len(labels):
        raise ValidationError({"options": _("Each option may appear only once.")})
    existing = {o.label: o for o in consultation.options.all()}
    dropped = [o for label, o in existing.items() if label not in labels]
    with_votes = [o.label for o in dropped if o.tallies.exists()]
    if with_votes:
        raise ValidationError(
            {
                "options": _("These options already have votes and cannot be removed: %(l)s")
                % {"l": ", ".join(with_votes)}
            }
        )
    for option in dropped:
        option.delete()
    for order, spec in enumerate(options):
        translations = {k: v.strip() for k, v in spec.translations.items() if v and v.strip()}
        option = existing.get(spec.label.strip()) or PriorityOption(consultation=consultation)
        option.label = spec.label.strip()
        option.label_translations = translations
        option.order = order
        option.save()
    return {"options": labels, "removed": [o.label for o in dropped]}


def create_consultation(
    *,
    actor,
    options: Sequence[OptionSpec],
    pillars: Iterable = (),
    objectives: Iterable = (),
    areas: Iterable = (),
    communities: Iterable = (),
    **fields: Any,
) -> Consultation:
    """Create a consultation in draft, with its options; it opens when an officer opens it."""
    _officer(actor)
    with transaction.atomic():
        consultation = Consultation(created_by=actor, **fields)
        consultation.full_clean()
        _check_dates(consultation)
        consultation.save()
        consultation.pillars.set(pillars)
        consultation.objectives.set(objectives)
        consultation.areas.set(areas)
        consultation.communities.set(communities)
        changes = _set_options(consultation, options)
        audit.record(
            "consult.consultation_created",
            actor=actor,
            obj=consultation,
            data={**changes, "languages": consultation.languages},
        )
    return consultation


def _check_dates(consultation: Consultation) -> None:
    if consultation.closes_at <= consultation.opens_at:
        raise ValidationError({"closes_at": _("The closing date must be after the opening date.")})


def update_consultation(
    *,
    actor,
    consultation: Consultation,
    options: Sequence[OptionSpec],
    pillars: Iterable = (),
    objectives: Iterable = (),
    areas: Iterable = (),
    communities: Iterable = (),
    **fields: Any,
) -> Consultation:
    """Change a consultation's details and options (options with votes cannot be dropped)."""
    _officer(actor)
    with transaction.atomic():
        consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
        before = {name: str(getattr(consultation, name)) for name in fields}
        for name, value in fields.items():
            setattr(consultation, name, value)
        consultation.full_clean()
        _check_dates(consultation)
        consultation.save()
        consultation.pillars.set(pillars)
        consultation.objectives.set(objectives)
        consultation.areas.set(areas)
        consultation.communities.set(communities)
        changes = _set_options(consultation, options)
        changed = {k: v for k, v in before.items() if str(getattr(consultation, k)) != v}
        audit.record(
            "consult.consultation_updated",
            actor=actor,
            obj=consultation,
            data={**changes, "changed": sorted(changed)},
        )
    return consultation


def set_status(*, actor, consultation: Consultation, status: str, reason: str = "") -> Consultation:
    """Open, close or re-open a consultation. Opening needs at least one option."""
    _officer(actor)
    if status not in (ConsultationStatus.OPEN, ConsultationStatus.CLOSED):
        raise ValidationError({"status": _("A consultation can only be opened or closed.")})
    with transaction.atomic():
        consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if status == ConsultationStatus.OPEN and not consultation.options.exists():
            raise ValidationError(
                {"options": _("Add at least one option to prioritise before opening.")}
            )
        before = consultation.status
        consultation.status = status
        consultation.save(update_fields=["status"])
        audit.record(
            f"consult.consultation_{'opened' if status == ConsultationStatus.OPEN else 'closed'}",
            actor=actor,
            obj=consultation,
            reason=reason,
            data={"from": before, "to": status},
        )
    return consultation


def publish_report(*, actor, consultation: Consultation, publish: bool = True) -> Consultation:
    """Publish (or withdraw) the "What people said" report: it becomes public when published."""
    _officer(actor)
    with transaction.atomic():
        consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if publish and consultation.status == ConsultationStatus.DRAFT:
            raise ValidationError(
                {"status": _("A draft consultation has no report to publish: open it first.")}
            )
        consultation.report_published_at = timezone.now() if publish else None
        if publish:
            consultation.status = ConsultationStatus.REPORTED
        elif consultation.status == ConsultationStatus.REPORTED:
            consultation.status = ConsultationStatus.CLOSED
        consultation.save(update_fields=["report_published_at", "status"])
        audit.record(
            "consult.report_published" if publish else "consult.report_withdrawn",
            actor=actor,
            obj=consultation,
        )
    return consultation


# ================================================================ offline evidence


def split_notes(text: str) -> list[str]:
    """Sticky notes typed one a line: blank lines and bullets dropped, whitespace tidied."""
    notes = []
    for line in text.splitlines():
        line = line.strip().lstrip("-•*").strip()
        if line:
            notes.append(" ".join(line.split()))
    return notes


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
    _researcher(actor)
    if method not in OFFLINE_METHODS:
        raise ValidationError({"method": _("That is not an offline method.")})
    if consultation.status == ConsultationStatus.DRAFT:
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
            "consult.activity_recorded",
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
        refresh_analysis(consultation=consultation, because="consult.activity_recorded")
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


def add_activity_comments(*, actor, activity: Activity, comments: Sequence[str]) -> list[Comment]:
    """Add more notes to an activity already entered (the rest of a pile of sticky notes)."""
    _may_change(actor, activity)
    if activity.is_withdrawn:
        raise ValidationError(
            {"activity": _("This session is withdrawn: reinstate it before adding notes.")}
        )
    with transaction.atomic():
        created = Comment.objects.bulk_create_masked(
            activity_comment(activity, text, entered_by=actor) for text in comments if text.strip()
        )
        audit.record(
            "consult.activity_comments_added",
            actor=actor,
            obj=activity,
            data={"comments": len(created)},
        )
    return created


def _may_change(actor, activity: Activity) -> None:
    if not activity.may_be_changed_by(actor):
        raise PermissionDenied(
            _(
                "Only officers, or the community researcher who entered it while the "
                "consultation is open, may change this session."
            )
        )


def _shown(value: Any) -> Any:
    """A field's value as the audit trail keeps it (ids and text, never objects)."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "name") and not isinstance(value, str | dict | list):
        return value.name or ""
    return value


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
    from .models import CommentEmbedding

    _may_change(actor, activity)
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
            "consult.activity_updated",
            actor=actor,
            obj=activity,
            data={
                "changed": changed,
                "comments": edited,
                "meaning_changed": bool(meaning_changed and edited),
                "attachments_added": len(attachments),
            },
        )
        refresh_analysis(consultation=consultation, because="consult.activity_updated")
    return activity


def withdraw_activity(*, actor, activity: Activity, reason: str) -> Activity:
    """Take a session out of the evidence: it and its notes stay, marked withdrawn, and count
    nowhere (evidence base, analysis, exports, API) until an officer reinstates it."""
    _may_change(actor, activity)
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
            "consult.activity_withdrawn",
            actor=actor,
            obj=activity,
            reason=reason,
            data={"before": {"withdrawn": False}, "after": {"withdrawn": True}, "comments": hidden},
        )
        refresh_analysis(consultation=activity.consultation, because="consult.activity_withdrawn")
    return activity


def reinstate_activity(*, actor, activity: Activity, reason: str = "") -> Activity:
    """Put a withdrawn session and its notes back into the evidence (officers only)."""
    _officer(actor)
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
            "consult.activity_reinstated",
            actor=actor,
            obj=activity,
            reason=reason,
            data={
                "before": {"withdrawn": True, **was},
                "after": {"withdrawn": False},
                "comments": shown,
            },
        )
        refresh_analysis(consultation=activity.consultation, because="consult.activity_reinstated")
    return activity


# ================================================================ codebook and coding


def create_theme(*, actor, consultation: Consultation, label: str, description: str = "") -> Theme:
    _officer(actor)
    label = " ".join(label.split())
    if not label:
        raise ValidationError({"label": _("Give the theme a name.")})
    with transaction.atomic():
        if consultation.themes.active().filter(label__iexact=label).exists():
            raise ValidationError({"label": _("The codebook already has a theme called that.")})
        theme = Theme.objects.create(
            consultation=consultation, label=label, description=description
        )
        audit.record("consult.theme_created", actor=actor, obj=theme)
    return theme


def rename_theme(*, actor, theme: Theme, label: str, description: str | None = None) -> Theme:
    _officer(actor)
    label = " ".join(label.split())
    if not label:
        raise ValidationError({"label": _("Give the theme a name.")})
    with transaction.atomic():
        clash = (
            Theme.objects.active()
            .filter(consultation=theme.consultation_id, label__iexact=label)
            .exclude(pk=theme.pk)
        )
        if clash.exists():
            raise ValidationError({"label": _("The codebook already has a theme called that.")})
        before = theme.label
        theme.label = label
        if description is not None:
            theme.description = description
        theme.save(update_fields=["label", "description"])
        audit.record("consult.theme_renamed", actor=actor, obj=theme, data={"from": before})
    return theme


def merge_themes(*, actor, source: Theme, target: Theme) -> Theme:
    """Merge `source` into `target`: its codings move (the better status wins where a comment
    had both), and `source` stays in the codebook's history, pointing at `target`."""
    _officer(actor)
    if source.pk == target.pk or source.consultation_id != target.consultation_id:
        raise ValidationError({"target": _("Choose a different theme of the same consultation.")})
    if source.merged_into_id or target.merged_into_id:
        raise ValidationError({"target": _("That theme has already been merged.")})
    rank = {CodingStatus.ACCEPTED: 2, CodingStatus.SUGGESTED: 1, CodingStatus.REJECTED: 0}
    with transaction.atomic():
        have = {c.comment_id: c for c in Coding.objects.select_for_update().filter(theme=target)}
        moved = 0
        for coding in Coding.objects.select_for_update().filter(theme=source):
            kept = have.get(coding.comment_id)
            if kept is None:
                coding.theme = target
                coding.save(update_fields=["theme"])
                moved += 1
            else:
                if rank[coding.status] > rank[kept.status]:
                    kept.status, kept.score = coding.status, coding.score
                    kept.decided_by, kept.decided_at = coding.decided_by, coding.decided_at
                    kept.save()
                coding.delete()
        source.merged_into = target
        source.save(update_fields=["merged_into"])
        if not YouSaidWeDid.objects.filter(theme=target).exists():
            YouSaidWeDid.objects.filter(theme=source).update(theme=target)
        audit.record(
            "consult.themes_merged",
            actor=actor,
            obj=target,
            data={"source": source.pk, "source_label": source.label, "codings_moved": moved},
        )
    return target


def code_comment(*, actor, comment: Comment, theme: Theme) -> Coding:
    """An officer codes a comment against a theme (or accepts the suggestion that it is)."""
    _officer(actor)
    if theme.consultation_id != comment.consultation_id or theme.merged_into_id:
        raise ValidationError({"theme": _("Choose a theme from this consultation's codebook.")})
    with transaction.atomic():
        coding, _created = Coding.objects.update_or_create(
            comment=comment,
            theme=theme,
            defaults={
                "status": CodingStatus.ACCEPTED,
                "decided_by": actor,
                "decided_at": timezone.now(),
            },
        )
        audit.record("consult.comment_coded", actor=actor, obj=comment, data={"theme": theme.label})
    return coding


def uncode_comment(*, actor, comment: Comment, theme: Theme) -> None:
    """Take a theme off a comment (kept as rejected, so it is not suggested again)."""
    _officer(actor)
    with transaction.atomic():
        updated = Coding.objects.filter(comment=comment, theme=theme).update(
            status=CodingStatus.REJECTED, decided_by=actor, decided_at=timezone.now()
        )
        if updated:
            audit.record(
                "consult.comment_uncoded", actor=actor, obj=comment, data={"theme": theme.label}
            )


def decide_suggestions(*, actor, codings: Iterable[Coding], accept: bool) -> int:
    """Accept or reject platform suggestions, one or many at once. Returns how many changed."""
    _officer(actor)
    ids = [c.pk for c in codings]
    with transaction.atomic():
        changed = Coding.objects.filter(pk__in=ids, status=CodingStatus.SUGGESTED).update(
            status=CodingStatus.ACCEPTED if accept else CodingStatus.REJECTED,
            decided_by=actor,
            decided_at=timezone.now(),
        )
        if changed:
            consultation = (
                Coding.objects.select_related("comment__consultation")
                .get(pk=ids[0])
                .comment.consultation
            )
            audit.record(
                "consult.suggestions_accepted" if accept else "consult.suggestions_rejected",
                actor=actor,
                obj=consultation,
                data={"count": changed},
            )
    return changed


def decide_proposal(
    *, actor, proposal: ThemeProposal, accept: bool, label: str = ""
) -> Theme | None:
    """Accept a proposed theme into the codebook (its comments become suggestions to review),
    or reject it. An accepted proposal whose label is taken joins the existing theme."""
    _officer(actor)
    with transaction.atomic():
        proposal = ThemeProposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.decision != ProposalDecision.PENDING:
            raise ValidationError({"decision": _("This proposal has already been decided.")})
        theme = None
        if accept:
            label = " ".join((label or proposal.label).split())[:120]
            theme = (
                Theme.objects.active()
                .filter(consultation=proposal.consultation_id, label__iexact=label)
                .first()
            ) or Theme.objects.create(
                consultation_id=proposal.consultation_id,
                label=label,
                description=proposal.description,
                proposed_by_machine=True,
            )
            existing = set(
                Coding.objects.filter(theme=theme, comment_id__in=proposal.member_ids).values_list(
                    "comment_id", flat=True
                )
            )
            Coding.objects.bulk_create(
                Coding(comment_id=pk, theme=theme, status=CodingStatus.SUGGESTED)
                for pk in proposal.member_ids
                if pk not in existing
            )
        proposal.decision = ProposalDecision.ACCEPTED if accept else ProposalDecision.REJECTED
        proposal.theme = theme
        proposal.save(update_fields=["decision", "theme"])
        audit.record(
            "consult.theme_proposal_accepted" if accept else "consult.theme_proposal_rejected",
            actor=actor,
            obj=proposal.consultation,
            data={"proposal": proposal.label, "comments": len(proposal.member_ids)},
        )
    return theme


# ================================================================ analysis and feedback


def request_analysis(*, actor, consultation: Consultation, kind: str) -> AnalysisRun:
    """Queue a background analysis; the task starts once this transaction commits."""
    from .tasks import run_analysis_task

    _officer(actor)
    if kind not in AnalysisKind.values:
        raise ValidationError({"kind": _("Unknown analysis.")})
    with transaction.atomic():
        run = AnalysisRun.objects.create(consultation=consultation, kind=kind, requested_by=actor)
        audit.record(
            "consult.analysis_requested", actor=actor, obj=consultation, data={"kind": kind}
        )
        transaction.on_commit(lambda: run_analysis_task.enqueue(run.pk))
    return run


# Analyses cheap enough (seconds) to recompute by themselves when evidence arrives or changes.
# Themes, proposals and suggestions embed text and stay an officer's decision.
AUTO_REFRESH = (AnalysisKind.PRIORITIES, AnalysisKind.REACH)


def refresh_analysis(*, consultation: Consultation, because: str = "") -> list[AnalysisRun]:
    """Queue priorities and reach again after new or changed evidence, in the background.

    At most one *queued* run per consultation and kind: a run still waiting to start will read
    the new evidence anyway, so another is not queued. (One already running may have read the
    evidence before this change, so a queued one is added behind it.) Call inside the
    transaction that changed the evidence; the task starts once it commits. Returns the runs
    queued (none when each kind already had one waiting).
    """
    from .models import RunStatus
    from .tasks import run_analysis_task

    waiting = set(
        AnalysisRun.objects.filter(
            consultation=consultation, kind__in=AUTO_REFRESH, status=RunStatus.QUEUED
        ).values_list("kind", flat=True)
    )
    queued = []
    for kind in AUTO_REFRESH:
        if kind in waiting:
            continue
        run = AnalysisRun.objects.create(consultation=consultation, kind=kind)
        queued.append(run)
        transaction.on_commit(lambda pk=run.pk: run_analysis_task.enqueue(pk))
    if queued:
        audit.record(
            "consult.analysis_refresh_queued",
            obj=consultation,
            actor_label="system",
            data={"kinds": [r.kind for r in queued], "because": because},
        )
    return queued


def record_you_said_we_did(
    *, actor, theme: Theme, you_said: str, we_did: str, link: str = ""
) -> YouSaidWeDid:
    """Record (or change) what was done about a theme; it shows on the public page."""
    _officer(actor)
    errors = {}
    if not you_said.strip():
        errors["you_said"] = _("Say in brief what people told you.")
    if not we_did.strip():
        errors["we_did"] = _("Say what changed, or will change, because of it.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        item, created = YouSaidWeDid.objects.update_or_create(
            theme=theme,
            defaults={
                "consultation_id": theme.consultation_id,
                "you_said": you_said.strip(),
                "we_did": we_did.strip(),
                "link": link,
                "recorded_by": actor,
            },
        )
        audit.record(
            "consult.you_said_we_did_recorded" if created else "consult.you_said_we_did_updated",
            actor=actor,
            obj=item,
        )
    return item


def held_between(consultation: Consultation) -> tuple[date | None, date | None]:
    """First and last date evidence was heard, for the report's method notes."""
    from django.db.models import Max, Min

    span = consultation.comments.aggregate(first=Min("said_on"), last=Max("said_on"))
    return span["first"], span["last"]
