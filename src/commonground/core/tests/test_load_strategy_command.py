"""`commonground load-strategy FILE`: Bradford's strategy loads; a broken file changes nothing."""

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.forms.models import model_to_dict

from commonground.core.models import (
    Area,
    AuditEvent,
    BaselineFigure,
    CaseStudy,
    Challenge,
    CommunityOfInterest,
    FigureUnit,
    FocusCommunity,
    FocusTheme,
    Foreword,
    GuidingPrinciple,
    Objective,
    Pillar,
    Priority,
    Strategy,
    StrategyQuote,
    StrategySection,
    Strength,
)
from commonground.core.models.organisations import CommunityKind
from commonground.core.strategy.reader import load_schema

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[4]
BRADFORD = ROOT / "data" / "strategies" / "bradford-2018-2023.yaml"

STRATEGY_MODELS = [
    Strategy,
    Foreword,
    GuidingPrinciple,
    Strength,
    CaseStudy,
    StrategySection,
    Pillar,
    Objective,
    Priority,
    Challenge,
    FocusCommunity,
    FocusTheme,
    StrategyQuote,
    BaselineFigure,
    CommunityOfInterest,
    AuditEvent,
]


def load(path: Path, *options: str) -> str:
    """Run the command as an officer would; return what it printed."""
    out = io.StringIO()
    call_command("load_strategy", str(path), *options, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def load_broken(path: Path, *options: str) -> tuple[CommandError, str]:
    """Run the command on a file expected to fail; return the error and its stderr."""
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("load_strategy", str(path), *options, stdout=io.StringIO(), stderr=err)
    return raised.value, err.getvalue()


def database_rows() -> dict[str, list[dict]]:
    """Every row the loader could touch, for comparing the database before and after."""
    return {
        model._meta.label: [model_to_dict(obj) for obj in model.objects.order_by("pk")]
        for model in STRATEGY_MODELS
    }


def bradford_text() -> str:
    return BRADFORD.read_text(encoding="utf-8")


def write(tmp_path: Path, text: str, name: str = "strategy.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


# --- Loading Bradford ---------------------------------------------------------------------


def test_loading_bradford_creates_its_four_pillars_with_objectives_and_outcomes():
    output = load(BRADFORD)

    strategy = Strategy.objects.get(slug="bradford-2018-2023")
    assert strategy.is_current
    assert strategy.place_name == "Bradford District"
    assert (strategy.period_start, strategy.period_end) == (2018, 2023)
    assert strategy.contact_email == "stronger.communities@bradford.gov.uk"
    pillars = list(strategy.pillars.order_by("number"))
    assert [(p.number, p.name) for p in pillars] == [
        (1, "Getting On"),
        (2, "Getting Along"),
        (3, "Getting Involved"),
        (4, "Feeling Safe"),
    ]
    assert [p.objectives.count() for p in pillars] == [3, 2, 4, 3]
    assert pillars[3].outcome_statement == (
        "More people will say they feel satisfied with their neighbourhood and feel safer "
        "across our District."
    )
    assert (
        pillars[0]
        .objectives.get(number=2)
        .text.startswith(
            "Provide opportunities for anyone who wants to learn to speak, read and write English"
        )
    )
    employment = Priority.objects.get(pillar__strategy=strategy, slug="employment")
    assert [c.name for c in employment.challenges.all()] == [
        "Labour Market disadvantage",
        "Lack of English Proficiency",
    ]
    assert "We will invest in a central unit" in employment.description  # what we will do
    assert output.startswith("Loaded bradford-2018-2023")
    assert "4 pillars, 12 objectives, 4 priorities, 6 challenges" in output


def test_loading_bradford_creates_its_focus_communities_principles_and_voices():
    load(BRADFORD)
    strategy = Strategy.objects.get()

    focus = list(strategy.focus_communities.select_related("community").order_by("number"))
    assert [f.community.name for f in focus] == [
        "Young People",
        "Women",
        "Poorer Communities",
        "New Communities",
    ]
    assert [t.text for t in focus[1].themes.all()] == [
        "Economic Inactivity",
        "English Language",
        "Participation/Social Mixing",
        "Aspiration and empowerment",
    ]
    assert CommunityOfInterest.objects.get(slug="new-communities").kind == CommunityKind.MIGRATION
    assert [p.name for p in strategy.principles.all()] == [
        "Reciprocity",
        "Interculturalism",
        "Social mixing",
        "Economic opportunity",
    ]
    assert strategy.quotes.count() == 6
    assert strategy.quotes.first().challenge.slug == "school-segregation"
    assert strategy.strengths.count() == 7
    assert strategy.forewords.count() == 2
    assert "Health and Wellbeing Board" in strategy.partnership


@pytest.mark.parametrize(
    ("key", "value", "display", "pillar"),
    [
        ("hate-crimes", "1624", "1,624", "feeling-safe"),
        ("hate-crimes-race", "76", "76%", "feeling-safe"),
        ("hate-crimes-sexual-orientation", "9", "9%", "feeling-safe"),
        ("hate-crimes-disability", "7", "7%", "feeling-safe"),
        ("hate-crimes-faith", "7", "7%", "feeling-safe"),
        ("satisfied-with-area", "66", "66%", "feeling-safe"),
        ("living-harmoniously", "62.6", "62.6%", "getting-involved"),
        ("living-harmoniously-keighley-west", "38.9", "38.9%", "getting-involved"),
        ("employment-rate-bame-women", "38", "38%", "getting-on"),
        ("employment-rate-white-women", "67", "67%", "getting-on"),
        ("english-not-spoken-well", "24000", "~24,000", "getting-on"),
        ("english-not-spoken-well-share", "4.8", "4.8%", "getting-on"),
        ("primary-schools-not-mixed", "58", "58%", "getting-along"),
        ("secondary-schools-not-mixed", "71", "71%", "getting-along"),
        ("turnout-tong-2018", "20", "20%", "getting-involved"),
        ("councillors-bame", "31", "31%", "getting-involved"),
        ("councillors-women", "38.9", "38.9%", "getting-involved"),
        ("councillors-average-age", "54", "54 years", "getting-involved"),
        ("volunteers", "100000", "100,000+", "getting-involved"),
        ("child-poverty", "21.8", "21.8%", "getting-on"),
        ("eal-pupils", "38.8", "38.8%", "getting-on"),
    ],
)
def test_bradfords_baseline_figures_have_the_strategys_values(key, value, display, pillar):
    load(BRADFORD)

    figure = BaselineFigure.objects.select_related("pillar").get(key=key)

    assert figure.value == Decimal(value)
    assert figure.display_value == display
    assert figure.pillar.slug == pillar
    assert figure.source and figure.period_label and figure.as_of
    assert figure.quote  # the strategy's own sentence travels with the number


def test_hate_crimes_are_one_split_by_strand():
    load(BRADFORD)

    strands = BaselineFigure.objects.filter(group="hate-crimes-by-strand").order_by("number")

    assert [(f.breakdown["strand"], f.value) for f in strands] == [
        ("race", 76),
        ("sexual orientation", 9),
        ("disability", 7),
        ("faith", 7),
    ]
    total = BaselineFigure.objects.get(key="hate-crimes")
    assert total.period_label == "12 months to December 2017"
    assert (total.as_of.isoformat(), total.as_of_precision) == ("2017-12-31", "month")


def test_a_figure_stated_in_words_has_no_invented_number():
    load(BRADFORD)

    neet = BaselineFigure.objects.get(key="neet-highest-wards")

    assert neet.value is None
    assert neet.display_value == "Tong and Eccleshill"


def test_figures_and_the_strategy_link_to_areas_that_are_loaded():
    district = Area.objects.create(code="E08000032", name="Bradford", level="district")
    tong = Area.objects.create(code="E05001365", name="Tong", level="ward", parent=district)
    Area.objects.create(code="E05001357", name="Keighley West", level="ward", parent=district)

    load(BRADFORD)

    assert Strategy.objects.get().district == district
    turnout = BaselineFigure.objects.get(key="turnout-tong-2018")
    assert (turnout.area, turnout.area_label, turnout.area_code) == (tong, "Tong", "E05001365")
    keighley = BaselineFigure.objects.get(key="living-harmoniously-keighley-west")
    assert keighley.area.name == "Keighley West"


def test_without_areas_the_codes_are_kept_for_later():
    load(BRADFORD)

    strategy = Strategy.objects.get()
    assert strategy.district is None
    assert strategy.district_code == "E08000032"
    assert BaselineFigure.objects.get(key="turnout-tong-2018").area_code == "E05001365"


def test_a_load_is_recorded_on_the_audit_trail():
    load(BRADFORD)

    event = AuditEvent.objects.get(action="strategy.loaded")
    strategy = Strategy.objects.get()
    assert event.object_id == str(strategy.pk)
    assert event.actor is None
    assert event.data["file"] == "bradford-2018-2023.yaml"
    assert event.data["sha256"] == strategy.source_sha256
    assert event.data["counts"]["baseline_figures"] == BaselineFigure.objects.count()
    assert event.data["created"] is True


# --- Broken files change nothing ----------------------------------------------------------


def broken_bradford(tmp_path: Path) -> tuple[Path, int]:
    """Bradford's file with Getting Along's outcome statement removed."""
    text = bradford_text()
    start = text.index("    outcome_statement: >- # seed L1356")
    end = text.index("    priorities:", start)
    broken = text[:start] + text[end:]
    return write(tmp_path, broken, "broken.yaml"), line_of(broken, "  - slug: getting-along")


def test_a_broken_file_exits_2_naming_field_and_line_and_loads_nothing(tmp_path):
    path, line = broken_bradford(tmp_path)
    before = database_rows()

    error, stderr = load_broken(path)

    assert error.returncode == 2
    assert f"broken.yaml:{line}: field `pillars[1].outcome_statement`: is required" in stderr
    assert "nothing was loaded" in str(error)
    assert database_rows() == before
    assert not Strategy.objects.exists()


def test_a_broken_file_leaves_a_previous_good_load_exactly_as_it_was(tmp_path):
    load(BRADFORD)
    before = database_rows()
    text = bradford_text().replace("    value: 1624\n", "    value: many\n")
    path = write(tmp_path, text, "broken.yaml")

    error, stderr = load_broken(path)

    assert error.returncode == 2
    assert (
        f"broken.yaml:{line_of(text, 'value: many')}: field `baseline_figures[30].value`: "
        "must be a number or null, not text 'many'"
    ) in stderr
    assert database_rows() == before


def test_every_problem_is_printed_not_only_the_first(tmp_path):
    text = bradford_text().replace("period_start: 2018", "period_start: '2018'")
    text = text.replace("  - key: hate-crimes-faith\n", "  - key: hate-crimes-disability\n")
    text = text.replace("    unit: years\n", "    unit: decades\n")
    path = write(tmp_path, text, "broken.yaml")

    _, stderr = load_broken(path)

    assert stderr.count("broken.yaml:") == 2  # schema problems first; keys checked after
    assert "field `period_start`" in stderr and "field `baseline_figures[27].unit`" in stderr


def test_a_failure_part_way_through_loading_rolls_everything_back(tmp_path, monkeypatch):
    load(BRADFORD)
    before = database_rows()
    changed = bradford_text().replace("    value: 1624\n", "    value: 1625\n")
    changed = changed.replace("name: Getting On\n", "name: Getting On Together\n")

    def fail(*args, **kwargs):
        raise RuntimeError("the audit trail is unavailable")

    monkeypatch.setattr("commonground.core.strategy.loader.audit.record", fail)
    with pytest.raises(RuntimeError):
        load(write(tmp_path, changed))

    assert database_rows() == before


def test_a_dry_run_checks_everything_and_saves_nothing():
    before = database_rows()

    output = load(BRADFORD, "--dry-run")

    assert output.startswith("Checked (dry run, nothing saved) bradford-2018-2023")
    assert database_rows() == before


# --- Reloading ------------------------------------------------------------------------------


def content_rows() -> dict[str, list[dict]]:
    """The rows that make up the strategy, without load times and the audit trail."""
    rows = database_rows()
    del rows["core.AuditEvent"]
    for row in rows["core.Strategy"]:
        del row["loaded_at"]
    return rows


def test_reloading_the_same_file_changes_nothing():
    load(BRADFORD)
    before = content_rows()

    output = load(BRADFORD)

    assert content_rows() == before  # same rows, same primary keys
    assert "0 rows created, 0 updated, 0 removed" in output
    assert AuditEvent.objects.filter(action="strategy.loaded").count() == 2


def test_reloading_a_corrected_file_updates_in_place_and_removes_what_is_gone(tmp_path):
    load(BRADFORD)
    pillar_ids = dict(Pillar.objects.values_list("slug", "pk"))
    figure = BaselineFigure.objects.get(key="satisfied-with-area")
    text = bradford_text().replace("    value: 66\n", "    value: 67\n")
    start = text.index("  - key: progress-8-improvement")
    end = text.index("  # Residential", start)
    text = text[:start] + text[end:]

    output = load(write(tmp_path, text))

    assert dict(Pillar.objects.values_list("slug", "pk")) == pillar_ids
    figure.refresh_from_db()
    assert figure.value == 67
    assert not BaselineFigure.objects.filter(key="progress-8-improvement").exists()
    assert "1 removed" in output


def test_loading_makes_it_current_and_uncurrents_the_places_other_strategy(tmp_path):
    load(BRADFORD)
    text = bradford_text().replace("slug: bradford-2018-2023", "slug: bradford-2024-2029", 1)
    text = text.replace("period_start: 2018", "period_start: 2024")
    text = text.replace("period_end: 2023", "period_end: 2029")

    load(write(tmp_path, text))

    current = Strategy.objects.filter(is_current=True)
    assert [s.slug for s in current] == ["bradford-2024-2029"]
    assert Strategy.objects.get(slug="bradford-2018-2023").is_current is False


def test_not_current_loads_an_archived_strategy_without_showing_it(tmp_path):
    load(BRADFORD)
    text = bradford_text().replace("slug: bradford-2018-2023", "slug: bradford-2012-2017", 1)
    text = text.replace("period_start: 2018", "period_start: 2012")
    text = text.replace("period_end: 2023", "period_end: 2017")

    load(write(tmp_path, text), "--not-current")

    assert Strategy.objects.get(slug="bradford-2012-2017").is_current is False
    assert Strategy.objects.get(slug="bradford-2018-2023").is_current is True


def test_a_json_file_loads_like_yaml(tmp_path):
    import yaml

    data = yaml.safe_load(bradford_text())
    path = write(tmp_path, json.dumps(data, default=str, ensure_ascii=False), "bradford.json")

    load(path)

    assert Strategy.objects.get().pillars.count() == 4
    assert BaselineFigure.objects.get(key="living-harmoniously").value == Decimal("62.6")


# --- The format and the models agree -------------------------------------------------------


def test_the_schema_offers_exactly_the_models_choices():
    schema = load_schema()

    assert schema["$defs"]["figure"]["properties"]["unit"]["enum"] == list(FigureUnit.values)
    kinds = schema["properties"]["focus_communities"]["items"]["properties"]["kind"]["enum"]
    assert kinds == list(CommunityKind.values)
