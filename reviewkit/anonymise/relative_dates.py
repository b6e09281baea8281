"""Dates as relative time: "when Child A was seven weeks old", "two weeks later", "month 14".

A `Timeframe` holds how dates are to be written (the mode), the secret offset dates are moved
by, and what ages and intervals are counted from: the child's date of birth and the start of
the review period. It rewrites the dates found in free text, and gives the new text of the
case file's own date fields.

Modes:

- ``age``: the child's age ("when Child A was seven weeks old"); before the birth, the time to
  it ("three months before Child A was born"); without a date of birth, as ``interval``;
- ``interval``: time from the start of the review period ("in month 14 of the review period");
- ``keep-year``: the year, with the age or month when known ("in 2019 (when Child A was seven
  weeks old)");
- ``shift``: every date moved by the same secret number of weeks, written as before;
- ``keep``: dates as written.

In every mode but ``keep``, a date within eight weeks after the one before it in the same text
becomes "two weeks later", "the next day" or "the same day".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from reviewkit.dates import (
    MONTH_NAMES,
    DateError,
    FuzzyDate,
    format_age,
    format_interval,
    months_between,
    parse_date,
)
from reviewkit.wording import capitalise

DATE_MODES = ("age", "interval", "keep-year", "shift", "keep")
NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
LATER_LIMIT_DAYS = 56

# A dot after an abbreviated month ("Sept.") is part of it; after a full name it ends a sentence.
_MON = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?:\.(?!\s*$|\s+[A-Z]))?)"
)
_MON_I = f"(?i:{_MON})"
_ORD = r"(?:st|nd|rd|th)?"
_WEEKDAY = r"(?:(?i:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+(?:the\s+)?)?"
_PART = r"(?i:early|mid|late|the\s+(?:beginning|start|middle|end)\s+of)"
_YEAR = r"(?:19|20)\d{2}(?![\d/])"
_STRONG = "|".join(
    [
        rf"(?i:between)\s+\d{{1,2}}{_ORD}\s+and\s+\d{{1,2}}{_ORD}\s+{_MON_I}(?:,?\s+{_YEAR})?",
        rf"\d{{1,2}}{_ORD}\s*(?:[-\u2013]|\s+to\s+)\s*\d{{1,2}}{_ORD}\s+{_MON_I}(?:,?\s+{_YEAR})?",
        rf"{_WEEKDAY}(?:\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}/\d{{1,2}}/(?:\d{{4}}|\d{{2}})"
        r"|\d{1,2}\.\d{1,2}\.\d{4}|\d{1,2}-\d{1,2}-\d{4})(?![\d/.-]\d)",
        rf"{_WEEKDAY}\d{{1,2}}{_ORD}(?:\s+of)?\s+{_MON_I},?\s+{_YEAR}",
        rf"{_WEEKDAY}{_MON_I}\s+\d{{1,2}}{_ORD},?\s+{_YEAR}",
        rf"{_PART}[\s-]+{_MON_I}(?:,?\s+{_YEAR})?",
        rf"(?:(?i:the)\s+)?(?i:spring|summer|autumn|winter)(?:\s+of)?\s+{_YEAR}",
        rf"{_MON_I}\s*[-\u2013]\s*{_MON_I}\s+{_YEAR}",
        rf"{_MON_I},?\s+{_YEAR}",
        rf"{_PART}[\s-]+{_YEAR}",
        rf"{_WEEKDAY}\d{{1,2}}{_ORD}(?:\s+of)?\s+{_MON_I}(?!\w)",
        rf"{_WEEKDAY}{_MON_I}\s+\d{{1,2}}(?:st|nd|rd|th)(?!\w)",
    ]
)
# A month or a year on its own is a date only after a preposition ("in May", "since 2019").
_WEAK = rf"{_MON}(?!\w)|{_YEAR}(?!\s+(?i:act|edition|guidance|regulations)\b)"
_PREPOSITIONS = (
    "on or around|on or about|on|in|at|during|around|about|of|by|from|since|until|till|before|"
    "after|throughout|circa|c\\."
)
_PREP = rf"(?P<prep>(?i:{_PREPOSITIONS})\s+)"
_WEAK_PREP = rf"(?P<wprep>(?i:{_PREPOSITIONS}|early|mid|late)[\s-]+)"
TEXT_DATE = re.compile(
    rf"(?<![\w/.-]){_PREP}?(?P<date>{_STRONG})(?![\w])|(?<![\w/.-]){_WEAK_PREP}(?P<weak>{_WEAK})"
)

_RELATIVE_BEFORE = re.compile(r"\b(?:later|earlier|after|before|next|previous)\b", re.I)
_BARE_YEAR = re.compile(
    r"(?<![\w/.-])(?<!Act )(?<!Together )(?<!Regulations )(?<!Order )(?<!Rules )"
    r"((?:19|20)\d{2})(?:([-/\u2013])(\d{2}|(?:19|20)\d{2}))?(?![\w/.-]\d|\d)"
)

# Prepositions that stay in front of a relative phrase; the others are part of "when ...".
_KEPT = {"by", "from", "since", "until", "till", "before", "after", "throughout"}
_ABOUT = {"around", "about", "circa", "c.", "on or around", "on or about"}


def number_words(text: str) -> str:
    """Numbers one to nine as words, as reports write them: '7 weeks' -> 'seven weeks'."""
    text = re.sub(r"\b(\d+ years?) (\d+ months?)\b", r"\1 and \2", text)
    return re.sub(r"\b([1-9])\b", lambda m: NUMBER_WORDS[int(m[1])], text)


@dataclass
class Child:
    """Whose age dates are told by: the label text uses and the date of birth."""

    label: str
    dob: FuzzyDate | None


@dataclass
class Timeframe:
    """How dates are written, and the secret offset and anchors they are counted from."""

    mode: str = "age"
    offset_days: int = 0  # added to every date in "age", "interval" and "shift" modes
    child: Child | None = None
    anchor: FuzzyDate | None = None  # start of the review period
    unread: int = field(default=0)  # dates found in text that could not be read

    @property
    def shifts(self) -> bool:
        """True when the case file's own dates are moved by the secret offset."""
        return self.mode in ("age", "interval", "shift") and self.offset_days != 0

    # --- the case file's own date fields -----------------------------------------------------

    def shift(self, date: FuzzyDate) -> FuzzyDate:
        """The date moved by the secret offset (unchanged when the mode keeps dates)."""
        if not self.shifts:
            return date
        return parse_date(written(date, self.offset_days))

    def field_text(self, date: FuzzyDate) -> str:
        """The new text of a date field."""
        if not self.shifts:
            return date.text
        return written(date, self.offset_days)

    # --- phrases ------------------------------------------------------------------------------

    def phrase(
        self,
        date: FuzzyDate,
        *,
        previous: FuzzyDate | None = None,
        preposition: str = "",
        child: Child | None = None,
    ) -> str:
        """A date as relative time, for a date already on this timeframe's calendar."""
        child = child or self.child
        prep = preposition.strip().lower()
        if self.mode == "keep":
            return f"{preposition}{date.text}"
        if self.mode == "shift":
            return f"{preposition}{date.text}"
        if previous is not None and prep not in _KEPT:
            later = later_phrase(previous, date)
            if later:
                return later
        if self.mode == "keep-year":
            year = _year_text(date)
            extra = self._relative(date, child, prep="")
            return f"{prep if prep in _KEPT else 'in'} {year}" + (f" ({extra})" if extra else "")
        return self._relative(date, child, prep=prep)

    def _relative(self, date: FuzzyDate, child: Child | None, *, prep: str) -> str:
        about = prep in _ABOUT
        kept = prep if prep in _KEPT else ""
        background = self.anchor is not None and date.latest < self.anchor.earliest
        aged = child is not None and child.dob is not None and self.mode in ("age", "keep-year")
        if aged and not background and child is not None and child.dob is not None:
            return age_phrase(child.dob, date, child.label, preposition=kept, about=about)
        if self.anchor is not None:
            return interval_phrase(self.anchor, date, preposition=kept, about=about)
        if self.mode == "keep-year":
            return ""
        return f"{kept} {_year_text(date)}".strip() if kept else f"in {_year_text(date)}"

    # --- free text --------------------------------------------------------------------------

    def rewrite(
        self, text: str, *, context: FuzzyDate | None = None, child: Child | None = None
    ) -> tuple[str, list[tuple[str, str]]]:
        """Rewrite every date in free text; returns the new text and each (old, new) change.

        `context` (the event's own date, say) gives the year of dates written without one.
        """
        if self.mode == "keep":
            return text, []
        out: list[str] = []
        last = 0
        changed: list[tuple[str, str]] = []
        previous: FuzzyDate | None = None
        for m in TEXT_DATE.finditer(text):
            raw = m["date"] or m["weak"]
            prep = m["prep"] or m["wprep"] or ""
            if m["weak"] and prep.strip().lower() in ("early", "mid", "late"):
                raw = prep + raw  # "early 2019" is a date of its own
                prep = ""
            date = read_date(raw, context=previous or context)
            if date is None:
                self.unread += 1
                continue
            if self.mode == "shift":
                new = prep + restyle(raw, date, self.offset_days)
            else:
                # "two weeks later, on 3 April" must not become "two weeks later, two weeks later".
                told = _RELATIVE_BEFORE.search(text[max(0, m.start() - 30) : m.start()])
                new = self.phrase(
                    date,
                    previous=None if told else previous,
                    preposition=prep,
                    child=child or self.child,
                )
            start = m.start()
            noun = _ATTRIBUTIVE_NOUN.match(text, m.end()) if not prep else None
            if noun and _ARTICLE_BEFORE.search(text, 0, start):
                # "the January 2023 assault" -> "the assault (when Ruby was ...)": a date used
                # as an adjective becomes a note after its noun, so the phrase still reads.
                out.append(f"{text[last:start]}{noun[1]} ({new})")
                last = noun.end()
                changed.append((m[0] + noun[0], f"{noun[1]} ({new})"))
                previous = date
                continue
            if _sentence_start(text, start):
                new = capitalise(new)
            out.append(text[last:start] + new)
            last = m.end()
            changed.append((m[0], new))
            previous = date
        out.append(text[last:])
        new_text = "".join(out)
        if self.mode in ("age", "interval") and self.offset_days:
            new_text = self._bare_years(new_text, changed)
        return new_text, changed

    def _bare_years(self, text: str, changed: list[tuple[str, str]]) -> str:
        """Years left in the text ("the 2013 incident") move with the secret offset.

        The story never prints a real date, so a year must not give one away; the names of
        laws and guidance ("Children Act 1989", "Working Together 2018") keep theirs.
        """
        years = round(self.offset_days / 365.25)

        def move(m: re.Match[str]) -> str:
            first = int(m[1]) + years
            new = str(first)
            if m[2]:
                second = int(m[3]) + years
                new += m[2] + (str(second)[-len(m[3]) :])
            changed.append((m[0], new))
            return new

        return _BARE_YEAR.sub(move, text)


