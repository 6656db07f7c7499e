"""Numbers that add up: each figure is shown with its period, place and source; ward figures
sit beside a District figure only with a statement of whether they add up to it; a measure
shows the same baseline on the home page and on its own page; and why measures are not rated
is said once per page. Checked on Bradford's own strategy file, with the figures shown."""

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse

from commonground.core.strategy.loader import load_strategy_file
from commonground.measures import actions, queries
from commonground.measures.models import Indicator
from commonground.measures.strategy import sync_strategy

from .conftest import HEADER

BRADFORD_FILE = settings.BASE_DIR / "data" / "strategies" / "bradford-2018-2023.yaml"
WARDS = ("E05001341", "E05001342", "E05001365")  # the test district's three wards


@pytest.fixture
def bradford_measures(bradford, police):
    """Bradford's strategy loaded and turned into measures, police figures uploaded."""
    load_strategy_file(BRADFORD_FILE)
    sync_strategy()
    hate = Indicator.objects.get(slug="hate-crimes")
    actions.set_owner(hate, owner=police)
    return hate


def upload(organisation, rows: list[str]) -> None:
    received = actions.receive_upload(
        organisation,
        file_name="figures.csv",
        content=(HEADER + "\n".join(rows)).encode(),
        actor_label="test",
    )
    assert actions.accept_upload(received).status == "accepted", received.report


def _text(html: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}"[^>]*>(.*?)</(?:p|div|dd)>', html, re.S)
    assert match, f"no #{element_id} on the page"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1))).strip()


def test_hate_crimes_are_credited_to_the_police_and_the_baseline_to_the_strategy(
    client, bradford_measures, police
):
    upload(police, ["hate-crimes,E08000032,2021/22,,1810,,"])

    page = client.get(reverse("measures:indicator", args=["hate-crimes"])).content.decode()

    latest = _text(page, "latest-source")
    assert "2021/22" in latest and "Bradford" in latest and "West Yorkshire Police" in latest
    assert "Stronger Communities Strategy" not in latest
    baseline = _text(page, "baseline")
    assert "1,624" in baseline and "12 months to December 2017" in baseline
    assert "quoted in the strategy" in baseline
    assert "police-recorded hate crimes (Home Office statistics)" in page  # the measure's source
    assert "https://www.gov.uk/government/collections/hate-crime-statistics" in page


def test_ward_counts_that_add_up_to_the_district_say_so(client, bradford_measures, police):
    upload(
        police,
        ["hate-crimes,E08000032,2021/22,,205,,"]
        + [
            f"hate-crimes,{code},2021/22,,{n},,"
            for code, n in zip(WARDS, (30, 55, 120), strict=True)
        ],
    )

    page = client.get(reverse("measures:indicator", args=["hate-crimes"])).content.decode()

    assert _text(page, "map-total") == "The areas add up to 205, the figure for Bradford."
    assert "Figures for 2021/22, each area on its own; source: West Yorkshire Police." in page


def test_ward_counts_that_do_not_add_up_are_not_shown_as_if_they_did(
    client, bradford_measures, police
):
    upload(
        police,
        ["hate-crimes,E08000032,2022/23,,2220,,"]
        + [
            f"hate-crimes,{code},2022/23,,{n},," for code, n in zip(WARDS, (12, 17, 9), strict=True)
        ],
    )

    page = client.get(reverse("measures:indicator", args=["hate-crimes"])).content.decode()

    warning = _text(page, "map-total")
    assert "add up to 38, not to the 2,220 given for Bradford in 2022/23" in warning
    assert "West Yorkshire Police" in warning
    assert "compare the areas with each other" in warning


def test_a_measure_by_phase_shows_the_home_pages_baseline_and_its_latest_figures(
    client, bradford_measures
):
    home = client.get(reverse("core:home")).content.decode()
    page = client.get(reverse("measures:indicator", args=["schools-not-mixed"])).content.decode()
    board = client.get(reverse("measures:board")).content.decode()

    on_home = {m for m in re.findall(r'cg-figure__value">\s*(\d+)%', home)}
    assert {"58", "71"} <= on_home
    baseline = _text(page, "baseline")
    shown = dict(re.findall(r"(primary|secondary) (\d+(?:\.\d+)?)%", baseline))
    assert {k: Decimal(v) for k, v in shown.items()} == {
        "primary": Decimal(58),
        "secondary": Decimal(71),
    }
    assert "2016" in baseline and "quoted in the strategy" in baseline
    latest = re.search(r'class="cg-measure-value">(.*?)</p>', page, re.S).group(1)
    assert "primary" in latest and "58.0%" in latest and "–" not in latest
    assert "primary" in board and "58.0%" in board


def test_why_measures_are_not_rated_is_said_once(client, bradford_measures):
    items = queries.summaries(queries.published_indicators(), queries.home_district())
    unrated = queries.not_rated(items)

    board = client.get(reverse("measures:board")).content.decode()
    page = client.get(reverse("measures:indicator", args=["hate-crimes"])).content.decode()

    assert board.count('id="not-rated"') == 1
    explanation = _text(board, "not-rated")
    assert explanation.startswith(f"{unrated.count} of these {len(items)} measures are not rated")
    assert unrated.count == board.count("cg-rag--none") > 0
    assert "no direction counts as better" in board  # hate crimes, population counts …
    reasons = dict(unrated.reasons)
    assert sum(reasons.values()) == unrated.count
    assert f"{reasons['no_direction']} measures: no direction counts as better" in board
    assert "No direction counts as better, so it is shown for context." in page


def test_a_ward_profile_shows_a_count_as_its_share_of_the_district(
    client, bradford_measures, police
):
    upload(
        police,
        ["hate-crimes,E08000032,2021/22,,205,,"]
        + [
            f"hate-crimes,{code},2021/22,,{n},,"
            for code, n in zip(WARDS, (30, 55, 120), strict=True)
        ],
    )

    page = client.get(reverse("measures:area", args=[WARDS[2]])).content.decode()

    row = re.search(r'href="/measures/indicators/hate-crimes/".*?</tr>', page, re.S).group(0)
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]
    assert cells == ["2021/22", "120", "205", "58.5% of the District"]  # 120 of 205
    assert "−85" not in row
