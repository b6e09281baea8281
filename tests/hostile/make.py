"""Broken and hostile input files, made on demand, for the tests that every reader refuses them.

Each maker writes one file (or one special file: a named pipe, a looping link) into a folder
and returns its path. They are made rather than committed: some are large once unpacked, and
pipes and links do not live in git. `python tests/hostile/make.py FOLDER` writes them all,
to try by hand.

The Excel and Word files are built with zipfile from the few parts a reader needs, so each
one is hostile in exactly one way.
"""

from __future__ import annotations

import os
import struct
import sys
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

Maker = Callable[[Path], Path]

HEADER = ["Date of contact", "Time", "Contact type", "Details", "Persons involved", "Outcome"]
ROWS = [
    ["14/03/2019", "17:25", "Domestic incident", "Officers attended.", "Mother", "Referral."],
    ["15/03/2019", "10:00", "Strategy meeting", "Strategy discussion.", "Mother", "S47 agreed."],
    ["02/04/2019", "", "Arrest", "Partner arrested.", "Mother's partner", "Bailed."],
]


# --- CSV ----------------------------------------------------------------------------------------


def police_extra_cells(folder: Path) -> Path:
    """A police return with ';' between cells and an unquoted ';' inside three of its cells."""
    path = folder / "police-extra-cells.csv"
    lines = [";".join(HEADER)]
    for n, row in enumerate(ROWS * 2):
        cells = list(row)
        if n % 2 == 0:  # rows 2, 4 and 6: a ';' typed inside the details
            cells[3] = cells[3].rstrip(".") + "; partner had left."
        lines.append(";".join(cells))
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def police_unbalanced_quote(folder: Path) -> Path:
    """A police return whose row 3 opens a quote it never closes."""
    path = folder / "police-unbalanced-quote.csv"
    lines = [",".join(HEADER)]
    for n, row in enumerate(ROWS * 2):
        cells = list(row)
        if n == 1:
            cells[3] = '"Strategy discussion, by phone'
        lines.append(",".join(cells))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def police_text_after_quote(folder: Path) -> Path:
    """A police return whose row 4 has text after a quoted cell's closing quote."""
    path = folder / "police-text-after-quote.csv"
    lines = [",".join(HEADER)]
    for n, row in enumerate(ROWS):
        cells = list(row)
        if n == 2:
            cells[3] = '"Partner" arrested at home'
        lines.append(",".join(cells))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --- Excel --------------------------------------------------------------------------------------


def _workbook(
    path: Path,
    sheet: str | Iterable[bytes],
    *,
    strings: str | None = None,
    styles: str | None = None,
) -> Path:
    """An .xlsx of one sheet named Chronology, its XML given whole or as a stream of pieces."""
    rels = [f'<Relationship Id="rId1" Type="{_R}/worksheet" Target="worksheets/sheet1.xml"/>']
    if strings is not None:
        rels.append(
            f'<Relationship Id="rId2" Type="{_R}/sharedStrings" Target="sharedStrings.xml"/>'
        )
    if styles is not None:
        rels.append(f'<Relationship Id="rId3" Type="{_R}/styles" Target="styles.xml"/>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
        )
        zf.writestr(
            "_rels/.rels",
            f'<?xml version="1.0"?><Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
            f'Type="{_R}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        zf.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0"?><workbook xmlns="{_MAIN}" xmlns:r="{_R}"><sheets>'
            '<sheet name="Chronology" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        zf.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<?xml version="1.0"?><Relationships xmlns="{_PKG}">{"".join(rels)}</Relationships>',
        )
        if strings is not None:
            zf.writestr("xl/sharedStrings.xml", strings)
        if styles is not None:
            zf.writestr("xl/styles.xml", styles)
        if isinstance(sheet, str):
            zf.writestr("xl/worksheets/sheet1.xml", sheet)
        else:
            with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as out:
                for piece in sheet:
                    out.write(piece)
    return path


def _sheet(rows: str, dimension: str = "A1:F4", after: str = "") -> str:
    return (
        f'<?xml version="1.0"?><worksheet xmlns="{_MAIN}"><dimension ref="{dimension}"/>'
        f"<sheetData>{rows}</sheetData>{after}</worksheet>"
    )


