"""The codebook: themes created, named, merged; comments coded; the platform's suggestions
and proposed themes decided."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commonground.consult.actions._base import requires
from commonground.consult.events import ConsultEvent
from commonground.consult.models import (
    Coding,
    CodingStatus,
    Comment,
    Consultation,
    ProposalDecision,
    Theme,
    ThemeProposal,
    YouSaidWeDid,
)
from commonground.core import audit


@requires("consult.code_themes", on="consultation")
def create_theme(*, actor, consultation: Consultation, label: str, description: str = "") -> Theme:
    """Add a theme an officer names to the codebook (published once comments are coded)."""
    label = " ".join(label.split())
    if not label:
        raise ValidationError({"label": _("Give the theme a name.")})
    with transaction.atomic():
        if consultation.themes.active().filter(label__iexact=label).exists():
            raise ValidationError({"label": _("The codebook already has a theme called that.")})
        theme = Theme.objects.create(
            consultation=consultation, label=label, description=description
        )
        audit.record(ConsultEvent.THEME_CREATED, actor=actor, obj=theme)
    return theme


@requires("consult.code_themes", on="theme")
def rename_theme(*, actor, theme: Theme, label: str, description: str | None = None) -> Theme:
    """Name a theme: a new name, or the same one confirmed. Either way an officer has now
    named it, so a theme the platform proposed may be published from here on."""
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
        was_named = theme.is_named
        theme.label = label
        if description is not None:
            theme.description = description
        theme.named_at = theme.named_at or timezone.now()
        theme.save(update_fields=["label", "description", "named_at"])
        audit.record(
            ConsultEvent.THEME_RENAMED,
            actor=actor,
            obj=theme,
            data={"from": before, "named_now": not was_named},
        )
    return theme


@requires("consult.code_themes", on="target")
def merge_themes(*, actor, source: Theme, target: Theme) -> Theme:
    """Merge `source` into `target`: its codings move (the better status wins where a comment
    had both), and `source` stays in the codebook's history, pointing at `target`."""
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
            ConsultEvent.THEMES_MERGED,
            actor=actor,
            obj=target,
            data={"source": source.pk, "source_label": source.label, "codings_moved": moved},
        )
    return target


@requires("consult.code_themes", on="comment")
def code_comment(*, actor, comment: Comment, theme: Theme) -> Coding:
    """An officer codes a comment against a theme (or accepts the suggestion that it is)."""
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
        audit.record(
            ConsultEvent.COMMENT_CODED, actor=actor, obj=comment, data={"theme": theme.label}
        )
    return coding


@requires("consult.code_themes", on="comment")
def uncode_comment(*, actor, comment: Comment, theme: Theme) -> None:
    """Take a theme off a comment (kept as rejected, so it is not suggested again)."""
    with transaction.atomic():
        updated = Coding.objects.filter(comment=comment, theme=theme).update(
            status=CodingStatus.REJECTED, decided_by=actor, decided_at=timezone.now()
        )
        if updated:
            audit.record(
                ConsultEvent.COMMENT_UNCODED, actor=actor, obj=comment, data={"theme": theme.label}
            )


@requires("consult.code_themes")
def decide_suggestions(*, actor, codings: Iterable[Coding], accept: bool) -> int:
    """Accept or reject platform suggestions, one or many at once. Returns how many changed."""
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
                ConsultEvent.SUGGESTIONS_ACCEPTED if accept else ConsultEvent.SUGGESTIONS_REJECTED,
                actor=actor,
                obj=consultation,
                data={"count": changed},
            )
    return changed


@requires("consult.code_themes", on="proposal")
def decide_proposal(
    *, actor, proposal: ThemeProposal, accept: bool, label: str = ""
) -> Theme | None:
    """Accept a proposed theme into the codebook (its comments become suggestions to review),
    or reject it. An accepted proposal whose label is taken joins the existing theme.

    A `label` the officer typed, other than the platform's word list, names the theme; one
    accepted under the platform's label stays "not yet named" (and unpublished) until an
    officer names it (:func:`rename_theme`)."""
    with transaction.atomic():
        proposal = ThemeProposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.decision != ProposalDecision.PENDING:
            raise ValidationError({"decision": _("This proposal has already been decided.")})
        theme = None
        if accept:
            machine_label = " ".join(proposal.label.split())[:120]
            label = " ".join((label or proposal.label).split())[:120]
            named = label.casefold() != machine_label.casefold()
            theme = (
                Theme.objects.active()
                .filter(consultation=proposal.consultation_id, label__iexact=label)
                .first()
            ) or Theme.objects.create(
                consultation_id=proposal.consultation_id,
                label=label,
                description=proposal.description,
                proposed_by_machine=True,
                named_at=timezone.now() if named else None,
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
            ConsultEvent.THEME_PROPOSAL_ACCEPTED
            if accept
            else ConsultEvent.THEME_PROPOSAL_REJECTED,
            actor=actor,
            obj=proposal.consultation,
            data={"proposal": proposal.label, "comments": len(proposal.member_ids)},
        )
    return theme
