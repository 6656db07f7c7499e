"""The readiness pages: blind scoring, consensus with disagreements first, notes for the team
only, the profile, strategies and the ward map."""

from decimal import Decimal

import pytest
from django.urls import reverse

from commonground.readiness import actions
from commonground.readiness.models import Consensus, Sheet

from .conftest import A_SCORES, B_SCORES, new_assessment, new_interview, score_both

NOTES = "incidents near the mosque"


def _get(client, user, name, *args):
    client.force_login(user)
    return client.get(reverse(f"readiness:{name}", args=args))


def _agree_all(people, assessment, value="4"):
    for interview in assessment.interviews.all():
        actions.agree_consensus(
            actor=people["scorer_a"],
            interview=interview,
            scores=dict.fromkeys("ABCDEF", Decimal(value)),
        )


def test_interview_notes_are_for_the_team_only(client, people, interview):
    page = _get(client, people["interviewer"], "interview", interview.pk)
    assert NOTES in page.content.decode()
    for outsider in ("other_officer", "board", "resident"):
        assert _get(client, people[outsider], "interview", interview.pk).status_code == 403


def test_assessment_page_lists_interviews_only_to_the_team(client, people, assessment, interview):
    team_page = _get(client, people["scorer_a"], "assessment", assessment.pk).content.decode()
    assert "faith leader" in team_page and "Score it" in team_page
    officer_page = _get(client, people["other_officer"], "assessment", assessment.pk)
    assert officer_page.status_code == 200
    assert "faith leader" not in officer_page.content.decode()
    assert _get(client, people["resident"], "assessment", assessment.pk).status_code == 403


def test_score_page_shows_transcript_beside_the_anchored_scales(client, people, interview):
    body = _get(client, people["scorer_a"], "score", interview.pk).content.decode()
    assert NOTES in body
    assert (
        "5 – Efforts (programmes, activities) are being planned." in body
    )  # A's anchor 5  # dimension A's anchor 5
    assert "Leaders recognise the need to do something about the issue." in body


def test_scoring_through_the_page_is_blind_until_both_finish(client, people, interview):
    client.force_login(people["scorer_a"])
    response = client.post(reverse("readiness:score", args=[interview.pk]), A_SCORES)
    assert response.status_code == 302
    assert Sheet.objects.filter(interview=interview, slot="a").exists()
    # The first scorer can neither score again nor see the consensus page yet.
    assert _get(client, people["scorer_a"], "score", interview.pk).status_code == 403
    assert _get(client, people["scorer_a"], "consensus", interview.pk).status_code == 403
    # The second scorer's page shows no trace of the first scorer's scores.
    body = _get(client, people["scorer_b"], "score", interview.pk).content.decode()
    assert " checked" not in body
    client.force_login(people["scorer_b"])
    client.post(reverse("readiness:score", args=[interview.pk]), B_SCORES)
    assert _get(client, people["scorer_a"], "consensus", interview.pk).status_code == 200


