"""The measures browser tests use the suite-wide fixtures of commonground.testing.browser."""
