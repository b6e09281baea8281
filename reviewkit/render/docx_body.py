"""The body of the Word document, written straight as WordprocessingML text.

Building XML as strings (not through python-docx's object API) keeps a 20,000-row chronology
to about a second. Every piece of text passes through `Text.clean`, which removes the
characters an XML file cannot hold and notes where it found them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from reviewkit.document import (
    FOOTNOTE_MARK,
    REMOVED_CHARACTERS,
    Block,
    BulletList,
    Definitions,
    Document,
    Figure,
    Notice,
    Paragraph,
    Placeholder,
    Quote,
    Section,
    Table,
)

# XML 1.0 cannot hold C0 controls (other than tab and newline), lone surrogates or U+FFFE/F;
# DEL and C1 controls are legal but show as boxes, so they go too.
_BAD = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Line breaks as pasted from other programs (Word's manual break is \x0b).
_BREAKS = re.compile("\r\n?|[\x0b\x0c\u2028\u2029]")
_SPLIT = re.compile("([\n\t])")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_RTL_CHARS = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc"
# A run of right-to-left script, with the spaces and punctuation between its words.
_RTL = re.compile(f"[{_RTL_CHARS}]+(?:[\\s\u060c\u061b\u061f\u06d4.,:;!?()\"'-]+[{_RTL_CHARS}]+)*")
_RTL_RPR = "<w:rPr><w:rtl/></w:rPr>"
_KEEP_ROW = "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
# Characters in a row short enough never to need a page break inside it; a longer row may
# break, or Word would clip a row taller than the page.
_SHORT_ROW = 1500
# A table with fewer rows than this is kept whole on one page (each row keeps with the next),
# so a page never ends on a header and one row.
KEEP_TABLE_ROWS = 12
BOLD_RPR = "<w:rPr><w:b/><w:bCs/></w:rPr>"


def xml_safe(text: str) -> str:
    """`text` on one line without the characters XML cannot hold (for properties, headers)."""
    return _BAD.sub("", _BREAKS.sub(" ", text)).replace("\n", " ")


def escape(text: str) -> str:
    """Escape text for an XML element."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(text: str) -> str:
    """Text for an XML attribute in double quotes, on one line."""
    return escape(" ".join(text.split())).replace('"', "&quot;")


@dataclass(frozen=True)
class Place:
    """Where some text sits: "paragraph 5.3" in the section headed "5 Findings"."""

    detail: str
    heading: str = ""

    def notice(self, codes: str) -> Notice:
        """The warning for characters removed here."""
        message = f"removed {codes}"
        return Notice(message, where=self.detail, about=self.heading, code=REMOVED_CHARACTERS)


@dataclass
class Text:
    """Cleans text for XML and collects a warning, naming where, for each removal."""

    warnings: list[Notice] = field(default_factory=list)

    def clean(self, text: str, where: Place | Callable[[], Place]) -> str:
        """`text` without characters XML cannot hold; `where` names the place for a warning."""
        if _BREAKS.search(text):
            text = _BREAKS.sub("\n", text)
        found = _BAD.findall(text)
        if found:
            codes = ", ".join(sorted({f"U+{ord(c):04X}" for c in found}))
            place = where if isinstance(where, Place) else where()
            self.warnings.append(place.notice(codes))
            text = _BAD.sub("", text)
        return text


def runs(text: str, rpr: str = "") -> str:
    """Runs for clean text: tabs and line breaks become Word's, right-to-left script is marked.

    A footnote's mark becomes Word's reference to the footnote (the notes themselves are the
    footnotes part, `footnotes_xml`).
    """
    if not text:
        return ""
    if "\ue000" in text:
        out, pos = [], 0
        for match in FOOTNOTE_MARK.finditer(text):
            out.append(runs(text[pos : match.start()], rpr))
            out.append(
                '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                f'<w:footnoteReference w:id="{match.group(1)}"/></w:r>'
            )
            pos = match.end()
        out.append(runs(text[pos:], rpr))
        return "".join(out)
    if not _RTL.search(text):
        return _runs(text, rpr)
    rtl_rpr = rpr.replace("</w:rPr>", "<w:rtl/></w:rPr>") if rpr else _RTL_RPR
    out, pos = [], 0
    for match in _RTL.finditer(text):
        out.append(_runs(text[pos : match.start()], rpr))
        out.append(_runs(match.group(), rtl_rpr))
        pos = match.end()
    out.append(_runs(text[pos:], rpr))
    return "".join(out)


