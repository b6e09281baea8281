"""Statutory and local timescales: what is due when, counted in England's working days.

The rules are data (reviewkit/data/timescales.yaml); a partnership overrides or adds rules
with a rules file of its own, naming the source of each. Working days skip weekends and the
bank holidays of England, taken from the `holidays` package (kept up to date by others, so
substitute days and one-off holidays are right without a hand-written list).

Counting: "N working days after D" is the Nth working day after D, so D itself is day 0 even
when it is a weekend or bank holiday. "N working days before D" steps back the same way.
"N months after D" is the same day of the month N months later, or the last day of that
month when it is shorter (31 August + 6 months = 28 or 29 February).
"""

from __future__ import annotations

import calendar
import datetime as dt
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from reviewkit.casefile import load_yaml
from reviewkit.casefile.modelcheck import check_model, located, validate_model, value_at
from reviewkit.dates import FuzzyDate, day_in_words, in_words
from reviewkit.errors import CaseInvalidError
from reviewkit.model import Case, ReviewDates, ReviewKind
from reviewkit.wording import did_you_mean, plural

Unit = Literal["working-days", "working-days-before", "calendar-days", "months"]
UNITS: tuple[str, ...] = typing.get_args(Unit)

# How each review date reads in a sentence ("5 working days after awareness").
DATE_LABELS: dict[str, str] = {
    "incident": "the incident",
    "awareness": "awareness",
    "notification": "the notification",
    "rapid_review_meeting": "the rapid review meeting",
    "rapid_review_submitted": "the rapid review submission",
    "decision_to_commission": "the decision to commission",
    "report": "the report date",
    "publication": "publication",
    "panel_response": "the Panel's reply",
    "final_report_sent": "the final report being sent",
}

GUIDANCE_NAMES = {"wt2018": "Working Together 2018", "wt2023": "Working Together 2023"}

State = Literal["done", "planned", "due", "overdue", "waiting"]


def date_keys() -> list[str]:
    """The review dates a rule may count from or be done by (keys under review.dates)."""
    return list(ReviewDates.model_fields)


def date_label(key: str) -> str:
    """A review date's name as it reads in a sentence."""
    return DATE_LABELS.get(key, key.replace("_", " "))


# --- rules ------------------------------------------------------------------------------------


class Rule(BaseModel):
    """One timescale: `amount` `unit` after (or before) the review date `start`."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, str_strip_whitespace=True)

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=64)
    label: str = Field(min_length=1)
    start: str = Field(alias="from")
    amount: int = Field(ge=0, le=10_000, strict=True)  # `amount: yes` is not 1 day
    unit: Unit
    done: str | None = None
    source: str = Field(min_length=1)
    note: str | None = None
    # The kinds of review (review.kind) whose timetable it is; None: every kind. A thematic
    # review is a local review; a national review runs to the Panel's own timetable.
    kinds: list[ReviewKind] | None = None

    @field_validator("start", "done")
    @classmethod
    def _known_date(cls, value: str | None) -> str | None:
        if value is not None and value not in ReviewDates.model_fields:
            keys = date_keys()
            raise ValueError(
                f"'{value}' is not a review date{did_you_mean(value, keys)}; use one of: "
                + ", ".join(keys)
            )
        return value

    def describe(self) -> str:
        """The rule in words: '15 working days after the notification'."""
        unit = {
            "working-days": "working day",
            "working-days-before": "working day",
            "calendar-days": "day",
            "months": "month",
        }[self.unit]
        words = plural(self.amount, unit)
        direction = "before" if self.unit == "working-days-before" else "after"
        return f"{words} {direction} {date_label(self.start)}"

    def applies_to(self, kind: str) -> bool:
        """Whether the rule is part of the timetable of a review of this kind."""
        return self.kinds is None or kind in self.kinds

    def source_for(self, guidance: str) -> str:
        """The source with the Working Together edition the case cites filled in."""
        edition = GUIDANCE_NAMES.get(guidance, GUIDANCE_NAMES["wt2023"])
        return self.source.replace("{working_together}", edition)


@cache
def _builtin_raw() -> tuple[dict[str, Any], ...]:
    import yaml

    text = resources.files("reviewkit.data").joinpath("timescales.yaml").read_text("utf-8")
    return tuple(yaml.safe_load(text)["rules"])


def default_rules() -> list[Rule]:
    """The timescales that ship with reviewkit."""
    return [Rule.model_validate(raw) for raw in _builtin_raw()]


class RulesFile(BaseModel):
    """A partnership's rules file: under `rules:`, the rules it changes or adds."""

    model_config = ConfigDict(extra="forbid")

    rules: list[Any]  # each one is checked as a Rule, laid over the built-in rule it changes