def _inline(row: int, cells: list[str]) -> str:
    inner = "".join(
        f'<c r="{chr(65 + i)}{row}" t="inlineStr"><is><t>{text}</t></is></c>'
        for i, text in enumerate(cells)
        if text
    )
    return f'<row r="{row}">{inner}</row>'


def _chronology_rows() -> str:
    return "".join(_inline(n, cells) for n, cells in enumerate([HEADER, *ROWS], start=1))


_STYLES = (
    f'<?xml version="1.0"?><styleSheet xmlns="{_MAIN}"><cellXfs count="2">'
    '<xf numFmtId="0"/><xf numFmtId="0" applyFill="1"/></cellXfs></styleSheet>'
)


def xlsx_far_corner_styled(folder: Path) -> Path:
    """A good chronology in a sheet claiming A1:XFD1048576, one formatted cell in that corner.

    Not hostile once read as a stream: the empty cell is ignored and the rows import.
    """
    corner = '<row r="1048576"><c r="XFD1048576" s="1"/></row>'
    sheet = _sheet(_chronology_rows() + corner, "A1:XFD1048576")
    return _workbook(folder / "far-corner-styled.xlsx", sheet, styles=_STYLES)


def xlsx_far_corner_value(folder: Path) -> Path:
    """A sheet claiming A1:XFD1048576 with a value in its far corner."""
    corner = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    sheet = _sheet(_chronology_rows() + corner, "A1:XFD1048576")
    return _workbook(folder / "far-corner-value.xlsx", sheet, styles=_STYLES)


def xlsx_huge_shared_string(folder: Path) -> Path:
    """A shared string of 50 MB (a few dozen KB once compressed)."""
    strings = (
        f'<?xml version="1.0"?><sst xmlns="{_MAIN}" count="1" uniqueCount="1"><si><t>'
        + "A" * (50 * 1_048_576)
        + "</t></si></sst>"
    )
    rows = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    return _workbook(folder / "huge-shared-string.xlsx", _sheet(rows), strings=strings)


def xlsx_long_shared_string(folder: Path) -> Path:
    """A shared string of 40,000 characters, longer than an Excel cell can hold."""
    strings = f'<?xml version="1.0"?><sst xmlns="{_MAIN}"><si><t>{"A" * 40_000}</t></si></sst>'
    rows = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    return _workbook(folder / "long-shared-string.xlsx", _sheet(rows), strings=strings)


def xlsx_row_past_the_end(folder: Path) -> Path:
    """A row numbered 1,048,577, one past the last row any sheet can have."""
    rows = _chronology_rows() + _inline(1_048_577, ["x"])
    return _workbook(folder / "row-past-the-end.xlsx", _sheet(rows))


def xlsx_bad_sheet_xml(folder: Path) -> Path:
    """A sheet whose XML breaks off in the middle of a cell."""
    sheet = _sheet(_chronology_rows())[:-60]
    return _workbook(folder / "bad-sheet-xml.xlsx", sheet)


def xlsx_too_many_rows(folder: Path) -> Path:
    """A sheet with a value in each of 100,001 rows: one past the rows reviewkit reads."""

    def pieces() -> Iterable[bytes]:
        yield _sheet("", "A1:A100001").split("<sheetData>")[0].encode() + b"<sheetData>"
        for n in range(1, 100_002):
            yield f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>'.encode()
        yield b"</sheetData></worksheet>"

    return _workbook(folder / "too-many-rows.xlsx", pieces())


def xlsx_three_million_rows(folder: Path) -> Path:
    """A sheet of three million rows (some 130 MB of XML, 1.5 MB compressed)."""

    def pieces() -> Iterable[bytes]:
        yield _sheet("", "A1:A3000000").split("<sheetData>")[0].encode() + b"<sheetData>"
        chunk = []
        for n in range(1, 3_000_001):
            chunk.append(f'<row r="{n}"><c r="A{n}"><v>1</v></c></row>')
            if len(chunk) == 100_000:
                yield "".join(chunk).encode()
                chunk = []
        yield "".join(chunk).encode() + b"</sheetData></worksheet>"

    return _workbook(folder / "three-million-rows.xlsx", pieces())


