"""Phone widths: is any page wider than a 390 px screen, and which element makes it so?

A page whose document is wider than the viewport makes a phone render it zoomed out, so
every word is tiny, even if only one table is too wide. The browser fixtures and the
site crawl (core/tests/browser/test_phone_widths.py) use these helpers to open a page at
390 × 844 and name the widest culprits, so a failure says where to look.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

PHONE_VIEWPORT = {"width": 390, "height": 844}
PHONE_OPTIONS = {
    "viewport": PHONE_VIEWPORT,
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
LANGUAGE_PREFIXES = {"en": "", "ur": "/ur", "pl": "/pl"}

# Elements that stick out of the viewport, outermost first: an element counts only when its
# parent does not stick out too (so a wide table is named, not each of its cells), and
# nothing inside a scrolling or clipping box counts (a wrapped table scrolls, as it should).
# Positions are taken in the document's coordinates (a right-to-left page may open scrolled).
# When no box sticks out (a list's numbers, a pseudo-element), the culprit is found by
# hiding elements one at a time, from the body down, until the page fits.
_MEASURE = """
() => {
  const root = document.documentElement;
  const width = root.clientWidth;
  const sticksOut = (el) => {
    const r = el.getBoundingClientRect();
    const left = r.left + window.scrollX;
    return r.width > 0 && (left + r.width > width + 1 || left < -1);
  };
  const clipped = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== "visible") return true;
    }
    return false;
  };
  const describe = (el) => {
    let name = el.tagName.toLowerCase();
    if (el.id) name += "#" + el.id;
    const classes = [...el.classList].slice(0, 3);
    if (classes.length) name += "." + classes.join(".");
    const label = (el.getAttribute("aria-label") || el.textContent || "").trim();
    return `${name} (${Math.round(el.getBoundingClientRect().width)}px: ` +
      `"${label.replace(/\\s+/g, " ").slice(0, 40)}")`;
  };
  const culprits = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (!sticksOut(el)) continue;
    if (el.parentElement && el.parentElement !== document.body && sticksOut(el.parentElement))
      continue;
    if (clipped(el)) continue;
    culprits.push([el.getBoundingClientRect().width, describe(el)]);
  }
  culprits.sort((a, b) => b[0] - a[0]);
  const named = culprits.slice(0, 3).map((c) => c[1]);
  const scrollWidth = root.scrollWidth;
  if (!named.length && scrollWidth > width) {
    let found = null;
    const search = (el) => {
      for (const child of el.children) {
        const display = child.style.display;
        child.style.display = "none";
        const fits = root.scrollWidth <= width;
        child.style.display = display;
        if (fits) { found = child; search(child); return; }
      }
    };
    search(document.body);
    if (found) named.push("without " + describe(found) + " the page fits");
  }
  return { scrollWidth, clientWidth: width, culprits: named };
}
"""


@dataclass
class TooWide:
    """One page wider than the screen: where, how wide, and the widest elements in it."""

    url: str
    width: int
    viewport: int
    culprits: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        named = "; ".join(self.culprits) or "no single element found"
        return f"{self.url} is {self.width}px wide on a {self.viewport}px screen: {named}"


def measure(page, url: str, *, missing_ok: bool = False) -> TooWide | None:
    """Open `url` in `page` and say how it is too wide for the screen, or None if it fits.

    A page that answers an error fails, unless `missing_ok` (a page a test opened that has
    gone since, or is no longer this user's to see): then it is not measured.
    """
    response = page.goto(url)
    if response is not None and response.status >= 400:
        if missing_ok:
            return None
        raise AssertionError(f"{url} answered {response.status}")
    page.wait_for_load_state("load")
    found = page.evaluate(_MEASURE)
    if found["scrollWidth"] <= found["clientWidth"]:
        return None
    return TooWide(url, found["scrollWidth"], found["clientWidth"], found["culprits"])


def in_language(path: str, language: str) -> str:
    """`path` (an English, unprefixed path) as the page in `language`."""
    return LANGUAGE_PREFIXES[language] + path


def unprefixed(path: str) -> str:
    """The English path of a page, whatever language prefix it carries."""
    for prefix in LANGUAGE_PREFIXES.values():
        if prefix and (path == prefix or path.startswith(prefix + "/")):
            return path[len(prefix) :] or "/"
    return path


SKIPPED_ENDINGS = (".csv", ".pdf", ".xlsx", ".pb", ".json", ".zip", ".geojson", ".png", ".svg")
SKIPPED_PATHS = ("/sign-out/", "/admin/", "/api/", "/static/", "/media/", "/i18n/")


def crawlable(href: str, base_url: str) -> str | None:
    """The site path a link leads to, if a crawl should open it; None for downloads etc."""
    absolute = urljoin(base_url, href)
    parts = urlsplit(absolute)
    if parts.scheme not in ("http", "https") or parts.netloc != urlsplit(base_url).netloc:
        return None
    path = unprefixed(parts.path)
    if path.lower().endswith(SKIPPED_ENDINGS) or "/download" in path or "/export" in path:
        return None
    if any(path.startswith(skipped) for skipped in SKIPPED_PATHS):
        return None
    if "format=" in parts.query or "download" in parts.query:
        return None
    return path + (f"?{parts.query}" if parts.query else "")


class _Links(HTMLParser):
    """The href of every <a> that is not a download, in page order."""

    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href") and "download" not in attributes:
            self.hrefs.append(attributes["href"])


def links_in(html: str, base_url: str) -> list[str]:
    """Every crawlable same-site link in `html`, in page order, without repeats."""
    parser = _Links()
    parser.feed(html)
    seen: dict[str, None] = {}
    for href in parser.hrefs:
        path = crawlable(href, base_url)
        if path is not None:
            seen.setdefault(path, None)
    return list(seen)


# fetch(path) -> (status, content type, text): a test client's GET, following no redirect;
# the text is the page's HTML, or the Location a redirect leads to.
Fetch = Callable[[str], tuple[int, str, str]]


def crawl(fetch: Fetch, base_url: str, starts: Iterable[str], depth: int = 2) -> list[str]:
    """Pages (English paths) within `depth` links of `starts` that answer with HTML.

    Fetched with a test client, not the browser: following links needs no layout, and a
    crawl of a few hundred pages is minutes faster so. A redirect counts as a link to where
    it leads; a page that answers an error is left out (a broken link is another test's).
    """
    found: dict[str, None] = {}
    seen: set[str] = set()
    frontier = [unprefixed(start) for start in starts]
    for level in range(depth + 1):
        next_frontier: list[str] = []
        for path in frontier:
            if path in seen:
                continue
            seen.add(path)
            status, content_type, body = fetch(path)
            if status in (301, 302, 303, 307, 308):
                target = crawlable(body, base_url)
                if target is not None and target not in seen:
                    next_frontier.append(target)
                continue
            if status != 200 or not content_type.startswith("text/html"):
                continue
            found[path] = None
            if level < depth:
                next_frontier += [link for link in links_in(body, base_url) if link not in seen]
        frontier = next_frontier
    return list(found)


def sample_by_route(paths: Iterable[str], per_route: int, route: Callable[[str], str]) -> list[str]:
    """At most `per_route` paths for each route (`route(path)` names it), in order.

    Thirty ward profiles are one template with thirty names: a few show what the template
    does at a phone's width, and the crawl stays minutes, not a quarter of an hour.
    """
    counts: dict[str, int] = {}
    chosen = []
    for path in paths:
        name = route(path)
        counts[name] = counts.get(name, 0) + 1
        if counts[name] <= per_route:
            chosen.append(path)
    return chosen
