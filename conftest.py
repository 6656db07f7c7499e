"""Suite-wide pytest plugins: shared fixtures registered once for every app's tests."""

pytest_plugins = ["commonground.testing.browser", "commonground.testing.api"]
