"""Demo data for the core app: Bradford's partners and one account per role.

Partner names are organisations the strategy itself names; the accounts are fictional.
Each app may have a `demo.py` with `load_demo(out)`; `commonground demo` calls them in
INSTALLED_APPS order, so later apps can rely on what core made.
"""

import secrets
from collections.abc import Callable

from django.contrib.auth.models import Group
from django.utils.text import slugify

from commonground.core.memberships import grant_membership
from commonground.core.models import Area, Organisation, User
from commonground.core.models.organisations import OrganisationKind as Kind
from commonground.core.roles import Role

PARTNERS: list[tuple[str, str, str]] = [
    ("City of Bradford Metropolitan District Council", Kind.COUNCIL, "Leads the programme."),
    ("West Yorkshire Police", Kind.POLICE, "Hate crime reporting and community safety."),
    ("West Yorkshire Fire and Rescue Service", Kind.FIRE, "Community safety partner."),
    ("Bradford District Care NHS Foundation Trust", Kind.HEALTH, "Health partner."),
    ("University of Bradford", Kind.UNIVERSITY, "Community Readiness pilots and research."),
    ("Born in Bradford", Kind.UNIVERSITY, "Cohort study tracking 13,500 children."),
    ("The Linking Network", Kind.VOLUNTARY, "School linking across the District."),
    ("People Can", Kind.VOLUNTARY, "District-wide volunteering initiative."),
    ("Bradford Community Broadcasting", Kind.VOLUNTARY, "Community radio and training."),
    ("Minhaj Welfare Foundation", Kind.FAITH, "Faith-based welfare organisation."),
    ("Believing in Bradford", Kind.VOLUNTARY, "Leadership programme for young people."),
]

DEMO_ACCOUNTS: list[tuple[str, Role, str | None]] = [
    ("officer", Role.OFFICER, "City of Bradford Metropolitan District Council"),
    ("partner", Role.PARTNER, "The Linking Network"),
    ("board", Role.BOARD, None),
    ("resident", Role.RESIDENT, None),
]


def load_demo(out: Callable[[str], None]) -> list[tuple[str, str, str]]:
    """Create partners and demo accounts; returns (username, password, role) to print.

    Passwords are new on every run and printed once: a demo never ships a known password.
    """
    for name, kind, description in PARTNERS:
        Organisation.objects.update_or_create(
            slug=slugify(name)[:80],
            defaults={"name": name, "kind": kind, "description": description},
        )
    ward = Area.objects.wards().order_by("name").first()
    accounts = []
    for username, role, organisation in DEMO_ACCOUNTS:
        user, _ = User.objects.get_or_create(username=username)
        user.home_area = ward if role == Role.RESIDENT else None
        user.is_staff = role == Role.OFFICER
        password = secrets.token_urlsafe(9)
        user.set_password(password)
        user.save()
        user.groups.set([Group.objects.get(name=role.value)])
        if organisation:  # acting for it needs a confirmed membership; partners admin theirs
            grant_membership(
                user=user,
                organisation=Organisation.objects.get(name=organisation),
                admin=role == Role.PARTNER,
                actor_label="demo",
            )
        accounts.append((username, password, str(role.label)))
    out(f"core: {len(PARTNERS)} partner organisations, {len(accounts)} demo accounts")
    return accounts
