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
    age_consistent,
    find_dates,
    format_age,
    format_interval,
    month_word_pattern,
    months_between,
    parse_date,
    read_or_none,
)
from reviewkit.wording import NUMBER_WORDS, capitalise

DATE_MODES = ("age", "interval", "keep-year", "shift", "keep")
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
# A text with none of these holds no date to move and no age to check ("at five months",
# "the three-year-old" have no digit, so the units count too).
_MAY_HOLD_DATE = re.compile(
    rf"\d|\b(?:{month_word_pattern()}|(?i:spring|summer|autumn|fall|winter))"
    r"|(?i:day|week|month|year)s?\b"
)
_DIGIT = re.compile(r"\d")  # most texts that hold a date have one: a cheaper test first
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
    # Every other person whose age text may state, by label: "when Mason was 7" is checked too.
    born: dict[str, FuzzyDate] = field(default_factory=dict)
    # What the last rewrite could not tell with confidence: a person must check each one.
    checks: list[ToCheck] = field(default_factory=list)

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
        self,
        text: str,
        *,
        context: FuzzyDate | None = None,
        child: Child | None = None,
        dated: bool = True,
    ) -> tuple[str, list[tuple[str, str]]]:
        """Rewrite every date in free text; returns the new text and each (old, new) change.

        `context` (the event's own date, say) gives the year of dates written without one;
        `dated` says it is the record's own date, so ages written without a date beside them
        are checked against it (not against a default, such as the review's start).
        """
        self.checks = []
        if self.mode == "keep" or not (_DIGIT.search(text) or _MAY_HOLD_DATE.search(text)):
            self.unmoved = text
            return text, []
        # Ages first, against the dates as written: a date told as an age below is true already.
        text = self._ages(text, context=context, child=child or self.child, dated=dated)
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
                # Kept as written it could give a real date away; told as a guess it could
                # state a false age. A phrase that is true whatever was meant, and a check.
                self.unread += 1
                new, reason = neutral_phrase(spot.raw, spot.prep, spot.yearless, context)
                start = spot.lead
                if _capital_at(text, start, spot.prep):
                    new = capitalise(new)
                out.append(self._years(text, last, start, changed) + new)
                kept.append(text[last:start] + new)
                last = spot.end
                changed.append((text[start : spot.end], new))
                self.checks.append(ToCheck("date", text[start : spot.end], new, reason))
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
            if _capital_at(text, start, spot.prep):
                new = capitalise(new)
            out.append(gap + new)
            last = spot.end
            # "On 3 March, when Ruby was 14 months old," told as an age already says it: the
            # written age is dropped, so one date is never told with two ages.
            said = _SAID_AGE.match(text, spot.end) if " was " in new else None
            if said and f" {said['who']} was " in new:
                last = said.end()
            changed.append((text[start:last], new))
            previous = date
        out.append(self._years(text, last, len(text), changed))
        result = "".join(out)
        if self.mode == "shift":
            kept.append(text[last:])
            self.unmoved = "".join(kept)
        else:
            self.unmoved = result  # dates became words: any date left is as written
        return result, changed

    def _ages(
        self, text: str, *, context: FuzzyDate | None, child: Child | None, dated: bool
    ) -> str:
        """The text with every written age that disagrees with the real dates told truly.

        An age is checked against the date written in its own sentence, else the record's
        date; "at six months" only where the sentence is about that time (not a plan, a
        pregnancy or a history). Each wrong age is also listed in `checks` for a person.
        """
        if not _may_state_age(text) or not _AGE_PHRASE.search(text):
            return text
        out: list[str] = []
        last = 0
        for m in _AGE_PHRASE.finditer(text):
            fixed = self._age_fix(text, m, context, child, dated)
            if fixed is None:
                continue
            start, end, new, reason = fixed
            out.append(text[last:start] + new)
            self.checks.append(ToCheck("age", text[start:end], new, reason))
            last = end
        out.append(text[last:])
        return "".join(out)

    def _age_fix(
        self,
        text: str,
        m: re.Match[str],
        context: FuzzyDate | None,
        child: Child | None,
        dated: bool,
    ) -> tuple[int, int, str, str] | None:
        """Where a wrong age is, what it becomes and why; None when it is right or not known."""
        who = m["who"] or m["who2"] or m["who3"]
        if who:
            dob = self.born.get(who)
            if dob is None and child is not None and who == child.label:
                dob = child.dob
        else:
            dob = child.dob if child is not None else None
        if dob is None:
            return None  # someone whose date of birth the case does not give
        group = next(g for g in ("age", "age2", "age3", "age4", "age5", "age6", "age7") if m[g])
        written_age = m[group] + (f" {m['unit5']}s" if group == "age5" else "")
        begin = text.rfind(".", 0, m.start()) + 1
        begin = max(begin, text.rfind("\n", 0, m.start()) + 1, text.rfind(";", 0, m.start()) + 1)
        stop = [i for i in (text.find(c, m.end()) for c in ".;\n") if i >= 0]
        sentence_end = min(stop) if stop else len(text)
        if group == "age7" and _NOT_NOW.search(text, begin, sentence_end):
            return None
        when = _sentence_date(text, begin, sentence_end, m.start(), context, dated)
        if when is None or when.earliest <= dob.latest:
            return None  # no date to count from, or a time before the birth
        try:
            if age_consistent(dob, when, _age_digits(written_age)):
                return None
        except DateError:
            return None
        true = _true_age(dob, when)
        start, end = m.start(group), m.end(group)
        if group == "age5":
            end = m.end("unit5")
            hyphen = _hyphenated(true) if true else None
            if hyphen is None:
                start, end, new = m.start(), m.end(), "the child"
                if text[start].isupper():
                    new = capitalise(new)
            else:
                new = hyphen
        else:
            new = true or "[age removed]"
        fits = f"the dates give {true}" if true else "the dates give no one age"
        return start, end, new, f"age that does not fit the real dates ({fits})"

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
class ToCheck:
    """A date or age a person must check: what was written, what it became, and why."""

    kind: str  # "date" or "age"
    written: str  # as the original text has it (real: for the audit only, never printed)
    told: str  # what the anonymised text says instead
    reason: str  # why it could not be told with confidence; safe to print


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
        qualifier = None if prep else _QUALIFIER_BEFORE.search(text, max(0, lead - 20), lead)
        core = text[found.core_start : found.end]
        if qualifier and not _BARE_YEAR.fullmatch(core):
            # "early summer 2023": the finder reads "summer 2023". Told as an age the whole
            # season is still true, and "From early when Ruby was ..." would not read.
            lead = qualifier.start()
            if before := _PREP_BEFORE.search(text, max(0, lead - 20), lead):
                lead = before.start()
            prep = text[lead : qualifier.start()]
            spots.append(_Spot(lead, found.end, prep, core, found.date, found.yearless))
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


