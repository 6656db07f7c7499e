"""Public dashboards and open data, the partner upload journey, and who may see what."""

import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from commonground.core.models import Area
from commonground.core.roles import Role
from commonground.measures import actions
from commonground.measures.models import Observation, Upload

from .conftest import HEADER, make_user

PUBLIC_PAGES = [
    ("measures:index", []),
    ("measures:board", []),
    ("measures:report", []),
    ("measures:area_index", []),
    ("measures:area", ["E05001365"]),
    ("measures:indicator", ["hate-crimes"]),
    ("measures:indicator", ["satisfied-with-area"]),
    ("measures:indicator_csv", ["hate-crimes"]),
    ("measures:indicator_json", ["hate-crimes"]),
    ("measures:indicator_template", ["hate-crimes", "csv"]),
    ("measures:indicator_template", ["hate-crimes", "xlsx"]),
]
HATE_LINK = 'href="/measures/indicators/hate-crimes/"'
TONG_LINK = 'href="/measures/areas/E05001365/"'


# What each public page must show anyone, signed in or not, from the `figures` fixture: its
# heading, the fixture's figures (hate crimes 1,810 in 2021; 70.8% = 1700/2400 satisfied; Tong's
# 120 and 66.7% = 60/90) and the links on to the next page.
PUBLIC_PAGES_SHOW = [
    ("measures:index", [], ["How we measure progress", "1,810", "70.8%", HATE_LINK]),
    ("measures:board", [], ["Programme overview", "1,810", "70.8%", HATE_LINK]),
    ("measures:report", [], ["Progress report to the Board", "Reported hate crimes", "1,810"]),
    ("measures:area_index", [], ["Ward profiles", "Tong", TONG_LINK]),
    ("measures:area", ["E05001365"], ["Tong: ward profile", ">120<", "66.7%", HATE_LINK]),
    ("measures:indicator", ["hate-crimes"], ["Reported hate crimes", "1,810", ">120<", TONG_LINK]),
    (
        "measures:indicator",
        ["satisfied-with-area"],
        ["Residents satisfied with their area as a place to live", "70.8%", "66.7%", TONG_LINK],
    ),
]


@pytest.mark.parametrize(("name", "args", "shows"), PUBLIC_PAGES_SHOW)
def test_public_pages_show_their_figures_without_signing_in(client, figures, name, args, shows):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    page = response.content.decode()
    assert [text for text in shows if text not in page] == []


