"""The `commonground` command.

`commonground pb …` and `commonground measures segregation …` run pure computation
packages without starting Django (they need no database).
Every other word is a Django management command, with hyphens for underscores, so
`commonground load-strategy FILE` is `manage.py load_strategy FILE` and
`commonground fund import-pb FILE` is `manage.py fund import-pb FILE`.
"""

import importlib
import os
import sys

# Commands served by packages that never import Django: (leading words) → module with main().
PURE_COMMANDS: dict[tuple[str, ...], str] = {
    ("pb",): "commonground.pb.cli",
    ("measures", "segregation"): "commonground.segregation.cli",
    ("consult", "code"): "commonground.textanalysis.cli_code",
    ("consult", "themes"): "commonground.textanalysis.cli_themes",
}

SHORTCUTS = {
    "demo": "Migrate, load Bradford's strategy, areas and demo data, then serve on :8000.",
    "serve": "Serve the platform (gunicorn) with an in-process task worker.",
    "load-strategy": "Validate and load a programme strategy file (YAML or JSON).",
    "load-areas": "Load a district's wards, MSOAs and LSOAs with boundaries from ONS data.",
    "pb": "Participatory-budgeting engine: compute, compare, analyse .pb files.",
    "measures segregation": "Segregation and diversity indices from area counts (CSV).",
    "consult code": "Suggest codebook topics for consultation responses (JSONL/CSV).",
    "consult themes": "Propose themes (a codebook) from consultation responses.",
}


def _usage() -> str:
    lines = ["usage: commonground COMMAND [ARGS…]", "", "Commands:"]
    lines += [f"  {name:<22} {text}" for name, text in SHORTCUTS.items()]
    lines += ["", "Any Django management command also works, e.g. `commonground migrate`."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(_usage())
        return 0
    for words, module in PURE_COMMANDS.items():
        if tuple(args[: len(words)]) == words:
            return importlib.import_module(module).main(args[len(words) :])
    command, rest = args[0], args[1:]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commonground.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["commonground", command.replace("-", "_"), *rest])
    return 0


if __name__ == "__main__":
    sys.exit(main())
