"""``commonground safety delete-personal-details``: the retention rule, run daily (cron or a
scheduler). ``commonground safety hotspots`` is the pure CLI (commonground.spatial)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser

from commonground.safety import actions


class Command(BaseCommand):
    help = (
        "Feeling Safe: delete personal details of reports closed longer ago than "
        "SAFETY_RETENTION_DAYS."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["delete-personal-details"])

    def handle(self, *args, **options) -> None:
        cleared = actions.delete_personal_details(actor_label="command line")
        self.stdout.write(
            f"Personal details deleted from {cleared} report(s) closed more than "
            f"{actions.retention_days()} days ago."
        )
