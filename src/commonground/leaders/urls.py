"""Future Leaders's pages."""

from django.urls import path

from . import views

app_name = "leaders"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new_cohort, name="new_cohort"),
    path("mentors/", views.mentors, name="mentors"),
    path("<slug:slug>/", views.cohort, name="cohort"),
    path("<slug:slug>/apply/", views.apply, name="apply"),
    path("<slug:slug>/make-up/", views.makeup, name="makeup"),
    path("<slug:slug>/workforce/", views.workforce, name="workforce"),
    path("<slug:slug>/applications/", views.applications, name="applications"),
    path("<slug:slug>/applications/<str:reference>/", views.application, name="application"),
    path("<slug:slug>/applications/<str:reference>/decide/", views.decide, name="decide"),
    path("<slug:slug>/applications/<str:reference>/withdraw/", views.withdraw, name="withdraw"),
    path("<slug:slug>/quotas/", views.quotas, name="quotas"),
    path("<slug:slug>/lottery/", views.lottery, name="lottery"),
    path("<slug:slug>/lottery/<int:pk>/", views.lottery_result, name="lottery_result"),
    path("<slug:slug>/programme/", views.programme, name="programme"),
    path("<slug:slug>/programme/match/", views.match, name="match"),
    path("<slug:slug>/programme/sessions/<int:pk>/", views.attendance, name="attendance"),
    path("<slug:slug>/participants/<str:reference>/", views.participant, name="participant"),
    path("<slug:slug>/participants/<str:reference>/outcome/", views.outcome, name="outcome"),
]

# Views anyone may use without an account, with the reason (core/tests/test_permissions.py).
PUBLIC_VIEWS: dict[str, str] = {
    "leaders:index": "the programme and its cohorts are public information",
    "leaders:cohort": "a cohort's page explains the programme and when applications open",
    "leaders:makeup": "the cohort's make-up is published in totals with small numbers withheld",
}