# An age phrase straight after a date: ", when Ruby was 14 months old" of "On 3 March, when ...".
_SAID_AGE = re.compile(
    r",?\s+(?i:when|while)\s+(?P<who>[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*)?)\s+was\s+"
    r"[^,.;:()]*?\bold\b"
)
# Days listed before a day and month: "11, 18 and " of "11, 18 and 25 July".
_DAY_LIST = re.compile(
    r"(?<![\w/.-])(?:\d{1,2}(?:st|nd|rd|th)?,\s*)*\d{1,2}(?:st|nd|rd|th)?,?\s+(?:and|&)\s+$"
)
_DAY_FIRST = re.compile(r"\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]")
_ATTRIBUTIVE_NOUN = re.compile(r"\s+([a-z][\w'-]*)")  # the noun after "the <date>"
_ARTICLE_BEFORE = re.compile(r"\b[Tt]he\s+$")
# A word that narrows a date the finder did not read with it: "early" of "early summer 2023".
_QUALIFIER_BEFORE = re.compile(r"\b(?i:early|mid|late|the end of|the start of)[ -]$")


def _capital_at(text: str, index: int, prep: str) -> bool:
    """Whether a phrase put at `index` opens a sentence, so starts with a capital.

    After a colon a heading or a list goes on in lower case ("Pregnancy and birth: around
    the time Ruby was born"), unless the writer began the part with a capital word of their
    own ("Outcome: On 3 March ..."); a date's month has a capital whatever it opens.
    """
    i = _opening(text, index)
    return (
        i == 0
        or text[i - 1] in ".!?\n"
        or text.endswith("- ", 0, i)
        or (text[i - 1] == ":" and prep[:1].isupper())
    )


def _opening(text: str, index: int) -> int:
    """Where the text before `index` ends, past spaces, quotes and brackets."""
    # Walks back without copying the text before `index` (a copy per date was quadratic).
    i = index
    while i > 0 and text[i - 1] in " \t\"'\u201c\u2018(":
        i -= 1
    return i


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
    date = read_or_none(text)
    if date is not None or context is None:
        return date  # else written without its year ("3 March"), or not a date at all
    middle = context.midpoint
    years = (middle.year - 1, middle.year, middle.year + 1)
    candidates = [d for y in years if (d := read_or_none(f"{text} {y}")) is not None]
    if not candidates:
        return None

    def fit(candidate: FuzzyDate) -> tuple[bool, bool, int]:
        # Records mostly look back ("the February incident"): within about half a year,
        # the past reading wins over a slightly nearer future one; otherwise the nearest.
        gap = (candidate.midpoint - middle).days
        return (abs(gap) > 200, gap > 0, abs(gap))

    return min(candidates, key=fit)


