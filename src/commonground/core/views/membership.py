"""Your account, asking to join an organisation, and confirming members (organisation admins
and officers).  Thin views: permissions are asked for by name and every change is one action
in `core.memberships`."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from commonground.core import memberships
from commonground.core.models import Membership, MembershipStatus, Organisation


class JoinForm(forms.Form):
    """Which organisation to ask to act for: those the person is not already in or asking."""

    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisation"),
        queryset=Organisation.objects.none(),
        empty_label=gettext_lazy("Choose an organisation"),
        error_messages={
            "required": gettext_lazy("Choose the organisation you act for."),
            "invalid_choice": gettext_lazy(
                "Choose an organisation from the list: you are already a member of it or "
                "have asked to join it."
            ),
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        taken = Membership.objects.filter(user=user).open().values("organisation")
        self.fields["organisation"].queryset = Organisation.objects.exclude(pk__in=taken).order_by(
            "name"
        )


def account(request: HttpRequest) -> HttpResponse:
    """Your account: the organisations you act for or asked to join, and links to your tools."""
    user = request.user
    mine = list(
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("status", "organisation__name", "-requested_at")
    )
    administered = [m.organisation for m in mine if m.is_confirmed and m.is_admin]
    return render(
        request,
        "core/account.html",
        {
            "memberships": mine,
            "administered": administered,
            "may_review": user.has_perm("core.review_memberships"),
            "section": "account",
        },
    )


def membership_request(request: HttpRequest) -> HttpResponse:
    """Ask to act for an organisation; its admins or an officer confirm."""
    if not request.user.has_perm("core.request_membership"):
        raise PermissionDenied
    form = JoinForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        organisation = form.cleaned_data["organisation"]
        try:
            memberships.request_membership(actor=request.user, organisation=organisation)
        except ValidationError as error:
            for text in error.messages:
                form.add_error("organisation", text)
        else:
            messages.success(
                request,
                _("You have asked to join %(organisation)s. You will see here when it is decided.")
                % {"organisation": organisation.name},
            )
            return redirect("core:account")
    return render(request, "core/membership_request.html", {"form": form, "section": "account"})


@require_POST
def membership_end(request: HttpRequest, pk: int) -> HttpResponse:
    """Leave an organisation or withdraw a request (yourself, its admins or an officer)."""
    membership = get_object_or_404(Membership.objects.select_related("organisation"), pk=pk)
    if not request.user.has_perm("core.end_membership", membership):
        raise PermissionDenied
    try:
        memberships.end_membership(actor=request.user, membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The membership has ended."))
    if membership.user_id == request.user.pk:
        return redirect("core:account")
    return redirect("core:organisation_members", membership.organisation.slug)


def organisation_members(request: HttpRequest, slug: str) -> HttpResponse:
    """An organisation's requests and members, for its admins and officers."""
    organisation = get_object_or_404(Organisation, slug=slug)
    if not request.user.has_perm("core.decide_membership", organisation):
        raise PermissionDenied
    rows = list(
        Membership.objects.filter(organisation=organisation)
        .select_related("user", "decided_by")
        .order_by("status", "-requested_at", "-pk")
    )
    return render(
        request,
        "core/organisation_members.html",
        {
            "organisation": organisation,
            "requested": [m for m in rows if m.status == MembershipStatus.REQUESTED],
            "confirmed": [m for m in rows if m.status == MembershipStatus.CONFIRMED],
            "past": [m for m in rows if not m.is_open],
            "may_appoint": request.user.has_perm("core.appoint_organisation_admin", organisation),
            "section": "account",
        },
    )


DECISIONS = {
    "confirm": lambda actor, m: memberships.confirm_membership(actor=actor, membership=m),
    "confirm-admin": lambda actor, m: memberships.confirm_membership(
        actor=actor, membership=m, admin=True
    ),
    "refuse": lambda actor, m: memberships.refuse_membership(actor=actor, membership=m),
    "make-admin": lambda actor, m: memberships.set_admin(actor=actor, membership=m, admin=True),
    "remove-admin": lambda actor, m: memberships.set_admin(actor=actor, membership=m, admin=False),
}


@require_POST
def membership_decide(request: HttpRequest, slug: str, pk: int, decision: str) -> HttpResponse:
    """Confirm or refuse a request, or give or take the admin flag (the actions check who)."""
    membership = get_object_or_404(
        Membership.objects.select_related("organisation", "user"),
        pk=pk,
        organisation__slug=slug,
    )
    if decision not in DECISIONS:
        raise PermissionDenied
    try:
        DECISIONS[decision](request.user, membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Saved: %(person)s.") % {"person": membership.user})
    return redirect(reverse("core:organisation_members", args=[slug]))


def membership_review(request: HttpRequest) -> HttpResponse:
    """Officers: every organisation's open requests, oldest first, and each organisation's page."""
    if not request.user.has_perm("core.review_memberships"):
        raise PermissionDenied
    requests = (
        Membership.objects.requested()
        .select_related("user", "organisation")
        .order_by("requested_at", "pk")
    )
    return render(
        request,
        "core/membership_review.html",
        {
            "requests": requests,
            "organisations": Organisation.objects.order_by("name").only("slug", "name"),
            "section": "account",
        },
    )
