"""The Markdown and the Word report say the same words, for every sample and report kind.

Every word a reader sees is decided when the document is assembled; the renderers only lay
it out. This test reads both outputs back as a sequence of words and compares them. The only
differences allowed are layout, each named here:

- the contents: Word's is a field (with page numbers) that Word rebuilds from the headings,
  Markdown's a list of links; both come from the same headings, so neither is compared;
- "Page X of Y" in Word's footer (Markdown has no pages);
- the protective marking, which Markdown prints at the top and bottom of the document and
  Word in the header and footer of every page: Word's header counts as the start of the
  document and its footer as the end;
- "Table:" before a caption in Markdown, which is pandoc's syntax for a caption;
- numbers that Word's own numbering shows (chapters 5, paragraphs 5.3) are worked out from
  the numbering as Word would, and list markers ("1." in a numbered list) are layout in both.

Words are runs of letters and digits, so punctuation and Markdown's markup and escapes
(which are undone first) never count.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from reviewkit.anonymise import Options, anonymise_file
from reviewkit.casefile import load_case
from reviewkit.document import Document
from reviewkit.render.docx import write_docx
from reviewkit.render.markdown import render
from reviewkit.reports import build_document

ROOT = Path(__file__).parent.parent
SAMPLES = sorted((ROOT / "sample_cases").glob("*/case.yaml"))
KINDS = [
    "lcspr",
    "rapid-review",
    "case-study",
    "case-study-notes",
    "action-plan",
    "progress",
    "briefing",
    "national",
    "thematic",
]
TODAY = dt.date(2025, 6, 30)  # action plans are rated on a fixed day, never the clock
_TOC_STYLES = {"TOC Heading", "toc 1", "toc 2", "toc 3"}
_WORD = re.compile(r"\w+")
_ESCAPE = re.compile(r"\\([^\w\s]|_)")
_LIST_MARKER = re.compile(r"^(?:> )*(?:[-+]|\d+\.) ", re.MULTILINE)
_FOOTNOTE_NOTE = re.compile(r"^\[\^\d+\]: ")
_FOOTNOTE_REF = re.compile(r"\[\^\d+\](?!:)")


def words(text: str) -> list[str]:
    """The words of `text`, in order."""
    return _WORD.findall(text)


def markdown_words(text: str, doc: Document) -> list[str]:
    """The words a reader of the Markdown sees, without the contents and the list markers."""
    out: list[str] = []
    blocks = text.split("\n\n")
    skip = False
    for block in blocks:
        if skip:
            skip = False
            continue
        if doc.contents and block == f"## {doc.contents_title}":
            skip = True  # and the list of links after it
            continue
        block = _LIST_MARKER.sub("", block)
        block = block.removeprefix("Table: ")
        # A footnote's reference is a mark, not a word; its note is read like Word's, at the end.
        block = _FOOTNOTE_NOTE.sub("", _FOOTNOTE_REF.sub("", block))
        out += words(_ESCAPE.sub(r"\1", block))
    return out


def _numbers(paragraphs: list[Any]) -> list[str]:
    """The number Word shows before each paragraph: chapters and their numbered paragraphs."""
    labels = []
    chapter = paragraph = 0
    for p in paragraphs:
        num = p._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        on = num is not None and num.find(qn("w:numId")).get(qn("w:val")) != "0"
        style = p.style.name
        if on and style == "Heading 1":
            chapter, paragraph = chapter + 1, 0
            labels.append(str(chapter))
        elif on and style == "Numbered Paragraph":
            paragraph += 1
            labels.append(f"{chapter}.{paragraph}")
        else:
            labels.append("")
    return labels


def docx_words(path: Path) -> list[str]:
    """The words a reader of the Word file sees: header, body and tables in order, footer."""
    document = docx.Document(str(path))
    section = document.sections[0]
    out = words(" ".join(p.text for p in section.header.paragraphs))
    body = document.element.body
    items: list[Any] = [
        DocxParagraph(el, document) if el.tag == qn("w:p") else DocxTable(el, document)
        for el in body.iterchildren()
        if el.tag in (qn("w:p"), qn("w:tbl"))
    ]
    paragraphs = [i for i in items if isinstance(i, DocxParagraph)]
    labels = dict(zip(map(id, paragraphs), _numbers(paragraphs), strict=True))
    for item in items:
        if isinstance(item, DocxTable):
            for row in item.rows:
                for cell in row.cells:
                    out += words(cell.text)
        elif item.style.name not in _TOC_STYLES:
            out += words(f"{labels[id(item)]} {item.text}")
    # The footnotes, after the body as Markdown puts them (Word prints them on their pages).
    for part in document.part.package.parts:
        if part.partname.startswith("/word/footnotes"):
            xml = part.blob.decode("utf-8")
            for note in re.findall(r'<w:footnote w:id="[1-9]\d*">(.*?)</w:footnote>', xml):
                out += words("".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", note)))
    for p in section.footer.paragraphs:
        if not re.fullmatch(r"Page \d+ of \d+", p.text):
            out += words(p.text)
    return out


@pytest.fixture(scope="module")
def anonymised(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, Path]:
    """Each sample anonymised (a case study is built only from an anonymised case)."""
    folder = tmp_path_factory.mktemp("anonymised")
    out = {}
    for sample in SAMPLES:
        path = folder / f"{sample.parent.name}.yaml"
        result = anonymise_file(sample, Options(output_name=path.name))
        path.write_text(result.text, encoding="utf-8")
        out[sample] = path
    return out


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.parent.name)
def test_markdown_and_word_say_the_same_words(
    sample: Path, kind: str, anonymised: dict[Path, Path], tmp_path: Path
) -> None:
    source = anonymised[sample] if kind.startswith("case-study") else sample
    case = load_case(source).case
    if kind in ("action-plan", "progress") and not any(r.actions for r in case.recommendations):
        pytest.skip("this sample has no action plan")
    doc = build_document(case, kind=kind, chronology=True, today=TODAY)
    path = tmp_path / "report.docx"
    write_docx(doc, path)
    md = markdown_words(render(doc), doc)
    word = docx_words(path)
    if md != word:
        # Show where they part, with some words either side.
        pairs = enumerate(zip(md, word, strict=False))
        at = next((i for i, (a, b) in pairs if a != b), min(len(md), len(word)))
        pytest.fail(
            f"first difference at word {at}:\n"
            f"  md:   {' '.join(md[max(at - 8, 0) : at + 12])}\n"
            f"  docx: {' '.join(word[max(at - 8, 0) : at + 12])}"
        )
    # The small portfolio samples and a sample's briefing are short; the rest are full reports.
    small = kind == "briefing" or sample.parent.name.startswith("lcspr-child-")
    assert len(md) > (100 if small else 300)


def test_the_comparison_sees_a_word_the_markdown_leaves_out(tmp_path: Path) -> None:
    """The readers are strict enough: one renderer wording something itself is caught."""
    ellis = next(s for s in SAMPLES if s.parent.name == "lcspr-ellis-family")
    doc = build_document(load_case(ellis).case, kind="lcspr")
    write_docx(doc, tmp_path / "r.docx")
    md = render(doc).replace("**Children:**", "**Children of the review:**", 1)
    assert markdown_words(md, doc) != docx_words(tmp_path / "r.docx")
