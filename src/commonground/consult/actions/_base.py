"""What every consult action shares: the permission it needs, declared on it by name.

``@requires("consult.code_themes", on="theme")`` makes an action keyword-only, checks the
rule (consult/rules.py) for its ``actor`` on the object passed as ``theme`` before anything
else runs, and records the permission on the function (``action.permission``), so a test can
prove that every action asks for one (``consult/tests/test_action_permissions.py``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from commonground.consult.rules import require

Target = str | Callable[[dict[str, Any]], Any] | None


def requires(permission: str, on: Target = None) -> Callable:
    """Declare the permission an action needs; `on` names the keyword argument holding the
    object it is asked on (or is a function of the keyword arguments)."""

    def decorator(func: Callable) -> Callable:
        @functools.wraps(func)
        def action(*args: Any, **kwargs: Any) -> Any:
            if args:
                raise TypeError(f"{func.__name__}() takes keyword arguments only")
            target = on(kwargs) if callable(on) else kwargs.get(on) if on else None
            require(kwargs.get("actor"), permission, target)
            return func(**kwargs)

        action.permission = permission  # type: ignore[attr-defined]
        return action

    return decorator


def system_action(why: str) -> Callable:
    """Mark a state change the platform makes itself, inside another action (no person asks
    for it, so no permission is checked); `why` says when it runs."""

    def decorator(func: Callable) -> Callable:
        func.permission = None  # type: ignore[attr-defined]
        func.system_because = why  # type: ignore[attr-defined]
        return func

    return decorator
