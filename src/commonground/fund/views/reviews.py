"""Officers: held ballots, from postcode checks near an earlier voter at the same postcode.

The page shows only what the decision needs and nothing that names anyone: why the check was
held, the postcode district, how many earlier voters it resembles, whether it came from the
same device as one of them, how many other held checks share its postcode, and when.
"""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from .. import actions
from ..forms import ReviewDecisionForm
from ..models import IdentityReview, ReviewStatus
from .common import get_round
from .officer import officer_only

RECENT_DECISIONS = 50


@officer_only
@never_cache
def reviews(request: HttpRequest, slug: str) -> HttpResponse:
    """The queue of held ballots; each is counted or rejected, with a reason."""
    round_ = get_round(request, slug)
    posted = ReviewDecisionForm(request.POST) if request.method == "POST" else None
    if posted is not None and posted.is_valid():
        review = get_object_or_404(IdentityReview, round=round_, pk=posted.cleaned_data["review"])
        try:
            actions.decide_review(
                actor=request.user,
                review=review,
                count=posted.cleaned_data["decision"] == "count",
                reason=posted.cleaned_data["reason"],
            )
        except ValidationError as error:
            for text in error.messages:
                posted.add_error(None, text)
        else:
            messages.success(request, _("Your decision is recorded."))
            return redirect("fund:reviews", round_.slug)
    pending = list(actions.pending_reviews(round_).select_related("identity"))
    per_postcode = Counter(r.identity.group_id for r in pending if r.identity)
    rows = []
    for review in pending:
        if posted is not None and str(posted.data.get("review")) == str(review.pk):
            form = posted
        else:
            form = ReviewDecisionForm(initial={"review": review.pk})
        form.auto_id = f"review-{review.pk}-%s"
        others = per_postcode[review.identity.group_id] - 1 if review.identity else 0
        rows.append({"review": review, "form": form, "others_here": others})
    decided = (
        IdentityReview.objects.filter(round=round_)
        .exclude(status=ReviewStatus.PENDING)
        .select_related("decided_by")
        .order_by("-decided_at", "-pk")[:RECENT_DECISIONS]
    )
    return render(
        request,
        "fund/reviews.html",
        {
            "round": round_,
            "rows": rows,
            "decided": decided,
            "section": "fund",
        },
    )
