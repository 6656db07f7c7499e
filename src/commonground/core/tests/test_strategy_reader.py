"""Reading a strategy file: a good file gives typed data; a broken one names field and line.

The reader needs no database, so these run once, not once per database.
"""

import datetime as dt
import json
import re
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
import yaml

from commonground.core.strategy.reader import (
    Problem,
    StrategyFileError,
    load_schema,
    parse_as_of,
    parse_strategy,
    read_strategy,
)

pytestmark = pytest.mark.engine

ROOT = Path(__file__).resolve().parents[4]
BRADFORD = ROOT / "data" / "strategies" / "bradford-2018-2023.yaml"
FORMAT_DOC = ROOT / "docs" / "strategy-format.md"


def minimal_example() -> str:
    """The example another council copies, taken from the documentation itself."""
    doc = FORMAT_DOC.read_text(encoding="utf-8")
    section = doc.split("## A minimal file to copy", 1)[1]
    return re.search(r"```yaml\n(.*?)```", section, re.S).group(1)


def line_of(text: str, fragment: str) -> int:
    """The 1-based line on which `fragment` first appears in `text`."""
    return text[: text.index(fragment)].count("\n") + 1


def problems_of(text: str, name: str = "council.yaml") -> list[Problem]:
    with pytest.raises(StrategyFileError) as raised:
        parse_strategy(text, name)
    return raised.value.problems


def only_problem(text: str, name: str = "council.yaml") -> Problem:
    problems = problems_of(text, name)
    assert len(problems) == 1, problems
    return problems[0]


# --- Good files ---------------------------------------------------------------------------


def test_bradfords_file_reads_as_four_pillars_with_objectives_and_outcomes():
    strategy = read_strategy(BRADFORD)

    assert strategy.slug == "bradford-2018-2023"
    assert (strategy.period_start, strategy.period_end) == (2018, 2023)
    assert strategy.district_code == "E08000032"
    assert [p.name for p in strategy.pillars] == [
        "Getting On",
        "Getting Along",
        "Getting Involved",
        "Feeling Safe",
    ]
    assert [len(p.objectives) for p in strategy.pillars] == [3, 2, 4, 3]
    assert all(p.outcome_statement.startswith("More people ") for p in strategy.pillars)
    assert [c.slug for _, _, c in strategy.challenges] == [
        "labour-market-disadvantage",
        "lack-of-english-proficiency",
        "school-segregation",
        "residential-segregation",
        "lack-of-meaningful-social-mixing",
        "personal-religious-cultural-norms",
    ]
    assert [c.name for c in strategy.focus_communities] == [
        "Young People",
        "Women",
        "Poorer Communities",
        "New Communities",
    ]
    assert strategy.sha256 and strategy.file_name == "bradford-2018-2023.yaml"


def test_figures_keep_their_exact_value_date_and_precision():
    figures = {f.key: f for f in read_strategy(BRADFORD).figures}

    hate_crimes = figures["hate-crimes"]
    assert hate_crimes.value == Decimal("1624")
    assert hate_crimes.period_label == "12 months to December 2017"
    assert (hate_crimes.as_of, hate_crimes.as_of_precision) == (dt.date(2017, 12, 31), "month")
    assert figures["living-harmoniously"].value == Decimal("62.6")  # not 62.59999…
    assert figures["english-not-spoken-well"].qualifier == "nearly"
    # A figure stated only in words has no invented number.
    assert figures["neet-highest-wards"].value is None
    assert figures["neet-highest-wards"].display == "Tong and Eccleshill"
    # `pillar` defaults to the pillar of the challenge the figure is printed with.
    assert figures["child-poverty"].pillar == "getting-on"


def test_the_minimal_example_in_the_documentation_reads():
    strategy = parse_strategy(minimal_example(), "example.yaml")

    assert strategy.pillars[0].priorities[0].challenges[0].slug == "labour-market-disadvantage"
    assert strategy.figures[0].as_of == dt.date(2024, 3, 31)
    assert strategy.quotes[0].pillar == "getting-on"


def test_a_json_file_reads_the_same_as_yaml():
    data = yaml.safe_load(minimal_example())
    as_json = json.dumps(data, indent=2, default=str)

    from_json = parse_strategy(as_json, "example.json")
    from_yaml = parse_strategy(minimal_example(), "example.yaml")

    assert from_json.pillars == from_yaml.pillars
    assert from_json.figures == from_yaml.figures


def test_the_schema_is_valid_json_schema_2020_12():
    jsonschema.Draft202012Validator.check_schema(load_schema())


def test_as_of_is_stored_as_the_last_day_of_what_the_source_states():
    assert parse_as_of(2016) == (dt.date(2016, 12, 31), "year")
    assert parse_as_of("2024-02") == (dt.date(2024, 2, 29), "month")
    assert parse_as_of("2011-03-27") == (dt.date(2011, 3, 27), "day")


# --- Broken files: each names the field and the line ------------------------------------------


def test_a_missing_required_field_names_the_field_and_its_line():
    text = minimal_example().replace(
        "    outcome_statement: More people will be in good work.\n", ""
    )

    problem = only_problem(text)

    assert problem.field == "pillars[0].outcome_statement"
    assert problem.line == line_of(text, "  - slug: getting-on")
    assert str(problem) == (
        f"council.yaml:{problem.line}: field `pillars[0].outcome_statement`: "
        "is required but missing"
    )


