"""Consultations, offline evidence and the codebook, changed through the actions: what each
action saves, what it refuses, and the audit event it leaves."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from commonground.consult import actions
from commonground.consult.actions import OptionSpec
from commonground.consult.models import (
    Coding,
    CodingStatus,
    Comment,
    ConsultationStatus,
    Method,
    OptionTally,
    Theme,
    YouSaidWeDid,
)
from commonground.consult.tests.conftest import OPTIONS, board_table, focus_group, new_consultation
from commonground.core.models import AuditEvent


def events(action: str) -> int:
    return AuditEvent.objects.filter(action=action).count()


def test_creating_a_consultation_saves_its_options_with_translations_and_audits(officer, strategy):
    consultation = new_consultation(officer, strategy)

    assert consultation.status == ConsultationStatus.DRAFT
    assert [o.label for o in consultation.options.all()] == [o.label for o in OPTIONS]
    assert consultation.options.get(label="Employment").label_in("pl") == "Zatrudnienie"
    assert consultation.options.get(label="Employment").label_in("ur") == "روزگار"
    assert consultation.areas.count() == 2
    event = AuditEvent.objects.get(action="consult.consultation_created")
    assert event.data["options"] == [o.label for o in OPTIONS]


def test_closing_before_opening_is_refused_naming_the_field(officer, strategy):
    now = timezone.now()
    with pytest.raises(ValidationError) as error:
        new_consultation(officer, strategy, opens_at=now, closes_at=now - timedelta(days=1))
    assert "closes_at" in error.value.error_dict


def test_residents_cannot_create_consultations(people, strategy):
    with pytest.raises(PermissionDenied):
        new_consultation(people["resident"], strategy)


def test_open_and_close_are_audited(officer, strategy):
    consultation = new_consultation(officer, strategy)
    actions.set_status(actor=officer, consultation=consultation, status=ConsultationStatus.OPEN)
    actions.set_status(actor=officer, consultation=consultation, status=ConsultationStatus.CLOSED)

    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.CLOSED
    assert events("consult.consultation_opened") == 1
    assert events("consult.consultation_closed") == 1


def test_an_option_with_votes_cannot_be_dropped(officer, consultation):
    board_table(officer, consultation)
    kept = [o for o in OPTIONS if o.label != "Employment"]

    with pytest.raises(ValidationError) as error:
        actions.update_consultation(
            actor=officer,
            consultation=consultation,
            options=kept,
            title=consultation.title,
        )
    assert "Employment" in str(error.value)
    assert consultation.options.filter(label="Employment").exists()


def test_editing_options_keeps_the_rows_tallies_point_at(officer, consultation):
    board_table(officer, consultation)
    employment = consultation.options.get(label="Employment")

    actions.update_consultation(
        actor=officer,
        consultation=consultation,
        options=[OptionSpec("Employment", {"pl": "Praca"}), *OPTIONS[1:], OptionSpec("Housing")],
    )

    employment.refresh_from_db()
    assert employment.label_in("pl") == "Praca"
    assert OptionTally.objects.get(option=employment).votes == 9
    assert consultation.options.count() == 5


def test_a_board_table_saves_tallies_and_each_sticky_note_as_masked_evidence(officer, consultation):
    activity = board_table(officer, consultation)

    assert {t.option.label: t.votes for t in activity.tallies.select_related("option")} == {
        "Employment": 9,
        "English language": 6,
        "Feeling safe": 3,
    }
    notes = list(activity.comments.order_by("pk"))
    assert len(notes) == 4
    assert all(n.method == Method.BOARD_TABLE and n.ward.code == "E05001347" for n in notes)
    assert "Amina" not in notes[1].text_masked and "Amina" in notes[1].text
    assert "07700" not in notes[2].text_masked
    assert all(n.consent_to_quote for n in notes)
    event = AuditEvent.objects.get(action="consult.activity_recorded")
    assert event.data["comments"] == 4 and event.data["votes"] == 18


def test_no_evidence_before_a_consultation_opens(officer, strategy):
    draft = new_consultation(officer, strategy, slug="draft-one")
    with pytest.raises(ValidationError):
        board_table(officer, draft)


def test_without_consent_nothing_from_the_session_may_be_quoted(officer, consultation):
    activity = focus_group(officer, consultation, consent_how="not_asked")
    assert not activity.comments.filter(consent_to_quote=True).exists()


def test_community_researchers_may_enter_but_residents_may_not(people, consultation):
    board_table(people["researcher"], consultation)
    with pytest.raises(PermissionDenied):
        board_table(people["resident"], consultation)


def test_saving_a_comment_masks_it_and_bulk_creation_does_too(consultation):
    one = Comment.objects.create(
        consultation=consultation,
        method=Method.VOX_POP,
        text="Email me at someone@example.org",
        said_on=consultation.opens_at.date(),
    )
    many = Comment.objects.bulk_create_masked(
        [
            Comment(
                consultation=consultation,
                method=Method.VOX_POP,
                text=f"Ring 07700 90012{i} please",
                said_on=consultation.opens_at.date(),
            )
            for i in range(3)
        ]
    )

    assert "someone@example.org" not in one.text_masked
    assert all("07700" not in c.text_masked and c.search_text for c in many)


def test_search_is_case_insensitive_for_polish_letters(consultation):
    Comment.objects.create(
        consultation=consultation,
        method=Method.VOX_POP,
        text="ŁAWKI w parku są potrzebne",
        said_on=consultation.opens_at.date(),
        language="pl",
    )
    assert Comment.objects.search("ławki").count() == 1
    assert Comment.objects.search("PARKU ławki").count() == 1
    assert Comment.objects.search("szkoła").count() == 0


def test_merging_themes_moves_codings_and_keeps_the_better_status(officer, consultation):
    board_table(officer, consultation)
    first, second = consultation.comments.order_by("pk")[:2]
    jobs = actions.create_theme(actor=officer, consultation=consultation, label="Jobs")
    work = actions.create_theme(actor=officer, consultation=consultation, label="Work")
    actions.code_comment(actor=officer, comment=first, theme=jobs)
    actions.code_comment(actor=officer, comment=second, theme=work)
    Coding.objects.create(comment=first, theme=work, status=CodingStatus.SUGGESTED)

    actions.merge_themes(actor=officer, source=work, target=jobs)

    work.refresh_from_db()
    assert work.merged_into == jobs
    assert set(Coding.objects.filter(theme=jobs).values_list("comment_id", "status")) == {
        (first.pk, CodingStatus.ACCEPTED),
        (second.pk, CodingStatus.ACCEPTED),
    }
    assert not Coding.objects.filter(theme=work).exists()
    assert list(consultation.themes.active()) == [jobs]
    assert AuditEvent.objects.get(action="consult.themes_merged").data["codings_moved"] == 1


def test_a_theme_name_is_unique_in_the_codebook(officer, consultation):
    actions.create_theme(actor=officer, consultation=consultation, label="Jobs")
    with pytest.raises(ValidationError):
        actions.create_theme(actor=officer, consultation=consultation, label="  jobs ")
    other = actions.create_theme(actor=officer, consultation=consultation, label="Safety")
    with pytest.raises(ValidationError):
        actions.rename_theme(actor=officer, theme=other, label="JOBS")
    actions.rename_theme(actor=officer, theme=other, label="Feeling safe")
    assert events("consult.theme_renamed") == 1


def test_removing_a_code_keeps_it_as_rejected_so_it_is_not_suggested_again(officer, consultation):
    board_table(officer, consultation)
    comment = consultation.comments.first()
    theme = actions.create_theme(actor=officer, consultation=consultation, label="Jobs")
    actions.code_comment(actor=officer, comment=comment, theme=theme)

    actions.uncode_comment(actor=officer, comment=comment, theme=theme)

    assert Coding.objects.get(comment=comment, theme=theme).status == CodingStatus.REJECTED
    assert Comment.objects.filter(pk=comment.pk).uncoded().exists()


def test_suggestions_are_decided_in_bulk_and_audited_once(officer, consultation):
    board_table(officer, consultation)
    theme = actions.create_theme(actor=officer, consultation=consultation, label="Jobs")
    suggested = [
        Coding.objects.create(comment=c, theme=theme, status=CodingStatus.SUGGESTED, score=0.5)
        for c in consultation.comments.all()
    ]

    changed = actions.decide_suggestions(actor=officer, codings=suggested[:3], accept=True)
    rejected = actions.decide_suggestions(actor=officer, codings=suggested[3:], accept=False)

    assert (changed, rejected) == (3, 1)
    assert Coding.objects.filter(status=CodingStatus.ACCEPTED).count() == 3
    assert events("consult.suggestions_accepted") == 1


def test_you_said_we_did_is_one_per_theme_and_follows_a_merge(officer, consultation):
    jobs = actions.create_theme(actor=officer, consultation=consultation, label="Jobs")
    work = actions.create_theme(actor=officer, consultation=consultation, label="Work")
    actions.record_you_said_we_did(
        actor=officer, theme=work, you_said="Too few jobs", we_did="Jobs fair in May"
    )
    actions.record_you_said_we_did(
        actor=officer, theme=work, you_said="Too few jobs", we_did="Two jobs fairs"
    )
    assert YouSaidWeDid.objects.get().we_did == "Two jobs fairs"

    actions.merge_themes(actor=officer, source=work, target=jobs)

    assert YouSaidWeDid.objects.get().theme == jobs
    with pytest.raises(ValidationError) as error:
        actions.record_you_said_we_did(actor=officer, theme=jobs, you_said="", we_did="")
    assert set(error.value.error_dict) == {"you_said", "we_did"}


def test_publishing_the_report_needs_an_opened_consultation(officer, strategy, consultation):
    draft = new_consultation(officer, strategy, slug="draft-two")
    with pytest.raises(ValidationError):
        actions.publish_report(actor=officer, consultation=draft)

    actions.publish_report(actor=officer, consultation=consultation)

    consultation.refresh_from_db()
    assert consultation.report_is_published
    assert consultation.status == ConsultationStatus.REPORTED
    assert events("consult.report_published") == 1


def test_merged_themes_cannot_be_coded(officer, consultation):
    board_table(officer, consultation)
    a = actions.create_theme(actor=officer, consultation=consultation, label="A")
    b = actions.create_theme(actor=officer, consultation=consultation, label="B")
    actions.merge_themes(actor=officer, source=a, target=b)
    with pytest.raises(ValidationError):
        actions.code_comment(
            actor=officer, comment=consultation.comments.first(), theme=Theme.objects.get(pk=a.pk)
        )
