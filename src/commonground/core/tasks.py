"""Background tasks of the core app (Django's tasks framework)."""

from pathlib import Path

from django.tasks import task

from commonground.core.areas.loader import load_district
from commonground.core.areas.sources import read_district


@task()
def load_areas_task(district_code: str, data_dir: str) -> dict[str, int]:
    """Reload a district's geography off the request path (it takes a few seconds)."""
    return load_district(read_district(Path(data_dir), district_code))
