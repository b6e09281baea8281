"""The merged timeline and its summary as documents, for `reviewkit timeline --format md`.

They go through the same document model and Markdown renderer as the reports, so a summary
typed as `*never*` or `<b>` comes out as written, escaped exactly as a report escapes it.
"""

from __future__ import annotations

from reviewkit.dates import in_words
from reviewkit.document import Cover, Document, Paragraph, Section, Table
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
