"""Getting Involved's pages (under /involved/ in each language); the calendar feed lives
outside the language prefixes, in ``feed_urls``."""

from django.urls import path

from .views import door, door_offline, events, manage, me, near, reminders

app_name = "involved"

urlpatterns = [
    path("events/", events.event_list, name="events"),
    path("events/new/", events.event_new, name="event_new"),
    path("events/<slug:slug>/", events.event_detail, name="event"),
    path("events/<slug:slug>/edit/", manage.edit_event, name="event_edit"),
    path("events/<slug:slug>/cancel/", manage.cancel_event, name="event_cancel"),
    path("events/<slug:slug>/register/", events.register, name="register"),
    path("events/<slug:slug>/door/", door.door, name="door"),
    path("events/<slug:slug>/door/codes.json", door_offline.roster, name="door_roster"),
    path("events/<slug:slug>/door/sync/", door_offline.sync, name="door_sync"),
    path("door-sw.js", door_offline.service_worker, name="door_sw"),
    path("events/<slug:slug>/places/", door.capacity, name="capacity"),
    path("registrations/<int:pk>/cancel/", events.cancel, name="cancel"),
    path("registrations/<int:pk>/event.ics", events.registration_ics, name="registration_ics"),
    path("registrations/<int:pk>/qr.svg", events.registration_qr, name="registration_qr"),
    path("registrations/<int:pk>/text-reminder/", reminders.one_reminder, name="reminder"),
    path("check-in/<str:code>/", door.door_code, name="door_code"),
    path("near/", near.near, name="near"),
    path("me/", me.my_involvement, name="me"),
    path("me/my-data.json", me.my_data_json, name="me_json"),
    path("me/my-data.csv", me.my_data_csv, name="me_csv"),
    path("me/erase/", me.erase, name="me_erase"),
    path("me/text-reminders/", reminders.all_reminders, name="reminders"),
]

PUBLIC_VIEWS = {
    "involved:events": "the events calendar is public",
    "involved:event": "event pages are public (schema.org Event for search engines)",
    "involved:near": "everything on near a postcode, for anyone deciding whether to join in",
    "involved:door_sw": "the browser fetches the door page's service worker script itself",
    "events_feed:feed": "the iCalendar feed is public, for calendar apps to subscribe to",
}
