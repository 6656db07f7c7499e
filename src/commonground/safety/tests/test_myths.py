"""Myths and facts: officers publish sourced answers in three languages; residents read them
and ask about rumours without an account, rate limited without storing their address."""

from __future__ import annotations

import pytest
from django.test import Client

from commonground.core.models import AuditEvent
from commonground.safety import actions, throttle, waiting
from commonground.safety.events import SafetyEvent
from commonground.safety.forms import parse_sources
from commonground.safety.models import Attempt, Myth, MythQuestion, QuestionStatus

from .conftest import client_for

pytestmark = pytest.mark.django_db

FORM = {
    "slug": "fund-fairness",
    "question_en": "Do some groups get preferential treatment in the Innovation Fund?",
    "question_ur": "کیا انوویشن فنڈ میں کچھ گروہوں کو ترجیح دی جاتی ہے؟",
    "question_pl": "",
    "answer_en": "No. Every proposal is scored by the same published rules.",
    "answer_ur": "نہیں۔ ہر تجویز کو ایک ہی شائع شدہ اصولوں پر پرکھا جاتا ہے۔",
    "answer_pl": "",
    "sources": "Innovation Fund results | /fund/\nHow proposals are scored | https://example.org/rules",
}


def test_parse_sources_names_the_bad_line():
    assert parse_sources("Results | /fund/\n\n  A | https://a.example/x ") == [
        {"title": "Results", "url": "/fund/"},
        {"title": "A", "url": "https://a.example/x"},
    ]
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Line 2"):
        parse_sources("Results | /fund/\nno address here")
    with pytest.raises(ValidationError, match="Line 1"):
        parse_sources("Sneaky | javascript:alert(1)")
    with pytest.raises(ValidationError, match="Line 1"):
        parse_sources("Other site | //evil.example/")


def test_officer_writes_publishes_and_residents_read_in_their_language(people):
    officer = client_for(people["officer"])
    response = officer.post("/safety/myths/manage/new/", FORM)
    assert response.status_code == 302
    myth = Myth.objects.get()
    assert myth.sources[0] == {"title": "Innovation Fund results", "url": "/fund/"}
    anyone = Client()
    # a draft is not public
    assert anyone.get("/safety/myths/fund-fairness/").status_code == 404
    assert "preferential" not in anyone.get("/safety/myths/").content.decode()
    assert (
        officer.post("/safety/myths/manage/fund-fairness/publish/", {"publish": "1"}).status_code
        == 302
    )
    myth.refresh_from_db()
    assert myth.is_published
    english = anyone.get("/safety/myths/fund-fairness/").content.decode()
    assert "same published rules" in english and 'href="/fund/"' in english
    urdu = anyone.get("/ur/safety/myths/fund-fairness/").content.decode()
    assert "شائع شدہ اصولوں" in urdu and 'dir="rtl"' in urdu
    polish = anyone.get("/pl/safety/myths/fund-fairness/").content.decode()
    # no Polish text: English is shown, marked as English
    assert "same published rules" in polish and 'lang="en" dir="ltr"' in polish
    assert "preferential" in anyone.get("/safety/myths/").content.decode()
    actions_seen = set(
        AuditEvent.objects.filter(action__startswith="safety.myth").values_list("action", flat=True)
    )
    assert actions_seen == {SafetyEvent.MYTH_SAVED, SafetyEvent.MYTH_PUBLISHED}
    # withdrawn: gone from the public pages again
    officer.post("/safety/myths/manage/fund-fairness/publish/", {"publish": "0"})
    assert anyone.get("/safety/myths/fund-fairness/").status_code == 404


def test_bad_myth_input_names_the_field_and_changes_nothing(people):
    officer = client_for(people["officer"])
    response = officer.post("/safety/myths/manage/new/", FORM | {"sources": "just words"})
    assert response.status_code == 400
    assert "Sources: Line 1" in response.content.decode()
    assert not Myth.objects.exists()
    # no sources: may be saved as a draft, not published
    officer.post("/safety/myths/manage/new/", FORM | {"sources": ""})
    response = officer.post("/safety/myths/manage/fund-fairness/publish/", {"publish": "1"})
    assert response.status_code == 302
    assert not Myth.objects.get().is_published
    # the same address name twice
    response = officer.post("/safety/myths/manage/new/", FORM)
    assert response.status_code == 400
    assert "Another answer already uses this address name." in response.content.decode()


