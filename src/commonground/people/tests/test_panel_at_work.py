"""The panel at work: terms and rotation, meetings and attendance, expenses, the Board's
questions, recommendations and responses; who may do what; the public page shows no member."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from commonground.core.models import AuditEvent
from commonground.core.roles import Role
from commonground.people import actions, waiting
from commonground.people.models import (
    ClaimStatus,
    ContactDetails,
    MemberStatus,
    Presence,
    QuestionStatus,
    SelectionRun,
)

from .conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(db):
    return make_user("board-people", Role.BOARD)


@pytest.fixture
def run(officer, pool):
    """A finished, published maximin selection of 10 from the pool of 60."""
    selection = SelectionRun.objects.create(pool=pool, seed=11, requested_by=officer)
    selection = actions.run_selection(selection.pk)
    assert selection.status == "done", selection.error
    return actions.publish_selection(actor=officer, run=selection)


@pytest.fixture
def panel(officer, run):
    return actions.establish_panel(
        actor=officer,
        run=run,
        started_on=timezone.localdate() - timedelta(days=330),
        term_months=12,
        rotation_groups=2,
    )


def _held(officer, panel, days_ago=7):
    return actions.schedule_meeting(
        actor=officer,
        panel=panel,
        title="First meeting",
        starts_at=timezone.now() - timedelta(days=days_ago),
        mode="in_person",
        venue="City Hall",
        agenda="1. Welcome",
    )


# Actions -----------------------------------------------------------------------------------


def test_add_months_keeps_to_the_end_of_short_months():
    assert actions.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert actions.add_months(date(2026, 11, 15), 14) == date(2028, 1, 15)


def test_establishing_staggers_terms_and_is_audited(officer, run, panel):
    members = list(run.members.all())
    ends = sorted({m.term_end for m in members})
    start = panel.started_on
    assert ends == [actions.add_months(start, 12), actions.add_months(start, 18)]
    assert sorted(sum(m.term_end == e for m in members) for e in ends) == [5, 5]
    assert AuditEvent.objects.filter(action="people.panel.establish").count() == 1
    with pytest.raises(ValidationError):  # one sitting panel per pool
        actions.establish_panel(actor=officer, run=run, started_on=start)


def test_only_a_published_selection_becomes_a_panel(officer, pool):
    unpublished = actions.run_selection(
        SelectionRun.objects.create(pool=pool, seed=3, requested_by=officer).pk
    )
    with pytest.raises(ValidationError, match="published selection"):
        actions.establish_panel(actor=officer, run=unpublished, started_on=date(2026, 1, 1))


def test_due_for_rotation_and_rotating_draws_a_new_member_with_a_full_term(officer, run, panel):
    due = list(actions.due_for_rotation(panel))
    assert len(due) == 5  # the first group's term ends within 60 days
    leaving = due[0]
    new = actions.replace_member(actor=officer, member=leaving, reason=MemberStatus.ROTATED, seed=4)
    leaving.refresh_from_db()
    assert leaving.status == MemberStatus.ROTATED and leaving.left_on == timezone.localdate()
    assert new.replaces == leaving and new.status == MemberStatus.ACTIVE
    assert new.term_end == actions.add_months(timezone.localdate(), 12)
    assert new.respondent_id not in {m.respondent_id for m in due}
    assert run.members.filter(status=MemberStatus.ACTIVE).count() == 10
    event = AuditEvent.objects.get(action="people.member.replace")
    assert event.data["reason"] == "rotated"
    with pytest.raises(ValidationError, match="serving member"):
        actions.replace_member(actor=officer, member=leaving)


def test_a_replacement_is_never_someone_who_already_served(officer, run, panel):
    first = run.members.filter(status=MemberStatus.ACTIVE).first()
    served = {first.respondent_id}
    member = first
    for seed in range(5):
        member = actions.replace_member(actor=officer, member=member, seed=seed)
        assert member.respondent_id not in served
        served.add(member.respondent_id)


def test_member_needs_are_kept_out_of_the_audit(officer, run, panel):
    member = run.members.first()
    actions.update_member(
        actor=officer, member=member, accessibility_needs="Hearing loop", term_end=None
    )
    event = AuditEvent.objects.get(action="people.member.update")
    assert event.data["changed"] == ["accessibility_needs", "term_end"]
    assert "Hearing" not in str(event.data)
    with pytest.raises(ValidationError, match="Term ends"):
        actions.update_member(
            actor=officer,
            member=member,
            accessibility_needs="",
            term_end=member.term_start - timedelta(days=1),
        )


def test_meeting_needs_a_venue_or_a_link(officer, panel):
    with pytest.raises(ValidationError, match="Venue"):
        actions.schedule_meeting(
            actor=officer,
            panel=panel,
            title="M",
            starts_at=timezone.now(),
            mode="in_person",
            agenda="a",
        )
    with pytest.raises(ValidationError, match="Online meeting link"):
        actions.schedule_meeting(
            actor=officer, panel=panel, title="M", starts_at=timezone.now(), mode="hybrid",
            venue="Hall", agenda="a",
        )  # fmt: skip
    assert not panel.meetings.exists()


def test_attendance_for_serving_members_replaces_what_was_there(officer, run, panel):
    meeting = _held(officer, panel)
    serving = list(actions.serving_at(meeting))
    assert len(serving) == 10
    presence = {m.pk: Presence.PRESENT for m in serving}
    presence[serving[0].pk] = Presence.APOLOGIES
    assert actions.record_attendance(actor=officer, meeting=meeting, presence=presence) == 10
    presence[serving[1].pk] = Presence.ABSENT
    actions.record_attendance(actor=officer, meeting=meeting, presence=presence)
    assert meeting.attendance.count() == 10
    assert meeting.attendance.get(member=serving[1]).presence == "absent"
    assert AuditEvent.objects.filter(action="people.meeting.attendance").count() == 2
    with pytest.raises(ValidationError):
        actions.record_attendance(actor=officer, meeting=meeting, presence={999999: "present"})
    future = actions.schedule_meeting(
        actor=officer, panel=panel, title="Later", starts_at=timezone.now() + timedelta(days=3),
        mode="online", online_link="https://meet.example.org/x", agenda="a",
    )  # fmt: skip
    with pytest.raises(ValidationError, match="once the meeting has started"):
        actions.record_attendance(actor=officer, meeting=future, presence={})


def test_expenses_go_submitted_approved_paid_and_not_backwards(officer, run, panel):
    member = run.members.first()
    with pytest.raises(ValidationError, match="Amount"):
        actions.submit_claim(actor=officer, member=member, amount=Decimal("0"), what_for="Bus")
    claim = actions.submit_claim(
        actor=officer, member=member, amount=Decimal("6.40"), what_for="Bus"
    )
    with pytest.raises(ValidationError, match="cannot become"):
        actions.decide_claim(actor=officer, claim=claim, status=ClaimStatus.PAID)
    claim = actions.decide_claim(actor=officer, claim=claim, status=ClaimStatus.APPROVED)
    assert claim.decided_by == officer
    claim = actions.decide_claim(actor=officer, claim=claim, status=ClaimStatus.PAID)
    assert claim.paid_at is not None
    assert AuditEvent.objects.filter(action="people.expense.decide").count() == 2


def test_question_recommendation_response_move_the_status(officer, board, panel):
    question = actions.ask_question(actor=board, panel=panel, title="Night buses?")
    assert question.status == QuestionStatus.OPEN
    first = actions.record_recommendation(actor=officer, question=question, text="More buses")
    second = actions.record_recommendation(
        actor=officer, question=question, text="Staffed stops", support=70
    )
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED
    actions.respond_to_recommendation(
        actor=board, recommendation=first, decision="accepted", reasons="Funded."
    )
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED  # one still waits
    actions.respond_to_recommendation(
        actor=board, recommendation=second, decision="not_accepted", reasons="No budget."
    )
    question.refresh_from_db()
    assert question.status == QuestionStatus.RESPONDED
    with pytest.raises(ValidationError, match="already responded"):
        actions.respond_to_recommendation(
            actor=board, recommendation=second, decision="accepted", reasons="x"
        )
    with pytest.raises(ValidationError, match="Reasons"):
        actions.respond_to_recommendation(
            actor=board,
            recommendation=actions.record_recommendation(
                actor=officer, question=question, text="A third"
            ),
            decision="accepted",
            reasons=" ",
        )


def test_who_may_do_what(officer, board, resident, run, panel):
    question = actions.ask_question(actor=officer, panel=panel, title="Q")
    recommendation = actions.record_recommendation(actor=officer, question=question, text="R")
    with pytest.raises(PermissionDenied):  # officers record; the Board responds
        actions.respond_to_recommendation(
            actor=officer, recommendation=recommendation, decision="accepted", reasons="r"
        )
    with pytest.raises(PermissionDenied):
        actions.record_recommendation(actor=board, question=question, text="R")
    with pytest.raises(PermissionDenied):
        actions.submit_claim(
            actor=board, member=run.members.first(), amount=Decimal("1"), what_for="x"
        )
    with pytest.raises(PermissionDenied):
        actions.ask_question(actor=resident, panel=panel, title="Q")
    with pytest.raises(PermissionDenied):
        actions.schedule_meeting(
            actor=board, panel=panel, title="M", starts_at=timezone.now(), mode="online",
            online_link="https://x.example", agenda="a",
        )  # fmt: skip


def test_withdrawing_needs_a_reason_and_an_open_question(board, officer, panel):
    question = actions.ask_question(actor=board, panel=panel, title="Q")
    with pytest.raises(ValidationError, match="Reason"):
        actions.withdraw_question(actor=board, question=question, reason="")
    actions.withdraw_question(actor=board, question=question, reason="Overtaken by events")
    with pytest.raises(ValidationError, match="withdrawn"):
        actions.record_recommendation(actor=officer, question=question, text="R")


# Waiting ------------------------------------------------------------------------------------


def test_your_tasks_for_the_panel(officer, board, run, panel):
    _held(officer, panel)
    actions.submit_claim(
        actor=officer, member=run.members.first(), amount=Decimal("3"), what_for="Bus"
    )
    texts = [task.text for task in waiting.tasks(officer)]
    assert "Record attendance at First meeting" in texts
    assert f"Members of {panel.pool.title} due for rotation" in texts
    assert f"Expense claims to approve for {panel.pool.title}" in texts
    assert waiting.tasks(board) == []
    question = actions.ask_question(actor=board, panel=panel, title="Night buses?")
    recommendation = actions.record_recommendation(actor=officer, question=question, text="R")
    [task] = waiting.tasks(board)
    assert task.url == reverse("people:respond", args=[panel.pool.slug, recommendation.pk])
    assert [tool.url for tool in waiting.tools(board)] == [reverse("people:pools")]


# Pages --------------------------------------------------------------------------------------


def test_officer_sets_up_the_panel_from_the_page(client, officer, run):
    client.force_login(officer)
    url = reverse("people:panel", args=[run.pool.slug])
    assert "Set up the panel" in client.get(url).content.decode()
    bad = client.post(url, {"run": run.pk, "started_on": "2026-01-10", "term_months": "99"})
    assert "There is a problem" in bad.content.decode()
    ok = client.post(
        url,
        {"run": run.pk, "started_on": "2026-01-10", "term_months": "12", "rotation_groups": "2"},
    )
    assert ok.status_code == 302
    assert "10 members serving" in client.get(url).content.decode()


def test_officer_records_attendance_on_the_page(client, officer, run, panel):
    meeting = _held(officer, panel)
    client.force_login(officer)
    url = reverse("people:attendance", args=[panel.pool.slug, meeting.pk])
    serving = list(actions.serving_at(meeting))
    partial = client.post(url, {f"presence-{serving[0].pk}": "present"})
    assert "choose present, online, apologies or absent" in partial.content.decode()
    assert not meeting.attendance.exists()
    data = {f"presence-{m.pk}": "present" for m in serving}
    assert client.post(url, data).status_code == 302
    assert meeting.attendance.count() == 10


def test_member_page_shows_a_name_only_to_officers_and_rotates(client, officer, run, panel):
    member = actions.due_for_rotation(panel).first()
    ContactDetails.objects.create(respondent=member.respondent, name="Amina Khan")
    client.force_login(officer)
    page = client.get(reverse("people:member", args=[panel.pool.slug, member.pk]))
    assert "Amina Khan" in page.content.decode()
    response = client.post(
        reverse("people:replace", args=[panel.pool.slug, member.pk]), {"reason": "rotated"}
    )
    assert response.status_code == 302
    assert "was drawn to replace Amina Khan" in client.get(response.url).content.decode()
    member.refresh_from_db()
    assert member.status == MemberStatus.ROTATED
    client.logout()
    public = client.get(reverse("people:public", args=[panel.pool.slug])).content.decode()
    assert "Amina" not in public and member.respondent.reference not in public


def test_board_member_asks_and_responds_on_the_pages(client, officer, board, panel):
    client.force_login(board)
    response = client.post(
        reverse("people:question_new", args=[panel.pool.slug]),
        {"title": "How should the parks be lit?", "detail": ""},
    )
    question = panel.questions.get()
    assert response.url == question.get_absolute_url()
    recommendation = actions.record_recommendation(
        actor=officer, question=question, text="Light the main paths"
    )
    waiting_page = client.get(question.get_absolute_url()).content.decode()
    assert "Respond for the Board" in waiting_page and "%s" not in waiting_page
    url = reverse("people:respond", args=[panel.pool.slug, recommendation.pk])
    missing = client.post(url, {"decision": "partly"})
    assert "There is a problem" in missing.content.decode()
    client.post(url, {"decision": "partly", "reasons": "Two parks first."})
    client.logout()
    public = client.get(reverse("people:public", args=[panel.pool.slug])).content.decode()
    assert "Light the main paths" in public and "Partly accepted" in public
    assert "Two parks first." in public and "%s" not in public


def test_public_page_shows_counts_suppressed_and_links_you_said_we_did(officer, client, panel):
    actions.ask_question(
        actor=officer, panel=panel, title="Q", consultation_slug="summer-conversation"
    )
    html = client.get(reverse("people:public", args=[panel.pool.slug])).content.decode()
    assert "/conversations/summer-conversation/you-said-we-did/" in html
    assert "10 members" in html
    for member in panel.run.members.select_related("respondent"):
        assert member.respondent.reference not in html


def test_permissions_on_pages(client, resident, board, officer, run, panel):
    slug = panel.pool.slug
    meeting = _held(officer, panel)
    officer_only = [
        reverse("people:members", args=[slug]),
        reverse("people:expenses", args=[slug]),
        reverse("people:attendance", args=[slug, meeting.pk]),
        reverse("people:meeting_new", args=[slug]),
    ]
    client.force_login(board)
    for url in officer_only:
        assert client.get(url).status_code == 403, url
    assert client.get(reverse("people:panel", args=[slug])).status_code == 200
    assert client.get(meeting.get_absolute_url()).status_code == 200
    client.force_login(resident)
    assert client.get(reverse("people:panel", args=[slug])).status_code == 403
    assert client.get(reverse("people:question_new", args=[slug])).status_code == 403
    client.force_login(officer)
    for url in officer_only:
        assert client.get(url).status_code == 200, url


def test_expenses_page_records_and_approves(client, officer, run, panel):
    client.force_login(officer)
    url = reverse("people:expenses", args=[panel.pool.slug])
    member = run.members.first()
    bad = client.post(url, {"member": member.pk, "amount": "abc", "what_for": "Bus"})
    assert "Amount" in bad.content.decode() and not member.claims.exists()
    client.post(url, {"member": member.pk, "amount": "4.50", "what_for": "Bus"})
    claim = member.claims.get()
    client.post(
        reverse("people:decide_claim", args=[panel.pool.slug, claim.pk]), {"status": "approved"}
    )
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED
