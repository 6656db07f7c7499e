from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from rich.progress import Progress

from commonground.core.areas.loader import load_district
from commonground.core.areas.sources import AreaDataError, read_district


class Command(BaseCommand):
    help = "Load a district's wards, MSOAs and LSOAs (codes, names, boundaries, population)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--district", default="E08000032", help="ONS code of the local authority district."
        )
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=settings.SHARED_DIR / "data" / "uk",
            help="Folder laid out like shared/data/uk (lookups/, census2021/, boundaries/).",
        )
        parser.add_argument(
            "--background",
            action="store_true",
            help="Queue the load as a background task and print its id.",
        )

    def handle(self, *args, district: str, data_dir: Path, **options):
        if options["background"]:
            from commonground.core.tasks import load_areas_task

            result = load_areas_task.enqueue(district, str(data_dir))
            self.stdout.write(result.id)
            return
        try:
            areas = read_district(data_dir, district)
        except AreaDataError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        total = len(areas.all())
        with Progress(transient=True, disable=options["verbosity"] == 0) as bar:
            task = bar.add_task(f"Loading {areas.district.name}", total=total)
            counts = load_district(areas, progress=lambda n: bar.advance(task, n))
        if options["verbosity"]:
            summary = ", ".join(f"{n} {level}" for level, n in counts.items())
            self.stdout.write(f"Loaded {areas.district.name} ({district}): {summary}.")
