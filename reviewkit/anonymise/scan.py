"""The leak scan: look through files for a case's real names, places and identifiers.

A scan reads YAML, Markdown and other text files, Word files (body, tables, headers, footers,
text boxes and the document's properties) and PDF files (their text, through pdftotext), and
reports each definite hit with where it is: FILE:LINE:COL in text, "paragraph 12" or "table 2,
row 3, cell 1" in Word, "page 2, line 7" in a PDF. A hit says what was found ("Mother: first
name", "NHS number"), never the name itself.

Beside the hits it keeps a review list: capitalised words that look like names but are not in
the case's vocabulary, the common-word list or written in lower case anywhere in the files
scanned, each with every place it was seen. These are for a person to look at, not errors.

Word files are read part by part (body, tables at any depth, headers, footers, comments,
notes, tracked changes, links, content controls, field codes, text boxes, alt text and the
document's properties); PDF files for their text, metadata and annotations, with words
broken at a line's end joined; Markdown and HTML as a reader sees them, without markup or
entities. Other formats are refused.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from reviewkit.anonymise import identifiers
from reviewkit.anonymise.names import build_vocabulary
from reviewkit.dates import find_dates
from reviewkit.errors import InputFileError, LeakError, ToolMissingError
from reviewkit.inputs import MB, ZipLimits, check_readable, open_zip, read_input
from reviewkit.names import Vocabulary, common_words
from reviewkit.wording import shorten

if TYPE_CHECKING:
    from reviewkit.document import Document
    from reviewkit.model import Case

MAX_DOCX_BYTES = 128 * MB  # a Word file as saved
DOCX_LIMITS = ZipLimits(parts=10_000, part_bytes=64 * MB, total_bytes=256 * MB)
MAX_PDF_BYTES = 256 * MB
PDF_SECONDS = 120  # for pdftotext to read one PDF
_WORD_DOCUMENT = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}document"
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z'’-]+")
_CAPITALISED = re.compile(r"(?<![\w'’-])[A-Z][a-z]+(?:['’-][A-Za-z][a-z]+)*(?!['’]?\w)")


@dataclass(frozen=True)
class Hit:
    """Something identifying, located; `what` is safe to print (never the name itself)."""

    file: str
    where: str  # "12:5", "paragraph 3", "table 1, row 2, cell 1", "page 2, line 7"
    kind: str  # "name", "place", "professional", "agency", "NHS number" ...
    what: str
    definite: bool = True

    def __str__(self) -> str:
        sep = ":" if self.where[:1].isdigit() else ": "
        return f"{self.file}{sep}{self.where}: {self.what}"


@dataclass
class ReviewWord:
    """A capitalised word that may be a name nobody listed."""

    word: str
    count: int
    first: str  # where it was first seen, as "FILE:LINE:COL" or "FILE: paragraph 3"
    seen: list[str] = field(default_factory=list)  # every place it was seen, in order


class Findings(NamedTuple):
    """What one scanner found, for another to add to its own (`Scanner.absorb`)."""

    hits: list[Hit]
    doubtful: list[Hit]
    candidates: dict[str, ReviewWord]
    lower: set[str]
    noted: int


@dataclass
class ScanReport:
    """Everything a scan found."""

    files: list[str] = field(default_factory=list)
    hits: list[Hit] = field(default_factory=list)  # definite: exit code 1
    doubtful: list[Hit] = field(default_factory=list)  # shapes worth a look, not leaks
    review: list[ReviewWord] = field(default_factory=list)
    names_checked: bool = True  # False when the vocabulary held no real names at all

    @property
    def clean(self) -> bool:
        """True when nothing definite was found."""
        return not self.hits


Locate = Callable[[int], str]


class Scanner:
    """Scans texts against one case's vocabulary, collecting hits and review words."""

    def __init__(self, vocab: Vocabulary, *, known: Iterable[str] = ()) -> None:
        self.vocab = vocab
        self.known = {w.lower() for w in known} | vocab.known_words | common_words()
        self.report = ScanReport(names_checked=vocab.has_names)
        self._lower: set[str] = set()
        self._candidates: dict[str, ReviewWord] = {}
        self.noted = 0  # review words noted so far, each time seen: whether a scan added any

    # --- units of text ----------------------------------------------------------------------

    def scan_text(self, text: str, file: str, locate: Locate | None = None) -> None:
        """Scan one piece of text; `locate` turns an offset into a location ("12:5")."""
        locate = locate or _line_col(text)
        taken: list[tuple[int, int]] = []
        found: list[tuple[int, Hit]] = []
        for hit in self.vocab.find(text):
            if not hit.leak:
                continue
            kind = hit.candidates[0].category
            kind = "name" if kind == "person" else kind
            found.append((hit.start, Hit(file, locate(hit.start), kind, hit.describe)))
            taken.append((hit.start, hit.end))
        for item in identifiers.find_identifiers(text):
            what = item.label if item.definite else f"possible {item.label} (check digit wrong)"
            found.append(
                (item.start, Hit(file, locate(item.start), item.label, what, item.definite))
            )
            taken.append((item.start, item.end))
        for start, what in self._births(text):
            found.append((start, Hit(file, locate(start), "date of birth", what)))
        for _, located in sorted(found, key=lambda pair: pair[0]):
            self._add(located)
        self._review(text, file, locate, taken)

    def _add(self, hit: Hit) -> None:
        (self.report.hits if hit.definite else self.report.doubtful).append(hit)

    def _births(self, text: str) -> Iterator[tuple[int, str]]:
        if not self.vocab.births:
            return
        for found in find_dates(text):
            date = found.date
            if date is None or date.precision != "day":
                continue
            for dob, owner in self.vocab.births:
                if dob.earliest == date.earliest:
                    yield found.core_start, f"{owner.describe}: date of birth"

    def _review(self, text: str, file: str, locate: Locate, taken: list[tuple[int, int]]) -> None:
        # The spans found, merged and in order, so each word's test is a bisection (a long
        # document has thousands of hits and tens of thousands of capitalised words).
        starts, ends = _merged(taken)
        self._lower.update(map(str.lower, _LOWER_WORD.findall(text)))
        for m in _CAPITALISED.finditer(text):
            word = m[0]
            lowered = word.lower()
            if lowered in self.known or _sentence_start(text, m.start()):
                continue
            if _inside(m.start(), starts, ends):
                continue
            self.noted += 1
            where = _where(file, locate(m.start()))
            entry = self._candidates.get(word)
            if entry is None:
                self._candidates[word] = ReviewWord(word, 1, where, [where])
            else:
                entry.count += 1
                entry.seen.append(where)

    # --- files ------------------------------------------------------------------------------

    def scan_path(self, path: Path) -> None:
        """Scan one file of any supported kind."""
        path = Path(path)
        name = str(path)
        check_readable(path, what="file", limit=MAX_PDF_BYTES, too_big="split the file")
        self.report.files.append(name)
        suffix = path.suffix.lower()
        if suffix == ".docx":
            # Read whole before scanning, so a damaged file is refused before any hit is found.
            for text, where in list(docx_units(path)):
                self.scan_text(text, name, _fixed(where))
        elif suffix == ".pdf":
            for text, page in pdf_pages(path):
                self.scan_text(text, name, _page_line(text, page))
                for word, line in _hyphen_joins(text):
                    self.scan_text(word, name, _fixed(f"page {page}, line {line}"))
            for text, where in pdf_extras(path):
                self.scan_text(text, name, _fixed(where))
        elif suffix in TEXT_SUFFIXES or not suffix:
            from reviewkit.casefile import read_text

            raw = read_text(path, what="file")
            clean, origin = strip_markup(raw, markup=suffix in MARKUP_SUFFIXES)
            at = _line_col(raw)
            self.scan_text(clean, name, lambda offset: at(origin[offset]))
        else:
            raise InputFileError(
                f"{path}: scan cannot read {suffix} files; save it as Word (.docx), PDF, "
                "Markdown, HTML or plain text and scan that."
            )

    def scan_document(self, doc: Document, file: str) -> None:
        """Scan a report before it is rendered: every word any renderer will print."""
        from reviewkit.document import block_text

        self.report.files.append(file)
        cover = doc.cover
        for label, text in [
            ("cover title", cover.title),
            ("cover subtitle", cover.subtitle),
            ("cover partnership", cover.partnership),
            ("cover marking", cover.marking),
            *(("cover names", t) for t in cover.children),
            *(("cover authors", t) for t in cover.authors),
        ]:
            self.scan_text(text, file, _fixed(label))
        for section in doc.walk():
            heading = section.heading
            self.scan_text(heading, file, _fixed(f"heading '{shorten(heading, 30)}'"))
            for n, block in enumerate(section.blocks, start=1):
                where = f"'{shorten(heading, 30)}', block {n}"
                for text in block_text(block):
                    self.scan_text(text, file, _fixed(where))

    def findings(self) -> Findings:
        """What this scanner found so far, for another scanner to `absorb`."""
        report = self.report
        return Findings(report.hits, report.doubtful, self._candidates, self._lower, self.noted)

    def absorb(self, found: Findings) -> None:
        """Add what another scanner found in the texts that come after this one's.

        The result is what this scanner would hold had it scanned those texts itself.
        """
        self.report.hits.extend(found.hits)
        self.report.doubtful.extend(found.doubtful)
        for word, entry in found.candidates.items():
            mine = self._candidates.get(word)
            if mine is None:
                self._candidates[word] = entry
            else:
                mine.count += entry.count
                mine.seen.extend(entry.seen)
        self._lower |= found.lower
        self.noted += found.noted

    def finish(self, relocate: Callable[[str], str] | None = None) -> ScanReport:
        """The report, with the review list settled now that every text has been seen.

        `relocate` turns each place found into the place to report (the scan may have
        noted a cheaper stand-in while it ran).
        """
        report = self.report
        if relocate is not None:
            report.hits = [dataclasses.replace(h, where=relocate(h.where)) for h in report.hits]
            report.doubtful = [
                dataclasses.replace(h, where=relocate(h.where)) for h in report.doubtful
            ]
            for entry in self._candidates.values():
                entry.first = _relocated(entry.first, relocate)
                entry.seen = [_relocated(where, relocate) for where in entry.seen]
        report.review = sorted(
            (w for w in self._candidates.values() if w.word.lower() not in self._lower),
            key=lambda w: (-w.count, w.word),
        )
        return report


