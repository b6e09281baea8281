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
    APPROX_WORDS,
    MONTH_NAMES,
    DateError,
    FuzzyDate,
    find_dates,
    format_age,
    format_interval,
    month_word_pattern,
    months_between,
    parse_date,
)
from reviewkit.wording import capitalise

DATE_MODES = ("age", "interval", "keep-year", "shift", "keep")
NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
LATER_LIMIT_DAYS = 56

# Which dates are found, and what they mean, is decided by reviewkit.dates (find_dates). What is
# decided here is how they are told: the words before a date that are part of its phrase, a
# month named alone after such a word ("in May"), and years that are not dates of the story.
_PREPOSITIONS = (
    "on or around|on or about|on|in|at|during|around|about|of|by|from|since|until|till|before|"
    "after|throughout|circa|c\\."
)
_PREP_BEFORE = re.compile(rf"(?<![\w/.-])(?i:{_PREPOSITIONS})\s+$")
_ON_OR_BEFORE = re.compile(r"(?<![\w/.-])(?i:on\s+or)\s+$")
# A month alone is a date only after a preposition, and only with its capital ("in May").
_MONTH_ALONE = re.compile(
    rf"(?<![\w/.-])(?P<prep>(?i:{_PREPOSITIONS})\s+)(?P<date>(?=[A-Z]){month_word_pattern()})"
    r"(?!\w)(?!\.\w)"
)
# Every date and year the rewrite tells or moves has a digit or the name of a month (or a
# season), so a text with neither is passed over at once: most sentences of a chronology.
_MAY_HOLD_DATE = re.compile(
    rf"\d|\b(?:{month_word_pattern()}|(?i:spring|summer|autumn|fall|winter))"
)
_NOT_A_YEAR_AFTER = re.compile(r"\s+(?i:act|edition|guidance|regulations)\b")

_RELATIVE_BEFORE = re.compile(r"\b(?:later|earlier|after|before|next|previous)\b", re.I)
_BARE_YEAR = re.compile(
    r"(?<![\w/.-])(?<!Act )(?<!Together )(?<!Regulations )(?<!Order )(?<!Rules )"
    r"((?:19|20)\d{2})(?:([-/\u2013])(\d{2}|(?:19|20)\d{2}))?(?![\w/.-]\d|\d)"
)

