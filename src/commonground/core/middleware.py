"""Refuse requests carrying control characters before anything reads them.

PostgreSQL cannot store a NUL byte in text, and no page of ours expects an escape or
other control character in a search box, a cookie or a header. Before this check such
input reached the database (a search, the session lookup, the sign-in throttle's record of
the user agent) and answered HTTP 500 to anyone. One middleware, placed before the session
and everything else that reads the request, answers 400 with the normal "bad request" page
instead, for every URL of every app, and logs the refusal on the `django.security` logger.

Tab, line feed and carriage return stay allowed in form fields and query values (a comment
has lines). Form fields are checked in `process_view`, and only where CsrfViewMiddleware
reads the body anyway (not for `csrf_exempt` views): reading a multipart body earlier would
fix its upload handlers before a view could choose them.
"""

import re
from collections.abc import Callable, Iterable

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse

# C0 controls and DEL. Text (query values, form fields, headers) may hold tab and newlines;
# paths and parameter names may not.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class InvalidInput(SuspiciousOperation):
    """Logged on `django.security.InvalidInput`; Django answers it with 400.html."""


def _first_bad(values: Iterable[str], pattern: re.Pattern[str]) -> bool:
    return any(pattern.search(value) for value in values)


class RejectControlCharactersMiddleware:
    """Answer 400 to control characters in the path, query, headers or form fields."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        self.check(request)
        return self.get_response(request)

    @staticmethod
    def check(request: HttpRequest) -> None:
        """Raise `InvalidInput` naming where the bad character was (never echoing it).

        Path, query and headers: checked for every request, before the session is read.
        """
        if _CONTROL.search(request.path):
            raise InvalidInput("Control character in the path.")
        for key, values in request.GET.lists():
            if _CONTROL.search(key) or _first_bad(values, _CONTROL_IN_TEXT):
                raise InvalidInput(f"Control character in query parameter {key[:40]!r}.")
        for name, value in request.META.items():
            if (
                name.startswith("HTTP_")
                and isinstance(value, str)
                and _CONTROL_IN_TEXT.search(value)
            ):
                raise InvalidInput(f"Control character in header {name[5:]}.")

    def process_view(self, request: HttpRequest, view_func: Callable, view_args, view_kwargs):
        if request.method != "POST" or getattr(view_func, "csrf_exempt", False):
            return None
        for key, values in request.POST.lists():
            if _CONTROL.search(key) or _first_bad(values, _CONTROL_IN_TEXT):
                raise InvalidInput(f"Control character in form field {key[:40]!r}.")
        return None
