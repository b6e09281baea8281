"""Deadlines counted in England's working days, and partnership rules files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reviewkit.dates import parse_date
from reviewkit.errors import CaseInvalidError
from reviewkit.timescales import (
    Deadline,
    add_months,
    add_working_days,
    bank_holidays,
    compute_deadlines,
    default_rules,
    is_working_day,
    load_rules,
    working_days_between,
)

D = dt.date
NEW_YEAR_2024 = D(2024, 1, 2)


def deadlines(today: D = NEW_YEAR_2024, **dates: str) -> dict[str, Deadline]:
    """The built-in rules applied to review dates given as text, by rule id."""
    parsed = {key: parse_date(text) for key, text in dates.items()}
    found = compute_deadlines(parsed, default_rules(), today=today)
    return {d.rule.id: d for d in found}


# --- working days across bank holidays ---------------------------------------------------------


@pytest.mark.parametrize(
    ("aware", "due"),
    [
        # 2020: Christmas on a Friday, Boxing Day on a Saturday: substitute Monday 28 December.
        (D(2020, 12, 23), D(2021, 1, 4)),
        # 2021: both at the weekend: substitutes 27 and 28 December, and 3 January 2022.
        (D(2021, 12, 24), D(2022, 1, 5)),
        # 2022: Christmas on a Sunday: Boxing Day Monday 26, substitute Tuesday 27 December;
        # New Year's Day 2023 on a Sunday: substitute Monday 2 January.
        (D(2022, 12, 23), D(2023, 1, 4)),
    ],
)
def test_notification_due_across_christmas(aware: D, due: D) -> None:
    found = deadlines(awareness=aware.isoformat())["notification"]
    assert found.due == due
    assert found.rule.describe() == "5 working days after awareness"


def test_substitute_days_come_from_the_holidays_package() -> None:
    assert bank_holidays(2020)[D(2020, 12, 28)] == "Boxing Day (observed)"
    assert not is_working_day(D(2021, 12, 27))
    assert not is_working_day(D(2021, 12, 28))
    assert not is_working_day(D(2022, 1, 3))
    assert is_working_day(D(2022, 1, 4))


def test_rapid_review_due_across_easter() -> None:
    # Notified Friday 15 March 2024; Good Friday 29 March and Easter Monday 1 April are skipped.
    found = deadlines(notification="2024-03-15")["rapid-review"]
    assert found.due == D(2024, 4, 9)
    assert found.start == D(2024, 3, 15)


def test_notification_made_on_good_friday() -> None:
    # A notification on a bank holiday counts from the next working day (Tuesday 2 April).
    found = deadlines(notification="2024-03-29")["rapid-review"]
    assert found.due == D(2024, 4, 22)


def test_notified_on_the_friday_before_the_late_may_bank_holiday() -> None:
    assert deadlines(notification="2024-05-24")["rapid-review"].due == D(2024, 6, 17)


def test_aware_on_the_friday_before_the_august_bank_holiday() -> None:
    assert deadlines(awareness="2024-08-23")["notification"].due == D(2024, 9, 2)


def test_aware_on_the_august_bank_holiday_itself() -> None:
    # Monday 26 August 2024 is day 0; Tuesday is day 1.
    assert deadlines(awareness="2024-08-26")["notification"].due == D(2024, 9, 2)


def test_aware_on_a_saturday_before_the_early_may_bank_holiday() -> None:
    assert deadlines(awareness="2024-05-04")["notification"].due == D(2024, 5, 13)


def test_early_may_bank_holiday_moved_for_ve_day_in_2020() -> None:
    # In 2020 the early May bank holiday was Friday 8 May, not Monday 4 May.
    assert is_working_day(D(2020, 5, 4))
    assert deadlines(awareness="2020-05-06")["notification"].due == D(2020, 5, 14)


@pytest.mark.parametrize(
    ("publication", "due"),
    [
        (D(2024, 6, 4), D(2024, 5, 23)),  # back over the late May bank holiday
        (D(2025, 1, 2), D(2024, 12, 19)),  # back over New Year's Day, Christmas, Boxing Day
    ],
)
def test_final_report_seven_working_days_before_publication(publication: D, due: D) -> None:
    found = deadlines(publication=publication.isoformat())["final-report"]
    assert found.due == due
    assert found.rule.describe() == "7 working days before publication"


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2023, 8, 31), 6, D(2024, 2, 29)),  # leap year
        (D(2024, 8, 31), 6, D(2025, 2, 28)),
        (D(2024, 3, 31), 6, D(2024, 9, 30)),
        (D(2024, 1, 15), 6, D(2024, 7, 15)),
        (D(2024, 9, 30), 6, D(2025, 3, 30)),
        (D(2024, 12, 31), 2, D(2025, 2, 28)),
    ],
)
def test_months_clamp_to_the_end_of_a_shorter_month(start: D, months: int, expected: D) -> None:
    assert add_months(start, months) == expected


def test_lcspr_six_months_from_decision_across_a_month_end() -> None:
    found = deadlines(decision_to_commission="2023-08-31")["lcspr-completion"]
    assert found.due == D(2024, 2, 29)
    assert found.rule.describe() == "6 months after the decision to commission"


def test_working_days_between_counts_after_start_up_to_end() -> None:
    assert working_days_between(D(2024, 3, 28), D(2024, 4, 2)) == 1  # over Easter
    assert working_days_between(D(2024, 4, 2), D(2024, 3, 28)) == -1
    assert working_days_between(D(2024, 4, 2), D(2024, 4, 2)) == 0
    assert add_working_days(D(2024, 4, 2), -1) == D(2024, 3, 28)
    assert add_working_days(D(2024, 4, 2), 0) == D(2024, 4, 2)


# --- status ------------------------------------------------------------------------------------


def test_status_due_in_and_due_today_and_overdue() -> None:
    # Notification due Wednesday 20 March 2024 (aware Wednesday 13 March).
    assert deadlines(D(2024, 3, 18), awareness="2024-03-13")["notification"].status == (
        "due in 2 working days"
    )
    assert deadlines(D(2024, 3, 19), awareness="2024-03-13")["notification"].status == (
        "due in 1 working day"
    )
    today = deadlines(D(2024, 3, 20), awareness="2024-03-13")["notification"]
    assert (today.state, today.status) == ("due", "due today")
    late = deadlines(D(2024, 3, 25), awareness="2024-03-13")["notification"]
    assert (late.state, late.status, late.days) == ("overdue", "overdue by 3 working days", -3)


def test_overdue_over_a_weekend_names_the_due_day() -> None:
    # Due Friday 22 March 2024 (aware Friday 15 March); on the Saturday no working day has passed.
    found = deadlines(D(2024, 3, 23), awareness="2024-03-15")["notification"]
    assert found.status == "overdue since Friday 22 March 2024"


def test_done_early_late_and_on_the_day() -> None:
    early = deadlines(D(2024, 4, 30), awareness="2024-03-13", notification="2024-03-15")
    assert early["notification"].state == "done"
    assert early["notification"].status == "done on Friday 15 March 2024 (3 working days early)"
    on_time = deadlines(D(2024, 4, 30), awareness="2024-03-13", notification="2024-03-20")
    assert on_time["notification"].status == "done on Wednesday 20 March 2024 (on the due date)"
    late = deadlines(D(2024, 4, 30), notification="2024-03-15", rapid_review_submitted="2024-04-11")
    assert late["rapid-review"].status == "done on Thursday 11 April 2024 (2 working days late)"
    assert late["rapid-review"].days == -2


def test_a_done_date_still_to_come_is_planned() -> None:
    found = deadlines(D(2024, 4, 2), notification="2024-03-15", rapid_review_meeting="2024-04-03")
    meeting = found["rapid-review-meeting"]
    assert meeting.state == "planned"
    assert meeting.status == "planned for Wednesday 3 April 2024 (1 working day early)"


def test_missing_start_date_waits() -> None:
    found = deadlines(awareness="2024-03-13")["lcspr-completion"]
    assert (found.state, found.due, found.status) == (
        "waiting",
        None,
        "needs the date of the decision to commission",
    )


def test_later_steps_are_projected_from_earlier_due_dates() -> None:
    found = deadlines(D(2024, 3, 14), awareness="2024-03-13")
    assert found["notification"].due == D(2024, 3, 20)
    assert found["rapid-review"].due == D(2024, 4, 12)  # 15 working days after 20 March
    assert found["rapid-review"].projected_from == "notification"
    assert found["panel-reply"].due == D(2024, 4, 26)
    assert found["rapid-review"].basis == (
        "15 working days after the notification "
        "(not done yet: counted from when the notification is due)"
    )


def test_uncertain_dates_count_from_their_latest_day() -> None:
    # "March 2024" can mean as late as Sunday 31 March; Easter Monday 1 April is skipped.
    found = deadlines(awareness="March 2024")["notification"]
    assert found.start == D(2024, 3, 31)
    assert found.due == D(2024, 4, 8)
    assert found.approximate
    assert deadlines(awareness="2024-03-13")["notification"].approximate is False
    done = deadlines(D(2024, 5, 1), awareness="2024-03-13", notification="c. 2024-03-15")
    assert done["notification"].status == ("done on around 15 March 2024 (3 working days early)")


def test_source_names_the_working_together_edition_the_case_cites() -> None:
    rules = default_rules()
    found = compute_deadlines({}, rules, today=D(2024, 1, 1), guidance="wt2018")
    by_id = {d.rule.id: d for d in found}
    assert by_id["notification"].source == "Children Act 2004 s16C; Working Together 2018"
    assert deadlines()["notification"].source == "Children Act 2004 s16C; Working Together 2023"


# --- rules files -------------------------------------------------------------------------------


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_custom_rules_file_sets_a_shorter_internal_target(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
rules:
  - id: rapid-review
    amount: 12
    source: "Eastvale LSCP rapid review procedure, section 4.2"
  - id: agency-returns
    label: Agency summaries returned
    from: notification
    amount: 8
    unit: working-days
    source: "Eastvale LSCP rapid review procedure, section 3.1"
    note: "Chase any agency that has not returned by day 6."
""",
    )
    rules = load_rules(path)
    assert [r.id for r in rules] == [
        "notification",
        "rapid-review-meeting",
        "rapid-review",
        "panel-reply",
        "lcspr-completion",
        "final-report",
        "agency-returns",
    ]
    found = {
        d.rule.id: d
        for d in compute_deadlines(
            {"notification": parse_date("2024-03-15")}, rules, today=D(2024, 3, 18)
        )
    }
    # 12 working days after Friday 15 March 2024, across Easter.
    assert found["rapid-review"].due == D(2024, 4, 4)
    assert found["rapid-review"].rule.label == "Rapid review sent to the Panel"
    assert found["rapid-review"].source == "Eastvale LSCP rapid review procedure, section 4.2"
    assert found["agency-returns"].due == D(2024, 3, 27)
    assert found["agency-returns"].rule.note == "Chase any agency that has not returned by day 6."
    # The built-in rules themselves are untouched.
    assert {r.id: r.amount for r in default_rules()}["rapid-review"] == 15


