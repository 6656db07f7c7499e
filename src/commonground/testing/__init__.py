"""Test support shared by every app (loaded as pytest plugins from the root conftest.py)."""
