"""Property-based tests of the date grammar: every form parses, sorts, prints back and is found.

Phrases are generated in every form reviewkit.dates reads, each with the days it must mean,
worked out here independently of the parser. The same phrases, planted in a case file's free
text, must not leave a real year behind after `anonymise --dates shift`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
import re
from typing import NamedTuple

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviewkit.anonymise.anonymiser import Options, anonymise_document
from reviewkit.casefile import check_document, parse_yaml
from reviewkit.dates import WEEK_ENDS, WEEK_STARTS, FuzzyDate, find_dates, parse_date

FAST = settings(max_examples=100, deadline=None)
D = dt.date
MONTHS = list(calendar.month_name)[1:]
WEEKDAYS = list(calendar.day_name)
YEARS = st.integers(2005, 2030)
PARTS = {
    "early": 0,
    "beginning of": 0,
    "start of": 0,
    "mid": 1,
    "middle of": 1,
    "late": 2,
    "end of": 2,
}
SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
MARKERS = ("c. ", "c.", "circa ", "about ", "around ", "approx. ", "approximately ", "ca. ", "?")


class Phrase(NamedTuple):
    """A generated date: its text, the days it means, and its text without the year."""

    text: str
    earliest: dt.date
    latest: dt.date
    approximate: bool = False
    yearless: str | None = None  # what a range start borrowing this date's year may write
    kind: str = ""


def last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


@st.composite
def cased(draw: st.DrawFn, word: str) -> str:
    return draw(st.sampled_from([word.lower(), word.title(), word.upper(), word]))


@st.composite
def month_word(draw: st.DrawFn, month: int) -> str:
    name = MONTHS[month - 1]
    short = "Sept" if month == 9 and draw(st.booleans()) else name[:3]
    word = draw(st.sampled_from([name, short, short + "."]))
    return draw(cased(word))


@st.composite
def ordinal(draw: st.DrawFn, day: int) -> str:
    return str(day) + draw(st.sampled_from(["", "st", "nd", "rd", "th"]))


@st.composite
def days(draw: st.DrawFn, years: st.SearchStrategy[int] = YEARS) -> dt.date:
    year, month = draw(years), draw(st.integers(1, 12))
    return D(year, month, draw(st.integers(1, last_day(year, month))))


@st.composite
def day_phrase(draw: st.DrawFn, years: st.SearchStrategy[int] = YEARS) -> Phrase:
    day = draw(days(years))
    y, m, d = day.year, day.month, day.day
    joint = draw(st.sampled_from([" ", "-"]))
    comma = "," if joint == " " and draw(st.booleans()) else ""
    the = "the " if draw(st.booleans()) else ""
    of = " of" if draw(st.booleans()) else ""
    mon = draw(month_word(m))
    sep = draw(st.sampled_from(["-", "/", "."]))
    short = draw(st.booleans())
    forms = [
        (f"{y}{sep}{m:02d}{sep}{d:02d}", None),
        (f"{y}-{m}-{d}", None),
        (f"{d}{sep}{m}{sep}{y if not short else f'{y % 100:02d}'}", None),
        (f"{the}{draw(ordinal(d))}{of}{joint}{mon}{comma}{joint}{y}", f"{the}{d}{of} {mon}"),
        (f"{mon}{joint}{draw(ordinal(d))}{comma}{joint}{y}", f"{mon} {d}"),
    ]
    text, yearless = draw(st.sampled_from(forms))
    if draw(st.booleans()):
        weekday = WEEKDAYS[day.weekday()]
        weekday = draw(cased(draw(st.sampled_from([weekday, weekday[:3], weekday[:3] + "."]))))
        lead = f"{weekday}{',' if draw(st.booleans()) else ''} "
        text, yearless = lead + text, lead + yearless if yearless else None
    return Phrase(text, day, day, yearless=yearless, kind="day")


@st.composite
def month_phrase(draw: st.DrawFn, years: st.SearchStrategy[int] = YEARS) -> Phrase:
    y, m = draw(years), draw(st.integers(1, 12))
    mon = draw(month_word(m))
    sep = draw(st.sampled_from(["-", "/", "."]))
    forms = [
        (f"{y}-{m:02d}", None),
        (f"{m:02d}{sep}{y}", None),
        (f"{m}{sep}{y}", None),
        (f"{mon} {y}", mon),
        (f"{mon}-{y}", mon),
    ]
    text, yearless = draw(st.sampled_from(forms))
    return Phrase(text, D(y, m, 1), D(y, m, last_day(y, m)), yearless=yearless, kind="month")


@st.composite
def part_month_phrase(draw: st.DrawFn, years: st.SearchStrategy[int] = YEARS) -> Phrase:
    y, m = draw(years), draw(st.integers(1, 12))
    part = draw(st.sampled_from(sorted(PARTS)))
    the = "the " if draw(st.booleans()) else ""
    joint = draw(st.sampled_from([" ", "-"]))
    head = f"{the}{draw(cased(part))}{joint}{draw(month_word(m))}"
    cuts = [(1, 10), (11, 20), (21, last_day(y, m))][PARTS[part]]
    return Phrase(
        f"{head} {y}", D(y, m, cuts[0]), D(y, m, cuts[1]), yearless=head, kind="part-month"
    )


@st.composite
def season_phrase(draw: st.DrawFn, years: st.SearchStrategy[int] = YEARS) -> Phrase:
    y = draw(years)
    name = draw(st.sampled_from(sorted(SEASONS)))
    the = "the " if draw(st.booleans()) else ""
    of = " of" if the and draw(st.booleans()) else ""
    head = f"{the}{draw(cased(name))}{of}"
    first = SEASONS[name]
    if first == 12:
        end = D(y + 1, 2, last_day(y + 1, 2))
        suffix = draw(st.sampled_from(["", f"/{(y + 1) % 100:02d}", f"/{y + 1}"]))
        return Phrase(f"{head} {y}{suffix}", D(y, 12, 1), end, yearless=head, kind="season")
    end = D(y, first + 2, last_day(y, first + 2))
    return Phrase(f"{head} {y}", D(y, first, 1), end, yearless=head, kind="season")


@st.composite
def part_year_phrase(draw: st.DrawFn, years: st.SearchStrategy[int] = YEARS) -> Phrase:
    y = draw(years)
    part = draw(st.sampled_from(sorted(PARTS)))
    spans = [(D(y, 1, 1), D(y, 4, 30)), (D(y, 5, 1), D(y, 8, 31)), (D(y, 9, 1), D(y, 12, 31))]
    first, last = spans[PARTS[part]]
    joint = draw(st.sampled_from([" ", "-"]))
    word = draw(cased(part))
    return Phrase(f"{word}{joint}{y}", first, last, kind="part-year")


@st.composite
def quarter_phrase(draw: st.DrawFn, years: st.SearchStrategy[int] = YEARS) -> Phrase:
    y, q = draw(years), draw(st.integers(1, 4))
    first, last = 3 * q - 2, 3 * q
    span = D(y, first, 1), D(y, last, last_day(y, last))
    q_text = draw(cased(f"q{q}"))
    form = draw(st.sampled_from([f"{q_text} {y}", f"{y} {q_text}", f"{q_text}-{y}"]))
    yearless = q_text if form.startswith(q_text) else None
    return Phrase(form, *span, yearless=yearless, kind="quarter")


@st.composite
def year_phrase(draw: st.DrawFn, years: st.SearchStrategy[int] = YEARS) -> Phrase:
    y = draw(years)
    return Phrase(str(y), D(y, 1, 1), D(y, 12, 31), kind="year")


SINGLES = st.one_of(
    day_phrase(),
    month_phrase(),
    part_month_phrase(),
    season_phrase(),
    part_year_phrase(),
    quarter_phrase(),
    year_phrase(),
)


def borrowing(year: int) -> st.SearchStrategy[Phrase]:
    """Dates in `year` that may start a range without their year ("3 March to ...")."""
    fixed = st.just(year)
    return st.one_of(
        day_phrase(fixed), month_phrase(fixed), part_month_phrase(fixed), season_phrase(fixed)
    ).filter(lambda p: p.yearless is not None)


@st.composite
def range_phrase(draw: st.DrawFn) -> Phrase:
    """Two dates joined as a range, or a start that borrows its year (or month) from the end."""
    end = draw(SINGLES)
    year, month = end.earliest.year, end.earliest.month
    ways = ["whole", "borrowed"]
    ways += ["day"] if end.kind == "day" else []
    ways += ["part"] if end.kind == "part-month" else []
    how = draw(st.sampled_from(ways))
    joins = [" to ", " until ", " - ", " \u2013 ", "\u2013"]
    if how == "whole":
        start = draw(SINGLES)
        if start.earliest > end.latest:
            start, end = end, start
        if start.kind == end.kind == "year":
            joins.append("-")  # 2019-2020
    elif how == "borrowed":
        start = draw(borrowing(year))
        start = start._replace(text=start.yearless or "")
        if start.earliest > end.latest:
            end = Phrase(str(year), D(year, 1, 1), D(year, 12, 31))
    elif how == "day":
        day = end.earliest.replace(day=draw(st.integers(1, end.earliest.day)))
        start = Phrase(draw(ordinal(day.day)), day, day)
        if re.match(r"\d{1,2}(?:st|nd|rd|th)?[ -]\D", end.text):
            joins.append("-")  # 3-7 March 2019
    else:
        part = draw(
            st.sampled_from(
                sorted(
                    p for p in PARTS if PARTS[p] <= (end.latest.day > 20) + (end.latest.day > 10)
                )
            )
        )
        cuts = [(1, 10), (11, 20), (21, last_day(year, month))][PARTS[part]]
        start = Phrase(part, D(year, month, cuts[0]), D(year, month, cuts[1]))
    join = draw(st.sampled_from([*joins, "between", "from"]))
    if join == "between":
        text = f"between {start.text} and {end.text}"
    elif join == "from":
        text = f"from {start.text} to {end.text}"
    else:
        text = f"{start.text}{join}{end.text}"
    return Phrase(text, start.earliest, end.latest, kind="range")


@st.composite
def week_phrase(draw: st.DrawFn) -> Phrase:
    """A week named by its first or last day: 'w/c 14/09/2026', 'Week ending 20 Sept 2026'."""
    day = draw(day_phrase())
    starts = draw(st.booleans())
    word = draw(st.sampled_from(WEEK_STARTS if starts else WEEK_ENDS))
    gap = draw(st.sampled_from([" ", "  ", ": "])) if word[-1].isalpha() else " "
    first = day.earliest if starts else day.earliest - dt.timedelta(days=6)
    text = f"{draw(cased(word))}{gap}{day.text}"
    return Phrase(text, first, first + dt.timedelta(days=6), kind="week")


@st.composite
def phrases(draw: st.DrawFn) -> Phrase:
    """Any date reviewkit reads: one date, a range or a week, possibly marked approximate."""
    phrase = draw(st.one_of(SINGLES, SINGLES, range_phrase(), week_phrase()))
    marker = draw(st.sampled_from(["", "", "", "?end", *MARKERS]))
    if marker == "?end":
        return phrase._replace(text=phrase.text + "?", approximate=True)
    if marker:
        return phrase._replace(text=draw(cased(marker)) + phrase.text, approximate=True)
    return phrase


# --- parsing, ordering, printing -------------------------------------------------------------


@FAST
@given(phrases())
def test_every_generated_phrase_parses_to_the_days_it_means(phrase: Phrase) -> None:
    date = parse_date(phrase.text)
    assert (date.earliest, date.latest) == (phrase.earliest, phrase.latest), phrase.text
    assert date.approximate == phrase.approximate
    assert date.text == " ".join(phrase.text.split())


@FAST
@given(st.lists(phrases(), min_size=2, max_size=8), st.randoms(use_true_random=False))
def test_dates_sort_by_their_range_whatever_order_they_come_in(
    generated: list[Phrase], shuffle: random.Random
) -> None:
    dates = [parse_date(p.text) for p in generated]
    in_order = sorted(dates)
    mixed = list(dates)
    shuffle.shuffle(mixed)
    assert sorted(mixed) == in_order
    for a, b in zip(in_order, in_order[1:], strict=False):
        # By the middle of each span (twice it, to stay whole), then the narrower first.
        assert (a.earliest.toordinal() + a.latest.toordinal(), a.span_days) <= (
            b.earliest.toordinal() + b.latest.toordinal(),
            b.span_days,
        )
        assert not b.is_before(a)
    for a in dates:
        for b in dates:
            assert (a < b) == (a.sort_key < b.sort_key)
            if a.is_before(b):
                assert a < b and b > a


@FAST
@given(phrases())
def test_a_date_prints_back_as_text_that_reads_as_the_same_date(phrase: Phrase) -> None:
    date = parse_date(phrase.text)
    assert parse_date(str(date)) == date
    again = parse_date(date.prose)
    assert (again.earliest, again.latest) == (date.earliest, date.latest), date.prose


# --- finding dates in running text -----------------------------------------------------------

BEFORE = ("", "Seen ", "The visit on ", "(", "Notes: ", "she said that, ")
AFTER = ("", ".", " and then", ")", ", then", "; later")


@FAST
@given(phrases(), st.sampled_from(BEFORE), st.sampled_from(AFTER))
def test_every_date_the_parser_reads_is_found_in_running_text(
    phrase: Phrase, before: str, after: str
) -> None:
    text = before + phrase.text + after
    lo, hi = len(before), len(before) + len(phrase.text)
    found = [
        (m.start, m.end, m.date.earliest, m.date.latest)
        for m in find_dates(text)
        if m.date is not None
    ]
    assert any(
        lo <= start and end <= hi and (first, last) == (phrase.earliest, phrase.latest)
        for start, end, first, last in found
    ), (text, found)


# --- anonymise --dates shift -------------------------------------------------------------------

CASE = """\
review:
  title: A review
  partnership: Northvale Safeguarding Children Partnership
  dates:
    incident: 2031-05-01
  background: |
{background}
people:
  - id: child
    name: Child A
    role: child
    subject: true
    dob: 2003-03-04
