"""A conversation's page in Polish gives its dates with the month in the genitive."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import translation

from commonground.consult import actions
from commonground.consult.models import ConsultationStatus

from .conftest import new_consultation

LONDON = ZoneInfo("Europe/London")


def test_the_open_dates_read_as_polish_dates(client, officer, strategy):
    consultation = new_consultation(
        officer,
        strategy,
        opens_at=datetime(2027, 1, 1, 9, tzinfo=LONDON),
        closes_at=datetime(2027, 3, 3, 17, tzinfo=LONDON),
    )
    actions.set_status(actor=officer, consultation=consultation, status=ConsultationStatus.OPEN)
    with translation.override("pl"):
        url = reverse("consult:detail", args=[consultation.slug])
    page = client.get(url).content.decode()

    assert "1 stycznia 2027" in page and "3 marca 2027" in page
    assert "Styczeń" not in page and "styczeń" not in page