_WEEKDAY_FIRST = re.compile(r"^(?:mon|tues|wednes|thurs|fri|satur|sun)day\s+(?:the\s+)?", re.I)
_THE_SEASON = re.compile(r"^the\s+(?=(?:spring|summer|autumn|winter))", re.I)
_ORDINAL = re.compile(r"(\d)(?:st|nd|rd|th)\b")


def _clean(raw: str) -> str:
    text = " ".join(raw.replace(",", " ").split())
    text = _WEEKDAY_FIRST.sub("", text)
    text = _THE_SEASON.sub("", text)
    return _ORDINAL.sub(r"\1", text)


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


# --- dates that cannot be told with confidence ---------------------------------------------------

_MONTH_IN = re.compile(rf"(?<![\w])({month_word_pattern()})\.?(?!\w)")
_YEAR_IN = re.compile(r"(?<![\w/.-])((?:19|20)\d{2})(?!\w)")
_NUMERIC_MONTH = re.compile(r"^\d{1,2}[/.-](\d{1,2})(?:[/.-](\d{2}|\d{4}))?$")


def _month_written(raw: str) -> tuple[int | None, int | None]:
    """The month and year a date that is not a real day still names ("31 February 2023")."""
    clean = _clean(raw)
    month: int | None = None
    if m := _MONTH_IN.search(clean):
        word = m[1].lower().rstrip(".")
        month = next(i for i, name in enumerate(MONTH_NAMES, 1) if name.lower().startswith(word))
    elif (n := _NUMERIC_MONTH.match(clean)) and 1 <= int(n[1]) <= 12:
        month = int(n[1])  # "31/02/2023": day first, as every numeric date is read
        if n[2]:
            year = int(n[2])
            return month, year if year > 99 else year + (2000 if year < 70 else 1900)
    found = _YEAR_IN.search(clean)
    return month, int(found[1]) if found else None


def neutral_phrase(
    raw: str, preposition: str, yearless: bool, context: FuzzyDate | None
) -> tuple[str, str]:
    """What replaces a date that cannot be told with confidence, and why (for the report).

    The phrase is true whatever the writer meant: "that month" only when the date names the
    record's own month, "earlier that year" or "later that year" only when it names another
    month of the record's own year; otherwise "[date removed]". Never an age or an interval.
    """
    month, year = _month_written(raw)
    if context is None:
        reason = "date written without its year, with no date to take the year from"
    elif yearless and month is None:
        reason = "date that cannot be read"
    elif yearless:
        reason = "date that does not exist"
    else:
        reason = "date that does not exist" if month else "date that cannot be read"
    prep = preposition.strip().lower()
    removed = f"{preposition}[date removed]" if prep in _KEPT or prep in ("on", "in") else ""
    removed = removed or "[date removed]"
    if context is None or month is None or prep in _KEPT:
        return removed, reason
    first, last = context.earliest, context.latest
    if (first.year, first.month) != (last.year, last.month) and year is None:
        return removed, reason  # a record spanning months: which one is meant is not known
    if year is None:
        # Without its year only the record's own month is safe: another could be either side.
        same = month == first.month
        return ("that month" if same else removed), reason
    if first.year != last.year or year != first.year:
        return removed, reason
    if first.month <= month <= last.month:
        return "that month", reason
    return ("later that year" if month > last.month else "earlier that year"), reason


# --- ages written in the text --------------------------------------------------------------------
# "when Ruby was 14 months old", "Mason, aged 7", "the 3-year-old", "aged 6 weeks", "at five
# months": each is checked against the age the real dates give, and a wrong one is told truly.

