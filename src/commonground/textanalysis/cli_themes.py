"""Entry point of ``commonground consult themes`` (``commonground.cli`` calls ``main``)."""

from .cli import themes_main as main

__all__ = ["main"]
