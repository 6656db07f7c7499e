import pytest

from commonground.services import demo


@pytest.fixture
def directory(db):
    """The demo Bradford directory (no wards needed: locations keep their coordinates)."""
    demo.load_demo(lambda line: None)
    return demo
