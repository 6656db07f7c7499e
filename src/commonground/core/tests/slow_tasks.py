"""A real task made slow on purpose, for the fault tests that kill a worker mid-task.

It loads Bradford's real geography (the project's own idempotent loader), leaves a marker
file saying it got that far, then works on for `pause` seconds: the window in which a test
kills the worker. The next worker must rerun it to the same state, with nothing doubled.
"""

import os
import time
from pathlib import Path

from django.tasks import task

from commonground.core.areas.loader import load_district
from commonground.core.areas.sources import read_district
from commonground.core.jobs import recoverable


@recoverable(time_limit=120, max_attempts=3, title="Load areas (slow, for tests)")
@task()
def slow_load_areas(district: str, data_dir: str, marker_dir: str, pause: float) -> dict:
    counts = load_district(read_district(Path(data_dir), district))
    (Path(marker_dir) / f"loaded-{os.getpid()}").touch()
    time.sleep(pause)
    return counts


@recoverable(time_limit=1, max_attempts=2, title="Sleep past its limit (for tests)")
@task()
def sleep_past_limit(seconds: float) -> str:
    time.sleep(seconds)
    return "woke"


@recoverable(time_limit=60, max_attempts=1, title="Wait for a file (for tests)")
@task()
def wait_for_file(path: str, seconds: float) -> bool:
    """Runs until `path` exists (or `seconds` pass): a test sees it running, then lets it go."""
    deadline = time.monotonic() + seconds
    while not Path(path).exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    return Path(path).exists()
