"""Demo data for the community voice panel: one recruitment pool for Bradford's panel.

150 invented respondents (characteristics only: no names, addresses or other contact details,
and no real person behind any row), drawn at random from the district's 2021 census shares
for ward, ethnic group and religion, and from plausible shares for the rest; imported the way
an officer would import a pool, with quotas proposed from the census and left open for
registration, so the public form is reachable from the demo.

Then the panel at work: a published maximin selection (announced seed), the panel sitting
since about ten months ago with terms staggered in two groups (so the first group is due for
rotation), two meetings (one held, with attendance, accessibility needs and expenses; one to
come, online and in person), a question from the Board, the panel's recommendation and the
Board's published response. About two seconds on an empty database (the selection), and
idempotent: a second run finds the pool and the panel and does nothing.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from commonground.core import audit
from commonground.core.models import User

from . import actions
from . import characteristics as chars
from .census import proportions, wards
from .forms import consultations
from .models import Algorithm, ClaimStatus, Panel, Pool, Presence, SelectionRun
from .selection import propose_quotas

SLUG = "bradford-community-voice"
TITLE = "Bradford community voice panel 2026"
PANEL_SIZE = 30
POOL_SIZE = 150
SEED = 2026

AGE = {"16-29": 0.25, "30-44": 0.27, "45-64": 0.30, "65+": 0.18}
SEX = {"female": 0.51, "male": 0.49}
DISABILITY = {"yes": 0.19, "no": 0.81}
CLASS = {"ab": 0.18, "c1": 0.27, "c2": 0.20, "de": 0.35}
ORIENTATION = {"straight": 0.92, "gay_lesbian": 0.025, "bisexual": 0.025, "other": 0.01}
RELIGION_BY_ETHNICITY = {
    # Invented but plausible: religion depends on ethnic group, so the answers hang together.
    "asian": {"muslim": 0.86, "hindu": 0.05, "sikh": 0.04, "none": 0.03, "christian": 0.02},
    "white": {"christian": 0.52, "none": 0.44, "buddhist": 0.01, "jewish": 0.01, "other": 0.02},
    "black": {"christian": 0.62, "muslim": 0.22, "none": 0.14, "other": 0.02},
    "mixed": {"none": 0.40, "christian": 0.33, "muslim": 0.24, "other": 0.03},
    "other": {"muslim": 0.50, "christian": 0.25, "none": 0.20, "other": 0.05},
}
FALLBACK_ETHNICITY = {"white": 0.61, "asian": 0.32, "black": 0.02, "mixed": 0.03, "other": 0.02}
PREFER_NOT_RATE = 0.04
"""The share declining each question (more for sexual orientation, as in the census)."""


def _pick(rng: random.Random, shares: dict[str, float], decline: float = PREFER_NOT_RATE) -> str:
    if rng.random() < decline:
        return chars.PREFER_NOT
    values, weights = zip(*shares.items(), strict=True)
    return rng.choices(values, weights=weights)[0]


def respondents_csv(features: list[str], size: int = POOL_SIZE, seed: int = SEED) -> str:
    """The invented pool as a CSV in the import's shape (``id`` and one column per feature)."""
    rng = random.Random(seed)
    ward_shares = proportions("area") if "area" in features else {}
    ethnicity = proportions("ethnicity") or FALLBACK_ETHNICITY
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", *features])
    for n in range(1, size + 1):
        group = _pick(rng, ethnicity)
        religion_shares = RELIGION_BY_ETHNICITY.get(group, proportions("religion") or {"none": 1})
        row = {
            "area": _pick(rng, ward_shares, decline=0.01) if ward_shares else "",
            "age_band": _pick(rng, AGE, decline=0.01),
            "sex": _pick(rng, SEX, decline=0.01),
            "ethnicity": group,
            "religion": _pick(rng, religion_shares),
            "disability": _pick(rng, DISABILITY),
            "social_class": _pick(rng, CLASS),
            "sexual_orientation": _pick(rng, ORIENTATION, decline=0.07),
        }
        writer.writerow([f"DEMO-{n:04d}", *(row[f] for f in features)])
    return out.getvalue()


def load_demo(say: Callable[[str], None]) -> list:
    """One pool for the panel, with its respondents and census-proposed quotas; no accounts
    (the demo's officer from core runs it)."""
    officer = User.objects.filter(username="officer").first()
    if officer is None or Pool.objects.filter(slug=SLUG, panel__isnull=False).exists():
        say("people: skipped (needs core's demo officer; or already loaded)")
        return []
    pool = Pool.objects.filter(slug=SLUG).first() or _load_pool(officer, say)
    _load_panel(pool, officer, User.objects.filter(username="board").first(), say)
    return []


