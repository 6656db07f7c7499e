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
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "TASK_BACKEND"}}
    env.update(COMMONGROUND_VAR_DIR=str(tmp_path), PYTHONPATH="src", LOG_LEVEL="ERROR")
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read().decode()


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
    finally:
        server.terminate()
        server.wait(timeout=20)
