"""axe-core checks for browser tests: one definition of "accessible enough to ship".

axe-core comes bundled with axe-playwright-python, so no network is needed. A serious or
critical violation fails; the message lists each with the elements it was found on, so the
fix is findable from the test output alone.
"""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

BLOCKING = {"serious", "critical"}


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {' '.join(node['target'])}: {node['failureSummary']!r}")
    return "\n".join(lines)


def blocking_violations(page) -> list[dict]:
    """The serious and critical axe-core violations on the page as it is now."""
    return [v for v in Axe().run(page).response["violations"] if v["impact"] in BLOCKING]


def assert_accessible(page, name: str) -> None:
    blocking = blocking_violations(page)
    assert not blocking, f"axe found on the {name} page ({page.url}):\n{describe(blocking)}"
