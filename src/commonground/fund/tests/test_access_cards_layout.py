"""Access-code cards printed from the Urdu pages: no text runs under the QR code.

The QR code sits in each card's top right corner. On an Urdu sheet the round's name and
"Your access code to vote" are right-aligned, so they ran under it: every line of the card's
top lines now stops short of the code. Measured on the laid-out PDF (WeasyPrint's boxes).
"""

from django.test import Client

CARD_TOP = ("card__round", "card__label", "card__code", "card__url")


def _classes(box) -> set[str]:
    element = getattr(box, "element", None)
    return set((element.get("class") or "").split()) if element is not None else set()


def _walk(box, inside=()):
    classes = _classes(box)
    yield box, inside + tuple(classes)
    for child in getattr(box, "children", ()):
        yield from _walk(child, inside + tuple(classes))


def _overlaps(a, b) -> bool:
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    return min(ax + aw, bx + bw) - max(ax, bx) > 0.5 and min(ay + ah, by + bh) - max(ay, by) > 0.5


def test_urdu_cards_keep_their_text_clear_of_the_qr_code(round_voting, people, monkeypatch):
    from weasyprint import HTML

    documents = []

    def write_pdf(self, *args, **kwargs):
        documents.append(self.render())
        return documents[-1].write_pdf(*args, **kwargs)

    monkeypatch.setattr(HTML, "write_pdf", write_pdf)
    client = Client()
    client.force_login(people["officer"])
    response = client.post(
        f"/ur/fund/{round_voting.slug}/voters/",
        {"form": "codes", "c-count": 2, "c-batch": "Girlington", "c-output": "pdf"},
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"

    page = documents[-1].pages[0]._page_box
    boxes = list(_walk(page))
    qr = [
        (b.position_x, b.position_y, b.width, b.height)
        for b, classes in boxes
        if "card__qr" in _classes(b)
    ]
    texts = [
        (b.position_x, b.position_y, b.width, b.height)
        for b, classes in boxes
        if getattr(b, "text", None) and any(c in classes for c in CARD_TOP)
    ]
    assert len(qr) == 2 and len(texts) >= 8
    assert not [t for t in texts for q in qr if _overlaps(t, q)]
