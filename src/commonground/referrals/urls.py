"""Referrals between partners and new arrivals' support plans's pages (all need signing in)."""

from django.urls import path

from . import views

app_name = "referrals"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/move/", views.move, name="move"),
    path("<int:pk>/seen/", views.note_decline, name="note_decline"),
    path("access-log/", views.access_log, name="access_log"),
    path("plans/", views.plans, name="plans"),
    path("plans/new/", views.plan_new, name="plan_new"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/steps/<int:step_pk>/", views.plan_step, name="plan_step"),
    path("plans/<int:pk>/close/", views.plan_close, name="plan_close"),
    path("new-arrivals/", views.arrivals_report, name="report"),
]

# Nothing here is public: every page shows a person's record or a partners' report.
PUBLIC_VIEWS: dict[str, str] = {}
