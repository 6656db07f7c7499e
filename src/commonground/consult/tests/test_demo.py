"""The demo: one consultation heard every way, analysed and reported, loaded once."""

from __future__ import annotations

from commonground.consult import demo
from commonground.consult.models import (
    AnalysisKind,
    AnalysisRun,
    Consultation,
    Method,
    RunStatus,
    YouSaidWeDid,
)


def test_the_demo_builds_an_analysed_published_consultation_once(officer, strategy, client):
    said: list[str] = []

    demo.load_demo(said.append)
    demo.load_demo(said.append)

    consultation = Consultation.objects.get(slug=demo.SLUG)
    methods = set(consultation.activities.values_list("method", flat=True))
    assert methods == {
        Method.BOARD_TABLE,
        Method.FOCUS_GROUP,
        Method.INTERVIEW,
        Method.VOX_POP,
        Method.COMMISSION,
    }
    assert [o.label for o in consultation.options.all()][:2] == ["Employment", "English language"]
    for kind in (AnalysisKind.PRIORITIES, AnalysisKind.REACH, AnalysisKind.THEMES):
        assert AnalysisRun.objects.filter(
            consultation=consultation, kind=kind, status=RunStatus.DONE
        ).exists()
    assert consultation.themes.active().exists()
    assert YouSaidWeDid.objects.filter(consultation=consultation).count() == 1
    assert consultation.report_is_published
    assert "already there, skipped" in said[-1]
    report = client.get(f"/conversations/{demo.SLUG}/report/")
    assert report.status_code == 200 and "What people put first" in report.content.decode()
    # The demo officer named the themes whose subject is plain; the rest wait, unpublished.
    themes = list(consultation.themes.active())
    named = [t for t in themes if t.is_named]
    assert named and len(named) < len(themes)
    page = report.content.decode()
    assert any(t.label in page for t in named)
    assert not [t.label for t in themes if not t.is_named and t.label in page]
    assert YouSaidWeDid.objects.get(consultation=consultation).theme.is_named
    # A second conversation is still open, so a visitor can answer its survey.
    follow_up = Consultation.objects.get(slug=demo.FOLLOW_UP_SLUG)
    assert follow_up.is_open() and not follow_up.report_is_published
    survey = client.get(f"/conversations/{demo.FOLLOW_UP_SLUG}/survey/")
    assert survey.status_code == 200 and follow_up.title in survey.content.decode()
    assert 'name="consent"' in survey.content.decode()  # the start page, not "closed"