_ATTRIBUTIVE_NOUN = re.compile(r"\s+([a-z][\w'-]*)")  # the noun after "the <date>"
_ARTICLE_BEFORE = re.compile(r"\b[Tt]he\s+$")


def _sentence_start(text: str, index: int) -> bool:
    before = text[:index].rstrip(" \t\"'\u201c\u2018(")
    return not before or before[-1] in ".!?\n:" or before.endswith("- ")


def _year_text(date: FuzzyDate) -> str:
    first, last = date.earliest.year, date.latest.year
    return str(first) if first == last else f"{first} to {last}"


def age_phrase(
    dob: FuzzyDate, date: FuzzyDate, child: str, *, preposition: str = "", about: bool = False
) -> str:
    """'when Child A was seven weeks old', 'three months before Child A was born'."""
    if date.latest < dob.earliest:
        gap = number_words(format_interval(date, dob))
        gap = f"about {gap}" if about and not gap.startswith(("about", "up to")) else gap
        return f"{preposition} {gap} before {child} was born".strip()
    if date.earliest < dob.latest or date.earliest == dob.latest == date.latest:
        if date.exact and dob.exact:
            return f"{preposition or 'on'} the day {child} was born"
        return f"{preposition or 'around'} the time {child} was born"
    age = number_words(age_text(dob, date))
    if about and not age.startswith("about"):
        age = f"about {age}"
    if preposition == "by":
        return f"by the time {child} was {age} old"
    if preposition in ("from", "throughout"):
        return f"from when {child} was {age} old"
    if preposition:
        return f"{preposition} {child} was {age} old"
    return f"when {child} was {age} old"


