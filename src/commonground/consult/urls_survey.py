"""The online survey's URLs: residents answering (public), officers building and keying paper."""

from django.urls import path

from commonground.consult.views import (
    survey_builder,
    survey_counts,
    survey_paper,
    survey_resident,
)

urlpatterns = [
    # Residents (public: no account needed)
    path("<slug:slug>/survey/", survey_resident.survey_start, name="survey_start"),
    path("<slug:slug>/survey/page/<int:number>/", survey_resident.survey_page, name="survey_page"),
    path("<slug:slug>/survey/check/", survey_resident.survey_check, name="survey_check"),
    path("<slug:slug>/survey/sent/", survey_resident.survey_done, name="survey_done"),
    # The resume code arrives only in a POST body, never in the path (access logs keep paths).
    path("<slug:slug>/survey/resume/", survey_resident.survey_resume, name="survey_resume"),
    # Links handed out before codes moved into the fragment still work (their token has
    # reached logs already); new links never use this route.
    path(
        "<slug:slug>/survey/resume/<str:token>/",
        survey_resident.survey_resume_old_link,
        name="survey_resume_old_link",
    ),
    # Officers
    path("<slug:slug>/survey/builder/", survey_builder.builder, name="survey_builder"),
    path(
        "<slug:slug>/survey/builder/settings/",
        survey_builder.survey_settings,
        name="survey_settings",
    ),
    path("<slug:slug>/survey/builder/preview/", survey_builder.preview, name="survey_preview"),
    path("<slug:slug>/survey/builder/publish/", survey_builder.publish, name="survey_publish"),
    path("<slug:slug>/survey/builder/pages/new/", survey_builder.page_new, name="survey_page_new"),
    path(
        "<slug:slug>/survey/builder/pages/<int:pk>/",
        survey_builder.page_edit,
        name="survey_page_edit",
    ),
    path(
        "<slug:slug>/survey/builder/pages/<int:pk>/move/",
        survey_builder.page_move,
        name="survey_page_move",
    ),
    path(
        "<slug:slug>/survey/builder/pages/<int:pk>/delete/",
        survey_builder.page_delete,
        name="survey_page_delete",
    ),
    path(
        "<slug:slug>/survey/builder/pages/<int:page>/questions/new/",
        survey_builder.question_new,
        name="survey_question_new",
    ),
    path(
        "<slug:slug>/survey/builder/questions/<int:pk>/",
        survey_builder.question_edit,
        name="survey_question_edit",
    ),
    path(
        "<slug:slug>/survey/builder/questions/<int:pk>/move/",
        survey_builder.question_move,
        name="survey_question_move",
    ),
    path(
        "<slug:slug>/survey/builder/questions/<int:pk>/delete/",
        survey_builder.question_delete,
        name="survey_question_delete",
    ),
    path("<slug:slug>/survey/paper/", survey_paper.paper, name="survey_paper"),
    # Answers entered as counts for a group (officers, or the people the group names)
    path("<slug:slug>/survey/counts/", survey_counts.count_groups, name="survey_counts"),
    path(
        "<slug:slug>/survey/counts/<int:pk>/",
        survey_counts.count_group,
        name="survey_count_group",
    ),
]

PUBLIC_VIEWS: dict[str, str] = {
    "consult:survey_start": "residents answer the survey without an account",
    "consult:survey_page": "residents answer the survey without an account",
    "consult:survey_check": "residents answer the survey without an account",
    "consult:survey_done": "residents answer the survey without an account",
    "consult:survey_resume": "residents come back to saved answers with their own code",
    "consult:survey_resume_old_link": "resume links handed out before codes were typed",
}
