"""Getting Involved's pages (under /involved/ in each language); the calendar feed lives
outside the language prefixes, in ``feed_urls``."""

from django.urls import path

from .views import door, events

app_name = "involved"

urlpatterns = [
    path("events/", events.event_list, name="events"),
    path("events/new/", events.event_new, name="event_new"),
    path("events/<slug:slug>/", events.event_detail, name="event"),
    path("events/<slug:slug>/register/", events.register, name="register"),
    path("events/<slug:slug>/door/", door.door, name="door"),
    path("events/<slug:slug>/places/", door.capacity, name="capacity"),
    path("registrations/<int:pk>/cancel/", events.cancel, name="cancel"),
    path("registrations/<int:pk>/event.ics", events.registration_ics, name="registration_ics"),
    path("registrations/<int:pk>/qr.svg", events.registration_qr, name="registration_qr"),
    path("check-in/<str:code>/", door.door_code, name="door_code"),
]

PUBLIC_VIEWS = {
    "involved:events": "the events calendar is public",
    "involved:event": "event pages are public (schema.org Event for search engines)",
    "events_feed:feed": "the iCalendar feed is public, for calendar apps to subscribe to",
}