def age_text(dob: FuzzyDate, date: FuzzyDate) -> str:
    """The age as prose gives it: exact for babies, rounded for older children.

    "7 weeks" and "5 to 6 months" stay; from two years a range becomes its middle ("about 3
    years 2 months"), and from five years only whole years are given ("about 14 years").
    """
    text = format_age(dob, date)
    years = re.match(r"(?:about )?(\d+) years?", text)
    if years is None or (int(years[1]) < 5 and " to " not in text):
        return text
    middle = parse_date(date.midpoint.isoformat())
    exact = format_age(dob, middle).removeprefix("about ")
    rough = " to " in text or not (date.exact and dob.exact)
    if int(years[1]) >= 5:
        exact = re.sub(r" \d+ months?$", "", exact)
    return f"about {exact}" if rough else exact


def interval_phrase(
    anchor: FuzzyDate, date: FuzzyDate, *, preposition: str = "", about: bool = False
) -> str:
    """'in month 14 of the review period', 'two months before the review period'."""
    start = anchor.earliest
    if date.latest < start:
        gap = number_words(format_interval(date, anchor))
        return f"{preposition} {gap} before the review period".strip()
    first = months_between(start, max(date.earliest, start)) + 1
    last = months_between(start, date.latest) + 1
    months = f"month {first}" if first == last else f"months {first} to {last}"
    lead = preposition or ("around" if about or date.approximate else "in")
    return f"{lead} {months} of the review period"


