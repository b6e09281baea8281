"""A partnership's reviews read together: the "learning from practice reviews" figures.

`read_portfolio(paths)` loads every case file given (a folder means each `*.yaml` in it and
each `*/case.yaml` below it), keeps a small summary of each and lets the case go, so time and
memory grow linearly with the number and size of the cases. It counts reviews by kind and
stage, checks the notification and the rapid review against their deadlines, finds themes
that recur across reviews, counts recommendations and actions by status and RAG, and lists
overdue actions by agency. A file that is not a valid case file is skipped with a problem.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from reviewkit.actions.tracker import track
from reviewkit.errors import CaseInvalidError, InputFileError, Problem, UsageError
from reviewkit.model import ActionRules, Case

# The deadlines the portfolio checks: rule id in reviewkit/data/timescales.yaml -> its name.
DEADLINES = {"notification": "Notification", "rapid-review": "Rapid review"}


@dataclass(frozen=True)
class ReviewSummary:
    """What the portfolio keeps of one review."""

    path: Path
    title: str
    partnership: str
    kind: str
    stage: str  # the review's status: Draft, Final, Published ...
    year: str  # the year of the incident ('' when not known)
    deadlines: dict[str, str]  # rule id -> "on time", "late", "overdue", "due", "not known"
    themes: list[str]  # theme titles
    recommendations: Counter[str]  # level -> count
    actions: Counter[str]  # status -> count
    rag: Counter[str]  # rating -> count
    overdue: Counter[str]  # agency (or owner) -> overdue actions


@dataclass
class Portfolio:
    """Many reviews, summarised and counted together."""

    today: dt.date
    reviews: list[ReviewSummary] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # files skipped, and why

    def by_kind(self) -> Counter[str]:
        """Reviews by kind (lcspr, rapid-review ...)."""
        return Counter(r.kind for r in self.reviews)

    def by_stage(self) -> Counter[str]:
        """Reviews by stage (their status)."""
        return Counter(r.stage for r in self.reviews)

    def deadlines(self) -> dict[str, Counter[str]]:
        """For each deadline checked, how many reviews met it, missed it, and so on."""
        return {key: Counter(r.deadlines[key] for r in self.reviews) for key in DEADLINES}

    def recurring_themes(self) -> list[tuple[str, list[ReviewSummary]]]:
        """Themes found in two or more reviews (by title), most reviews first."""
        found: dict[str, tuple[str, list[ReviewSummary]]] = {}
        for review in self.reviews:
            for title in dict.fromkeys(review.themes):
                key = _theme_key(title)
                found.setdefault(key, (title, []))[1].append(review)
        recurring = [v for v in found.values() if len(v[1]) > 1]
        return sorted(recurring, key=lambda v: (-len(v[1]), v[0].lower()))

    def recommendations(self) -> Counter[str]:
        """Recommendations by level (local, national)."""
        return sum((r.recommendations for r in self.reviews), Counter())

    def actions(self) -> Counter[str]:
        """Actions by status."""
        return sum((r.actions for r in self.reviews), Counter())

    def rag(self) -> Counter[str]:
        """Actions by RAG rating."""
        return sum((r.rag for r in self.reviews), Counter())

    def overdue_by_agency(self) -> list[tuple[str, int]]:
        """Overdue actions by agency, most first."""
        total: Counter[str] = sum((r.overdue for r in self.reviews), Counter())
        return sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))


def _theme_key(title: str) -> str:
    """Themes match across reviews by their words, whatever the case and punctuation."""
    return " ".join(re.findall(r"[a-z0-9]+", title.lower()))


def case_files(paths: list[Path]) -> list[Path]:
    """The case files named, a folder standing for its *.yaml files and */case.yaml below it."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            inside = sorted(path.glob("*.yaml")) + sorted(path.glob("*/case.yaml"))
            if not inside:
                raise UsageError(f"{path}: no case files (*.yaml, */case.yaml) in this folder.")
            found += inside
        elif path.exists():
            found.append(path)
        else:
            raise InputFileError(f"{path}: no such case file or folder; check the path.")
    return list(dict.fromkeys(found))


def read_portfolio(
    paths: list[Path], *, today: dt.date, rules: ActionRules | None = None
) -> Portfolio:
    """Read and summarise every case named; invalid files are skipped with a problem."""
    from reviewkit.casefile import load_case

    portfolio = Portfolio(today)
    for path in case_files(paths):
        try:
            case = load_case(path).case
        except CaseInvalidError as err:
            errors = [p for p in err.problems if p.severity == "error"]
            portfolio.problems.append(
                Problem(
                    str(path),
                    0,
                    0,
                    "",
                    f"skipped: not a valid case file ({len(errors)} problems; run "
                    "`reviewkit check` on it)",
                    "warning",
                )
            )
            continue
        portfolio.reviews.append(summarise(path, case, today, rules))
    if not portfolio.reviews:
        raise UsageError("no valid case files to read; see the problems above.")
    return portfolio


def summarise(
    path: Path, case: Case, today: dt.date, rules: ActionRules | None = None
) -> ReviewSummary:
    """The portfolio's summary of one case."""
    from reviewkit.timescales import deadlines_for_case

    review = case.review
    deadlines = {d.rule.id: d for d in deadlines_for_case(case, today=today)}
    tracker = track(case, today, rules)
    overdue: Counter[str] = Counter(a.agency or a.action.owner for a in tracker.overdue)
    incident = review.dates.incident
    return ReviewSummary(
        path=Path(path),
        title=review.title,
        partnership=review.partnership,
        kind=review.kind,
        stage=review.status,
        year=str(incident.latest.year) if incident else "",
        deadlines={key: _met(deadlines.get(key)) for key in DEADLINES},
        themes=[t.title for t in case.themes],
        recommendations=Counter(r.level for r in case.recommendations),
        actions=tracker.status_counts(),
        rag=Counter(tracker.counts()),
        overdue=overdue,
    )


def _met(deadline: object) -> str:
    """Whether a deadline was met, in a word: on time, late, overdue, due, not known."""
    from reviewkit.timescales import Deadline

    if not isinstance(deadline, Deadline):
        return "not known"
    if deadline.state == "done":
        return "late" if deadline.days is not None and deadline.days < 0 else "on time"
    return {"overdue": "overdue", "due": "due", "planned": "due"}.get(deadline.state, "not known")
