"""Text helpers used when wording messages and reports: counts, lists, shortening, hints.

Each helper is here once, so a count, a list or a shortened label reads the same in a
terminal message, a report and a warning.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """'1 event', '2 events'; `nouns` is an irregular plural ('3 agencies')."""
    return f"{count} {noun if count == 1 else (nouns or noun + 's')}"


# Numbers as words, zero to twenty: counts in prose, and ages read from or written into text.
NUMBER_WORDS = (
    *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
    *("eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"),
    *("eighteen", "nineteen", "twenty"),
)


def number_word(count: int) -> str:
    """'one' to 'nine' in words, larger numbers as digits (house style of most reports)."""
    if count == 0:
        return "no"
    return NUMBER_WORDS[count] if 0 < count < 10 else str(count)


def count_words(count: int, noun: str, nouns: str | None = None) -> str:
    """A count for report prose: 'one practitioner', 'three practitioners', '13 professionals'."""
    return f"{number_word(count)} {noun if count == 1 else (nouns or noun + 's')}"


def join_and(items: Iterable[str]) -> str:
    """'A', 'A and B', 'A, B and C' (empty items are left out)."""
    words = [str(i) for i in items if str(i)]
    if len(words) <= 1:
        return "".join(words)
    # Names with commas in them ("Eastvale Health, Health Visiting") need semicolons between.
    between = "; " if any("," in w for w in words) else ", "
    return between.join(words[:-1]) + " and " + words[-1]


def a_or_an(noun: str) -> str:
    """'a list', 'an answers file', 'an empty value': the noun with its indefinite article."""
    return f"{'an' if noun[:1].lower() in 'aeiou' and noun else 'a'} {noun}"


def capitalise(text: str) -> str:
    """The text with its first letter in upper case (the rest untouched)."""
    return text[:1].upper() + text[1:]


def shorten(text: str, width: int) -> str:
    """The text cut to at most `width` characters, ending in '…' when it was cut."""
    return text if len(text) <= width else text[: width - 1].rstrip() + "\u2026"


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' when a close match exists, else ''."""
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""
