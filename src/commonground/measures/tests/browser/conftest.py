from commonground.core.tests.browser.conftest import (  # noqa: F401 (fixtures)
    Visit,
    browser,
    visit,
)