TEXT_SUFFIXES = frozenset(
    {".yaml", ".yml", ".md", ".markdown", ".txt", ".text", ".html", ".htm", ".csv", ".json"}
)
MARKUP_SUFFIXES = frozenset({".md", ".markdown", ".html", ".htm"})
# What a reader never sees as a letter: a soft hyphen, zero-width spaces and joiners.
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_MARKUP = re.compile(
    rf"[{_INVISIBLE}]|<!--|-->|</?[A-Za-z][^<>]*>"
    r"|&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,31});|\*\*|\*|~~|`"
)
_PLAIN = re.compile(rf"[{_INVISIBLE}]")
# Tags that separate words (a cell, a paragraph); other tags join what is either side.
_BLOCK_TAGS = re.compile(
    r"p|div|br|li|ul|ol|td|th|tr|table|h[1-6]|section|article|blockquote|hr|pre|header|footer"
    r"|nav|title|dt|dd",
    re.IGNORECASE,
)
_ATTRIBUTE = re.compile(
    r"(?:href|src|alt|title|content|value|data-[\w-]+)\s*=\s*"
    r"""(?:"([^"]*)"|'([^']*)'|([^\s>]+))""",
    re.IGNORECASE,
)


def strip_markup(text: str, *, markup: bool) -> tuple[str, list[int]]:
    """Text as a reader sees it, and for each character where it was in `text`.

    Markdown and HTML lose their emphasis marks, tags and entities (a name written
    "Oka**for**", "<b>Oka</b>for" or "&#79;kafor" is one word again); a tag's link, image and
    title attributes stay as text. Soft hyphens and zero-width characters go from every text.
    """
    pattern = _MARKUP if markup else _PLAIN
    out: list[str] = []
    origin: list[int] = []
    last = 0
    for m in pattern.finditer(text):
        out.append(text[last : m.start()])
        origin.extend(range(last, m.start()))
        piece = _unmarked(m[0])
        out.append(piece)
        origin.extend([m.start()] * len(piece))
        last = m.end()
    out.append(text[last:])
    origin.extend(range(last, len(text) + 1))
    return "".join(out), origin


