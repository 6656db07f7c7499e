"""Correcting and withdrawing offline sessions, analysis that knows when it is out of date and
refreshes priorities and reach by itself, and sessions counted by the ward they were held in."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commonground.consult import actions, analysis, exports
from commonground.consult.models import (
    Activity,
    AnalysisKind,
    AnalysisRun,
    Coding,
    CodingStatus,
    Comment,
    CommentEmbedding,
    Consultation,
    RunStatus,
)
from commonground.consult.tests.conftest import TONG, board_table, focus_group, make_user
from commonground.core.models import Area, AuditEvent
from commonground.core.roles import Role


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(name: str, consultation: Consultation, *args) -> str:
    return reverse(f"consult:{name}", args=[consultation.slug, *args])


def form_data(activity: Activity, **changes) -> dict:
    """The edit form as it comes back unchanged, with `changes` applied."""
    data = {
        "title": activity.title,
        "held_on": activity.held_on.isoformat(),
        "venue": activity.venue,
        "ward": activity.ward_id or "",
        "community": activity.community_id or "",
        "language": activity.language,
        "participants": activity.participants,
        "consent_how": activity.consent_how,
        "consent_text": activity.consent_text,
        "notes": activity.notes,
    }
    for tally in activity.tallies.all():
        data[f"option_{tally.option_id}"] = tally.votes
    for comment in Comment.objects.filter(activity=activity):
        data[f"note_{comment.pk}"] = comment.text
    data.update(changes)
    return data


# ================================================================ correcting a session


def test_a_correction_changes_the_session_its_dots_and_its_notes_and_audits_before_and_after(
    officer, consultation
):
    activity = board_table(officer, consultation)
    notes = list(activity.comments.order_by("pk"))
    theme = actions.create_theme(actor=officer, consultation=consultation, label="Jobs")
    actions.code_comment(actor=officer, comment=notes[0], theme=theme)
    CommentEmbedding.objects.create(comment=notes[0], vector=b"\0" * 4)
    options = {o.label: o.pk for o in consultation.options.all()}

    actions.update_activity(
        actor=officer,
        activity=activity,
        title="Board table at City Library (morning)",
        participants=15,
        ward=Area.objects.get(code=TONG),
        tallies={options["Employment"]: 10},
        comment_texts={notes[0].pk: "More apprentiships for young people, ask Amina Khan"},
    )

    activity.refresh_from_db()
    assert activity.participants == 15 and activity.ward.code == TONG
    assert {t.option_id: t.votes for t in activity.tallies.all()} == {options["Employment"]: 10}
    edited = Comment.objects.get(pk=notes[0].pk)
    assert "apprentiships" in edited.text and "Amina" not in edited.text_masked  # masked again
    # A spelling fix keeps the note's theme, but its embedding is of the old words: dropped.
    assert Coding.objects.get(comment=edited).status == CodingStatus.ACCEPTED
    assert not CommentEmbedding.objects.filter(comment=edited).exists()
    # Every note follows the session to its corrected ward.
    assert set(activity.comments.values_list("ward__code", flat=True)) == {TONG}
    event = AuditEvent.objects.get(action="consult.activity_updated")
    assert event.data["changed"]["participants"] == {"before": 14, "after": 15}
    assert event.data["changed"]["tallies"]["after"] == {str(options["Employment"]): 10}
    assert event.data["comments"][0]["before"] == notes[0].text_masked
    assert "Amina" not in str(event.data)  # the trail keeps masked text only


def test_when_the_meaning_changed_the_note_is_coded_afresh(officer, consultation):
    activity = board_table(officer, consultation)
    note = activity.comments.order_by("pk").first()
    theme = actions.create_theme(actor=officer, consultation=consultation, label="Jobs")
    actions.code_comment(actor=officer, comment=note, theme=theme)

    actions.update_activity(
        actor=officer,
        activity=activity,
        comment_texts={note.pk: "Safer bus stops at night"},
        meaning_changed=True,
    )

    assert not Coding.objects.filter(comment=note).exists()
    assert AuditEvent.objects.get(action="consult.activity_updated").data["meaning_changed"]


def test_a_note_cannot_be_emptied(officer, consultation):
    activity = board_table(officer, consultation)
    note = activity.comments.first()
    with pytest.raises(ValidationError) as error:
        actions.update_activity(actor=officer, activity=activity, comment_texts={note.pk: "  "})
    assert "withdraw" in str(error.value)


def test_the_researcher_who_entered_it_may_correct_it_while_the_consultation_is_open(
    people, consultation
):
    researcher = people["researcher"]
    other = make_user("another-researcher", Role.PARTNER)
    activity = board_table(researcher, consultation)

    actions.update_activity(actor=researcher, activity=activity, participants=16)
    with pytest.raises(PermissionDenied):
        actions.update_activity(actor=other, activity=activity, participants=1)
    with pytest.raises(PermissionDenied):
        actions.withdraw_activity(actor=other, activity=activity, reason="Not mine")

    Consultation.objects.filter(pk=consultation.pk).update(
        closes_at=timezone.now() - timedelta(days=1)
    )
    activity = Activity.objects.with_related().get(pk=activity.pk)
    with pytest.raises(PermissionDenied):
        actions.update_activity(actor=researcher, activity=activity, participants=17)


def test_an_officer_corrects_a_session_from_its_page(officer, consultation):
    activity = board_table(officer, consultation)
    note = activity.comments.order_by("pk").first()
    client = client_for(officer)

    page = client.get(url("activity", consultation, activity.pk)).content.decode()
    assert url("activity_edit", consultation, activity.pk) in page
    form = client.get(url("activity_edit", consultation, activity.pk)).content.decode()
    assert "More apprenticeships for young people" in form

    reply = client.post(
        url("activity_edit", consultation, activity.pk),
        form_data(activity, participants=20, **{f"note_{note.pk}": "More apprenticeships"}),
    )

    assert reply.status_code == 302, reply.content.decode()[:3000]
    activity.refresh_from_db()
    assert activity.participants == 20
    assert Comment.objects.get(pk=note.pk).text == "More apprenticeships"


def test_the_edit_form_refuses_an_empty_note_with_a_reason(officer, consultation):
    activity = board_table(officer, consultation)
    note = activity.comments.first()

    reply = client_for(officer).post(
        url("activity_edit", consultation, activity.pk),
        form_data(activity, **{f"note_{note.pk}": ""}),
    )

    assert reply.status_code == 200
    assert "A note cannot be left empty" in reply.content.decode()


# ================================================================ withdrawing a session


def test_a_withdrawn_session_counts_nowhere_until_an_officer_reinstates_it(officer, consultation):
    kept = focus_group(officer, consultation)
    activity = board_table(officer, consultation)

    actions.withdraw_activity(actor=officer, activity=activity, reason="Entered twice")

    activity = Activity.all_objects.get(pk=activity.pk)
    assert activity.is_withdrawn and activity.withdrawn_reason == "Entered twice"
    assert Comment.all_objects.filter(activity=activity).count() == 4  # kept ...
    assert set(consultation.comments.values_list("activity", flat=True)) == {kept.pk}  # ... out
    assert list(consultation.activities.all()) == [kept]
    assert exports.tally_rows(consultation) == []
    assert {r["comment_id"] for r in exports.comment_rows(consultation)} == set(
        kept.comments.values_list("pk", flat=True)
    )
    assert analysis.run_now(consultation, AnalysisKind.PRIORITIES).result["empty"]
    event = AuditEvent.objects.get(action="consult.activity_withdrawn")
    assert event.reason == "Entered twice" and event.data["after"] == {"withdrawn": True}

    actions.reinstate_activity(actor=officer, activity=activity, reason="It was not a copy")

    assert consultation.comments.count() == 6
    assert len(exports.tally_rows(consultation)) == 3
    assert AuditEvent.objects.get(action="consult.activity_reinstated").data["before"][
        "reason"
    ] == ("Entered twice")


def test_only_officers_reinstate_and_a_reason_is_needed_to_withdraw(people, consultation):
    researcher = people["researcher"]
    activity = board_table(researcher, consultation)
    with pytest.raises(ValidationError):
        actions.withdraw_activity(actor=researcher, activity=activity, reason=" ")
    actions.withdraw_activity(actor=researcher, activity=activity, reason="Wrong consultation")
    with pytest.raises(PermissionDenied):
        actions.reinstate_activity(actor=researcher, activity=activity)
    with pytest.raises(ValidationError):
        actions.update_activity(actor=people["officer"], activity=activity, participants=3)


def test_withdrawing_and_reinstating_from_the_pages(officer, consultation):
    activity = board_table(officer, consultation)
    client = client_for(officer)

    refused = client.post(url("activity_withdraw", consultation, activity.pk), {"reason": ""})
    assert refused.status_code == 200 and "This field is required" in refused.content.decode()
    reply = client.post(
        url("activity_withdraw", consultation, activity.pk), {"reason": "Test session"}
    )
    assert reply.status_code == 302

    page = client.get(url("activity", consultation, activity.pk)).content.decode()
    assert 'data-testid="withdrawn-banner"' in page and "Test session" in page
    dashboard = client.get(url("dashboard", consultation)).content.decode()
    assert 'data-testid="withdrawn"' in dashboard
    evidence = client.get(url("evidence", consultation)).content.decode()
    assert "apprenticeships" not in evidence

    client.post(url("activity_reinstate", consultation, activity.pk), {"reason": ""})
    assert not Activity.all_objects.get(pk=activity.pk).is_withdrawn


# ================================================================ analysis out of date


def test_a_snapshot_says_what_changed_since_it_was_computed(officer, consultation):
    board_table(officer, consultation)
    run = analysis.run_now(consultation, AnalysisKind.PRIORITIES)
    assert analysis.staleness(consultation, run) is None

    later = focus_group(officer, consultation)
    actions.withdraw_activity(actor=officer, activity=later, reason="Duplicate")
    stale = analysis.staleness(consultation, run)

    assert stale["comments"] == 0  # the focus group's two notes were withdrawn with it
    assert stale["sessions"] == 1 and stale["responses"] == 0
    focus_group(officer, consultation, title="Another focus group")
    page = client_for(officer).get(url("priorities", consultation)).content.decode()
    assert 'data-testid="stale"' in page
    assert "2 new comments and 2 offline sessions entered, corrected or withdrawn since" in page
    dashboard = client_for(officer).get(url("dashboard", consultation)).content.decode()
    assert "since this was computed on" in dashboard


def test_priorities_and_reach_refresh_by_themselves_after_a_session_is_saved(
    officer, consultation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        board_table(officer, consultation)

    runs = AnalysisRun.objects.filter(consultation=consultation)
    assert sorted(runs.values_list("kind", flat=True)) == ["priorities", "reach"]
    assert set(runs.values_list("status", flat=True)) == {RunStatus.DONE}  # ran inline
    assert analysis.staleness(consultation, analysis.latest(consultation, "priorities")) is None
    assert not runs.filter(kind=AnalysisKind.THEMES).exists()  # themes stay an officer's call


def test_at_most_one_queued_run_per_kind(officer, consultation):
    # Without the commit the task never starts, as when the worker is busy: runs wait queued.
    board_table(officer, consultation)
    focus_group(officer, consultation)
    activity = board_table(officer, consultation, title="Another board table")
    actions.withdraw_activity(actor=officer, activity=activity, reason="Duplicate")

    queued = AnalysisRun.objects.filter(consultation=consultation, status=RunStatus.QUEUED)
    assert sorted(queued.values_list("kind", flat=True)) == ["priorities", "reach"]
    assert AuditEvent.objects.filter(action="consult.analysis_refresh_queued").count() == 1


# ================================================================ reach by ward


def test_reach_counts_people_at_sessions_by_the_ward_they_were_held_in(officer, consultation):
    board_table(officer, consultation)  # City, 14 people
    focus_group(officer, consultation)  # Tong, 9 people
    focus_group(officer, consultation, title="Second group in Tong", participants=6)

    run = analysis.run_now(consultation, AnalysisKind.REACH)
    if run.result.get("empty"):
        pytest.skip(f"no census profile in this checkout: {run.result['reason']}")

    assert run.result["sessions_by_ward"][TONG] == {"sessions": 2, "people": 15}
    wards = {r["category"]: r for r in run.result["rows"] if r["dimension"] == "ward"}
    assert wards[TONG]["session_people"] == 15 and wards[TONG]["sessions"] == 2
    assert wards[TONG]["sample_count"] == 0  # not added to the residents' shares
    page = client_for(officer).get(url("reach", consultation)).content.decode()
    assert "People at sessions held in the ward" in page
    assert 'data-testid="ward-sessions-note"' in page


def test_a_session_date_correction_moves_its_notes(officer, consultation):
    activity = board_table(officer, consultation)
    actions.update_activity(actor=officer, activity=activity, held_on=date(2025, 3, 9))
    assert set(activity.comments.values_list("said_on", flat=True)) == {date(2025, 3, 9)}
