"""Anonymised text states only true facts: a date that cannot be told with confidence becomes
neutral words, and an age that the real dates do not give is told truly; each is listed for a
person to check, never guessed."""

from __future__ import annotations

import pytest

from reviewkit.anonymise.relative_dates import Child, Timeframe
from reviewkit.dates import parse_date

from conftest import CopyCase, invoke

DOB = parse_date("2023-01-10")


def frame() -> Timeframe:
    return Timeframe(
        mode="age",
        child=Child("Ruby", DOB),
        born={"Ruby": DOB, "Mason": parse_date("2016-05-01")},
    )


@pytest.mark.parametrize(
    ("text", "context", "told", "reason"),
    [
        # A day that does not exist, in the record's own month: whatever was meant, that month.
        (
            "On 31 February Ruby was seen.",
            "2023-02-15",
            "That month Ruby was seen.",
            "date that does not exist",
        ),
        # ... in another month of the record's year: "earlier that year" is true either way.
        (
            "On 31 February 2023 Ruby was seen.",
            "2023-06-15",
            "Earlier that year Ruby was seen.",
            "date that does not exist",
        ),
        (
            "Seen on 31/11/2023 at home.",
            "2023-06-15",
            "Seen later that year at home.",
            "date that does not exist",
        ),
        # Without a year, and no date to take one from: nothing is guessed.
        (
            "On 12 February Ruby was seen.",
            None,
            "On [date removed] Ruby was seen.",
            "date written without its year, with no date to take the year from",
        ),
        # Without a year, a month other than the record's: either side of it, so removed.
        (
            "Mother said that on 30 February the baby fell.",
            "2023-06-15",
            "Mother said that on [date removed] the baby fell.",
            "date that does not exist",
        ),
        (
            "Ruby was seen by 31 June 2023.",
            "2023-06-20",
            "Ruby was seen by [date removed].",
            "date that does not exist",
        ),
    ],
)
def test_a_date_that_cannot_be_resolved_becomes_neutral_words(
    text: str, context: str | None, told: str, reason: str
) -> None:
    timeframe = frame()
    new, _ = timeframe.rewrite(text, context=parse_date(context) if context else None)
    assert new == told
    (check,) = timeframe.checks
    assert (check.kind, check.reason) == ("date", reason)
    assert check.told.lower() in new.lower()
    assert timeframe.unread == 1
    for word in ("weeks old", "months old", "before Ruby was born"):
        assert word not in new  # never a guessed age


@pytest.mark.parametrize(
    ("text", "context", "told"),
    [
        # Ruby was nine weeks old on 15 March 2023.
        ("When Ruby was 14 months old she fell.", "2023-03-15", "When Ruby was nine weeks old"),
        ("Ruby, then aged 5 months, was seen.", "2023-03-15", "Ruby, then aged nine weeks,"),
        ("Ruby (aged 6 months) cried.", "2023-03-15", "Ruby (aged nine weeks) cried."),
        ("Ruby, who was then 14 months old, cried.", "2023-03-15", "then nine weeks old"),
        ("The 3-year-old cried.", "2023-03-15", "The nine-week-old cried."),
        ("She was seen aged 6 months.", "2023-03-15", "She was seen aged nine weeks."),
        ("Weighed at five months; gaining well.", "2023-03-15", "Weighed at nine weeks;"),
        # The age is counted at the date in its own sentence, not the record's.
        (
            "On 3 March 2024, when Ruby was 14 months old, she fell.",
            "2023-03-15",
            "When Ruby was 13 months old, she fell.",
        ),
        # Another person's age is checked against their own date of birth.
        ("Mason, aged 3, was at home.", "2023-03-15", "Mason, aged six years, was at home."),
    ],
)
def test_a_wrong_age_is_told_truly_and_listed(text: str, context: str, told: str) -> None:
    timeframe = frame()
    new, _ = timeframe.rewrite(text, context=parse_date(context))
    assert told in new
    (check,) = timeframe.checks
    assert check.kind == "age" and check.reason.startswith("age that does not fit the real dates")


