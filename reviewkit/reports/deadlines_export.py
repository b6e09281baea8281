"""The deadlines table as a document, for `reviewkit deadlines --format md`, and its words.

The due date and the notes under the table are worded here once, for the terminal table and
the Markdown alike; the Markdown goes through the same renderer (and escaping) as a report.
"""

from __future__ import annotations

from collections.abc import Sequence

from reviewkit.document import Block, Cover, Document, Paragraph, Section, Table
from reviewkit.timescales import Deadline, format_day

DEADLINES_HEADER = ["Step", "Due", "Status", "Rule", "Source"]


def due_text(deadline: Deadline) -> str:
    """The due day as a table shows it: 'Friday 15 March 2024', 'around Friday 15 March 2024'
    or '–'."""
    if deadline.due is None:
        return "–"
    return ("around " if deadline.approximate else "") + format_day(deadline.due)


def deadline_notes(found: list[Deadline], extra: Sequence[str] = ()) -> list[str]:
    """The notes under the table: what 'around' means, each rule's own note, then `extra`
    (why a kind of review has no timescales counted)."""
    notes = [f"{d.rule.label}: {d.rule.note}" for d in found if d.rule.note]
    notes += extra
    if any(d.approximate for d in found):
        notes.insert(
            0,
            "A due date 'around' a day is counted from the latest day an uncertain date can mean.",
        )
    return notes


def deadlines_document(found: list[Deadline], extra: Sequence[str] = ()) -> Document:
    """One row per deadline (step, due, status, rule, source), then the notes."""
    rows = [[d.rule.label, due_text(d), d.status, d.basis, d.source] for d in found]
    blocks: list[Block] = [Table(DEADLINES_HEADER, rows)] if rows else []
    blocks += [Paragraph(note) for note in deadline_notes(found, extra)]
    return Document(
        "export", Cover(title="", marking=""), [Section("", blocks=blocks)], contents=False
    )
