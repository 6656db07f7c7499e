"""The project's one JSON API, at /api/, with its OpenAPI schema at /api/openapi.json.

Each app that offers endpoints has a module `commonground.<app>.api` with a module-level
`router = ninja.Router(...)`; it is mounted at `/api/<app label>/` here, so adding an app's
API never means editing this file. Authentication is per endpoint: reading public figures
needs none, writing needs an organisation token or a signed-in session.
"""

import importlib
from typing import Any

from django.apps import apps
from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, URLResolver
from ninja import NinjaAPI

from commonground import __version__

# What core.middleware.RejectControlCharactersMiddleware lets through, as an OpenAPI pattern:
# no control characters in a path or query parameter.
PRINTABLE = r"^[^\x00-\x1f\x7f]*$"
BAD_REQUEST = {
    "description": "A control character (such as NUL) in the path, query or headers: refused "
    "before the endpoint runs."
}


class CommonGroundAPI(NinjaAPI):
    """The API whose schema states, on every operation, what the platform refuses before any
    endpoint runs (core.middleware), so clients and schema checks know it without each app
    repeating it."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for parameter in operation.get("parameters", []):
                    if parameter.get("in") in ("path", "query"):
                        _printable(parameter.get("schema", {}))
                operation.setdefault("responses", {}).setdefault(400, BAD_REQUEST)
        return schema


def _printable(schema: dict[str, Any]) -> None:
    """Add the printable pattern to a string schema (or each string branch of an anyOf)."""
    for branch in schema.get("anyOf", [schema]):
        if branch.get("type") == "string" and "format" not in branch:
            branch.setdefault("pattern", PRINTABLE)


api = CommonGroundAPI(
    title="Common Ground API",
    version=__version__,
    description=(
        "Open data and partner data sharing for a stronger-communities programme: "
        "areas, the strategy, measures and the Innovation Fund."
    ),
    urls_namespace="api",
)


def _mount_app_routers() -> None:
    for config in apps.get_app_configs():
        if not config.name.startswith("commonground."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.api")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.api":
                raise
            continue
        api.add_router(f"/{config.label}/", module.router)


def _public(patterns: list) -> list:
    """Let API requests through LoginRequiredMiddleware: endpoints authenticate themselves."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            _public(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            pattern.callback = login_not_required(pattern.callback)
    return patterns


def urls() -> tuple:
    """The URL patterns to include at /api/ (routers mounted on first call)."""
    if not api._routers[1:]:
        _mount_app_routers()
    patterns, app_name, namespace = api.urls
    return _public(patterns), app_name, namespace
