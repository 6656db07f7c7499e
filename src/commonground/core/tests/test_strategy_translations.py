"""The strategy file carries Urdu and Polish for its short texts, and pages show them.

Bradford's file translates its title, its pillars' names, summaries, outcomes and
objectives, and its priorities' and challenges' names. A page shows each in the reader's
language, and anything the file leaves untranslated in English, marked `lang="en"
dir="ltr"`.
"""

import io

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.template import Context, Template
from django.utils import translation

from commonground.core.models import Challenge, Objective, Pillar, Strategy

BRADFORD = settings.BASE_DIR / "data" / "strategies" / "bradford-2018-2023.yaml"

pytestmark = pytest.mark.django_db


def _load(path) -> None:
    call_command("load_strategy", str(path), stdout=io.StringIO(), stderr=io.StringIO())


def test_loading_bradford_keeps_each_rows_translations():
    _load(BRADFORD)

    getting_on = Pillar.objects.get(slug="getting-on")
    assert getting_on.translation("name", "ur") == "آگے بڑھنا"
    assert getting_on.translation("name", "pl") == "Szanse na rozwój"
    assert "objectives" not in getting_on.translations["ur"]  # kept on each objective instead
    second = Objective.objects.get(pillar=getting_on, number=2)
    assert second.translation("text", "pl").startswith("Dać każdemu, kto chce nauczyć się")
    assert Challenge.objects.get(slug="school-segregation").translation("heading", "ur") == "اسکول"
    assert Strategy.objects.get().translation("title", "pl") == (
        "Razem na rzecz silniejszych społeczności"
    )
    assert getting_on.translation("description", "ur") is None  # long texts stay English


def test_a_pillar_page_in_urdu_and_polish_shows_the_translated_names(client):
    _load(BRADFORD)

    urdu = client.get("/ur/pillars/getting-on/").content.decode()
    polish = client.get("/pl/pillars/getting-on/").content.decode()

    assert '<h1 class="govuk-heading-xl">آگے بڑھنا</h1>' in urdu
    assert '<h1 class="govuk-heading-xl">Szanse na rozwój</h1>' in polish
    assert "روزگار" in urdu and "Zatrudnienie" in polish  # the priority
    assert "Getting On" not in polish.split("<main", 1)[1]


def test_an_untranslated_name_shows_in_english_marked_as_english(strategy):
    pillar = Pillar.objects.first()  # the test fixture's strategy has no translations
    template = Template('{% load commonground %}{% translated pillar "name" %}')
    with translation.override("ur"):
        urdu = template.render(Context({"pillar": pillar}))
    with translation.override("en"):
        english = template.render(Context({"pillar": pillar}))

    assert urdu == f'<span lang="en" dir="ltr">{pillar.name}</span>'
    assert english == pillar.name


def test_a_misspelt_translated_field_is_refused_with_its_line(tmp_path):
    text = BRADFORD.read_text(encoding="utf-8").replace(
        '    name: "آگے بڑھنا"', '    nmae: "آگے بڑھنا"', 1
    )
    line = text[: text.index("nmae:")].count("\n") + 1
    path = tmp_path / "strategy.yaml"
    path.write_text(text, encoding="utf-8")
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command("load_strategy", str(path), stdout=io.StringIO(), stderr=err)
    assert f"strategy.yaml:{line}:" in err.getvalue() and "nmae" in err.getvalue()
    assert not Pillar.objects.exists()
