from django.urls import path

from commonground.core.views import pages

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
]
