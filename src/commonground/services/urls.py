from django.urls import path

from . import esol_views, views

app_name = "services"

urlpatterns = [
    path("", views.search, name="search"),
    path("print/", views.search_print, name="print"),
    path("export.csv", views.search_csv, name="export_csv"),
    path("export.json", views.search_oruk, name="export_oruk"),
    path("<uuid:pk>/", views.detail, name="detail"),
    path("review/", views.review, name="review"),
    path("<uuid:pk>/edit/", views.edit, name="edit"),
    path("<uuid:pk>/approve/", views.approve, name="approve"),
    path("esol/need/", esol_views.record_need, name="esol_need"),
    path("esol/join/", esol_views.learner_need, name="esol_join"),
    path("esol/join/done/", esol_views.learner_done, name="esol_join_done"),
    path("esol/waiting/", esol_views.waiting_list, name="esol_waiting"),
    path("esol/gaps/", esol_views.gaps, name="esol_gaps"),
    path("esol/offer/<int:need_pk>/<int:class_pk>/", esol_views.offer, name="esol_offer"),
    path("esol/provider/", esol_views.provider, name="esol_provider"),
    path("esol/placements/<int:pk>/", esol_views.move, name="esol_move"),
    path("esol/classes/<int:pk>/capacity/", esol_views.capacity, name="esol_capacity"),
]

# Reviewed public views (the permission test walks every URL): name → why it is public.
PUBLIC_VIEWS = {
    "services:search": "residents find services without an account",
    "services:print": "a printable list of the same public search",
    "services:detail": "a directory entry is public information",
    "services:export_csv": "the public search's results as a spreadsheet",
    "services:export_oruk": "the public search's results as ORUK JSON (open data)",
    "services:esol_join": "a learner asks for an English class without an account",
    "services:esol_join_done": "the thank-you page after a learner asks (shows nothing personal)",
    "openreferral:root": "the Open Referral UK API is open data (ORUK requires anonymous access)",
    "openreferral:services": "ORUK open data",
    "openreferral:service": "ORUK open data",
    "openreferral:service_at_locations": "ORUK open data",
    "openreferral:service_at_location": "ORUK open data",
    "openreferral:taxonomies": "ORUK open data",
    "openreferral:taxonomy": "ORUK open data",
    "openreferral:taxonomy_terms": "ORUK open data",
    "openreferral:taxonomy_term": "ORUK open data",
    "openreferral:organizations": "ORUK open data",
    "openreferral:organization": "ORUK open data",
}
