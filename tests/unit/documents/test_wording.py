"""The shared wording helpers: SMAA shares never read as a false 0% or 100%, table cells become
numbers or None, long titles and texts are cut at a word, counts read as English."""

from __future__ import annotations

import math

import pytest

from vendor_eval.documents.wording import (
    excerpt,
    join_words,
    number,
    ordinal,
    running_title,
    share_text,
)


@pytest.mark.parametrize(("share", "text"), [
    (0.0, "0%"),
    (0.0001, "less than 1%"),
    (0.004, "less than 1%"),
    (0.02, "2%"),
    (0.5, "50%"),
    (0.98, "98%"),
    (0.995, "more than 99%"),
    (0.9999, "more than 99%"),
    (1.0, "100%"),
])
def test_a_share_reads_as_a_whole_percentage_that_is_never_falsely_none_or_all(
        share: float, text: str) -> None:
    assert share_text(share) == text


def test_half_a_percent_of_the_samples_is_not_printed_as_zero() -> None:
    # 50 of the report's 10,000 SMAA samples: the vendor did rank first in some of them.
    assert share_text(0.005) != "0%"


@pytest.mark.parametrize(("cell", "value"), [
    (3, 3.0), ("2.5", 2.5), (0, 0.0), (None, None), (float("nan"), None), ("n/a", None),
    (object(), None),
])
def test_a_table_cell_is_a_float_or_none_when_missing(cell: object, value: float | None) -> None:
    result = number(cell)
    assert result == value
    assert result is None or not math.isnan(result)


def test_a_short_title_is_kept_and_a_long_one_is_cut_at_a_word_with_an_ellipsis() -> None:
    assert running_title("Clinical notes, 2027") == "Clinical notes, 2027"
    title = "Annotation of clinical notes for the oncology triage model, " * 3
    cut = running_title(title)
    assert len(cut) <= 80
    assert cut.endswith("\u2026")
    assert cut[:-1] == cut[:-1].rstrip(" ,;:-"), "no dangling punctuation before the ellipsis"
    assert title.startswith(cut[:-1]) and title[len(cut) - 1] in " ,", "cut between words"


def test_an_excerpt_is_whitespace_normalised_and_says_whether_it_was_cut() -> None:
    assert excerpt("  Clear   escalation\npath. ") == ("Clear escalation path.", False)
    text, cut = excerpt("word " * 200, limit=50)
    assert cut
    assert text.endswith("\u2026") and len(text) <= 51
    assert set(text[:-1].split()) == {"word"}, "no word is split in half"
    assert excerpt("x" * 100, limit=10) == ("x" * 10 + "\u2026", True), "one long word is cut"


@pytest.mark.parametrize(("n", "text"), [
    (1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (12, "12th"), (13, "13th"),
    (21, "21st"), (22, "22nd"), (101, "101st"), (111, "111th"),
])
def test_ordinals_follow_english_including_the_teens(n: int, text: str) -> None:
    assert ordinal(n) == text


@pytest.mark.parametrize(("items", "text"), [
    ([], ""), (["Quality"], "Quality"), (["Quality", "Pilot"], "Quality and Pilot"),
    (["Quality", "Pilot", "Money"], "Quality, Pilot and Money"),
])
def test_words_are_joined_with_commas_and_a_final_and(items: list[str], text: str) -> None:
    assert join_words(items) == text
