"""Turns a fund refusal of *time* into a page that says what is closed and when.

An action or view that refuses because the round is in the wrong phase raises
:class:`commonground.fund.rules.RoundClosed` (a ``PermissionDenied``); without this, Django
would show the generic 403 page ("Your account does not have the role this page needs"),
which is untrue for a resident who simply came after the vote closed.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from .rules import RoundClosed


class RoundClosedMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if isinstance(exception, RoundClosed):
            from .views.common import closed_page

            return closed_page(request, exception)
        return None
