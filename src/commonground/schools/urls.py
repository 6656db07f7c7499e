from django.urls import path

from . import views, views_linking

app_name = "schools"

PUBLIC_VIEWS = {
    "schools:index": "school census make-up is published by DfE; shares shown rounded",
    "schools:segregation": "district-level indices, no school-level counts",
    "schools:school": "a school's published census make-up, shares rounded",
}

urlpatterns = [
    path("", views.index, name="index"),
    path("segregation/", views.segregation, name="segregation"),
    path("measure/publish/", views_linking.publish, name="publish"),
    path("linking/", views.linking, name="linking"),
    path("linking/years/", views_linking.years, name="years"),
    path("linking/years/<int:pk>/", views_linking.year, name="year"),
    path("linking/years/<int:pk>/schools/", views_linking.year_schools, name="year_schools"),
    path("linking/years/<int:pk>/propose/", views_linking.year_propose, name="year_propose"),
    path("linking/years/<int:pk>/rules/", views_linking.year_rule, name="year_rule"),
    path("linking/years/<int:pk>/swap/", views_linking.year_swap, name="year_swap"),
    path("linking/years/<int:pk>/confirm/", views_linking.year_confirm, name="year_confirm"),
    path("linking/years/<int:pk>/repair/", views_linking.year_repair, name="year_repair"),
    path("linking/years/<int:pk>/register/", views_linking.year_register, name="year_register"),
    path("linking/years/<int:pk>/results/", views_linking.year_results, name="year_results"),
    path("linking/years/<int:pk>/survey/", views_linking.year_open_survey, name="year_open_survey"),
    path(
        "linking/years/<int:pk>/results/record/",
        views_linking.year_record_result,
        name="year_record_result",
    ),
    path("linking/rules/<int:pk>/remove/", views_linking.rule_remove, name="rule_remove"),
    path("linking/pairs/", views_linking.my_links, name="my_links"),
    path("linking/pairs/<int:pk>/", views_linking.pair, name="pair"),
    path("linking/pairs/<int:pk>/answer/", views_linking.pair_answer, name="pair_answer"),
    path("linking/pairs/<int:pk>/survey/", views_linking.pair_survey, name="pair_survey"),
    path("linking/days/<int:pk>/", views_linking.day_edit, name="day"),
    path("linking/days/<int:pk>/confirm/", views_linking.day_confirm, name="day_confirm"),
    path("linking/sessions/", views_linking.sessions, name="sessions"),
    path("linking/sessions/<int:pk>/", views_linking.session, name="session"),
    path(
        "linking/sessions/<int:pk>/attendance/",
        views_linking.session_attendance,
        name="session_attendance",
    ),
    path("linking/contacts/", views_linking.contacts, name="contacts"),
    path("linking/contacts/<int:pk>/remove/", views_linking.contact_remove, name="contact_remove"),
    path("<str:urn>/", views.school, name="school"),
]
