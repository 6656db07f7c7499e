from django.urls import path

from . import views

app_name = "evaluation"

urlpatterns = [
    path("", views.library, name="library"),
    path("new/", views.edit, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/plan/", views.plan, name="plan"),
    path("<int:pk>/plan/lock/", views.lock, name="lock"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/publish/", views.publish, name="publish"),
]

# Views anyone may use without an account, with the reason (core/tests/test_permissions.py).
PUBLIC_VIEWS = {
    "evaluation:library": "what works: published interventions, their results and decisions",
    "evaluation:detail": "a published intervention's logic, plan, result and decisions",
}
