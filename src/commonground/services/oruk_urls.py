"""The Open Referral UK 3.0 API, public and read-only, at /openreferral/ (outside the language
prefixes). Public by design: every view is listed in ``PUBLIC_VIEWS`` in ``urls.py``."""

from django.urls import path

from . import oruk_views as views

app_name = "openreferral"

urlpatterns = [
    path("", views.root, name="root"),
    path("services", views.services, name="services"),
    path("services/<str:pk>", views.service, name="service"),
    path("service_at_locations", views.service_at_locations, name="service_at_locations"),
    path("service_at_locations/<str:pk>", views.service_at_location, name="service_at_location"),
    path("taxonomies", views.taxonomies, name="taxonomies"),
    path("taxonomies/<str:pk>", views.taxonomy, name="taxonomy"),
    path("taxonomy_terms", views.taxonomy_terms, name="taxonomy_terms"),
    path("taxonomy_terms/<str:pk>", views.taxonomy_term, name="taxonomy_term"),
    path("organizations", views.organizations, name="organizations"),
    path("organizations/<str:pk>", views.organization, name="organization"),
]
