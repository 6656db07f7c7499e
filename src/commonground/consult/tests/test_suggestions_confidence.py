"""The review screen of suggested codes: doubtful first, with the confidence each carries and
the precision expected at the cut-off the officer chose (issue 12, part 5)."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from commonground.consult import actions
from commonground.consult.models import Coding, CodingStatus
from commonground.consult.tests.conftest import board_table
from commonground.textanalysis.confidence import EXPECTED_PRECISION


def _page(officer, consultation, **query) -> str:
    client = Client()
    client.force_login(officer)
    response = client.get(reverse("consult:suggestions", args=[consultation.slug]), query)
    return response.content.decode()


def _suggest(officer, consultation) -> list[Coding]:
    board_table(officer, consultation)
    theme = actions.create_theme(actor=officer, consultation=consultation, label="Jobs")
    scores = [0.91, 0.35, None, 0.62]  # None: a catch-all theme given because nothing fits
    return [
        Coding.objects.create(comment=c, theme=theme, status=CodingStatus.SUGGESTED, score=s)
        for c, s in zip(consultation.comments.all(), scores, strict=False)
    ]


def test_doubtful_suggestions_come_first_with_their_confidence(officer, consultation):
    codings = _suggest(officer, consultation)
    html = _page(officer, consultation)
    boxes = [int(pk) for pk in re.findall(r'name="coding" value="(\d+)"', html)]
    by_score = {c.pk: c.score for c in codings}
    assert [by_score[pk] for pk in boxes] == [None, 0.35, 0.62, 0.91]
    assert "Confidence" in html and "Similarity" not in html
    assert "35%" in html and "91%" in html and "no other theme fits" in html
    assert "most doubtful suggestions come first" in html


def test_a_cut_off_shows_only_surer_suggestions_and_their_expected_precision(officer, consultation):
    codings = _suggest(officer, consultation)
    cut = max(c for c in EXPECTED_PRECISION if c <= 0.6)
    html = _page(officer, consultation, least=str(round(cut * 100)))
    boxes = {int(pk) for pk in re.findall(r'name="coding" value="(\d+)"', html)}
    assert boxes == {c.pk for c in codings if c.score is not None and c.score >= cut}
    precision, share = EXPECTED_PRECISION[cut]
    assert f"about {round(precision * 100)} in 100 suggestions" in html
    assert f"({round(share * 100)}% of all suggestions reach it)" in html
    unknown = _page(officer, consultation, least="17")  # not a cut-off on offer: every one
    assert len(re.findall(r'name="coding" value="(\d+)"', unknown)) == len(codings)
