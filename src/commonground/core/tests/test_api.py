"""The JSON API: areas and the strategy as open data, with an OpenAPI schema.

The schema is checked with schemathesis: generated requests to every core endpoint must
get responses that conform to the schema and never a server error.
"""

import importlib
import inspect

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from ninja import Schema

from commonground.testing.api import check_api_conforms

STRATEGY = settings.BASE_DIR / "data" / "strategies" / "bradford-2018-2023.yaml"


@pytest.fixture
def bradford(db):
    call_command("load_areas", verbosity=0)
    call_command("load_strategy", str(STRATEGY), verbosity=0)


def test_core_api_conforms_to_its_schema(bradford, wsgi_in_test_transaction):
    """Every operation, with generated parameters, answers as its schema says."""
    assert check_api_conforms(wsgi_in_test_transaction, "/api/core/") >= 4


def test_areas_filter_by_level_and_parent(client, bradford):
    wards = client.get("/api/core/areas", {"level": "ward"}).json()
    assert len(wards) == 30
    tong = next(w for w in wards if w["name"] == "Tong")
    assert tong == {
        "code": "E05001365",
        "name": "Tong",
        "level": "ward",
        "parent_code": "E08000032",
        "population": tong["population"],
    }
    lsoas = client.get("/api/core/areas", {"parent": "E05001365"}).json()
    assert lsoas and {a["level"] for a in lsoas} == {"lsoa"}


def test_an_area_comes_with_its_boundary_and_children(client, bradford):
    tong = client.get("/api/core/areas/E05001365").json()
    assert tong["boundary"]["type"] in {"Polygon", "MultiPolygon"}
    assert len(tong["children"]) >= 5
    assert client.get("/api/core/areas/E09999999").status_code == 404


def test_strategy_and_its_baseline_figures(client, bradford):
    strategy = client.get("/api/core/strategy").json()
    assert [p["name"] for p in strategy["pillars"]] == [
        "Getting On",
        "Getting Along",
        "Getting Involved",
        "Feeling Safe",
    ]
    figures = {f["key"]: f for f in client.get("/api/core/strategy/figures").json()}
    hate = next(f for f in figures.values() if f["value"] == 1624)
    assert hate["unit"] == "count" and hate["source"]
    safe = client.get("/api/core/strategy/figures", {"pillar": "feeling-safe"}).json()
    assert safe and {f["pillar"] for f in safe} == {"feeling-safe"}


def test_the_openapi_schema_and_its_docs_page_work_offline(client, db):
    schema_doc = client.get("/api/openapi.json").json()
    assert schema_doc["info"]["title"] == "Common Ground API"
    docs = client.get("/api/docs").content.decode()
    assert "cdn." not in docs and "/static/ninja/" in docs


def test_schema_names_are_unique_across_apps():
    """django-ninja merges OpenAPI components by class name, so two apps' `FigureOut`
    would silently share one schema; every app's schema classes need distinct names."""
    seen: dict[str, str] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("commonground."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.api")
        except ModuleNotFoundError:
            continue
        for name, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, Schema) and obj.__module__ == module.__name__:
                assert name not in seen, f"{name} is defined in {seen.get(name)} and {module}"
                seen[name] = module.__name__
