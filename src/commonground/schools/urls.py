from django.urls import path

from . import views

app_name = "schools"

PUBLIC_VIEWS = {
    "schools:index": "school census make-up is published by DfE; shares shown rounded",
    "schools:segregation": "district-level indices, no school-level counts",
    "schools:school": "a school's published census make-up, shares rounded",
}

urlpatterns = [
    path("", views.index, name="index"),
    path("segregation/", views.segregation, name="segregation"),
    path("linking/", views.linking, name="linking"),
    path("<str:urn>/", views.school, name="school"),
]