def problems_of(tmp_path: Path, text: str) -> list[str]:
    path = write(tmp_path, text)
    with pytest.raises(CaseInvalidError) as info:
        load_rules(path)
    return [str(p).replace(str(path), "rules.yaml") for p in info.value.problems]


def test_overriding_a_builtin_rule_needs_a_source(tmp_path: Path) -> None:
    assert problems_of(tmp_path, "rules:\n  - id: rapid-review\n    amount: 10\n") == [
        "rules.yaml:2:5: rules[0]: this rule changes the built-in rule 'rapid-review', so it "
        "needs its own 'source:' (the procedure or guidance that sets it)"
    ]


def test_bad_unit_and_date_name_are_located_with_hints(tmp_path: Path) -> None:
    text = """\
rules:
  - id: internal
    label: Internal check
    from: notifcation
    amount: 3
    unit: working-day
    source: Local procedure
"""
    assert problems_of(tmp_path, text) == [
        "rules.yaml:4:11: rules[0].from: 'notifcation' is not a review date (did you mean "
        "'notification'?); use one of: incident, awareness, notification, rapid_review_meeting, "
        "rapid_review_submitted, decision_to_commission, report, publication, panel_response, "
        "final_report_sent",
        "rules.yaml:6:11: rules[0].unit: 'working-day' is not one of: working-days, "
        "working-days-before, calendar-days, months (did you mean 'working-days'?)",
    ]


