"""Checks that a computation package stays free of Django.

The pure packages (pb, segregation, textanalysis, consultstats) are run by the CLI without
Django and benchmarked alone, so each has a test that no module imports Django and that
running it leaves Django unloaded. This module is the one implementation of both checks.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

SRC_DIR = Path(__file__).resolve().parents[2]


def _is_django(name: str) -> bool:
    return name == "django" or name.startswith("django.")


def django_imports(package_dir: Path) -> list[str]:
    """Every `import django…` in the package's modules, as "path:line: module"."""
    found = []
    for path in sorted(package_dir.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            else:
                continue
            found += [f"{path}:{node.lineno}: {name}" for name in names if _is_django(name)]
    return found


def loads_django(code: str) -> bool:
    """Run `code` in a fresh interpreter (no Django settings) and say whether Django got loaded."""
    report = "import sys\nprint(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    probe = f"{code}\n{report}\n"
    env = {**os.environ, "PYTHONPATH": str(SRC_DIR)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
    )
    return result.stdout.strip().splitlines()[-1] == "True"
