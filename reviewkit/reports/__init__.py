"""Report assembly: turn a case into a `Document` that every renderer can walk.

Each report kind is a module with `build(ctx, *, chronology) -> Document`. Add a kind by
writing its module and naming it in REPORTS; REVIEW_DEFAULTS says which report a review of
each kind gets when no `--kind` is given.
"""

from __future__ import annotations

import datetime as dt
import importlib
from pathlib import Path

from reviewkit.document import Document
from reviewkit.errors import UsageError
from reviewkit.model import Case

# report kind -> module that builds it
REPORTS: dict[str, str] = {
    "lcspr": "reviewkit.reports.lcspr",
    "rapid-review": "reviewkit.reports.rapid_review",
    "case-study": "reviewkit.reports.case_study",
    "case-study-notes": "reviewkit.reports.case_study_notes",
    "action-plan": "reviewkit.reports.action_plan",
    "progress": "reviewkit.reports.progress",
    "briefing": "reviewkit.reports.briefing",
    "national": "reviewkit.reports.national",
    "thematic": "reviewkit.reports.thematic",
}

# review.kind -> the report it gets by default
REVIEW_DEFAULTS: dict[str, str] = {
    "lcspr": "lcspr",
    "thematic": "thematic",
    "national": "national",
    "other": "lcspr",
    "rapid-review": "rapid-review",
}


def report_kinds() -> list[str]:
    """The report kinds that can be built."""
    return sorted(REPORTS)


def resolve_kind(case: Case, kind: str | None) -> str:
    """The report kind to build: `kind` if given, else the default for the review's kind."""
    available = ", ".join(report_kinds())
    if kind is None:
        review_kind = case.review.kind
        default = REVIEW_DEFAULTS.get(review_kind)
        if default is None:
            raise UsageError(
                f"there is no report for a review of kind '{review_kind}' yet; choose one "
                f"with --kind ({available})."
            )
        kind = default
        if kind not in REPORTS:
            raise UsageError(
                f"the '{kind}' report (the default for review.kind: {review_kind}) is not "
                f"available yet; choose one with --kind ({available})."
            )
    if kind not in REPORTS:
        raise UsageError(f"unknown report kind '{kind}'; the kinds available are: {available}.")
    return kind


def build_document(
    case: Case,
    *,
    kind: str | None = None,
    chronology: bool = False,
    templates: Path | None = None,
    today: dt.date | None = None,
    figures: bool = False,
) -> Document:
    """Assemble the report of `kind` for a case; `templates` is the user's wording folder.

    `today` is the day action plans are rated on (the real today when None). With `figures`,
    reports that have a picture (the swimlane timeline) include it.
    """
    from reviewkit.reports.common import FILTERS, Context
    from reviewkit.templates import environment

    kind = resolve_kind(case, kind)
    module = importlib.import_module(REPORTS[kind])
    ctx = Context(case, environment(templates, filters=FILTERS), today=today, figures=figures)
    document: Document = module.build(ctx, chronology=chronology)
    return document
