"""Read-only questions other apps ask of Community Readiness."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Assessment


def finished_assessments() -> QuerySet[Assessment]:
    """Assessments that can be cited: completed ones (their scores are final and in Measures),
    newest first.  An assessment still being scored is not yet evidence."""
    return (
        Assessment.objects.filter(completed_at__isnull=False)
        .select_related("ward", "community")
        .order_by("-ends_on", "issue")
    )
