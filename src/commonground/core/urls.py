from django.urls import path

from commonground.core.views import background, membership, pages, tasks

app_name = "core"

urlpatterns = [
    path("", pages.home, name="home"),
    path("about/", pages.about, name="about"),
    path("strategies/<slug:slug>/", pages.strategy_detail, name="strategy"),
    path("pillars/<slug:slug>/", pages.pillar_detail, name="pillar"),
    path("areas/", pages.area_index, name="area_index"),
    path("areas/<str:code>/", pages.area_detail, name="area"),
    path("organisations/", pages.organisation_index, name="organisation_index"),
    path("organisations/<slug:slug>/", pages.organisation_detail, name="organisation"),
    path("background-work/", background.background_work, name="background_work"),
    path(
        "background-work/<str:task_id>/try-again/",
        background.retry_task,
        name="background_work_retry",
    ),
    # Where a signed-in person lands: what is waiting for them, and their tools.
    path("tasks/", tasks.tasks, name="tasks"),
    # Acting for an organisation (signed in): see docs/organisations.md
    path("account/", membership.account, name="account"),
    path("account/join/", membership.membership_request, name="membership_request"),
    path("account/memberships/<int:pk>/end/", membership.membership_end, name="membership_end"),
    path("memberships/", membership.membership_review, name="membership_review"),
    path(
        "organisations/<slug:slug>/members/",
        membership.organisation_members,
        name="organisation_members",
    ),
    path(
        "organisations/<slug:slug>/members/<int:pk>/<str:decision>/",
        membership.membership_decide,
        name="membership_decide",
    ),
]
