"""`commonground fund …`: import past rounds from Pabulib files, show or compute results.

commonground fund import-pb FILE.pb [--title T] [--slug S]   → prints the new round's id
commonground fund results ROUND_ID [--json] [--rule RULE]
commonground fund export-pb ROUND_ID [--pot KEY] [-o FILE]
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify

from commonground.pb import PabulibError, compute, read_pb, write_pb_string

from ... import actions, engine
from ...exports import pabulib_export
from ...models import Round
from ...rules import OPERATOR


class Command(BaseCommand):
    help = "Innovation Fund rounds: import-pb, results, export-pb."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        imp = sub.add_parser("import-pb", help="Create a closed round from a Pabulib .pb file.")
        imp.add_argument("file")
        imp.add_argument("--title", default="")
        imp.add_argument("--slug", default="")
        res = sub.add_parser("results", help="Compute (or show) a round's result.")
        res.add_argument("round_id", type=int)
        res.add_argument("--json", action="store_true", help="Print JSON.")
        res.add_argument(
            "--rule", default="", help="Compute with another rule (not stored), e.g. greedy."
        )
        exp = sub.add_parser("export-pb", help="Write a round's pot as an anonymised .pb file.")
        exp.add_argument("round_id", type=int)
        exp.add_argument("--pot", default="district")
        exp.add_argument("-o", "--output", default="-")

    def handle(self, *args, **options):
        return getattr(self, "_" + options["subcommand"].replace("-", "_"))(options)

    def _import_pb(self, options) -> None:
        path = Path(options["file"])
        try:
            election = read_pb(path)
        except PabulibError as error:  # one line, FILE:LINE: what; exit 2 as `commonground pb`
            raise CommandError(str(error), returncode=2) from error
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror or error}", returncode=2) from error
        title = options["title"] or election.meta.get("description") or path.stem
        slug = options["slug"] or _unique_slug(slugify(path.stem)[:70] or "imported")
        round_ = actions.import_election(
            actor=OPERATOR, election=election, title=title, slug=slug, source=path.name
        )
        self.stdout.write(str(round_.pk))

    def _results(self, options) -> None:
        try:
            round_ = Round.objects.get(pk=options["round_id"])
        except Round.DoesNotExist:
            raise CommandError(f"no round {options['round_id']}") from None
        if options["rule"]:
            pots = [
                (pot, compute(engine.build_election(round_, pot), options["rule"]))
                for pot in round_.pots
            ]
            data = [
                {
                    "pot": pot.key,
                    "rule": outcome.rule,
                    "selected": outcome.selected,
                    "total_cost": outcome.to_dict()["total_cost"],
                    "budget": outcome.to_dict()["budget"],
                }
                for pot, outcome in pots
            ]
        else:
            try:
                snapshots = actions.compute_results(actor=OPERATOR, round_=round_)
            except Exception as error:
                raise CommandError(str(error)) from error
            data = [
                {
                    "pot": s.pot_key,
                    "rule": s.rule,
                    "selected": s.selected,
                    "total_cost": s.outcome["total_cost"],
                    "budget": s.outcome["budget"],
                }
                for s in snapshots
            ]
        if options["json"]:
            # One pot (the usual case): the object itself; several: a list of objects.
            out = data[0] if len(data) == 1 else data
            if len(data) == 1:
                out = {k: v for k, v in out.items() if k != "pot"}
            self.stdout.write(json.dumps(out))
            return
        for item in data:
            self.stdout.write(
                f"{round_.title} [{item['pot']}] {item['rule']}: {len(item['selected'])} projects,"
                f" cost {item['total_cost']} of {item['budget']}"
            )
            self.stdout.write("  selected: " + ", ".join(item["selected"]))

    def _export_pb(self, options) -> None:
        round_ = Round.objects.get(pk=options["round_id"])
        text = write_pb_string(pabulib_export(round_, options["pot"]))
        if options["output"] == "-":
            self.stdout.write(text, ending="")
        else:
            Path(options["output"]).write_text(text, encoding="utf-8")


def _unique_slug(base: str) -> str:
    slug, n = base, 1
    while Round.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug
