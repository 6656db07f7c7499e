from django.urls import path

from .views import casework, figures, myths, public, tension

app_name = "safety"

PUBLIC_VIEWS = {
    "safety:start": "anyone may report a hate incident without an account",
    "safety:report": "the anonymous report form (third-party reporting)",
    "safety:status": "a reporter follows their report with its reference and secret",
    "safety:figures": "counts with small numbers withheld are published for transparency",
    "safety:myths": "answers to rumours are published for everyone",
    "safety:myth": "answers to rumours are published for everyone",
    "safety:ask": "residents ask about a rumour without an account (rate limited, nothing kept)",
}

urlpatterns = [
    path("", public.start, name="start"),
    path("report/", public.report, name="report"),
    path("status/", public.status, name="status"),
    path("figures/", figures.figures_page, name="figures"),
    path("figures/publish/", figures.publish_to_measures, name="publish_figures"),
    path("tension/", tension.dashboard, name="tension"),
    path("tension/report/", tension.report_tension, name="tension_report"),
    path("tension/alerts/<int:pk>/", tension.alert, name="alert"),
    path("tension/leads/", tension.leads, name="tension_leads"),
    path("tension/leads/<int:pk>/remove/", tension.lead_remove, name="tension_lead_remove"),
    path("tension/my-alerts/", tension.my_alerts, name="tension_my_alerts"),
    path("tension/my-reminders/", tension.my_reminders, name="tension_my_reminders"),
    path("tension/partners/", tension.partners, name="tension_partners"),
    path("tension/partners/<int:pk>/", tension.partner_reminders, name="tension_partner"),
    path("tension/schedules/", tension.schedules, name="tension_schedules"),
    path("tension/schedules/<int:pk>/end/", tension.schedule_end, name="tension_schedule_end"),
    path("myths/", myths.myth_list, name="myths"),
    path("myths/ask/", myths.ask, name="ask"),
    path("myths/manage/", myths.manage, name="myth_manage"),
    path("myths/manage/new/", myths.myth_form, name="myth_new"),
    path("myths/manage/questions/", myths.questions, name="myth_questions"),
    path("myths/manage/questions/<int:pk>/", myths.question_handle, name="question_handle"),
    path("myths/manage/<slug:slug>/", myths.myth_form, name="myth_edit"),
    path("myths/manage/<slug:slug>/publish/", myths.myth_publish, name="myth_publish"),
    path("myths/<slug:slug>/", myths.myth_detail, name="myth"),
    path("cases/", casework.case_list, name="cases"),
    path("cases/export.csv", casework.case_export, name="export"),
    path("cases/access-log/", casework.access_log, name="access_log"),
    path("cases/<str:reference>/", casework.case_detail, name="case"),
    path("cases/<str:reference>/triage/", casework.case_triage, name="triage"),
    path("cases/<str:reference>/refer/", casework.case_refer, name="refer"),
    path("cases/<str:reference>/refer-route/", casework.case_refer_route, name="refer_route"),
    path("cases/<str:reference>/close/", casework.case_close, name="close"),
]