def _runs(text: str, rpr: str) -> str:
    if not text:
        return ""
    if "\n" not in text and "\t" not in text:
        return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'
    inner = "".join(
        "<w:br/>"
        if part == "\n"
        else "<w:tab/>"
        if part == "\t"
        else f'<w:t xml:space="preserve">{escape(part)}</w:t>'
        for part in _SPLIT.split(text)
        if part
    )
    return f"<w:r>{rpr}{inner}</w:r>"


def mostly_rtl(text: str) -> bool:
    """Whether most of `text` is right-to-left script (the paragraph then reads right to left)."""
    letters = sum(1 for c in text if c.isalpha())
    rtl = sum(len(m.group()) for m in _RTL.finditer(text))
    return letters > 0 and rtl * 2 > letters


def ppr(
    style: str,
    *,
    keep_next: bool = False,
    page_break: bool = False,
    num: tuple[int, int] | None = None,
    bidi: bool = False,
    space_before: int | None = None,
) -> str:
    """Paragraph properties, in the schema's order."""
    parts = [f'<w:pPr><w:pStyle w:val="{style}"/>']
    if keep_next:
        parts.append("<w:keepNext/>")
    if page_break:
        parts.append("<w:pageBreakBefore/>")
    if num is not None:
        parts.append(f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>')
    if bidi:
        parts.append("<w:bidi/>")
    if space_before is not None:
        parts.append(f'<w:spacing w:before="{space_before}"/>')
    parts.append("</w:pPr>")
    return "".join(parts)


@dataclass
class Layout:
    """What the body needs to know about the target package."""

    styles: dict[str, str]  # role (see docx_parts.STYLE_NAMES) -> style id
    chapter_num: int
    bullet_num: int
    number_abstract: int  # abstract list the numbered lists restart from
    next_num_id: int  # first free numbering id, for restarted numbered lists
    text_width: int  # portrait, in twips
    landscape_width: int
    section_break: Callable[[bool, bool], str]  # (landscape, with header refs) -> sectPr XML


@dataclass(frozen=True)
class Image:
    """A picture already in the package: its relationship id, number and size in pixels."""

    rid: str
    number: int
    width: int
    height: int


_EMU_PER_TWIP = 635  # English Metric Units: 914,400 an inch, 1,440 twips an inch
_DRAWING_NS = (
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"'
)


@dataclass
class Body:
    """Writes a `Document` as the children of <w:body>, chunk by chunk."""

    doc: Document
    layout: Layout
    text: Text = field(default_factory=Text)
    restarts: list[int] = field(default_factory=list)  # num ids of numbered lists
    images: dict[int, Image] = field(default_factory=dict)  # id(Figure) -> its picture
    _bookmarks: dict[int, str] = field(default_factory=dict)
    _chapters: int = 0  # chapters Word has numbered so far
    _chapter: str | None = None  # the current chapter's number, when Word numbers it
    _paragraphs: int = 0  # paragraphs Word has numbered in the current chapter
    _page_break: bool = False  # the next heading starts a new page
    _new_section: bool = False  # a section break just started a new page already
    _refs_written: bool = False

    def chunks(self) -> Iterator[str]:
        """The body XML, in pieces."""
        doc = self.doc
        for i, section in enumerate(s for s in doc.walk() if s.level <= 2):
            self._bookmarks[id(section)] = f"_Toc{i + 1:05d}"
        yield from self._cover()
        if doc.contents:
            yield from self._contents()
        self._page_break = True
        landscape = False
        for section in doc.sections:
            wide = any(
                isinstance(b, Table) and b.landscape for s in section.walk() for b in s.blocks
            )
            if wide != landscape:
                yield f"<w:p><w:pPr>{self._sect(landscape)}</w:pPr></w:p>"
                landscape = wide
                self._new_section = True
            yield from self._section(section)
        yield self._sect(landscape)

    def _sect(self, landscape: bool) -> str:
        refs = not self._refs_written
        self._refs_written = True
        return self.layout.section_break(landscape, refs)

    def _p(
        self,
        role: str,
        text: str,
        where: Place | Callable[[], Place],
        *,
        keep_next: bool = False,
        num: tuple[int, int] | None = None,
        lead: str = "",
    ) -> str:
        clean = self.text.clean(text, where)
        bidi = mostly_rtl(clean) if _RTL.search(clean) else False
        props = ppr(self.layout.styles[role], keep_next=keep_next, num=num, bidi=bidi)
        # A lead-in label ("Learning.") is bold, then the text follows on the same line.
        label = runs(self.text.clean(lead, where) + " ", BOLD_RPR) if lead else ""
        return f"<w:p>{props}{label}{runs(clean)}</w:p>"

    # --- cover and contents ---------------------------------------------------------------

    def _cover(self) -> Iterator[str]:
        cover = self.doc.cover
        if cover.partnership:
            yield self._p("cover_partnership", cover.partnership, Place("cover partnership"))
        if cover.title:
            yield self._p("title", cover.title, Place("cover title"))
        if cover.subtitle:
            yield self._p("subtitle", cover.subtitle, Place("cover subtitle"))
        for i, (label, value) in enumerate(cover.details):
            where = Place(f"cover {label.lower()}")
            props = ppr(self.layout.styles["cover"], space_before=1440 if i == 0 else None)
            label_runs = runs(self.text.clean(label, where) + ": ", BOLD_RPR)
            yield f"<w:p>{props}{label_runs}{runs(self.text.clean(value, where))}</w:p>"

    def _contents(self) -> Iterator[str]:
        styles = self.layout.styles
        title = runs(self.text.clean(self.doc.contents_title, Place("contents")))
        yield f"<w:p>{ppr(styles['toc_heading'], page_break=True)}{title}</w:p>"
        entries = [s for s in self.doc.walk() if s.level <= 2]
        begin = (
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">'
            ' TOC \\o "1-2" \\h \\z \\u </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        )
        end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        if not entries:
            yield f"<w:p>{ppr(styles['toc1'])}{begin}{end}</w:p>"
            return
        for i, section in enumerate(entries):
            heading = self.text.clean(section.heading, Place("heading", section.title))
            link = (
                f'<w:hyperlink w:anchor="{self._bookmarks[id(section)]}" w:history="1">'
                f"{runs(heading)}</w:hyperlink>"
            )
            style = styles["toc1" if section.level == 1 else "toc2"]
            yield (
                f"<w:p>{ppr(style)}{begin if i == 0 else ''}{link}"
                f"{end if i == len(entries) - 1 else ''}</w:p>"
            )

    # --- sections and blocks --------------------------------------------------------------

    def _section(self, section: Section) -> Iterator[str]:
        if section.heading:
            yield self._heading(section)
        for index, block in enumerate(section.blocks, start=1):
            yield from self._block(block, section, index)
        for sub in section.sections:
            yield from self._section(sub)

    def _heading(self, section: Section) -> str:
        level = min(max(section.level, 1), 3)
        styles = self.layout.styles
        text, num = section.heading, None
        if level == 1:
            # Word numbers the chapter itself when its number is the next one Word would give.
            if section.number == str(self._chapters + 1):
                text, num = section.title, (self.layout.chapter_num, 0)
                self._chapters += 1
                self._chapter, self._paragraphs = section.number, 0
            else:
                num, self._chapter = (0, 0), None
        page_break = level == 1 and not self._new_section
        page_break = page_break and (self._page_break or section.appendix)
        self._page_break = self._new_section = False
        clean = self.text.clean(text, Place("heading", section.title))
        props = ppr(styles[f"h{level}"], page_break=page_break, num=num)
        bookmark = self._bookmarks.get(id(section))
        if bookmark is None:
            return f"<w:p>{props}{runs(clean)}</w:p>"
        mark = int(bookmark[4:])
        return (
            f'<w:p>{props}<w:bookmarkStart w:id="{mark}" w:name="{bookmark}"/>{runs(clean)}'
            f'<w:bookmarkEnd w:id="{mark}"/></w:p>'
        )

    def _block(self, block: Block, section: Section, index: int) -> Iterator[str]:
        def where() -> Place:
            number = getattr(block, "number", None)
            return Place(f"paragraph {number}" if number else f"block {index}", section.heading)

        if isinstance(block, Paragraph):
            yield self._paragraph(block, where)
        elif isinstance(block, Quote):
            parts = [p for p in _BLANK_LINE.split(block.text) if p.strip()] or [""]
            role = "child" if block.child else "quote"
            if block.lead:
                # The label over the words ("In Ruby's words:") sits in the same box, in bold.
                label = runs(self.text.clean(block.lead, where), BOLD_RPR)
                props = ppr(self.layout.styles[role], keep_next=True)
                yield f"<w:p>{props}{label}</w:p>"
            for i, part in enumerate(parts):
                last = i == len(parts) - 1
                yield self._p(role, part, where, keep_next=not last or bool(block.attribution))
            if block.attribution:
                yield self._p("attribution", block.attribution, where)
        elif isinstance(block, BulletList):
            if block.numbered:
                num = (self.layout.next_num_id + len(self.restarts), 0)
                self.restarts.append(num[0])
                role = "number"
            else:
                num, role = (self.layout.bullet_num, 0), "bullet"
            for item in block.items:
                yield self._p(role, item, where, num=num)
        elif isinstance(block, Table):
            yield from self._table(block, section)
        elif isinstance(block, Placeholder):
            text = f"{block.text}\n{block.hint}" if block.hint else block.text
            yield self._p("placeholder", text, where)
        elif isinstance(block, Definitions):
            table = Table(list(block.header), [list(item) for item in block.items])
            table.widths = [0.25, 0.75]
            yield from self._table(table, section)
        elif isinstance(block, Figure):
            yield from self._figure(block, where)
        else:  # pragma: no cover - a new block type needs a renderer
            raise TypeError(f"no Word rendering for {type(block).__name__}")

    def _figure(self, figure: Figure, where: Callable[[], Place]) -> Iterator[str]:
        if figure.caption:
            yield self._p("caption", figure.caption, where, keep_next=True)
        image = self.images.get(id(figure))
        if image is None:  # a document rendered without its pictures: the words stand in
            yield self._p("body", figure.alt, where)
            return
        # As wide as the text, keeping the picture's shape.
        cx = self.layout.text_width * _EMU_PER_TWIP
        cy = cx * image.height // max(image.width, 1)
        # descr is the alt text Word and screen readers read; title is its short name.
        alt = _attribute(self.text.clean(figure.alt, where))
        name = _attribute(self.text.clean(figure.caption or f"Figure {image.number}", where))
        n = image.number
        drawing = (
            f'<w:drawing><wp:inline {_DRAWING_NS} distT="0" distB="0" distL="0" distR="0">'
            f'<wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="{1000 + n}" name="Figure {n}" '
            f'title="{name}" descr="{alt}"/>'
            '<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>'
            '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
            f'<pic:pic><pic:nvPicPr><pic:cNvPr id="{n}" name="figure{n}.png" descr="{alt}"/>'
            "<pic:cNvPicPr/></pic:nvPicPr>"
            f'<pic:blipFill><a:blip r:embed="{image.rid}"/><a:stretch><a:fillRect/></a:stretch>'
            '</pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/>'
            f'<a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
            "</pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing>"
        )
        props = ppr(self.layout.styles["body"])
        yield f"<w:p>{props}<w:r>{drawing}</w:r></w:p>"

    def _paragraph(self, block: Paragraph, where: Callable[[], Place]) -> str:
        lead = block.lead
        if block.number is None:
            return self._p("body", block.text, where, lead=lead)
        expected = f"{self._chapter}.{self._paragraphs + 1}" if self._chapter else None
        if block.number == expected:
            self._paragraphs += 1
            num = (self.layout.chapter_num, 1)
            return self._p("numbered", block.text, where, num=num, lead=lead)
        # A number Word would not give (say "5.3a"): written out, Word's numbering switched off.
        if lead:
            lead = f"{block.number}\t{lead}"
            return self._p("numbered", block.text, where, num=(0, 0), lead=lead)
        return self._p("numbered", f"{block.number}\t{block.text}", where, num=(0, 0))

    def _table(self, table: Table, section: Section) -> Iterator[str]:
        styles = self.layout.styles
        clean = self.text.clean
        heading = section.heading
        short = len(table.rows) < KEEP_TABLE_ROWS
        if table.caption:
            yield self._p("caption", table.caption, Place("table caption", heading), keep_next=True)
        columns = max([len(table.header), *(len(row) for row in table.rows)])
        if columns == 0:
            return  # Word cannot hold a table without cells
        header = [*table.header, *[""] * (columns - len(table.header))]
        width = self.layout.landscape_width if table.landscape else self.layout.text_width
        twips = column_widths(header, table.widths, width)
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in twips)
        yield (
            f'<w:tbl><w:tblPr><w:tblStyle w:val="{styles["table"]}"/>'
            f'<w:tblW w:w="{sum(twips)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
            f'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
        )
        head_ppr = ppr(styles["cell_head"], keep_next=True)
        cells = []
        for name, w in zip(header, twips, strict=True):
            text = clean(name, Place(f"table header '{name[:20]}'", heading))
            cells.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr>'
                f"<w:p>{head_ppr}{runs(text)}</w:p></w:tc>"
            )
        yield f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{''.join(cells)}</w:tr>"
        kept_open = f"<w:tc><w:p>{ppr(styles['cell'], keep_next=True)}"
        last_open = f"<w:tc><w:p>{ppr(styles['cell'])}"
        out: list[str] = []
        for r, row in enumerate(table.rows, start=1):
            # In a short table every row but the last keeps with the next one.
            cell_open = kept_open if short and r < len(table.rows) else last_open
            empty = f"{cell_open}</w:p></w:tc>"
            # Short rows stay whole on one page; a long one may break, or Word would clip it.
            out.append(_KEEP_ROW if sum(len(v) for v in row) < _SHORT_ROW else "<w:tr>")
            for c, value in enumerate(row):
                if not value:
                    out.append(empty)
                    continue
                if _BAD.search(value) or _BREAKS.search(value):
                    value = clean(value, Place(f"table row {r} '{header[c][:20]}'", heading))
                out.append(f"{cell_open}{runs(value)}</w:p></w:tc>")
            out.extend([empty] * (columns - len(row)))
            out.append("</w:tr>")
            if len(out) > 4000:
                yield "".join(out)
                out.clear()
        # Word joins two tables with nothing between them into one; this also spaces the text.
        out.append(f"</w:tbl><w:p>{ppr(styles['cell'])}</w:p>")
        yield "".join(out)


