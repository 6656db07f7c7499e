"""The service worker that opens the interview form offline: served under /readiness/ in each
language with its scope, no-cache, to signed-in people only; it may keep only the interview
form and the rating scales, never notes, transcripts or scores."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def _shell(response) -> dict:
    first = response.content.decode().split("\n", 1)[0]
    assert first.startswith("const SHELL = ") and first.endswith(";")
    return json.loads(first[len("const SHELL = ") : -1])


@pytest.mark.parametrize(("language", "scope"), [("en", "/readiness/"), ("ur", "/ur/readiness/")])
def test_served_with_its_scope_and_type(client, people, language, scope):
    client.force_login(people["interviewer"])
    with translation.override(language):
        url = reverse("readiness:sw")
    assert url == f"{scope}sw.js"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == scope
    assert "no-cache" in response["Cache-Control"]
    shell = _shell(response)
    assert shell["scope"] == scope
    assert 'addEventListener("fetch"' in response.content.decode()
    assert "/static/readiness/offline-interview.js" in shell["assets"]


def test_it_keeps_only_the_interview_form_and_the_scales(client, people):
    client.force_login(people["interviewer"])
    shell = _shell(client.get(reverse("readiness:sw")))
    patterns = [re.compile(p) for p in shell["pages"]]

    def kept(path: str) -> bool:
        return any(p.search(path) for p in patterns)

    assert kept("/readiness/12/interviews/new/")
    assert kept("/readiness/anchors/")
    for private in [
        "/readiness/interviews/3/",  # notes and transcript
        "/readiness/interviews/3/audio/",
        "/readiness/interviews/3/score/",
        "/readiness/interviews/3/consensus/",
        "/readiness/12/",
        "/readiness/12/profile/",
        "/readiness/anchors/A/en/",
        "/ur/readiness/12/interviews/new/",  # another language has its own worker
        "/fund/",
    ]:
        assert not kept(private), private


def test_the_version_names_the_code_and_is_stable(client, people):
    client.force_login(people["interviewer"])
    first = _shell(client.get(reverse("readiness:sw")))["version"]
    again = _shell(client.get(reverse("readiness:sw")))["version"]
    assert first == again and re.fullmatch(r"[0-9a-f]{16}", first)


def test_signed_out_gets_no_worker(client):
    response = client.get(reverse("readiness:sw"))
    assert response.status_code == 302 and "sign-in" in response["Location"]


def test_the_form_and_the_scales_register_it(client, people, assessment):
    client.force_login(people["interviewer"])
    page = client.get(reverse("readiness:interview_new", args=[assessment.pk])).content.decode()
    assert 'data-readiness-sw="/readiness/sw.js"' in page
    assert 'data-scope="/readiness/"' in page
    assert 'data-keep="/readiness/anchors/"' in page
    assert "readiness/offline-pages.js" in page
    page = client.get(reverse("readiness:anchors")).content.decode()
    assert 'data-readiness-sw="/readiness/sw.js"' in page