def test_a_wrong_type_names_the_field_and_its_line():
    text = minimal_example().replace("period_start: 2024", "period_start: twenty-twenty-four")

    problem = only_problem(text)

    assert problem.field == "period_start"
    assert problem.line == line_of(text, "period_start:")
    assert "must be a whole number" in problem.message


def test_a_number_where_text_is_wanted_says_to_quote_it():
    text = minimal_example().replace("period_label: Year to March 2024", "period_label: 2024")

    problem = only_problem(text)

    assert problem.field == "baseline_figures[0].period_label"
    assert 'write it in quotes: "2024"' in problem.message


def test_a_duplicate_figure_key_names_both_lines():
    text = minimal_example().replace("key: english-not-spoken-well", "key: employment-rate")

    problem = only_problem(text)

    second = text.index("key: employment-rate", text.index("key: employment-rate") + 1)
    assert problem.field == "baseline_figures[1].key"
    assert problem.line == text[:second].count("\n") + 1
    assert f"first on line {line_of(text, 'key: employment-rate')}" in problem.message


def test_a_duplicate_yaml_key_is_an_error_not_silently_the_last_one():
    text = minimal_example().replace(
        "title: Stronger Together\n", "title: Stronger Together\ntitle: Stronger Apart\n"
    )

    problem = only_problem(text)

    assert problem.field == "title"
    assert problem.line == line_of(text, "title: Stronger Apart")
    assert "given twice" in problem.message


def test_a_bad_date_names_the_field_and_its_line():
    text = minimal_example().replace("as_of: 2024-03", "as_of: 2024-02-30")

    problem = only_problem(text)

    assert problem.field == "baseline_figures[0].as_of"
    assert problem.line == line_of(text, "as_of: 2024-02-30")
    assert "not a real date" in problem.message


def test_a_misspelt_field_is_rejected_with_a_suggestion():
    text = minimal_example().replace("outcome_statement:", "outcome:")

    problems = problems_of(text)

    assert {p.field for p in problems} == {"pillars[0].outcome", "pillars[0].outcome_statement"}
    unknown = next(p for p in problems if p.field == "pillars[0].outcome")
    assert unknown.line == line_of(text, "outcome:")
    assert "did you mean `outcome_statement`" in unknown.message


def test_a_figure_must_refer_to_a_pillar_and_challenge_that_exist():
    text = minimal_example().replace("    pillar: getting-on\n", "    pillar: getting-by\n")
    text = text.replace(
        "    challenge: labour-market-disadvantage\n  - key", "    challenge: no-such\n  - key"
    )

    problems = problems_of(text)

    assert [(p.field, p.line) for p in problems] == [
        ("baseline_figures[0].challenge", line_of(text, "challenge: no-such")),
        ("baseline_figures[1].pillar", line_of(text, "pillar: getting-by")),
    ]


def test_a_figure_needs_a_number_or_words():
    text = minimal_example().replace("    value: 68.5\n", "    value: null\n")

    problem = only_problem(text)

    assert problem.field == "baseline_figures[0].value"
    assert "`display` text" in problem.message


def test_the_period_must_not_end_before_it_starts():
    text = minimal_example().replace("period_end: 2029", "period_end: 2020")

    problem = only_problem(text)

    assert (problem.field, problem.line) == ("period_end", line_of(text, "period_end:"))


def test_a_slug_must_be_a_slug():
    text = minimal_example().replace("  - slug: getting-on", "  - slug: Getting On")

    problem = only_problem(text)

    assert problem.field == "pillars[0].slug"
    assert "must be a slug" in problem.message


def test_every_problem_is_reported_at_once_in_file_order():
    text = (
        minimal_example()
        .replace("period_start: 2024", "period_start: soon")
        .replace("    unit: people\n", "    unit: persons\n")
        .replace("      - Improve opportunities", "      - ''\n      - Improve opportunities")
    )

    problems = problems_of(text)

    assert [p.field for p in problems] == [
        "period_start",
        "pillars[0].objectives[0]",
        "baseline_figures[1].unit",
    ]
    assert problems == sorted(problems, key=lambda p: p.line)


def test_broken_yaml_syntax_gives_the_line():
    text = minimal_example().replace("title: Stronger Together", "title: [Stronger Together")

    problem = only_problem(text)

    assert problem.line is not None
    assert problem.message.startswith("not valid YAML")


def test_json_problems_have_lines_too_even_indented_with_tabs():
    data = yaml.safe_load(minimal_example())
    data["pillars"][0]["objectives"] = "Improve opportunities"
    text = json.dumps(data, indent="\t", default=str)

    problem = only_problem(text, "council.json")

    assert problem.field == "pillars[0].objectives"
    assert problem.line == line_of(text, '"objectives"')
    assert problem.message == "must be a list, not text 'Improve opportunities'"


def test_broken_json_syntax_gives_the_line():
    problem = only_problem('{\n  "slug": "x",\n  "title": \n}\n', "council.json")

    assert (problem.line, problem.field) == (4, "")
    assert problem.message.startswith("not valid JSON")


def test_a_missing_file_is_a_problem_not_a_crash(tmp_path):
    with pytest.raises(StrategyFileError) as raised:
        read_strategy(tmp_path / "nowhere.yaml")

    assert "cannot read" in str(raised.value)
