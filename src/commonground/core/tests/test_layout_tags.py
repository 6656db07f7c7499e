"""{% scrolltable %}: a wide table scrolls in a named, focusable region, not the whole page."""

import re

import pytest
from django.conf import settings
from django.template import Context, Template, TemplateSyntaxError
from django.utils import translation

TABLE = (
    '<table class="govuk-table"><caption class="govuk-table__caption">Measures for '
    "{{ ward }}</caption><tr><td>1</td></tr></table>"
)


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_the_region_takes_its_name_from_the_caption_and_is_focusable():
    html = render("{% scrolltable %}" + TABLE + "{% endscrolltable %}", ward="Bolton & Undercliffe")

    assert html.startswith(
        '<div class="cg-table-scroll" role="region" '
        'aria-label="Measures for Bolton &amp; Undercliffe" tabindex="0"><table'
    )
    assert html.endswith("</table></div>")
    # The table itself is rendered as it was, escaped once.
    assert '<caption class="govuk-table__caption">Measures for Bolton &amp; Undercliffe' in html


def test_a_label_given_wins_over_the_caption_and_is_escaped():
    html = render(
        "{% scrolltable label %}" + TABLE + "{% endscrolltable %}",
        label='Wards <"all">',
        ward="City",
    )

    assert 'aria-label="Wards &lt;&quot;all&quot;&gt;"' in html


def test_a_translated_label():
    label = '_("Withdrawn sessions")'
    source = "{% load i18n %}{% scrolltable " + label + " %}<table></table>{% endscrolltable %}"
    with translation.override("pl"):
        html = render(source)

    assert 'aria-label="Wycofane spotkania"' in html  # the Polish catalogue's translation


def test_a_table_without_caption_or_label_still_gets_a_name():
    html = render("{% scrolltable %}<table><tr><td>1</td></tr></table>{% endscrolltable %}")

    assert 'aria-label="Table"' in html


def test_two_labels_are_refused_with_the_tag_named():
    with pytest.raises(TemplateSyntaxError, match="scrolltable takes at most one argument"):
        Template('{% scrolltable "a" "b" %}<table></table>{% endscrolltable %}')


def test_every_table_in_the_templates_is_wrapped():
    """A new table without the wrapper would make its page wider than a phone again."""
    unwrapped = []
    for path in sorted(settings.PACKAGE_DIR.rglob("templates/**/*.html")):
        text = path.read_text()
        for match in re.finditer(r"<table\b", text):
            before = text[max(0, match.start() - 60) : match.start()]
            if "{% scrolltable" not in before:
                line = text[: match.start()].count("\n") + 1
                unwrapped.append(f"{path.relative_to(settings.PACKAGE_DIR)}:{line}")

    assert not unwrapped, "tables outside {% scrolltable %}:\n" + "\n".join(unwrapped)
