"""What anonymising returns: the new case file's text, its reports and every replacement.

Kept apart from the anonymiser so that the replacement report can read a result without
importing the anonymiser that produces it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reviewkit.anonymise.scan import ReviewWord


@dataclass(frozen=True)
class Replacement:
    """One thing replaced or removed: where, what kind, and under which vocabulary term."""

    path: str  # case-file path, e.g. "events[3].details"
    kind: str  # "name", "place", "NHS number", "date", "date of birth" ...
    term: str  # what it is counted under; safe to print
    original: str = ""  # the text replaced: for the audit only, never printed
    new: str = ""  # what replaced it ("" when removed)
    source: str = ""  # the vocabulary variant matched (its key): for "not found" lists


@dataclass
class AnonymisedCase:
    """The anonymised case file, its replacement report and its audit."""

    text: str
    report: str
    audit: str
    replacements: list[Replacement]
    scheme: str
    dates: str
    offset_days: int
    labels: dict[str, str]  # person id -> the label they now have
    unread_dates: int = 0  # dates that could not be told with confidence: now neutral words
    age_checks: int = 0  # ages written in the text that the real dates do not give
    review: list[ReviewWord] = field(default_factory=list)  # words to check by eye
    # People with no real_name: their name, if typed in the text, cannot be found.
    unnamed: list[str] = field(default_factory=list)  # "people[3] (Uncle)"
