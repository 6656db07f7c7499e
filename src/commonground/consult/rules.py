"""Who may do what in Conversations: every consult permission, declared once.

django-rules loads this module at start-up (``rules.apps.AutodiscoverRulesConfig``). Views,
actions, templates and the API ask for a permission by name and never test a role or a
consultation's state themselves:

* actions: ``@requires("consult.code_themes", on="theme")`` (:mod:`.actions._base`);
* views: :func:`require` (403 when refused) or :func:`visible_consultation` (404);
* templates: ``{% load rules %}{% has_perm "consult.change_activity" user activity as may %}``;
* lists and the API: ``Consultation.objects.visible_to(user)``, the queryset twin of
  ``consult.view_consultation`` (both read :meth:`Consultation.is_public`, so they agree).

The roles come from :mod:`commonground.core.predicates`.
"""

from __future__ import annotations

from typing import Any

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from commonground.core.predicates import is_board, is_officer, is_partner

# ---------------------------------------------------------------- predicates on objects


@rules.predicate
def consultation_is_public(user, consultation) -> bool:
    """The consultation has left draft (anyone may see it then)."""
    return consultation is not None and consultation.is_public


@rules.predicate
def report_is_published(user, consultation) -> bool:
    """An officer has published the consultation's "What people said" report."""
    return consultation is not None and consultation.report_is_published


@rules.predicate
def entered_the_activity(user, activity) -> bool:
    """The user is the person who entered this offline session."""
    return (
        activity is not None
        and getattr(user, "pk", None) is not None
        and activity.entered_by_id == user.pk
    )


@rules.predicate
def activity_consultation_is_open(user, activity) -> bool:
    """The session's consultation is open now (researchers may correct their own until then)."""
    return activity is not None and activity.consultation.is_open()


@rules.predicate
def survey_takes_answers(user, survey) -> bool:
    """The survey is published and its consultation is open now."""
    return survey is not None and survey.published and survey.consultation.is_open()


@rules.predicate
def response_is_unsent(user, response) -> bool:
    """A resident's answers not yet sent: theirs to change until then."""
    return response is not None and response.submitted_at is None


@rules.predicate
def holds_the_count_grant(user, group) -> bool:
    """The user holds the permission the count group names, on the object it names (say
    ``schools.acts_for_a_school`` on the class's school): asked by name, so consult never
    imports the app that declares it, and a group with no grant is officers' only."""
    if group is None or not group.grant_permission or group.grant_id is None:
        return False
    target = group.grant_object
    return target is not None and bool(
        user is not None and user.has_perm(group.grant_permission, target)
    )


# ---------------------------------------------------------------- the permissions

PERMISSIONS: dict[str, Any] = {
    # Seeing
    "consult.view_consultation": is_officer | consultation_is_public,
    "consult.view_report": is_officer | report_is_published,
    "consult.view_analysis": is_officer | is_board,
    "consult.view_evidence": is_officer,
    # Running a consultation
    "consult.manage_consultation": is_officer,
    "consult.publish_report": is_officer,
    "consult.run_analysis": is_officer,
    "consult.record_you_said_we_did": is_officer,
    # Offline evidence: officers and community researchers (partner members)
    "consult.enter_evidence": is_officer | is_partner,
    "consult.view_activity": is_officer | (is_partner & entered_the_activity),
    "consult.change_activity": is_officer
    | (is_partner & entered_the_activity & activity_consultation_is_open),
    "consult.reinstate_activity": is_officer,
    # The codebook
    "consult.code_themes": is_officer,
    # The online survey
    "consult.build_survey": is_officer,
    "consult.key_paper_survey": is_officer,
    "consult.import_responses": is_officer,
    "consult.answer_survey": survey_takes_answers,
    "consult.keep_answers": response_is_unsent,
    # Answers entered as counts for a group (a school class): no individual responses
    "consult.record_answer_counts": is_officer | holds_the_count_grant,
}
"""view_consultation: its page (drafts to officers only); view_report: "What people said"
(before publication to officers only); view_analysis: priorities, reach and themes pages;
view_evidence: the evidence base, each item and the anonymised exports; manage_consultation:
create, edit, open, close, and the officer's dashboard; publish_report: publish or withdraw
the report; run_analysis: queue a computation; record_you_said_we_did: what changed per
theme; enter_evidence: record an offline session; view_activity / change_activity: a session's
page / correct, add notes, withdraw (researchers their own, while the consultation is open);
reinstate_activity: put a withdrawn session back; code_themes: codebook, coding, suggestions
and proposals; build_survey: the survey builder; key_paper_survey: key a paper form;
import_responses: record responses collected elsewhere; answer_survey: start or send answers
(published survey, open consultation); keep_answers: save a page or a resume code (answers
not yet sent); record_answer_counts: enter a group's answers as counts per option (object:
the count group; officers, or whoever holds the permission the group names on its object)."""

for _name, _predicate in PERMISSIONS.items():
    rules.set_perm(_name, _predicate)


REFUSALS: dict[str, Any] = {
    "consult.enter_evidence": _("Only officers and community researchers may enter evidence."),
    "consult.change_activity": _(
        "Only officers, or the community researcher who entered it while the "
        "consultation is open, may change this session."
    ),
    "consult.answer_survey": _("This survey is closed."),
    "consult.keep_answers": _("These answers have been sent already."),
    "consult.record_answer_counts": _(
        "Only officers, or the people the survey names for this group, may enter its counts."
    ),
}
"""What a refused person is told, where "Only council officers may do that." would mislead."""

ONLY_OFFICERS = _("Only council officers may do that.")


def allowed(user, permission: str, obj: Any = None) -> bool:
    """True if `user` (None or anonymous for a resident without an account) holds `permission`
    on `obj`. Asks the rule itself, so actions, views and the API answer alike."""
    if permission not in PERMISSIONS:
        raise KeyError(f"undeclared consult permission {permission!r}")
    return rules.has_perm(permission, user, obj)


def require(user, permission: str, obj: Any = None) -> None:
    """Refuse (PermissionDenied, with a message that says who may) unless `user` holds it."""
    if not allowed(user, permission, obj):
        raise PermissionDenied(str(REFUSALS.get(permission, ONLY_OFFICERS)))


def visible_consultation(user, slug: str, permission: str = "consult.view_consultation"):
    """The consultation with `slug` if `user` may see it (`permission` on it), else 404: a
    draft, or an unpublished report, is not there for those who may not see it."""
    from commonground.consult.models import Consultation

    consultation = Consultation.objects.filter(slug=slug).first()
    if consultation is None or not allowed(user, permission, consultation):
        raise Http404
    return consultation
