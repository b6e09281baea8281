"""Tests for reviewkit.dates: every written form, errors, ordering, ages and intervals."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from pydantic import BaseModel, ValidationError

from reviewkit.dates import (
    PRECISIONS,
    DateError,
    FuzzyDate,
    age_bounds,
    age_consistent,
    find_dates,
    format_age,
    format_interval,
    gap_days,
    in_words,
    parse_age,
    parse_date,
)

D = dt.date
EXAMPLES = (
    "write it like 2019-03-14, 14/03/2019, March 2019, early March 2019, autumn 2019, 2019, "
    "c. March 2019 or 2019-03-01 to 2019-04-15"
)
AGE_EXAMPLES = (
    "write it like 3 years, 3 years 2 months, 17 months, 7 weeks, 10 days or about 3 years"
)

MARCH_14 = (D(2019, 3, 14), D(2019, 3, 14), "day")
MARCH = (D(2019, 3, 1), D(2019, 3, 31), "month")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # exact days
        ("2019-03-14", MARCH_14),
        ("14/03/2019", MARCH_14),
        ("14/3/2019", MARCH_14),
        ("14.03.2019", MARCH_14),
        ("14-03-2019", MARCH_14),
        ("14/03/19", MARCH_14),
        ("2019/03/14", MARCH_14),
        ("14 March 2019", MARCH_14),
        ("14th March 2019", MARCH_14),
        ("14TH MARCH 2019", MARCH_14),
        ("14 Mar 2019", MARCH_14),
        ("14 Mar. 2019", MARCH_14),
        ("14-Mar-2019", MARCH_14),
        ("14-Mar-19", MARCH_14),
        ("14th of March 2019", MARCH_14),
        ("14 March, 2019", MARCH_14),
        ("March 14, 2019", MARCH_14),
        ("March 14th 2019", MARCH_14),
        ("Thursday 14 March 2019", MARCH_14),
        ("Thursday, 14th March 2019", MARCH_14),
        ("Thu 14 March 2019", MARCH_14),
        ("Thursday, March 14, 2019", MARCH_14),
        ("1st March 2019", (D(2019, 3, 1), D(2019, 3, 1), "day")),
        ("2nd March 2019", (D(2019, 3, 2), D(2019, 3, 2), "day")),
        ("3rd March 2019", (D(2019, 3, 3), D(2019, 3, 3), "day")),
        ("29/02/2020", (D(2020, 2, 29), D(2020, 2, 29), "day")),
        ("29 February 2000", (D(2000, 2, 29), D(2000, 2, 29), "day")),
        ("1 Sept 2019", (D(2019, 9, 1), D(2019, 9, 1), "day")),
        # months
        ("2019-03", MARCH),
        ("March 2019", MARCH),
        ("march 2019", MARCH),
        ("Mar 2019", MARCH),
        ("03/2019", MARCH),
        ("3/2019", MARCH),
        ("February 2020", (D(2020, 2, 1), D(2020, 2, 29), "month")),
        ("February 2019", (D(2019, 2, 1), D(2019, 2, 28), "month")),
        # parts of a month
        ("early March 2019", (D(2019, 3, 1), D(2019, 3, 10), "part-month")),
        ("beginning of March 2019", (D(2019, 3, 1), D(2019, 3, 10), "part-month")),
        ("start of March 2019", (D(2019, 3, 1), D(2019, 3, 10), "part-month")),
        ("the start of March 2019", (D(2019, 3, 1), D(2019, 3, 10), "part-month")),
        ("mid-March 2019", (D(2019, 3, 11), D(2019, 3, 20), "part-month")),
        ("mid March 2019", (D(2019, 3, 11), D(2019, 3, 20), "part-month")),
        ("middle of March 2019", (D(2019, 3, 11), D(2019, 3, 20), "part-month")),
        ("late March 2019", (D(2019, 3, 21), D(2019, 3, 31), "part-month")),
        ("end of March 2019", (D(2019, 3, 21), D(2019, 3, 31), "part-month")),
        ("late February 2020", (D(2020, 2, 21), D(2020, 2, 29), "part-month")),
        ("end of February 2019", (D(2019, 2, 21), D(2019, 2, 28), "part-month")),
        ("late April 2019", (D(2019, 4, 21), D(2019, 4, 30), "part-month")),
        # seasons (winter is named by the year it starts in)
        ("spring 2019", (D(2019, 3, 1), D(2019, 5, 31), "season")),
        ("Summer 2019", (D(2019, 6, 1), D(2019, 8, 31), "season")),
        ("autumn 2019", (D(2019, 9, 1), D(2019, 11, 30), "season")),
        ("fall 2019", (D(2019, 9, 1), D(2019, 11, 30), "season")),
        ("the autumn of 2019", (D(2019, 9, 1), D(2019, 11, 30), "season")),
        ("winter 2019", (D(2019, 12, 1), D(2020, 2, 29), "season")),
        ("winter 2019/20", (D(2019, 12, 1), D(2020, 2, 29), "season")),
        ("winter 2019/2020", (D(2019, 12, 1), D(2020, 2, 29), "season")),
        ("winter 2020/21", (D(2020, 12, 1), D(2021, 2, 28), "season")),
        ("winter 1999/00", (D(1999, 12, 1), D(2000, 2, 29), "season")),
        # years, parts of years and quarters
        ("2019", (D(2019, 1, 1), D(2019, 12, 31), "year")),
        ("early 2019", (D(2019, 1, 1), D(2019, 4, 30), "season")),
        ("start of 2019", (D(2019, 1, 1), D(2019, 4, 30), "season")),
        ("mid-2019", (D(2019, 5, 1), D(2019, 8, 31), "season")),
        ("mid 2019", (D(2019, 5, 1), D(2019, 8, 31), "season")),
        ("late 2019", (D(2019, 9, 1), D(2019, 12, 31), "season")),
        ("end of 2019", (D(2019, 9, 1), D(2019, 12, 31), "season")),
        ("Q1 2019", (D(2019, 1, 1), D(2019, 3, 31), "season")),
        ("Q2 2019", (D(2019, 4, 1), D(2019, 6, 30), "season")),
        ("q3 2019", (D(2019, 7, 1), D(2019, 9, 30), "season")),
        ("2019 Q4", (D(2019, 10, 1), D(2019, 12, 31), "season")),
        # ranges
        ("2019-03-01 to 2019-04-15", (D(2019, 3, 1), D(2019, 4, 15), "range")),
        ("1 March 2019 - 15 April 2019", (D(2019, 3, 1), D(2019, 4, 15), "range")),
        ("1 March 2019 \u2013 15 April 2019", (D(2019, 3, 1), D(2019, 4, 15), "range")),
        ("1 March 2019\u201415 April 2019", (D(2019, 3, 1), D(2019, 4, 15), "range")),
        ("2019-03-01\u20132019-04-15", (D(2019, 3, 1), D(2019, 4, 15), "range")),
        ("1 March - 15 April 2019", (D(2019, 3, 1), D(2019, 4, 15), "range")),
        ("from 1 March to 15 April 2019", (D(2019, 3, 1), D(2019, 4, 15), "range")),
        ("between March and May 2019", (D(2019, 3, 1), D(2019, 5, 31), "range")),
        ("between 3 and 7 March 2019", (D(2019, 3, 3), D(2019, 3, 7), "range")),
        ("between 3rd and 7th March 2019", (D(2019, 3, 3), D(2019, 3, 7), "range")),
        ("March to May 2019", (D(2019, 3, 1), D(2019, 5, 31), "range")),
        ("March-May 2019", (D(2019, 3, 1), D(2019, 5, 31), "range")),
        ("Sept 2018-Jan 2019", (D(2018, 9, 1), D(2019, 1, 31), "range")),
        ("14-16 March 2019", (D(2019, 3, 14), D(2019, 3, 16), "range")),
        ("14\u201316 March 2019", (D(2019, 3, 14), D(2019, 3, 16), "range")),
        ("September 2018 to December 2019", (D(2018, 9, 1), D(2019, 12, 31), "range")),
        ("2018-2019", (D(2018, 1, 1), D(2019, 12, 31), "range")),
        ("spring-summer 2019", (D(2019, 3, 1), D(2019, 8, 31), "range")),
        ("autumn to winter 2019", (D(2019, 9, 1), D(2020, 2, 29), "range")),
        ("mid to late March 2019", (D(2019, 3, 11), D(2019, 3, 31), "range")),
        ("Q1 to Q3 2019", (D(2019, 1, 1), D(2019, 9, 30), "range")),
        ("Monday 11 March to Friday 15 March 2019", (D(2019, 3, 11), D(2019, 3, 15), "range")),
        ("14 March 2019 to 14 March 2019", (D(2019, 3, 14), D(2019, 3, 14), "range")),
        ("March 2019 to 14 March 2019", (D(2019, 3, 1), D(2019, 3, 14), "range")),
    ],
)
def test_forms_parse_to_their_bounds(text: str, expected: tuple[D, D, str]) -> None:
    parsed = parse_date(text)
    assert (parsed.earliest, parsed.latest, parsed.precision) == expected
    assert parsed.approximate is False
    assert parsed.text == text
    assert str(parsed) == text
    assert parsed.precision in PRECISIONS


@pytest.mark.parametrize(
    ("text", "earliest", "latest", "precision"),
    [
        ("c. March 2019", D(2019, 3, 1), D(2019, 3, 31), "month"),
        ("c March 2019", D(2019, 3, 1), D(2019, 3, 31), "month"),
        ("c.2019", D(2019, 1, 1), D(2019, 12, 31), "year"),
        ("ca. 2019", D(2019, 1, 1), D(2019, 12, 31), "year"),
        ("circa 2019", D(2019, 1, 1), D(2019, 12, 31), "year"),
        ("Circa spring 2019", D(2019, 3, 1), D(2019, 5, 31), "season"),
        ("approx. mid-March 2019", D(2019, 3, 11), D(2019, 3, 20), "part-month"),
        ("approx 14/03/2019", D(2019, 3, 14), D(2019, 3, 14), "day"),
        ("approximately 14 March 2019", D(2019, 3, 14), D(2019, 3, 14), "day"),
        ("about 2019", D(2019, 1, 1), D(2019, 12, 31), "year"),
        ("around October 2019", D(2019, 10, 1), D(2019, 10, 31), "month"),
        ("?2019-03-14", D(2019, 3, 14), D(2019, 3, 14), "day"),
        ("? March 2019", D(2019, 3, 1), D(2019, 3, 31), "month"),
        ("March 2019?", D(2019, 3, 1), D(2019, 3, 31), "month"),
        ("c. March to May 2019", D(2019, 3, 1), D(2019, 5, 31), "range"),
        ("March to c. May 2019", D(2019, 3, 1), D(2019, 5, 31), "range"),
        ("c. 1 March 2019 to 15 April 2019", D(2019, 3, 1), D(2019, 4, 15), "range"),
        ("between c. 3 and 7 March 2019", D(2019, 3, 3), D(2019, 3, 7), "range"),
    ],
)
def test_approximate_dates_keep_the_bounds_of_the_rest(
    text: str, earliest: D, latest: D, precision: str
) -> None:
    parsed = parse_date(text)
    assert parsed == FuzzyDate(text, earliest, latest, precision, approximate=True)
    assert parsed.exact is False


@pytest.mark.parametrize(
    ("written", "year"),
    [("14/03/00", 2000), ("14/03/19", 2019), ("14/03/69", 2069), ("14/03/70", 1970)],
)
def test_two_digit_years_pivot_at_70(written: str, year: int) -> None:
    assert parse_date(written).earliest == D(year, 3, 14)


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("  14   March  2019 ", "14 March 2019"),
        ("14\tMarch\n2019", "14 March 2019"),
        ("c.  March\u00a02019", "c. March 2019"),
    ],
)
def test_text_keeps_the_writing_with_whitespace_normalised(text: str, normalised: str) -> None:
    parsed = parse_date(text)
    assert parsed.text == normalised
    assert parsed.earliest.month == 3


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2019, FuzzyDate("2019", D(2019, 1, 1), D(2019, 12, 31), "year")),
        (D(2019, 3, 14), FuzzyDate("2019-03-14", D(2019, 3, 14), D(2019, 3, 14), "day")),
        (
            dt.datetime(2019, 3, 14, 9, 30),
            FuzzyDate("2019-03-14", D(2019, 3, 14), D(2019, 3, 14), "day"),
        ),
    ],
)
def test_non_text_values(value: object, expected: FuzzyDate) -> None:
    assert parse_date(value) == expected


def test_a_fuzzy_date_passes_through_unchanged() -> None:
    parsed = parse_date("early March 2019")
    assert parse_date(parsed) is parsed


def test_date_object_and_iso_text_are_equal() -> None:
    assert parse_date(D(2019, 3, 14)) == parse_date("2019-03-14")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31/02/2020", "'31/02/2020' is not a date: February 2020 has 29 days"),
        ("29/02/2019", "'29/02/2019' is not a date: February 2019 has 28 days"),
        ("29/02/1900", "'29/02/1900' is not a date: February 1900 has 28 days"),
        ("31 April 2019", "'31 April 2019' is not a date: April 2019 has 30 days"),
        ("2019-02-30", "'2019-02-30' is not a date: February 2019 has 28 days"),
        ("00/03/2019", "'00/03/2019' is not a date: day 0 does not exist"),
        ("31/13/2019", "'31/13/2019' is not a date: month 13 does not exist"),
        ("2019-13-01", "'2019-13-01' is not a date: month 13 does not exist"),
        ("2019-13", "'2019-13' is not a date: month 13 does not exist"),
        ("13/2019", "'13/2019' is not a date: month 13 does not exist"),
        (
            "03/14/2019",
            "'03/14/2019' is not a date: month 14 does not exist; "
            "dates are read day first (DD/MM/YYYY)",
        ),
        (
            "12/25/19",
            "'12/25/19' is not a date: month 25 does not exist; "
            "dates are read day first (DD/MM/YYYY)",
        ),
        (
            "2018-19",
            "'2018-19' is not a date: month 19 does not exist; "
            "write a span of years as 2018 to 2019",
        ),
        (
            "Friday 14 March 2019",
            "'Friday 14 March 2019' is not a date: 14 March 2019 was a Thursday",
        ),
        (
            "Monday, March 14, 2019",
            "'Monday, March 14, 2019' is not a date: 14 March 2019 was a Thursday",
        ),
        (
            "2019-04-15 to 2019-03-01",
            "'2019-04-15 to 2019-03-01' ends before it starts",
        ),
        ("May to March 2019", "'May to March 2019' ends before it starts"),
        ("16-14 March 2019", "'16-14 March 2019' ends before it starts"),
        (
            "1 March 2019 to 31 February 2020",
            "'1 March 2019 to 31 February 2020' is not a date: February 2020 has 29 days",
        ),
        ("autumn 2019/20", "'autumn 2019/20' is not a date: only a winter spans two years"),
        (
            "winter 2019/21",
            "'winter 2019/21' is not a date: winter 2019/21 is not two years in a row; "
            "write winter 2019/20",
        ),
        ("0019", "'0019' is not a date: year 0019 is out of range (1900 to 2100)"),
        ("", f"the date is empty; {EXAMPLES}"),
        ("   ", f"the date is empty; {EXAMPLES}"),
        ("blah", f"'blah' is not a date reviewkit understands; {EXAMPLES}"),
        ("14 March", f"'14 March' is not a date reviewkit understands; {EXAMPLES}"),
        ("c.", f"'c.' is not a date reviewkit understands; {EXAMPLES}"),
        ("20190314", f"'20190314' is not a date reviewkit understands; {EXAMPLES}"),
        (
            "Thursday March 2019",
            f"'Thursday March 2019' is not a date reviewkit understands; {EXAMPLES}",
        ),
        ("3 to March 2019", f"'3 to March 2019' is not a date reviewkit understands; {EXAMPLES}"),
    ],
)
def test_error_messages(text: str, message: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(text)
    assert str(caught.value) == message


def test_none_is_an_empty_date_and_date_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="^the date is empty; "):
        parse_date(None)


def test_a_mixed_chronology_sorts_by_the_middle_of_each_date() -> None:
    written = [
        "14/03/2019",
        "spring 2019",
        "2019-03-01 to 2019-04-15",
        "c. March 2019",
        "March 2019",
        "early March 2019",
        "2019-03-01",
        "2019",
        "Q1 2019",
        "2018-12-31",
        "winter 2018",
    ]
    # By the middle of each span: "2019" is mid-2019, "early March" (1-10 March) the 5th.
    expected = [
        "2018-12-31",
        "winter 2018",
        "Q1 2019",
        "2019-03-01",
        "early March 2019",
        "14/03/2019",
        "March 2019",
        "c. March 2019",
        "2019-03-01 to 2019-04-15",
        "spring 2019",
        "2019",
    ]
    dates = [parse_date(text) for text in written]
    assert [d.text for d in sorted(dates, key=lambda d: d.sort_key)] == expected
    assert [d.text for d in sorted(dates)] == expected
    assert [d.text for d in sorted(reversed(dates))] == expected


def test_comparisons_follow_sort_key() -> None:
    march, day = parse_date("March 2019"), parse_date("2019-03-20")  # March's middle: the 16th
    assert march < day
    assert march <= day
    assert day > march
    assert day >= march
    assert march <= parse_date("March 2019")
    assert not march < parse_date("March 2019")
    with pytest.raises(TypeError):
        _ = march < D(2019, 3, 1)


def test_helpers() -> None:
    march = parse_date("March 2019")
    assert march.contains(D(2019, 3, 31))
    assert not march.contains(D(2019, 4, 1))
    assert march.contains(parse_date("mid-March 2019"))
    assert not march.contains(parse_date("spring 2019"))
    assert march.overlaps(parse_date("spring 2019"))
    assert march.overlaps(parse_date("2019-03-31"))
    assert not march.overlaps(parse_date("April 2019"))
    assert march.midpoint == D(2019, 3, 16)
    assert parse_date("2019-03-14").midpoint == D(2019, 3, 14)
    assert parse_date("2019").midpoint == D(2019, 7, 2)
    assert march.span_days == 31
    assert parse_date("2019-03-14").span_days == 1
    assert march.is_before(parse_date("April 2019"))
    assert not march.is_before(parse_date("2019-03-31"))
    assert not march.is_before(parse_date("spring 2019"))
    assert parse_date("April 2019").is_after(march)
    assert not parse_date("spring 2019").is_after(march)


def test_fuzzy_dates_are_hashable_and_frozen() -> None:
    assert len({parse_date("March 2019"), parse_date("March 2019"), parse_date("c. 2019")}) == 2
    with pytest.raises(AttributeError):
        parse_date("2019").text = "2020"  # type: ignore[misc]


# --- ages ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dob", "when", "age"),
    [
        ("2019-03-01", "2019-03-01", "0 days"),
        ("2019-03-01", "2019-03-02", "1 day"),
        ("2019-03-01", "2019-03-14", "13 days"),
        ("2019-03-01", "2019-03-15", "2 weeks"),
        ("2019-03-01", "2019-03-21", "2 weeks"),
        ("2019-03-01", "2019-03-22", "3 weeks"),
        ("2019-03-01", "2019-04-25", "7 weeks"),
        ("2019-03-01", "2019-04-26", "8 weeks"),
        ("2019-03-01", "2019-05-01", "8 weeks"),
        ("2019-03-01", "2019-06-01", "3 months"),
        ("2019-03-01", "2020-02-29", "11 months"),
        ("2019-03-01", "2020-03-01", "12 months"),
        ("2019-03-01", "2021-02-28", "23 months"),
        ("2019-03-01", "2021-03-01", "2 years"),
        ("2019-03-01", "2021-04-01", "2 years 1 month"),
        ("2019-03-01", "2022-09-15", "3 years 6 months"),
        ("2005-06-15", "2021-06-14", "15 years 11 months"),
        # month ends and leap days count in calendar months, not days / 30
        ("2019-01-31", "2019-02-28", "4 weeks"),
        ("2019-01-31", "2019-04-30", "12 weeks"),
        ("2019-01-31", "2019-05-01", "3 months"),
        ("2020-02-29", "2021-02-28", "11 months"),
        ("2020-02-29", "2021-03-01", "12 months"),
        ("2020-02-29", "2022-02-28", "23 months"),
        ("2020-02-29", "2022-03-01", "2 years"),
        # before and around birth
        ("2019-03-01", "2019-02-28", "unborn"),
        ("March 2019", "February 2019", "unborn"),
        ("March 2019", "2019-03-20", "around birth"),
        ("2019-03-14", "2019", "around birth"),
        # uncertain dates give the youngest and oldest
        ("March 2019", "2019-09-15", "5 to 6 months"),
        ("2019-03-01", "early March 2019", "0 to 9 days"),
        ("2019-03-01", "late March 2019", "2 to 4 weeks"),
        ("2019-03-01", "April 2019", "4 to 8 weeks"),
        ("2019", "2025-01-01", "5 to 6 years"),
        ("2019", "2025", "5 years to 6 years 11 months"),
        ("2019-03-01", "June 2019", "3 months"),
        # approximate dates say so
        ("c. 2019-03-14", "2019-09-20", "about 6 months"),
        ("2019-03-01", "?2019-03-08", "about 7 days"),
        ("c. March 2019", "2019-09-15", "about 5 to 6 months"),
    ],
)
def test_format_age(dob: str, when: str, age: str) -> None:
    assert format_age(parse_date(dob), parse_date(when)) == age


@pytest.mark.parametrize(
    ("dob", "when", "bounds"),
    [
        ("2019-03-01", "2019-03-15", (14, 14)),
        ("March 2019", "2019-09-15", (168, 198)),
        ("2019-03-01", "2019-02-28", (-1, -1)),
        ("March 2019", "2019-03-20", (-11, 19)),
    ],
)
def test_age_bounds(dob: str, when: str, bounds: tuple[int, int]) -> None:
    assert age_bounds(parse_date(dob), parse_date(when)) == bounds


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("10 days", (10, 10)),
        ("1 day", (1, 1)),
        ("7 weeks", (49, 55)),
        ("2 weeks 3 days", (17, 17)),
        ("1 month", (28, 61)),
        ("2", (730, 1095)),
        ("2 years", (730, 1095)),
        ("3 years", (1095, 1460)),
        ("newborn", (0, 27)),
        ("about 7 weeks", (45, 59)),
        ("about 10 days", (9, 11)),
    ],
)
def test_parse_age(text: str, days: tuple[int, int]) -> None:
    assert parse_age(text) == days


@pytest.mark.parametrize(
    ("text", "same_as"),
    [
        ("3y 2m", "3 years 2 months"),
        ("3 years, 2 months", "3 years 2 months"),
        ("3 years and 2 months", "3 years 2 months"),
        ("3 Years 2 Months", "3 years 2 months"),
        ("aged 18 months old", "18 months"),
        ("18 mths", "18 months"),
        ("3 yrs", "3 years"),
        ("1 yr", "1 year"),
        ("c. 3 years", "about 3 years"),
        ("approx. 3 years", "about 3 years"),
        ("aged about 3 years", "about 3 years"),
    ],
)
def test_parse_age_spellings(text: str, same_as: str) -> None:
    assert parse_age(text) == parse_age(same_as)


def test_parse_age_about_widens_by_half_the_unit() -> None:
    assert parse_age("about 3 years") == (
        parse_age("2 years 6 months")[0],
        parse_age("4 years 5 months")[1],
    )
    assert parse_age("about 17 months") == (parse_age("16 months")[0], parse_age("18 months")[1])
    low, high = parse_age("17 months")
    assert 17 * 28 < low < high < 18 * 31


@pytest.mark.parametrize(
    "text", ["three years", "", "3 fortnights", "years", "3.5 years", "131 years", "9999 months"]
)
def test_parse_age_errors(text: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_age(text)
    assert str(caught.value) == f"'{text}' is not an age reviewkit understands; {AGE_EXAMPLES}"


@pytest.mark.parametrize(
    ("dob", "when", "text", "consistent"),
    [
        ("2019-03-01", "2022-03-01", "3 years", True),
        ("2019-03-01", "2022-03-01", "3", True),
        ("2019-03-01", "2022-03-01", "36 months", True),
        ("2019-03-01", "2022-03-01", "3 years 0 months", True),
        ("2019-03-01", "2022-03-01", "35 months", False),
        ("2019-03-01", "2022-03-01", "2 years", False),
        ("2019-03-01", "2022-03-01", "about 3 years", True),
        ("2019-03-01", "2022-02-28", "3 years", False),
        ("2019-03-01", "2022-02-28", "2 years 11 months", True),
        ("2019-03-01", "2022-02-28", "2", True),
        ("2019-03-01", "2022-02-28", "about 3 years", True),
        ("2019-03-01", "2023-02-28", "3 years", True),
        ("2019-03-01", "2023-03-01", "3 years", False),
        ("2019-03-01", "2023-03-01", "about 3 years", True),
        ("2019-03-01", "2023-09-01", "about 3 years", False),
        ("2019-03-01", "2019-04-19", "7 weeks", True),
        ("2019-03-01", "2019-04-19", "6 weeks", False),
        ("2019-03-01", "2019-04-19", "49 days", True),
        ("2019-03-01", "2019-04-19", "50 days", False),
        ("2019-03-01", "2019-04-19", "about 6 weeks", True),
        ("2019-03-01", "2019-03-20", "newborn", True),
        ("2019-03-01", "2019-04-15", "newborn", False),
        ("2019-03-01", "2019-01-10", "unborn", True),
        ("2019-03-01", "2019-01-10", "3 months", False),
        ("2019-03-01", "2019-06-01", "unborn", False),
        # an uncertain birth date or event date widens what can be right
        ("2019", "2022-06-01", "3 years", True),
        ("2019", "2022-06-01", "2 years", True),
        ("2019", "2022-06-01", "4 years", False),
        ("2019", "2022-06-01", "2 years 5 months", True),
        ("2019", "2022-06-01", "2 years 4 months", False),
        ("2019-03-01", "spring 2022", "3 years 2 months", True),
        ("2019-03-01", "spring 2022", "3 years 3 months", False),
        ("2019-03-01", "spring 2022", "2 years 11 months", False),
    ],
)
def test_age_consistent(dob: str, when: str, text: str, consistent: bool) -> None:
    assert age_consistent(parse_date(dob), parse_date(when), text) is consistent


# --- intervals -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "interval"),
    [
        ("2019-03-01", "2019-03-01", "0 days"),
        ("2019-03-01", "2019-03-02", "1 day"),
        ("2019-03-01", "2019-03-04", "3 days"),
        ("2019-03-01", "2019-03-15", "2 weeks"),
        ("2019-03-01", "2019-04-25", "7 weeks"),
        ("2019-03-01", "2019-04-26", "8 weeks"),
        ("2019-03-01", "2019-12-25", "9 months"),
        ("2019-03-01", "2020-03-01", "1 year"),
        ("2019-03-01", "2020-05-01", "1 year 2 months"),
        ("2019-03-01", "2022-04-01", "3 years 1 month"),
        ("2020-05-01", "2019-03-01", "1 year 2 months"),
        ("March 2019", "July 2019", "about 4 months"),
        ("2019", "2021", "about 2 years"),
        ("c. 2019-03-01", "2019-03-04", "about 3 days"),
        ("c. 2019-03-01", "2019-03-01", "about 0 days"),
        ("March 2019", "2019-03-20", "up to 2 weeks"),
        ("2019-03-20", "March 2019", "up to 2 weeks"),
        ("March 2019", "spring 2019", "up to 13 weeks"),
    ],
)
def test_format_interval(a: str, b: str, interval: str) -> None:
    assert format_interval(parse_date(a), parse_date(b)) == interval


@pytest.mark.parametrize(
    ("a", "b", "days"),
    [
        ("2019-03-01", "2019-03-04", 3),
        ("March 2019", "May 2019", 31),
        ("March 2019", "2019-03-20", 0),
        ("2019-03-10", "2019-03-01", 0),
        ("2019-03-01 to 2019-03-05", "14-16 March 2019", 9),
    ],
)
def test_gap_days(a: str, b: str, days: int) -> None:
    assert gap_days(parse_date(a), parse_date(b)) == days


# --- integration -----------------------------------------------------------------------------


class _Event(BaseModel):
    date: FuzzyDate


def test_pydantic_field_parses_and_dumps_the_text() -> None:
    event = _Event.model_validate({"date": "c. March 2019"})
    assert event.date == parse_date("c. March 2019")
    assert event.model_dump() == {"date": "c. March 2019"}
    assert event.model_dump_json() == '{"date":"c. March 2019"}'
    assert _Event.model_validate({"date": D(2019, 3, 14)}).date.text == "2019-03-14"
    assert _Event.model_validate({"date": 2019}).date.precision == "year"


def test_pydantic_field_reports_the_date_error() -> None:
    with pytest.raises(ValidationError) as caught:
        _Event.model_validate({"date": "31/02/2020"})
    assert "'31/02/2020' is not a date: February 2020 has 29 days" in str(caught.value)


def test_the_module_imports_no_cli_libraries() -> None:
    code = "import sys, reviewkit.dates; print(sorted({'typer', 'rich'} & set(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("written", "prose"),
    [
        ("2024-02-16", "16 February 2024"),
        ("?2024-02-16", "around 16 February 2024"),
        ("16/02/2024", "16 February 2024"),
        ("14/03/19", "14 March 2019"),
        ("2024-02", "February 2024"),
        ("2022-07-11 to 2022-07-25", "11 to 25 July 2022"),
        ("2022-06-28 to 2022-07-25", "28 June to 25 July 2022"),
        ("2021-12-20 to 2022-01-05", "20 December 2021 to 5 January 2022"),
        ("March 2024", "March 2024"),
        ("early March 2019", "early March 2019"),
        ("c. March 2019", "around March 2019"),
        ("2023-05-04 to ?2023-11-03", "4 May 2023 to around 3 November 2023"),
        ("2023-05 to 2023-11", "May to November 2023"),
        ("between May and November 2023", "between May and November 2023"),
        ("mid June 2022", "mid-June 2022"),
        ("end of April 2020", "end of April 2020"),
        ("Q1 2023", "January to March 2023"),
        ("early 2017", "early 2017"),
        ("winter 2023/24", "winter 2023/24"),
        ("Monday 4 March 2024", "4 March 2024"),
        ("2019", "2019"),
    ],
)
def test_prose_prints_every_date_in_words(written: str, prose: str) -> None:
    assert parse_date(written).prose == prose


# --- weeks ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "first", "last"),
    [
        ("w/c 14/09/2026", D(2026, 9, 14), D(2026, 9, 20)),
        ("W/C 14.09.26", D(2026, 9, 14), D(2026, 9, 20)),
        ("week commencing 14 Sept 2026", D(2026, 9, 14), D(2026, 9, 20)),
        ("Week beginning Monday 14 September 2026", D(2026, 9, 14), D(2026, 9, 20)),
        ("w/b 14/09/2026", D(2026, 9, 14), D(2026, 9, 20)),
        ("w/e 20/09/2026", D(2026, 9, 14), D(2026, 9, 20)),
        ("week ending 20 September 2026", D(2026, 9, 14), D(2026, 9, 20)),
        # A week named by a day other than Monday runs seven days from (or to) that day.
        ("w/c 16/09/2026", D(2026, 9, 16), D(2026, 9, 22)),
    ],
)
def test_a_week_named_by_its_first_or_last_day(written: str, first: D, last: D) -> None:
    date = parse_date(written)
    assert (date.earliest, date.latest, date.precision) == (first, last, "range")
    assert date.text == written
    assert not date.approximate
    # Found whole in running text, as the parser reads it.
    (found,) = find_dates(f"Seen in the {written}, with Mother.")
    assert found.text == written and found.date == date


def test_a_week_in_words_and_in_doubt() -> None:
    assert in_words(parse_date("w/c 14/09/2026")) == "14 to 20 September 2026"
    assert in_words(parse_date("w/e 04/10/2026")) == "28 September to 4 October 2026"
    around = parse_date("c. w/c 14/09/2026")
    assert around.approximate and in_words(around) == "around 14 to 20 September 2026"


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("w/c March 2026", "'w/c March 2026' is not a date reviewkit understands"),
        ("w/c 31/02/2026", "'w/c 31/02/2026' is not a date: February 2026 has 28 days"),
        (
            "w/e Thursday 14 September 2026",
            "'w/e Thursday 14 September 2026' is not a date: 14 September 2026 was a Monday",
        ),
    ],
)
def test_a_week_needs_one_real_day(written: str, message: str) -> None:
    with pytest.raises(DateError) as err:
        parse_date(written)
    assert str(err.value).startswith(message)
