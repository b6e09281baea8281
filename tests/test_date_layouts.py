"""Dates in every layout agencies' records use are found, read day first and printed back; the
numbers of ordinary prose (scores, fractions, versions, times, sections, sizes) are not dates."""

from __future__ import annotations

import calendar
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reviewkit.anonymise.relative_dates import read_date
from reviewkit.dates import find_dates, in_words, parse_date

from conftest import FIXTURES

D = dt.date
MONTHS = list(calendar.month_name)[1:]


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("23-01-23", D(2023, 1, 23)),
        ("14.02.23", D(2023, 2, 14)),
        ("2024/01/08", D(2024, 1, 8)),
        ("22-Jan-2024", D(2024, 1, 22)),
        ("19-Jul-1990", D(1990, 7, 19)),
        ("3/2/24", D(2024, 2, 3)),
        ("03.02.2024", D(2024, 2, 3)),
        ("Feb 3rd 2024", D(2024, 2, 3)),
        ("3rd of February '24", D(2024, 2, 3)),
        ("the 3rd of February \u201924", D(2024, 2, 3)),
        ("Feb 3rd '24", D(2024, 2, 3)),
        ("3 Feb '24", D(2024, 2, 3)),
    ],
)
def test_every_layout_is_found_in_running_text_and_read_day_first(written: str, day: D) -> None:
    text = f"Mother said that on {written} the baby had a bruise."
    found = find_dates(text, yearless=True)
    assert [(f.text, f.date) for f in found] == [(written, parse_date(written))]
    assert parse_date(written).earliest == parse_date(written).latest == day


def test_a_day_and_month_alone_is_a_date_after_a_word_that_introduces_one() -> None:
    text = "Seen on 14/3 and again from 20/3 to 27/3; the plan was dated 2/4."
    found = find_dates(text, yearless=True)
    assert [(f.text, f.yearless) for f in found] == [
        ("14/3", True),
        ("20/3 to 27/3", True),
        ("2/4", True),
    ]
    # The year comes from the record, as for "14 March".
    context = parse_date("2024-03-30")
    assert read_date("14/3", context=context) == parse_date("14/3 2024")
    assert read_date("14/3", context=context).earliest == D(2024, 3, 14)  # type: ignore[union-attr]
    span = read_date("20/3 to 27/3", context=context)
    assert span is not None and (span.earliest, span.latest) == (D(2024, 3, 20), D(2024, 3, 27))


@pytest.mark.parametrize(
    "prose",
    [
        "She scored 3/4 of the questions right and 14/3 in the game.",
        "On 3/4 of the visits nobody answered; about 2/3 of them were unannounced.",
        "The team moved from 2 to 3/4 of a post.",
        "Use version v2.1 of the form, or 2.1.3 if it has been updated.",
        "The visit started at 14.30 and ended at 15.45; the call was at 9.05.",
        "See section 5.1 and paragraphs 3.2 to 3.4 of the procedure.",
        "Clothes were size 10/12, shoes size 5.5, and the cot was 60/120 cm.",
        "The ratio was 1:3; the score was 14-3; she weighed 7.2 kg at birth.",
        "Form 14/3a was used; the flat is 3/2 Mill Court.",
        "Risk was rated 3/10 and the home conditions 2 out of 5.",
    ],
)
def test_numbers_in_ordinary_prose_are_not_dates(prose: str) -> None:
    assert find_dates(prose, yearless=True) == []


@st.composite
def days(draw: st.DrawFn) -> D:
    return draw(st.dates(min_value=D(1970, 1, 1), max_value=D(2069, 12, 31)))


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


@given(day=days(), layout=st.integers(0, 7), dot=st.sampled_from(["/", ".", "-"]))
@settings(max_examples=200, deadline=None)
def test_new_layouts_parse_print_back_and_are_found(day: D, layout: int, dot: str) -> None:
    short = f"{day.year % 100:02d}"
    month = MONTHS[day.month - 1]
    written = [
        f"{day.day:02d}{dot}{day.month:02d}{dot}{short}",
        f"{day.day}{dot}{day.month}{dot}{day.year}",
        f"{day.year}{dot}{day.month:02d}{dot}{day.day:02d}",
        f"{day.day}-{month[:3]}-{day.year}",
        f"{_ordinal(day.day)} of {month} '{short}",
        f"{month[:3]} {_ordinal(day.day)} '{short}",
        f"{month} {_ordinal(day.day)} {day.year}",
        f"the {_ordinal(day.day)} of {month[:3]} \u2019{short}",
    ][layout]
    date = parse_date(written)
    assert (date.earliest, date.latest, date.precision) == (day, day, "day")
    # Printed back in words, it reads as the same day.
    assert parse_date(in_words(date)).earliest == day
    found = find_dates(f"Seen on {written}, at home.", yearless=True)
    assert [(f.text, f.date) for f in found] == [(written, date)]


@given(day=days())
@settings(max_examples=100, deadline=None)
def test_a_day_and_month_alone_takes_the_records_year(day: D) -> None:
    context = parse_date(day.isoformat())
    text = f"Seen on {day.day}/{day.month}."
    (found,) = find_dates(text, yearless=True)
    assert found.yearless and found.date is None
    date = read_date(found.text, context=context)
    assert date is not None and date.earliest == day


@pytest.mark.parametrize(
    "written", ["19-Jul-2021", "3rd of February '21", "Feb 3rd '21", "03.02.21", "2021/02/03"]
)
def test_the_anonymiser_and_the_scan_get_every_layout(written: str, tmp_path: Path) -> None:
    from reviewkit.anonymise.relative_dates import Timeframe
    from reviewkit.anonymise.scan import scan_files
    from reviewkit.casefile import load_case

    timeframe = Timeframe(mode="shift", offset_days=-364)
    new, changed = timeframe.rewrite(f"Seen on {written} at home.")
    assert written not in new and [old for old, _ in changed] == [f"on {written}"]
    # Child J of the fixture was born on 3 February 2021: written so, it is a date of birth.
    if "Jul" not in written:
        text = tmp_path / "notes.txt"
        text.write_text(f"Seen on {written} at home.\n", encoding="utf-8")
        case = load_case(FIXTURES / "anon-case.yaml", report_names=False).case
        report = scan_files([text], case)
        assert [hit.what for hit in report.hits] == ["Child J: date of birth"]
