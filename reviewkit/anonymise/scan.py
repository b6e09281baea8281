"""The leak scan: look through files for a case's real names, places and identifiers.

A scan reads YAML, Markdown and other text files, Word files (body, tables, headers, footers,
text boxes and the document's properties) and PDF files (their text, through pdftotext), and
reports each definite hit with where it is: FILE:LINE:COL in text, "paragraph 12" or "table 2,
row 3, cell 1" in Word, "page 2, line 7" in a PDF. A hit says what was found ("Mother: first
name", "NHS number"), never the name itself.

Beside the hits it keeps a review list: capitalised words that look like names but are not in
the case's vocabulary, the common-word list or written in lower case anywhere in the files
scanned. These are for a person to look at, not errors.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reviewkit.anonymise import identifiers
from reviewkit.anonymise.names import build_vocabulary
from reviewkit.dates import find_dates
from reviewkit.errors import InputFileError, ToolMissingError
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
        self._lower.update(w.lower() for w in re.findall(r"(?<![\w'’-])[a-z][a-z'’-]+", text))
        for m in _CAPITALISED.finditer(text):
            word = m[0]
            lowered = word.lower()
            if lowered in self.known or _sentence_start(text, m.start()):
                continue
            if any(start <= m.start() < end for start, end in taken):
                continue
            entry = self._candidates.get(word)
            if entry is None:
                self._candidates[word] = ReviewWord(word, 1, _where(file, locate(m.start())))
            else:
                entry.count += 1

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
        else:
            from reviewkit.casefile import read_text

            self.scan_text(read_text(path, what="file"), name)

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

    def finish(self) -> ScanReport:
        """The report, with the review list settled now that every text has been seen."""
        self.report.review = sorted(
            (w for w in self._candidates.values() if w.word.lower() not in self._lower),
            key=lambda w: (-w.count, w.word),
        )
        return self.report


def _fixed(where: str) -> Locate:
    """A locator for a unit with one location (a Word paragraph, a table cell)."""
    return lambda _offset: where


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


def _docx_units(document: Any) -> Iterator[tuple[str, str]]:
    from docx.oxml.ns import qn

    for n, para in enumerate(document.paragraphs, start=1):
        yield para.text, f"paragraph {n}"
    for t, table in enumerate(document.tables, start=1):
        yield from _table_units(table, f"table {t}")
    for s, section in enumerate(document.sections, start=1):
        parts = [
            ("header", section.header),
            ("first-page header", section.first_page_header),
            ("even-page header", section.even_page_header),
            ("footer", section.footer),
            ("first-page footer", section.first_page_footer),
            ("even-page footer", section.even_page_footer),
        ]
        for label, part in parts:
            if part.is_linked_to_previous and s > 1:
                continue
            where = f"{label} of section {s}"
            for para in part.paragraphs:
                yield para.text, where
            for table in part.tables:
                yield from _table_units(table, where + ", table")
    boxes = document.element.body.iter(qn("w:txbxContent"))
    for b, box in enumerate(boxes, start=1):
        text = "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in box)
        yield text, f"text box {b}"
    props = document.core_properties
    for name in ("author", "title", "subject", "keywords", "comments", "last_modified_by"):
        value = getattr(props, name, "") or ""
        if value:
            yield str(value), f"document properties ({name.replace('_', ' ')})"


def _table_units(table: object, where: str) -> Iterator[tuple[str, str]]:
    from docx.table import Table

    assert isinstance(table, Table)
    # A merged cell appears once per grid column. The elements are kept, not just their ids:
    # an id is reused once its object is freed, which made a later cell look "seen".
    seen: dict[int, object] = {}
    for r, row in enumerate(table.rows, start=1):
        for c, cell in enumerate(row.cells, start=1):
            if id(cell._tc) in seen:
                continue
            seen[id(cell._tc)] = cell._tc
            yield cell.text, f"{where}, row {r}, cell {c}"


def pdf_pages(path: Path) -> Iterator[tuple[str, int]]:
    """The text of each page of a PDF, through pdftotext (poppler-utils)."""
    tool = shutil.which("pdftotext")
    if tool is None:
        raise ToolMissingError(
            f"{path}: scanning a PDF needs pdftotext; install poppler-utils (apt install "
            "poppler-utils), or scan the Word or Markdown file the PDF was made from."
        )
    check_readable(path, what="PDF", limit=MAX_PDF_BYTES, too_big="split the PDF")
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
