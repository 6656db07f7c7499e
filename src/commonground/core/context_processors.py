from django.conf import settings
from django.http import HttpRequest


def platform(request: HttpRequest) -> dict:
    """Values every page's layout needs: the platform's name and the languages offered."""
    return {"PLATFORM_NAME": settings.PLATFORM_NAME}
