from django.urls import path

from . import views, views_letters, views_panel

app_name = "people"

urlpatterns = [
    path("", views.pools, name="pools"),
    path("new/", views_letters.pool_new, name="pool_new"),
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
    # Invitation letters
    path("<slug:slug>/invitations/", views_letters.invitations, name="invitations"),
    path("<slug:slug>/invitations/addresses/", views_letters.upload_addresses, name="addresses"),
    path("<slug:slug>/invitations/draw/", views_letters.draw, name="draw"),
    path("<slug:slug>/invitations/<int:pk>/letters/", views_letters.letters, name="letters"),
    path(
        "<slug:slug>/invitations/<int:pk>/letters.pdf",
        views_letters.letters_pdf,
        name="letters_pdf",
    ),
    # The panel at work
    path("<slug:slug>/at-work/", views_panel.panel, name="panel"),
    path("<slug:slug>/at-work/members/", views_panel.members, name="members"),
    path("<slug:slug>/at-work/members/<int:pk>/", views_panel.member, name="member"),
    path("<slug:slug>/at-work/members/<int:pk>/replace/", views_panel.replace, name="replace"),
    path("<slug:slug>/at-work/meetings/new/", views_panel.meeting_new, name="meeting_new"),
    path("<slug:slug>/at-work/meetings/<int:pk>/", views_panel.meeting, name="meeting"),
    path(
        "<slug:slug>/at-work/meetings/<int:pk>/attendance/",
        views_panel.attendance,
        name="attendance",
    ),
    path("<slug:slug>/at-work/expenses/", views_panel.expenses, name="expenses"),
    path(
        "<slug:slug>/at-work/expenses/<int:pk>/decide/",
        views_panel.decide_claim,
        name="decide_claim",
    ),
    path("<slug:slug>/at-work/questions/new/", views_panel.question_new, name="question_new"),
    path("<slug:slug>/at-work/questions/<int:pk>/", views_panel.question, name="question"),
    path(
        "<slug:slug>/at-work/questions/<int:pk>/withdraw/",
        views_panel.withdraw,
        name="withdraw",
    ),
    path(
        "<slug:slug>/at-work/recommendations/<int:pk>/respond/",
        views_panel.respond,
        name="respond",
    ),
    path("<slug:slug>/our-work/", views_panel.public, name="public"),
]

# Views anyone may use without an account, with the reason (core/tests/test_permissions.py).
PUBLIC_VIEWS = {
    "people:register": "residents register their interest without an account",
    "people:register_done": "the confirmation after registering",
    "people:public": "the panel's questions, recommendations and the Board's responses are public; members appear only as counts",  # noqa: E501
    "people:results": "published selection probabilities are anonymised and public for transparency",  # noqa: E501
}
