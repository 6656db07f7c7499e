"""A group's answers entered as counts (a school class): recorded and replaced with an audit
trail, no individual response made; bad counts name the question and change nothing; the
grant on a group lets only those holding its permission on its object enter the counts."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from commonground.consult import actions
from commonground.consult.models import AnswerCount, QuestionKind, SurveyResponse
from commonground.consult.tests.conftest import board_table
from commonground.core.models import AuditEvent
from commonground.core.roles import Role
from commonground.testing.people import make_user

SMILEYS = [
    {"value": "yes", "label": "Yes"},
    {"value": "unsure", "label": "Not sure"},
    {"value": "no", "label": "No"},
]


@pytest.fixture
def counted(people, consultation):
    """A survey of two countable questions (smileys, and the default agreement scale) and a
    free-text one (not counted), with one group."""
    officer = people["officer"]
    survey = actions.create_survey(
        actor=officer, consultation=consultation, title="Linking", consent_text="No names."
    )
    page = actions.add_page(actor=officer, survey=survey, title="Statements")
    friends = actions.add_question(
        actor=officer,
        page=page,
        kind=QuestionKind.SINGLE,
        text="I would like to make friends with children from another school.",
        choices=SMILEYS,
    )
    scale = actions.add_question(
        actor=officer, page=page, kind=QuestionKind.LIKERT, text="People get on well here."
    )
    actions.add_question(actor=officer, page=page, kind=QuestionKind.TEXT, text="Anything else?")
    group = actions.open_count_group(
        actor=officer, survey=survey, key="class-4b-before", label="Class 4B, before"
    )
    return {"survey": survey, "friends": friends, "scale": scale, "group": group, **people}


def _counts(w, yes: int = 20) -> dict:
    return {
        w["friends"].pk: {"yes": yes, "unsure": 5, "no": 3},
        w["scale"].pk: {"5": 10, "4": 8, "2": 1},
    }


@pytest.mark.django_db
def test_counts_are_recorded_then_replaced_and_both_are_audited(counted) -> None:
    group, officer = counted["group"], counted["officer"]
    actions.record_answer_counts(actor=officer, group=group, counts=_counts(counted))
    friends, scale = counted["friends"].pk, counted["scale"].pk
    assert group.counts() == {
        friends: {"yes": 20, "unsure": 5, "no": 3},
        scale: {"5": 10, "4": 8, "3": 0, "2": 1, "1": 0},  # options not given count 0
    }
    actions.record_answer_counts(actor=officer, group=group, counts=_counts(counted, yes=24))
    group.refresh_from_db()
    assert group.counts()[friends]["yes"] == 24 and group.entered_by == officer
    assert AnswerCount.objects.filter(group=group).count() == 8
    assert not SurveyResponse.objects.filter(survey=counted["survey"]).exists()
    events = list(AuditEvent.objects.filter(action="consult.answer_counts_recorded").order_by("pk"))
    assert [e.data["counts"][str(friends)]["yes"] for e in events] == [20, 24]
    assert events[0].data["before"] == {} and events[1].data["before"][str(friends)]["yes"] == 20


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda c, w: c.pop(w["scale"].pk), "Give the counts for question 2"),
        (lambda c, w: c[w["friends"].pk].update(maybe=1), "Question 1 has no answer maybe"),
        (lambda c, w: c[w["scale"].pk].update({"4": -1}), "Question 2, answer 4: the count"),
        (lambda c, w: c[w["friends"].pk].update(no=2.5), "Question 1, answer no: the count"),
        (lambda c, w: c.update({999999: {}}), "Question 999999 is not a single-choice"),
    ],
)
def test_bad_counts_name_the_question_and_change_nothing(counted, change, message) -> None:
    group, officer = counted["group"], counted["officer"]
    actions.record_answer_counts(actor=officer, group=group, counts=_counts(counted))
    events = AuditEvent.objects.count()
    counts = _counts(counted, yes=30)
    change(counts, counted)
    with pytest.raises(ValidationError) as refused:
        actions.record_answer_counts(actor=officer, group=group, counts=counts)
    assert message in " ".join(refused.value.messages)
    field = next(iter(refused.value.message_dict))
    assert field.startswith("question_")
    assert group.counts()[counted["friends"].pk]["yes"] == 20
    assert AuditEvent.objects.count() == events


@pytest.mark.django_db
def test_the_grant_lets_only_its_holder_enter_the_groups_counts(counted, consultation) -> None:
    """The group names a permission on an object (here: seeing one offline session, which a
    community researcher may do for the sessions they entered); only those holding it there,
    and officers, may enter the counts."""
    officer, researcher = counted["officer"], counted["researcher"]
    other = make_user("other-researcher", Role.PARTNER)
    session = board_table(researcher, consultation)
    assert researcher.has_perm("consult.view_activity", session)
    assert not other.has_perm("consult.view_activity", session)
    group = actions.open_count_group(
        actor=officer,
        survey=counted["survey"],
        key="class-4b-before",
        label="Class 4B, before",
        grant_permission="consult.view_activity",
        grant_object=session,
    )
    actions.record_answer_counts(actor=researcher, group=group, counts=_counts(counted))
    assert group.counts()[counted["friends"].pk]["yes"] == 20
    for refused in (other, counted["resident"], counted["board"]):
        with pytest.raises(PermissionDenied):
            actions.record_answer_counts(actor=refused, group=group, counts=_counts(counted, yes=1))
    assert group.counts()[counted["friends"].pk]["yes"] == 20
    ungranted = actions.open_count_group(
        actor=officer, survey=counted["survey"], key="class-4c", label="Class 4C"
    )
    with pytest.raises(PermissionDenied):
        actions.record_answer_counts(actor=researcher, group=ungranted, counts=_counts(counted))
    with pytest.raises(PermissionDenied):
        actions.open_count_group(
            actor=researcher, survey=counted["survey"], key="mine", label="Mine"
        )
