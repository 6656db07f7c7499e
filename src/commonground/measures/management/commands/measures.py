"""`commonground measures SUBCOMMAND`: sync-strategy, load-census, upload, issue-token, late.

(`commonground measures segregation …` is the pure CLI of commonground.segregation and never
reaches Django; see commonground/cli.py.)
"""

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from commonground.core.models import Organisation


class Command(BaseCommand):
    help = "Measures: sync indicators from the strategy, load census figures, upload files."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        sub.add_parser(
            "sync-strategy",
            help="Create or update indicators from the current strategy's baseline figures.",
        )
        census = sub.add_parser(
            "load-census", help="Define the census-derived indicators and store their figures."
        )
        census.add_argument("--data-dir", help="Folder holding census2021/ (default: shared)")
        census.add_argument("--only", action="append", help="Only this indicator (repeatable).")
        upload = sub.add_parser("upload", help="Check and load a CSV or XLSX of figures.")
        upload.add_argument("file")
        upload.add_argument("--organisation", required=True, help="Slug of the organisation.")
        upload.add_argument("--user", help="Username to record as the uploader.")
        token = sub.add_parser("issue-token", help="Issue an API token for an organisation.")
        token.add_argument("--organisation", required=True)
        token.add_argument("--name", required=True, help="Which system will use it.")
        sub.add_parser("late", help="List indicators whose partner figures are overdue.")

    def handle(self, *args, **options):
        handler = {
            "sync-strategy": self.sync_strategy,
            "load-census": self.load_census,
            "upload": self.upload,
            "issue-token": self.issue_token,
            "late": self.late,
        }[options["subcommand"]]
        return handler(options)

    def sync_strategy(self, options) -> None:
        from commonground.measures.strategy import sync_strategy

        try:
            result = sync_strategy()
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(result.summary())

    def load_census(self, options) -> None:
        from commonground.measures.census import load_census

        data_dir = Path(options["data_dir"]) if options.get("data_dir") else None
        try:
            result = load_census(data_dir, only=options.get("only"))
        except (ValueError, OSError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(result.summary())

    def _organisation(self, slug: str) -> Organisation:
        try:
            return Organisation.objects.get(slug=slug)
        except Organisation.DoesNotExist:
            raise CommandError(f"no organisation has the slug {slug!r}") from None

    def upload(self, options) -> None:
        """Check and load a file in process, with a progress bar.

        Exit 0: accepted. Exit 2: the file was refused (each problem on a line naming its
        row and column; nothing saved). Exit 1: the platform failed; the upload is then marked
        `failed` with the message, never left `validating`.
        """
        from django.conf import settings
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        from commonground.measures.actions import accept_upload, fail_upload, receive_upload
        from commonground.measures.models import UploadStatus, UploadVia

        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        organisation = self._organisation(options["organisation"])
        user = None
        if options.get("user"):
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"no user is called {options['user']!r}")
        if path.suffix.lower() not in {".csv", ".xlsx"}:
            self.stderr.write(f"{path}: row 1: the file must be a .csv or an .xlsx file")
            sys.exit(2)
        limit = settings.MEASURES_UPLOAD_MAX_BYTES
        if path.stat().st_size > limit:
            self.stderr.write(
                f"{path}: row 1: the file is larger than {limit // 1024**2} MB: split it"
            )
            sys.exit(2)
        upload = receive_upload(
            organisation,
            file_name=path.name,
            content=path.read_bytes(),
            user=user,
            via=UploadVia.CLI,
            actor_label=user.get_username() if user else "cli",
        )
        console = Console(file=self.stdout._out, stderr=False)
        try:
            with Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                console=console,
                transient=not console.is_terminal,
            ) as bar:
                tasks: dict[str, int] = {}

                def progress(phase: str, done: int, total: int) -> None:
                    label = {"checking": "Checking rows", "saving": "Saving figures"}[phase]
                    if phase not in tasks:
                        tasks[phase] = bar.add_task(label, total=total or None)
                    bar.update(tasks[phase], completed=done, total=max(total, done) or None)

                upload = accept_upload(upload, progress=progress)
        except Exception as error:  # a platform failure, not the partner's data
            fail_upload(upload, f"{type(error).__name__}: {error}")
            self.stderr.write(
                f"Upload {upload.pk} failed: {type(error).__name__}: {error}; nothing was saved."
            )
            sys.exit(1)
        if upload.status == UploadStatus.ACCEPTED:
            self.stdout.write(
                f"Upload {upload.pk} accepted: {upload.rows_total} rows, {upload.rows_created} "
                f"figures added, {upload.rows_corrected} corrected, {upload.rows_unchanged} "
                "unchanged."
            )
            return None
        self.stderr.write(
            f"Upload {upload.pk} rejected: {upload.error_count} problem(s); nothing was saved."
        )
        for problem in upload.report[:50]:
            column = f", column {_printable(problem['column'])}" if problem["column"] else ""
            value = problem.get("value") or ""
            cell = (
                f" (the cell holds {value!r})" if value and value not in problem["message"] else ""
            )
            message = _printable(problem["message"] + cell)
            self.stderr.write(f"  row {problem['row']}{column}: {message}")
        if upload.error_count > 50:
            self.stderr.write(f"  … and {upload.error_count - 50} more")
        sys.exit(2)

    def issue_token(self, options) -> None:
        from commonground.measures.actions import issue_token

        organisation = self._organisation(options["organisation"])
        token, raw = issue_token(organisation, name=options["name"], actor_label="cli")
        self.stdout.write(f"Token for {organisation} ({token.name}), shown only this once:")
        self.stdout.write(raw)

    def late(self, options) -> None:
        from commonground.measures.queries import late_indicators

        rows = late_indicators()
        if not rows:
            self.stdout.write("No partner figures are late.")
        for row in rows:
            self.stdout.write(
                f"{row.indicator.slug}: {row.owner} — due {row.due:%Y-%m-%d}, "
                f"{row.days_late} days late (latest period: {row.latest_period or 'none'})"
            )


def _printable(text: str) -> str:
    """One line whatever a file held: control characters (form feeds, NULs…) as escapes."""
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in str(text))
