"""Feeling Safe pages: public reporting (``public``), casework (``casework``), figures."""
