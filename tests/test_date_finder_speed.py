"""The date finder's shortcuts find exactly what the full grammar finds.

`find_dates` tries the grammar only where a date can start (`_gate`: "the" and "about" only
before the rest of a date) and passes over a text with no digit when dates need their year.
Each shortcut is checked here against the finder without it, on the planted corpus, the
samples, hostile shapes and generated phrases in running text.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from anon_corpus.plants import corpus_case
from hypothesis import given, settings
from hypothesis import strategies as st
from test_dates_properties import BEFORE, phrases

from reviewkit import dates
from reviewkit.dates import find_dates

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "sample_cases").glob("*/case.yaml"))

AROUND = [
    "the",
    "The",
    "about",
    "About",
    "c.",
    "c",
    "ca.",
    "approx.",
    "around the",
    "about the",
    "the the",
    "in the",
    "from about the",
    "between the",
    "?",
]
TRICKY = [
    "the 3rd of March 2019 and the end of April 2020, the summer of 2018",
    "about the 14th, about 2019, about-2019, c.2019, c 2019, ca. 2019, c2019, circa\n2019",
    "The  end,of May 2021 the,summer 2019 THE BEGINNING OF 2020 the, 3 March 2019",
    "around the middle of June 2019 to the end of July 2019; the Q1 2019; the w/c 14/09/2026",
    "about w/c 14/09/2026, about week ending 20 Sept 2026, about between 2019 and 2020",
    "the mid-March 2019, the early 2019, about the early March, the 11, 18 and 25 July",
    "the\u20102019, 14\u2010Mar\u20102019, the ?2019, about ?2019, ? 3 March 2019",
    "theatre 2019, other 2019, aboutness 2019, cab 2019, c/2019, the-2019, about.2019",
    "No digits, but the end of March, the summer, about early June and the 3rd of May.",
    "\u0661\u0662 March \u0662\u0660\u0661\u0669 and the \u0663rd of May 2019",
]


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _found(texts: list[str]) -> list[list[dates.DateMatch]]:
    return [find_dates(t, yearless=y) for t in texts for y in (False, True)]


def _without_shortcuts(monkeypatch: pytest.MonkeyPatch) -> None:
    """The finder as the grammar alone writes it: tried at every place, on every text."""
    dates._finder.cache_clear()
    monkeypatch.setattr(dates, "_gate", lambda: "")
    monkeypatch.setattr(dates, "_ANY_DIGIT", re.compile(""))


@pytest.fixture
def restore_finder() -> Any:
    yield
    dates._finder.cache_clear()


def test_the_shortcuts_find_what_the_grammar_finds(
    monkeypatch: pytest.MonkeyPatch, restore_finder: None
) -> None:
    data, _ = corpus_case()
    texts = _strings(data) + TRICKY
    for sample in SAMPLES:
        texts += _strings(yaml.safe_load(sample.read_text(encoding="utf-8")))
    texts += [f"{a} {t}" for a in AROUND for t in TRICKY]
    fast = _found(texts)
    _without_shortcuts(monkeypatch)
    assert fast == _found(texts)
    assert sum(len(f) for f in fast) > 500


@settings(max_examples=100, deadline=None)
@given(phrases(), st.sampled_from([*BEFORE, *(f"{a} " for a in AROUND), *AROUND]))
def test_generated_phrases_are_found_as_the_grammar_finds_them(phrase: Any, before: str) -> None:
    text = f"Seen {before}{phrase.text} and then"
    fast = _found([text])
    with pytest.MonkeyPatch.context() as patch:
        _without_shortcuts(patch)
        slow = _found([text])
    dates._finder.cache_clear()
    assert fast == slow


WORD_LISTS = [
    dates._MONTH_WORDS,
    dates._MONTH_ABBREVIATIONS,
    [*dates._MONTH_WORDS, *dates._MONTH_ABBREVIATIONS],
    dates._WEEKDAY_WORDS,
    dates._WEEKDAY_ABBREVIATIONS,
    dates._ORDINALS,
    dates.APPROX_WORDS,
    dates._SEASON_MONTHS,
    dates._PART_WORDS,
    dates.RANGE_WORDS,
    dates._first_words(),
]


@pytest.mark.parametrize("words", WORD_LISTS)
def test_a_tree_of_words_matches_what_the_list_of_them_matches(words: list[str]) -> None:
    # The list, longest first, as `_alternation` wrote it before it wrote a tree; each is
    # followed by what may make the engine go back and try a shorter word.
    listed = "(" + "|".join(sorted(words, key=len, reverse=True)) + ")"
    tree = dates._alternation(words)
    assert tree != listed
    texts = [w + end for w in words for end in ("", " ", ".", "s", "x 3", " 3", "ch 3")]
    texts += [w[:i] for w in words for i in range(len(w))]
    texts += [w.upper() + " 2019" for w in words] + ["Sept. 3", "mar. 3", "end of 3"]
    for after in ("", r"\b", r"\.?\s+\d", r"\s*\d", r"(?!\w)"):
        plain = re.compile(listed + after, re.IGNORECASE)
        shared = re.compile(tree + after, re.IGNORECASE)
        for text in texts:
            a, b = plain.match(text), shared.match(text)
            assert (a and (a.span(), a[1])) == (b and (b.span(), b[1])), (after, text)
