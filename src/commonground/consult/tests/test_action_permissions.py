"""Every consult action asks for its permission by name, and refuses whoever lacks it.

The guard: every action exported by ``commonground.consult.actions`` declares a permission
(``@requires``) that consult/rules.py declares, or is a marked system action, or one of the
few helpers listed here; an action added without one fails. Then each action is called by
someone who lacks its permission: it raises PermissionDenied and writes nothing (no audit
event, no row changed).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from commonground.consult import actions, rules
from commonground.consult.models import (
    AnalysisRun,
    Coding,
    CodingStatus,
    Comment,
    Consultation,
    ConsultationStatus,
    Method,
    QuestionKind,
    SurveyResponse,
    Theme,
    ThemeProposal,
)
from commonground.consult.tests.conftest import board_table
from commonground.core.models import AuditEvent

# Functions exported beside the actions that change nothing (pure text helpers).
HELPERS = {"split_notes", "activity_comment", "format_resume_code", "normalise_resume_code"}


def _exported_functions() -> dict[str, Callable]:
    return {
        name: getattr(actions, name)
        for name in actions.__all__
        if inspect.isfunction(getattr(actions, name)) and name not in HELPERS
    }


@pytest.mark.engine
def test_every_action_declares_a_permission_that_the_rules_declare():
    undeclared = []
    for name, func in _exported_functions().items():
        permission = getattr(func, "permission", "missing")
        if permission == "missing":
            undeclared.append(name)
        elif permission is None:
            assert func.system_because, f"{name} is a system action: say when it runs"
        else:
            assert permission in rules.PERMISSIONS, f"{name} asks for undeclared {permission}"
    assert not undeclared, f"actions without @requires(...): {undeclared}"


@pytest.mark.engine
def test_every_action_takes_keyword_arguments_with_the_actor_first():
    for name, func in _exported_functions().items():
        parameters = list(inspect.signature(func).parameters.values())
        keyword = (inspect.Parameter.KEYWORD_ONLY, inspect.Parameter.VAR_KEYWORD)
        assert all(p.kind in keyword for p in parameters), name
        if func.permission is not None:
            assert parameters[0].name == "actor", name


@pytest.fixture
def world(people, consultation, strategy) -> dict[str, Any]:
    """One of everything an action can be asked on, made by an officer."""
    officer = people["officer"]
    activity = board_table(officer, consultation)
    comment = Comment.objects.filter(activity=activity).first()
    theme = actions.create_theme(actor=officer, consultation=consultation, label="Jobs")
    other = actions.create_theme(actor=officer, consultation=consultation, label="Schools")
    coding = Coding.objects.create(comment=comment, theme=theme, status=CodingStatus.SUGGESTED)
    run = AnalysisRun.objects.create(consultation=consultation, kind="propose")
    proposal = ThemeProposal.objects.create(
        run=run, consultation=consultation, label="jobs / work", member_ids=[comment.pk]
    )
    survey = actions.create_survey(
        actor=officer,
        consultation=consultation,
        title="Belonging",
        consent_text="We publish no names.",
    )
    page = actions.add_page(actor=officer, survey=survey, title="Your ideas")
    question = actions.add_question(
        actor=officer, page=page, kind=QuestionKind.TEXT, text="What would help?"
    )
    group = actions.open_count_group(actor=officer, survey=survey, key="class-4b", label="Class 4B")
    # A survey nobody may answer (unpublished), and a response already sent.
    sent = SurveyResponse.objects.create(
        consultation=consultation,
        survey=survey,
        method=Method.SURVEY,
        language="en",
        consent_given_at=timezone.now(),
        submitted_at=timezone.now(),
    )
    return {
        **people,
        "consultation": consultation,
        "activity": activity,
        "comment": comment,
        "theme": theme,
        "other": other,
        "coding": coding,
        "proposal": proposal,
        "survey": survey,
        "page": page,
        "question": question,
        "sent": sent,
        "group": group,
    }


now = timezone.now
# action → (who tries it, the keyword arguments besides the actor)
CALLS: dict[str, tuple[str, Callable[[dict], dict]]] = {
    "create_consultation": (
        "resident",
        lambda w: {
            "options": [actions.OptionSpec("Jobs")],
            "title": "T",
            "slug": "t",
            "purpose": "P",
            "opens_at": now(),
            "closes_at": now() + timedelta(days=1),
        },
    ),
    "update_consultation": (
        "researcher",
        lambda w: {"consultation": w["consultation"], "options": [], "title": "Hijacked"},
    ),
    "set_status": (
        "board",
        lambda w: {"consultation": w["consultation"], "status": ConsultationStatus.CLOSED},
    ),
    "publish_report": ("board", lambda w: {"consultation": w["consultation"]}),
    "record_activity": (
        "resident",
        lambda w: {"consultation": w["consultation"], "method": Method.VOX_POP, "title": "X"},
    ),
    "add_activity_comments": (
        "researcher",  # a researcher, but not the one who entered it
        lambda w: {"activity": w["activity"], "comments": ["more"]},
    ),
    "update_activity": ("researcher", lambda w: {"activity": w["activity"], "title": "Changed"}),
    "withdraw_activity": ("researcher", lambda w: {"activity": w["activity"], "reason": "no"}),
    "reinstate_activity": ("researcher", lambda w: {"activity": w["activity"]}),
    "create_theme": ("board", lambda w: {"consultation": w["consultation"], "label": "New"}),
    "rename_theme": ("board", lambda w: {"theme": w["theme"], "label": "Renamed"}),
    "merge_themes": ("board", lambda w: {"source": w["other"], "target": w["theme"]}),
    "code_comment": ("researcher", lambda w: {"comment": w["comment"], "theme": w["other"]}),
    "uncode_comment": ("researcher", lambda w: {"comment": w["comment"], "theme": w["theme"]}),
    "decide_suggestions": ("board", lambda w: {"codings": [w["coding"]], "accept": True}),
    "decide_proposal": ("board", lambda w: {"proposal": w["proposal"], "accept": True}),
    "request_analysis": (
        "board",
        lambda w: {"consultation": w["consultation"], "kind": "priorities"},
    ),
    "record_you_said_we_did": (
        "researcher",
        lambda w: {"theme": w["theme"], "you_said": "a", "we_did": "b"},
    ),
    "create_survey": (
        "researcher",
        lambda w: {"consultation": w["consultation"], "title": "S", "consent_text": "C"},
    ),
    "update_survey": ("board", lambda w: {"survey": w["survey"], "changes": {"title": "X"}}),
    "add_page": ("board", lambda w: {"survey": w["survey"], "title": "P"}),
    "update_page": ("board", lambda w: {"page": w["page"], "changes": {"title": "X"}}),
    "delete_page": ("board", lambda w: {"page": w["page"]}),
    "move_page": ("board", lambda w: {"page": w["page"], "direction": "up"}),
    "add_question": ("board", lambda w: {"page": w["page"], "kind": "text", "text": "Q"}),
    "update_question": ("board", lambda w: {"question": w["question"], "changes": {"text": "X"}}),
    "delete_question": ("board", lambda w: {"question": w["question"]}),
    "move_question": ("board", lambda w: {"question": w["question"], "direction": "up"}),
    "publish_survey": ("board", lambda w: {"survey": w["survey"]}),
    "key_paper_response": (
        "researcher",
        lambda w: {"survey": w["survey"], "reference": "A1", "answers": {}, "language": "en"},
    ),
    "import_response": (
        "researcher",
        lambda w: {
            "survey": w["survey"],
            "answers": {},
            "language": "en",
            "submitted_at": now(),
        },
    ),
    # Residents: refused by the state of what they answer, whoever they are.
    "start_response": ("resident", lambda w: {"survey": w["survey"], "language": "en"}),
    "save_page": ("resident", lambda w: {"response": w["sent"], "page": w["page"], "answers": {}}),
    "issue_resume_token": ("resident", lambda w: {"response": w["sent"]}),
    "submit_response": ("resident", lambda w: {"response": w["sent"]}),
    "open_count_group": (
        "researcher",
        lambda w: {"survey": w["survey"], "key": "class-4c", "label": "Class 4C"},
    ),
    "record_answer_counts": ("researcher", lambda w: {"group": w["group"], "counts": {}}),
}


def test_the_table_covers_every_action_that_asks_for_a_permission():
    asking = {name for name, func in _exported_functions().items() if func.permission}
    assert asking == set(CALLS)


def _state() -> tuple:
    return (
        AuditEvent.objects.count(),
        Consultation.objects.count(),
        list(Consultation.objects.values_list("title", "status", "report_published_at")),
        list(Theme.objects.order_by("pk").values_list("label", "merged_into")),
        list(Coding.objects.order_by("pk").values_list("status", "theme")),
        Comment.all_objects.count(),
        AnalysisRun.objects.count(),
        SurveyResponse.objects.count(),
    )


@pytest.mark.parametrize("name", sorted(CALLS))
def test_an_actor_without_the_permission_is_refused_and_nothing_changes(world, name):
    who, arguments = CALLS[name]
    actor = world[who]
    action = getattr(actions, name)
    kwargs = arguments(world)
    before = _state()

    with pytest.raises(PermissionDenied):
        action(actor=actor, **kwargs)

    assert _state() == before


def test_a_resident_without_an_account_is_refused_like_one_with(world):
    """Residents answer anonymously: ``actor=None`` is asked the same rule."""
    with pytest.raises(PermissionDenied, match="closed"):
        actions.start_response(actor=None, survey=world["survey"], language="en")


def test_an_action_refuses_positional_arguments(world):
    with pytest.raises(TypeError, match="keyword arguments only"):
        actions.create_theme(world["officer"], world["consultation"], "Jobs")
