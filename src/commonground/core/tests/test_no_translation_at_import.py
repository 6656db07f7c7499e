"""No module translates text when it is imported.

A module is imported once, in whatever language the first request (or the command) had, so a
label made with ``gettext`` at module or class level stays in that language for every reader
afterwards: the mixing-challenges badges showed in English on Urdu and Polish pages. Text
made at import must be lazy (``gettext_lazy``); ``gettext`` belongs inside functions.
"""

import ast
from pathlib import Path

import commonground

EAGER = {"gettext", "ngettext", "pgettext", "npgettext"}
ROOT = Path(commonground.__file__).parent


def _eager_names(tree: ast.Module) -> set[str]:
    """Local names bound to django.utils.translation's eager functions."""
    names = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
            names |= {alias.asname or alias.name for alias in node.names if alias.name in EAGER}
    return names


def _import_time_calls(node: ast.AST, names: set[str]):
    """Calls to ``names`` run when the module is imported (not inside a function body)."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        for decorator in getattr(node, "decorator_list", []):
            yield from _import_time_calls(decorator, names)
        return
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names:
        yield node
    for child in ast.iter_child_nodes(node):
        yield from _import_time_calls(child, names)


def test_no_module_translates_when_imported():
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = _eager_names(tree)
        if names:
            found += [
                f"{path.relative_to(ROOT)}:{call.lineno}"
                for call in _import_time_calls(tree, names)
            ]
    assert found == [], "translated at import (use gettext_lazy): " + ", ".join(found)


def test_the_check_finds_an_eager_label():
    tree = ast.parse(
        "from django.utils.translation import gettext as _\n"
        "LABEL = _('Hello')\n"
        "def later():\n    return _('Fine')\n"
    )
    assert [c.lineno for c in _import_time_calls(tree, _eager_names(tree))] == [2]
