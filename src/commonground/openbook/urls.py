"""Open Book's pages (under /open-book/ in each language)."""

from django.urls import path

from . import views

app_name = "openbook"

urlpatterns = [
    path("", views.talk_list, name="talks"),
    path("join/", views.join, name="join"),
    path("mine/", views.mine, name="mine"),
    path("offer/", views.offer_new, name="offer_new"),
    path("talks/<int:pk>/", views.talk_detail, name="talk"),
    path("talks/<int:pk>/approve/", views.offer_approve, name="approve"),
    path("talks/<int:pk>/withdraw/", views.offer_withdraw, name="withdraw"),
    path("request/", views.request_new, name="request_new"),
    path("requests/<int:pk>/", views.request_detail, name="request"),
    path("requests/<int:pk>/match/", views.request_match, name="match"),
    path("requests/<int:pk>/respond/", views.request_respond, name="respond"),
    path("requests/<int:pk>/confirm/", views.request_confirm, name="confirm"),
    path("requests/<int:pk>/safeguarding/", views.request_safeguarding, name="safeguarding"),
    path("requests/<int:pk>/cancel/", views.request_cancel, name="cancel"),
    path("requests/<int:pk>/delivered/", views.request_delivered, name="delivered"),
    path("requests/<int:pk>/feedback/", views.request_feedback, name="feedback"),
    path("coordinate/", views.coordinate, name="coordinate"),
    path("figures/", views.figures, name="figures"),
    path("figures/publish/", views.publish, name="publish"),
]

PUBLIC_VIEWS = {
    "openbook:talks": "the list of talks is public, for groups to choose from",
    "openbook:talk": "an approved talk's page is public, to share and to ask from",
    "openbook:join": "making a light account to offer or ask for a talk",
}
