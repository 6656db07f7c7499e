"""The consult pages through the test client: officers create and run a consultation, enter
offline evidence, search and code it, and publish a report; the public sees only what is
published; other roles are refused."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from commonground.consult import actions, analysis
from commonground.consult.models import (
    Activity,
    AnalysisKind,
    AnalysisRun,
    Coding,
    CodingStatus,
    Comment,
    Consultation,
    ConsultationStatus,
    Method,
)
from commonground.consult.tests.conftest import board_table, focus_group
from commonground.core.models import Area, AuditEvent


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), "#1d5b4f").save(buffer, format="PNG")
    return buffer.getvalue()


PNG = png_bytes()


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def as_officer(officer) -> Client:
    return client_for(officer)


def url(name: str, *args) -> str:
    return reverse(f"consult:{name}", args=args)


# ================================================================ consultations


def test_an_officer_creates_a_consultation_with_translated_options(as_officer, strategy):
    ward = Area.objects.get(code="E05001347")
    response = as_officer.post(
        url("create"),
        {
            "title": "Belonging in Bradford",
            "slug": "belonging",
            "purpose": "What would help you feel you belong?",
            "opens_on": "2025-03-01",
            "closes_on": "2025-04-30",
            "languages": ["en", "ur", "pl"],
            "options_text": (
                "Employment | روزگار | Zatrudnienie\nEnglish language\n\nMixing at school"
            ),
            "pillars": [strategy.pillars.first().pk],
            "areas": [ward.pk],
        },
    )

    consultation = Consultation.objects.get(slug="belonging")
    assert response.status_code == 302 and response.url == url("dashboard", "belonging")
    assert [o.label for o in consultation.options.all()] == [
        "Employment",
        "English language",
        "Mixing at school",
    ]
    assert consultation.options.first().label_translations == {
        "ur": "روزگار",
        "pl": "Zatrudnienie",
    }
    assert consultation.closes_at.date().isoformat() == "2025-04-30"
    assert list(consultation.areas.all()) == [ward]


def test_bad_options_are_named_by_line_and_nothing_is_lost(as_officer, strategy):
    response = as_officer.post(
        url("create"),
        {
            "title": "Belonging",
            "slug": "belonging",
            "purpose": "Why",
            "opens_on": "2025-03-01",
            "closes_on": "2025-02-01",
            "languages": ["en"],
            "options_text": "Jobs\n | روزگار",
        },
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Line 2: the English label comes first" in page
    assert "The closing date must be on or after the opening date" in page
    assert "Jobs\n | روزگار" in page  # what was typed is still there
    assert not Consultation.objects.exists()


def test_the_dashboard_opens_closes_and_publishes(as_officer, officer, strategy):
    from commonground.consult.tests.conftest import new_consultation

    consultation = new_consultation(officer, strategy)
    as_officer.post(url("set_status", consultation.slug), {"status": "open"})
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.OPEN

    page = as_officer.get(url("dashboard", consultation.slug)).content.decode()
    assert "Close the consultation" in page and "Publish the report" in page

    as_officer.post(url("publish", consultation.slug), {"publish": "1"})
    consultation.refresh_from_db()
    assert consultation.report_is_published
    assert AuditEvent.objects.filter(action="consult.report_published").count() == 1


# ================================================================ offline evidence


def test_an_officer_enters_a_board_table_with_tallies_notes_and_a_photo(as_officer, consultation):
    options = {o.label: o.pk for o in consultation.options.all()}
    response = as_officer.post(
        url("activity_new", consultation.slug, "board-table"),
        {
            "title": "Board table at Girlington Centre",
            "held_on": "2025-03-15",
            "venue": "Girlington Centre",
            "ward": Area.objects.get(code="E05001347").pk,
            "language": "en",
            "participants": "12",
            "consent_how": "verbal",
            f"option_{options['Employment']}": "7",
            f"option_{options['Mixing at school']}": "5",
            "comments_text": "- More youth clubs\n\n• Jobs for women near home\nSafer parks",
            "who_age_band_16_24": "4",
            "image": SimpleUploadedFile("board.png", PNG, content_type="image/png"),
        },
    )

    activity = Activity.objects.get()
    assert response.status_code == 302 and response.url == activity.get_absolute_url()
    assert activity.method == Method.BOARD_TABLE
    assert {t.option.label: t.votes for t in activity.tallies.all()} == {
        "Employment": 7,
        "Mixing at school": 5,
    }
    assert list(activity.comments.values_list("text", flat=True)) == [
        "More youth clubs",
        "Jobs for women near home",
        "Safer parks",
    ]
    assert activity.who_took_part == {"age_band": {"16_24": 4}}
    photo = activity.attachments.get()
    assert photo.kind == "image" and "board" not in photo.file.name
    page = as_officer.get(activity.get_absolute_url()).content.decode()
    assert "Jobs for women near home" in page and "Girlington Centre" in page
    download = as_officer.get(url("attachment", consultation.slug, photo.pk))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PNG


def test_wrong_files_and_impossible_counts_are_refused_with_reasons(as_officer, consultation):
    response = as_officer.post(
        url("activity_new", consultation.slug, "focus-group"),
        {
            "title": "Focus group",
            "held_on": "2025-03-15",
            "language": "ur",
            "participants": "5",
            "consent_how": "written",
            "comments_text": "We need childcare",
            "who_sex_female": "4",
            "who_sex_male": "3",
            "audio": SimpleUploadedFile("talk.exe", b"MZ", content_type="application/x-msdos"),
        },
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "talk.exe is not a recording we accept" in page
    assert "Sex adds up to 7 people, more than the 5 who took part" in page
    assert "We need childcare" in page
    assert not Activity.objects.exists()


def test_a_commission_needs_text_or_a_file(as_officer, consultation):
    response = as_officer.post(
        url("activity_new", consultation.slug, "commission"),
        {
            "title": "Poem from Keighley",
            "held_on": "2025-03-20",
            "language": "en",
            "participants": "1",
            "consent_how": "submission",
        },
    )
    assert "A submission needs its text, an image or a document" in response.content.decode()

    as_officer.post(
        url("activity_new", consultation.slug, "commission"),
        {
            "title": "Poem from Keighley",
            "held_on": "2025-03-20",
            "language": "en",
            "participants": "1",
            "consent_how": "submission",
            "comments_text": "Our town\nis many towns",
            "document": SimpleUploadedFile("poem.txt", b"Our town", content_type="text/plain"),
        },
    )
    activity = Activity.objects.get(method=Method.COMMISSION)
    assert list(activity.comments.values_list("text", flat=True)) == ["Our town\nis many towns"]
    assert activity.attachments.get().kind == "document"


def test_a_researcher_sees_their_own_session_but_not_others(people, officer, consultation):
    mine = board_table(people["researcher"], consultation)
    theirs = focus_group(officer, consultation)
    researcher = client_for(people["researcher"])

    own = researcher.get(mine.get_absolute_url())
    assert own.status_code == 200 and mine.title in own.content.decode()
    assert researcher.get(theirs.get_absolute_url()).status_code == 403
    assert researcher.get(url("evidence", consultation.slug)).status_code == 403


# ================================================================ evidence base


def test_the_evidence_base_searches_and_filters_every_method(as_officer, officer, consultation):
    board_table(officer, consultation)
    focus_group(officer, consultation)
    page = as_officer.get(url("evidence", consultation.slug)).content.decode()
    assert "6 items found" in page

    search = as_officer.get(url("evidence", consultation.slug), {"q": "ENGLISH classes"})
    assert search.context["total"] == 2

    tong = Area.objects.get(code="E05001365")
    by_ward = as_officer.get(url("evidence", consultation.slug), {"ward": tong.pk})
    assert {c.method for c in by_ward.context["page"]} == {Method.FOCUS_GROUP}

    by_language = as_officer.get(
        url("evidence", consultation.slug), {"language": "ur", "method": ["focus_group"]}
    )
    assert by_language.context["total"] == 2

    dated = as_officer.get(
        url("evidence", consultation.slug), {"since": "2025-03-10", "until": "2025-03-31"}
    )
    assert dated.context["total"] == 2

    partial = as_officer.get(
        url("evidence", consultation.slug),
        {"q": "safe"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="evidence-results",
    )
    body = partial.content.decode()
    assert body.startswith('<div id="evidence-results">') and "<html" not in body


def test_the_evidence_page_shows_masked_text_only(as_officer, officer, consultation):
    board_table(officer, consultation)
    page = as_officer.get(url("evidence", consultation.slug)).content.decode()
    assert "07700" not in page and "Amina" not in page


def test_the_evidence_page_answers_in_a_fixed_number_of_queries(
    as_officer, officer, consultation, django_assert_max_num_queries
):
    board_table(officer, consultation)
    theme = actions.create_theme(actor=officer, consultation=consultation, label="Jobs")
    for comment in consultation.comments.all():
        actions.code_comment(actor=officer, comment=comment, theme=theme)
    for n in range(3):
        focus_group(officer, consultation, title=f"Group {n}")
    with django_assert_max_num_queries(15):
        as_officer.get(url("evidence", consultation.slug))


def test_coding_a_comment_with_htmx_swaps_its_theme_list(as_officer, officer, consultation):
    board_table(officer, consultation)
    comment = consultation.comments.first()
    theme = actions.create_theme(actor=officer, consultation=consultation, label="Youth")

    response = as_officer.post(
        url("code", consultation.slug, comment.pk), {"theme": theme.pk}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    assert f'id="themes-{comment.pk}"' in response.content.decode()
    assert Coding.objects.get().status == CodingStatus.ACCEPTED

    back = url("evidence", consultation.slug) + "?q=youth"
    plain = as_officer.post(
        url("code", consultation.slug, comment.pk), {"theme": theme.pk, "remove": "1", "next": back}
    )
    assert plain.status_code == 302 and plain.url == back  # without JavaScript: back to the list
    assert Coding.objects.get().status == CodingStatus.REJECTED
    elsewhere = as_officer.post(
        url("code", consultation.slug, comment.pk),
        {"theme": theme.pk, "next": "https://evil.test/"},
    )
    assert elsewhere.url == url("evidence_item", consultation.slug, comment.pk)


def test_the_codebook_page_creates_renames_and_merges(as_officer, officer, consultation):
    board_table(officer, consultation)
    page = url("codebook", consultation.slug)
    as_officer.post(page, {"intent": "create", "new-label": "Jobs", "new-description": "Work"})
    as_officer.post(page, {"intent": "create", "new-label": "Work"})
    jobs, work = consultation.themes.order_by("label")
    actions.code_comment(actor=officer, comment=consultation.comments.first(), theme=work)

    as_officer.post(
        page, {"intent": "rename", "theme": jobs.pk, f"theme-{jobs.pk}-label": "Jobs and skills"}
    )
    as_officer.post(page, {"intent": "merge", "merge-source": work.pk, "merge-target": jobs.pk})

    jobs.refresh_from_db()
    assert jobs.label == "Jobs and skills"
    assert Coding.objects.get().theme == jobs
    listing = as_officer.get(page).content.decode()
    assert "Work → Jobs and skills" in listing

    duplicate = as_officer.post(
        page, {"intent": "create", "new-label": "jobs and skills"}, follow=True
    )
    assert "already has a theme called that" in duplicate.content.decode()


def test_suggestions_are_accepted_in_bulk_from_their_page(as_officer, officer, consultation):
    board_table(officer, consultation)
    theme = actions.create_theme(actor=officer, consultation=consultation, label="Jobs")
    codings = [
        Coding.objects.create(comment=c, theme=theme, status=CodingStatus.SUGGESTED, score=0.4)
        for c in consultation.comments.all()
    ]
    page = as_officer.get(url("suggestions", consultation.slug))
    assert "4 suggestions to decide" in page.content.decode()

    as_officer.post(
        url("suggestions", consultation.slug),
        {"coding": [codings[0].pk, codings[1].pk], "decision": "accept"},
    )

    assert Coding.objects.filter(status=CodingStatus.ACCEPTED).count() == 2
    assert Coding.objects.filter(status=CodingStatus.SUGGESTED).count() == 2


def test_exports_are_anonymised(as_officer, officer, consultation):
    board_table(officer, consultation)
    theme = actions.create_theme(actor=officer, consultation=consultation, label="Jobs")
    actions.code_comment(actor=officer, comment=consultation.comments.first(), theme=theme)

    response = as_officer.get(url("export", consultation.slug, "csv"))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert response["Content-Type"].startswith("text/csv")
    assert len(rows) == 4 and rows[0]["themes"] == "Jobs"
    body = response.content.decode()
    assert "Amina" not in body and "07700" not in body and "officer" not in body

    data = json.loads(as_officer.get(url("export", consultation.slug, "json")).content)
    assert len(data["comments"]) == 4 and len(data["tallies"]) == 3
    assert "Amina" not in json.dumps(data, ensure_ascii=False)


# ================================================================ analysis and reports


def test_analysis_pages_read_the_stored_snapshot(as_officer, officer, consultation):
    board_table(officer, consultation)
    focus_group(officer, consultation)
    analysis.run_now(consultation, AnalysisKind.PRIORITIES)

    page = as_officer.get(url("priorities", consultation.slug)).content.decode()

    assert "<svg" in page and 'data-testid="priorities"' in page
    assert "Employment" in page and "Rank by Board table" in page
    reach = as_officer.get(url("reach", consultation.slug)).content.decode()
    assert ">Reach</h1>" in reach and consultation.title in reach
    themes = as_officer.get(url("themes", consultation.slug)).content.decode()
    assert ">Theme analysis</h1>" in themes and "Not computed yet." in themes


def test_a_run_is_queued_and_its_progress_page_polls_until_done(
    as_officer, consultation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = as_officer.post(url("request_run", consultation.slug, "priorities"))
    run = AnalysisRun.objects.get()
    assert response.url == run.get_absolute_url()
    waiting = as_officer.get(url("run_status", consultation.slug, run.pk)).content.decode()
    assert 'hx-trigger="every 1s"' in waiting and "<progress" in waiting

    for callback in callbacks:
        callback()

    done = as_officer.get(url("run_status", consultation.slug, run.pk)).content.decode()
    assert "hx-trigger" not in done and url("priorities", consultation.slug) in done


def test_the_report_is_public_only_once_published(officer, consultation, client):
    board_table(officer, consultation)
    analysis.run_now(consultation, AnalysisKind.PRIORITIES)
    assert client.get(url("report", consultation.slug)).status_code == 404
    assert client.get(url("report_pdf", consultation.slug)).status_code == 404

    actions.publish_report(actor=officer, consultation=consultation)

    page = client.get(url("report", consultation.slug)).content.decode()
    assert "What people said" in page and "How the numbers were worked out" in page
    assert "Employment" in page and "<svg" in page


def test_the_report_quotes_masked_text_of_people_who_agreed(officer, consultation, client):
    board_table(officer, consultation)
    focus_group(officer, consultation, consent_how="not_asked")
    theme = actions.create_theme(actor=officer, consultation=consultation, label="Language")
    for comment in consultation.comments.all():
        actions.code_comment(actor=officer, comment=comment, theme=theme)
    analysis.run_now(consultation, AnalysisKind.THEMES)
    actions.publish_report(actor=officer, consultation=consultation)

    page = client.get(url("report", consultation.slug)).content.decode()

    assert "Amina" not in page and "07700" not in page
    assert "Childcare is the reason" not in page  # the focus group did not consent
    assert "Language" in page


def test_the_report_pdf_is_a_pdf(officer, consultation, client):
    board_table(officer, consultation)
    analysis.run_now(consultation, AnalysisKind.PRIORITIES)
    actions.publish_report(actor=officer, consultation=consultation)

    response = client.get(url("report_pdf", consultation.slug))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_you_said_we_did_is_recorded_by_officers_and_shown_publicly(
    as_officer, officer, consultation, client
):
    theme = actions.create_theme(actor=officer, consultation=consultation, label="Youth clubs")
    as_officer.post(
        url("manage_you_said_we_did", consultation.slug),
        {
            "theme": theme.pk,
            f"t{theme.pk}-you_said": "There is nowhere for teenagers to go",
            f"t{theme.pk}-we_did": "Two youth clubs open on Friday nights from June",
        },
    )

    page = client.get(url("you_said_we_did", consultation.slug)).content.decode()

    assert "Two youth clubs open on Friday nights" in page
    assert AuditEvent.objects.filter(action="consult.you_said_we_did_recorded").count() == 1


def test_public_pages_hide_drafts_and_link_to_the_report(officer, strategy, consultation, client):
    from commonground.consult.tests.conftest import new_consultation

    new_consultation(officer, strategy, slug="secret-draft", title="Secret draft")
    listing = client.get(url("index")).content.decode()
    assert consultation.title in listing and "Secret draft" not in listing
    assert client.get(url("detail", "secret-draft")).status_code == 404

    actions.publish_report(actor=officer, consultation=consultation)
    detail = client.get(url("detail", consultation.slug)).content.decode()
    assert url("report", consultation.slug) in detail
    assert "Mixing at school" in detail


def test_public_pages_in_urdu(consultation, client):
    page = client.get("/ur" + url("detail", consultation.slug))
    assert page.status_code == 200
    assert 'dir="rtl"' in page.content.decode()
    assert "اسکول میں میل جول" in page.content.decode()


@pytest.mark.parametrize(
    "name",
    ["manage", "dashboard", "evidence", "codebook", "suggestions", "manage_you_said_we_did"],
)
def test_officer_pages_refuse_residents_and_partners(people, consultation, name):
    path = url(name) if name == "manage" else url(name, consultation.slug)
    assert client_for(people["resident"]).get(path).status_code == 403
    assert client_for(people["researcher"]).get(path).status_code == 403
    assert Client().get(path).status_code == 302  # to sign in


def test_the_board_may_read_analysis_but_not_change_it(people, consultation):
    board = client_for(people["board"])
    priorities = board.get(url("priorities", consultation.slug))
    assert priorities.status_code == 200
    assert ">Priorities</h1>" in priorities.content.decode()
    assert board.post(url("request_run", consultation.slug, "priorities")).status_code == 403


def test_every_officer_page_shows_its_heading_and_content(as_officer, officer, consultation):
    activity = board_table(officer, consultation)
    comment = Comment.objects.first()
    run = analysis.run_now(consultation, AnalysisKind.PRIORITIES)
    slug, title = consultation.slug, consultation.title
    session = f'href="{activity.get_absolute_url()}"'
    pages = {
        url("manage"): ["Manage conversations", title, f'href="{url("create")}"'],
        url("create"): ["New consultation", 'name="title"', 'name="options_text"'],
        url("edit", slug): ["Edit consultation", f'value="{title}"'],
        url("dashboard", slug): [
            title,
            f'href="{url("edit", slug)}"',
            f'href="{url("report", slug)}"',
        ],
        url("activity_new", slug, "board-table"): ["Enter a session: Board table", title],
        url("activity_new", slug, "focus-group"): ["Enter a session: Focus group"],
        url("activity_new", slug, "interview"): ["Enter a session: One-to-one interview"],
        url("activity_new", slug, "vox-pop"): ["Enter a session: Vox pop"],
        url("activity_new", slug, "commission"): ["Enter a session: Open commission"],
        activity.get_absolute_url(): [activity.title, "City Library", "Employment", comment.text],
        url("evidence_item", slug, comment.pk): [f"Item {comment.pk}", comment.text, session],
        url("activity_edit", slug, activity.pk): ["Correct a session", f'value="{activity.title}"'],
        url("activity_withdraw", slug, activity.pk): [f"Withdraw “{activity.title}”"],
        url("run", slug, run.pk): ["Priorities", f'href="{url("priorities", slug)}"'],
        url("report", slug): ["What people said", "What people put first", "Employment"],
    }
    for path, shows in pages.items():
        response = as_officer.get(path)
        assert response.status_code == 200, path
        page = response.content.decode()
        assert [text for text in shows if text not in page] == [], path
    assert as_officer.get(url("activity_new", slug, "séance")).status_code == 404