def test_public_downloads_hold_the_figures_without_signing_in(client, figures):
    csv_rows = client.get(reverse("measures:indicator_csv", args=["hate-crimes"]))
    lines = csv_rows.content.decode().splitlines()
    assert lines[0].startswith("indicator,area_code,area_name,area_level,period,")
    assert any(line.startswith("hate-crimes,E05001365,Tong,ward,2021,") for line in lines)
    data = client.get(reverse("measures:indicator_json", args=["hate-crimes"])).json()
    assert data["indicator"]["name"] == "Reported hate crimes"
    district_2021 = [
        f["value"]
        for f in data["figures"]
        if (f["area_code"], f["period"], f["breakdown"]) == ("E08000032", "2021", "")
    ]
    assert district_2021 == ["1810"]
    template = client.get(reverse("measures:indicator_template", args=["hate-crimes", "csv"]))
    template_lines = template.content.decode().splitlines()
    assert (
        template_lines[0] == "indicator,area_code,period,breakdown,value,numerator,denominator,note"
    )
    assert "hate-crimes,E05001365,,,,,,Tong" in template_lines
    xlsx = client.get(reverse("measures:indicator_template", args=["hate-crimes", "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content))["figures"]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][:2] == ["indicator", "area_code"] and rows[0][-1] == "note"
    assert ["hate-crimes", "E05001365"] in [row[:2] for row in rows]


def test_dashboards_use_a_fixed_number_of_queries(client, figures, django_assert_max_num_queries):
    # At most 2 more per set of figures shown for the secondary suppression rule.
    for name, args in PUBLIC_PAGES[:6]:
        with django_assert_max_num_queries(16):
            client.get(reverse(name, args=args))


def test_board_overview_rates_each_measure_and_states_the_rule(client, figures):
    page = client.get(reverse("measures:board")).content.decode()
    assert "How each measure is rated red, amber or green" in page
    assert "Residents satisfied with their area as a place to live" in page
    # 70.8% (1700 / 2400) against a baseline of 66%, higher is better: green.
    assert "70.8%" in page and "cg-rag--green" in page


def test_indicator_page_has_chart_map_breakdown_and_table(client, figures):
    page = client.get(reverse("measures:indicator", args=["hate-crimes"])).content.decode()
    assert page.count('role="img"') >= 3  # trend, ward map, breakdown bars
    assert "<title" in page and "cg-chart__caption" in page  # text alternatives
    assert "Download chart (PNG)" in page and "Download data (CSV)" in page
    assert "Tong" in page and "1,810" in page
    assert "West Yorkshire Police" in page  # owner


def test_small_numbers_are_withheld_everywhere(client, figures):
    page = client.get(reverse("measures:indicator", args=["hate-crimes"])).content.decode()
    assert "[c]" in page
    csv_text = client.get(reverse("measures:indicator_csv", args=["hate-crimes"])).content.decode()
    baildon = [line for line in csv_text.splitlines() if "E05001341" in line]
    assert baildon and all(",[c]," in line and ",true," in line for line in baildon)
    faith = [line for line in csv_text.splitlines() if "strand=faith" in line]
    assert all(",[c]," in line for line in faith)
    data = json.loads(client.get(reverse("measures:indicator_json", args=["hate-crimes"])).content)
    small = [f for f in data["figures"] if f["area_code"] == "E05001341"]
    assert small and all(f["value"] is None and f["suppressed"] for f in small)
    assert data["suppression"]["threshold"] == 5
    api = client.get(
        "/api/measures/indicators/satisfied-with-area/observations?breakdown=community=new-communities"
    )
    figure = api.json()["figures"][0]
    assert figure["suppressed"] and figure["numerator"] is None


def test_ward_profile_compares_with_the_district(client, figures):
    page = client.get(reverse("measures:area", args=["E05001365"])).content.decode()
    assert "Tong: ward profile" in page
    assert "66.7%" in page and "70.8%" in page  # Tong 60/90 against the District 1700/2400
    assert "Deprivation" in page


def test_board_report_lists_what_moved(client, figures):
    page = client.get(reverse("measures:report") + "?quarter=2021-Q4").content.decode()
    assert "Progress report to the Board, 2021-Q4" in page
    assert "What moved this quarter" in page and "1,760" in page and "1,810" in page


def test_partner_uploads_in_the_browser_flow(
    client, indicators, partner_user, inline_tasks, django_capture_on_commit_callbacks
):
    client.force_login(partner_user)
    bad = HEADER + "hate-crimes,E08000032,2022,,1900,,\nhate-crimes,E05009999,2022,,40,,\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("measures:uploads"), {"file": _file("bad.csv", bad)})
    page = client.get(response["Location"]).content.decode()
    assert "The file was rejected: 1 problem" in page
    assert "no area has the code &#x27;E05009999&#x27;" in page
    assert not Observation.objects.filter(period="2022").exists()
    good = bad.replace("E05009999", "E05001365")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("measures:uploads"), {"file": _file("good.csv", good)})
    assert "Upload accepted" in client.get(response["Location"]).content.decode()
    fixed = good.replace(",40,", ",41,")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("measures:uploads"), {"file": _file("fixed.csv", fixed)})
    history = client.get(
        reverse("measures:figure_history", args=["hate-crimes"]) + "?area=E05001365&period=2022"
    ).content.decode()
    assert "replaced" in history and "current" in history
    assert Upload.objects.filter(organisation=partner_user.organisation).count() == 3


def _file(name: str, text: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def test_upload_pages_need_a_partner_or_officer(client, indicators, police):
    response = client.get(reverse("measures:uploads"))
    assert response.status_code == 302 and "sign-in" in response["Location"]
    client.force_login(make_user("res", Role.RESIDENT, police))
    assert client.get(reverse("measures:uploads")).status_code == 403
    assert client.get(reverse("measures:late")).status_code == 403


def test_a_partner_sees_only_its_own_uploads(client, indicators, police, council):
    upload = actions.receive_upload(police, file_name="a.csv", content=b"x", actor_label="t")
    client.force_login(make_user("other", Role.PARTNER, council))
    assert client.get(reverse("measures:upload", args=[upload.pk])).status_code == 403


def test_tokens_page_issues_a_token_once(client, partner_user):
    client.force_login(partner_user)
    page = client.post(reverse("measures:tokens"), {"name": "Warehouse"}).content.decode()
    assert "cgm_" in page and "will not be shown again" in page
    page = client.get(reverse("measures:tokens")).content.decode()
    assert "Warehouse" in page and page.count("cgm_") == 1  # the prefix only


def test_officers_see_late_partner_data(client, indicators, council):
    client.force_login(make_user("officer", Role.OFFICER, council))
    page = client.get(reverse("measures:late")).content.decode()
    # Owned by the police, annual, last figure the 2017 baseline: long overdue.
    assert "Residents satisfied with their area as a place to live" in page
    assert "Reported hate crimes" not in page  # no figure and no baseline to count from


def test_unpublished_indicators_are_not_public(client, indicators):
    actions.unpublish_indicator(indicators["hate-crimes"])
    assert client.get(reverse("measures:indicator", args=["hate-crimes"])).status_code == 404
    assert client.get(reverse("measures:indicator_csv", args=["hate-crimes"])).status_code == 404
    assert client.get("/api/measures/indicators/hate-crimes").status_code == 404


def test_maps_show_real_ward_boundaries(client, figures):
    assert Area.objects.filter(level="ward", boundary__isnull=False).count() == 5
    page = client.get(reverse("measures:indicator", args=["hate-crimes"])).content.decode()
    assert "Map of 5 areas for 2021" in page


def test_a_withheld_figure_cannot_be_worked_out_by_subtraction(client, figures):
    """Baildon's 3 is withheld; so is the next-smallest ward (55), on every output alike.

    Otherwise the District's 1,810 minus the published wards would give it away; and the
    District's faith count (4) would follow from 1,810 minus its race count, so that goes too.
    """
    csv_text = client.get(reverse("measures:indicator_csv", args=["hate-crimes"])).content.decode()
    complement = [line for line in csv_text.splitlines() if "E05001342" in line]
    assert len(complement) == 3 and all(",[c]," in line for line in complement)
    race = [line for line in csv_text.splitlines() if "strand=race" in line]
    assert race and all(",[c]," in line for line in race)
    tong = [line for line in csv_text.splitlines() if "E05001365" in line]
    assert tong and not any("[c]" in line for line in tong)  # two withheld wards suffice
    data = json.loads(client.get(reverse("measures:indicator_json", args=["hate-crimes"])).content)
    assert all(f["suppressed"] for f in data["figures"] if f["area_code"] == "E05001342")
    api = client.get("/api/measures/indicators/hate-crimes/observations?area=E05001342").json()
    assert api["count"] == 3 and all(f["value"] is None for f in api["figures"])
    page = client.get(reverse("measures:indicator", args=["hate-crimes"])).content.decode()
    assert "cannot be worked out by subtraction" in page  # the rule, stated beside the figures
    assert ">55<" not in page  # neither on the map's table nor in its labels
    profile = client.get(reverse("measures:area", args=["E05001342"])).content.decode()
    assert "[c]" in profile and ">55<" not in profile


def test_measures_published_only_by_breakdown_appear_on_ward_profiles(client, indicators, police):
    rows = [
        "satisfied-with-area,E05001365,2021,sex=female,,50,80",
        "satisfied-with-area,E05001365,2021,sex=male,,40,80",
        "satisfied-with-area,E08000032,2021,sex=female,,900,1200",
    ]
    upload = actions.receive_upload(
        police, file_name="s.csv", content=(HEADER + "\n".join(rows)).encode(), actor_label="t"
    )
    assert actions.accept_upload(upload).status == "accepted", upload.report

    page = client.get(reverse("measures:area", args=["E05001365"])).content.decode()

    assert "Only by breakdown: sex: female" in page and "Only by breakdown: sex: male" in page
    assert "62.5%" in page and "50.0%" in page  # Tong's women 50/80, men 40/80
    assert "75.0%" in page  # the District's women, 900/1200, beside Tong's


def test_a_correction_that_ends_the_small_number_publishes_its_complement(client, figures, police):
    """Decisions are reused only while a table's figures are unchanged."""
    url = reverse("measures:indicator_csv", args=["hate-crimes"])
    line = next(x for x in client.get(url).content.decode().splitlines() if "E05001342" in x)
    assert ",[c]," in line
    upload = actions.receive_upload(
        police, file_name="fix.csv", content=(HEADER + "hate-crimes,E05001341,2019,,30,,").encode()
    )
    assert actions.accept_upload(upload).status == "accepted", upload.report

    rows = client.get(url).content.decode().splitlines()

    bingley_2019 = next(x for x in rows if "E05001342" in x and ",2019," in x)
    assert ",55," in bingley_2019  # Baildon's 30 needs no protection
    assert ",[c]," in next(x for x in rows if "E05001342" in x and ",2021," in x)