@pytest.mark.parametrize(
    ("text", "context"),
    [
        ("When Ruby was nine weeks old she fell.", "2023-03-15"),
        ("Ruby, then aged 2 months, was seen.", "2023-03-15"),
        ("Ruby, then almost seven months old, sat up.", "2023-08-05"),
        ("Mason, aged 6, was at home.", "2023-03-15"),
        # Not the child's age now: a pregnancy, a plan, a history, anyone of that age.
        ("Mother was booked at 10 weeks and delivered at 39 weeks.", "2023-03-15"),
        ("Review at six months is planned.", "2023-03-15"),
        ("She had been weighed at five months.", "2023-09-15"),
        ("That is a load no 13-year-old should carry.", "2023-03-15"),
        ("Mother, aged 19, was at home.", "2023-03-15"),
        ("Uncle Ray, aged 40, was at home.", "2023-03-15"),
        # Before the birth there is no age to check.
        ("When Ruby was 14 months old she fell.", "2022-12-01"),
    ],
)
def test_a_true_age_or_another_kind_of_number_is_left(text: str, context: str) -> None:
    timeframe = frame()
    new, _ = timeframe.rewrite(text, context=parse_date(context))
    assert timeframe.checks == []
    assert new == text


def test_anonymise_lists_each_check_in_the_report_and_warns(copy_case: CopyCase) -> None:
    case = copy_case("anon-case.yaml")
    # Jayden (born 3 February 2021) was six weeks old at the visit of 20 March 2021.
    text = (
        case.read_text(encoding="utf-8")
        .replace(
            'details: "Ms Lakshmanan noted that JAMES attended. jimmy was at work on 5 February."',
            'details: "Ms Lakshmanan noted that JAMES attended on 31 February."',
        )
        .replace(
            'outcome: "Next visit at Oakfield Children\'s Centre in mid-April."',
            'outcome: "When Jayden was 3 months old, he was weighed."',
        )
    )
    case.write_text(text, encoding="utf-8")
    out = case.with_name("anon.yaml")
    result = invoke("anonymise", case, "-o", out, "--dates", "age")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "warning: 1 date in the text could not be told with confidence and became neutral "
        "words; check them (listed in the report).",
        "warning: 1 age written in the text did not fit the real dates and were told as the "
        "dates give them; check them (listed in the report).",
    ]
    anon = out.read_text(encoding="utf-8")
    assert "31 February" not in anon and "3 months old" not in anon
    assert "attended that month." in anon and "was six weeks old, he was weighed" in anon
    report = out.with_name("anon.report.md").read_text(encoding="utf-8")
    assert "To check by a person" in report
    rows = [line for line in report.splitlines() if line.startswith("| events\\[0\\].details")]
    assert any("date that does not exist" in row and "that month" in row for row in rows), rows
    rows += [line for line in report.splitlines() if line.startswith("| events\\[1\\].outcome")]
    assert any("age that does not fit the real dates" in row for row in rows), rows
    assert "31 February" not in report  # what was written is in the audit only


def _told(text: str, when: str = "2023-09-01") -> str:
    import datetime as dt

    from reviewkit.anonymise.relative_dates import Child, Timeframe
    from reviewkit.dates import parse_date

    frame = Timeframe(mode="age", offset_days=-7 * 60, anchor=parse_date(dt.date(2023, 1, 1)))
    child = Child("Ruby", parse_date("2022-12-08"))
    new, _ = frame.rewrite(text, context=parse_date(when), child=child)
    return new


def test_a_word_that_narrows_a_date_goes_with_it_and_the_sentence_still_reads() -> None:
    told = _told("From early summer 2023 the health visitor saw the family most often.")
    assert "early" not in told and "From when Ruby was" in told
    assert told.endswith("the health visitor saw the family most often.")


def test_after_a_colon_a_told_date_goes_on_in_lower_case() -> None:
    heading = _told("Pregnancy and birth: May to December 2022", "2022-12-01")
    assert heading.startswith("Pregnancy and birth: ") and heading[21].islower(), heading
    # The writer's own capital after a colon stays: "Outcome: On 3 March ..." opens a sentence.
    outcome = _told("Outcome: On 3 March 2023 the plan closed.")
    assert outcome.startswith("Outcome: ") and outcome[9].isupper(), outcome
    assert _told("Outcome: on 3 March 2023 the plan closed.")[9].islower()
