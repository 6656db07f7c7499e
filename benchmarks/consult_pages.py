"""Time the conversations analysis pages with 20,000 survey responses and 5,000 comments.

    .venv/bin/python benchmarks/consult_pages.py [--responses N] [--comments N] [--repeat N]

Builds a fresh SQLite database with Bradford's wards, one consultation with eight options,
20,000 submitted survey responses (a ranking answer and "about you" categories each), 5,000
free-text comments (synthetic, with known themes, coded as an officer would), and 40 board
tables; computes every analysis once through the same code the background task runs
(timing each), then requests each analysis page with Django's test client and prints the
median and 95th-percentile milliseconds per page against the one-second budget.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date, timedelta

from measures_common import load_areas, setup_django

BUDGET_MS = 1000
OPTIONS = [
    "Employment",
    "English language",
    "Mixing at school",
    "Feeling safe",
    "Young people",
    "Housing",
    "Transport",
    "Parks and green spaces",
]
AGES = ["16_24", "25_34", "35_49", "50_64", "65_plus", "prefer_not"]
ETHNICITY = ["pakistani", "white_british", "indian", "bangladeshi", "other_white", "african"]
RELIGION = ["muslim", "christian", "none", "sikh", "hindu", "prefer_not"]


def build(responses: int, comments: int) -> tuple:
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from commonground.consult import actions
    from commonground.consult.actions import OptionSpec
    from commonground.consult.demo_survey import _build
    from commonground.consult.models import (
        Answer,
        Coding,
        CodingStatus,
        Comment,
        ConsultationStatus,
        Method,
        SurveyResponse,
    )
    from commonground.core.models import Area, Strategy, User
    from commonground.textanalysis.synthetic import THEMES, generate_comments

    district = Area.objects.get(level="district")
    Strategy.objects.create(
        slug="bench", title="Bench", place_name="Bradford", district=district,
        period_start=2018, period_end=2023, is_current=True,
    )  # fmt: skip
    officer = User.objects.create(username="bench-officer")
    officer.groups.add(Group.objects.get_or_create(name="officer")[0])
    now = timezone.now()
    consultation = actions.create_consultation(
        actor=officer,
        title="Benchmark conversation",
        slug="bench",
        purpose="Timing the analysis pages.",
        opens_at=now - timedelta(days=60),
        closes_at=now + timedelta(days=1),
        languages=["en", "ur", "pl"],
        options=[OptionSpec(label) for label in OPTIONS],
    )
    consultation = actions.set_status(
        actor=officer, consultation=consultation, status=ConsultationStatus.OPEN
    )
    questions = _build(officer, consultation)
    survey = consultation.surveys.get()
    ranking_question = questions["ranking"]
    option_ids = [str(pk) for pk in consultation.options.values_list("pk", flat=True)]
    wards = list(Area.objects.wards().values_list("pk", flat=True))
    rng = random.Random(7)
    rows = []
    for _ in range(responses):
        rows.append(
            SurveyResponse(
                consultation=consultation,
                survey=survey,
                method=Method.SURVEY if rng.random() < 0.88 else Method.PAPER_SURVEY,
                language=rng.choice(["en", "en", "ur", "pl"]),
                submitted_at=now - timedelta(minutes=rng.randint(0, 80_000)),
                ward_id=rng.choice(wards),
                about_you={
                    "age_band": rng.choice(AGES),
                    "sex": rng.choice(["female", "male"]),
                    "ethnicity": rng.choice(ETHNICITY),
                    "religion": rng.choice(RELIGION),
                },
            )
        )
    created = SurveyResponse.objects.bulk_create(rows, batch_size=2000)
    weights = [1 + 3 * rng.random() for _ in option_ids]
    Answer.objects.bulk_create(
        (
            Answer(
                response=r,
                question=ranking_question,
                value=list(dict.fromkeys(rng.choices(option_ids, weights, k=rng.randint(1, 5)))),
            )
            for r in created
        ),
        batch_size=2000,
    )
    options = list(consultation.options.all())
    for n in range(40):
        actions.record_activity(
            actor=officer,
            consultation=consultation,
            method=Method.BOARD_TABLE,
            title=f"Board table {n}",
            held_on=date(2025, 3, 1) + timedelta(days=n),
            ward=Area.objects.get(pk=wards[n % len(wards)]),
            participants=rng.randint(8, 40),
            consent_how="verbal",
            tallies={o.pk: rng.randint(0, 12) for o in options},
            comments=[],
        )
    themes = {
        t.topic_id: actions.create_theme(
            actor=officer, consultation=consultation, label=t.topic_label,
            description=t.topic_description,
        )
        for t in THEMES
    }  # fmt: skip
    synthetic = generate_comments(comments, seed=3)
    saved = Comment.objects.bulk_create_masked(
        Comment(
            consultation=consultation,
            method=Method.SURVEY,
            text=c.text,
            said_on=date(2025, 3, 1) + timedelta(days=rng.randint(0, 50)),
            ward_id=rng.choice(wards),
            consent_to_quote=rng.random() < 0.7,
            response=created[i % len(created)],
        )
        for i, c in enumerate(synthetic)
    )
    # An officer has coded the first 60% by hand (the generator knows each comment's themes).
    Coding.objects.bulk_create(
        (
            Coding(comment=comment, theme=themes[topic], status=CodingStatus.ACCEPTED)
            for comment, c in list(zip(saved, synthetic, strict=True))[: int(comments * 0.6)]
            for topic in c.themes
        ),
        batch_size=2000,
    )
    return consultation, officer


def timed(label: str, work) -> float:
    started = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - started
    print(f"  {label:<28} {seconds:8.1f} s  ({result})", flush=True)
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--responses", type=int, default=20_000)
    parser.add_argument("--comments", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument(
        "--skip-text", action="store_true", help="Skip proposing themes and suggesting codes."
    )
    args = parser.parse_args()
    setup_django("consult-pages")
    from django.core.management import call_command

    call_command("migrate", run_syncdb=True, verbosity=0)  # consult has no migrations yet
    started = time.perf_counter()
    load_areas()
    consultation, officer = build(args.responses, args.comments)
    print(
        f"Loaded {args.responses:,} responses and {args.comments:,} comments "
        f"in {time.perf_counter() - started:.1f} s"
    )
    from django.db import connection
    from django.test import Client

    from commonground.consult import actions, analysis
    from commonground.consult.models import AnalysisKind

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print("Background computations (each is one task run):")
    kinds = [AnalysisKind.PRIORITIES, AnalysisKind.REACH, AnalysisKind.THEMES]
    if not args.skip_text:
        kinds += [AnalysisKind.PROPOSE, AnalysisKind.SUGGEST]
    for kind in kinds:
        timed(
            str(AnalysisKind(kind).label),
            lambda kind=kind: analysis.run_now(consultation, kind, actor=officer).input_counts,
        )
    actions.publish_report(actor=officer, consultation=consultation)

    client = Client()
    client.force_login(officer)
    slug = consultation.slug
    comment = consultation.comments.order_by("pk").first()
    pages = {
        "priorities": f"/conversations/{slug}/analysis/priorities/",
        "reach": f"/conversations/{slug}/analysis/reach/",
        "theme analysis": f"/conversations/{slug}/analysis/themes/",
        "report": f"/conversations/{slug}/report/",
        "evidence (all)": f"/conversations/{slug}/evidence/",
        "evidence (search)": f"/conversations/{slug}/evidence/?q=bus+late",
        "evidence (filters)": f"/conversations/{slug}/evidence/?method=survey&language=en"
        "&since=2025-03-10&until=2025-04-01",
        "evidence item": f"/conversations/{slug}/evidence/{comment.pk}/",
        "codebook": f"/conversations/{slug}/themes/",
        "suggestions": f"/conversations/{slug}/themes/suggestions/",
        "dashboard": f"/conversations/{slug}/manage/",
        "API priorities": f"/api/consult/consultations/{slug}/priorities",
    }
    print(f"\n{'page':<20} {'median ms':>10} {'p95 ms':>10}  budget {BUDGET_MS} ms")
    over = []
    for name, path in pages.items():
        assert client.get(path).status_code == 200, path  # warm up, and check it answers
        times = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - t0) * 1000)
        median = statistics.median(times)
        p95 = sorted(times)[max(0, round(0.95 * len(times)) - 1)]
        flag = "" if p95 < BUDGET_MS else "  OVER"
        if flag:
            over.append(name)
        print(f"{name:<20} {median:10.1f} {p95:10.1f}{flag}")
    if over:
        print(f"\nOver budget: {', '.join(over)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
