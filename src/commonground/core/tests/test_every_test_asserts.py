"""Every test in the suite can fail: it asserts something beyond "the page answered 200".

A test with no assertion passes whatever the code does, and one that checks only a 200
status passes while the page shows the wrong figures, an empty table or an error message.
This scans every test module's syntax tree (nothing is imported or run) and names each test
that asserts nothing, or whose only assertions are that a response's status code is 200.

What counts as asserting: an ``assert`` statement; a call whose name says it checks
(``assert…``, ``expect``, ``pytest.raises``/``warns``/``fail``, ``check…``,
``django_assert_num_queries``…); or a call to a helper function, defined in any test module or
in ``commonground.testing``, that itself asserts. Refusals (403, 404, 302 to sign in) are real
behaviour and count; so do helpers that compare status codes. Timing belongs in
``benchmarks/``, so this module does not look for it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.engine

PACKAGE = Path(__file__).resolve().parents[2]  # src/commonground
CHECKING_WORDS = ("assert", "expect", "raises", "warns", "fail", "check", "verify")


def _call_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def _functions(tree: ast.AST) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def _is_200(node: ast.expr) -> bool:
    """``x.status_code == 200`` (or several joined by ``and``): a status check and nothing else."""
    if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.And):
        return all(_is_200(value) for value in node.values)
    if not (isinstance(node, ast.Compare) and len(node.ops) == 1):
        return False
    sides = [node.left, *node.comparators]
    status = any(isinstance(s, ast.Attribute) and s.attr == "status_code" for s in sides)
    two_hundred = any(isinstance(s, ast.Constant) and s.value == 200 for s in sides)
    return status and two_hundred and isinstance(node.ops[0], ast.Eq)


@dataclass
class _Body:
    asserts: list[ast.Assert]
    calls: set[str]  # every called name, `f()` and `x.f()`
    bare_calls: set[str]  # `f()` only: helpers are called by name; `subprocess.run` is no helper


def _body(function: ast.FunctionDef | ast.AsyncFunctionDef) -> _Body:
    asserts = [n for n in ast.walk(function) if isinstance(n, ast.Assert)]
    calls = [n for n in ast.walk(function) if isinstance(n, ast.Call)]
    names = {_call_name(n) for n in calls} - {""}
    bare = {n.func.id for n in calls if isinstance(n.func, ast.Name)}
    return _Body(asserts, names, bare)


def _checking_calls(body: _Body, helpers: set[str]) -> set[str]:
    return {c for c in body.calls if _checks(c)} | (body.bare_calls & helpers)


def _checks(name: str) -> bool:
    return any(word in name.lower() for word in CHECKING_WORDS)


def asserting_helpers(trees: Iterable[ast.AST]) -> set[str]:
    """Names of functions that assert, directly or through other such functions."""
    bodies: dict[str, list[_Body]] = {}
    for tree in trees:
        for function in _functions(tree):
            if not function.name.startswith("test"):
                bodies.setdefault(function.name, []).append(_body(function))
    found: set[str] = set()
    changed = True
    while changed:
        changed = False
        for name, versions in bodies.items():
            if name in found:
                continue
            for body in versions:
                if body.asserts or _checking_calls(body, found):
                    found.add(name)
                    changed = True
                    break
    return found


def weak_tests(tree: ast.AST, helpers: set[str]) -> list[tuple[int, str, str]]:
    """(line, test name, what is wrong) for each test in ``tree`` that cannot fail usefully."""
    weak = []
    for function in _functions(tree):
        if not function.name.startswith("test"):
            continue
        body = _body(function)
        checking_calls = _checking_calls(body, helpers)
        if not body.asserts and not checking_calls:
            weak.append((function.lineno, function.name, "asserts nothing"))
        elif body.asserts and not checking_calls and all(_is_200(a.test) for a in body.asserts):
            weak.append((function.lineno, function.name, "asserts only a 200 status"))
    return weak


def _test_modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("test_*.py") if "tests" in p.relative_to(PACKAGE).parts)


def _helper_modules() -> list[Path]:
    tests = {p for p in PACKAGE.rglob("*.py") if "tests" in p.relative_to(PACKAGE).parts}
    return sorted(tests | set((PACKAGE / "testing").rglob("*.py")))


def test_every_test_in_the_suite_asserts_more_than_a_200() -> None:
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in _helper_modules()}
    helpers = asserting_helpers(trees.values())
    modules = _test_modules()
    assert len(modules) > 100  # the scan really reaches every app's tests
    problems = [
        f"{path.relative_to(PACKAGE)}:{line} {name}: {what}"
        for path in modules
        for line, name, what in weak_tests(trees[path], helpers)
    ]
    assert problems == [], "tests that cannot fail usefully:\n" + "\n".join(problems)


GOOD = """
def _shows(page, text):
    assert text in page

def _shows_twice(page, text):
    _shows(page, text)
    _shows(page, text)

def test_heading(client):
    assert client.get("/").status_code == 200
    assert "Welcome" in client.get("/").content.decode()

def test_through_a_helper(client):
    _shows_twice(client.get("/").content.decode(), "Welcome")

def test_refused(client):
    assert client.get("/manage/").status_code == 403

def test_raises():
    with pytest.raises(ValueError):
        int("x")

def test_browser(page):
    expect(page.get_by_role("heading")).to_have_text("Welcome")
"""

BAD = """
def _prints(page):
    print(page)

def test_smoke(client):
    assert client.get("/").status_code == 200

def test_smoke_twice(client):
    response = client.get("/")
    assert response.status_code == 200 and client.get("/a/").status_code == 200

def test_nothing(client):
    client.get("/")

def test_prints_only(client):
    _prints(client.get("/"))

def test_runs_a_process():
    print(subprocess.run(["true"]).stdout)
"""


def test_the_scan_tells_weak_tests_from_real_ones() -> None:
    good, bad = ast.parse(GOOD), ast.parse(BAD)
    helpers = asserting_helpers([good, bad, ast.parse("def run(x):\n    assert x\n")])
    assert {"_shows", "_shows_twice", "run"} <= helpers and "_prints" not in helpers
    assert weak_tests(good, helpers) == []
    assert [(name, what) for _, name, what in weak_tests(bad, helpers)] == [
        ("test_smoke", "asserts only a 200 status"),
        ("test_smoke_twice", "asserts only a 200 status"),
        ("test_nothing", "asserts nothing"),
        ("test_prints_only", "asserts nothing"),
        ("test_runs_a_process", "asserts nothing"),  # though a helper elsewhere is named run
    ]
