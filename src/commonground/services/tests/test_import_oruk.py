"""`commonground services import-oruk FILE.json`: all or nothing, ids kept, served back."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from commonground.core.models import AuditEvent
from commonground.services.models import Attribute, Location, Organization, Service

from .oruk_schemas import EXAMPLES, validate


def _example(name: str) -> dict:
    return json.loads((EXAMPLES / f"{name}.json").read_text())


pytestmark = pytest.mark.skipif(not EXAMPLES.exists(), reason="shared ORUK examples not present")


def _write(tmp_path, items, name="services.json"):
    path = tmp_path / name
    path.write_text(json.dumps(items, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


def test_round_trip_of_the_published_example(client, db, tmp_path):
    full = _example("service_full")
    path = _write(tmp_path, [full])
    call_command("services", "import-oruk", str(path))
    served = client.get(f"/openreferral/services/{full['id']}").json()
    assert validate("service", served) == []
    assert served.pop("organization_id") == full["organization"]["id"]
    assert served == full
    assert AuditEvent.objects.filter(action="services.imported").count() == 1


def test_list_contents_import_and_reimport_keeps_ids(client, db, tmp_path):
    items = _example("service_list")["contents"]
    path = _write(tmp_path, items)
    call_command("services", "import-oruk", str(path))
    call_command("services", "import-oruk", str(path))  # again: updated, not doubled
    assert Service.objects.count() == 1 and Organization.objects.count() == 1
    page = client.get("/openreferral/services").json()
    assert [s["id"] for s in page["contents"]] == [items[0]["id"]]
    assert validate("service_list", page) == []


def _bad_cases():
    full = _example("service_full")
    status = copy.deepcopy(full) | {"status": "open"}
    no_name = copy.deepcopy(full)
    del no_name["name"]
    bad_city = copy.deepcopy(full)
    del bad_city["service_at_locations"][0]["location"]["addresses"][0]["city"]
    bad_email = copy.deepcopy(full) | {"email": "not an email"}
    bad_id = copy.deepcopy(full)
    bad_id["schedules"][0]["id"] = "48102e86"
    bad_time = copy.deepcopy(full)
    bad_time["schedules"][0]["opens_at"] = "ten o'clock"
    same_hours = copy.deepcopy(full)  # neither "closed" nor "all day": refused
    same_hours["schedules"][0] |= {"opens_at": "22:00:00", "closes_at": "22:00"}
    return {
        "status": status,
        "name": no_name,
        "service_at_locations[0].location.addresses[0].city": bad_city,
        "email": bad_email,
        "schedules[0].id": bad_id,
        "schedules[0].opens_at": bad_time,
        "schedules[0].closes_at": same_hours,
    }


@pytest.mark.parametrize("field", list(_bad_cases()))
def test_bad_item_imports_nothing_and_names_file_item_field(db, tmp_path, capsys, field):
    good = _example("service_list")["contents"][0]
    bad = _bad_cases()[field] | {"id": "0f0f0f0f-d857-441c-9679-408f346de14b"}
    path = _write(tmp_path, [good, bad], "bad.json")
    with pytest.raises(SystemExit) as exit_:
        call_command("services", "import-oruk", str(path))
    assert exit_.value.code == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1
    assert str(path) in lines[0] and "item 1" in lines[0] and f"field {field}:" in lines[0]
    line = int(lines[0].split(":")[1])
    assert path.read_text().splitlines()[line - 1].strip() == "{"  # where item 1 starts
    assert Service.objects.count() == 0 and Organization.objects.count() == 0
    assert Location.objects.count() == 0


def test_not_json_and_not_an_array(db, tmp_path, capsys):
    broken = tmp_path / "broken.json"
    broken.write_text('[{"id": ]')
    wrapper = _write(tmp_path, _example("service_list"), "page.json")
    for path, words in ((broken, "not valid JSON"), (wrapper, "expected a JSON array")):
        with pytest.raises(SystemExit) as exit_:
            call_command("services", "import-oruk", str(path))
        assert exit_.value.code == 2
        err = capsys.readouterr().err.strip()
        assert err.startswith(str(path) + ":") and words in err and "\n" not in err
    assert Service.objects.count() == 0


def test_duplicate_ids_and_unknown_terms_are_refused(db, tmp_path, capsys):
    item = _example("service_list")["contents"][0]
    path = _write(tmp_path, [item, item], "twice.json")
    with pytest.raises(SystemExit):
        call_command("services", "import-oruk", str(path))
    assert "item 1, field id:" in capsys.readouterr().err
    orphan = copy.deepcopy(item) | {
        "attributes": [
            {
                "id": "ae58cc39-8b70-4ab1-8aea-786882e5ac8e",
                "taxonomy_term_id": "3f7b145d-84af-42d7-8fae-eaca714b02b2",
            }
        ]
    }
    path = _write(tmp_path, [orphan], "orphan.json")
    with pytest.raises(SystemExit):
        call_command("services", "import-oruk", str(path))
    assert "item 0, field attributes[0].taxonomy_term_id:" in capsys.readouterr().err
    assert Service.objects.count() == 0 and Attribute.objects.count() == 0


def test_the_command_line_exits_2_with_one_line(tmp_path):
    """Through the real `commonground` entry point (a bad file is refused before the database
    is opened, so an empty database will do)."""
    bad = _example("service_full") | {"status": "open"}
    path = _write(tmp_path, [bad], "bad.json")
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "commonground.settings",
    }
    result = subprocess.run(
        [str(Path(sys.executable).with_name("commonground")), "services", "import-oruk", str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"{path}:2: item 0, field status: 'open' is not one of"
        " ['active', 'inactive', 'defunct', 'temporarily closed']"
    ]


def test_a_session_past_midnight_imports_and_is_served_back(client, db, tmp_path):
    item = _example("service_full")
    item["schedules"] = item["schedules"][:1]
    item["schedules"][0] |= {"opens_at": "22:00:00", "closes_at": "02:00:00", "byday": "FR"}
    call_command("services", "import-oruk", str(_write(tmp_path, [item])))
    served = client.get(f"/openreferral/services/{item['id']}").json()
    assert (served["schedules"][0]["opens_at"], served["schedules"][0]["closes_at"]) == (
        "22:00:00",
        "02:00:00",
    )
