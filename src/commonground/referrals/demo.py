"""Demo referrals and support plans between Bradford's demo partners.

Runs after core's and the directory's demos (INSTALLED_APPS order), but needs neither: on a
flushed database it creates the partners and directory entries it uses. Idempotent: the
referrals and plans are made once (by the demo ``referrer`` account); accounts get new
passwords on every run, as core's do. Everything goes through the audited actions, then the
dates are moved back so the timelines and the report look lived in.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import timedelta

from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.text import slugify

from commonground.core.memberships import grant_membership
from commonground.core.models import Organisation, User
from commonground.core.models.organisations import OrganisationKind as Kind
from commonground.core.roles import Role
from commonground.services import demo as directory
from commonground.services.models import Organization, Service

from . import actions
from .models import PlanStep, Referral, ReferralEvent, State, StepKind, StepOutcome

COUNCIL = "City of Bradford Metropolitan District Council"
HEALTH = "Bradford District Care NHS Foundation Trust"
ADVICE = "Bradford Refugee and Migrant Advice"
GIRLINGTON = "Girlington Advice Centre"

PARTNERS = [
    (COUNCIL, Kind.COUNCIL),
    (HEALTH, Kind.HEALTH),
    (ADVICE, Kind.VOLUNTARY),
    (GIRLINGTON, Kind.VOLUNTARY),
]

# directory organisation key (services demo) → the partner that keeps it and takes referrals
KEEPERS = {"refugee-advice": ADVICE, "girlington-advice": GIRLINGTON, "adult-learning": COUNCIL}

ACCOUNTS = [("referrer", HEALTH), ("advice", ADVICE)]

# (first name, language, service key, need, states to walk, days ago sent, contact channel)
REFERRALS = [
    ("Amina", "ur", "immigration-advice", "Needs help with an asylum claim letter.", [], 2, "sms"),
    ("Piotr", "pl", "housing-advice", "Worried about rent arrears after losing work.", [], 5, ""),
    ("J. K.", "en", "esol-evening-city", "Wants evening English classes after work.", [], 3, ""),
    (
        "Farida",
        "ur",
        "immigration-advice",
        "Family reunion questions.",
        ["accepted"],
        12,
        "sms",
    ),
    (
        "Marta",
        "pl",
        "employment-support",
        "Looking for work as a carer.",
        ["accepted", "started"],
        30,
        "email",
    ),
    (
        "Yusuf",
        "en",
        "immigration-advice",
        "Refugee status letter.",
        ["accepted", "started", "completed"],
        60,
        "",
    ),
    ("S. A.", "ur", "housing-advice", "Needs housing advice.", ["declined"], 20, "sms"),
]

# Plans: (first name, language, status, {step: (service key or "gap:note" or "not_needed", states)})
PLANS = [
    (
        "Hassan",
        "en",
        "asylum",
        {
            StepKind.IMMIGRATION: ("immigration-advice", ["accepted", "started"]),
            StepKind.GP: ("gap:No GP practice near the hotel takes new patients.", []),
            StepKind.ESOL: ("esol-evening-city", []),
            StepKind.SCHOOL: ("not_needed", []),
        },
    ),
    (
        "Leila",
        "ur",
        "refugee",
        {
            StepKind.IMMIGRATION: ("immigration-advice", ["accepted", "started", "completed"]),
            StepKind.HOUSING: ("housing-advice", ["accepted"]),
            StepKind.EMPLOYMENT: ("employment-support", []),
            StepKind.GP: ("gap:No interpreter available for GP registration.", []),
        },
    ),
    (
        "Dawit",
        "en",
        "refugee",
        {
            StepKind.IMMIGRATION: ("immigration-advice", ["accepted"]),
            StepKind.ESOL: ("esol-evening-city", ["accepted", "started"]),
            StepKind.SCHOOL: ("gap:No school place for a 14-year-old within two miles.", []),
        },
    ),
]


def _partners() -> dict[str, Organisation]:
    found = {}
    for name, kind in PARTNERS:
        found[name], _ = Organisation.objects.get_or_create(
            slug=slugify(name)[:80], defaults={"name": name, "kind": kind}
        )
    return found


def _services(say: Callable[[str], None], partners: dict[str, Organisation]) -> dict[str, Service]:
    """The directory entries referred to, each kept by a partner (the directory demo's own)."""
    keys = {spec[2] for spec in REFERRALS} | {
        value[0] for _, _, _, steps in PLANS for value in steps.values()
    }
    keys = {k for k in keys if not k.startswith("gap:") and k != "not_needed"}
    if Service.objects.filter(id__in=[directory.uid(f"service:{k}") for k in keys]).count() < len(
        keys
    ):
        directory.load_demo(say)
    for key, partner in KEEPERS.items():
        Organization.objects.filter(id=directory.uid(f"org:{key}"), partner=None).update(
            partner=partners[partner]
        )
    return {
        key: Service.objects.select_related("organization__partner").get(
            id=directory.uid(f"service:{key}")
        )
        for key in keys
    }


def _account(username: str, organisation: Organisation) -> tuple[User, str]:
    user, _ = User.objects.get_or_create(username=username)
    password = secrets.token_urlsafe(9)
    user.set_password(password)
    user.save()
    user.groups.set([Group.objects.get_or_create(name=Role.PARTNER.value)[0]])
    grant_membership(user=user, organisation=organisation, admin=True, actor_label="demo")
    return user, password


def _walk(referral: Referral, states: list[str], sent_days_ago: int, actor) -> None:
    """Move a referral through `states` as its receiver, then spread the dates back in time."""
    for state in states:
        reason = "The waiting list is closed until spring." if state == State.DECLINED else ""
        actions.move(actor=actor, referral=referral, state=state, reason=reason)
    now = timezone.now()
    sent = now - timedelta(days=sent_days_ago)
    step_days = max(1, sent_days_ago // (len(states) + 1))
    moments = [sent + timedelta(days=step_days * n) for n in range(len(states) + 1)]
    events = list(referral.events.order_by("at", "pk"))
    for event, moment in zip(events, moments, strict=False):
        ReferralEvent.objects.filter(pk=event.pk).update(at=moment)
    changes = {"created_at": sent}
    for state, moment in zip(states, moments[1:], strict=True):
        if state == State.ACCEPTED:
            changes["accepted_at"] = moment
        if state == State.STARTED:
            changes["started_at"] = moment
        if state in (State.DECLINED, State.COMPLETED, State.WITHDRAWN):
            changes["closed_at"] = moment
    Referral.objects.filter(pk=referral.pk).update(**changes)


def _receiver(service: Service, receivers: dict[int, User]) -> User:
    return receivers[service.organization.partner_id]


def load_demo(say: Callable[[str], None]) -> list[tuple[str, str, str]]:
    partners = _partners()
    services = _services(say, partners)
    accounts = []
    users = {}
    for username, organisation in ACCOUNTS:
        users[username], password = _account(username, partners[organisation])
        accounts.append((username, password, f"{Role.PARTNER.label} ({organisation})"))
    # Every keeper needs someone to accept: the advice account for the voluntary partners,
    # the demo officer (or a council caseworker account) for the council's adult learning.
    council_user = User.objects.filter(username="officer").first()
    if council_user is None or not council_user.may_act_for(partners[COUNCIL]):
        council_user, password = _account("council-referrals", partners[COUNCIL])
        accounts.append(("council-referrals", password, f"{Role.PARTNER.label} ({COUNCIL})"))
    girlington_user, password = _account("girlington", partners[GIRLINGTON])
    accounts.append(("girlington", password, f"{Role.PARTNER.label} ({GIRLINGTON})"))
    receivers = {
        partners[ADVICE].pk: users["advice"],
        partners[GIRLINGTON].pk: girlington_user,
        partners[COUNCIL].pk: council_user,
    }
    referrer = users["referrer"]
    if Referral.objects.filter(referrer=referrer).exists():
        say("referrals: demo referrals already there")
        return accounts
    today = timezone.localdate()
    for first_name, language, key, need, states, days_ago, channel in REFERRALS:
        referral = actions.refer(
            actor=referrer,
            organisation=partners[HEALTH],
            service=services[key],
            first_name=first_name,
            language=language,
            need=need,
            consent_given_by="person",
            consent_on=today - timedelta(days=days_ago),
            consent_purpose="To share my first name and need with the service.",
            channel=channel,
            contact={"sms": "07700 900123", "email": "person@example.org"}.get(channel, ""),
        )
        _walk(referral, states, days_ago, _receiver(services[key], receivers))
    advice = users["advice"]
    for n, (first_name, language, status, steps) in enumerate(PLANS):
        plan = actions.start_plan(
            actor=advice,
            organisation=partners[ADVICE],
            first_name=first_name,
            language=language,
            status=status,
            consent_given_by="person",
            consent_on=today - timedelta(days=40 + n),
        )
        for kind, (target, states) in steps.items():
            step = PlanStep.objects.get(plan=plan, kind=kind)
            if target.startswith("gap:"):
                actions.record_step(
                    actor=advice, step=step, outcome=StepOutcome.GAP, note=target[4:]
                )
            elif target == "not_needed":
                actions.record_step(actor=advice, step=step, outcome=StepOutcome.NOT_NEEDED)
            else:
                referral = actions.refer(
                    actor=advice,
                    organisation=partners[ADVICE],
                    service=services[target],
                    first_name=first_name,
                    language=language,
                    need=f"{StepKind(kind).label} for someone new to Bradford.",
                    consent_given_by="person",
                    consent_on=today - timedelta(days=40 + n),
                    consent_purpose="To share my first name and need with the service.",
                    step=step,
                )
                _walk(referral, states, 35 - 5 * n, _receiver(services[target], receivers))
    say(
        f"referrals: {Referral.objects.count()} referrals and {len(PLANS)} new arrivals' "
        "support plans between demo partners"
    )
    return accounts
