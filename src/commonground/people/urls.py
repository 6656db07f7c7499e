from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("", views.pools, name="pools"),
    path("<slug:slug>/", views.pool, name="pool"),
    path("<slug:slug>/register/", views.register, name="register"),
    path("<slug:slug>/register/done/", views.register_done, name="register_done"),
    path("<slug:slug>/quotas/", views.quotas, name="quotas"),
    path("<slug:slug>/import/", views.import_pool, name="import"),
    path("<slug:slug>/select/", views.request_run, name="request_run"),
    path("<slug:slug>/runs/<int:pk>/", views.run_page, name="run"),
    path("<slug:slug>/runs/<int:pk>/status/", views.run_status, name="run_status"),
    path("<slug:slug>/runs/<int:pk>/publish/", views.publish, name="publish"),
    path("<slug:slug>/results/<int:pk>/", views.results, name="results"),
]

# Views anyone may use without an account, with the reason (core/tests/test_permissions.py).
PUBLIC_VIEWS = {
    "people:register": "residents register their interest without an account",
    "people:register_done": "the confirmation after registering",
    "people:results": "published selection probabilities are anonymised and public for transparency",  # noqa: E501
}
