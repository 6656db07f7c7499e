"""Under the test settings a missing template variable fails the test that rendered it.

Django renders an unknown variable as empty text, so a renamed attribute or a typo hides a
figure while tests pass; `commonground.test_settings` makes it raise, naming the variable, the
template and the line. Tests that look for `{% if %}` and `{% for %}` on a missing variable stay
quiet, as Django documents: templates may test for a variable that is not always there.
"""

import pytest
from django.template import engines

from commonground.test_settings import UndefinedTemplateVariable

pytestmark = pytest.mark.engine


def render(source: str, context: dict | None = None) -> str:
    return engines["django"].from_string(source).render(context or {})


@pytest.mark.parametrize(
    ("source", "context", "missing"),
    [
        ("Hello {{ nmae }}", {"name": "Amina"}, "nmae"),
        ("Paid {{ grant.paid_total }}", {"grant": {"paid": 0}}, "grant.paid_total"),
        ("{{ proposal.organisation.name }}", {"proposal": {"organisation": None}}, "organisation"),
        ('{{ missing|default:"–" }}', {}, "missing"),
        ("{% with total=missing %}{{ total }}{% endwith %}", {}, "missing"),
    ],
)
def test_a_missing_variable_fails_and_names_itself(source, context, missing) -> None:
    with pytest.raises(UndefinedTemplateVariable, match=missing):
        render("\n" + source, context)
    with pytest.raises(UndefinedTemplateVariable, match="line 2"):
        render("\n" + source, context)


def test_the_error_names_the_template_file() -> None:
    with pytest.raises(UndefinedTemplateVariable, match=r"in base\.html, line \d+"):
        engines["django"].get_template("base.html").render({})


def test_if_and_for_on_a_missing_variable_stay_legitimate() -> None:
    source = (
        "{% if banner %}{{ banner }}{% else %}none{% endif %}"
        "{% for item in items %}{{ item }}{% empty %}, empty{% endfor %}"
        "{% firstof nickname name %}"
    )
    assert render(source, {"name": ", Amina"}) == "none, empty, Amina"
    assert render(source, {"banner": "Hi", "items": ["!"], "name": ""}) == "Hi!"
