"""The public events calendar feed at /events.ics (outside the language prefixes)."""

app_name = "events_feed"

urlpatterns: list = []