def test_a_bad_sheet_says_what_is_wrong_and_saves_nothing(client, people, interview):
    client.force_login(people["scorer_a"])
    response = client.post(reverse("readiness:score", args=[interview.pk]), {"A": "4", "B": "11"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not Sheet.objects.exists()


def test_consensus_page_puts_disagreements_first(client, people, interview):
    score_both(people, interview)  # A: 3 vs 5, D: 5 vs 6, F: 2 vs 3
    body = _get(client, people["scorer_b"], "consensus", interview.pk).content.decode()
    order = [body.index(f"{letter}. ") for letter in "ADFBCE"]
    assert order == sorted(order)
    assert "Differ by more than 1" in body


def test_consensus_through_the_page(client, people, interview):
    score_both(people, interview)
    client.force_login(people["scorer_b"])
    data = {"A": "4", "B": "2", "C": "4", "D": "5.5", "E": "3", "F": "2.5"}
    response = client.post(reverse("readiness:consensus", args=[interview.pk]), data)
    assert response.status_code == 302
    assert Consensus.objects.get(dimension="D").score == Decimal("5.5")
    data["A"] = "9.5"
    response = client.post(reverse("readiness:consensus", args=[interview.pk]), data)
    assert response.status_code == 200
    assert Consensus.objects.get(dimension="A").score == Decimal("4")


def test_the_interviewer_sees_both_scores_but_cannot_agree(client, people, interview):
    score_both(people, interview)
    client.force_login(people["interviewer"])
    url = reverse("readiness:consensus", args=[interview.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, dict.fromkeys("ABCDEF", "4")).status_code == 403


def test_profile_has_chart_table_lowest_and_strategies(client, people, assessment, interview):
    score_both(people, interview)
    actions.agree_consensus(
        actor=people["scorer_a"],
        interview=interview,
        scores={
            k: Decimal(v) for k, v in zip("ABCDEF", ["4", "2", "4", "5.5", "3", "2.5"], strict=True)
        },
    )
    body = _get(client, people["board"], "profile", assessment.pk).content.decode()
    assert "<svg" in body and "<table" in body
    assert "Stage 3: Vague awareness" in body  # overall 21/6 = 3.5
    assert "Lowest" in body
    lowest = body[body.index("Start with the lowest") : body.index("<figure")]
    assert "Community knowledge of the efforts" in lowest and "Leadership" not in lowest
    assert "Raise awareness that the problem or issue exists in this community." in body


def test_repeat_assessment_shows_movement(client, people, assessment, interview):
    from datetime import date

    score_both(people, interview)
    _agree_all(people, assessment, "3")
    later = new_assessment(people, starts_on=date(2027, 1, 4), ends_on=date(2027, 2, 26))
    score_both(people, new_interview(people, later))
    _agree_all(people, later, "5")
    body = _get(client, people["officer"], "profile", later.pk).content.decode()
    assert "Last time" in body
    assert "3.00 in" in body


def test_council_edits_strategies(client, people):
    client.force_login(people["officer"])
    url = reverse("readiness:strategy_edit", args=[4, "en"])
    response = client.post(url, {"goal": "Concrete ideas for Manningham", "strategies": "One\nTwo"})
    assert response.status_code == 302
    body = _get(client, people["scorer_b"], "strategies").content.decode()
    assert "Concrete ideas for Manningham" in body and "Council's wording" in body
    assert _get(client, people["scorer_b"], "strategy_edit", 4, "en").status_code == 403


def test_ward_map_shows_completed_assessments(client, people, assessment, interview):
    score_both(people, interview)
    _agree_all(people, assessment, "6.5")
    actions.complete_assessment(actor=people["officer"], assessment=assessment)
    body = _get(client, people["board"], "map").content.decode()
    assert "<svg" in body and "cg-map__svg" in body
    assert assessment.ward.name in body
    assert "6 – Initiation" in body
    assert _get(client, people["resident"], "map").status_code == 403


@pytest.mark.parametrize("who", ["officer", "scorer_b"])
def test_index_lists_what_the_person_may_see(client, people, assessment, who):
    body = _get(client, people[who], "index").content.decode()
    assert "Tackling hate crime" in body
    assert ("Set up an assessment" in body) is (who == "officer")


def test_officer_sets_up_an_assessment_through_the_form(client, people, bradford):
    from commonground.core.models import Area
    from commonground.readiness.models import Assessment

    ward = Area.objects.wards().first()
    client.force_login(people["officer"])
    response = client.post(
        reverse("readiness:assessment_new"),
        {
            "issue": "Women's participation in employment",
            "ward": ward.pk,
            "guide_en": "Questions",
            "starts_on": "2026-03-01",
            "ends_on": "2026-04-01",
            "scorer_a": people["scorer_a"].pk,
            "scorer_b": people["scorer_b"].pk,
        },
    )
    assert response.status_code == 302
    assert Assessment.objects.get().issue == "Women's participation in employment"
    assert _get(client, people["officer"], "assessment_new").status_code == 200
