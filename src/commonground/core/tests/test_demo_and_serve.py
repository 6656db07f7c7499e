"""What a council officer does first: `commonground demo`, then the site answers.

Runs the real commands in their own processes on a private SQLite file, as `make demo`
does, so it runs once rather than once per database.
"""

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

pytestmark = pytest.mark.engine


@pytest.fixture
def demo_env(tmp_path) -> dict[str, str]:
    # no HTTPS either: the demo's mark must be what makes `serve` speak plain HTTP
    drop = {"DATABASE_URL", "TASK_BACKEND", "HTTPS"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(COMMONGROUND_VAR_DIR=str(tmp_path), PYTHONPATH="src", LOG_LEVEL="ERROR")
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    status, _, body = fetch(url)
    return status, body


def fetch(url: str) -> tuple[int, str, str]:
    """(status, content type, body), refusing redirects (an HTTPS redirect fails here)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    with opener.open(url, timeout=10) as response:
        return response.status, response.headers["Content-Type"], response.read().decode()


def test_demo_loads_bradford_prints_accounts_and_serves(demo_env):
    done = subprocess.run(
        [sys.executable, "-m", "commonground.cli", "demo", "--no-serve"],
        env=demo_env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "Loaded Bradford (E08000032): 1 district, 30 ward, 61 msoa, 312 lsoa." in done.stdout
    accounts = dict(re.findall(r"username: (\w+)\s+password: (\S+)", done.stdout))
    assert set(accounts) >= {"officer", "resident"}

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "commonground.cli", "serve", "--port", str(port), "--workers", "1"],
        env=demo_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                status, body = get(f"{base}/healthz")
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("the server did not answer within 20 s")
        assert status == 200
        assert json.loads(body)["checks"]["tasks"] == {"ok": True}  # details: officers only
        status, home = get(f"{base}/")
        assert status == 200
        assert "Getting On" in home
        status, css = get(f"{base}/static/build/commonground.css")
        assert status == 200 and "govuk" in css
        # the contracts of issues 14 and 19, on the demo's data over plain HTTP
        status, kind, body = fetch(f"{base}/openreferral/services?search=ESOL&per_page=50")
        assert status == 200 and kind.startswith("application/json")
        names = [service["name"] for service in json.loads(body)["contents"]]
        assert names and all("ESOL" in name or "English" in name for name in names), names
        status, kind, body = fetch(f"{base}/events.ics")
        assert status == 200 and kind.startswith("text/calendar")
        assert body.startswith("BEGIN:VCALENDAR") and "BEGIN:VEVENT" in body
    finally:
        server.terminate()
        server.wait(timeout=20)
    # SIGTERM stopped the web process with it: nothing answers on the port any more
    with pytest.raises(OSError):
        get(f"{base}/healthz")
