"""Ages and dates in a publication, printed so that no date of birth can be worked out.

A date printed beside an age narrows the date of birth: "On 25 December 2022, when Ruby was
17 days old" gives it to the day, and several such pairs, each a month wide, narrow it by
their intersection. A publication therefore prints, in every sentence that gives an age,

- the age in whole months or years, never in days or weeks ("aged 2 days" -> "aged under 1
  month", "five weeks old" -> "one month old");
- every date finer than a month as its month ("On 10 December 2022" -> "In December 2022",
  "From 11 to 22 December 2023" -> "In December 2023", "mid-February 2024" -> "February
  2024"), without a time of day.

With month dates and whole months, each pair allows a date of birth anywhere in a window that
holds the whole of its true month, so no intersection of pairs is narrower than that month.
The family table's ages at the incident (whose date is printed exactly) are given in whole
years for the same reason ("about" when the incident is within a month of a birthday).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from reviewkit.dates import FuzzyDate, find_dates, months_between
from reviewkit.model import Case, Person
from reviewkit.wording import NUMBER_WORDS, capitalise

_NUMBER = r"(?:\d{1,3}|" + "|".join(NUMBER_WORDS[1:]) + r"|an?)"
_UNIT = r"(?:days?|weeks?|months?|years?)"
_PART = rf"{_NUMBER}[\s-]{_UNIT}"
# An age, told apart from a duration ("for two weeks") by "aged" before it or "old" after it.
AGE = re.compile(
    rf"(?P<aged>\baged\s+)?(?P<q>(?:almost|nearly|about|around|just over|just under)\s+)?"
    rf"(?<![\w-])(?P<age>{_PART}(?:(?:,\s*|\s+and\s+|\s+){_PART})*)"
    r"(?P<old>[\s-]old\b)?",
    re.IGNORECASE,
)
_FINE_UNIT = re.compile(r"\b(?:days?|weeks?)\b", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'\u2018\u201c(*])")
_TIME_AFTER = re.compile(r"(?:,| at)\s?(?:[01]?\d|2[0-3])[:.][0-5]\d\b")
_ON = re.compile(r"\b([Oo])n\s+$")
_FROM = re.compile(r"\b([Ff])rom\s+$")


@dataclass(frozen=True)
class Change:
    """One thing coarsened, safe to print: what kind, and of whom."""

    code: str  # "age" or "date"
    message: str


def is_age(m: re.Match[str]) -> bool:
    """True when an `AGE` match is an age, not a duration: "aged 7", "5 weeks old"."""
    return bool(m["aged"] or m["old"])


def sentences(text: str) -> list[str]:
    """`text` split into its sentences, each keeping the space that followed it."""
    parts: list[str] = []
    last = 0
    for m in _SENTENCE.finditer(text):
        parts.append(text[last : m.end()])
        last = m.end()
    parts.append(text[last:])
    return parts


def number(word: str) -> int:
    """The value of a number written in digits or words ("a" is one)."""
    word = word.lower()
    if word.isdigit():
        return int(word)
    return 1 if word in ("a", "an") else NUMBER_WORDS.index(word)


def age_days(text: str) -> tuple[int, int]:
    """The fewest and most days an age written in days and weeks alone can mean."""
    low = 0
    for m in re.finditer(rf"({_NUMBER})[\s-]({_UNIT})", text, re.IGNORECASE):
        n, unit = number(m[1]), m[2].lower()
        low += 7 * n if unit.startswith("week") else n
    step = (
        7
        if re.search(r"week", text, re.IGNORECASE) and not re.search(r"day", text, re.IGNORECASE)
        else 1
    )
    return low, low + step - 1


class AgeCoarsener:
    """Rewrites the ages and dates of one text so that no birth date can be worked out."""

    def __init__(self, case: Case) -> None:
        self.born = {
            p.name: p for p in case.people if p.dob is not None and p.dob.precision == "day"
        }
        names = sorted(self.born, key=len, reverse=True)
        self._name = (
            re.compile(r"\b(" + "|".join(re.escape(n) for n in names) + r")\b") if names else None
        )

    def fix(self, text: str) -> tuple[str, list[Change]]:
        """`text` with each sentence that gives an age coarsened, and what was changed."""
        if not text or not AGE.search(text):
            return text, []
        changes: list[Change] = []
        out = [self._sentence(s, changes) for s in sentences(text)]
        return "".join(out), changes

    def row(self, date: str, age: str) -> tuple[str, str, list[Change]]:
        """A table row's date and age cells (a chronology's "Date" and "Age"), coarsened."""
        changes: list[Change] = []
        if not age.strip() or not AGE.search(age):
            return date, age, changes
        found = [d for d in find_dates(date) if d.date is not None]
        if _FINE_UNIT.search(age):
            out, last = [], 0
            for m in AGE.finditer(age):
                if not _FINE_UNIT.search(m["age"]):
                    continue
                words = not re.search(r"\d", m["age"])
                months = self._months(None, None, m)
                out += [age[last : m.start()], _months_words(months, words=words, old=False)]
                last = m.end("age")
                changes.append(Change("age", "an age in days or weeks"))
            age = "".join(out) + age[last:]
        if found:
            date = capitalise(self._dates(date, changes))
        return date, age, changes

    def _sentence(self, text: str, changes: list[Change]) -> str:
        ages = [m for m in AGE.finditer(text) if self._is_age(text, m)]
        if not ages:
            return text
        found = [d for d in find_dates(text) if d.date is not None]
        # The day the ages are counted on: the sentence's one exact-or-fuzzy date, if any.
        when = found[0].date if found else None
        text = self._ages(text, when, changes)
        return self._dates(text, changes)

    def _ages(self, text: str, when: FuzzyDate | None, changes: list[Change]) -> str:
        out: list[str] = []
        last = 0
        for m in AGE.finditer(text):
            if not self._is_age(text, m) or not _FINE_UNIT.search(m["age"]):
                continue
            if _gestation(text, m):  # weeks of pregnancy stay: the dates beside them go
                continue
            person = self._whose(text, m.start())
            words = not re.search(r"\d", m["age"])
            months = self._months(person, when, m)
            out.append(text[last : m.start("q") if m["q"] else m.start("age")])
            out.append(_months_words(months, words=words, old=bool(m["old"])))
            last = m.end("age")
            who = f"{person.name}'s" if person is not None else "an"
            changes.append(Change("age", f"{who} age in days or weeks"))
        out.append(text[last:])
        return "".join(out)

    def _is_age(self, text: str, m: re.Match[str]) -> bool:
        """An age by its words ("aged", "old"), or one straight after a name: "Ruby, 14 months"."""
        if is_age(m) or _gestation(text, m):
            return True
        if self._name is None:
            return False
        before = text[max(0, m.start() - 60) : m.start()]
        return bool(re.search(self._name.pattern + r"(?:,\s*|\s+\()$", before))

    def _whose(self, text: str, index: int) -> Person | None:
        """The person with a known birth date named last before an age, in its sentence."""
        if self._name is None:
            return None
        found = list(self._name.finditer(text, 0, index))
        return self.born[found[-1][1]] if found else None

    def _months(
        self, person: Person | None, when: FuzzyDate | None, m: re.Match[str]
    ) -> tuple[int, int]:
        """The fewest and most whole months old the age can be."""
        if person is not None and person.dob is not None and when is not None:
            dob = person.dob.earliest
            return months_between(dob, when.earliest), months_between(dob, when.latest)
        low, high = age_days(m["age"])
        if m["q"] and m["q"].strip().lower() in ("about", "around", "just over"):
            high += 7
        if m["q"] and m["q"].strip().lower() in ("almost", "nearly", "just under"):
            low = max(0, low - 7)
        # A month is 28 to 31 days: the whole months these days can be.
        return low // 31, high // 28

    def _dates(self, text: str, changes: list[Change]) -> str:
        out: list[str] = []
        last = 0
        for found in find_dates(text):
            date = found.date
            if date is None or found.start < last or not _finer_than_month(date):
                continue
            before = text[last : found.core_start]
            months = _month_words(date)
            same = date.earliest.month == date.latest.month
            on = _ON.search(before) or (_FROM.search(before) if same else None)
            if on is not None:
                # "On 8 December 2022" -> "In December 2022": a month is "in", never "on".
                before = before[: on.start()] + ("I" if on[1].isupper() else "i") + "n "
            elif not before.strip() or before.rstrip().endswith((".", ":", "\n")):
                months = capitalise(months) if found.core_start == 0 else months
            out.append(before + months)
            last = found.end
            time = _TIME_AFTER.match(text, last)
            if time is not None:
                last = time.end()
            changes.append(Change("date", "an exact date printed with an age"))
        out.append(text[last:])
        return "".join(out)


_PREGNANT = re.compile(r"\s+(?:pregnant|of pregnancy|gestation)\b", re.IGNORECASE)


_AT = re.compile(r"\b[Aa]t\s+(?:about\s+|around\s+)?$")


def _gestation(text: str, m: re.Match[str]) -> bool:
    """True for weeks of a pregnancy ("22 weeks pregnant", "seen at 16 weeks"): with a date
    and the week a child was born at, they give the birth's date."""
    if not re.search(r"week", m["age"], re.IGNORECASE):
        return False
    at = _AT.search(text, 0, m.start("q") if m["q"] else m.start("age"))
    return bool(_PREGNANT.match(text, m.end("age")) or at)


