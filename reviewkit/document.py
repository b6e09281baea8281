"""The document model every output format renders: one report, many renderers.

Report assembly (reviewkit/reports/) builds a `Document` from a case; the Markdown and DOCX
renderers (reviewkit/render/) walk it. Renderers never look at the case file, so every format
shows the same words in the same order.

Inline text is plain text. Paragraph numbers ("5.3") are assigned by assembly; a renderer that
can number natively (Word) may use its own numbering as long as the numbers come out the same.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass
class Paragraph:
    """A paragraph of body text; `number` is "5.3" for numbered paragraphs, else None."""

    text: str
    number: str | None = None
    lead: str = ""  # a short lead-in label printed in bold before the text, e.g. "Learning."


@dataclass
class Quote:
    """Words quoted from someone; `child` marks the child's own words, which are set apart."""

    text: str
    attribution: str = ""
    child: bool = False


@dataclass
class BulletList:
    """A bulleted list, or a numbered one when `numbered`."""

    items: list[str]
    numbered: bool = False


@dataclass
class Table:
    """A table with a header row; `landscape` asks for a landscape page (wide chronologies)."""

    header: list[str]
    rows: list[list[str]]
    caption: str = ""
    landscape: bool = False
    widths: list[float] | None = None  # relative column widths, summing to about 1


@dataclass
class Placeholder:
    """Analysis the author has not written yet: shown, clearly marked, never dropped."""

    text: str
    where: str = ""  # the case-file path to fill in, e.g. "episodes[2].learning"


@dataclass
class Definitions:
    """Term and definition pairs (glossary)."""

    items: list[tuple[str, str]]


Block = Paragraph | Quote | BulletList | Table | Placeholder | Definitions


@dataclass
class Section:
    """A section: level 1 is a numbered chapter ("5 Findings"), 2 and 3 are subsections."""

    title: str
    level: int = 1
    number: str | None = None  # "5" for chapters; subsections are unnumbered headings
    blocks: list[Block] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    appendix: bool = False
    anchor: str = ""  # stable id for links (Markdown contents)

    def walk(self) -> Iterator[Section]:
        """This section and every subsection, depth first."""
        yield self
        for sub in self.sections:
            yield from sub.walk()

    @property
    def heading(self) -> str:
        """The heading as printed: "5 Findings", "Appendix A: Glossary" or a plain title."""
        if self.appendix and self.number:
            return f"Appendix {self.number}: {self.title}"
        return f"{self.number} {self.title}" if self.number else self.title


@dataclass
class Cover:
    """What the cover page shows."""

    title: str
    subtitle: str = ""
    children: list[str] = field(default_factory=list)  # names as used in the review
    partnership: str = ""
    authors: list[str] = field(default_factory=list)
    report_date: str = ""
    publication_date: str = ""
    marking: str = "OFFICIAL-SENSITIVE"
    status: str = ""


@dataclass
class Document:
    """A whole report: cover, contents (rendered from sections), sections, appendices."""

    kind: str  # "lcspr", "rapid-review", "case-study"
    cover: Cover
    sections: list[Section] = field(default_factory=list)
    contents: bool = True
    warnings: list[str] = field(default_factory=list)  # e.g. each unwritten placeholder

    def walk(self) -> Iterator[Section]:
        """Every section and subsection in reading order."""
        for section in self.sections:
            yield from section.walk()

    def blocks(self) -> Iterator[Block]:
        """Every block in reading order."""
        for section in self.walk():
            yield from section.blocks

    def placeholders(self) -> list[Placeholder]:
        """Every unwritten piece of analysis."""
        return [b for b in self.blocks() if isinstance(b, Placeholder)]
