"""The action plan: every action of every recommendation as one table, with its RAG rating.

RAG ratings are worked out on the day the plan is built (`Context.today`), by the rules in
reviewkit/actions/rag.py; the plan says which day that is and how ratings are given.
"""

from __future__ import annotations

import datetime as dt

from reviewkit.actions.rag import RAG_LABELS, STATUS_LABELS
from reviewkit.actions.tracker import Tracker, track
from reviewkit.dates import parse_date
from reviewkit.document import Cover, Document, Notice, Paragraph, Section, Table
from reviewkit.model import ActionRules
from reviewkit.reports.common import Context, slug

TITLE = "Action plan"


def day_text(day: dt.date) -> str:
    """A day as reports print it: '30 June 2025'."""
    return parse_date(day.isoformat()).prose


def rules_paragraphs(rules: ActionRules) -> list[Paragraph]:
    """How RAG ratings are given, in words, with this plan's thresholds."""
    labels = RAG_LABELS
    return [
        Paragraph(
            f"{labels['red']}: the target date has passed and the action is not complete. "
            f"{labels['amber']}: due within {rules.due_soon_days} days, not started within "
            f"{rules.not_started_days} days of its target, or with no target date "
            f"({labels[rules.no_target].lower()}). {labels['green']}: on track. A completed "
            f"action is {labels[rules.complete].lower()}; one whose impact is evidenced is "
            f"{labels[rules.evidenced].lower()}."
        ),
        Paragraph(
            "Ratings are worked out from each action's target date and status on the day the "
            "plan is produced; they are not typed in, so they cannot go out of date."
        ),
    ]


def tracker_for(ctx: Context) -> Tracker:
    """The case's actions rated on the build's day."""
    return track(ctx.case, ctx.today or dt.date.today())


def cover(ctx: Context, title: str, today: dt.date) -> Cover:
    """The cover of an action plan or progress report."""
    review = ctx.case.review
    return Cover(
        title=title,
        subtitle=review.title,
        partnership=review.partnership,
        details=[("Position as at", day_text(today)), ("Status", review.status)],
        marking=review.marking,
        children=[p.name for p in ctx.case.subjects],
        status=review.status,
    )


def build(ctx: Context, *, chronology: bool = False) -> Document:
    """The action plan for the case in `ctx`."""
    case = ctx.case
    tracker = tracker_for(ctx)
    doc = Document(kind="action-plan", cover=cover(ctx, TITLE, tracker.today), contents=False)
    rows: list[list[str]] = []
    for r, rec in enumerate(case.recommendations):
        number = str(case.recommendation_number(rec))
        mine = [a for a in tracker.actions if a.rec_index == r]
        if not mine:
            rows.append([number, "No actions agreed yet.", "", "", "", "", ""])
            ctx.warnings.append(
                Notice(
                    "no actions agreed yet",
                    where=f"recommendations[{r}].actions",
                    about=f"Recommendation {number}",
                )
            )
        for item in mine:
            action = item.action
            rows.append(
                [
                    item.number,
                    action.text,
                    item.owner,
                    action.measure or "",
                    action.target.prose if action.target else "",
                    STATUS_LABELS[action.status],
                    f"{RAG_LABELS[item.rating.rag]}: {item.rating.reason}",
                ]
            )
    counts = tracker.counts()
    summary = ", ".join(f"{RAG_LABELS[rag].lower()} {n}" for rag, n in counts.items())
    plan = Section(
        "The plan",
        number="1",
        anchor=slug("1 The plan"),
        blocks=[
            Paragraph(
                f"The actions agreed for each recommendation of the review, as at "
                f"{day_text(tracker.today)}: {len(tracker.actions)} in all ({summary})."
            ),
            Table(
                ["No.", "Action", "Owner", "Measure of impact", "Target", "Status", "RAG"],
                rows,
                caption="Actions by recommendation",
                landscape=True,
                widths=[0.05, 0.28, 0.16, 0.22, 0.09, 0.08, 0.12],
            ),
        ],
    )
    recs = Section(
        "The recommendations",
        number="2",
        anchor=slug("2 The recommendations"),
        blocks=[
            Paragraph(rec.text, number=str(case.recommendation_number(rec)))
            for rec in case.recommendations
        ],
    )
    rules = Section(
        "How RAG ratings are given",
        number="3",
        anchor=slug("3 How RAG ratings are given"),
        blocks=list(rules_paragraphs(tracker.rules)),
    )
    doc.sections = [plan, recs, rules]
    doc.warnings = ctx.warnings
    return doc