def later_phrase(previous: FuzzyDate, date: FuzzyDate) -> str:
    """'the same day', 'the next day', 'two weeks later'; '' when not close after `previous`."""
    if date.exact and previous.exact and date.earliest == previous.earliest:
        return "the same day"
    if not date.is_after(previous):
        return ""
    gap = format_interval(previous, date)
    if gap.startswith("up to") or (date.earliest - previous.latest).days > LATER_LIMIT_DAYS:
        return ""
    if gap == "1 day":
        return "the next day"
    return f"{number_words(gap)} later"


# --- reading and writing dates -------------------------------------------------------------------


def read_date(raw: str, *, context: FuzzyDate | None = None) -> FuzzyDate | None:
    """A date found in text, with the year taken from `context` when it is not written."""
    text = _clean(raw)
    if re.search(r"\b(?:19|20)\d{2}\b|\d{1,2}[/.-]\d{1,2}[/.-]\d{2}", text):
        try:
            return parse_date(text)
        except DateError:
            return None
    if context is None:
        return None
    middle = context.midpoint
    candidates = []
    for year in (middle.year - 1, middle.year, middle.year + 1):
        try:
            candidates.append(parse_date(f"{text} {year}"))
        except DateError:
            continue
    if not candidates:
        return None

    def fit(candidate: FuzzyDate) -> tuple[bool, bool, int]:
        # Records mostly look back ("the February incident"): within about half a year,
        # the past reading wins over a slightly nearer future one; otherwise the nearest.
        gap = (candidate.midpoint - middle).days
        return (abs(gap) > 200, gap > 0, abs(gap))

    return min(candidates, key=fit)


def _clean(raw: str) -> str:
    text = " ".join(raw.replace(",", " ").split())
    text = re.sub(
        r"^(?i:mon|tues|wednes|thurs|fri|satur|sun)day\s+(?:the\s+)?", "", text, flags=re.I
    )
    text = re.sub(r"^the\s+(?=(?:spring|summer|autumn|winter))", "", text, flags=re.I)
    return re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", text)


def _part(day: int) -> str:
    return "early" if day <= 10 else "mid" if day <= 20 else "late"


def _season(day: dt.date) -> str:
    names = {12: "winter", 1: "winter", 2: "winter", 3: "spring", 4: "spring", 5: "spring"}
    names.update({6: "summer", 7: "summer", 8: "summer"})
    name = names.get(day.month, "autumn")
    year = day.year - 1 if day.month in (1, 2) else day.year
    return f"{name} {year}"


def written(date: FuzzyDate, offset_days: int) -> str:
    """A date field's text after moving it by `offset_days`, at the same precision."""
    delta = dt.timedelta(days=offset_days)
    first, last = date.earliest + delta, date.latest + delta
    middle = date.midpoint + delta
    about = "c. " if date.approximate else ""
    if date.precision == "day" and first == last:
        return f"{about}{first.isoformat()}"
    if date.precision == "month":
        return f"{about}{MONTH_NAMES[middle.month - 1]} {middle.year}"
    if date.precision == "part-month":
        return f"{about}{_part(middle.day)} {MONTH_NAMES[middle.month - 1]} {middle.year}"
    if date.precision == "season" and (date.latest - date.earliest).days > 80:
        return f"{about}{_season(middle)}"
    if date.precision == "year":
        return f"{about}{middle.year}"
    return f"{about}{first.isoformat()} to {last.isoformat()}"


def _day_words(day: dt.date, *, year: bool = True) -> str:
    text = f"{day.day} {MONTH_NAMES[day.month - 1]}"
    return f"{text} {day.year}" if year else text


def restyle(raw: str, date: FuzzyDate, offset_days: int) -> str:
    """A date found in text, moved by `offset_days` and written in the same style."""
    delta = dt.timedelta(days=offset_days)
    first, last, middle = date.earliest + delta, date.latest + delta, date.midpoint + delta
    has_year = bool(re.search(r"(?:19|20)\d{2}|\d[/.-]\d{1,2}[/.-]\d{2}", raw))
    clean = _clean(raw)
    if first == last:
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", clean):
            return first.isoformat()
        if re.fullmatch(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}", clean):
            sep = re.search(r"[/.-]", clean)
            mark = sep[0] if sep else "/"
            return f"{first.day:02d}{mark}{first.month:02d}{mark}{first.year}"
        return _day_words(first, year=has_year)
    if date.precision == "month":
        return f"{MONTH_NAMES[middle.month - 1]}" + (f" {middle.year}" if has_year else "")
    if date.precision == "part-month":
        return f"{_part(middle.day)} {MONTH_NAMES[middle.month - 1]}" + (
            f" {middle.year}" if has_year else ""
        )
    if date.precision == "season" and (date.latest - date.earliest).days > 80:
        return _season(middle)
    if date.precision in ("season", "year"):
        return str(middle.year)
    return f"{_day_words(first, year=False)} to {_day_words(last, year=has_year)}"
