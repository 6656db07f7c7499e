""" "Your tasks": where a signed-in person lands, with what is waiting and a link to each tool.

Thin: what waits and which tools a person's roles open are gathered app by app in
`commonground.core.waiting` (each app's `waiting` module), asking permissions by name.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from commonground.core import waiting


def tasks(request: HttpRequest) -> HttpResponse:
    """Every signed-in person's home: officers, partners, Board members and residents alike."""
    sections = waiting.sections(request.user)
    return render(
        request,
        "core/tasks.html",
        {
            "sections": sections,
            "nothing_waiting": not any(s.tasks for s in sections),
            "section": "tasks",
        },
    )
