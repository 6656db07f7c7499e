"""`commonground referrals …`: referrals from the command line.

commonground referrals anonymise [--days N]
    removes the person's details from referrals (and support plans) closed more than N days
    ago (default: the REFERRALS_RETENTION_DAYS setting, 365). Run it daily, from cron or a
    scheduler; it is idempotent.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from ... import actions


class Command(BaseCommand):
    help = "Referrals: anonymise."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        anonymise = sub.add_parser(
            "anonymise",
            help="Remove the person's details from referrals closed longer than the retention "
            "period (REFERRALS_RETENTION_DAYS, default 365).",
        )
        anonymise.add_argument("--days", type=int, default=None)

    def handle(self, *args, **options):
        return getattr(self, "_" + options["subcommand"].replace("-", "_"))(options)

    def _anonymise(self, options) -> None:
        days = options["days"]
        if days is not None and days < 0:
            raise CommandError("--days must be 0 or more")
        referrals, plans = actions.anonymise_closed(days=days)
        self.stdout.write(
            f"anonymised {referrals} referrals and {plans} support plans closed more than "
            f"{actions.retention_days() if days is None else days} days ago"
        )