def _load_pool(officer, say: Callable[[str], None]) -> Pool:
    features = [f for f in chars.LABELS if f != "area" or wards()]
    pool = actions.create_pool(
        actor=officer,
        title=TITLE,
        slug=SLUG,
        panel_size=PANEL_SIZE,
        characteristics=features,
    )
    added = actions.import_pool(
        actor=officer, pool=pool, text=respondents_csv(features), filename="demo-pool.csv"
    )
    actions.set_quotas(
        actor=officer,
        pool=pool,
        rows=[
            {k: p[k] for k in ("feature", "value", "minimum", "maximum")}
            for p in propose_quotas(pool)
        ],
    )
    say(
        f"people: a pool of {added} invented respondents for a panel of {PANEL_SIZE}, "
        f"quotas from the census, open for registration at /panel/{SLUG}/register/"
    )
    return pool


ACCESSIBILITY = [
    "Step-free access; uses a wheelchair.",
    "Papers in large print, sent a week ahead.",
]


def _load_panel(pool: Pool, officer, board, say: Callable[[str], None]) -> Panel:
    """A published selection, the panel sitting from it, and its first months of work."""
    run = SelectionRun.objects.create(
        pool=pool, algorithm=Algorithm.MAXIMIN, seed=SEED, requested_by=officer
    )
    audit.record(
        "people.selection.request",
        actor=officer,
        obj=run,
        data={"algorithm": run.algorithm, "seed": SEED},
    )
    run = actions.run_selection(run.pk)  # at once: the demo needs the panel now
    actions.publish_selection(actor=officer, run=run)
    today = timezone.localdate()
    panel = actions.establish_panel(
        actor=officer, run=run, started_on=today - timedelta(days=320), term_months=12
    )
    members = list(run.members.order_by("pk"))
    for member, needs in zip(members, ACCESSIBILITY, strict=False):
        actions.update_member(
            actor=officer, member=member, accessibility_needs=needs, term_end=member.term_end
        )
    evening = timezone.localtime().replace(hour=18, minute=0, second=0, microsecond=0)
    held = actions.schedule_meeting(
        actor=officer,
        panel=panel,
        title="Getting around: buses and safe streets",
        starts_at=evening - timedelta(days=90),
        mode="in_person",
        venue="City Hall, Centenary Square (step-free entrance on Channing Way)",
        agenda="1. Welcome and ground rules\n2. Evidence from the transport team\n"
        "3. Small-group discussion\n4. Agreeing recommendations",
    )
    presence = {}
    for n, member in enumerate(members):
        presence[member.pk] = (
            Presence.APOLOGIES
            if n % 9 == 4
            else Presence.ONLINE
            if n % 7 == 3
            else Presence.PRESENT
        )
    actions.record_attendance(actor=officer, meeting=held, presence=presence)
    actions.schedule_meeting(
        actor=officer,
        panel=panel,
        title="Young people and public spaces",
        starts_at=evening + timedelta(days=21),
        mode="hybrid",
        venue="Keighley Library, North Street",
        online_link="https://meet.example.org/panel-young-people",
        agenda="1. What we heard from youth groups\n2. Questions to the parks service\n"
        "3. Drafting recommendations",
    )
    paid = actions.submit_claim(
        actor=officer,
        member=members[0],
        amount=Decimal("6.40"),
        what_for="Bus fares (day ticket, two journeys)",
        meeting=held,
    )
    actions.decide_claim(actor=officer, claim=paid, status=ClaimStatus.APPROVED)
    actions.decide_claim(actor=officer, claim=paid, status=ClaimStatus.PAID)
    actions.submit_claim(
        actor=officer,
        member=members[1],
        amount=Decimal("24.00"),
        what_for="Childcare for the evening meeting",
        meeting=held,
    )
    related = consultations()
    question = actions.ask_question(
        actor=board or officer,
        panel=panel,
        title="How should the night bus network change to help people feel safe getting home?",
        detail="The Board will decide next year's transport priorities in the spring and wants "
        "the panel's view first.",
        answer_by=today - timedelta(days=60),
        consultation_slug=related[0][0] if related else "",
    )
    recommendation = actions.record_recommendation(
        actor=officer,
        question=question,
        text="Run night buses every 30 minutes on the four busiest routes on Fridays and "
        "Saturdays, with lit, staffed stops at the interchanges.",
        support=84,
        meeting=held,
    )
    if board is not None:
        actions.respond_to_recommendation(
            actor=board,
            recommendation=recommendation,
            decision="partly",
            reasons="We will fund 30-minute night buses on two routes from April and review "
            "the others after six months; staffed stops start at the main interchange.",
        )
    say(
        f"people: the panel at work at /panel/{SLUG}/at-work/ ({len(members)} members, "
        f"2 meetings, a Board question, a recommendation and "
        f"{'a response' if board else 'no response (no demo Board member)'}); "
        f"public page /panel/{SLUG}/our-work/"
    )
    return panel
