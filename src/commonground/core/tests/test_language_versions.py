"""Every page names its versions in the other languages as real links (issue 11, part 2).

In the head, `<link rel="alternate" hreflang="en|ur|pl|x-default" href="…">` with absolute
addresses (search engines and crawlers reach each language); in the page, the language
switcher's `<a href>` links to the same page. Each alternate must resolve (200).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

PAGES = [
    "/",
    "/about/",
    "/pillars/getting-on/",
    "/areas/",
    "/areas/E05001341/",
    "/organisations/",
    "/measures/",
    "/fund/",
    "/conversations/",
    "/sign-in/?next=/tasks/",
]

ALTERNATE = re.compile(r'<link rel="alternate" hreflang="([a-z-]+)" href="([^"]+)">')


def _alternates(page: str) -> dict[str, str]:
    head = page.split("</head>")[0]
    return dict(ALTERNATE.findall(head))


@pytest.mark.parametrize("prefix", ["", "/ur", "/pl"])
@pytest.mark.parametrize("path", PAGES)
def test_each_page_names_its_language_versions_and_each_resolves(client, strategy, prefix, path):
    response = client.get(prefix + path)
    assert response.status_code == 200
    alternates = _alternates(response.content.decode())

    assert set(alternates) == {"en", "ur", "pl", "x-default"}
    assert alternates["x-default"] == alternates["en"]
    assert alternates["en"] == "http://testserver" + path.replace("&", "&amp;")
    assert alternates["ur"] == "http://testserver/ur" + path
    assert alternates["pl"] == "http://testserver/pl" + path
    for code in ("en", "ur", "pl"):
        parts = urlsplit(alternates[code])
        other = client.get(parts.path + (f"?{parts.query}" if parts.query else ""))
        assert other.status_code == 200, alternates[code]
        assert f'<html lang="{code}"' in other.content.decode()


def test_the_switcher_links_are_the_alternates(client, strategy):
    page = client.get("/pl/areas/E05001341/").content.decode()
    assert 'href="/areas/E05001341/" hreflang="en"' in page
    assert 'href="/ur/areas/E05001341/" hreflang="ur"' in page
    assert 'aria-current="true" lang="pl"' in page  # the page's own language is not a link


def test_a_page_that_is_not_there_names_no_alternates(client, db):
    response = client.get("/ur/no-such-page/")
    assert response.status_code == 404
    assert _alternates(response.content.decode()) == {}
