"""The Word report: a `Document` written as a .docx built on a reference document.

The look (styles, page setup, header and footer) comes from a reference document: the
default one (see `write_reference_doc`) or a partnership's own. Chapters and their numbered
paragraphs use Word's own numbering, so an author can edit the report in Word and the
numbers follow. The contents are a real TOC field, filled in with the headings; Word is
asked to update fields on opening so the page numbers are filled in too (the PDF route in
render/pdf.py updates them with LibreOffice instead).
"""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path
from typing import Any

from reviewkit import atomic
from reviewkit.document import (
    BulletList,
    Cover,
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
from reviewkit.errors import InputFileError
from reviewkit.render import docx_parts as parts
from reviewkit.render.docx_body import Body, Image, Layout, footnotes_xml, xml_safe
from reviewkit.render.docx_package import (
    DROPPED,
    Numbering,
    Package,
    W,
    header_and_footer,
    merge_numbering,
    merge_styles,
    parse,
    properties,
    serialize,
    settings,
)

_MARKER = "REVIEWKIT-BODY-GOES-HERE"
_FLUSH = 1 << 20  # characters of body XML buffered before compressing


def write_docx(doc: Document, path: Path, *, reference_doc: Path | None = None) -> list[Notice]:
    """Write `doc` as a Word file at `path` (atomically); return warnings naming where."""
    package = Package.read(reference_doc) if reference_doc else Package.default()
    data, warnings = render(doc, package)
    atomic.write_bytes(path, data)
    return warnings


def check_reference_doc(path: Path) -> None:
    """Raise InputFileError now, before any output is written, if `path` cannot be used."""
    Package.read(path)


def write_reference_doc(path: Path) -> None:
    """Write the default reference document: every style shown once, ready to customise."""
    data, _ = render(sample_document(), Package.default(), keep_tokens=True)
    atomic.write_bytes(path, data)


def render(
    doc: Document, package: Package, *, keep_tokens: bool = False
) -> tuple[bytes, list[Notice]]:
    """The .docx bytes for `doc` on `package`, and the warnings."""
    package.drop(package.main, DROPPED)
    package.drop("", DROPPED)
    package.set_content_type(package.main, parts.CT["main"])  # a .dotx becomes a document
    ids, added = merge_styles(package)
    numbering = merge_numbering(package, ids, added)
    settings(package, update_fields=not keep_tokens)
    root = package.xml(package.main)
    body = root.find(f"{W}body")
    if body is None:
        raise InputFileError(
            f"{package.source}: the reference document has no body; save it from Word as a "
            ".docx and try again."
        )
    sect = body.find(f"{W}sectPr")
    if sect is None:
        sect = parse(f"<w:x {parts.NS}>{parts.sect_pr()}</w:x>".encode())[0]
        for ref in [*sect.findall(f"{W}headerReference"), *sect.findall(f"{W}footerReference")]:
            sect.remove(ref)
    sect = copy.deepcopy(sect)
    cover = doc.cover
    marking, title = xml_safe(cover.marking), xml_safe(cover.title)
    header_and_footer(package, sect, ids, marking, title, keep=keep_tokens)
    properties(package, title, xml_safe(", ".join(cover.authors)), xml_safe(cover.status))
    head, tail = _document_shell(root)
    writer = Body(doc, _layout(sect, ids, numbering))
    writer.images = _embed_figures(doc, package)
    if doc.footnotes:
        # The notes cited in this report replace any the reference document brought.
        package.drop(package.main, (parts.RT_BASE + "footnotes",))
        package.add_part(
            package.main,
            parts.RT_BASE + "footnotes",
            package.unique_name("word/footnotes"),
            footnotes_xml(doc.footnotes, writer.layout.styles["cell"]),
            parts.CT["footnotes"],
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        zf.writestr("[Content_Types].xml", serialize(package.content_types))
        zf.writestr("_rels/.rels", package.parts["_rels/.rels"])
        with zf.open(package.main, "w") as out:
            out.write(head)
            pending: list[str] = []
            size = 0
            for chunk in writer.chunks():
                pending.append(chunk)
                size += len(chunk)
                if size > _FLUSH:
                    out.write("".join(pending).encode("utf-8"))
                    pending.clear()
                    size = 0
            out.write("".join(pending).encode("utf-8"))
            out.write(tail)
        numbering.finish(package, writer.restarts)
        for name, data in package.parts.items():
            if name not in ("[Content_Types].xml", "_rels/.rels", package.main):
                zf.writestr(name, data)
    return buffer.getvalue(), writer.text.warnings


def _embed_figures(doc: Document, package: Package) -> dict[int, Image]:
    """Draw each figure as PNG into the package; what the body needs to place each one."""
    figures = [b for b in doc.blocks() if isinstance(b, Figure)]
    if not figures:
        return {}
    from reviewkit.render.chart import PAGE_WIDTH, draw

    package.set_default_type("png", "image/png")
    images: dict[int, Image] = {}
    for number, figure in enumerate(figures, start=1):
        data = draw(figure.chart, "png", width=PAGE_WIDTH)
        name = package.unique_name("word/media/reviewkit-figure", "png")
        rid = package.add_part(package.main, parts.RT_IMAGE, name, data, "image/png")
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        images[id(figure)] = Image(rid, number, width, height)
    return images


def _document_shell(root: Any) -> tuple[bytes, bytes]:
    # The main part with an empty body, split where the body's content goes.
    from lxml import etree  # type: ignore[import-untyped]

    nsmap = dict(root.nsmap)
    if nsmap.get("w") != parts.W_NS or nsmap.get("r") != parts.R_NS:
        nsmap.update(w=parts.W_NS, r=parts.R_NS)
        new = etree.Element(root.tag, nsmap=nsmap)
        for key, value in root.attrib.items():
            new.set(key, value)
        new.extend(list(root))
        root = new
    body = root.find(f"{W}body")
    for child in list(body):
        body.remove(child)
    body.text = _MARKER
    head, tail = serialize(root).split(_MARKER.encode())
    return head, tail


def _layout(sect: Any, ids: dict[str, str], numbering: Numbering) -> Layout:
    size = sect.find(f"{W}pgSz")
    margins = sect.find(f"{W}pgMar")

    def twips(el: Any, name: str, default: int) -> int:
        value = el.get(f"{W}{name}") if el is not None else None
        try:
            return int(float(value)) if value else default
        except ValueError:
            return default

    width = twips(size, "w", parts.PAGE_WIDTH)
    height = twips(size, "h", parts.PAGE_HEIGHT)
    side = twips(margins, "left", parts.MARGIN) + twips(margins, "right", parts.MARGIN)
    side += twips(margins, "gutter", 0)
    variants: dict[tuple[bool, bool], str] = {}

    def section_break(landscape: bool, refs: bool) -> str:
        if (landscape, refs) not in variants:
            el = copy.deepcopy(sect)
            if not refs:
                for ref in [*el.findall(f"{W}headerReference"), *el.findall(f"{W}footerReference")]:
                    el.remove(ref)
            page = el.find(f"{W}pgSz")
            if landscape and page is not None:
                page.set(f"{W}w", str(max(width, height)))
                page.set(f"{W}h", str(min(width, height)))
                page.set(f"{W}orient", "landscape")
            from lxml import etree

            variants[landscape, refs] = etree.tostring(el, encoding="unicode")
        return variants[landscape, refs]

    return Layout(
        styles=ids,
        chapter_num=numbering.chapter,
        bullet_num=numbering.bullet,
        number_abstract=numbering.number_abstract,
        next_num_id=numbering.next_id,
        text_width=max(width - side, 2000),
        landscape_width=max(max(width, height) - side, 2000),
        section_break=section_break,
    )


def sample_document() -> Document:
    """A short report using every style once: the body of the default reference document."""
    cover = Cover(
        title="Child Safeguarding Practice Review",
        subtitle="Overview report (this is the Subtitle style)",
        partnership="Partnership name (Cover Partnership style)",
        details=[
            ("Child", "Child A"),
            ("Author", "Independent reviewer (Cover Details style)"),
            ("Report date", "Report date"),
            ("Publication date", "Publication date"),
            ("Status", "Draft"),
        ],
        marking=parts.MARKING_TOKEN,
        children=["Child A"],
        authors=["Independent reviewer (Cover Details style)"],
        status="Draft",
    )
    chapter = Section(
        "Heading 1: a numbered chapter",
        number="1",
        blocks=[
            Paragraph("Numbered Paragraph: Word numbers these 1.1, 1.2 ... per chapter.", "1.1"),
            Paragraph("A second numbered paragraph.", "1.2"),
            Paragraph("Body Text: an unnumbered paragraph."),
            BulletList(["List Bullet: a bulleted item.", "Another item."]),
            BulletList(["List Number: a numbered item.", "Another item."], numbered=True),
            Quote(
                "Quote: words of a practitioner or family member.",
                "\u2014 Quote Attribution style",
            ),
            Quote(
                "Child's Words: what the child said, set apart.",
                child=True,
                lead="In Child A's words:",
            ),
            Placeholder(
                "[Placeholder: analysis the author has not written yet]",
                where="episodes[0].learning",
                hint="Fill in episodes[0].learning in the case file.",
            ),
        ],
        sections=[
            Section(
                "Heading 2: a subsection",
                level=2,
                blocks=[Paragraph("The next numbered paragraph.", "1.3")],
                sections=[Section("Heading 3: a smaller subsection", level=3)],
            )
        ],
    )
    table = Section(
        "Heading 1: tables",
        number="2",
        blocks=[
            Table(
                ["Report Table style", "Table Heading style"],
                [["Table Text style", "Caption style names the table above it."]],
                caption="Caption: Table 1",
            ),
            Definitions([("Term", "A glossary is a two-column table.")]),
        ],
    )
    return Document("reference", cover, [chapter, table])
