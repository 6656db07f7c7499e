"""The public events calendar feed at /events.ics (outside the language prefixes)."""

from django.urls import path

from .views.feed import feed

app_name = "events_feed"

urlpatterns = [path("", feed, name="feed")]
