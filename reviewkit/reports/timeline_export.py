"""The merged timeline and its summary as exports: Markdown documents, and CSV for spreadsheets.

The Markdown goes through the same document model and renderer as the reports, so a summary
typed as `*never*` or `<b>` comes out as written, escaped exactly as a report escapes it. The
CSV (`reviewkit timeline --format csv`) carries every column of the chronology.
"""

from __future__ import annotations

import csv
import io

from reviewkit.chronology.events import sources
from reviewkit.dates import in_words
from reviewkit.document import Cover, Document, Paragraph, Section, Table
from reviewkit.model import Case
from reviewkit.timeline import Entry, Summary, scope_label

TIMELINE_HEADER = ["Date", "Age", "Agency", "Type", "Summary", "Scope"]


def _export(sections: list[Section]) -> Document:
    """A document with no cover, contents or marking: the tables are the whole of it."""
    return Document("export", Cover(title="", marking=""), sections, contents=False)


def timeline_document(entries: list[Entry]) -> Document:
    """The timeline as one table: date (and time), age, agency, type, summary, scope.

    A review of several children (strands) adds a Strand column after the date.
    """
    rows = [
        [
            entry.when,
            entry.age,
            entry.agency_short,
            entry.type_label,
            entry.summary,
            scope_label(entry),
        ]
        for entry in entries
    ]
    header = TIMELINE_HEADER
    if any(entry.strand for entry in entries):
        header = [header[0], "Strand", *header[1:]]
        rows = [[row[0], entry.strand, *row[1:]] for row, entry in zip(rows, entries, strict=True)]
    return _export([Section("", blocks=[Table(header, rows)])])


def summary_document(summary: Summary) -> Document:
    """The summary: the counts in a line, then a heading and a table for each part."""
    opening = Paragraph(
        f"{summary.total} events: {summary.in_scope} in scope, {summary.background} background."
    )
    sections = [
        Section("", blocks=[opening]),
        _table_section(
            "Contacts by agency",
            ["Agency", "Contacts", "First", "Last", "Child seen", "Seen alone"],
            [
                [a.agency_name, str(a.contacts), in_words(a.first), in_words(a.last)]
                + [str(a.child_seen), str(a.seen_alone)]
                for a in summary.agencies
            ],
        ),
        _table_section(
            "Events by type",
            ["Type", "Events"],
            [[t.type_label, str(t.count)] for t in summary.types],
        ),
    ]
    if summary.episodes:
        sections.append(
            _table_section(
                "Events by key practice episode",
                ["KPE", "Title", "Events"],
                [[e.number, e.title, str(e.events)] for e in summary.episodes],
            )
        )
    if summary.gaps:
        sections.append(
            _table_section(
                "Longest gaps with no agency contact (in scope)",
                ["From", "To", "Days", "Gap"],
                [[g.start_text, g.end_text, str(g.days), g.text] for g in summary.gaps],
            )
        )
    return _export(sections)


def _table_section(title: str, header: list[str], rows: list[list[str]]) -> Section:
    return Section(title, blocks=[Table(header, rows)])


# --- CSV, for spreadsheets ----------------------------------------------------------------

# Every column of the chronology, for a spreadsheet: the date as written and its first and
# last day in ISO form (which spreadsheets sort and filter), and everything each event holds.
CSV_HEADER = [
    "Id",
    "Date",
    "Start",
    "End",
    "Time",
    "Same-day order",
    "Age",
    "Agency",
    "Type",
    "Summary",
    "Details",
    "People",
    "Child seen",
    "Seen alone",
    "Child's words",
    "Outcome",
    "Agency analysis",
    "Episodes",
    "Themes",
    "Source",
    "From",
    "Scope",
]


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("Yes" if value else "No")


def csv_row(entry: Entry, case: Case | None = None) -> list[str]:
    """One event as a row of CSV_HEADER (people and episodes by name when `case` is given)."""
    event = entry.event

    def person(pid: str) -> str:
        found = case.person(pid) if case else None
        return found.name if found else pid

    def agency(aid: str) -> str:
        return case.agency_name(aid) if case else aid

    def episode(eid: str) -> str:
        return (case.episode_label(eid) or eid) if case else eid

    return [
        event.id or "",
        entry.date_text,
        entry.date.earliest.isoformat(),
        entry.date.latest.isoformat(),
        entry.time,
        "" if event.seq is None else str(event.seq),
        entry.age,
        "; ".join(agency(a) for a in entry.agency_ids or [entry.agency_id]),
        entry.type_label,
        entry.summary,
        event.details or "",
        "; ".join(person(p) for p in entry.people),
        _yes_no(event.child_seen),
        _yes_no(event.seen_alone),
        event.child_words or "",
        event.outcome or "",
        event.analysis or "",
        "; ".join(episode(e) for e in entry.episodes),
        "; ".join(event.themes),
        event.source or "",
        "; ".join(sources(event)) if event.provenance else "",
        scope_label(entry),
    ]


def to_csv(entries: list[Entry], case: Case | None = None) -> str:
    """The timeline as CSV text (one header row, every column of the chronology).

    A review of several children (strands) adds a Strand column at the end.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    strands = any(entry.strand for entry in entries)
    writer.writerow([*CSV_HEADER, "Strand"] if strands else CSV_HEADER)
    for entry in entries:
        row = csv_row(entry, case)
        if strands:
            row.append(entry.strand)
        writer.writerow([_csv_safe(cell) for cell in row])
    return out.getvalue()


def _csv_safe(cell: str) -> str:
    # A spreadsheet runs a cell starting with = + - @ as a formula; a leading quote stops it.
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell
