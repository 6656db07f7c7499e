"""`commonground involved …`: Getting Involved from the command line.

commonground involved remind [--hours N] [--site-url URL]
    e-mails a reminder to everyone with a confirmed place at a public event starting within
    N hours (default: the INVOLVED_REMINDER_HOURS setting, 24). Run it every few minutes, from
    cron or a scheduler; it is idempotent (each registration is reminded once).
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ... import actions


class Command(BaseCommand):
    help = "Getting Involved: remind."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        remind = sub.add_parser(
            "remind",
            help="E-mail a reminder to people with a place at an event starting soon "
            "(INVOLVED_REMINDER_HOURS, default 24); each person is reminded once.",
        )
        remind.add_argument("--hours", type=int, default=None)
        remind.add_argument("--site-url", default=getattr(settings, "SITE_URL", ""))

    def handle(self, *args, **options):
        return getattr(self, "_" + options["subcommand"].replace("-", "_"))(options)

    def _remind(self, options) -> None:
        hours = options["hours"]
        if hours is not None and hours < 1:
            raise CommandError("--hours must be 1 or more")
        sent = actions.send_reminders(hours=hours, site_url=options["site_url"] or "")
        shown = actions.reminder_hours() if hours is None else hours
        self.stdout.write(f"reminded {sent} people of events starting within {shown} hours")
