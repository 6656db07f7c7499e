"""Mixing challenges's pages (under /challenges/ in each language). The service worker is
served here too, so its scope covers the app in each language."""

from django.urls import path

from . import views

app_name = "challenges"

urlpatterns = [
    path("", views.home, name="home"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="sw"),
    path("sync/", views.sync, name="sync"),
    path("me/", views.me, name="me"),
    path("teams/", views.teams, name="teams"),
    path("teams/new/", views.team_new, name="team_new"),
    path("teams/join/", views.team_join, name="team_join"),
    path("teams/leave/", views.team_leave, name="team_leave"),
    path("design/", views.design, name="design"),
    path("design/new/", views.challenge_form, name="challenge_new"),
    path("design/venues/new/", views.venue_form, name="venue_new"),
    path("design/venues/<int:pk>/", views.venue_detail, name="venue"),
    path("design/venues/<int:pk>/edit/", views.venue_form, name="venue_edit"),
    path("design/venues/<int:pk>/qr.svg", views.venue_qr, name="venue_qr"),
    path("figures/", views.figures, name="figures"),
    path("scan/<str:code>/", views.scan, name="scan"),
    path("event/", views.event_offline, name="event_offline"),
    path("event/<str:code>/", views.event_scan, name="event_scan"),
    path("design/events/<slug:slug>/qr.svg", views.event_qr, name="event_qr"),
    path("<slug:slug>/", views.challenge_detail, name="challenge"),
    path("<slug:slug>/edit/", views.challenge_form, name="challenge_edit"),
    path("<slug:slug>/take-on/", views.take_on, name="take_on"),
    path("<slug:slug>/check-in/", views.check_in, name="check_in"),
    path("<slug:slug>/follow-up/", views.follow_up, name="follow_up"),
]

PUBLIC_VIEWS: dict[str, str] = {
    "challenges:home": "the challenges are public, so people can see what they would sign up for",
    "challenges:challenge": "a challenge's page is public; checking in needs an account",
    "challenges:manifest": "browsers fetch the web app manifest without cookies",
    "challenges:sw": "the service worker script is fetched by the browser, not the person",
    "challenges:event_offline": (
        "the page the service worker keeps for an event's QR code scanned with no signal: it "
        "says nothing about the person and may be kept before they sign in"
    ),
}
