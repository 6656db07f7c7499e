"""The public "What people said" report as residents read it: themes an officer has named,
distinct quotes, wards by name. The API serves the same themes.

A theme the platform proposed keeps its word list as a label ("میں / اور / لیے", Urdu for "in
/ and / for", on the demo) until an officer names it, and is left out of the public report and
the API until then. One sentence heard three times is quoted once.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from commonground.consult import actions, analysis
from commonground.consult.models import (
    AnalysisKind,
    AnalysisRun,
    Comment,
    Method,
    QuestionKind,
    ThemeProposal,
)
from commonground.consult.tests.conftest import board_table, focus_group
from commonground.consult.tests.survey_fixtures import build_survey
from commonground.core.models import Area

MACHINE_LABEL = "میں / اور / لیے"
SAID_THREE_TIMES = "Childcare while I help out."


@pytest.fixture
def reported(officer, consultation):
    """Evidence coded to three themes: one an officer made, one the platform proposed and an
    officer named, one the platform proposed and nobody named yet. Analysed and published."""
    board_table(officer, consultation)
    focus_group(officer, consultation)
    actions.record_activity(
        actor=officer,
        consultation=consultation,
        method=Method.VOX_POP,
        title="Vox pop, City Park",
        held_on=date(2025, 3, 20),
        ward=Area.objects.get(code="E05001347"),
        language="en",
        participants=5,
        consent_how="verbal",
        comments=[
            SAID_THREE_TIMES,
            "childcare while I help out",
            "Childcare   while I help out!",
            "Someone to mind the children while I volunteer at the food bank.",
        ],
    )
    comments = list(Comment.objects.filter(consultation=consultation).order_by("pk"))
    run = AnalysisRun.objects.create(consultation=consultation, kind=AnalysisKind.PROPOSE)
    unnamed_proposal, named_proposal = (
        ThemeProposal.objects.create(
            run=run, consultation=consultation, label=label, member_ids=[c.pk for c in members]
        )
        for label, members in ((MACHINE_LABEL, comments[4:6]), ("youth / club", comments[:2]))
    )
    unnamed = actions.decide_proposal(actor=officer, proposal=unnamed_proposal, accept=True)
    named = actions.decide_proposal(
        actor=officer, proposal=named_proposal, accept=True, label="Jobs for young people"
    )
    childcare = actions.create_theme(actor=officer, consultation=consultation, label="Childcare")
    for theme, members in ((unnamed, comments[4:6]), (named, comments[:2])):
        for comment in members:
            actions.code_comment(actor=officer, comment=comment, theme=theme)
    for comment in Comment.objects.filter(text__icontains="childcare"):
        actions.code_comment(actor=officer, comment=comment, theme=childcare)
    actions.record_you_said_we_did(
        actor=officer, theme=unnamed, you_said="Meeting places", we_did="Two new ones"
    )
    actions.record_you_said_we_did(
        actor=officer, theme=childcare, you_said="Childcare", we_did="A crèche at the library"
    )
    analysis.run_now(consultation, AnalysisKind.THEMES)
    actions.publish_report(actor=officer, consultation=consultation)
    return {"unnamed": unnamed, "named": named, "childcare": childcare}


def test_machine_themes_are_published_only_once_an_officer_names_them(reported, consultation):
    assert not reported["unnamed"].is_named and reported["named"].is_named
    page = Client().get(f"/conversations/{consultation.slug}/report/").content.decode()
    assert MACHINE_LABEL not in page and "Two new ones" not in page
    assert "Jobs for young people" in page and "Childcare" in page
    api = Client().get(f"/api/consult/consultations/{consultation.slug}/themes").json()
    labels = {t["label"] for t in api["themes"]}
    assert labels == {"Jobs for young people", "Childcare"}
    changes = Client().get(f"/api/consult/consultations/{consultation.slug}/you-said-we-did")
    assert [c["theme"] for c in changes.json()] == ["Childcare"]
    public_page = Client().get(f"/conversations/{consultation.slug}/you-said-we-did/")
    assert "Two new ones" not in public_page.content.decode()
    assert "A crèche at the library" in public_page.content.decode()


def test_officers_are_told_what_is_left_out_and_naming_it_publishes_it(
    reported, consultation, officer
):
    client = Client()
    client.force_login(officer)
    page = client.get(f"/conversations/{consultation.slug}/report/").content.decode()
    assert 'data-testid="unnamed-themes"' in page and MACHINE_LABEL not in page
    codebook = client.get(f"/conversations/{consultation.slug}/themes/").content.decode()
    assert 'data-testid="not-named"' in codebook

    actions.rename_theme(actor=officer, theme=reported["unnamed"], label="Places to meet")

    public = Client().get(f"/conversations/{consultation.slug}/report/").content.decode()
    assert "Places to meet" in public and MACHINE_LABEL not in public
    assert 'data-testid="unnamed-themes"' not in public


def test_a_sentence_heard_several_times_is_quoted_once(reported, consultation):
    run = analysis.latest(consultation, AnalysisKind.THEMES)
    childcare = next(t for t in run.result["themes"] if t["label"] == "Childcare")
    assert [q["text"] for q in childcare["quotes"]].count(SAID_THREE_TIMES) <= 1
    assert len(childcare["quotes"]) == 2  # four comments, two distinct sentences

    page = Client().get(f"/conversations/{consultation.slug}/report/").content.decode()
    quoted = [variant for variant in ("help out.”", "help out”", "help out!”") if variant in page]
    assert len(quoted) == 1


def test_wards_appear_by_name_also_where_the_consultation_did_not_target(officer, consultation):
    """Respondents living outside the targeted wards (City, Tong) are shown by ward name."""
    world = build_survey(officer, consultation)
    assert world.ward.kind == QuestionKind.ABOUT_YOU
    for code in ("E05001342", "E05001342", "E05001347"):  # Bingley twice, City once
        actions.import_response(
            actor=officer,
            survey=world.survey,
            answers={world.ward: code},
            language="en",
            submitted_at=consultation.opens_at,
        )
    run = analysis.run_now(consultation, AnalysisKind.REACH)
    if run.result.get("empty"):
        pytest.skip(f"no census profile in this checkout: {run.result['reason']}")
    wards = {r["category"]: r["label"] for r in run.result["rows"] if r["dimension"] == "ward"}
    assert wards["E05001342"] == "Bingley"
    assert not [label for label in wards.values() if label.startswith("E0")]

    actions.publish_report(actor=officer, consultation=consultation)
    page = Client().get(f"/conversations/{consultation.slug}/report/").content.decode()
    assert "Bingley" in page and ">E05001342<" not in page
