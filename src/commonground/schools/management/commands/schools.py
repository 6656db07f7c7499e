"""`commonground schools load FILE`: load a school census file (idempotent, URNs kept).

(`commonground schools link|segregation …` are the pure CLIs of commonground.schoolmix and never
reach Django; see commonground/cli.py.)
"""

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Schools: load a school census file (pupils by ethnic group, free school meals)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        load = sub.add_parser("load", help="Check and load a school census CSV (idempotent).")
        load.add_argument("file")
        load.add_argument("--year", help="School year such as 2022/23 (default: from time_period)")

    def handle(self, *args, **options):
        from commonground.schoolmix.reader import SchoolFileError
        from commonground.schools.loader import load_schools

        try:
            result = load_schools(options["file"], year=options.get("year"))
        except (SchoolFileError, ValueError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"{result.year}: {result.schools_created} schools added, {result.schools_updated} "
            f"updated; {result.censuses_created} census rows added, {result.censuses_updated} "
            f"updated; Measures figures {result.figures or 'not published (no district loaded)'}"
        )
