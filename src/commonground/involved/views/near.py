"""The public "Getting Involved near you" page: no sign-in, a postcode, everything on now."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .. import nearby
from ..forms import NearForm


@login_not_required
def near(request: HttpRequest) -> HttpResponse:
    """Events, volunteering, Open Book talks and challenges near a postcode, nearest first."""
    form = NearForm(request.GET or None)
    found = None
    if form.is_bound and form.is_valid():
        found = nearby.everything_near(form.cleaned_data["postcode"], form.km)
    return render(request, "involved/near.html", {"form": form, "found": found})
