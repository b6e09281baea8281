"""The action plan after a review: RAG ratings, the tracker, the owners' workbook round trip.

- `rag`: an action's RAG rating from its target date, its status and today, by documented
  rules (`ActionRules`, overridable in the case file or a rules file); never typed.
- `tracker`: every action of a case rated and grouped as the `actions` command shows it.
- `workbook`: the owners' workbook (one sheet per agency) and reading their updates back.
- `portfolio`: many reviews read together for the partnership's annual report.
"""

from __future__ import annotations

from reviewkit.actions.rag import RAG_LABELS, RAG_ORDER, Rating, load_rules, rate
from reviewkit.actions.tracker import TrackedAction, Tracker, track

__all__ = [
    "RAG_LABELS",
    "RAG_ORDER",
    "Rating",
    "TrackedAction",
    "Tracker",
    "load_rules",
    "rate",
    "track",
]
