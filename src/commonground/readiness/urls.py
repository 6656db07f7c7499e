from django.urls import path

from . import views

app_name = "readiness"

PUBLIC_VIEWS: dict[str, str] = {}
"""No readiness page is public: interview notes are personal data, and profiles are shared
through Measures once an officer publishes them there."""

urlpatterns = [
    path("", views.index, name="index"),
    path("sw.js", views.service_worker, name="sw"),
    path("new/", views.assessment_new, name="assessment_new"),
    path("strategies/", views.strategies, name="strategies"),
    path("strategies/<int:stage>/<str:language>/", views.strategy_edit, name="strategy_edit"),
    path("map/", views.ward_map_view, name="map"),
    path("anchors/", views.anchors, name="anchors"),
    path("anchors/<str:dimension>/<str:language>/", views.anchor_edit, name="anchor_edit"),
    path("<int:pk>/", views.assessment, name="assessment"),
    path("<int:pk>/profile/", views.profile, name="profile"),
    path("<int:pk>/complete/", views.complete, name="complete"),
    path("<int:pk>/interviews/new/", views.interview_new, name="interview_new"),
    path("interviews/<int:pk>/", views.interview, name="interview"),
    path("interviews/<int:pk>/audio/", views.interview_audio, name="interview_audio"),
    path("interviews/<int:pk>/score/", views.score, name="score"),
    path("interviews/<int:pk>/consensus/", views.consensus, name="consensus"),
]