def _declare_huge(path: Path, member: str, size: int = 0xFFFF0000) -> Path:
    """Rewrite a zip's headers so that `member` claims to unpack to `size` bytes."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    # (signature, where the size is, where the name's length is, where the name starts)
    headers = ((b"PK\x03\x04", 22, 26, 30), (b"PK\x01\x02", 24, 28, 46))
    for signature, size_at, length_at, name_at in headers:
        at = data.find(signature)
        while at != -1:
            (length,) = struct.unpack_from("<H", data, at + length_at)
            if data[at + name_at : at + name_at + length] == name:
                struct.pack_into("<I", data, at + size_at, size)
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))
    return path


def xlsx_zip_bomb(folder: Path) -> Path:
    """A workbook whose sheet declares it unpacks to 4 GB."""
    path = _workbook(folder / "zip-bomb.xlsx", _sheet(_chronology_rows()))
    return _declare_huge(path, "xl/worksheets/sheet1.xml")


def xlsx_not_a_zip(folder: Path) -> Path:
    """Text saved with an .xlsx name."""
    path = folder / "not-a-zip.xlsx"
    path.write_text("Date,Summary\n14/03/2019,Visit\n", encoding="utf-8")
    return path


# --- Word ---------------------------------------------------------------------------------------


def _docx(path: Path, document: str) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats'
            '-package.relationships+xml"/><Override PartName="/word/document.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            "</Types>",
        )
        zf.writestr(
            "_rels/.rels",
            f'<?xml version="1.0"?><Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
            f'Type="{_R}/officeDocument" Target="word/document.xml"/></Relationships>',
        )
        zf.writestr("word/document.xml", document)
    return path


def docx_good(folder: Path) -> Path:
    """A small, valid Word file built the same way as the hostile ones."""
    body = f'<w:document xmlns:w="{_W}"><w:body><w:p><w:r><w:t>Hello</w:t></w:r></w:p></w:body></w:document>'
    return _docx(folder / "good.docx", body)


def docx_bad_xml(folder: Path) -> Path:
    """A Word file whose document part breaks off mid-paragraph."""
    return _docx(folder / "bad-xml.docx", f'<w:document xmlns:w="{_W}"><w:body><w:p><w:r>')


def docx_no_body(folder: Path) -> Path:
    """A Word file whose document part has no body (python-docx meets it as AttributeError)."""
    return _docx(folder / "no-body.docx", f'<w:document xmlns:w="{_W}"/>')


def docx_zip_bomb(folder: Path) -> Path:
    """A Word file whose document part declares it unpacks to 4 GB."""
    return _declare_huge(docx_good(folder).rename(folder / "zip-bomb.docx"), "word/document.xml")


def docx_huge_part(folder: Path) -> Path:
    """A Word file with 100 MB of document XML (about 100 KB compressed)."""
    text = "A" * 1_000
    body = f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" * 100_000
    document = f'<w:document xmlns:w="{_W}"><w:body>{body}</w:body></w:document>'
    return _docx(folder / "huge-part.docx", document)


def pdf_not_a_pdf(folder: Path) -> Path:
    """Text saved with a .pdf name."""
    path = folder / "not-a-pdf.pdf"
    path.write_text("%PDF-1.4 but nothing else\n", encoding="utf-8")
    return path


# --- not files at all ---------------------------------------------------------------------------


def named_pipe(folder: Path, name: str = "pipe.csv") -> Path:
    """A named pipe (FIFO) nobody writes to: reading it would wait for ever."""
    path = folder / name
    os.mkfifo(path)
    return path


def symlink_loop(folder: Path, name: str = "loop.csv") -> Path:
    """A symbolic link that points, through another, back at itself."""
    path = folder / name
    other = folder / f"other-{name}"
    path.symlink_to(other)
    other.symlink_to(path)
    return path


def directory(folder: Path, name: str = "folder.csv") -> Path:
    """A folder with a file's name."""
    path = folder / name
    path.mkdir()
    return path


MAKERS: dict[str, Maker] = {
    name: maker
    for name, maker in list(globals().items())
    if callable(maker)
    and not name.startswith("_")
    and name.split("_")[0] in ("police", "xlsx", "docx", "pdf", "named", "symlink", "directory")
}


def make_all(folder: Path) -> dict[str, Path]:
    """Every hostile file, written into `folder`; its path by maker name."""
    folder.mkdir(parents=True, exist_ok=True)
    return {name: maker(folder) for name, maker in MAKERS.items()}


if __name__ == "__main__":
    for made in make_all(Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-files")).values():
        sys.stdout.write(f"{made}\n")
