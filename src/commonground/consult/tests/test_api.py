"""The public, read-only conversations API: what it serves, and what it keeps back until the
report is published."""

from __future__ import annotations

from commonground.consult import actions, analysis
from commonground.consult.models import AnalysisKind
from commonground.consult.tests.conftest import board_table, new_consultation
from commonground.testing.api import check_api_conforms


def test_consultations_are_listed_once_out_of_draft(client, officer, strategy, consultation):
    new_consultation(officer, strategy, slug="still-a-draft")

    listed = client.get("/api/consult/consultations").json()

    assert [c["slug"] for c in listed] == [consultation.slug]
    assert listed[0]["options"][0] == {
        "id": consultation.options.first().pk,
        "label": "Employment",
        "translations": {"ur": "روزگار", "pl": "Zatrudnienie"},
    }
    assert client.get("/api/consult/consultations/still-a-draft").status_code == 404


def test_priorities_and_themes_wait_for_the_published_report(client, officer, consultation):
    board_table(officer, consultation)
    theme = actions.create_theme(actor=officer, consultation=consultation, label="Jobs")
    actions.code_comment(actor=officer, comment=consultation.comments.first(), theme=theme)
    analysis.run_now(consultation, AnalysisKind.PRIORITIES)
    analysis.run_now(consultation, AnalysisKind.THEMES)
    base = f"/api/consult/consultations/{consultation.slug}"
    assert client.get(f"{base}/priorities").status_code == 404

    actions.publish_report(actor=officer, consultation=consultation)

    priorities = client.get(f"{base}/priorities").json()
    top = priorities["priorities"][0]
    assert top["label"] == "Employment" and top["rank"] == 1
    assert top["low"] <= top["score"] <= top["high"]
    assert top["by_method"][0]["method"] == "board_table"
    themes = client.get(f"{base}/themes").json()["themes"]
    assert themes == [
        {"label": "Jobs", "description": "", "count": 1, "by_method": {"board_table": 1}}
    ]


def test_you_said_we_did_is_served(client, officer, consultation):
    theme = actions.create_theme(actor=officer, consultation=consultation, label="Parks")
    actions.record_you_said_we_did(
        actor=officer, theme=theme, you_said="Parks feel unsafe", we_did="New lighting"
    )

    items = client.get(f"/api/consult/consultations/{consultation.slug}/you-said-we-did").json()

    assert [(i["theme"], i["we_did"]) for i in items] == [("Parks", "New lighting")]


def test_the_schema_names_are_unique_in_the_openapi_document(client):
    schema = client.get("/api/openapi.json").json()
    assert "ConsultationOut" in schema["components"]["schemas"]
    assert "/api/consult/consultations/{slug}/priorities" in schema["paths"]


def test_the_api_conforms_to_its_openapi_schema(officer, consultation, wsgi_in_test_transaction):
    """Every operation, with generated parameters, answers as its schema says (schemathesis),
    with a published report so the priorities and themes operations have something to say."""
    board_table(officer, consultation)
    theme = actions.create_theme(actor=officer, consultation=consultation, label="Jobs")
    actions.code_comment(actor=officer, comment=consultation.comments.first(), theme=theme)
    for kind in (AnalysisKind.PRIORITIES, AnalysisKind.THEMES):
        analysis.run_now(consultation, kind)
    actions.publish_report(actor=officer, consultation=consultation)

    assert check_api_conforms(wsgi_in_test_transaction, "/api/consult/") >= 4