agencies:
  - id: hv
    name: Northvale Health Visiting
    type: health-visiting
events:
  - date: 2031-01-01
    agency: hv
    type: contact
    summary: A contact.
    details: |
{details}
"""
OFFSET_DAYS = -7 * 1500  # about 29 years: no generated year (2005-2030) can be moved onto another


def _indented(lines: list[str], by: int) -> str:
    return "\n".join(" " * by + line for line in lines)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(phrases(), min_size=1, max_size=6))
def test_anonymise_shift_leaves_no_real_year_in_any_date_form(generated: list[Phrase]) -> None:
    lines = [f"Seen {p.text}, then the family moved." for p in generated]
    text = CASE.format(
        background=_indented(lines[::2], 4), details=_indented(lines[1::2] or ["-"], 6)
    )
    doc = parse_yaml(text, "case.yaml")
    case, problems = check_document(doc)
    assert case is not None, problems
    result = anonymise_document(doc, case, Options(dates="shift", offset_days=OFFSET_DAYS))
    for phrase in generated:
        years = {int(y) for y in re.findall(r"\d{4}", phrase.text)}
        years |= {phrase.earliest.year, phrase.latest.year} if not years else set()
        for year in years:
            assert not re.search(rf"(?<!\d){year}(?!\d)", result.text), (phrase.text, result.text)


def test_the_finder_and_parser_share_one_grammar() -> None:
    # A date form without a place in the finder fails at once, not silently in some text.
    from reviewkit import dates

    assert sorted(f.name for f in dates._FORMS) == sorted(dates._FINDER_ORDER)
    assert isinstance(find_dates("in fall 2019")[0].date, FuzzyDate)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("c.between autumn and 2005", "c.between autumn and 2005"),
        ("Seen Tuesday, the 3rd of March 2019.", "the 3rd of March 2019"),  # wrong weekday
        ("the 2019-20 plan", "2019-20"),
        ("in March. 2019 was hard", "2019"),  # a dot after a whole month ends a sentence
        ("2019 to 2018", "2019"),  # ends before it starts: the years are still dates
    ],
)
def test_hard_cases_of_the_finder(text: str, found: str) -> None:
    first = find_dates(text)[0]
    assert first.text == found
