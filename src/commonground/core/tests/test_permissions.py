"""Every URL in the project is either deliberately public or needs signing in.

LoginRequiredMiddleware makes views private unless marked `@login_not_required`. This
matrix walks the project's whole URL resolver, so a new view is checked the day it is
added: a page residents must reach fails here if it lost its decorator, and a view that
became public without review fails too (add it to PUBLIC_VIEWS if it should be public).
"""

import importlib
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter, UUIDConverter
from django.urls.resolvers import LocalePrefixPattern, RoutePattern

# Views anyone may use without an account, reviewed one by one: qualified URL name → why.
PUBLIC_VIEWS = {
    "healthz": "load balancers probe it",
    "set_language": "choosing a language needs no account",
    "login": "signing in",
    "admin:login": "the admin's own sign-in page",
    "core:home": "the programme is public information",
    "core:about": "the programme is public information",
    "core:strategy": "the programme is public information",
    "core:pillar": "the programme is public information",
    "core:area_index": "ward pages are public information",
    "core:area": "ward pages are public information",
    "core:organisation_index": "the partnership is public information",
    "core:organisation": "the partnership is public information",
}


def _apps_public_views() -> dict[str, str]:
    """Each app lists its own reviewed public views as `PUBLIC_VIEWS` in its urls.py."""
    found: dict[str, str] = {}
    for config in apps.get_app_configs():
        if config.name.startswith("commonground.") and config.label != "core":
            try:
                module = importlib.import_module(f"{config.name}.urls")
            except ModuleNotFoundError:
                continue
            found.update(getattr(module, "PUBLIC_VIEWS", {}))
    return found


PUBLIC_VIEWS |= _apps_public_views()

# Namespaces whose views let every request through LoginRequiredMiddleware on purpose and
# check credentials themselves, per endpoint; their own tests cover that.
SELF_AUTHENTICATING = {
    "api": "django-ninja endpoints authenticate per endpoint (commonground/api.py)",
}

# Pages residents must always reach: losing `@login_not_required` here is a bug.
MUST_BE_PUBLIC = {
    "core:home",
    "core:about",
    "core:pillar",
    "core:area_index",
    "core:area",
    "login",
    "set_language",
}


@dataclass(frozen=True)
class Route:
    name: str  # qualified URL name, or the route itself when unnamed
    route: str  # e.g. "areas/<str:code>/"; "" parts for regex patterns
    callback: Callable
    concrete: str | None  # a path that resolves to it, when one can be built

    def __str__(self) -> str:
        return f"{self.name} ({self.route})"


def _sample(converter: object) -> str:
    if isinstance(converter, IntConverter):
        return "1"
    if isinstance(converter, UUIDConverter):
        return str(uuid.UUID(int=1))
    return "x"


def _concrete(pattern: RoutePattern) -> str:
    """The route with a sample value in each converter: "areas/<str:code>/" → "areas/x/"."""
    return re.sub(
        r"<(?:\w+:)?(\w+)>", lambda m: _sample(pattern.converters[m.group(1)]), str(pattern)
    )


def _walk(
    patterns, prefix: str = "", namespace: str = "", concrete: str | None = ""
) -> Iterator[Route]:
    for entry in patterns:
        pattern = entry.pattern
        if isinstance(pattern, LocalePrefixPattern):
            part, part_concrete = "", ""  # the default language has no prefix
        elif isinstance(pattern, RoutePattern):
            part, part_concrete = str(pattern), _concrete(pattern)
        else:  # a regex pattern (the admin's): checked through the middleware only
            part, part_concrete = str(pattern), None
        full_concrete = (
            None if concrete is None or part_concrete is None else concrete + part_concrete
        )
        if isinstance(entry, URLResolver):
            inner = (
                f"{namespace}:{entry.namespace}"
                if entry.namespace and namespace
                else (entry.namespace or namespace)
            )
            yield from _walk(entry.url_patterns, prefix + part, inner, full_concrete)
        elif isinstance(entry, URLPattern):
            name = entry.name or prefix + part
            qualified = f"{namespace}:{name}" if namespace and entry.name else name
            yield Route(qualified, prefix + part, entry.callback, full_concrete)


ROUTES = list(_walk(get_resolver().url_patterns))


def _is_public(route: Route) -> bool:
    """Ask LoginRequiredMiddleware itself whether an anonymous visitor may reach the view."""
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    middleware = LoginRequiredMiddleware(lambda r: HttpResponse())
    return middleware.process_view(request, route.callback, (), {}) is None


def test_the_walk_finds_the_project_urls():
    names = {route.name for route in ROUTES}
    assert names >= MUST_BE_PUBLIC
    assert "logout" in names
    assert any(name.startswith("admin:") for name in names)


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_each_view_is_reviewed_public_or_needs_signing_in(route: Route):
    if route.name.split(":")[0] in SELF_AUTHENTICATING:
        assert _is_public(route), f"{route}: expected to handle its own authentication"
    elif _is_public(route):
        assert route.name in PUBLIC_VIEWS, (
            f"{route} is marked @login_not_required but is not in PUBLIC_VIEWS; "
            "add it there (with the reason) if it really is public."
        )
    else:
        assert route.name not in MUST_BE_PUBLIC, (
            f"{route} must be public but needs signing in: is @login_not_required missing?"
        )


@pytest.mark.django_db
@pytest.mark.parametrize("route", [r for r in ROUTES if r.concrete is not None], ids=str)
def test_anonymous_get_is_sent_to_sign_in_unless_public(client, route: Route):
    """The real request: anonymous visitors to private views land on a sign-in page.

    The site's sign-in page, or the admin's own for admin views (they name it in
    `login_url`, which LoginRequiredMiddleware honours).
    """
    path = "/" + route.concrete
    response = client.get(path)
    middleware = LoginRequiredMiddleware(lambda r: HttpResponse())
    sign_in = resolve_url(middleware.get_login_url(route.callback))
    sent_to_sign_in = response.status_code == 302 and response["Location"].startswith(sign_in)
    if _is_public(route):
        assert not sent_to_sign_in, f"{route}: public, yet {path} sends visitors to sign in"
    else:
        assert sent_to_sign_in, (
            f"{route}: {path} answered {response.status_code} to an anonymous visitor "
            f"instead of redirecting to {sign_in}"
        )


def test_every_route_name_in_the_lists_exists():
    names = {route.name for route in ROUTES}
    assert set(PUBLIC_VIEWS) <= names, set(PUBLIC_VIEWS) - names
    assert settings.LOGIN_URL == "login"
