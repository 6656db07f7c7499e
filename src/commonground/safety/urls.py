from django.urls import path

from .views import casework, figures, public

app_name = "safety"

PUBLIC_VIEWS = {
    "safety:start": "anyone may report a hate incident without an account",
    "safety:report": "the anonymous report form (third-party reporting)",
    "safety:status": "a reporter follows their report with its reference and secret",
    "safety:figures": "counts with small numbers withheld are published for transparency",
}

urlpatterns = [
    path("", public.start, name="start"),
    path("report/", public.report, name="report"),
    path("status/", public.status, name="status"),
    path("figures/", figures.figures_page, name="figures"),
    path("cases/", casework.case_list, name="cases"),
    path("cases/export.csv", casework.case_export, name="export"),
    path("cases/access-log/", casework.access_log, name="access_log"),
    path("cases/<str:reference>/", casework.case_detail, name="case"),
    path("cases/<str:reference>/triage/", casework.case_triage, name="triage"),
    path("cases/<str:reference>/refer/", casework.case_refer, name="refer"),
    path("cases/<str:reference>/close/", casework.case_close, name="close"),
]
