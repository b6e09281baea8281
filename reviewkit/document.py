"""The document model every output format renders: one report, many renderers.

Report assembly (reviewkit/reports/) builds a `Document` from a case; the Markdown and DOCX
renderers (reviewkit/render/) walk it. Renderers never look at the case file, so every format
shows the same words in the same order.

Every word a reader sees is decided when the document is assembled: the cover's lines, the
label over the child's words, a quote's attribution, a placeholder's hint, table headers and
the contents' title are all held here as finished text. Renderers only lay it out (styles,
numbering, escaping), so the Markdown and the Word report say the same words in the same order.

Inline text is plain text. Paragraph numbers ("5.3") are assigned by assembly; a renderer that
can number natively (Word) may use its own numbering as long as the numbers come out the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # Only reports with a picture need the figure's model: checking or importing a case
    # reads a Notice from here and should not load it.
    from reviewkit.figure import TimelineChart


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
    attribution: str = ""  # printed after the words, as worded: "— Health visitor"
    child: bool = False
    lead: str = ""  # printed before the words, as worded: "In Ruby's words:"


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
    hint: str = ""  # printed under the text: "Fill in episodes[2].learning in the case file."


@dataclass
class Definitions:
    """Term and definition pairs (glossary), shown as a two-column table under `header`."""

    items: list[tuple[str, str]]
    header: tuple[str, str] = ("Term", "Meaning")


@dataclass
class Figure:
    """A picture drawn from data (the swimlane timeline), with its caption and alt text.

    `file` is the image's file name beside the report, set by the build that writes it;
    Markdown links it, the Word renderer draws the chart itself and embeds it.
    """

    chart: TimelineChart
    alt: str  # the picture in words, for a reader who cannot see it
    caption: str = ""
    file: str = ""


Block = Paragraph | Quote | BulletList | Table | Placeholder | Definitions | Figure

# Where footnote n is cited, the text holds footnote_mark(n): private-use characters no case
# file holds, so every renderer finds them and puts its own footnote reference there.
FOOTNOTE_MARK = re.compile("\ue000(\\d+)\ue001")


def footnote_mark(number: int) -> str:
    """The mark for footnote `number` (from 1) in a block's text."""
    return f"\ue000{number}\ue001"


def block_text(block: Block) -> list[str]:
    """The words of one block, as any renderer prints them (for scans and glossaries)."""
    if isinstance(block, Paragraph):
        return [block.lead, block.text]
    if isinstance(block, Quote):
        return [block.lead, block.text, block.attribution]
    if isinstance(block, BulletList):
        return list(block.items)
    if isinstance(block, Table):
        return [block.caption, *block.header, *(cell for row in block.rows for cell in row)]
    if isinstance(block, Placeholder):
        return [block.text, block.hint]
    if isinstance(block, Definitions):
        return [*block.header, *(f"{term} {meaning}" for term, meaning in block.items)]
    if isinstance(block, Figure):
        return [block.caption, block.alt]
    return []


@dataclass
class Section:
    """A section: level 1 is a numbered chapter ("5 Findings"), 2 and 3 are subsections.

    A section with no title and no number has no heading: a run of blocks (the opening
    line of an export, say).
    """

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
    """What the cover page shows: the partnership, title, subtitle and worded detail lines.

    `details` are the lines under the title as (label, value), both worded by assembly:
    ("Children", "Chloe, Mason and Ruby"). `children`, `authors` and `status` are the same
    facts as data, for the Word file's properties and for leak checks; no renderer prints them.
    An empty `title` means no cover at all (an export that is one table, say).
    """

    title: str
    subtitle: str = ""
    partnership: str = ""
    details: list[tuple[str, str]] = field(default_factory=list)
    marking: str = "OFFICIAL-SENSITIVE"  # the protective marking, top and bottom of every page
    children: list[str] = field(default_factory=list)  # names as used in the review
    authors: list[str] = field(default_factory=list)
    status: str = ""


# Codes of the notices assembly and renderers give, for a caller that treats some specially.
NOT_WRITTEN = "not-written"  # an analysis field the author has not written yet
NO_RETURN = "no-return"  # an agency has not sent its summary yet
REMOVED_CHARACTERS = "removed-characters"  # characters a format cannot hold were left out


@dataclass(frozen=True)
class Notice:
    """Something the author should know about a built document, and where it is.

    `where` is the case-file path ("episodes[2].known") or the place in the output
    ("paragraph 5.3"); `about` names what that place belongs to ("KPE 3: The response",
    "5 Findings"). Values, not lines: the CLI decides how to word and shorten them.
    """

    message: str  # "not yet written", "removed U+0007"
    where: str = ""
    about: str = ""
    code: str = ""


@dataclass
class Document:
    """A whole report: cover, contents (rendered from sections), sections, appendices."""

    kind: str  # "lcspr", "rapid-review", "case-study"
    cover: Cover
    sections: list[Section] = field(default_factory=list)
    contents: bool = True
    warnings: list[Notice] = field(default_factory=list)  # e.g. each unwritten placeholder
    contents_title: str = "Contents"
    footnotes: list[str] = field(default_factory=list)  # footnote n is footnotes[n - 1]

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
