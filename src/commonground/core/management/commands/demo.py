import importlib
import os

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, transaction

DEFAULT_STRATEGY = settings.BASE_DIR / "data" / "strategies" / "bradford-2018-2023.yaml"


def _is_embedded_database() -> bool:
    """True when the demo filled the default SQLite file under VAR_DIR (not a deployment's
    DATABASE_URL, not a test run's database)."""
    if "DATABASE_URL" in os.environ:
        return False
    return str(connection.settings_dict["NAME"]) == str(settings.VAR_DIR / "commonground.sqlite3")


class Command(BaseCommand):
    help = "Set up a demo: migrate, load Bradford's areas, strategy and demo data, then serve."

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="Load data but do not serve.")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--strategy", default=str(DEFAULT_STRATEGY))
        parser.add_argument("--district", default="E08000032")

    def handle(self, *args, **options):
        say = self.stdout.write
        call_command("migrate", interactive=False, verbosity=0)
        say("Database migrated.")
        uk = settings.SHARED_DIR / "data" / "uk"
        if uk.exists():
            call_command("load_areas", district=options["district"], data_dir=uk)
        else:
            self.stderr.write(
                f"No area data at {uk}: skipping areas (set COMMONGROUND_SHARED_DIR)."
            )
        call_command("load_strategy", options["strategy"])
        accounts = []
        for config in apps.get_app_configs():
            if not config.name.startswith("commonground."):
                continue
            try:
                module = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError:
                continue
            with transaction.atomic():
                accounts += module.load_demo(say) or []
        if _is_embedded_database():
            # the embedded database now holds a demo: `serve` on it is plain HTTP (settings)
            settings.DEMO_MARK.write_text(
                "Made by `commonground demo`: `commonground serve` on this SQLite database\n"
                "speaks plain HTTP unless HTTPS=true. Delete this file to turn HTTPS on.\n"
            )
        url = f"http://{options['host']}:{options['port']}/"
        say("")
        say(self.style.SUCCESS(f"Common Ground demo ready at {url}"))
        say("Demo accounts (new passwords on every run; sign in at /sign-in/):")
        for username, password, role in accounts:
            say(f"  {role:<18} username: {username:<10} password: {password}")
        say("")
        if not options["no_serve"]:
            # The demo is plain HTTP on this machine: no HTTPS redirect, HSTS or Secure
            # cookies for the web processes serve starts (unless HTTPS is set explicitly).
            os.environ.setdefault("HTTPS", "false")
            call_command("serve", host=options["host"], port=options["port"])
