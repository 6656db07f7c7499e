"""`commonground people …`: the community voice panel from the command line.

commonground people erase-expired
    erases the details of every respondent whose deletion date has passed (contact details
    deleted, characteristics blanked; serving panel members wait until their term ends).
    Run it daily, from cron or a scheduler; it is idempotent.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from ... import actions


class Command(BaseCommand):
    help = "The community voice panel: erase details past their deletion date."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser(
            "erase-expired",
            help="Erase the details of respondents whose deletion date has passed.",
        )

    def handle(self, *args, **options):
        erased = actions.erase_expired()
        self.stdout.write(f"erased the details of {erased} respondents past their deletion date")
