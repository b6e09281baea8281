"""The progress report for a scrutiny committee: what was done, how anyone knows, what is left.

For each recommendation, local and national apart: what was done (completed actions and the
latest updates), the evidence of impact, and what is outstanding, overdue first. Ratings are
worked out on the build's day by the rules in reviewkit/actions/rag.py.
"""

from __future__ import annotations

from reviewkit.actions.rag import RAG_LABELS, STATUS_LABELS
from reviewkit.actions.tracker import TrackedAction, Tracker
from reviewkit.document import BulletList, Document, Paragraph, Section, Table
from reviewkit.model import Recommendation
from reviewkit.reports.action_plan import cover, day_text, rules_paragraphs, tracker_for
from reviewkit.reports.common import Context, slug
from reviewkit.wording import plural

TITLE = "Progress on the action plan"


def build(ctx: Context, *, chronology: bool = False) -> Document:
    """The progress report for the case in `ctx`."""
    case = ctx.case
    tracker = tracker_for(ctx)
    doc = Document(kind="progress", cover=cover(ctx, TITLE, tracker.today))
    chapters = [_summary(tracker)]
    for level, title in (
        ("local", "Local recommendations"),
        ("national", "National recommendations"),
    ):
        recs = [(i, r) for i, r in enumerate(case.recommendations) if r.level == level]
        number = str(len(chapters) + 1)
        chapter = Section(title, number=number, anchor=slug(f"{number} {title}"))
        if not recs:
            chapter.blocks.append(Paragraph(f"The review made no {level} recommendations."))
        for index, rec in recs:
            chapter.sections.append(_recommendation(ctx, tracker, index, rec))
        chapters.append(chapter)
    number = str(len(chapters) + 1)
    how = "How RAG ratings are given"
    chapters.append(
        Section(
            how,
            number=number,
            anchor=slug(f"{number} {how}"),
            blocks=list(rules_paragraphs(tracker.rules)),
        )
    )
    doc.sections = chapters
    doc.warnings = ctx.warnings
    return doc


def _summary(tracker: Tracker) -> Section:
    """Chapter 1: the position in figures, and the overdue actions."""
    counts = tracker.counts()
    statuses = tracker.status_counts()
    total = len(tracker.actions)
    finished = statuses["complete"] + statuses["evidenced"]
    verb = "is" if finished == 1 else "are"
    late = len(tracker.overdue)
    blocks: list[Paragraph | Table | BulletList] = [
        Paragraph(
            f"As at {day_text(tracker.today)}, the plan has {plural(total, 'action')}: "
            f"{finished} {verb} complete ({statuses['evidenced']} with evidence of impact) and "
            f"{late} {'is' if late == 1 else 'are'} overdue."
        ),
        Table(
            ["Rating", "Actions"],
            [[RAG_LABELS[rag], str(n)] for rag, n in counts.items()],
            caption="Actions by RAG rating",
        ),
    ]
    overdue = tracker.overdue
    if overdue:
        blocks.append(Paragraph("Overdue actions, longest overdue first:"))
        blocks.append(
            BulletList(
                [f"{a.number} {a.action.text} ({a.owner}; {a.rating.reason})" for a in overdue]
            )
        )
    return Section("Summary", number="1", anchor=slug("1 Summary"), blocks=list(blocks))


def _recommendation(ctx: Context, tracker: Tracker, index: int, rec: Recommendation) -> Section:
    """One recommendation: the text, what was done, the evidence, what is outstanding."""
    number = ctx.case.recommendation_number(rec)
    mine = [a for a in tracker.actions if a.rec_index == index]
    section = Section(f"Recommendation {number}", level=2, anchor=f"recommendation-{number}")
    section.blocks.append(Paragraph(rec.text))
    section.blocks.append(Paragraph(f"Addressed to {rec.addressee}."))
    if not mine:
        section.blocks.append(Paragraph("No actions have been agreed for this recommendation yet."))
        return section
    done = [a for a in mine if a.action.status in ("complete", "evidenced")]
    section.sections.append(
        Section("What was done", level=3, blocks=[BulletList(_done_lines(mine))])
        if _done_lines(mine)
        else Section("What was done", level=3, blocks=[Paragraph("Nothing has been reported yet.")])
    )
    evidence = [f"{a.number} {a.action.evidence}" for a in done if a.action.evidence]
    section.sections.append(
        Section(
            "Evidence of impact",
            level=3,
            blocks=[
                BulletList(evidence)
                if evidence
                else Paragraph("No evidence of impact has been reported yet.")
            ],
        )
    )
    outstanding = sorted(
        (a for a in mine if a not in done),
        key=lambda a: a.rating.days_left if a.rating.days_left is not None else 10**6,
    )
    section.sections.append(
        Section(
            "Outstanding",
            level=3,
            blocks=[
                BulletList([_outstanding_line(a) for a in outstanding])
                if outstanding
                else Paragraph(f"Nothing is outstanding: {plural(len(done), 'action')} complete.")
            ],
        )
    )
    return section


def _done_lines(actions: list[TrackedAction]) -> list[str]:
    lines = []
    for item in actions:
        action = item.action
        if action.status in ("complete", "evidenced"):
            lines.append(f"{item.number} {action.text} ({STATUS_LABELS[action.status].lower()})")
        for update in action.updates:
            lines.append(f"{item.number} {update.date.prose}: {update.text}")
    return lines


def _outstanding_line(item: TrackedAction) -> str:
    action = item.action
    target = f"target {action.target.prose}" if action.target else "no target date"
    return (
        f"{item.number} {action.text} Owner: {item.owner}; {target}; "
        f"{STATUS_LABELS[action.status].lower()}; {RAG_LABELS[item.rating.rag]} "
        f"({item.rating.reason})."
    )
