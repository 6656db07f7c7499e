"""URLs of consultations, offline evidence, the evidence base, analysis and reports.

(The online survey's URLs are in urls_survey.py.) Mounted at /conversations/.
"""

from django.urls import path

from commonground.consult.views import analysis, evidence, officer, public

urlpatterns = [
    # public
    path("", public.index, name="index"),
    # officers: consultations
    path("manage/", officer.manage, name="manage"),
    path("manage/new/", officer.create, name="create"),
    path("<slug:slug>/", public.detail, name="detail"),
    path("<slug:slug>/report/", public.report, name="report"),
    path("<slug:slug>/report.pdf", public.report_pdf, name="report_pdf"),
    path("<slug:slug>/you-said-we-did/", public.you_said_we_did, name="you_said_we_did"),
    path("<slug:slug>/manage/", officer.dashboard, name="dashboard"),
    path("<slug:slug>/manage/edit/", officer.edit, name="edit"),
    path("<slug:slug>/manage/status/", officer.set_status, name="set_status"),
    path("<slug:slug>/manage/publish/", officer.publish, name="publish"),
    path(
        "<slug:slug>/manage/you-said-we-did/",
        public.manage_you_said_we_did,
        name="manage_you_said_we_did",
    ),
    # offline evidence
    path("<slug:slug>/activities/new/<str:method>/", officer.activity_new, name="activity_new"),
    path("<slug:slug>/activities/<int:pk>/", officer.activity, name="activity"),
    path("<slug:slug>/activities/<int:pk>/notes/", officer.activity_notes, name="activity_notes"),
    path("<slug:slug>/activities/<int:pk>/edit/", officer.activity_edit, name="activity_edit"),
    path(
        "<slug:slug>/activities/<int:pk>/withdraw/",
        officer.activity_withdraw,
        name="activity_withdraw",
    ),
    path(
        "<slug:slug>/activities/<int:pk>/reinstate/",
        officer.activity_reinstate,
        name="activity_reinstate",
    ),
    path(
        "<slug:slug>/activities/<int:pk>/audio/",
        officer.attachment,
        {"kind": "audio"},
        name="activity_audio",
    ),
    path("<slug:slug>/attachments/<int:pk>/", officer.attachment, name="attachment"),
    # the evidence base
    path("<slug:slug>/evidence/", evidence.evidence, name="evidence"),
    path("<slug:slug>/evidence/export.<str:fmt>", evidence.export, name="export"),
    path("<slug:slug>/evidence/<int:pk>/", evidence.evidence_item, name="evidence_item"),
    path("<slug:slug>/evidence/<int:pk>/code/", evidence.code, name="code"),
    # themes
    path("<slug:slug>/themes/", evidence.codebook, name="codebook"),
    path("<slug:slug>/themes/suggestions/", evidence.suggestions, name="suggestions"),
    path(
        "<slug:slug>/themes/proposals/<int:pk>/", evidence.decide_proposal, name="decide_proposal"
    ),
    # analysis
    path("<slug:slug>/analysis/priorities/", analysis.priorities, name="priorities"),
    path("<slug:slug>/analysis/reach/", analysis.reach, name="reach"),
    path("<slug:slug>/analysis/themes/", analysis.themes, name="themes"),
    path("<slug:slug>/analysis/run/<str:kind>/", analysis.request_run, name="request_run"),
    path("<slug:slug>/analysis/runs/<int:pk>/", analysis.run_page, name="run"),
    path("<slug:slug>/analysis/runs/<int:pk>/status/", analysis.run_status, name="run_status"),
]

# Views anyone may use without an account, with the reason.
PUBLIC_VIEWS: dict[str, str] = {
    "consult:index": "lists consultations that have opened, so anyone can find one",
    "consult:detail": "a consultation's purpose, dates, options and the link to take part",
    "consult:report": "the published report on what people said (404 until published)",
    "consult:report_pdf": "the same report as a PDF (404 until published)",
    "consult:you_said_we_did": "what changed because of what people said: the feedback loop",
}
