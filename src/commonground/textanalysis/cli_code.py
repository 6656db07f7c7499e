"""Entry point of ``commonground consult code`` (``commonground.cli`` calls ``main``)."""

from .cli import code_main as main

__all__ = ["main"]
