"""Shared set-up for the measures benchmarks: a fresh SQLite database with Bradford's areas.

Each benchmark runs in its own process with its own database file under a temporary
directory, so it never touches var/commonground.sqlite3.
"""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(name: str) -> Path:
    """Point Django at a new SQLite file, set it up and migrate; returns the temp folder."""
    folder = Path(tempfile.mkdtemp(prefix=f"cg-{name}-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ["COMMONGROUND_VAR_DIR"] = str(folder)
    os.environ.setdefault("SECRET_KEY", "benchmark")
    os.environ["TASK_BACKEND"] = "immediate"
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    os.environ.setdefault("HTTPS", "false")  # the test client speaks plain HTTP
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commonground.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return folder


def load_areas() -> None:
    """Bradford's district, 30 wards, 61 MSOAs and LSOAs with real boundaries (shared data),
    or a synthetic grid of the same size when the shared data is not there."""
    from django.conf import settings

    from commonground.core.models import Area

    uk = settings.SHARED_DIR / "data" / "uk"
    if (uk / "boundaries").exists():
        from commonground.core.areas.loader import load_district
        from commonground.core.areas.sources import read_district

        load_district(read_district(uk, "E08000032"))
        return
    district = Area.objects.create(code="E08000032", name="Bradford", level="district")
    for w in range(30):
        x, y = -1.95 + (w % 6) * 0.05, 53.75 + (w // 6) * 0.04
        ring = [[x, y], [x + 0.05, y], [x + 0.05, y + 0.04], [x, y + 0.04], [x, y]]
        ward = Area.objects.create(
            code=f"E05{w:06d}",
            name=f"Ward {w}",
            level="ward",
            parent=district,
            boundary={"type": "Polygon", "coordinates": [ring]},
        )
        for n in range(w * 310 // 30, (w + 1) * 310 // 30):
            Area.objects.create(code=f"E01{n:06d}", name=f"LSOA {n}", level="lsoa", parent=ward)
