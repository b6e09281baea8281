"""The quality check's score card: one row per heading, then every finding, for the panel.

`score_card` counts a `QualityResult` per heading; `card_document` words it as a `Document`
(Markdown through the usual renderer); `write_card` is the use case behind
`reviewkit quality CASE --format md -o FILE`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reviewkit.document import BulletList, Cover, Document, Paragraph, Section, Table
from reviewkit.reports.quality import CHECKS, HEADINGS, QualityResult
from reviewkit.wording import plural

GOOD = "Good"
RECONSIDER = "Reconsider wording"
CHECK = "Check"
FIX = "Fix"


@dataclass(frozen=True)
class ScoreLine:
    """One heading of the score card: what it checks, how many of each severity, a verdict."""

    heading: str
    checks: str
    errors: int
    warnings: int
    notes: int

    @property
    def result(self) -> str:
        """'Fix' for any error, 'Check' for any warning, then notes, else 'Good'."""
        if self.errors:
            return FIX
        if self.warnings:
            return CHECK
        return RECONSIDER if self.notes else GOOD


def score_card(result: QualityResult) -> list[ScoreLine]:
    """A line per heading, in the order of HEADINGS, every heading shown even when clear."""
    lines = []
    for heading in HEADINGS:
        found = result.under(heading)
        lines.append(
            ScoreLine(
                heading,
                CHECKS[heading],
                sum(f.severity == "error" for f in found),
                sum(f.severity == "warning" for f in found),
                sum(f.severity == "note" for f in found),
            )
        )
    return lines


def verdict(result: QualityResult) -> str:
    """One line for the whole draft: how many of each, and whether the check passed."""
    counts = [
        plural(sum(f.severity == kind for f in result.findings), kind)
        for kind in ("error", "warning", "note")
    ]
    passed = "does not pass" if result.errors else "passes"
    return f"{', '.join(counts)}: the draft {passed} the quality check."


def card_document(result: QualityResult) -> Document:
    """The score card and the findings, worded for the review panel."""
    card = Table(
        header=["Heading", "What is checked", "Errors", "Warnings", "Notes", "Result"],
        rows=[
            [
                line.heading,
                line.checks,
                str(line.errors),
                str(line.warnings),
                str(line.notes),
                line.result,
            ]
            for line in score_card(result)
        ],
        caption="Score card",
        widths=[0.2, 0.4, 0.08, 0.1, 0.07, 0.15],
    )
    summary = Section(
        "Score card",
        blocks=[
            Paragraph(verdict(result)),
            card,
            Paragraph(
                "An error must be put right before the report goes further; a warning is "
                "something the national Panel would expect to see done differently; a note is "
                "wording to reconsider."
            ),
        ],
    )
    sections = [summary]
    if result.findings:
        findings = Section("Findings")
        for heading in HEADINGS:
            found = result.under(heading)
            if found:
                items = [
                    f"{f.severity.capitalize()}, line {f.line}, {f.path}: {f.message}"
                    for f in found
                ]
                findings.sections.append(Section(heading, level=2, blocks=[BulletList(items)]))
        sections.append(findings)
    cover = Cover(title=f"Quality check: {result.title}", subtitle=Path(result.file).name)
    return Document(kind="quality", cover=cover, sections=sections, contents=False)


def write_card(result: QualityResult, path: Path, *, force: bool = False) -> Path:
    """Write the score card as Markdown to `path` (refusing to overwrite unless `force`)."""
    from reviewkit.atomic import write_output
    from reviewkit.render.markdown import render

    return write_output(path, render(card_document(result)), force=force, case=Path(result.file))