def load_rules(path: Path | None = None) -> list[Rule]:
    """The built-in rules, with a partnership's rules file (if given) laid over them.

    A rule in the file with a built-in rule's id replaces the keys it gives and must name
    its own `source`; a rule with a new id is added after the built-in ones.
    """
    if path is None:
        return default_rules()
    doc = load_yaml(path, what="rules file")
    problems = check_model(doc, RulesFile, what="rules file")
    builtin = {raw["id"]: raw for raw in _builtin_raw()}
    merged: dict[str, Rule] = {rule.id: rule for rule in default_rules()}
    seen: dict[str, int] = {}
    raw_rules = value_at(doc, ("rules",))
    for i, raw in enumerate(raw_rules if isinstance(raw_rules, list) else []):
        where: tuple[str | int, ...] = ("rules", i)
        rule_id = raw.get("id") if isinstance(raw, dict) else None
        if isinstance(rule_id, str) and rule_id in seen:
            line = doc.positions.of(("rules", seen[rule_id], "id"))[0]
            message = f"rule '{rule_id}' is given twice (first at line {line})"
            problems.append(located(doc, (*where, "id"), message))
            continue
        if isinstance(rule_id, str):
            seen[rule_id] = i
        if isinstance(rule_id, str) and rule_id in builtin and isinstance(raw, dict):
            if "source" not in raw:
                problems.append(
                    located(
                        doc,
                        where,
                        f"this rule changes the built-in rule '{rule_id}', so it needs its own "
                        "'source:' (the procedure or guidance that sets it)",
                    )
                )
                continue
            raw = {**builtin[rule_id], **raw}
        rule, found = validate_model(doc, Rule, at=where, value=raw)
        problems += found
        if rule is not None:
            merged[rule.id] = rule
    if problems:
        raise CaseInvalidError(sorted(problems, key=lambda p: (p.line, p.column)))
    return list(merged.values())


# --- working days -----------------------------------------------------------------------------


