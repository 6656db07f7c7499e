"""`commonground services …`: the services directory from the command line.

commonground services import-oruk FILE.json   → loads a JSON array of ORUK 3.0 services

On a bad file nothing is imported: one line on stderr names the file, the line where the item
starts, the item's index (from 0) and the field; the exit status is 2.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from ... import actions
from ...oruk.reader import OrukFileError


class Command(BaseCommand):
    help = "Services directory: import-oruk."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        imp = sub.add_parser(
            "import-oruk",
            help="Load a JSON array of Open Referral UK 3.0 services (ids kept); all or nothing.",
        )
        imp.add_argument("file")

    def handle(self, *args, **options):
        return getattr(self, "_" + options["subcommand"].replace("-", "_"))(options)

    def _import_oruk(self, options) -> None:
        try:
            saved = actions.import_file(path=Path(options["file"]))
        except OrukFileError as error:
            self.stderr.write(str(error))
            raise SystemExit(2) from None
        self.stdout.write(f"{options['file']}: imported {len(saved)} services")
