"""Every action of a case, rated and grouped as the tracker shows it (a typed result)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from reviewkit.actions.rag import RAG_ORDER, Rating, rate
from reviewkit.model import Action, ActionRules, Case, Rag, Recommendation


@dataclass(frozen=True)
class TrackedAction:
    """One action with what it belongs to and its rating today."""

    recommendation: Recommendation
    number: str  # "3.2": the recommendation's number, then the action's position
    rec_index: int  # positions in the case file, for writing updates back
    action_index: int
    action: Action
    agency: str  # the agency's name as the case names it ('' when none is given)
    rating: Rating

    @property
    def owner(self) -> str:
        """The owner as the tracker prints it: role, then agency."""
        return f"{self.action.owner}, {self.agency}" if self.agency else self.action.owner


@dataclass
class Tracker:
    """The action plan on one day: every action rated, and the groups the tracker shows."""

    today: dt.date
    rules: ActionRules
    actions: list[TrackedAction] = field(default_factory=list)

    @property
    def overdue(self) -> list[TrackedAction]:
        """Unfinished actions past their target, longest overdue first."""
        found = [a for a in self.actions if a.rating.overdue]
        return sorted(found, key=lambda a: a.rating.days_left or 0)

    def due_within(self, days: int = 30) -> list[TrackedAction]:
        """Unfinished actions due in the next `days` days (not yet overdue), soonest first."""
        found = [
            a
            for a in self.actions
            if a.action.status in ("not-started", "in-progress")
            and a.rating.days_left is not None
            and 0 <= a.rating.days_left <= days
        ]
        return sorted(found, key=lambda a: a.rating.days_left or 0)

    def by_owner(self) -> dict[str, list[TrackedAction]]:
        """Actions grouped by agency (else owner), in the order they first appear."""
        groups: dict[str, list[TrackedAction]] = {}
        for item in self.actions:
            groups.setdefault(item.agency or item.action.owner, []).append(item)
        return groups

    def counts(self) -> dict[Rag, int]:
        """How many actions have each rating, red first."""
        found = Counter(a.rating.rag for a in self.actions)
        return {rag: found[rag] for rag in RAG_ORDER}

    def status_counts(self) -> Counter[str]:
        """How many actions have each status."""
        return Counter(a.action.status for a in self.actions)


def agency_label(case: Case, agency: str | None) -> str:
    """An action's agency as printed: the case's name for an agency id, else as written."""
    if not agency:
        return ""
    return case.agency_name(agency)


def track(case: Case, today: dt.date, rules: ActionRules | None = None) -> Tracker:
    """Rate every action of the case on `today` (the case's own rules unless `rules` given)."""
    rules = rules or case.action_rules or ActionRules()
    tracker = Tracker(today, rules)
    for r, rec in enumerate(case.recommendations):
        rec_number = case.recommendation_number(rec)
        for a, action in enumerate(rec.actions):
            tracker.actions.append(
                TrackedAction(
                    recommendation=rec,
                    number=f"{rec_number}.{a + 1}",
                    rec_index=r,
                    action_index=a,
                    action=action,
                    agency=agency_label(case, action.agency),
                    rating=rate(action, today, rules),
                )
            )
    return tracker