@cache
def bank_holidays(year: int) -> dict[dt.date, str]:
    """England's bank holidays in a year (substitute days included): date -> name."""
    import holidays

    found = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return {day: str(name) for day, name in sorted(found.items())}


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday and not a bank holiday in England."""
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def add_working_days(day: dt.date, count: int) -> dt.date:
    """The `count`th working day after `day` (before it, when `count` is negative)."""
    step = dt.timedelta(days=1 if count >= 0 else -1)
    remaining = abs(count)
    while remaining:
        day += step
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end`; negative when `end` is earlier."""
    if end < start:
        return -working_days_between(end, start)
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        count += is_working_day(day)
    return count


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the last day of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    last = (following - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def due_date(rule: Rule, start: dt.date) -> dt.date:
    """When a rule falls due, counted from `start`."""
    if rule.unit == "working-days":
        return add_working_days(start, rule.amount)
    if rule.unit == "working-days-before":
        return add_working_days(start, -rule.amount)
    if rule.unit == "calendar-days":
        return start + dt.timedelta(days=rule.amount)
    return add_months(start, rule.amount)


def format_day(day: dt.date) -> str:
    """A day as deadlines show it, in UK words: 'Friday 15 March 2024'."""
    from reviewkit.dates import day_in_words

    return f"{calendar.day_name[day.weekday()]} {day_in_words(day)}"


# --- deadlines --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    """One rule applied to a review's dates: when it is due and where things stand."""

    rule: Rule
    source: str  # the rule's source, with the Working Together edition filled in
    start: dt.date | None  # the day counted from; None when not known yet
    due: dt.date | None
    done: FuzzyDate | None  # the review date that shows it was done (or is planned)
    state: State
    status: str  # in words: "due in 3 working days", "done on ... (2 working days early)"
    approximate: bool = False  # counted from the latest day of an uncertain date
    projected_from: str | None = None  # id of the rule whose due date stands in for `start`
    days: int | None = None  # working days to spare (negative: late or overdue)

    @property
    def basis(self) -> str:
        """How the due date was counted, in words."""
        text = self.rule.describe()
        if self.projected_from:
            text += f" (not done yet: counted from when {date_label(self.rule.start)} is due)"
        return text


def compute_deadlines(
    dates: Mapping[str, FuzzyDate | None],
    rules: list[Rule],
    *,
    today: dt.date,
    guidance: str = "wt2023",
) -> list[Deadline]:
    """Apply every rule to the review dates given (keys as under review.dates)."""
    by_done = {rule.done: rule for rule in rules if rule.done}
    found: dict[str, Deadline] = {}

    def resolve(rule: Rule, visiting: frozenset[str]) -> Deadline:
        if rule.id in found:
            return found[rule.id]
        start: dt.date | None = None
        approximate = False
        projected = None
        written = dates.get(rule.start)
        if written is not None:
            start = written.latest
            approximate = not written.exact
        else:
            # Not there yet: count from the step that produces that date, when it is due.
            before = by_done.get(rule.start)
            if before is not None and before.id not in visiting and before.id != rule.id:
                earlier = resolve(before, visiting | {rule.id})
                if earlier.due is not None:
                    start, approximate, projected = earlier.due, earlier.approximate, before.id
        due = due_date(rule, start) if start is not None else None
        done = dates.get(rule.done) if rule.done else None
        state, status, days = _status(rule, due, done, today)
        deadline = Deadline(
            rule,
            rule.source_for(guidance),
            start,
            due,
            done,
            state,
            status,
            approximate,
            projected,
            days,
        )
        found[rule.id] = deadline
        return deadline

    return [resolve(rule, frozenset()) for rule in rules]


def deadlines_for_case(
    case: Case,
    *,
    today: dt.date,
    rules: list[Rule] | None = None,
    overrides: Mapping[str, FuzzyDate] | None = None,
) -> list[Deadline]:
    """The deadlines of a case, from its review dates (`overrides` replace some of them).

    Only the rules of the case's kind of review count (`Rule.kinds`): a national review has
    none built in (see `timetable_note`).
    """
    dates: dict[str, FuzzyDate | None] = dict(case.review.dates)
    dates.update(overrides or {})
    kind = case.review.kind
    return compute_deadlines(
        dates,
        [r for r in (rules if rules is not None else default_rules()) if r.applies_to(kind)],
        today=today,
        guidance=case.review.guidance,
    )


# Why a kind of review has no timescales counted, when no rule applies to it.
KIND_NOTES = {
    "national": (
        "A national review is commissioned by the Child Safeguarding Practice Review Panel, "
        "which sets its timetable in the review's terms of reference; no statutory timescale "
        "applies, so none is counted here. To count the Panel's timetable, add its steps in "
        "a rules file (--rules FILE), each naming national under 'kinds'."
    ),
}


def timetable_note(case: Case, rules: list[Rule] | None = None) -> str | None:
    """Why no deadline is counted for this case's kind of review, or None when some are."""
    kind = case.review.kind
    if any(r.applies_to(kind) for r in (rules if rules is not None else default_rules())):
        return None
    return KIND_NOTES.get(
        kind,
        f"No built-in timescale applies to a review of kind '{kind}'. To count its own, add "
        "them in a rules file (--rules FILE), each naming the kind under 'kinds'.",
    )


def _status(
    rule: Rule, due: dt.date | None, done: FuzzyDate | None, today: dt.date
) -> tuple[State, str, int | None]:
    """The state, the status in words and the working days to spare."""
    if done is not None:
        day = done.latest
        # An uncertain day in words ("around 15 March 2024"), never as the case file writes it.
        shown = format_day(day) if done.exact else in_words(done)
        if not done.exact and not done.approximate:
            shown += " (approximate)"
        planned = day > today
        verb = "planned for" if planned else "done on"
        state: State = "planned" if planned else "done"
        if due is None:
            return state, f"{verb} {shown}", None
        spare = working_days_between(day, due)
        if spare > 0:
            timing = f"{plural(spare, 'working day')} early"
        elif spare < 0:
            timing = f"{plural(-spare, 'working day')} late"
        elif day == due:
            timing = "on the due date"
        else:  # a weekend or bank holiday next to the due date
            timing = "early" if day < due else "late"
        return state, f"{verb} {shown} ({timing})", spare
    if due is None:
        return "waiting", f"needs the date of {date_label(rule.start)}", None
    if due == today:
        return "due", "due today", 0
    left = working_days_between(today, due)
    if due > today:
        if left == 0:
            return "due", f"due {format_day(due)} (no working days left)", 0
        return "due", f"due in {plural(left, 'working day')}", left
    if left == 0:
        return "overdue", f"overdue since {format_day(due)}", 0
    return "overdue", f"overdue by {plural(-left, 'working day')}", left


def parse_option_date(text: str, option: str) -> FuzzyDate:
    """A date given on the command line, or a clear error naming the option."""
    from reviewkit.dates import parse_date
    from reviewkit.errors import UsageError

    try:
        return parse_date(text)
    except ValueError as err:
        raise UsageError(f"{option}: {err}") from None


__all__ = [
    "DATE_LABELS",
    "Deadline",
    "Rule",
    "add_months",
    "add_working_days",
    "bank_holidays",
    "compute_deadlines",
    "date_keys",
    "date_label",
    "deadlines_for_case",
    "default_rules",
    "due_date",
    "format_day",
    "is_working_day",
    "load_rules",
    "parse_option_date",
    "timetable_note",
    "working_days_between",
]


# --- agencies' returns ------------------------------------------------------------------------

# Returns are asked for a few working days before the meeting, so that the business unit can
# merge the chronologies and send the summaries round before it.
RETURN_WORKING_DAYS = 3


@dataclass(frozen=True)
class ReturnBy:
    """When agencies' chronologies and summaries are due, and what that was counted from."""

    due: dt.date
    basis: str  # "3 working days before the rapid review meeting on 3 April 2024"


def return_by(case: Case, *, rules: list[Rule] | None = None) -> ReturnBy | None:
    """The day agencies' returns are due: working days before the rapid review meeting.

    The meeting's own date when it is set, else the day its deadline falls; None when neither
    is known yet (no notification date).
    """
    meeting = case.review.dates.rapid_review_meeting
    if meeting is not None:
        day, when = meeting.earliest, f"the rapid review meeting on {meeting.prose}"
    else:
        today = dt.date.today()  # only statuses depend on it; due dates do not
        found = {d.rule.id: d for d in deadlines_for_case(case, today=today, rules=rules)}
        deadline = found.get("rapid-review-meeting")
        if deadline is None or deadline.due is None:
            return None
        day = deadline.due
        when = f"the rapid review meeting, due by {day_in_words(day)}"
    due = add_working_days(day, -RETURN_WORKING_DAYS)
    return ReturnBy(due, f"{plural(RETURN_WORKING_DAYS, 'working day')} before {when}")