def _finer_than_month(date: FuzzyDate) -> bool:
    if date.precision in ("day", "part-month"):
        return True
    if date.precision != "range":
        return False
    first, last = date.earliest, date.latest
    return first.day != 1 or last.day != calendar.monthrange(last.year, last.month)[1]


def _month_words(date: FuzzyDate) -> str:
    """The months a date falls in: "December 2023", "November to December 2023"."""
    first, last = date.earliest, date.latest
    end = f"{calendar.month_name[last.month]} {last.year}"
    if (first.year, first.month) == (last.year, last.month):
        return end
    start = calendar.month_name[first.month]
    if first.year != last.year:
        start += f" {first.year}"
    return f"{start} to {end}"


def _months_words(months: tuple[int, int], *, words: bool, old: bool) -> str:
    """An age in whole months: "under 1 month", "one month", "about 2 months"."""
    low, high = months

    def n(value: int) -> str:
        return NUMBER_WORDS[value] if words and value < len(NUMBER_WORDS) else str(value)

    def unit(value: int) -> str:
        return "month" if value == 1 else "months"

    if high == 0:
        return "under a month" if words else "under 1 month"
    if low == high:
        return f"{n(low)} {unit(low)}"
    if high - low == 1:
        return f"about {n(high)} {unit(high)}"
    return f"between {n(low)} and {n(high)} months"


def incident_age(person: Person, incident: FuzzyDate) -> str | None:
    """A person's age at the incident in whole years, or None without a day of birth."""
    if person.dob is None or person.dob.precision != "day":
        return None
    dob, day = person.dob.earliest, incident.earliest
    if day < dob:
        return None
    years = months_between(dob, day) // 12
    # Within a month of a birthday an exact incident date and a whole-year age would cut the
    # month of birth in two: "about" widens the age by half a year each way.
    near = any(
        abs((day - _birthday(dob, year)).days) <= 31
        for year in (day.year - 1, day.year, day.year + 1)
        if year > dob.year
    )
    if years == 0:
        return "about 1 year" if near else "under 1 year"
    text = f"{years} {'year' if years == 1 else 'years'}"
    return f"about {text}" if near else text


def _birthday(dob: dt.date, year: int) -> dt.date:
    day = min(dob.day, calendar.monthrange(year, dob.month)[1])
    return dt.date(year, dob.month, day)
