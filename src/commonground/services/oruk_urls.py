"""The Open Referral UK 3.0 API, public and read-only, at /openreferral/ (outside the language prefixes)."""

app_name = "openreferral"

urlpatterns: list = []
