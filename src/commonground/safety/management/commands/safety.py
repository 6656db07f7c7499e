"""``commonground safety delete-personal-details`` (the retention rule) and ``commonground
safety remind`` (reminders for overdue regular tension reports): run both daily, from cron or
a scheduler, as the other apps' daily commands are; each is idempotent. ``commonground safety
hotspots`` is the pure CLI (commonground.spatial)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser

from commonground.safety import actions


class Command(BaseCommand):
    help = (
        "Feeling Safe: delete-personal-details (reports closed longer ago than "
        "SAFETY_RETENTION_DAYS); remind (partners whose regular tension report is overdue)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["delete-personal-details", "remind"])
        parser.add_argument(
            "--base-url",
            default="",
            help="The site's address, to make the links in reminders absolute "
            "(e.g. https://commonground.example.org).",
        )

    def handle(self, *args, **options) -> None:
        if options["action"] == "remind":
            reminded = actions.send_tension_reminders(base_url=options["base_url"])
            self.stdout.write(f"Reminders sent for {reminded} overdue tension report(s).")
            return
        cleared = actions.delete_personal_details(actor_label="command line")
        self.stdout.write(
            f"Personal details deleted from {cleared} report(s) closed more than "
            f"{actions.retention_days()} days ago."
        )
