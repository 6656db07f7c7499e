"""The analysis glue: snapshots of priorities, reach and themes computed from real evidence
through the pure packages, stored with their input counts, and the background task."""

from __future__ import annotations

from datetime import date

import pytest

from commonground.consult import actions, analysis
from commonground.consult.models import (
    AnalysisKind,
    AnalysisRun,
    Coding,
    CodingStatus,
    Comment,
    CommentEmbedding,
    Method,
    RunStatus,
    ThemeProposal,
)
from commonground.consult.tests.conftest import board_table, focus_group
from commonground.core.models import Area
from commonground.textanalysis.synthetic import generate_comments


def test_priorities_combine_board_tables_with_intervals(officer, consultation):
    board_table(officer, consultation)
    options = {o.label: o.pk for o in consultation.options.all()}
    board_table(
        officer,
        consultation,
        title="Board table at Tong market",
        participants=20,
        tallies={options["Feeling safe"]: 12, options["Employment"]: 4},
        comments=[],
    )

    run = analysis.run_now(consultation, AnalysisKind.PRIORITIES)

    assert run.status == RunStatus.DONE and run.finished_at is not None
    assert run.input_counts == {"responses": 0, "sessions": 2, "options": 4}
    ranked = run.result["options"]
    by_id = {str(pk): label for label, pk in options.items()}
    # Session shares: library 9/18, 6/18, 3/18 of 14 people; market 12/16, 4/16 of 20.
    employment = 14 * 9 / 18 + 20 * 4 / 16
    safe = 14 * 3 / 18 + 20 * 12 / 16
    assert by_id[ranked[0]["option"]] == "Feeling safe"
    assert ranked[0]["score"] == pytest.approx(safe / 34)
    assert ranked[1]["score"] == pytest.approx(employment / 34)
    assert all(o["low"] <= o["score"] <= o["high"] for o in ranked)
    assert ranked[0]["by_method"]["board_table"]["people"] == 34


def test_with_nothing_to_rank_the_snapshot_says_so(consultation):
    run = analysis.run_now(consultation, AnalysisKind.PRIORITIES)
    assert run.result == {"empty": True, "reason": "no responses or tallies yet"}


def test_reach_counts_offline_participants_against_the_census(officer, consultation):
    board_table(
        officer,
        consultation,
        who_took_part={"ethnicity": {"pakistani": 8, "white_british": 2}, "sex": {"female": 10}},
    )

    run = analysis.run_now(consultation, AnalysisKind.REACH)

    assert run.status == RunStatus.DONE
    if run.result.get("empty"):
        pytest.skip(f"no census profile in this checkout: {run.result['reason']}")
    broad = {r["category"]: r for r in run.result["rows"] if r["dimension"] == "ethnicity_broad"}
    assert broad["asian"]["sample_count"] == 8
    assert broad["white"]["sample_count"] == 2
    assert broad["asian"]["population_share"] is not None
    assert run.input_counts["offline_participants"] == 14


def test_the_background_task_runs_an_analysis_and_records_progress(
    officer, consultation, django_capture_on_commit_callbacks
):
    board_table(officer, consultation)

    with django_capture_on_commit_callbacks(execute=True):
        run = actions.request_analysis(
            actor=officer, consultation=consultation, kind=AnalysisKind.PRIORITIES
        )

    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.percent == 100
    assert analysis.latest(consultation, AnalysisKind.PRIORITIES) == run


def test_a_failed_run_keeps_the_error_and_the_previous_snapshot(officer, consultation):
    board_table(officer, consultation)
    good = analysis.run_now(consultation, AnalysisKind.PRIORITIES)
    broken = AnalysisRun.objects.create(consultation=consultation, kind="nonsense")

    with pytest.raises(KeyError):
        analysis.run(broken.pk)

    broken.refresh_from_db()
    assert broken.status == RunStatus.FAILED and "KeyError" in broken.error
    assert analysis.latest(consultation, AnalysisKind.PRIORITIES) == good


def _synthetic(consultation, n: int, seed: int = 1) -> list[Comment]:
    ward = Area.objects.get(code="E05001347")
    return Comment.objects.bulk_create_masked(
        Comment(
            consultation=consultation,
            method=Method.VOX_POP,
            text=c.text,
            said_on=date(2025, 3, 1),
            ward=ward,
            consent_to_quote=True,
        )
        for c in generate_comments(n, seed=seed)
    )


def test_proposed_themes_can_be_accepted_into_the_codebook(officer, consultation):
    _synthetic(consultation, 60)

    run = analysis.run_now(consultation, AnalysisKind.PROPOSE)

    assert run.status == RunStatus.DONE
    assert CommentEmbedding.objects.count() == 60
    proposals = list(ThemeProposal.objects.filter(run=run))
    assert proposals and all(p.member_ids for p in proposals)
    theme = actions.decide_proposal(actor=officer, proposal=proposals[0], accept=True)
    assert theme.proposed_by_machine
    assert Coding.objects.filter(theme=theme, status=CodingStatus.SUGGESTED).count() == len(
        proposals[0].member_ids
    )


def test_codes_are_suggested_for_uncoded_comments_only(officer, consultation):
    comments = _synthetic(consultation, 30, seed=2)
    jobs = actions.create_theme(
        actor=officer,
        consultation=consultation,
        label="Jobs and training",
        description="Work, apprenticeships, skills and employment",
    )
    actions.create_theme(
        actor=officer,
        consultation=consultation,
        label="Feeling safe",
        description="Crime, safety at night, policing",
    )
    actions.code_comment(actor=officer, comment=comments[0], theme=jobs)

    run = analysis.run_now(consultation, AnalysisKind.SUGGEST)

    assert run.status == RunStatus.DONE
    assert run.input_counts["comments"] == 29
    suggested = Coding.objects.filter(status=CodingStatus.SUGGESTED)
    assert suggested.exists()
    assert not suggested.filter(comment=comments[0]).exists()
    assert all(0 < c.score <= 1 for c in suggested)


def test_theme_summary_counts_by_method_and_quotes_only_the_quotable(officer, consultation):
    board_table(officer, consultation)
    focus_group(officer, consultation, consent_how="not_asked")
    theme = actions.create_theme(actor=officer, consultation=consultation, label="English")
    for comment in consultation.comments.all():
        actions.code_comment(actor=officer, comment=comment, theme=theme)

    run = analysis.run_now(consultation, AnalysisKind.THEMES)

    row = run.result["themes"][0]
    assert row["count"] == 6
    assert row["by_method"] == {"board_table": 4, "focus_group": 2}
    assert row["by_ward"] == {"City (Bradford)": 4, "Tong": 2}
    assert row["by_community"] == {"": 4, "Women": 2}
    quoted = Comment.objects.filter(pk__in=[q["comment"] for q in row["quotes"]])
    assert len(row["quotes"]) == 3
    assert all(c.consent_to_quote and c.method == Method.BOARD_TABLE for c in quoted)
    assert all("07700" not in q["text"] for q in row["quotes"])
