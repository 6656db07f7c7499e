"""Generated comments: seeded, varied, and about the themes they say they are about."""

from collections import Counter

import pytest

from commonground.textanalysis.synthetic import THEMES, codebook, generate_comments

pytestmark = pytest.mark.engine


def test_same_seed_same_comments_other_seed_others() -> None:
    assert generate_comments(50, seed=4) == generate_comments(50, seed=4)
    assert generate_comments(50, seed=4) != generate_comments(50, seed=5)


def test_every_theme_appears_with_many_wordings() -> None:
    comments = generate_comments(2000, seed=0)
    counts = Counter(theme for c in comments for theme in c.themes)
    assert set(counts) == {t.topic_id for t in THEMES}
    assert len(THEMES) >= 10
    assert min(counts.values()) >= 80
    assert len({c.text for c in comments}) > 0.9 * len(comments)  # hardly any repeats


def test_mix_of_multi_theme_off_topic_and_sloppy_comments() -> None:
    comments = generate_comments(2000, seed=0)
    shares = Counter(min(len(c.themes), 2) for c in comments)
    assert 0.01 < shares[0] / 2000 < 0.06  # off the subject
    assert 0.08 < shares[2] / 2000 < 0.2  # two themes
    assert any(c.text == c.text.lower() and len(c.text) > 40 for c in comments)


def test_codebook_is_what_consult_code_reads() -> None:
    book = codebook()
    assert [e["topic_id"] for e in book] == [t.topic_id for t in THEMES]
    assert all(set(e) == {"topic_id", "topic_label", "topic_description"} for e in book)