_NUMBERS = {word: n for n, word in enumerate(NUMBER_WORDS)}
_NUM = r"(?:\d{1,3}|" + "|".join(sorted(_NUMBERS, key=len, reverse=True)) + r")"
_UNIT = r"(?:days?|weeks?|months?|years?)"
_ABOUT_WORDS = r"(?:about|around|approximately|nearly|almost|just\s+under|just\s+over)"
_AGE_WORDS = rf"(?:{_ABOUT_WORDS}\s+)?{_NUM}(?:\s+{_UNIT}(?:,?\s+(?:and\s+)?{_NUM}\s+{_UNIT})?)?"
_AGE_UNITS = rf"(?:{_ABOUT_WORDS}\s+)?{_NUM}\s+{_UNIT}(?:,?\s+(?:and\s+)?{_NUM}\s+{_UNIT})?"
_NAME = r"[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*)?"  # "Ruby", "Child A"
_AGE_PATTERNS = (
    # "when Ruby was 14 months old", "by the time Child A was six weeks old"
    rf"\b(?i:when|while|by\s+the\s+time|until|since|before|after)\s+(?P<who>{_NAME})\s+was\s+"
    rf"(?:then\s+|only\s+|just\s+)?(?P<age>{_AGE_UNITS})\s+old\b",
    # "Ruby, who was then 14 months old", "Ruby, then five weeks old", "Mason, then aged 7"
    rf"\b(?P<who2>{_NAME}),?\s+(?:who\s+was\s+)?(?:then\s+)?(?:(?P<aged>aged)\s+(?P<age2>{_AGE_WORDS})"
    rf"|(?P<age3>{_AGE_UNITS})\s+old\b)",
    # "Ruby (aged 14 months)"
    rf"\b(?P<who3>{_NAME})\s+\(aged\s+(?P<age4>{_AGE_WORDS})\)",
    # "the 3-year-old", "the six-week-old" (not "a 13-year-old": that is anyone of that age)
    rf"\b[Tt]he\s+(?P<age5>{_NUM})-(?P<unit5>day|week|month|year)-old\b",
    # "was seen aged 6 weeks": "aged" after a verb, so the age is the record's child's
    rf"\b(?:was|were|when|while|seen|weighed|measured|admitted|examined|assessed)\s+aged\s+"
    rf"(?P<age6>{_AGE_WORDS})",
    # "at five months": the child's age when the record's event happened
    rf"(?<![\w-])[Aa]t\s+(?P<age7>{_AGE_UNITS})(?!\s+(?:of|gestation|pregnan|later|after))",
)
_AGE_PHRASE = re.compile("|".join(f"(?:{p})" for p in _AGE_PATTERNS))


def _may_state_age(text: str) -> bool:
    """False for text that cannot hold an age phrase, so most text skips the regex."""
    if "old" in text or "aged" in text:
        return True
    # "at five months": the only phrase without "old" or "aged".
    return ("at " in text or "At " in text) and any(
        unit in text for unit in ("day", "week", "month", "year")
    )


# "at 38 weeks" is a pregnancy; "at six months" in a plan is a future check, not the age now.
_NOT_NOW = re.compile(
    r"\b(?:pregnan\w*|gestation\w*|antenatal|booking|booked|born|birth|deliver\w*|due|planned|plan|"
    r"review\w*|will|would|next|had|previously|earlier|until|from|since|every|each)\b",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"[^.!?\n]*(?:[.!?]+|\n|$)")


def _age_digits(words: str) -> str:
    """A written age in the digits reviewkit.dates reads: "nearly fourteen months" -> ..."""
    text = " ".join(words.lower().replace(",", " ").split())
    text = re.sub(rf"^{_ABOUT_WORDS}\s+", "about ", text)
    return re.sub(r"[a-z]+", lambda m: str(_NUMBERS.get(m[0], m[0])), text)


def _true_age(dob: FuzzyDate, when: FuzzyDate) -> str | None:
    """The age in words, or None when the dates cannot give one plainly ("5 to 6 months")."""
    if when.earliest <= dob.latest:
        return None
    told = age_text(dob, when)
    if " to " in told or told.startswith("about") and not (dob.exact and when.exact):
        return None
    return number_words(told)


def _hyphenated(age: str) -> str | None:
    """'nine weeks' -> 'nine-week'; None for an age of two parts."""
    m = re.fullmatch(r"(?:about )?(\w+) (day|week|month|year)s?", age)
    return f"{m[1]}-{m[2]}" if m else None


def _sentence_date(
    text: str, begin: int, end: int, at: int, context: FuzzyDate | None, dated: bool
) -> FuzzyDate | None:
    """The date an age in this sentence is counted at: the nearest date written in it, else
    the record's own."""
    best: tuple[int, FuzzyDate] | None = None
    for found in find_dates(text[begin:end], yearless=True):
        date = found.date or read_date(found.text, context=context)
        if date is None:
            continue
        distance = abs(begin + found.start - at)
        if best is None or distance < best[0]:
            best = (distance, date)
    if best is not None:
        return best[1]
    return context if dated else None