def _unmarked(markup: str) -> str:
    """What a piece of markup stands for in the text a reader sees."""
    import html

    if markup.startswith("&"):
        return html.unescape(markup)
    if markup.startswith("<") and markup[1:2] != "!":
        name = re.match(r"</?([A-Za-z][A-Za-z0-9]*)", markup)
        values = [next(v for v in m.groups() if v is not None) for m in _ATTRIBUTE.finditer(markup)]
        block = name is not None and _BLOCK_TAGS.fullmatch(name[1]) is not None
        if values:
            return " " + " ".join(html.unescape(v) for v in values) + " "
        return " " if block else ""
    return ""


def _merged(spans: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """Spans merged where they overlap, as their starts and ends in order."""
    starts: list[int] = []
    ends: list[int] = []
    for start, end in sorted(spans):
        if starts and start < ends[-1]:
            ends[-1] = max(ends[-1], end)
        else:
            starts.append(start)
            ends.append(end)
    return starts, ends


def _inside(offset: int, starts: list[int], ends: list[int]) -> bool:
    """True when `offset` lies in one of the merged spans (`start <= offset < end`)."""
    at = bisect.bisect_right(starts, offset)
    return at > 0 and offset < ends[at - 1]


def _fixed(where: str) -> Locate:
    """A locator for a unit with one location (a Word paragraph, a table cell)."""
    return lambda _offset: where


def _relocated(where: str, relocate: Callable[[str], str]) -> str:
    """A review word's "FILE:PLACE" with its place relocated."""
    file, _, place = where.rpartition(":")
    return _where(file, relocate(place)) if file else where


def _where(file: str, where: str) -> str:
    return f"{file}:{where}" if where[:1].isdigit() else f"{file}: {where}"


def _sentence_start(text: str, index: int) -> bool:
    # Walks back from `index` over the few characters that matter, never copying the text
    # before it: this runs for every capitalised word, so a copy made the scan quadratic.
    i = index
    while i > 0 and text[i - 1] in _OPENERS:
        i -= 1
    if i == 0 or text[i - 1] in ".!?:\n|":
        return True
    # A list item: "- Word", "1. Word", "12) Word" at the start of a line.
    if text[i - 1] in "-*+\u2022":
        i -= 1
    elif text[i - 1] in ".)" and i > 1 and text[i - 2].isdigit():
        i -= 1
        while i > 0 and text[i - 1].isdigit():
            i -= 1
    else:
        return False
    while i > 0 and text[i - 1] in " \t\r\f\v":
        i -= 1
    return i == 0 or text[i - 1] == "\n"


_OPENERS = " \t\"'\u201c\u2018(*_#>"


def _line_col(text: str) -> Locate:
    starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def locate(offset: int) -> str:
        import bisect

        line = bisect.bisect_right(starts, offset)
        return f"{line}:{offset - starts[line - 1] + 1}"

    return locate


def _page_line(text: str, page: int) -> Locate:
    def locate(offset: int) -> str:
        return f"page {page}, line {text.count(chr(10), 0, offset) + 1}"

    return locate


# --- reading Word and PDF -----------------------------------------------------------------------


def docx_units(path: Path) -> Iterator[tuple[str, str]]:
    """(text, location) for every paragraph, cell, header, footer and property of a .docx.

    The file is checked before it is parsed (see `DOCX_LIMITS`); a damaged or hostile one is
    refused with an InputFileError naming it, never half read.
    """
    import io

    from lxml import etree  # type: ignore[import-untyped]

    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError as err:  # pragma: no cover - python-docx is a dependency
        raise ToolMissingError(f"python-docx is needed to scan {path}: {err}") from None
    fix = "is it a .docx? Open it in Word and save it again."
    raw = read_input(path, what="Word file", limit=MAX_DOCX_BYTES, too_big="split the document")
    open_zip(raw, path, limits=DOCX_LIMITS, kind="Word file", fix=fix).close()
    try:
        # python-docx parses without entities or network, and refuses giant text nodes.
        document = docx.Document(io.BytesIO(raw))
        if document.element.tag != _WORD_DOCUMENT or document.element.body is None:
            raise ValueError("the main part is not a Word document")
        units = list(_docx_units(document))
    except (
        zipfile.BadZipFile,
        KeyError,
        ValueError,
        AttributeError,
        TypeError,
        IndexError,
        PackageNotFoundError,
        etree.LxmlError,
    ) as exc:
        # python-docx meets a damaged part as whichever error its code runs into first.
        detail = f" ({exc.__class__.__name__})" if not isinstance(exc, ValueError) else ""
        raise InputFileError(f"{path}: not a readable Word file{detail}; {fix}") from None
    yield from units


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_DOC_PR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
_VML_SHAPE_ALT = ("alt", "title")
# Parts a reader never sees as text (layout, fonts, styles): not scanned.
_LAYOUT_PARTS = ("styles", "fontTable", "settings", "webSettings", "numbering", "theme")


def _docx_units(document: Any) -> Iterator[tuple[str, str]]:
    """Every piece of text a reader or a recipient can get at in a Word document."""
    part = document.part
    walker = _DocxWalker(part.rels)
    body = document.element.body
    numbers = {"paragraph": 0, "table": 0, "content control": 0}
    for child in body.iterchildren():
        yield from walker.block(child, "", numbers)
    for s, section in enumerate(document.sections, start=1):
        parts = [
            ("header", section.header),
            ("first-page header", section.first_page_header),
            ("even-page header", section.even_page_header),
            ("footer", section.footer),
            ("first-page footer", section.first_page_footer),
            ("even-page footer", section.even_page_footer),
        ]
        for label, story in parts:
            if story.is_linked_to_previous:
                continue
            inner = _DocxWalker(story.part.rels)
            yield from inner.container(story._element, f"{label} of section {s}")
    boxes = document.element.body.iter(f"{_W}txbxContent")
    for b, box in enumerate(boxes, start=1):
        yield from walker.container(box, f"text box {b}")
    yield from _notes_units(part)
    yield from _properties_units(document)


class _DocxWalker:
    """Reads the text of a Word part's paragraphs and tables, with their locations."""

    def __init__(self, rels: Any) -> None:
        self.rels = rels

    def block(self, el: Any, prefix: str, numbers: dict[str, int]) -> Iterator[tuple[str, str]]:
        """One block of the body: a paragraph, a table, or a content control holding more."""
        if el.tag == f"{_W}p":
            numbers["paragraph"] += 1
            yield from self.paragraph(el, f"{prefix}paragraph {numbers['paragraph']}")
        elif el.tag == f"{_W}tbl":
            numbers["table"] += 1
            yield from self.table(el, f"{prefix}table {numbers['table']}")
        elif el.tag == f"{_W}sdt":
            numbers["content control"] += 1
            where = f"content control {numbers['content control']}"
            yield from self.control_properties(el, where)
            inner = {"paragraph": 0, "table": 0, "content control": 0}
            for content in el.iterchildren(f"{_W}sdtContent"):
                for child in content.iterchildren():
                    yield from self.block(child, f"{where}, ", inner)

    def container(self, el: Any, where: str) -> Iterator[tuple[str, str]]:
        """Everything in a header, footer, text box, comment or note, under one location."""
        numbers = {"paragraph": 0, "table": 0, "content control": 0}
        lines: list[str] = []
        extras: list[tuple[str, str]] = []
        for child in el.iterchildren():
            if child.tag == f"{_W}p":
                text, more = self.paragraph_text(child, where)
                lines.append(text)
                extras.extend(more)
            else:
                extras.extend(self.block(child, f"{where}, ", numbers))
        if any(lines):
            yield "\n".join(lines), where
        yield from extras

    def paragraph(self, p: Any, where: str) -> Iterator[tuple[str, str]]:
        text, extras = self.paragraph_text(p, where)
        yield text, where
        yield from extras

    def paragraph_text(self, p: Any, where: str) -> tuple[str, list[tuple[str, str]]]:
        """A paragraph's text as shown (insertions included), and what else it holds."""
        shown: list[str] = []
        deleted: list[str] = []
        codes: list[str] = []
        extras: list[tuple[str, str]] = []

        def visit(el: Any, in_deletion: bool) -> None:
            tag = el.tag
            if not isinstance(tag, str) or tag == f"{_W}txbxContent":
                return  # text boxes are read on their own
            if tag == f"{_W}t":
                (deleted if in_deletion else shown).append(el.text or "")
            elif tag == f"{_W}delText":
                deleted.append(el.text or "")
            elif tag in (f"{_W}instrText", f"{_W}delInstrText"):
                codes.append(el.text or "")
            elif tag == f"{_W}tab":
                shown.append("\t")
            elif tag in (f"{_W}br", f"{_W}cr"):
                shown.append("\n")
            elif tag == f"{_W}fldSimple":
                codes.append(el.get(f"{_W}instr") or "")
            elif tag == f"{_W}hyperlink" and el.get(_R_ID):
                target = self._target(el.get(_R_ID))
                if target:
                    extras.append((target, f"link in {where}"))
            elif tag in (f"{_W}ins", f"{_W}del", f"{_W}moveFrom", f"{_W}moveTo"):
                author = el.get(f"{_W}author")
                if author:
                    extras.append((author, f"tracked change author in {where}"))
            elif tag == _DOC_PR:
                for name in ("descr", "title", "name"):
                    if el.get(name):
                        extras.append((el.get(name), f"image {name} in {where}"))
            elif tag.endswith("}shape") or tag.endswith("}imagedata"):
                for name in _VML_SHAPE_ALT:
                    if el.get(name):
                        extras.append((el.get(name), f"image {name} in {where}"))
            elif tag == f"{_W}sdtPr":
                extras.extend(
                    self.control_properties(el.getparent(), f"content control in {where}")
                )
                return
            for child in el:
                visit(child, in_deletion or tag in (f"{_W}del", f"{_W}moveFrom"))

        visit(p, False)
        if any(t.strip() for t in deleted):
            extras.insert(0, ("".join(deleted), f"deleted text in {where}"))
        if any(c.strip() for c in codes):
            extras.insert(0, (" ".join(c.strip() for c in codes), f"field code in {where}"))
        return "".join(shown), extras

    def control_properties(self, sdt: Any, where: str) -> Iterator[tuple[str, str]]:
        """A content control's title, tag and placeholder: visible to anyone editing it."""
        for pr in sdt.iterchildren(f"{_W}sdtPr"):
            for name in ("alias", "tag"):
                for el in pr.iterchildren(f"{_W}{name}"):
                    value = el.get(f"{_W}val")
                    if value:
                        yield value, f"{where} ({'title' if name == 'alias' else name})"

    def table(self, tbl: Any, where: str) -> Iterator[tuple[str, str]]:
        """Each cell once (merged cells too), and tables nested in cells, at any depth."""
        for r, tr in enumerate(tbl.iterchildren(f"{_W}tr"), start=1):
            column = 1
            for tc in tr.iterchildren(f"{_W}tc"):
                here = f"{where}, row {r}, cell {column}"
                column += _span(tc)
                if _continues_merge(tc):
                    continue  # the cell above holds the text
                yield from self.cell(tc, here)

    def cell(self, tc: Any, where: str) -> Iterator[tuple[str, str]]:
        lines: list[str] = []
        extras: list[tuple[str, str]] = []
        nested = 0
        for child in tc.iterchildren():
            if child.tag == f"{_W}p":
                text, more = self.paragraph_text(child, where)
                lines.append(text)
                extras.extend(more)
            elif child.tag == f"{_W}tbl":
                nested += 1
                extras.extend(self.table(child, f"{where}, table {nested}"))
            elif child.tag == f"{_W}sdt":
                for content in child.iterchildren(f"{_W}sdtContent"):
                    extras.extend(self.container(content, where))
        yield "\n".join(lines), where
        yield from extras

    def _target(self, rid: str) -> str:
        rel = self.rels.get(rid)
        return str(rel.target_ref) if rel is not None and rel.is_external else ""


def _span(tc: Any) -> int:
    for pr in tc.iterchildren(f"{_W}tcPr"):
        for span in pr.iterchildren(f"{_W}gridSpan"):
            return int(span.get(f"{_W}val") or 1)
    return 1


def _continues_merge(tc: Any) -> bool:
    for pr in tc.iterchildren(f"{_W}tcPr"):
        for merge in pr.iterchildren(f"{_W}vMerge"):
            return bool(merge.get(f"{_W}val") != "restart")
    return False


def _notes_units(main: Any) -> Iterator[tuple[str, str]]:
    """Comments, footnotes and endnotes, with their authors; other parts' text."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    for part in main.package.iter_parts():
        name = str(part.partname)
        stem = name.rsplit("/", 1)[-1].split(".")[0].rstrip("0123456789")
        if not name.endswith(".xml") or name == "/word/document.xml":
            continue
        if stem in _LAYOUT_PARTS or stem in ("header", "footer", "core", "app", "custom"):
            continue
        root = etree.fromstring(part.blob, parser)
        walker = _DocxWalker(part.rels)
        if stem in ("comments", "footnotes", "endnotes", "commentsExtended"):
            what = {"comments": "comment", "footnotes": "footnote", "endnotes": "endnote"}
            label = what.get(stem, "comment")
            n = 0
            for note in root.iterchildren():
                if note.get(f"{_W}type") in ("separator", "continuationSeparator"):
                    continue
                n += 1
                where = f"{label} {n}"
                for attr in ("author", "initials"):
                    if note.get(f"{_W}{attr}"):
                        yield note.get(f"{_W}{attr}"), f"{where} ({attr})"
                yield from walker.container(note, where)
            continue
        # Anything else a recipient can open (people.xml with reviewers' names, custom XML
        # bound to content controls): its text and its attributes' words.
        texts = [t.strip() for t in root.itertext() if t.strip()]
        texts += [
            v
            for el in root.iter()
            if isinstance(el.tag, str)
            for k, v in el.attrib.items()
            if k.endswith(("}author", "}userId", "}providerId")) or k in ("author", "name")
        ]
        if texts:
            yield "\n".join(texts), f"part {name}"


def _properties_units(document: Any) -> Iterator[tuple[str, str]]:
    """The document's core, app and custom properties (File > Info in Word)."""
    from lxml import etree

    props = document.core_properties
    for name in (
        "author",
        "title",
        "subject",
        "keywords",
        "comments",
        "last_modified_by",
        "category",
        "content_status",
        "identifier",
        "language",
        "version",
    ):
        value = getattr(props, name, "") or ""
        if value:
            yield str(value), f"document properties ({name.replace('_', ' ')})"
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    for part in document.part.package.iter_parts():
        name = str(part.partname)
        if name == "/docProps/app.xml":
            root = etree.fromstring(part.blob, parser)
            for el in root.iter():
                if isinstance(el.tag, str) and el.text and el.text.strip() and len(el) == 0:
                    field_name = etree.QName(el).localname
                    yield el.text.strip(), f"document properties ({field_name})"
        elif name == "/docProps/custom.xml":
            root = etree.fromstring(part.blob, parser)
            for prop in root.iterchildren():
                label = prop.get("name") or "?"
                yield label, "custom property name"
                for value in prop.itertext():
                    if value.strip():
                        yield value.strip(), f"custom property '{label}'"


def pdf_pages(path: Path) -> Iterator[tuple[str, int]]:
    """The text of each page of a PDF, through pdftotext (poppler-utils)."""
    tool = shutil.which("pdftotext")
    if tool is None:
        raise ToolMissingError(
            f"{path}: scanning a PDF needs pdftotext; install poppler-utils (apt install "
            "poppler-utils), or scan the Word or Markdown file the PDF was made from."
        )
    check_readable(path, what="PDF", limit=MAX_PDF_BYTES, too_big="split the PDF")
    if _encrypted(path):
        _decrypted(path)  # refused here, before any page is scanned, if it cannot be read
    try:
        run = subprocess.run(
            [tool, "-layout", "-enc", "UTF-8", str(path), "-"],
            capture_output=True,
            check=False,
            timeout=PDF_SECONDS,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        raise InputFileError(
            f"{path}: pdftotext took more than {PDF_SECONDS} seconds to read this PDF (is it "
            "damaged?); scan the Word or Markdown file it was made from."
        ) from None
    if run.returncode != 0:
        raise InputFileError(f"{path}: pdftotext cannot read this PDF.")
    for n, page in enumerate(run.stdout.decode("utf-8", "replace").split("\f"), start=1):
        if page.strip():
            yield page, n


def _hyphen_joins(page: str) -> Iterator[tuple[str, int]]:
    """Words broken by a hyphen at a line's end, joined ("Oka-" + "for"), with their line."""
    for m in re.finditer(r"(\w+)[-\u00ad\u2010]\n[ \t]*(\w+)", page):
        yield m[1] + m[2], page.count("\n", 0, m.start()) + 1


_PDF_FIELDS = ("Title", "Subject", "Keywords", "Author", "Creator", "Producer")
_PDF_STRING_KEYS = re.compile(rb"/(Contents|T|TU|Subj|URI|RC|Title|Author|Name|V|F)\s*(\(|<(?!<))")
MAX_PDF_STREAM = 64 * MB  # for one stream, inflated


def pdf_extras(path: Path) -> Iterator[tuple[str, str]]:
    """A PDF's metadata (pdfinfo), and the strings of its annotations, links and forms."""
    tool = shutil.which("pdfinfo")
    if tool is not None:
        run = subprocess.run(
            [tool, "-enc", "UTF-8", str(path)],
            capture_output=True,
            check=False,
            timeout=PDF_SECONDS,
            stdin=subprocess.DEVNULL,
        )
        for line in run.stdout.decode("utf-8", "replace").splitlines():
            key, _, value = line.partition(":")
            if key in _PDF_FIELDS and value.strip():
                yield value.strip(), f"PDF metadata ({key})"
        meta = subprocess.run(
            [tool, "-meta", str(path)],
            capture_output=True,
            check=False,
            timeout=PDF_SECONDS,
            stdin=subprocess.DEVNULL,
        )
        xmp = meta.stdout.decode("utf-8", "replace")
        if xmp.strip():
            yield strip_markup(xmp, markup=True)[0], "PDF metadata (XMP)"
    raw = read_input(path, what="PDF", limit=MAX_PDF_BYTES, too_big="split the PDF")
    if _ENCRYPT.search(raw):
        raw = _decrypted(path)  # an encrypted file's strings are unreadable as they stand
    found = list(_pdf_strings(raw))
    if found:
        yield "\n".join(found), "PDF annotations, links and form fields"


# --- encrypted PDFs: read when they open without a password, else refused clearly ------------

_ENCRYPT = re.compile(rb"/Encrypt\s*(?:\d+\s+\d+\s+R|<<)")


def _encrypted(path: Path) -> bool:
    raw = read_input(path, what="PDF", limit=MAX_PDF_BYTES, too_big="split the PDF")
    return _ENCRYPT.search(raw) is not None


def _decrypted(path: Path) -> bytes:
    """An encrypted PDF opened with the empty password, as plain bytes; refused otherwise.

    Many PDFs are encrypted only to restrict printing or copying, and open for anyone: their
    pages read through pdftotext as they are, but their annotations and form fields are
    encrypted strings, so the file is decrypted (pikepdf) to read those too.
    """
    try:
        import pikepdf
    except ImportError:
        raise ToolMissingError(
            f"{path}: this PDF is encrypted; to read its annotations and form fields scan "
            "needs pikepdf (pip install pikepdf). Or save an unencrypted copy (print it to "
            "PDF) and scan that."
        ) from None
    import io

    try:
        with pikepdf.open(path, password="") as pdf:
            out = io.BytesIO()
            pdf.save(out, encryption=False, compress_streams=False)
            return out.getvalue()
    except pikepdf.PasswordError:
        raise InputFileError(
            f"{path}: this PDF is encrypted with a password, so scan cannot read it. Open it "
            "with its password, save an unencrypted copy (print it to PDF) and scan that, or "
            "scan the Word or Markdown file it was made from."
        ) from None
    except pikepdf.PdfError:
        raise InputFileError(f"{path}: this encrypted PDF cannot be read; is it damaged?") from None


def _pdf_strings(raw: bytes) -> Iterator[str]:
    """The strings under annotation, link and form keys, in the file and its object streams."""
    import zlib

    chunks = [raw]
    for m in re.finditer(rb"stream\r?\n", raw):
        inflater = zlib.decompressobj()
        try:
            chunks.append(
                inflater.decompress(raw[m.end() : m.end() + MAX_PDF_BYTES], MAX_PDF_STREAM)
            )
        except zlib.error:
            continue
    for chunk in chunks:
        for m in _PDF_STRING_KEYS.finditer(chunk):
            value = _pdf_string(chunk, m.end() - 1)
            if value.strip():
                yield value


def _pdf_string(data: bytes, start: int) -> str:
    """The PDF string (literal or hex) that starts at `start`, decoded."""
    if data[start : start + 1] == b"<":
        end = data.find(b">", start)
        digits = re.sub(rb"\s", b"", data[start + 1 : end if end > 0 else start + 1])
        try:
            raw = bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode("ascii"))
        except ValueError:
            return ""
    else:
        out = bytearray()
        depth = 0
        i = start
        escapes = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"", b"f": b""}
        while i < len(data) and i < start + 65536:
            c = data[i : i + 1]
            if c == b"\\":
                nxt = data[i + 1 : i + 2]
                octal = re.match(rb"[0-7]{1,3}", data[i + 1 : i + 4])
                if octal:
                    out.append(int(octal[0], 8) & 0xFF)
                    i += 1 + len(octal[0])
                    continue
                out += escapes.get(nxt, nxt if nxt not in b"\r\n" else b"")
                i += 2
                continue
            if c == b"(":
                depth += 1
                if depth > 1:
                    out += c
            elif c == b")":
                depth -= 1
                if depth == 0:
                    break
                out += c
            else:
                out += c
            i += 1
        raw = bytes(out)
    if raw.startswith(b"\xfe\xff"):
        return raw[2:].decode("utf-16-be", "replace")
    return raw.decode("latin-1")