# Prepositions that stay in front of a relative phrase; the others are part of "when ...".
_KEPT = {"by", "from", "since", "until", "till", "before", "after", "throughout"}
_ABOUT = {
    "?",
    "on or around",
    "on or about",
    *APPROX_WORDS,
    *(f"{word}." for word in APPROX_WORDS),
}


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
    # The last rewritten text with every date it moved taken out: what is left is as written.
    unmoved: str = field(default="")

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

    # --- a case study's story -------------------------------------------------------------

    def when(self, date: FuzzyDate, child: Child | None = None) -> str:
        """How a case study opens an event: 'When Ruby was seven weeks old'."""
        return capitalise(self.phrase(date, child=child))

    def period(self, date: FuzzyDate, child: Child | None = None) -> str:
        """The part of a case study's story a date falls in: 'Ruby aged 3 to 6 months'."""
        child = child or self.child
        anchor = self.anchor
        if anchor is not None and date.latest < anchor.earliest:
            return "Before the review period"
        if self.mode in ("keep", "shift", "keep-year"):
            return str(date.earliest.year)
        if self.mode == "age" and child is not None and child.dob is not None:
            if date.latest < child.dob.earliest:
                return f"Before {child.label} was born"
            months = _whole_months(child.dob.earliest, date.earliest)
            for low, high in ((0, 3), (3, 6), (6, 12), (12, 18), (18, 24)):
                if months < high:
                    return f"{child.label} aged {low} to {high} months"
            years = months // 12
            return f"{child.label} aged {years} to {years + 1} years"
        if anchor is not None:
            first = _whole_months(anchor.earliest, date.earliest) // 6 * 6 + 1
            return f"Months {first} to {first + 5} of the review period"
        return str(date.earliest.year)

    # --- free text --------------------------------------------------------------------------

    def rewrite(
        self, text: str, *, context: FuzzyDate | None = None, child: Child | None = None
    ) -> tuple[str, list[tuple[str, str]]]:
        """Rewrite every date in free text; returns the new text and each (old, new) change.

        `context` (the event's own date, say) gives the year of dates written without one.
        """
        if self.mode == "keep" or not _MAY_HOLD_DATE.search(text):
            self.unmoved = text
            return text, []
        out: list[str] = []
        kept: list[str] = []  # `out` without the dates moved by the offset
        last = 0
        changed: list[tuple[str, str]] = []
        previous: FuzzyDate | None = None
        written: FuzzyDate | None = None  # the last date written with its year
        for spot in _spots(text):
            # A date without its year belongs near the last one written with a year, else near
            # the record's own date; never near another guessed one, or guesses drift.
            date = spot.date or read_date(spot.raw, context=written or context)
            if spot.date is not None:
                written = spot.date
            if date is None:
                self.unread += 1
                continue
            prep = spot.prep
            if self.mode == "shift":
                new = prep + restyle(spot.raw, date, self.offset_days, has_year=not spot.yearless)
                kept.append(text[last : spot.lead] + " [moved date] ")
            else:
                # "two weeks later, on 3 April" must not become "two weeks later, two weeks later".
                told = _RELATIVE_BEFORE.search(text[max(0, spot.lead - 30) : spot.lead])
                new = self.phrase(
                    date,
                    previous=None if told else previous,
                    preposition=prep,
                    child=child or self.child,
                )
            start = spot.lead
            gap = self._years(text, last, start, changed)
            noun = _ATTRIBUTIVE_NOUN.match(text, spot.end) if not prep else None
            if noun and _ARTICLE_BEFORE.search(text, 0, start):
                # "the January 2023 assault" -> "the assault (when Ruby was ...)": a date used
                # as an adjective becomes a note after its noun, so the phrase still reads.
                out.append(f"{gap}{noun[1]} ({new})")
                last = noun.end()
                changed.append((text[start : spot.end] + noun[0], f"{noun[1]} ({new})"))
                previous = date
                continue
            if _sentence_start(text, start):
                new = capitalise(new)
            out.append(gap + new)
            last = spot.end
            changed.append((text[start : spot.end], new))
            previous = date
        out.append(self._years(text, last, len(text), changed))
        result = "".join(out)
        if self.mode == "shift":
            kept.append(text[last:])
            self.unmoved = "".join(kept)
        else:
            self.unmoved = result  # dates became words: any date left is as written
        return result, changed

    def _years(self, text: str, start: int, end: int, changed: list[tuple[str, str]]) -> str:
        """The text between dates, with any year left in it moved by the secret offset.

        A year on its own ("the 2013 incident") is not told as relative time, but the output
        must not give a real date away, so it moves by the offset in whole years; the names of
        laws and guidance ("Children Act 1989", "Working Together 2018") keep theirs.
        """
        if self.mode not in ("age", "interval", "shift") or not self.offset_days:
            return text[start:end]
        years = round(self.offset_days / 365.25)
        out: list[str] = []
        last = start
        for m in _BARE_YEAR.finditer(text, start, end):
            new = str(int(m[1]) + years)
            if m[2]:
                # "2019-20": the second year is written short, so move the whole year.
                second = int(m[3]) if len(m[3]) == 4 else int(m[1][:2] + m[3])
                new += m[2] + str(second + years)[-len(m[3]) :]
            changed.append((m[0], new))
            out.append(text[last : m.start()] + new)
            last = m.end()
        out.append(text[last:end])
        return "".join(out)


