"""Officers' pages to start a recruitment: create a pool, keep its address list, draw and print
invitation letters, and see how many letters of each batch were answered.

Thin views: forms validate, :mod:`.actions` change state.  The letters are one template, shown
as a print page (no site chrome, one A4 page per letter) or made into a PDF by
:func:`commonground.core.pdf.render_pdf` (WeasyPrint), as volunteering's certificates are.
"""

from __future__ import annotations

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from commonground.core.pdf import render_pdf

from . import actions
from .forms import AddressListForm, DrawForm, PoolForm
from .models import InvitationBatch, Pool

LETTER_LANGUAGES = ("en", "ur", "pl")
"""Every letter carries all three: a letter goes to an address, not to a person whose language
we know, so each household can read it in English, Urdu or Polish."""


def _pool(slug: str) -> Pool:
    return get_object_or_404(Pool, slug=slug)


@permission_required("people.manage_pool", raise_exception=True)
def pool_new(request: HttpRequest) -> HttpResponse:
    """Create a pool: name, purpose, panel size, characteristics, deletion date."""
    form = PoolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            pool = actions.create_pool(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
        else:
            messages.success(request, _("Pool created."))
            return redirect(pool)
    return render(request, "people/pool_new.html", {"form": form})


@permission_required("people.manage_pool", raise_exception=True)
def invitations(request: HttpRequest, slug: str) -> HttpResponse:
    """The address list, drawing a batch of letters, and each batch's response rate."""
    the_pool = _pool(slug)
    return _invitations_page(request, the_pool, AddressListForm(), DrawForm(), [])


def _invitations_page(request, pool: Pool, upload, draw, errors: list[str]) -> HttpResponse:
    addresses = pool.addresses.count()
    undrawn = pool.addresses.filter(batch__isnull=True).count()
    return render(
        request,
        "people/invitations.html",
        {
            "pool": pool,
            "upload_form": upload,
            "form": draw,
            "errors": errors,
            "addresses": addresses,
            "undrawn": undrawn,
            "batches": pool.batch_responses(),
        },
        status=400 if errors or upload.errors or draw.errors else 200,
    )


@require_POST
@permission_required("people.manage_pool", raise_exception=True)
def upload_addresses(request: HttpRequest, slug: str) -> HttpResponse:
    the_pool = _pool(slug)
    form = AddressListForm(request.POST, request.FILES)
    errors: list[str] = []
    if form.is_valid():
        name, text = form.cleaned_data["file"]
        try:
            added, repeated = actions.add_addresses(
                actor=request.user, pool=the_pool, text=text, filename=name
            )
        except ValidationError as error:
            errors = list(error.messages)
        else:
            text = _("%(count)s addresses added to the list.") % {"count": added}
            if repeated:
                text += " " + _("%(count)s were on the list already.") % {"count": repeated}
            messages.success(request, text)
            return redirect("people:invitations", the_pool.slug)
    return _invitations_page(request, the_pool, form, DrawForm(), errors)


@require_POST
@permission_required("people.manage_pool", raise_exception=True)
def draw(request: HttpRequest, slug: str) -> HttpResponse:
    the_pool = _pool(slug)
    form = DrawForm(request.POST)
    errors: list[str] = []
    if form.is_valid():
        try:
            batch = actions.create_invitations(
                actor=request.user, pool=the_pool, size=form.cleaned_data["size"]
            )
        except ValidationError as error:
            errors = list(error.messages)
        else:
            messages.success(
                request, _("%(count)s letters drawn: print them.") % {"count": batch.size}
            )
            return redirect("people:invitations", the_pool.slug)
    return _invitations_page(request, the_pool, AddressListForm(), form, errors)


def _qr(url: str) -> str:
    """The registration link with the letter's code, as an inline SVG QR code."""
    svg = segno.make_qr(url, error="m").svg_inline(scale=1, border=0, omitsize=True)
    return mark_safe(svg)  # segno writes the SVG; the only input is our own URL and code


def _letters_context(request: HttpRequest, slug: str, pk: int) -> dict:
    batch = get_object_or_404(
        InvitationBatch.objects.select_related("pool"), pk=pk, pool__slug=slug
    )
    register = request.build_absolute_uri(reverse("people:register", args=[slug]))
    letters = [
        {"invitation": invitation, "qr": _qr(f"{register}?code={invitation.code}")}
        for invitation in batch.invitations.select_related("address").order_by("address_id", "pk")
    ]
    return {
        "pool": batch.pool,
        "batch": batch,
        "letters": letters,
        "register_url": register,
        "languages": LETTER_LANGUAGES,
    }


@permission_required("people.manage_pool", raise_exception=True)
def letters(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The batch's letters to print from the browser: one A4 page each, no site chrome."""
    return render(request, "people/letters.html", _letters_context(request, slug, pk))


@permission_required("people.manage_pool", raise_exception=True)
def letters_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The same letters as one PDF (for a print room or mailing house)."""
    context = _letters_context(request, slug, pk)
    return render_pdf(request, "people/letters.html", context, f"letters-{slug}-{pk}.pdf")
