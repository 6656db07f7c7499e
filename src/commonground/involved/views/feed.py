"""The public iCalendar feed at /events.ics: every public event that has not ended."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .. import ical
from ..models import Event


@login_not_required
@require_safe
def feed(request: HttpRequest) -> HttpResponse:
    """``text/calendar`` for calendar apps to subscribe to; links go to the default language's
    event pages, which carry the same title and start in their JSON-LD."""
    events = Event.objects.public().upcoming().order_by("starts_at", "pk")
    with translation.override(settings.LANGUAGE_CODE):
        # every event page's address differs only in its slug: reverse once
        prefix = request.build_absolute_uri(reverse("involved:event", args=["-"]))[:-2]
        body = ical.feed(
            events,
            lambda slug: f"{prefix}{slug}/",
            name=_("%(platform)s events") % {"platform": settings.PLATFORM_NAME},
        )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="events.ics"'
    response["Cache-Control"] = "public, max-age=300"
    return response
