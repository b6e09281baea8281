"""Dates at every precision a chronology uses: parse them, sort them, and carry their doubt.

A `FuzzyDate` keeps the text as written and the earliest and latest day it can mean. Forms:

- day: ``2019-03-14``, ``14/03/2019`` (always day first), ``14 March 2019``, ``March 14, 2019``,
  ``Thursday 14 March 2019`` (a wrong weekday is an error), ``14th of March '19``; in running
  text also ``14/3`` after a word that introduces a date ("on 14/3"), its year from elsewhere;
- month: ``2019-03``, ``March 2019``, ``03/2019``;
- part-month: early (days 1-10), mid (11-20) and late (21 to the end) of a month;
- season: ``spring 2019`` (March-May), ``summer`` (June-August), ``autumn``/``fall``
  (September-November) and ``winter 2019`` = ``winter 2019/20`` = 1 December 2019 to the end of
  February 2020 (a winter is named by the year it starts in). Other named parts of a year also
  have precision "season": ``early 2019`` (January-April), ``mid-2019`` (May-August),
  ``late 2019``/``end of 2019`` (September-December) and quarters ``Q1 2019``;
- year: ``2019``;
- range: ``2019-03-01 to 2019-04-15``, ``between 3 and 7 March 2019``, ``March-May 2019``.

``c.``, ``circa``, ``about``, ``around``, ``approx.`` or a leading ``?`` mark a date approximate;
its bounds stay those of the rest of the text. Numeric dates are never read month first.

Ages and intervals count whole calendar months (a month is complete on the same day-number of a
later month, or on the 1st of the month after when that day does not exist). Ages print as days
below 2 weeks, weeks below 3 months, months below 2 years, then years and months; intervals switch
to years at 1 year. An uncertain age prints its youngest and oldest ("5 to 6 months").
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from reviewkit.errors import DateError
from reviewkit.wording import plural

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler
    from pydantic_core import CoreSchema

__all__ = [
    "PRECISIONS",
    "DateError",
    "FuzzyDate",
    "age_bounds",
    "age_consistent",
    "format_age",
    "format_interval",
    "gap_days",
    "parse_age",
    "parse_date",
]

PRECISIONS = ("day", "part-month", "month", "season", "year", "range")

# Every date form, ISO included, is read only within these years: a year outside them is a
# typing mistake in a review of a living child, and far-off years overflow age arithmetic.
FIRST_YEAR = 1900
LAST_YEAR = 2100

_MONTH_NAMES = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MONTH_NAMES = _MONTH_NAMES[1:]  # "January" ... "December", for other modules' prose
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

_EXAMPLES = (
    "write it like 2019-03-14, 14/03/2019, March 2019, early March 2019, autumn 2019, 2019, "
    "c. March 2019 or 2019-03-01 to 2019-04-15"
)
_AGE_EXAMPLES = (
    "write it like 3 years, 3 years 2 months, 17 months, 7 weeks, 10 days or about 3 years"
)


@dataclass(frozen=True)
class FuzzyDate:
    """A date as written, with the earliest and latest day it can mean."""

    text: str
    earliest: dt.date
    latest: dt.date
    precision: str  # "day", "part-month", "month", "season", "year", "range"
    approximate: bool = False

    @property
    def sort_key(self) -> tuple[int, int, str]:
        """Chronological order: the middle of the span, then the narrower date, then the text.

        An uncertain date sorts by its middle, so "early February 2024" (1 to 10 February)
        comes after an event on 3 February, and a one-day event sorts on its day. Every list
        of events is sorted by this (through `model.event_sort_key`).
        """
        first, last = self.earliest.toordinal(), self.latest.toordinal()
        return (first + last, last - first, self.text)  # twice the middle: no rounding

    @property
    def exact(self) -> bool:
        """True for one known day, written without any approximation."""
        return self.earliest == self.latest and not self.approximate

    @property
    def midpoint(self) -> dt.date:
        """The middle day of the span (the earlier of two middle days)."""
        return self.earliest + (self.latest - self.earliest) // 2

    @property
    def span_days(self) -> int:
        """How many days the date can mean (1 for a single day)."""
        return (self.latest - self.earliest).days + 1

    def contains(self, day: dt.date | FuzzyDate) -> bool:
        """True when the day (or the whole of another date) lies within this date."""
        if isinstance(day, FuzzyDate):
            return self.earliest <= day.earliest and day.latest <= self.latest
        return self.earliest <= day <= self.latest

    def overlaps(self, other: FuzzyDate) -> bool:
        """True when the two dates could be the same day."""
        return self.earliest <= other.latest and other.earliest <= self.latest

    def is_before(self, other: FuzzyDate) -> bool:
        """True when this date is certainly before the other."""
        return self.latest < other.earliest

    def is_after(self, other: FuzzyDate) -> bool:
        """True when this date is certainly after the other."""
        return self.earliest > other.latest

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, FuzzyDate):
            return NotImplemented
        return self.sort_key < other.sort_key

    def __le__(self, other: object) -> bool:
        if not isinstance(other, FuzzyDate):
            return NotImplemented
        return self.sort_key <= other.sort_key

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, FuzzyDate):
            return NotImplemented
        return self.sort_key > other.sort_key

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, FuzzyDate):
            return NotImplemented
        return self.sort_key >= other.sort_key

    def __str__(self) -> str:
        return self.text

    @property
    def prose(self) -> str:
        """The date as a person reads it, in words at its own precision (see `in_words`)."""
        return in_words(self)

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source_type: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        """Make FuzzyDate a pydantic field type: parsed by parse_date, dumped as its text."""
        from pydantic_core import core_schema  # only pydantic itself ever calls this

        return core_schema.no_info_plain_validator_function(
            parse_date,
            json_schema_input_schema=core_schema.union_schema(
                [core_schema.str_schema(), core_schema.int_schema(), core_schema.date_schema()]
            ),
            serialization=core_schema.plain_serializer_function_ser_schema(str),
        )


# --- the vocabulary ----------------------------------------------------------------------------
# Every word and layout a date may be written with. The parser and the free-text finder below
# are both built from these tables and from one list of forms, so a form the parser reads cannot
# be missed by the finder.

_MONTH_WORDS: dict[str, int] = {name.lower(): i for i, name in enumerate(_MONTH_NAMES) if i}
_MONTH_ABBREVIATIONS: dict[str, int] = {
    name[:3].lower(): i for i, name in enumerate(_MONTH_NAMES) if i
}
_MONTH_ABBREVIATIONS["sept"] = 9
_WEEKDAY_WORDS: dict[str, int] = {name.lower(): i for i, name in enumerate(_WEEKDAY_NAMES)}
_WEEKDAY_ABBREVIATIONS: dict[str, int] = {
    name[:3].lower(): i for i, name in enumerate(_WEEKDAY_NAMES)
}
_WEEKDAY_ABBREVIATIONS.update({"tues": 1, "thur": 3, "thurs": 3})
_PART_WORDS: dict[str, int] = {
    "early": 0,
    "beginning of": 0,
    "start of": 0,
    "mid": 1,
    "middle of": 1,
    "late": 2,
    "end of": 2,
}
_SEASON_MONTHS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
APPROX_WORDS = ("circa", "approximately", "approx", "about", "around", "ca", "c")
RANGE_WORDS = ("to", "until", "till")
_ORDINALS = ("st", "nd", "rd", "th")


def _alternation(words: Iterable[str], capture: bool = True) -> str:
    """A regex group matching any of the words, longest first so prefixes never win.

    The words are written as a tree of their shared starts ("mar(?:ch)?" for "march" and
    "mar"), which matches exactly what the list "march|mar" matches, in the same order of
    preference, but reads each start once: the date finder tries these groups at every
    word of every text.
    """
    listed = sorted(words, key=len, reverse=True)
    if not all(_LITERAL_WORD.fullmatch(w) for w in listed):
        return ("(" if capture else "(?:") + "|".join(listed) + ")"
    tree: dict[str, Any] = {}
    for word in listed:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here
    return ("(" if capture else "(?:") + "|".join(_options(tree)) + ")"


_LITERAL_WORD = re.compile(r"[a-z0-9 /]+")  # words whose letters are all literal in a regex


def _options(node: dict[str, Any]) -> list[str]:
    """Each way on from a point in a tree of words, as a regex."""
    return [char + _rest(child) for char, child in sorted(node.items()) if char]


def _rest(node: dict[str, Any]) -> str:
    """The rest of the words from a point in the tree: the longer way first, if a word ends."""
    options = _options(node)
    if not options:
        return ""
    inner = options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"
    return f"(?:{inner})?" if "" in node else inner


def _word_or_abbreviation(words: Iterable[str], abbreviations: Iterable[str]) -> str:
    """A whole word, or an abbreviation with an optional dot ("Sept."; never "March.")."""
    return (
        f"({_alternation(words, capture=False)}|{_alternation(abbreviations, capture=False)}\\.?)"
    )


# Patterns below match normalised text: lower case, commas as spaces, one space between words.
# A space is a gap between words; "[ -]" is a gap that may also be a hyphen (14-Mar-2019).
_ORD = _alternation(_ORDINALS, capture=False) + "?"
_MON = _word_or_abbreviation(_MONTH_WORDS, _MONTH_ABBREVIATIONS)
_WEEKDAY = _word_or_abbreviation(_WEEKDAY_WORDS, _WEEKDAY_ABBREVIATIONS)
_PART = r"(?:the )?" + _alternation(_PART_WORDS)
_SEASON = _alternation(_SEASON_MONTHS)
_APPROX_PATTERN = (
    r"(?:\?|" + _alternation(APPROX_WORDS, capture=False) + r"(?:\.|\b))\s*"
)  # "c. ", "around ", "?": the date is approximate
_RANGE_SEP_PATTERN = (
    r"\s+" + _alternation(RANGE_WORDS, capture=False) + r"\s+|\s+-+\s+|\s*[\u2013\u2014]\s*"
)


def _month_number(word: str) -> int:
    word = word.rstrip(".")
    return _MONTH_WORDS.get(word) or _MONTH_ABBREVIATIONS[word]


def _weekday_number(word: str) -> int:
    word = word.rstrip(".")
    found = _WEEKDAY_WORDS.get(word)
    return found if found is not None else _WEEKDAY_ABBREVIATIONS[word]


# --- parsing ---------------------------------------------------------------------------------


class _Invalid(Exception):
    """A recognised form that names no real date; the reason goes into the DateError."""

    def __init__(self, reason: str, *, about_whole: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.about_whole = about_whole  # the reason describes the whole text, not a part of it


class _Parsed(NamedTuple):
    earliest: dt.date
    latest: dt.date
    precision: str
    approximate: bool = False


_Reading = tuple[dt.date, dt.date, str]


def _year(text: str) -> int:
    """A four-digit year, or a two-digit one read as 1970-2069."""
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 70 else 1900
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise _Invalid(f"year {text} is out of range ({FIRST_YEAR} to {LAST_YEAR})")
    return year


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _month(year: int, month: int) -> _Reading:
    if not 1 <= month <= 12:
        raise _Invalid(f"month {month} does not exist")
    return dt.date(year, month, 1), dt.date(year, month, _last_day(year, month)), "month"


def _day(year: int, month: int, day: int, *, day_first: bool = False) -> dt.date:
    if not 1 <= month <= 12:
        reason = f"month {month} does not exist"
        if day_first and 1 <= day <= 12 and month <= 31:
            reason += "; dates are read day first (DD/MM/YYYY)"
        raise _Invalid(reason)
    if day < 1:
        raise _Invalid(f"day {day} does not exist")
    last = _last_day(year, month)
    if day > last:
        raise _Invalid(f"{_MONTH_NAMES[month]} {year} has {last} days")
    return dt.date(year, month, day)


def _one_day(day: dt.date) -> _Reading:
    return day, day, "day"


def _part_of(
    start: dt.date, end: dt.date, part: int, cuts: tuple[dt.date, dt.date]
) -> tuple[dt.date, dt.date]:
    """The first, middle or last part of a span, split at the two cut days."""
    if part == 0:
        return start, cuts[0] - dt.timedelta(days=1)
    if part == 1:
        return cuts[0], cuts[1] - dt.timedelta(days=1)
    return cuts[1], end


def _read_ymd(m: re.Match[str]) -> _Reading | None:
    if m[2] != m[4]:
        return None  # 2019-03/14: one separator throughout
    return _one_day(_day(_year(m[1]), int(m[3]), int(m[5])))


def _read_dmy(m: re.Match[str]) -> _Reading | None:
    if m[2] != m[4]:
        return None
    return _one_day(_day(_year(m[5]), int(m[3]), int(m[1]), day_first=True))


def _read_day_month_year(m: re.Match[str]) -> _Reading:
    return _one_day(_day(_year(m[3]), _month_number(m[2]), int(m[1])))


def _read_month_day_year(m: re.Match[str]) -> _Reading:
    return _one_day(_day(_year(m[3]), _month_number(m[1]), int(m[2])))


def _read_iso_month(m: re.Match[str]) -> _Reading:
    year, month = _year(m[1]), int(m[2])
    if month == (year + 1) % 100 and month > 12:
        raise _Invalid(
            f"month {month} does not exist; write a span of years as {year} to {year + 1}"
        )
    return _month(year, month)


def _read_numeric_month(m: re.Match[str]) -> _Reading:
    return _month(_year(m[2]), int(m[1]))


def _read_month_year(m: re.Match[str]) -> _Reading:
    return _month(_year(m[2]), _month_number(m[1]))


def _read_part_month(m: re.Match[str]) -> _Reading:
    year, month = _year(m[3]), _month_number(m[2])
    first, last = dt.date(year, month, 1), dt.date(year, month, _last_day(year, month))
    cuts = (dt.date(year, month, 11), dt.date(year, month, 21))
    return *_part_of(first, last, _PART_WORDS[m[1]], cuts), "part-month"


def _read_season(m: re.Match[str]) -> _Reading:
    name, year_text, next_text = m[1], m[2], m[3]
    year = _year(year_text)
    if next_text is not None:
        if name != "winter":
            raise _Invalid("only a winter spans two years")
        following = year + 1 if len(next_text) == 4 else (year + 1) % 100
        if int(next_text) != following:
            raise _Invalid(
                f"winter {year_text}/{next_text} is not two years in a row; "
                f"write winter {year}/{(year + 1) % 100:02d}"
            )
    first = _SEASON_MONTHS[name]
    if first == 12:
        return dt.date(year, 12, 1), dt.date(year + 1, 2, _last_day(year + 1, 2)), "season"
    end = dt.date(year, first + 2, _last_day(year, first + 2))
    return dt.date(year, first, 1), end, "season"


def _read_year(m: re.Match[str]) -> _Reading:
    year = _year(m[1])
    return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"


def _read_part_year(m: re.Match[str]) -> _Reading:
    year = _year(m[2])
    cuts = (dt.date(year, 5, 1), dt.date(year, 9, 1))
    span = _part_of(dt.date(year, 1, 1), dt.date(year, 12, 31), _PART_WORDS[m[1]], cuts)
    return *span, "season"


def _quarter(quarter: int, year: int) -> _Reading:
    first_month = 3 * quarter - 2
    end = dt.date(year, first_month + 2, _last_day(year, first_month + 2))
    return dt.date(year, first_month, 1), end, "season"


def _read_quarter(m: re.Match[str]) -> _Reading:
    return _quarter(int(m[1]), _year(m[2]))


def _read_year_quarter(m: re.Match[str]) -> _Reading:
    return _quarter(int(m[2]), _year(m[1]))


@dataclass(frozen=True)
class _Form:
    """One way of writing a single date: its pattern and how a match of it is read."""

    name: str
    head: str  # the pattern before the year (the whole pattern when the year is inside it)
    tail: str  # the year at the end ("" when there is none to leave off)
    read: Callable[[re.Match[str]], _Reading | None]
    day: bool = False  # names one day, so a weekday may stand before it
    # Found in running text even without its year ("3 March", "early March"); None when a
    # form without its year is too often not a date at all ("May", "spring").
    alone: str | None = None

    @functools.cached_property
    def regex(self) -> re.Pattern[str]:
        """The whole form, for the parser."""
        return re.compile(self.head + self.tail)


_FORMS: tuple[_Form, ...] = (
    _Form("ymd", r"(\d{4})([-/.])(\d{1,2})([-/.])(\d{1,2})", "", _read_ymd, day=True),
    _Form("dmy", r"(\d{1,2})([/.-])(\d{1,2})([/.-])(\d{4}|\d{2})", "", _read_dmy, day=True),
    _Form(
        "day-month-year",
        rf"(?:the )?(\d{{1,2}}){_ORD}(?: of)?[ -]{_MON}",
        r"[ -](\d{4}|\d{2})",
        _read_day_month_year,
        day=True,
        alone=rf"(?:the )?(\d{{1,2}}){_ORD}(?: of)?[ -]{_MON}",
    ),
    _Form(
        "month-day-year",
        rf"{_MON}[ -](\d{{1,2}}){_ORD}",
        r"[ -](\d{4})",
        _read_month_day_year,
        day=True,
        # "May 5" is as often five of something in May; "May 5th" is a day.
        alone=rf"{_MON}[ -](\d{{1,2}}){_ORD[:-1]}",
    ),
    _Form("iso-month", r"(\d{4})-(\d{2})", "", _read_iso_month),
    _Form("numeric-month", r"(\d{1,2})[/.-](\d{4})", "", _read_numeric_month),
    _Form("month-year", _MON, r"[ -](\d{4})", _read_month_year),
    _Form(
        "part-month",
        rf"{_PART}[ -]{_MON}",
        r"[ -](\d{4})",
        _read_part_month,
        alone=rf"{_PART}[ -]{_MON}",
    ),
    _Form(
        "season", rf"(?:the )?{_SEASON}(?: of)?", r"[ -](\d{4})(?:/(\d{4}|\d{2}))?", _read_season
    ),
    _Form("year", r"(\d{4})", "", _read_year),
    _Form("part-year", _PART, r"[ -](\d{4})", _read_part_year),
    _Form("quarter", r"q([1-4])", r"[ -](\d{4})", _read_quarter),
    _Form("year-quarter", r"(\d{4})[ -]q([1-4])", "", _read_year_quarter),
)
# --- more UK layouts --------------------------------------------------------------------------
# Layouts seen in agencies' records beyond the ones above, read day first like every numeric
# date. Kept in their own block so that other additions to the grammar merge cleanly.


def _read_day_month_short_year(m: re.Match[str]) -> _Reading:
    return _one_day(_day(_year(m[3]), _month_number(m[2]), int(m[1])))


def _read_month_day_short_year(m: re.Match[str]) -> _Reading:
    return _one_day(_day(_year(m[3]), _month_number(m[1]), int(m[2])))


def _read_day_slash_month(m: re.Match[str]) -> _Reading:
    return _one_day(_day(_year(m[3]), int(m[2]), int(m[1]), day_first=True))


# A year cut to two digits after an apostrophe: "3rd of February '24", "Feb 3rd '24".
_SHORT_YEAR = r"[ -]['\u2019](\d{2})"
# Tried first, so the finder spends no time on the month names unless an apostrophe year follows.
_SHORT_YEAR_AHEAD = r"(?=[^\n'\u2019]{3,24}['\u2019]\d\d(?!\d))"
# "14/3" is a day only after a word that introduces a date: after anything else it is as often
# a score ("scored 14/3"), a fraction ("3/4 of") or a ratio. Only "/" is read: "14.3" is a time,
# a section or a measurement, and "14-3" a score.
_DATE_LEAD = r"(?:(?<=\b(?:on|by|to)\s)|(?<=\bfrom\s)|(?<=\b(?:until|since|dated)\s))"
_FORMS += (
    _Form(
        "day-month-short-year",
        rf"{_SHORT_YEAR_AHEAD}(?:the )?(\d{{1,2}}){_ORD}(?: of)?[ -]{_MON}",
        _SHORT_YEAR,
        _read_day_month_short_year,
        day=True,
    ),
    _Form(
        "month-day-short-year",
        rf"{_SHORT_YEAR_AHEAD}{_MON}[ -](\d{{1,2}}){_ORD}",
        _SHORT_YEAR,
        _read_month_day_short_year,
        day=True,
    ),
    _Form(
        "day-slash-month",
        # The lead is part of the form (or the text starts with it), so the finder tries the
        # form only where a date is introduced, not at every number in the text.
        rf"(?=\d{{1,2}}/\d)(?:^|{_DATE_LEAD})(\d{{1,2}})/(\d{{1,2}})",
        r" (\d{4})",  # the year a record's date gives it; never written so in running text
        _read_day_slash_month,
        day=True,
        alone=rf"(?=\d{{1,2}}/\d){_DATE_LEAD}(\d{{1,2}})/(\d{{1,2}})(?![/.]?\d)(?!\s+of\b)",
    ),
)

_DAY_FORMS = tuple(f for f in _FORMS if f.day)
_OTHER_FORMS = tuple(f for f in _FORMS if not f.day)

_ISO_FAST = re.compile(r"\d{4}-\d{2}-\d{2}")
_WEEKDAY_BEFORE = re.compile(_WEEKDAY + r" (.+)")
_APPROX = re.compile(_APPROX_PATTERN)
_BETWEEN = re.compile(r"between (.+?) and (.+)")
_FROM = re.compile(r"from ")
_RANGE_SEP = re.compile(_RANGE_SEP_PATTERN)
_BARE_DAY_PATTERN = rf"(\d{{1,2}}){_ORD}"
# Unspaced hyphens also join parts of one date (14-03-2019, mid-March), so only these are ranges:
# the start (a day, month or season, with its year or not, or a year), "-", then a whole date.
_HYPHEN_STARTS = (
    _BARE_DAY_PATTERN,
    rf"{_MON}(?: \d{{4}})?",
    rf"{_SEASON}(?: \d{{4}})?",
    r"(\d{4})",
)
_HYPHEN_ENDS = (_BARE_DAY_PATTERN, _MON, _SEASON, r"(\d{4})")
_HYPHEN_RANGES = tuple(
    re.compile(rf"(?P<start>{start})-(?P<end>{end}.*)")
    for start, end in zip(_HYPHEN_STARTS, _HYPHEN_ENDS, strict=True)
)
_BARE_DAY = re.compile(_BARE_DAY_PATTERN)
_BARE_PART = re.compile(_PART)
_HAS_YEAR = re.compile(r"\d{4}")


def _read_forms(s: str, forms: tuple[_Form, ...]) -> _Reading | None:
    for form in forms:
        if (m := form.regex.fullmatch(s)) and (found := form.read(m)) is not None:
            return found
    return None


def _strip_approx(s: str) -> tuple[str, bool]:
    """Remove a leading approximation marker (or a trailing '?')."""
    if m := _APPROX.match(s):
        return s[m.end() :], True
    if s.endswith("?"):
        return s[:-1].rstrip(), True
    return s, False


def _parse_single(s: str) -> _Parsed | None:
    """Parse text naming one day, month, part, season or year; None if it is none of those."""
    s, approximate = _strip_approx(s)
    if not s:
        return None
    found = _read_forms(s, _DAY_FORMS)
    if found is None and (weekday := _WEEKDAY_BEFORE.fullmatch(s)):
        found = _read_forms(weekday[2], _DAY_FORMS)
        if found is not None:
            day = found[0]
            if day.weekday() != _weekday_number(weekday[1]):
                raise _Invalid(
                    f"{day.day} {_MONTH_NAMES[day.month]} {day.year} "
                    f"was a {_WEEKDAY_NAMES[day.weekday()]}"
                )
    if found is None:
        found = _read_forms(s, _OTHER_FORMS)
    if found is None:
        return None
    return _Parsed(*found, approximate)


def _complete_start(left: str, end: _Parsed) -> _Parsed | None:
    """Read the start of a range that borrows its month or year from the end ('3 to 7 March')."""
    core, approximate = _strip_approx(left)
    if m := _BARE_DAY.fullmatch(core):
        if end.precision != "day":
            return None
        day = _day(end.earliest.year, end.earliest.month, int(m[1]))
        return _Parsed(day, day, "day", approximate)
    if _BARE_PART.fullmatch(core):
        if end.precision != "part-month":
            return None
        month = _MONTH_NAMES[end.earliest.month].lower()
        return _parse_single(f"{left} {month} {end.earliest.year}")
    if _HAS_YEAR.search(core):
        return None
    return _parse_single(f"{left} {end.earliest.year}")


def _split_range(s: str) -> tuple[str, str] | None:
    if m := _BETWEEN.fullmatch(s):
        return m[1], m[2]
    if m := _FROM.match(s):
        s = s[m.end() :]
    parts = _RANGE_SEP.split(s)
    if len(parts) == 2:
        return parts[0], parts[1]
    for pattern in _HYPHEN_RANGES:
        if m := pattern.fullmatch(s):
            return m["start"], m["end"]
    return None


def _parse_range(s: str) -> _Parsed | None:
    """Parse a range of two dates; None if the text is not one."""
    s, approximate = _strip_approx(s)
    split = _split_range(s)
    if split is None:
        return None
    end = _parse_single(split[1])
    if end is None:
        return None
    start = _parse_single(split[0]) or _complete_start(split[0], end)
    if start is None:
        return None
    if end.latest < start.earliest:
        raise _Invalid("ends before it starts", about_whole=True)
    approximate = approximate or start.approximate or end.approximate
    return _Parsed(start.earliest, end.latest, "range", approximate)


# --- weeks: "w/c 14/09/2026", "week ending 20 Sept 2026" ------------------------------------
# Agencies log a week by its first or last day. A week named by its first day runs seven days
# from it (Monday to Sunday when that day is a Monday, as it usually is); one named by its last
# day runs the seven days up to it. Either is a range, kept as written.

WEEK_STARTS = (
    "w/c",
    "w/b",
    "w.c.",
    "w.b.",
    "wc",
    "week commencing",
    "week beginning",
    "week starting",
    "week of",
    "wk commencing",
    "wk beginning",
    "wk comm",
    "wk beg",
)
WEEK_ENDS = ("w/e", "w.e.", "week ending", "wk ending", "wk end")
_WEEK_PATTERN = (
    r"("
    + "|".join(
        re.escape(w).replace("\\ ", " ")  # a plain space: the finder loosens it to any gap
        for w in sorted((*WEEK_STARTS, *WEEK_ENDS), key=len, reverse=True)
    )
    + r")\.?:?\s*"
)
_WEEK = re.compile(_WEEK_PATTERN + r"(.+)")
_WEEK_DAYS = dt.timedelta(days=6)


def _parse_week(s: str) -> _Parsed | None:
    """Parse a week named by its first or last day; None if the text is not one."""
    s, approximate = _strip_approx(s)
    m = _WEEK.fullmatch(s)
    if m is None:
        return None
    day = _parse_single(m[2])
    if day is None or day.precision != "day":
        return None
    first = day.earliest if m[1] in WEEK_STARTS else day.earliest - _WEEK_DAYS
    return _Parsed(first, first + _WEEK_DAYS, "range", approximate or day.approximate)


@functools.lru_cache(maxsize=65536)
def _parse_text(raw: str) -> FuzzyDate:
    text = " ".join(raw.split())
    if not text:
        raise DateError(f"the date is empty; {_EXAMPLES}")
    _refuse_foreign_digits(text, "'{text}' is not a date")
    if _ISO_FAST.fullmatch(text):
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            pass  # the general path below says what is wrong with it
        else:
            if FIRST_YEAR <= day.year <= LAST_YEAR:  # else the general path says so
                return FuzzyDate(text, day, day, "day")
    key = " ".join(text.lower().replace(",", " ").replace("\u2010", "-").split())
    try:
        parsed = _parse_week(key) or _parse_single(key) or _parse_range(key)
    except _Invalid as exc:
        joint = " " if exc.about_whole else " is not a date: "
        raise DateError(f"'{text}'{joint}{exc.reason}") from None
    if parsed is None:
        raise DateError(f"'{text}' is not a date reviewkit understands; {_EXAMPLES}")
    return FuzzyDate(text, *parsed)


def _refuse_foreign_digits(text: str, what: str) -> None:
    # Python's \d and int() read Arabic-Indic and other digits; a case file's are 0-9 only.
    if not text.isascii() and any(c.isdigit() and not c.isascii() for c in text):
        raise DateError(f"{what.format(text=text)}: write its digits as 0 to 9")


def parse_date(value: object) -> FuzzyDate:
    """Parse a date as written in a case file or chronology (str, year int, date or FuzzyDate)."""
    if isinstance(value, FuzzyDate):
        return value
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        if not FIRST_YEAR <= value.year <= LAST_YEAR:
            raise DateError(
                f"'{value.isoformat()}' is not a date: year {value.year} is out of range "
                f"({FIRST_YEAR} to {LAST_YEAR})"
            )
        return FuzzyDate(value.isoformat(), value, value, "day")
    if value is None:
        return _parse_text("")
    return _parse_text(str(value))


# --- finding dates in running text -------------------------------------------------------------
# The finder is the parser's own forms, written for text as it stands: any case, any run of
# spaces, line breaks or commas where the parser has one space, and no capture groups. Every
# candidate is then read by parse_date, so what is found means exactly what the parser says.

_GAP = r"[\s,]+"
_JOINT = r"(?:[\s,]+|-)"
_LEFT = r"(?<![\w/.\-])"
_RIGHT = r"(?!\w)(?![-/.]\d)"
# Where two forms can start at the same place, the longer is tried first (2019-03-14 before
# 2019-03, 2019 Q1 before 2019). Every form must be listed: a new form fails here until it is.
_FINDER_ORDER: tuple[str, ...] = (
    "ymd",
    "iso-month",
    "year-quarter",
    "dmy",
    "numeric-month",
    "day-month-year",
    "month-day-year",
    "month-year",
    "part-month",
    "season",
    "part-year",
    "quarter",
    "year",
)
# The more UK layouts, each after the longer forms that start alike (dmy before 14/3).
_FINDER_ORDER += ("day-month-short-year", "month-day-short-year", "day-slash-month")


def _loosen(pattern: str) -> str:
    """A parser pattern as a finder pattern: gaps as text writes them, and no capture groups."""
    pattern = pattern.replace("[ -]", "\0").replace(" ", _GAP).replace("\0", _JOINT)
    return re.sub(r"\(\?P<\w+>|\((?!\?)", "(?:", pattern)


def _either(patterns: Iterable[str]) -> str:
    return "(?:" + "|".join(patterns) + ")"


class _Grammar(NamedTuple):
    whole: str  # one date with its year, or a range of them
    single: str  # one date with its year
    plain: str  # one date with its year, without a weekday or a mark of doubt before it
    alone: str  # a date written without its year that is still plainly a date ("3 March")
    day: str  # one day with its year


@functools.cache
def _grammar() -> _Grammar:
    forms = {form.name: form for form in _FORMS}
    if sorted(forms) != sorted(_FINDER_ORDER):
        raise AssertionError("every date form needs its place in _FINDER_ORDER")
    ordered = [forms[name] for name in _FINDER_ORDER]
    weekday = rf"(?:{_loosen(_WEEKDAY)}{_GAP})?"
    approx = rf"(?:{_APPROX_PATTERN})?"

    def written(form: _Form, pattern: str) -> str:
        return (weekday if form.day else "") + _loosen(pattern)

    single = approx + _either(written(f, f.head + f.tail) for f in ordered)
    yearless = [written(f, f.head) for f in ordered if f.tail]
    start = approx + _either(
        [*(written(f, f.head + f.tail) for f in ordered), *yearless, _loosen(_BARE_DAY_PATTERN)]
    )
    alone = approx + _either(written(f, f.alone) for f in ordered if f.alone)

    def ranges(end: str) -> list[str]:
        return [
            rf"{approx}between{_GAP}{start}{_GAP}and{_GAP}{end}",
            rf"{start}(?:{_RANGE_SEP_PATTERN}){end}",
            *(rf"{approx}{_loosen(first)}-{end}" for first in _HYPHEN_STARTS),
        ]

    # A week named by a day ("w/c 14/09/2026") is found whole, before the day inside it.
    days = _either(written(f, f.head + f.tail) for f in ordered if f.day)
    week = approx + _loosen(_WEEK_PATTERN) + days
    return _Grammar(
        whole=_either([week, *ranges(single), single]),
        single=single,
        plain=_either(_loosen(f.head + f.tail) for f in ordered),
        alone=_either([*ranges(alone), alone]),
        day=_either(written(f, f.head + f.tail) for f in ordered if f.day),
    )


def _first_words() -> list[str]:
    """Every word a date can start with, so the finder skips other words at once."""
    tables: list[Iterable[str]] = [
        _MONTH_WORDS,
        _MONTH_ABBREVIATIONS,
        _WEEKDAY_WORDS,
        _WEEKDAY_ABBREVIATIONS,
        _SEASON_MONTHS,
        APPROX_WORDS,
        (part.split()[0] for part in _PART_WORDS),
        ("between", "the"),
        (w.split()[0] for w in (*WEEK_STARTS, *WEEK_ENDS) if w[-1].isalpha()),
    ]
    return sorted({word for table in tables for word in table})


def _gate() -> str:
    """A cheap test of where a date can start, tried before the grammar at each word.

    A date starts with a digit, "?", a quarter, a week mark or one of `_first_words`. "the"
    and the words of doubt ("about", "c.") only ever stand before the rest of a date, so they
    pass only when what follows could start one: "the" and "about" are common words, and the
    full grammar tried after each of them was most of the finder's time. The first character
    is tested on its own first, as that rejects most words at once.
    """
    words = _first_words()
    lead = {"the", *APPROX_WORDS}
    inner = rf"[\d?]|q[1-4]|w[/.]|{_alternation([w for w in words if w not in lead], False)}\b"
    the = rf"the{_GAP}(?:{inner})"
    approx = rf"{_alternation(APPROX_WORDS, False)}(?:\.|\b)\s*(?:{inner}|{the})"
    initials = "".join(sorted({w[0] for w in words} | {"q", "w"}))
    return rf"(?=[\d?{re.escape(initials)}])(?={inner}|{the}|{approx})"


@functools.cache
def _finder(kind: str) -> re.Pattern[str]:
    grammar = _grammar()
    pattern = {
        "whole": grammar.whole,
        "single": grammar.single,
        "plain": grammar.plain,
        # The group says which matched: a span the whole grammar did not match is a date
        # without its year, so it need not be tried against the grammar for those again.
        "yearless": f"(?:(?P<whole>{grammar.whole})|{grammar.alone})",
        "alone": grammar.alone,
    }[kind]
    return re.compile(_LEFT + _gate() + pattern + _RIGHT, re.IGNORECASE)


def month_word_pattern() -> str:
    """A regex (no groups, any case) for the name of a month or its abbreviation."""
    words = _alternation([*_MONTH_WORDS, *_MONTH_ABBREVIATIONS], capture=False)
    return f"(?i:{words})"


def day_pattern() -> str:
    """A regex (no groups, to compile case-insensitively) for one day as text writes it."""
    return _grammar().day + _RIGHT


@dataclass(frozen=True)
class DateMatch:
    """A date found in running text: where it is and what it means."""

    start: int
    end: int
    text: str
    date: FuzzyDate | None  # None when written without its year, or not a real date
    core_start: int  # where the date proper starts, after a leading "c.", "around" or "?"
    yearless: bool = False  # "3 March", "early March": the year must come from elsewhere


_APPROX_AT = re.compile(_APPROX_PATTERN, re.IGNORECASE)
_ANY_DIGIT = re.compile(r"\d")  # the finder's own digit: any script's, as `\d` matches
_SENTENCE_END = re.compile(r"\s*$|\s+[A-Z]")


def _matched(text: str, start: int, end: int, date: FuzzyDate | None, yearless: bool) -> DateMatch:
    marker = _APPROX_AT.match(text, start, end)
    core = marker.end() if marker and marker.end() < end else start
    return DateMatch(start, end, text[start:end], date, core, yearless)


@functools.lru_cache(maxsize=8192)
def read_or_none(text: str) -> FuzzyDate | None:
    """`parse_date` of a text, or None where it is not a date.

    Cached: a chronology writes the same dates ("14 March 2019", "2019") again and again, and
    reading one is a function of its text alone.
    """
    try:
        return parse_date(text)
    except DateError:
        return None


def find_dates(text: str, *, yearless: bool = False) -> list[DateMatch]:
    """Every date in running text, in order: each form parse_date reads, found where it stands.

    With `yearless`, dates written without their year ("3 March", "early March", "3-7 March")
    are found too, with `date` None. A span shaped like a date that is not one ("31 February
    2019", "2019 to 2018") gives the real dates inside it, or else one match with `date` None.
    A leading "from" or a trailing "?" is left to the sentence around the date.
    """
    if not yearless and not _ANY_DIGIT.search(text):
        return []  # every date with its year, and every range of them, holds a digit
    source = text.replace("\u2010", "-")
    found: list[DateMatch] = []
    for m in _finder("yearless" if yearless else "whole").finditer(source):
        start, end = m.span()
        alone = yearless and m["whole"] is None
        date = read_or_none(text[start:end])
        if date is not None:
            found.append(_matched(text, start, end, date, False))
            continue
        inner = [
            _matched(text, *s.span(), date, False)
            for s in _finder("plain").finditer(source, start, end)
            if (date := read_or_none(s[0])) is not None
        ]
        if inner:
            found.extend(inner)
        elif alone or (yearless and _finder("alone").fullmatch(source, start, end)):
            if text[end - 1] == "." and _SENTENCE_END.match(text, end):
                end -= 1  # "on 3 Sept. The visit": the dot ends the sentence
            found.append(_matched(text, start, end, None, True))
        else:
            found.append(_matched(text, start, end, None, False))
    return found


# --- ages and intervals ----------------------------------------------------------------------


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole calendar months from start to end (a month is complete on the same day-number)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months


def _reach(born: dt.date, months: int) -> dt.date:
    """The first day on which someone born on `born` is `months` whole months old."""
    year, month = divmod(born.month - 1 + months, 12)
    year += born.year
    month += 1
    if born.day <= _last_day(year, month):
        return dt.date(year, month, born.day)
    # No such day that month (born on the 31st, say): the month completes on the 1st of the next.
    return dt.date(year, month, _last_day(year, month)) + dt.timedelta(days=1)


_APPROX_MARK = re.compile(
    rf"^\s*{_APPROX_PATTERN}|\?\s*$",
    re.IGNORECASE,
)


def day_in_words(day: dt.date) -> str:
    """A day as prose writes it: '16 February 2024'."""
    return f"{day.day} {_MONTH_NAMES[day.month]} {day.year}"


class DateWords(NamedTuple):
    """A date in words, split so prose can choose its preposition.

    `kind` is "day" (one day), "period" (a month, part of one, a season or a year), "span"
    (from `start` to `end`) or "between" (some time between `start` and `end`).
    """

    kind: str
    text: str  # the date standing alone, as a table cell shows it
    start: str = ""
    end: str = ""
    approximate: bool = False


_WRITTEN_PART = re.compile(r"(?:the )?(end|start|beginning|middle) of ")
_PART_OF_MONTH = {1: "early ", 11: "mid-", 21: "late "}
_SEASON_OF = {(3, 5): "spring", (6, 8): "summer", (9, 11): "autumn"}
_PART_OF_YEAR = {(1, 4): "early ", (5, 8): "mid-", (9, 12): "late "}
_QUARTERS = {(1, 3), (4, 6), (7, 9), (10, 12)}


def _single_words(earliest: dt.date, latest: dt.date, precision: str) -> DateWords:
    """One day, month, part, season, quarter or year in words, without any mark of doubt."""
    year = earliest.year
    if precision == "day":
        return DateWords("day", day_in_words(earliest))
    if precision == "month":
        return DateWords("period", f"{_MONTH_NAMES[earliest.month]} {year}")
    if precision == "part-month" and earliest.day in _PART_OF_MONTH:
        part = _PART_OF_MONTH[earliest.day]
        return DateWords("period", f"{part}{_MONTH_NAMES[earliest.month]} {year}")
    if precision == "year":
        return DateWords("period", str(year))
    months = (earliest.month, latest.month)
    if precision == "season":
        if months == (12, 2):
            return DateWords("period", f"winter {year}/{(year + 1) % 100:02d}")
        if months in _SEASON_OF:
            return DateWords("period", f"{_SEASON_OF[months]} {year}")
        if months in _PART_OF_YEAR:
            return DateWords("period", f"{_PART_OF_YEAR[months]}{year}")
        if months in _QUARTERS:
            first, last = _MONTH_NAMES[months[0]], _MONTH_NAMES[months[1]]
            return DateWords("between", f"{first} to {last} {year}", first, f"{last} {year}")
    # Not one of the grammar's forms (a FuzzyDate built by hand): its first and last days.
    if earliest == latest:
        return DateWords("day", day_in_words(earliest))
    return _span(DateWords("day", day_in_words(earliest)), DateWords("day", day_in_words(latest)))


def _around(words: DateWords, approximate: bool) -> str:
    return f"around {words.text}" if approximate else words.text


def _span(
    start: DateWords,
    end: DateWords,
    *,
    start_approx: bool = False,
    end_approx: bool = False,
    between: bool = False,
    compact: bool = True,
) -> DateWords:
    """Two ends in words, the start's year (and month) left to the end when they share it."""
    first, last = _around(start, start_approx), _around(end, end_approx)
    year = last.rsplit(" ", 1)[-1]
    if (
        compact
        and not (start_approx or end_approx)
        and start.kind != "between"
        and " " in first
        and first.endswith(f" {year}")
        and year.isdigit()
    ):
        first = first[: -len(year) - 1]
        month = last.rsplit(" ", 2)[-2] if last.count(" ") >= 2 else ""
        if start.kind == end.kind == "day" and first.endswith(f" {month}"):
            first = first[: -len(month) - 1]  # "3 to 7 March 2024"
    if between:
        return DateWords("between", f"between {first} and {last}", first, last)
    return DateWords("span", f"{first} to {last}", first, last)


def _range_end(end: _Parsed) -> DateWords:
    """One end of a range in words; a quarter stays "Q1 2005", as one end of two."""
    words = _single_words(end.earliest, end.latest, end.precision)
    if words.kind == "between":
        return DateWords("period", f"Q{(end.earliest.month + 2) // 3} {end.earliest.year}")
    return words


def _range_words(date: FuzzyDate) -> DateWords | None:
    """A range's two ends in words, read again from its text by the one grammar."""
    key = " ".join(date.text.lower().replace(",", " ").replace("\u2010", "-").split())
    try:
        key, whole_approx = _strip_approx(key)
        split = _split_range(key)
        if split is None:
            return None
        end = _parse_single(split[1])
        if end is None:
            return None
        start = _parse_single(split[0]) or _complete_start(split[0], end)
    except _Invalid:
        return None
    if start is None:
        return None
    first = _range_end(start)
    last = _range_end(end)
    between = bool(_BETWEEN.fullmatch(key))

    def span(compact: bool) -> DateWords:
        return _span(
            first,
            last,
            start_approx=start.approximate,
            end_approx=end.approximate,
            between=between,
            compact=compact,
        )

    found = span(True)
    # The short form must read back as the same span ("early to autumn 2005" does not).
    reread = read_or_none(found.text)
    if reread is None or (reread.earliest, reread.latest) != (start.earliest, end.latest):
        found = span(False)
    if whole_approx and found.kind == "between":
        return found._replace(approximate=True)  # "between" already says it is not known
    if whole_approx:
        return found._replace(text=f"around {found.text}", approximate=True)
    return found


@functools.lru_cache(maxsize=65536)
def date_words(date: FuzzyDate) -> DateWords:
    """A date in words at its own precision, split into its parts for prose to phrase."""
    if date.precision == "range":
        found = _range_words(date)
        if found is not None:
            return found
    words = _single_words(date.earliest, date.latest, date.precision)
    written = _WRITTEN_PART.match(_strip_approx(date.text.lower().strip())[0])
    if written and words.kind == "period":
        # "end of April 2020" keeps the author's words; "late April 2020" would be a guess.
        rest = words.text[4:] if words.text.startswith("mid-") else words.text.split(" ", 1)[1]
        words = words._replace(text=f"{written[1]} of {rest}")
    if date.approximate and words.kind != "between":
        around = "around the" if written else "around"
        return words._replace(text=f"{around} {words.text}", approximate=True)
    return words


def in_words(date: FuzzyDate, time: str = "") -> str:
    """A date as a person reads it: '16 February 2024', 'around 10 February 2024',
    'early March 2023', 'May to November 2023'; with a time, '16 February 2024, 22:40'.

    Every product a person reads prints dates through this (CSV exports keep the case file's
    own text, for spreadsheets).
    """
    text = date_words(date).text
    return f"{text}, {time}" if time else text


def _format_span(start: dt.date, end: dt.date, years_from: int) -> str:
    """A span as a review writes it: days, weeks, months, then years and months."""
    days = (end - start).days
    if days < 14:
        return plural(days, "day")
    months = months_between(start, end)
    if months < 3:  # reviews describe young babies in weeks ("aged 10 weeks")
        return plural(days // 7, "week")
    if months < years_from:
        return plural(months, "month")
    years, months = divmod(months, 12)
    return f"{plural(years, 'year')} {plural(months, 'month')}" if months else plural(years, "year")


_ONE_UNIT = re.compile(r"(\d+) (day|week|month|year)s?")


def _join(low: str, high: str) -> str:
    """'5 months' and '6 months' -> '5 to 6 months'; the same text stays as it is."""
    if low == high:
        return low
    low_match, high_match = _ONE_UNIT.fullmatch(low), _ONE_UNIT.fullmatch(high)
    if low_match and high_match and low_match[2] == high_match[2]:
        return f"{low_match[1]} to {high}"
    return f"{low} to {high}"


def format_age(dob: FuzzyDate, when: FuzzyDate) -> str:
    """The child's age on a date, as a report prints it ("7 weeks", "5 to 6 months")."""
    if when.latest < dob.earliest:
        return "unborn"
    if when.earliest < dob.latest:
        return "around birth"
    youngest = _format_span(dob.latest, when.earliest, 24)
    oldest = _format_span(dob.earliest, when.latest, 24)
    text = _join(youngest, oldest)
    return f"about {text}" if dob.approximate or when.approximate else text


def age_bounds(dob: FuzzyDate, when: FuzzyDate) -> tuple[int, int]:
    """The youngest and oldest the child can be on `when`, in days (negative before birth)."""
    return (when.earliest - dob.latest).days, (when.latest - dob.earliest).days


def gap_days(a: FuzzyDate, b: FuzzyDate) -> int:
    """The gap certainly between a and a later b, in days (0 when they may touch or overlap)."""
    return max(0, (b.earliest - a.latest).days)


def format_interval(a: FuzzyDate, b: FuzzyDate) -> str:
    """Time between two dates for timeline gaps ("3 days", "about 4 months", "up to 2 weeks")."""
    if a.earliest == a.latest == b.earliest == b.latest:
        return "about 0 days" if a.approximate or b.approximate else "0 days"
    if a.overlaps(b):
        # They may be the same day, so only the longest possible gap is known.
        start, end = max((a.earliest, b.latest), (b.earliest, a.latest), key=lambda p: p[1] - p[0])
        return f"up to {_format_span(start, end, 12)}"
    start, end = sorted((a.midpoint, b.midpoint))
    text = _format_span(start, end, 12)
    return text if a.exact and b.exact else f"about {text}"


# --- written ages ----------------------------------------------------------------------------


class _AgeSpec(NamedTuple):
    """A written age as [reach(low_months) + low_days, reach(high_months) + high_days)."""

    low_months: int
    low_days: int
    high_months: int
    high_days: int


_MAX_AGE_YEARS = 130
_AGE_PREFIX = re.compile(
    r"(?:aged?\s+)?(?P<about>(?:about|approximately|approx|around|circa|ca|c)(?:\.\s*|\s+)|~\s*)?"
)
_AGE = re.compile(
    r"(?:(\d+)\s*(?:years?|yrs?|y))?\s*(?:and\s+)?"
    r"(?:(\d+)\s*(?:months?|mths?|mos?|m))?\s*(?:and\s+)?"
    r"(?:(\d+)\s*(?:weeks?|wks?|w))?\s*(?:and\s+)?"
    r"(?:(\d+)\s*(?:days?|d))?"
)


@functools.lru_cache(maxsize=1024)
def _age_spec(text: str) -> _AgeSpec:
    s = " ".join(text.lower().replace(",", " ").split())
    s = s.removesuffix(" old").removesuffix(" of age")
    prefix = _AGE_PREFIX.match(s)
    assert prefix is not None  # every part of the pattern is optional
    about, core = prefix["about"] is not None, s[prefix.end() :]
    if core == "newborn":
        return _AgeSpec(0, 0, 0, 28)
    _refuse_foreign_digits(text, "'{text}' is not an age")
    if core.isdigit():
        core += " years"
    m = _AGE.fullmatch(core)
    years, months, weeks, days = (int(g) if g else 0 for g in m.groups()) if m else (0, 0, 0, 0)
    too_old = years + months // 12 > _MAX_AGE_YEARS or 7 * weeks + days > 366 * _MAX_AGE_YEARS
    if not core or m is None or not any(m.groups()) or too_old:
        written = " ".join(text.split())
        raise DateError(f"'{written}' is not an age reviewkit understands; {_AGE_EXAMPLES}")
    low_months, low_days = 12 * years + months, 7 * weeks + days
    # The finest unit written is rounded down: "3 years" is any age from 3y 0m to 3y 11m.
    if m[4]:
        step, half = (0, 1), (0, 1)
    elif m[3]:
        step, half = (0, 7), (0, 4)
    elif m[2]:
        step, half = (1, 0), (1, 0)
    else:
        step, half = (12, 0), (6, 0)
    high_months, high_days = low_months + step[0], low_days + step[1]
    if about:
        low_months, low_days = max(0, low_months - half[0]), max(0, low_days - half[1])
        high_months, high_days = high_months + half[0], high_days + half[1]
    return _AgeSpec(low_months, low_days, high_months, high_days)


@functools.lru_cache(maxsize=1024)
def _days_to_reach(months: int) -> tuple[int, int]:
    """Fewest and most days it takes to become `months` old, over a four-year leap cycle."""
    start = dt.date(2000, 1, 1)
    spans = [
        (_reach(born, months) - born).days
        for born in (start + dt.timedelta(days=n) for n in range(1461))
    ]
    return min(spans), max(spans)


def parse_age(text: str) -> tuple[int, int]:
    """The fewest and most days old a written age can mean ("3 years", "about 7 weeks")."""
    spec = _age_spec(text)
    low = _days_to_reach(spec.low_months)[0] + spec.low_days
    high = _days_to_reach(spec.high_months)[1] + spec.high_days - 1
    return low, high


def age_consistent(dob: FuzzyDate, when: FuzzyDate, text: str) -> bool:
    """True when an age written in a case file can be right for this birth date on `when`."""
    if " ".join(text.lower().split()) == "unborn":
        return when.earliest < dob.latest
    spec = _age_spec(text)
    first = _reach(dob.earliest, spec.low_months) + dt.timedelta(days=spec.low_days)
    last = _reach(dob.latest, spec.high_months) + dt.timedelta(days=spec.high_days - 1)
    return first <= when.latest and when.earliest <= last
