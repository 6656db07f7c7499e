"""The `commonground` command.

`commonground pb …` runs the PB engine without starting Django (it needs no database).
Every other word is a Django management command, with hyphens for underscores, so
`commonground load-strategy FILE` is `manage.py load_strategy FILE` and
`commonground fund import-pb FILE` is `manage.py fund import-pb FILE`.
"""

import os
import sys

SHORTCUTS = {
    "demo": "Migrate, load Bradford's strategy, areas and demo data, then serve on :8000.",
    "serve": "Serve the platform (gunicorn) with an in-process task worker.",
    "load-strategy": "Validate and load a programme strategy file (YAML or JSON).",
    "load-areas": "Load a district's wards, MSOAs and LSOAs with boundaries from ONS data.",
    "pb": "Participatory-budgeting engine: compute, compare, analyse .pb files.",
}


def _usage() -> str:
    lines = ["usage: commonground COMMAND [ARGS…]", "", "Commands:"]
    lines += [f"  {name:<15} {text}" for name, text in SHORTCUTS.items()]
    lines += ["", "Any Django management command also works, e.g. `commonground migrate`."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(_usage())
        return 0
    command, rest = args[0], args[1:]
    if command == "pb":
        from commonground.pb.cli import main as pb_main

        return pb_main(rest)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commonground.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["commonground", command.replace("-", "_"), *rest])
    return 0


if __name__ == "__main__":
    sys.exit(main())
