"""Dates at every precision a chronology uses: parse them, sort them, and carry their doubt.

A `FuzzyDate` keeps the text as written and the earliest and latest day it can mean. Forms:

- day: ``2019-03-14``, ``14/03/2019`` (always day first), ``14 March 2019``, ``March 14, 2019``,
  ``Thursday 14 March 2019`` (a wrong weekday is an error);
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
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from reviewkit.errors import DateError

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
    def sort_key(self) -> tuple[dt.date, dt.date, str]:
        """Chronological order: earliest day, then the narrower date, then the text."""
        return (self.earliest, self.latest, self.text)

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
        """The date as report prose writes it: numeric forms in words ("16 February 2024").

        Dates written in words stay exactly as written; numeric ones (2024-02-16, 16/02/2024,
        2024-02) are spelt out, without any mark of doubt (prose says "around" instead).
        """
        core = _APPROX_MARK.sub("", self.text).strip()
        if any(c.isalpha() for c in core.replace(" to ", " ")):
            return self.text
        if self.precision == "day":
            return day_in_words(self.earliest)
        if self.precision == "month":
            return f"{_MONTH_NAMES[self.earliest.month]} {self.earliest.year}"
        if self.precision == "range" and " to " in core:
            start, end = self.earliest, self.latest
            if start.year != end.year:
                return f"{day_in_words(start)} to {day_in_words(end)}"
            if start.month != end.month:
                return f"{start.day} {_MONTH_NAMES[start.month]} to {day_in_words(end)}"
            return f"{start.day} to {day_in_words(end)}"
        return self.text

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


_MONTH_WORDS: dict[str, int] = {name.lower(): i for i, name in enumerate(_MONTH_NAMES) if i}
_MONTH_WORDS.update({name[:3].lower(): i for i, name in enumerate(_MONTH_NAMES) if i})
_MONTH_WORDS["sept"] = 9
_WEEKDAY_WORDS: dict[str, int] = {name.lower(): i for i, name in enumerate(_WEEKDAY_NAMES)}
_WEEKDAY_WORDS.update({name[:3].lower(): i for i, name in enumerate(_WEEKDAY_NAMES)})
_WEEKDAY_WORDS.update({"tues": 1, "thur": 3, "thurs": 3})
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


def _alternation(words: Iterable[str], capture: bool = True) -> str:
    """A regex group matching any of the words, longest first so prefixes never win."""
    return ("(" if capture else "(?:") + "|".join(sorted(words, key=len, reverse=True)) + ")"


_ORD = r"(?:st|nd|rd|th)?"
_MON = _alternation(_MONTH_WORDS) + r"\.?"
_PART = r"(?:the )?" + _alternation(_PART_WORDS)
_SEASON = _alternation(_SEASON_MONTHS)

_ISO_FAST = re.compile(r"\d{4}-\d{2}-\d{2}")
_YMD = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})")
_DMY_NUMERIC = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})")
_D_MON_Y = re.compile(rf"(?:the )?(\d{{1,2}}){_ORD}(?: of)?[ -]{_MON}[ -](\d{{4}}|\d{{2}})")
_MON_D_Y = re.compile(rf"{_MON}[ -](\d{{1,2}}){_ORD}[ -](\d{{4}})")
_ISO_MONTH = re.compile(r"(\d{4})-(\d{2})")
_NUMERIC_MONTH = re.compile(r"(\d{1,2})[/.-](\d{4})")
_MON_Y = re.compile(rf"{_MON}[ -](\d{{4}})")
_PART_MONTH = re.compile(rf"{_PART}[ -]{_MON}[ -](\d{{4}})")
_SEASON_Y = re.compile(rf"(?:the )?{_SEASON}(?: of)?[ -](\d{{4}})(?:/(\d{{4}}|\d{{2}}))?")
_YEAR = re.compile(r"(\d{4})")
_PART_YEAR = re.compile(rf"{_PART}[ -](\d{{4}})")
_QUARTER = re.compile(r"q([1-4])[ -](\d{4})|(\d{4})[ -]q([1-4])")
_WEEKDAY = re.compile(_alternation(_WEEKDAY_WORDS) + r"\.? (.+)")

_APPROX = re.compile(r"(?:\?|(?:circa|approximately|approx|about|around|ca|c)(?:\.|\b))\s*")
_BETWEEN = re.compile(r"between (.+?) and (.+)")
_FROM = re.compile(r"from ")
_RANGE_SEP = re.compile(r"\s+(?:to|until|till)\s+|\s+-+\s+|\s*[\u2013\u2014]\s*")
_MON_WORD = _alternation(_MONTH_WORDS, capture=False) + r"\.?"
_SEASON_WORD = _alternation(_SEASON_MONTHS, capture=False)
# Unspaced hyphens also join parts of one date (14-03-2019, mid-March), so only these are ranges.
_HYPHEN_RANGES = (
    re.compile(rf"(\d{{1,2}}{_ORD})-(\d{{1,2}}{_ORD} .+)"),
    re.compile(rf"({_MON_WORD}(?: \d{{4}})?)-({_MON_WORD} .+)"),
    re.compile(rf"({_SEASON_WORD}(?: \d{{4}})?)-({_SEASON_WORD} .+)"),
    re.compile(r"(\d{4})-(\d{4})"),
)
_BARE_DAY = re.compile(rf"(\d{{1,2}}){_ORD}")
_BARE_PART = re.compile(_PART)
_HAS_YEAR = re.compile(r"\d{4}")


def _year(text: str) -> int:
    """A four-digit year, or a two-digit one read as 1970-2069."""
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 70 else 1900
    if not 1000 <= year <= 9998:
        raise _Invalid(f"year {text} is out of range")
    return year


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _month(year: int, month: int) -> tuple[dt.date, dt.date, str]:
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


def _one_day(day: dt.date) -> tuple[dt.date, dt.date, str]:
    return day, day, "day"


def _day_form(s: str) -> tuple[dt.date, dt.date, str] | None:
    """Match the forms that name one day."""
    if m := _YMD.fullmatch(s):
        return _one_day(_day(_year(m[1]), int(m[3]), int(m[4])))
    if m := _DMY_NUMERIC.fullmatch(s):
        return _one_day(_day(_year(m[4]), int(m[3]), int(m[1]), day_first=True))
    if m := _D_MON_Y.fullmatch(s):
        return _one_day(_day(_year(m[3]), _MONTH_WORDS[m[2]], int(m[1])))
    if m := _MON_D_Y.fullmatch(s):
        return _one_day(_day(_year(m[3]), _MONTH_WORDS[m[1]], int(m[2])))
    return None


def _part_of(
    start: dt.date, end: dt.date, part: int, cuts: tuple[dt.date, dt.date]
) -> tuple[dt.date, dt.date]:
    """The first, middle or last part of a span, split at the two cut days."""
    if part == 0:
        return start, cuts[0] - dt.timedelta(days=1)
    if part == 1:
        return cuts[0], cuts[1] - dt.timedelta(days=1)
    return cuts[1], end


def _other_form(s: str) -> tuple[dt.date, dt.date, str] | None:
    """Match the forms wider than a day."""
    if m := _ISO_MONTH.fullmatch(s):
        year, month = _year(m[1]), int(m[2])
        if month == (year + 1) % 100 and month > 12:
            raise _Invalid(
                f"month {month} does not exist; write a span of years as {year} to {year + 1}"
            )
        return _month(year, month)
    if m := _NUMERIC_MONTH.fullmatch(s):
        return _month(_year(m[2]), int(m[1]))
    if m := _MON_Y.fullmatch(s):
        return _month(_year(m[2]), _MONTH_WORDS[m[1]])
    if m := _PART_MONTH.fullmatch(s):
        year, month = _year(m[3]), _MONTH_WORDS[m[2]]
        first, last = dt.date(year, month, 1), dt.date(year, month, _last_day(year, month))
        cuts = (dt.date(year, month, 11), dt.date(year, month, 21))
        return *_part_of(first, last, _PART_WORDS[m[1]], cuts), "part-month"
    if m := _SEASON_Y.fullmatch(s):
        return _season(m[1], m[2], m[3])
    if m := _YEAR.fullmatch(s):
        year = _year(m[1])
        return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
    if m := _PART_YEAR.fullmatch(s):
        year = _year(m[2])
        cuts = (dt.date(year, 5, 1), dt.date(year, 9, 1))
        span = _part_of(dt.date(year, 1, 1), dt.date(year, 12, 31), _PART_WORDS[m[1]], cuts)
        return *span, "season"
    if m := _QUARTER.fullmatch(s):
        quarter, year = (int(m[1]), _year(m[2])) if m[1] else (int(m[4]), _year(m[3]))
        first_month = 3 * quarter - 2
        end = dt.date(year, first_month + 2, _last_day(year, first_month + 2))
        return dt.date(year, first_month, 1), end, "season"
    return None


def _season(name: str, year_text: str, next_text: str | None) -> tuple[dt.date, dt.date, str]:
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
    found = _day_form(s)
    if found is None and (weekday := _WEEKDAY.fullmatch(s)):
        found = _day_form(weekday[2])
        if found is not None:
            day = found[0]
            if day.weekday() != _WEEKDAY_WORDS[weekday[1]]:
                raise _Invalid(
                    f"{day.day} {_MONTH_NAMES[day.month]} {day.year} "
                    f"was a {_WEEKDAY_NAMES[day.weekday()]}"
                )
    if found is None:
        found = _other_form(s)
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
            return m[1], m[2]
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


@functools.lru_cache(maxsize=65536)
def _parse_text(raw: str) -> FuzzyDate:
    text = " ".join(raw.split())
    if not text:
        raise DateError(f"the date is empty; {_EXAMPLES}")
    if _ISO_FAST.fullmatch(text):
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            pass  # the general path below says what is wrong with it
        else:
            return FuzzyDate(text, day, day, "day")
    key = " ".join(text.lower().replace(",", " ").replace("\u2010", "-").split())
    try:
        parsed = _parse_single(key) or _parse_range(key)
    except _Invalid as exc:
        joint = " " if exc.about_whole else " is not a date: "
        raise DateError(f"'{text}'{joint}{exc.reason}") from None
    if parsed is None:
        raise DateError(f"'{text}' is not a date reviewkit understands; {_EXAMPLES}")
    return FuzzyDate(text, *parsed)


def parse_date(value: object) -> FuzzyDate:
    """Parse a date as written in a case file or chronology (str, year int, date or FuzzyDate)."""
    if isinstance(value, FuzzyDate):
        return value
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return FuzzyDate(value.isoformat(), value, value, "day")
    if value is None:
        return _parse_text("")
    return _parse_text(str(value))


# --- ages and intervals ----------------------------------------------------------------------


def _months_between(start: dt.date, end: dt.date) -> int:
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
    r"^\s*(\?|(?:circa|approximately|approx|about|around|ca|c)(?:\.|\b))\s*|\?\s*$",
    re.IGNORECASE,
)


def day_in_words(day: dt.date) -> str:
    """A day as prose writes it: '16 February 2024'."""
    return f"{day.day} {_MONTH_NAMES[day.month]} {day.year}"


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


def _format_span(start: dt.date, end: dt.date, years_from: int) -> str:
    """A span as a review writes it: days, weeks, months, then years and months."""
    days = (end - start).days
    if days < 14:
        return _plural(days, "day")
    months = _months_between(start, end)
    if months < 3:  # reviews describe young babies in weeks ("aged 10 weeks")
        return _plural(days // 7, "week")
    if months < years_from:
        return _plural(months, "month")
    years, months = divmod(months, 12)
    return (
        f"{_plural(years, 'year')} {_plural(months, 'month')}" if months else _plural(years, "year")
    )


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
    if core.isdigit():
        core += " years"
    m = _AGE.fullmatch(core)
    years, months, weeks, days = (int(g) if g else 0 for g in m.groups()) if m else (0, 0, 0, 0)
    if not core or m is None or not any(m.groups()) or years + months // 12 > _MAX_AGE_YEARS:
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
