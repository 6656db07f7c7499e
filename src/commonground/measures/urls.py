from django.urls import path

from commonground.measures import views

app_name = "measures"

urlpatterns = [
    path("", views.index, name="index"),
    path("board/", views.board, name="board"),
    path("report/", views.report, name="report"),
    path("report.pdf", views.report_pdf, name="report_pdf"),
    path("areas/", views.area_index, name="area_index"),
    path("areas/<str:code>/", views.area, name="area"),
    path("indicators/<slug:slug>/", views.indicator, name="indicator"),
    path("indicators/<slug:slug>/history/", views.figure_history, name="figure_history"),
    path("indicators/<slug:slug>.csv", views.indicator_csv, name="indicator_csv"),
    path("indicators/<slug:slug>.json", views.indicator_json, name="indicator_json"),
    path(
        "indicators/<slug:slug>/template.<str:extension>",
        views.indicator_template,
        name="indicator_template",
    ),
    path("uploads/", views.uploads, name="uploads"),
    path("uploads/<int:pk>/", views.upload, name="upload"),
    path("uploads/<int:pk>/status.json", views.upload_status, name="upload_status"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.revoke_token, name="revoke_token"),
    path("late/", views.late, name="late"),
    path("manage/", views.manage, name="manage"),
    path("manage/<slug:slug>/", views.manage_indicator, name="manage_indicator"),
]

# Views anyone may use without an account, with the reason; the project's permission test
# (core/tests/test_permissions.py) collects these and fails on any public view not listed.
PUBLIC_VIEWS = {
    "measures:index": "published measures are public information",
    "measures:board": "the Board's overview is published for transparency",
    "measures:report": "the quarterly progress report is published",
    "measures:report_pdf": "the same published report, as a PDF",
    "measures:area_index": "ward figures are public information",
    "measures:area": "ward profiles are public information",
    "measures:indicator": "each published figure links to its definition and source",
    "measures:figure_history": "corrections to published figures are shown openly",
    "measures:indicator_csv": "open data download",
    "measures:indicator_json": "open data download",
    "measures:indicator_template": "partners download the upload template before signing in",
}
