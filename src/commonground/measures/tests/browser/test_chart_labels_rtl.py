"""On Urdu pages chart labels sit beside the bars, not under them.

SVG text takes the page's direction, and on a right-to-left page `text-anchor="end"` is the
text's left edge: labels meant to end where the bars start ran to the right, under the
bars. `core.charts.chart_figure` gives every `<text>` the page's direction and the anchor
that keeps its edge in place; this measures what chromium draws.
"""

import pytest

pytestmark = pytest.mark.browser

# Each text's box against each bar's box (both in page pixels): overlaps bigger than a pixel.
OVERLAPS = """() => {
  const boxes = (selector) => [...document.querySelectorAll(selector)].map((e) => ({
    text: e.textContent, box: e.getBoundingClientRect() }));
  const bars = boxes(".cg-chart__svg rect[height]:not([width='100%'])")
    .filter((b) => b.box.width > 2 && b.box.height < 40);
  const texts = boxes(".cg-chart__svg text");
  const found = [];
  for (const t of texts) for (const b of bars) {
    const w = Math.min(t.box.right, b.box.right) - Math.max(t.box.left, b.box.left);
    const h = Math.min(t.box.bottom, b.box.bottom) - Math.max(t.box.top, b.box.top);
    if (w > 1 && h > 1) found.push(t.text);
  }
  return {bars: bars.length, texts: texts.length, found: [...new Set(found)]};
}"""


@pytest.mark.parametrize("language", ["ur", "en"])
def test_bar_labels_do_not_run_under_the_bars(visit, figures, language):
    prefix = "" if language == "en" else f"/{language}"
    visit.page.goto(f"{visit.base_url}{prefix}/measures/indicators/hate-crimes/")
    result = visit.page.evaluate(OVERLAPS)

    assert result["bars"] >= 2 and result["texts"] >= 4, result  # bars and legend swatches
    assert result["found"] == [], result
