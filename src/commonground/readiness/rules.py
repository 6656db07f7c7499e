"""Who may do what in Community Readiness, declared once (django-rules).

Actions, views and templates ask by name (``user.has_perm("readiness.score", interview)``).
Interview notes are personal data: only the assessment's team reads them, not every officer.
Scorers see their own scores only, until both have finished (:func:`may_see_both`).
"""

from __future__ import annotations

from typing import Any

import rules

from commonground.core.predicates import is_board, is_officer, is_partner


def _assessment(obj):
    return getattr(obj, "assessment", obj)


@rules.predicate
def in_team(user, obj) -> bool:
    """The user is on the team of the assessment (or of the interview's assessment)."""
    assessment = _assessment(obj)
    if assessment is None or not getattr(user, "is_authenticated", False):
        return False
    return assessment.team.filter(pk=user.pk).exists()


@rules.predicate
def is_its_scorer(user, interview) -> bool:
    """The user is one of the two scorers of the interview's assessment."""
    if interview is None or not getattr(user, "is_authenticated", False):
        return False
    return interview.assessment.slot_of(user) is not None


@rules.predicate
def both_finished(user, interview) -> bool:
    """Both scorers have finished this interview (so neither can be swayed any more)."""
    return interview is not None and interview.both_finished()


@rules.predicate
def not_finished_by_user(user, interview) -> bool:
    if interview is None:
        return False
    slot = interview.assessment.slot_of(user)
    return slot is not None and slot not in interview.finished_slots()


PERMISSIONS: dict[str, Any] = {
    "readiness.create": is_officer,
    "readiness.view": is_officer | is_board | in_team,
    "readiness.view_interviews": in_team,
    "readiness.record_interview": in_team,
    "readiness.score": is_its_scorer & not_finished_by_user,
    "readiness.see_both_scores": in_team & both_finished,
    "readiness.agree_consensus": is_its_scorer & both_finished,
    "readiness.complete": is_officer & in_team,
    "readiness.view_strategies": is_officer | is_board | is_partner,
    "readiness.edit_strategies": is_officer,
    "readiness.view_maps": is_officer | is_board,
}
"""create: set up an assessment; view: its profile (object: the assessment); view_interviews:
read notes and transcripts; record_interview: add one; score: score an interview blind (object:
the interview); see_both_scores: see both scorers' scores; agree_consensus: record the agreed
scores; view_strategies: read what fits each stage; complete: finish an assessment and send
its figures to Measures; edit_strategies: the council's stage strategies and rating-scale
anchors; view_maps: readiness by ward for an issue."""

may_see_all = is_officer | is_board
"""Who sees every assessment's profile (not its interviews)."""

for _name, _predicate in PERMISSIONS.items():
    rules.set_perm(_name, _predicate)
