"""Background tasks of the core app (Django's tasks framework).

Loading areas may be run again safely: `load_district` saves every area in one transaction
with `update_or_create` on its code, so a rerun leaves the same areas, never two of one.
"""

from pathlib import Path

from django.tasks import task
from django.utils.translation import gettext_lazy as _

from commonground.core.areas.loader import load_district
from commonground.core.areas.sources import read_district
from commonground.core.jobs import Subject, recoverable


def _subject(args: list, kwargs: dict) -> Subject:
    return Subject(label=str(args[0]))


@recoverable(time_limit=900, title=_("Load a district's areas"), subject=_subject)
@task()
def load_areas_task(district_code: str, data_dir: str) -> dict[str, int]:
    """Reload a district's geography off the request path (it takes a few seconds)."""
    return load_district(read_district(Path(data_dir), district_code))