@pytest.mark.parametrize("role", ["caseworker", "partner", "board", "resident", "admin"])
def test_only_officers_manage_myths(people, role):
    client = client_for(people[role])
    assert client.get("/safety/myths/manage/").status_code == 403
    assert client.post("/safety/myths/manage/new/", FORM).status_code == 403
    assert client.get("/safety/myths/manage/questions/").status_code == 403
    assert not Myth.objects.exists()


def test_resident_asks_without_an_account_and_no_address_is_kept(places, people, settings):
    anyone = Client(REMOTE_ADDR="203.0.113.9")
    response = anyone.post("/ur/safety/myths/ask/", {"text": "", "ward": ""})
    assert response.status_code == 400
    assert not MythQuestion.objects.exists()
    response = anyone.post(
        "/ur/safety/myths/ask/",
        {"text": "I heard new families get houses first", "ward": places["ward"].pk},
    )
    assert response.status_code == 200
    question = MythQuestion.objects.get()
    assert question.language == "ur" and question.ward == places["ward"]
    keys = list(Attempt.objects.values_list("key", flat=True))
    assert keys and all("203.0.113.9" not in k for k in keys)
    assert keys[0] == throttle.key("question-address", "203.0.113.9")
    event = AuditEvent.objects.get(action=SafetyEvent.MYTH_QUESTION_ASKED)
    assert event.actor is None and "203.0.113.9" not in str(event.data)
    # the text is sealed at rest
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM safety_mythquestion")
        assert "houses first" not in cursor.fetchone()[0]


def test_asking_is_rate_limited(places):
    anyone = Client(REMOTE_ADDR="198.51.100.7")
    for _ in range(throttle.LIMITS["question-address"]):
        assert anyone.post("/safety/myths/ask/", {"text": "rumour"}).status_code == 200
    response = anyone.post("/safety/myths/ask/", {"text": "one more"})
    assert response.status_code == 429
    assert MythQuestion.objects.count() == throttle.LIMITS["question-address"]
    # another address is not held back
    assert (
        Client(REMOTE_ADDR="198.51.100.8")
        .post("/safety/myths/ask/", {"text": "rumour"})
        .status_code
        == 200
    )


def test_officers_work_through_the_question_queue(people):
    officer = people["officer"]
    myth = actions.save_myth(
        actor=officer,
        values={k: v for k, v in FORM.items() if k != "sources"}
        | {"sources": [{"title": "Results", "url": "/fund/"}]},
    )
    actions.publish_myth(actor=officer, myth=myth)
    asked = actions.ask_about_rumour(text="Is the fund only for one community?", language="en")
    other = actions.ask_about_rumour(text="hello", language="pl")
    [task] = waiting.tasks(officer)
    assert task.count == 2 and task.url == "/safety/myths/manage/questions/"
    client = client_for(officer)
    page = client.get("/safety/myths/manage/questions/").content.decode()
    assert "Is the fund only for one community?" in page
    # "answered" without choosing an answer: the field is named, nothing changes
    response = client.post(
        f"/safety/myths/manage/questions/{asked.pk}/", {f"q{asked.pk}-decision": "answered"}
    )
    assert response.status_code == 400
    assert "Choose the published answer" in response.content.decode()
    asked.refresh_from_db()
    assert asked.status == QuestionStatus.NEW
    client.post(
        f"/safety/myths/manage/questions/{asked.pk}/",
        {f"q{asked.pk}-decision": "answered", f"q{asked.pk}-myth": myth.pk},
    )
    client.post(
        f"/safety/myths/manage/questions/{other.pk}/", {f"q{other.pk}-decision": "set_aside"}
    )
    asked.refresh_from_db()
    other.refresh_from_db()
    assert (asked.status, asked.myth, asked.handled_by) == ("answered", myth, officer)
    assert other.status == "set_aside" and other.myth is None
    assert waiting.tasks(officer) == []
    # writing a new answer from a question starts from its text
    page = client.get(f"/safety/myths/manage/new/?question={asked.pk}").content.decode()
    assert "Is the fund only for one community?" in page