# --- entry points -------------------------------------------------------------------------------


def case_known_words(case: Case) -> set[str]:
    """Words of the case that are labels, not names: people's names used, roles, vocabulary."""
    from reviewkit import vocabulary

    words: set[str] = set()
    texts: list[str] = [p.name for p in case.people]
    texts += [p.relationship or "" for p in case.people]
    texts += list(vocabulary.agency_types().values()) + list(vocabulary.event_types().values())
    texts += [f"{k} {v}" for k, v in {**vocabulary.glossary(), **case.glossary}.items()]
    texts += [i.role or "" for i in case.interviews] + [m.role for m in case.review.panel]
    if case.anonymise is not None and case.anonymise.anonymised:
        texts += [a.name for a in case.agencies] + [case.review.partnership]
    for text in texts:
        words.update(w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", text))
    return words


def scanner_for(case: Case) -> Scanner:
    """A scanner with the case's vocabulary."""
    from reviewkit.anonymise.agencies import agency_labels

    _, phrases = agency_labels(case)
    return Scanner(build_vocabulary(case, agency_labels=phrases), known=case_known_words(case))


def refuse_leaks(case: Case, doc: Document, what: str, hint: str) -> None:
    """Scan every word of a document about to be written; a definite hit raises LeakError."""
    scanner = scanner_for(case)
    scanner.scan_document(doc, what)
    report = scanner.finish()
    if report.hits:
        raise LeakError(report.hits, what=what, hint=hint)


def scan_files(paths: Iterable[Path], case: Case) -> ScanReport:
    """Scan files for the case's names, places and identifiers."""
    scanner = scanner_for(case)
    for path in paths:
        scanner.scan_path(path)
    return scanner.finish()


def scan_text(text: str, file: str, vocab: Vocabulary) -> ScanReport:
    """Scan one text (an output about to be written) with a vocabulary."""
    scanner = Scanner(vocab)
    scanner.scan_text(text, file)
    return scanner.finish()
