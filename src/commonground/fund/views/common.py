"""Helpers the fund's views share."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from commonground.core.roles import Role

from ..models import Round
from ..phases import can


def get_round(request: HttpRequest, slug: str) -> Round:
    """A round by slug; drafts are visible to officers only."""
    round_ = get_object_or_404(Round.objects.select_related("area", "strategy"), slug=slug)
    if round_.phase == "draft" and not _is_officer(request):
        raise Http404
    return round_


def _is_officer(request: HttpRequest) -> bool:
    return request.user.is_authenticated and request.user.has_role(Role.OFFICER)


def require(request: HttpRequest, feature: str, round_: Round, *, is_proposer=False) -> None:
    """403 unless the round's phase and the user's role allow ``feature``."""
    if not can(request.user, feature, round_, is_proposer=is_proposer):
        raise PermissionDenied


def error_messages(error: ValidationError) -> list[str]:
    return list(error.messages)
