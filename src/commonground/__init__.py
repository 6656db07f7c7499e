"""Common Ground: the platform on which a city runs its stronger-communities programme."""

__version__ = "0.1.0"
