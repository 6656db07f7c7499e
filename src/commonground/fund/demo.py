"""Demo data for the fund: two Bradford rounds across the strategy's four pillars.

* "Innovation Fund 2024": complete — proposals, assessment, 600 synthetic ballots, the
  result under Equal Shares (with greedy beside it), grants and a first progress report;
* "Innovation Fund 2025": voting is open, with ten printed access codes shown once here.

Everything goes through ``commonground.fund.actions``, like the pages.  The project ideas are
fictional but drawn from the kinds of work the strategy describes.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from decimal import Decimal

from django.contrib.auth.models import Group

from commonground.core.memberships import grant_membership
from commonground.core.models import Area, Organisation, Strategy, User
from commonground.core.roles import Role

from . import actions
from .models import Round
from .voters import Voter, voter_token

IDEAS = [
    # title, summary, cost, pillar number, partner slug fragment
    (
        "Conversation Cafés",
        "Weekly English conversation over tea for women new to Bradford.",
        9000,
        1,
        "people-can",
    ),
    (
        "Jobs Mentors",
        "Volunteers from local employers mentor people far from work.",
        18000,
        1,
        "university-of-bradford",
    ),
    (
        "School Linking Plus",
        "Classes from different schools meet, cook and play together.",
        15000,
        2,
        "linking-network",
    ),
    (
        "Shared Allotments",
        "Neighbours of all backgrounds grow food side by side.",
        7000,
        2,
        "people-can",
    ),
    (
        "Young Voices Radio",
        "Young people make radio about their neighbourhoods.",
        12000,
        3,
        "community-broadcasting",
    ),
    (
        "Faith Trail Walks",
        "Guided walks between mosques, churches, gurdwaras and temples.",
        6000,
        3,
        "minhaj",
    ),
    (
        "Street Talk",
        "Residents and police meet on the street to resolve local tensions.",
        14000,
        4,
        "police",
    ),
    (
        "Myth-busting Workshops",
        "Workshops that tackle rumours about new communities.",
        8000,
        4,
        "believing-in-bradford",
    ),
]


def load_demo(out: Callable[[str], None]) -> list:
    strategy = Strategy.objects.filter(is_current=True).first()
    officer = User.objects.filter(username="officer").first()
    if strategy is None or officer is None or Round.objects.filter(slug__startswith="demo-"):
        out("fund: skipped (needs core's demo and the strategy; or already loaded)")
        return []
    officer2, _ = User.objects.get_or_create(username="officer2")
    officer2.groups.add(Group.objects.get_or_create(name=Role.OFFICER.value)[0])
    district = Area.objects.districts().filter(code="E08000032").first()
    wards = list(Area.objects.wards().order_by("name")[:12])
    past = _round(
        strategy,
        officer,
        district,
        "demo-innovation-fund-2024",
        "Stronger Communities Innovation Fund 2024",
        Decimal("60000"),
    )
    proposals = _proposals(past, strategy, wards)
    _assess_and_shortlist(past, officer, proposals)
    past = actions.open_voting(actor=officer, round_=past)
    rng = random.Random(2024)
    codes = list(past.proposals.on_ballot().values_list("code", flat=True))
    weights = [rng.random() ** 2 for _ in codes]
    for i in range(600):
        k = rng.randint(1, 4)
        choices = sorted(set(rng.choices(codes, weights=weights, k=k)), key=codes.index)
        choices = _fit(past, choices)
        voter = Voter(voter_token(past, "demo", str(i)), "demo")
        actions.cast_ballot(round_=past, voter=voter, choices=choices)
    past = actions.close_vote(actor=officer, round_=past)
    actions.compute_results(actor=officer, round_=past)
    grants = actions.award_grants(actor=officer, round_=past, conditions="Quarterly reports.")
    if grants:
        grant = grants[0]
        proposer = grant.proposal.submitted_by
        actions.report_progress(
            actor=proposer,
            grant=grant,
            percent_complete=35,
            spend_to_date=grant.amount * Decimal("0.3"),
            story="Our first twelve sessions welcomed 140 people.",
        )
    current = _round(
        strategy,
        officer,
        district,
        "demo-innovation-fund-2025",
        "Stronger Communities Innovation Fund 2025",
        Decimal("50000"),
    )
    proposals = _proposals(current, strategy, wards)
    _assess_and_shortlist(current, officer, proposals)
    current = actions.open_voting(actor=officer, round_=current)
    cards = actions.issue_access_codes(actor=officer, round_=current, count=10, batch="demo")
    out(f"fund: 2 rounds (2024 delivered, {len(grants)} grants; 2025 voting open)")
    out("fund: access codes for the 2025 vote: " + ", ".join(cards[:5]))
    return []


def _round(strategy, officer, district, slug, title, budget) -> Round:
    round_ = actions.create_round(
        actor=officer,
        title=title,
        slug=slug,
        strategy=strategy,
        area=district,
        budget=budget,
        summary="Innovative, collaborative projects for integration and interculturalism, "
        "decided by residents through participatory budgeting.",
        pillars=list(strategy.pillars.all()),
        min_cost=Decimal("1000"),
        max_cost=Decimal("20000"),
        eligible_applicants=["constituted_group", "collaboration", "charity", "faith_group"],
        eligibility_checklist=["Constituted group or sponsored?", "Works in Bradford District?"],
        verification=["access_code", "postcode"],
        postcode_prefixes=[f"BD{n}" for n in range(1, 23)] + ["LS29"],
        voter_min_age=11,
    )
    return actions.open_round(actor=officer, round_=round_)


def _proposals(round_, strategy, wards) -> list:
    made = []
    for i, (title, summary, cost, pillar_no, partner) in enumerate(IDEAS):
        organisation = Organisation.objects.filter(slug__contains=partner).first()
        user, _ = User.objects.get_or_create(username=f"group{i + 1}")
        if organisation and not user.may_act_for(organisation):
            grant_membership(user=user, organisation=organisation, actor_label="demo")
            user.refresh_from_db()
        user.groups.add(Group.objects.get_or_create(name=Role.PARTNER.value)[0])
        pillar = strategy.pillars.filter(number=pillar_no).first()
        proposal = actions.save_draft(
            actor=user,
            round_=round_,
            data={
                "title": title,
                "summary": summary,
                "description": f"{summary} Run by local people, open to everyone.",
                "applicant_kind": "constituted_group",
                "pillars": [pillar] if pillar else [],
                "wards": wards[i % len(wards) : i % len(wards) + 1] if wards else [],
            },
            budget_lines=[
                ("Staff and volunteers' expenses", Decimal(cost) * Decimal("0.7")),
                ("Venues, materials and food", Decimal(cost) * Decimal("0.3")),
            ],
            promised=[("People taking part", 100 + 10 * i, None)],
        )
        made.append(actions.submit_proposal(actor=user, proposal=proposal))
    return made


def _assess_and_shortlist(round_, officer, proposals) -> Round:
    round_ = actions.open_assessment(actor=officer, round_=round_)
    checklist = {q: True for q in round_.eligibility_checklist}
    for proposal in proposals:
        actions.record_assessment(
            actor=officer,
            proposal=proposal,
            kind="eligibility",
            outcome="pass",
            comment="Eligible.",
            checklist=checklist,
        )
        actions.shortlist(actor=officer, proposal=proposal, include=True)
    return round_


def _fit(round_, choices: list[str]) -> list[str]:
    costs = dict(round_.proposals.on_ballot().values_list("code", "cost"))
    kept, total = [], Decimal(0)
    for code in choices:
        if total + costs[code] <= round_.budget:
            kept.append(code)
            total += costs[code]
    return kept