def test_missing_keys_unknown_keys_and_bad_amounts(tmp_path: Path) -> None:
    text = """\
rules:
  - id: internal
    label: Internal check
    amount: three
    unit: working-days
    sorce: Local procedure
extra: 1
"""
    assert problems_of(tmp_path, text) == [
        "rules.yaml:2:5: rules[0]: 'from' is required but missing",
        "rules.yaml:4:13: rules[0].amount: expected a whole number, got 'three'",
        "rules.yaml:6:5: rules[0].sorce: unknown key 'sorce' (did you mean 'source'?)",
        "rules.yaml:7:1: extra: unknown key 'extra'",
    ]


def test_duplicate_rule_and_wrong_shapes(tmp_path: Path) -> None:
    text = """\
rules:
  - id: x
    label: X
    from: awareness
    amount: 1
    unit: months
    source: S
  - id: x
    source: S
  - just text
"""
    assert problems_of(tmp_path, text) == [
        "rules.yaml:8:9: rules[1].id: rule 'x' is given twice (first at line 2)",
        "rules.yaml:10:5: rules[2]: expected a mapping of keys and values, got a text",
    ]
    assert problems_of(tmp_path, "- id: x\n") == [
        "rules.yaml:1:1: a rules file is a mapping (rules:); this one is a list"
    ]
