"""Demo data for schools: the real January 2023 school census from the shared data, if present."""

from collections.abc import Callable

from commonground.paths import shared_dir

FILE = "schools_2022-23_bradford_plus10km_ethnicity_latlong.csv"


def load_demo(say: Callable[[str], None]) -> list:
    """Load the shared school census (idempotent); no demo accounts."""
    from .loader import load_schools

    path = shared_dir() / "data" / "uk" / "schools" / FILE
    if not path.is_file():
        say(f"Schools: {path} not found, no schools loaded.")
        return []
    result = load_schools(path)
    say(
        f"Schools: {result.schools_created} added, {result.schools_updated} updated "
        f"({result.year} census)."
    )
    return []