@dataclass(frozen=True)
class _Spot:
    """A date in free text, with the words before it that belong to its phrase ("on", "c.")."""

    lead: int  # where the phrase starts (the preposition, if any)
    end: int
    prep: str
    raw: str  # the date itself, as written
    date: FuzzyDate | None  # None: read with the year of the text's context
    yearless: bool


def _spots(text: str) -> list[_Spot]:
    """Every date in the text that is told as relative time, in order."""
    spots: list[_Spot] = []
    for found in find_dates(text, yearless=True):
        lead, prep = found.start, text[found.start : found.core_start]
        days = _DAY_LIST.search(text, max(0, lead - 40), lead) if not prep else None
        if days and found.yearless and _DAY_FIRST.match(text, found.core_start):
            # "on 11, 18 and 25 July" is one phrase: the days from the first to the last, so
            # no "11, 18 and four months before ..." is left behind.
            first = re.match(r"\d+", days[0])
            raw = f"{first[0] if first else ''}-{text[found.core_start : found.end]}"
            lead = days.start()
            if before := _PREP_BEFORE.search(text, max(0, lead - 20), lead):
                lead = before.start()
            spots.append(_Spot(lead, found.end, text[lead : days.start()], raw, None, True))
            continue
        if prep:
            if on_or := _ON_OR_BEFORE.search(text, max(0, lead - 12), lead):
                lead = on_or.start()  # "on or around 3 March"
        elif before := _PREP_BEFORE.search(text, max(0, lead - 20), lead):
            lead = before.start()
        prep = text[lead : found.core_start]
        raw = text[found.core_start : found.end]
        years_only = _BARE_YEAR.fullmatch(raw) and (
            found.date is None or found.date.precision in ("year", "range")
        )  # "2019", "2019-20", "2019-2020"; not "2019-03", which is March 2019
        told_as_date = prep and found.date and not _NOT_A_YEAR_AFTER.match(text, found.end)
        if years_only and not told_as_date:
            continue  # a year on its own: see Timeframe._years
        spots.append(_Spot(lead, found.end, prep, raw, found.date, found.yearless))
    for m in _MONTH_ALONE.finditer(text):
        if not any(s.lead < m.end() and m.start() < s.end for s in spots):
            spots.append(_Spot(m.start(), m.end(), m["prep"], m["date"], None, True))
    return sorted(spots, key=lambda s: s.lead)


# Days listed before a day and month: "11, 18 and " of "11, 18 and 25 July".
_DAY_LIST = re.compile(
    r"(?<![\w/.-])(?:\d{1,2}(?:st|nd|rd|th)?,\s*)*\d{1,2}(?:st|nd|rd|th)?,?\s+(?:and|&)\s+$"
)
_DAY_FIRST = re.compile(r"\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]")
_ATTRIBUTIVE_NOUN = re.compile(r"\s+([a-z][\w'-]*)")  # the noun after "the <date>"
_ARTICLE_BEFORE = re.compile(r"\b[Tt]he\s+$")


def _sentence_start(text: str, index: int) -> bool:
    # Walks back without copying the text before `index` (a copy per date was quadratic).
    i = index
    while i > 0 and text[i - 1] in " \t\"'\u201c\u2018(":
        i -= 1
    return i == 0 or text[i - 1] in ".!?\n:" or text.endswith("- ", 0, i)


def _whole_months(start: dt.date, end: dt.date) -> int:
    return max(0, months_between(start, end))


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
    try:
        return parse_date(text)
    except DateError:
        pass  # written without its year ("3 March"), or not a date at all
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


def restyle(raw: str, date: FuzzyDate, offset_days: int, *, has_year: bool = True) -> str:
    """A date found in text, moved by `offset_days` and written in the same style."""
    delta = dt.timedelta(days=offset_days)
    first, last, middle = date.earliest + delta, date.latest + delta, date.midpoint + delta
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
    both = has_year and first.year != last.year  # "2019 to 2020" keeps a year on each side
    return f"{_day_words(first, year=both)} to {_day_words(last, year=has_year)}"
