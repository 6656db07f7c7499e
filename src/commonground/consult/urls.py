"""The consult app's URLs, gathered from the modules that own each part."""

from commonground.consult import urls_evidence, urls_survey

app_name = "consult"

urlpatterns = urls_evidence.urlpatterns + urls_survey.urlpatterns

# Views anyone may use without an account, with the reason; the project's permission test
# (core/tests/test_permissions.py) collects these and fails on any public view not listed.
PUBLIC_VIEWS = {**urls_evidence.PUBLIC_VIEWS, **urls_survey.PUBLIC_VIEWS}