def column_widths(header: list[str], widths: list[float] | None, total: int) -> list[int]:
    """Column widths in twips: the relative `widths` (else equal), each header word fitting."""
    columns = len(header)
    relative = widths if widths and len(widths) == columns else [1.0] * columns
    scale = sum(w for w in relative if w > 0) or 1.0
    twips = [max(total * w / scale, 0.0) for w in relative]
    # About 115 twips a character of 9 pt bold, plus the cell margins.
    least = [max((len(word) for word in name.split()), default=0) * 115 + 200 for name in header]
    if sum(least) < total:
        short = [i for i in range(columns) if twips[i] < least[i]]
        if short:
            spare = total - sum(least[i] for i in short)
            rest = sum(twips[i] for i in range(columns) if i not in short) or 1.0
            twips = [least[i] if i in short else twips[i] * spare / rest for i in range(columns)]
    return [max(int(w), 200) for w in twips]


def footnotes_xml(notes: list[str], cell_style: str) -> bytes:
    """The footnotes part: Word's two separators, then note n (from 1) for each text."""
    from reviewkit.render.docx_parts import NS

    separators = (
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0"/>'
        "</w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>"
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr>'
        '<w:spacing w:after="0"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p>'
        "</w:footnote>"
    )
    items = "".join(
        f'<w:footnote w:id="{n}"><w:p>{ppr(cell_style)}'
        f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
        f"{runs(' ' + xml_safe(text))}</w:p></w:footnote>"
        for n, text in enumerate(notes, start=1)
    )
    xml = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes {NS}>'
    return f"{xml}{separators}{items}</w:footnotes>".encode()
