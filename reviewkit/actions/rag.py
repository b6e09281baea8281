"""An action's RAG rating, worked out from its target date, its status and today.

The rules, in order (the numbers are `ActionRules` fields, shown with their defaults):

1. evidenced (impact evidenced): `evidenced` (blue);
2. complete: `complete` (green);
3. no target date: `no_target` (amber);
4. the target date has passed: red (overdue);
5. due within `due_soon_days` (30) days: amber;
6. not started and due within `not_started_days` (60) days: amber;
7. otherwise green (on track).

A target written at a lower precision ("March 2027") falls due on its last day. The rules come
from the case file's `action_rules`, else from a rules file, else these defaults; a rating is
never typed into the case file, so it cannot go stale.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from reviewkit.model import Action, ActionRules, Case, Rag

RAG_ORDER: tuple[Rag, ...] = ("red", "amber", "green", "blue")
RAG_LABELS: dict[Rag, str] = {
    "red": "Red",
    "amber": "Amber",
    "green": "Green",
    "blue": "Blue",
}
STATUS_LABELS = {
    "not-started": "Not started",
    "in-progress": "In progress",
    "complete": "Complete",
    "evidenced": "Evidenced",
}


@dataclass(frozen=True)
class Rating:
    """An action's RAG rating and the rule that gave it, in words."""

    rag: Rag
    reason: str  # "overdue by 12 days", "due in 5 days", "impact evidenced"
    due: dt.date | None  # the day the action falls due (last day of its target)
    days_left: int | None  # days from today to `due`; negative when overdue

    @property
    def overdue(self) -> bool:
        """True when the target has passed and the action is not finished."""
        return self.rag == "red" and self.days_left is not None and self.days_left < 0


def rate(action: Action, today: dt.date, rules: ActionRules | None = None) -> Rating:
    """The RAG rating of one action on `today`, by `rules` (default rules if None)."""
    rules = rules or ActionRules()
    due = action.target.latest if action.target is not None else None
    left = (due - today).days if due is not None else None
    if action.status == "evidenced":
        return Rating(rules.evidenced, "impact evidenced", due, left)
    if action.status == "complete":
        return Rating(rules.complete, "complete; impact not yet evidenced", due, left)
    if due is None or left is None:
        return Rating(rules.no_target, "no target date", None, None)
    if left < 0:
        return Rating("red", f"overdue by {_days(-left)}", due, left)
    if left <= rules.due_soon_days:
        return Rating("amber", "due today" if left == 0 else f"due in {_days(left)}", due, left)
    if action.status == "not-started" and left <= rules.not_started_days:
        return Rating("amber", f"not started, due in {_days(left)}", due, left)
    return Rating("green", "on track", due, left)


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def load_rules(case: Case, rules_file: Path | None = None) -> ActionRules:
    """The rules: a rules file if given, else the case's `action_rules`, else the defaults."""
    if rules_file is not None:
        from reviewkit.casefile import load_yaml, read_model

        what = "action rules file"
        return read_model(load_yaml(Path(rules_file), what=what), ActionRules, what=what)
    return case.action_rules or ActionRules()
