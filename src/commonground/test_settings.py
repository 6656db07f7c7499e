"""Settings for the test suite: the real settings, served over plain HTTP, with templates that
fail loudly on a missing variable.

Production defaults to HTTPS (redirect, HSTS, Secure cookies) whenever DEBUG is off; the
test client and the live server for browser tests speak plain HTTP, so the suite turns
HTTPS off here, in the environment, which also reaches the processes tests start
(`commonground demo`/`serve`).

Django renders a template variable it cannot resolve (`{{ typo }}`, `{{ grant.paid_total }}`
after a rename, `{{ proposal.organisation.name }}` with no organisation) as empty text, so a
page can lose a figure and every test still pass. Here such a variable raises
`UndefinedTemplateVariable`, naming the variable, the template and the line, and the test that
rendered the page fails. `{% if %}`, `{% for %}` and `{% firstof %}` never use this setting: a
missing variable is simply false or empty there, which templates may rely on. Note that
`{{ missing|default:"–" }}` fails too (Django returns the marker before applying filters): pass
the variable, or test it with `{% if %}`. Everything else is `commonground.settings` unchanged.
"""

import copy
import inspect
import os

os.environ.setdefault("HTTPS", "false")

from commonground.settings import *  # noqa: F403
from commonground.settings import TEMPLATES as _TEMPLATES


class UndefinedTemplateVariable(Exception):
    """A template used a variable that does not exist in its context."""


def _where() -> str:
    """' in TEMPLATE, line N' for the template node being rendered, found on the call stack."""
    frame = inspect.currentframe()
    while frame is not None:
        node = frame.f_locals.get("self") if frame.f_code.co_name == "render_annotated" else None
        if node is not None and getattr(node, "origin", None) is not None:
            token = getattr(node, "token", None)
            line = f", line {token.lineno}" if token is not None else ""
            return f" in {node.origin.template_name or node.origin.name}{line}"
        frame = frame.f_back
    return ""


class FailOnUndefinedVariable(str):
    """`string_if_invalid` that raises instead of printing: Django formats it with the missing
    variable whenever it contains "%s", so formatting is where the failure is raised."""

    def __new__(cls) -> "FailOnUndefinedVariable":
        return super().__new__(cls, "%s")

    def __mod__(self, variable: object) -> str:
        raise UndefinedTemplateVariable(f"undefined template variable {variable}{_where()}")


TEMPLATES = copy.deepcopy(_TEMPLATES)
for _engine in TEMPLATES:
    if _engine["BACKEND"] == "django.template.backends.django.DjangoTemplates":
        _engine.setdefault("OPTIONS", {})["string_if_invalid"] = FailOnUndefinedVariable()
