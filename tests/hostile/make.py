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


def device_zero(_folder: Path) -> Path:
    """/dev/zero: a device that gives zero bytes for ever."""
    return Path("/dev/zero")


def directory(folder: Path, name: str = "folder.csv") -> Path:
    """A folder with a file's name."""
    path = folder / name
    path.mkdir()
    return path


# --- case files ---------------------------------------------------------------------------------
#
# Each is the small valid case of tests/fixtures/check-valid.yaml with one line changed, so each
# is broken in exactly one way; the test's table says where the message must point.

BASE_CASE = Path(__file__).parent.parent / "fixtures" / "check-valid.yaml"
_BOM = "\ufeff"

# name -> (line of the base case, what replaces it). Every one is refused, or (where the test's
# table says so) read exactly as typed.
CASE_EDITS: dict[str, tuple[str, str]] = {
    "age-overflow": ("    age_at_incident: 2 years\n", "    age_at_incident: 99999999 days\n"),
    "age-words": ("    age_at_incident: 2 years\n", "    age_at_incident: two-ish\n"),
    "year-9999": ("    date: 2020-03-01\n", "    date: 9999-03-01\n"),
    "year-0001": ("    date: 2020-03-01\n", "    date: 0001-03-01\n"),
    "year-1899": ("    date: 2020-03-01\n", "    date: March 1899\n"),
    "year-2101-slash": ("    date: 2020-03-01\n", "    date: 01/03/2101\n"),
    "date-hex": ("    date: 2020-03-01\n", "    date: 0x7E7\n"),
    "date-arabic-indic": (
        "    date: 2020-03-01\n",
        "    date: \u0662\u0660\u0662\u0660-\u0660\u0663-\u0660\u0661\n",
    ),
    "date-february-30": ("    date: 2020-03-01\n", "    date: 2020-02-30\n"),
    "date-list": ("    date: 2020-03-01\n", "    date: [2020, 3, 1]\n"),
    "date-empty": ("    date: 2020-03-01\n", "    date:\n"),
    "dob-after-events": (
        "    dob: 2019-05-01\n    age_at_incident: 2 years\n",
        "    dob: 2022-05-01\n",
    ),
    "time-25-hours": ('    time: "17:25"\n', '    time: "25:61"\n'),
    "title-blank": ("  title: Review concerning Amy\n", "  title: '   '\n"),
    "title-missing": ("  title: Review concerning Amy\n", ""),
    "partnership-empty": (
        "  partnership: Testshire Safeguarding Children Partnership\n",
        "  partnership: ''\n",
    ),
    "name-blank": ("    name: Amy\n", "    name: ' '\n"),
    "summary-empty": ("    summary: Police called to the home\n", '    summary: ""\n'),
    "seq-true": ('    time: "17:25"\n', '    time: "17:25"\n    seq: true\n'),
    "seq-hex": ('    time: "17:25"\n', '    time: "17:25"\n    seq: 0x10\n'),
    "seq-huge": ('    time: "17:25"\n', '    time: "17:25"\n    seq: 99999999999999999999999999\n'),
    "seq-infinite": ('    time: "17:25"\n', '    time: "17:25"\n    seq: .inf\n'),
    "attendance-yes": (
        "  - kind: family\n    person: mum\n",
        "  - kind: group\n    attendance: yes\n",
    ),
    "child-seen-one": ("    child_seen: yes\n", "    child_seen: 1\n"),
    "tag-on-key": ("    name: Amy\n", "    !!python/object name: Amy\n"),
    "tag-python-value": (
        "    name: Amy\n",
        "    name: !!python/object/apply:os.system [echo hi]\n",
    ),
    "tag-bool": ("    child_seen: yes\n", '    child_seen: !!bool "definitely not"\n'),
    "tag-str": ("    name: Amy\n", "    name: !!str Amy\n"),
    "tag-seq": ("    people: [amy, mum]\n", "    people: !!seq [amy, mum]\n"),
    "tag-local": ("    name: Amy\n", "    name: !person Amy\n"),
    "control-bell": ("    name: Amy\n", "    name: A\x07my\n"),
    "control-escape": ("    name: Amy\n", "    name: \u00c9mi\x1b\n"),
    "control-escaped-in-quotes": (
        "    summary: Police called to the home\n",
        '    summary: "Police called\\e[2J to the home"\n',
    ),
    "lone-surrogate": ("    name: Amy\n", '    name: "Amy\\ud800"\n'),
    "second-document": ("themes:\n", "---\nreview: {title: Another}\nthemes:\n"),
    "duplicate-key": ("    name: Amy\n", "    name: Amy\n    name: Amelia\n"),
    "unknown-key": ("    child_seen: yes\n", "    child_sen: yes\n"),
    "unknown-agency": ("    agency: hv\n", "    agency: nhs\n"),
    "duplicate-id": ("  - id: e2\n", "  - id: e1\n"),
    "scope-reversed": ("    to: 2021-06-30\n", "    to: 2019-06-30\n"),
    "bad-indent": ("    role: child\n", "      role: child\n"),
    "tab-indent": ("    role: child\n", "\trole: child\n"),
    "unclosed-quote": ("    name: Amy\n", '    name: "Amy\n'),
    "unclosed-flow": ("    people: [amy, mum]\n", "    people: [amy, mum\n"),
    "merge-key": ("    name: Amy\n", "    <<: {name: Amy}\n"),
    "integer-key": ("    name: Amy\n", "    name: Amy\n    1: one\n"),
    "null-person": ("  - id: mum\n", "  - ~\n  - id: mum\n"),
    "markup-in-text": (
        "    summary: Police called to the home\n",
        '    summary: "[WRI] Police called; [name redacted] [/] [bold red]seen[/bold red]"\n',
    ),
    "markup-in-name": ("    name: Mother\n", '    name: "[/]Mother[link=file:///etc/passwd]"\n'),
}


def _edited_case(name: str, old: str, new: str) -> Maker:
    def maker(folder: Path) -> Path:
        text = BASE_CASE.read_text(encoding="utf-8")
        assert text.count(old) == 1, (name, old)
        path = folder / f"case-{name}.yaml"
        path.write_bytes(text.replace(old, new).encode("utf-8", "surrogatepass"))
        return path

    maker.__name__ = maker.__qualname__ = f"case_{name.replace('-', '_')}"
    maker.__doc__ = f"The small valid case with one change: {new.strip()[:60]!r}."
    return maker


def case_bom_crlf(folder: Path) -> Path:
    """A valid case saved by Windows Notepad: a UTF-8 BOM and CRLF line endings."""
    path = folder / "case-bom-crlf.yaml"
    text = BASE_CASE.read_text(encoding="utf-8").replace("\n", "\r\n")
    path.write_bytes((_BOM + text).encode("utf-8"))
    return path


def case_latin1(folder: Path) -> Path:
    """A case whose one accented letter was saved in Latin-1, not UTF-8."""
    path = folder / "case-latin1.yaml"
    text = BASE_CASE.read_text(encoding="utf-8").replace("name: Amy\n", "name: Am\u00e9lie\n")
    path.write_bytes(text.encode("latin-1"))
    return path


def case_utf16(folder: Path) -> Path:
    """A valid case saved as UTF-16 (with its BOM)."""
    path = folder / "case-utf16.yaml"
    path.write_bytes(BASE_CASE.read_text(encoding="utf-8").encode("utf-16"))
    return path


def case_binary(folder: Path) -> Path:
    """Bytes of a picture, saved with a case file's name."""
    path = folder / "case-binary.yaml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    return path


def case_empty(folder: Path) -> Path:
    """An empty case file."""
    path = folder / "case-empty.yaml"
    path.write_bytes(b"")
    return path


def case_only_comment(folder: Path) -> Path:
    """A case file holding nothing but a comment."""
    path = folder / "case-only-comment.yaml"
    path.write_text("# to do: write the case\n", encoding="utf-8")
    return path


def case_top_level_list(folder: Path) -> Path:
    """A YAML list where the case's mapping should be."""
    path = folder / "case-top-level-list.yaml"
    path.write_text("- review\n- people\n", encoding="utf-8")
    return path


def case_deep_nesting(folder: Path) -> Path:
    """A value nested 100,000 lists deep (a recursion bomb for naive readers)."""
    path = folder / "case-deep-nesting.yaml"
    path.write_text("review: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    return path


def case_alias_bomb(folder: Path) -> Path:
    """A "billion laughs": nine levels of aliases, each repeating the one before ten times."""
    lines = ['a0: &a0 ["lol"]']
    for n in range(1, 10):
        refs = ", ".join([f"*a{n - 1}"] * 10)
        lines.append(f"a{n}: &a{n} [{refs}]")
    path = folder / "case-alias-bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def case_huge(folder: Path) -> Path:
    """A case file past the 64 MB a case file may be (sparse: it uses no disk)."""
    path = folder / "case-huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(65 * 1_048_576)
    return path


def case_long_summary(folder: Path) -> Path:
    """A valid case whose one summary is a single word of 100,000 characters."""
    text = BASE_CASE.read_text(encoding="utf-8").replace(
        "summary: Police called to the home", "summary: " + "x" * 100_000
    )
    path = folder / "case-long-summary.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def case_many_events(folder: Path) -> Path:
    """A valid case with 2,000 events (a large but real chronology)."""
    text = BASE_CASE.read_text(encoding="utf-8")
    head, _, tail = text.partition("interviews:\n")
    extra = "".join(
        f"  - date: 2020-{1 + n % 12:02d}-{1 + n % 28:02d}\n    agency: police\n"
        f"    type: da-incident\n    summary: Call {n}\n"
        for n in range(2_000)
    )
    path = folder / "case-many-events.yaml"
    path.write_text(head + extra + "interviews:\n" + tail, encoding="utf-8")
    return path


# --- answers files, question sets, rules files (YAML inputs other than the case) ----------------


def _yaml(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    return path


def answers_unknown_section(folder: Path) -> Path:
    """Answers for an episode the case does not have."""
    return _yaml(folder, "answers-unknown-section.yaml", "kpe9:\n  known: Something.\n")


def answers_unknown_field(folder: Path) -> Path:
    """An answer to a question the question set does not ask."""
    return _yaml(folder, "answers-unknown-field.yaml", "kpe1:\n  knwon: Something.\n")


def answers_not_text(folder: Path) -> Path:
    """An answer that is a number, not text."""
    return _yaml(folder, "answers-not-text.yaml", "kpe1:\n  known: 42\n")


def answers_list(folder: Path) -> Path:
    """A list where the answers' mapping should be."""
    return _yaml(folder, "answers-list.yaml", "- kpe1\n- known\n")


def answers_tag(folder: Path) -> Path:
    """An answer carrying a Python tag."""
    return _yaml(folder, "answers-tag.yaml", "kpe1:\n  known: !!python/name:os.system ''\n")


def answers_second_document(folder: Path) -> Path:
    """Answers followed by a second YAML document."""
    return _yaml(folder, "answers-second-document.yaml", "kpe1:\n  known: A.\n---\nkpe1: {}\n")


def answers_control_character(folder: Path) -> Path:
    """An answer with a terminal escape sequence pasted into it."""
    return _yaml(folder, "answers-control-character.yaml", "kpe1:\n  known: Red \x1b[31m text\n")


def answers_bad_yaml(folder: Path) -> Path:
    """Answers whose YAML breaks on line 2."""
    return _yaml(folder, "answers-bad-yaml.yaml", "kpe1:\n  known: [unclosed\n")


def answers_duplicate(folder: Path) -> Path:
    """The same answer given twice."""
    return _yaml(folder, "answers-duplicate.yaml", "kpe1:\n  known: A.\n  known: B.\n")


def answers_not_utf8(folder: Path) -> Path:
    """Answers saved in Latin-1."""
    path = folder / "answers-not-utf8.yaml"
    path.write_bytes("kpe1:\n  known: Am\u00e9lie was seen.\n".encode("latin-1"))
    return path


def answers_alias_bomb(folder: Path) -> Path:
    """A billion laughs in an answers file."""
    lines = ['a0: &a0 ["lol"]']
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 10)]
    return _yaml(folder, "answers-alias-bomb.yaml", "\n".join(lines) + "\n")


def questions_bad_version(folder: Path) -> Path:
    """A question set of a version reviewkit does not know."""
    return _yaml(folder, "questions-bad-version.yaml", "version: 2\n")


def questions_unknown_field(folder: Path) -> Path:
    """A question writing to a field episodes do not have."""
    text = "version: 1\nepisode:\n  questions:\n    - field: secrets\n      prompt: Tell me.\n"
    return _yaml(folder, "questions-unknown-field.yaml", text)


def questions_empty_prompt(folder: Path) -> Path:
    """A question with an empty prompt."""
    text = "version: 1\nepisode:\n  questions:\n    - field: known\n      prompt: ''\n"
    return _yaml(folder, "questions-empty-prompt.yaml", text)


def questions_unknown_key(folder: Path) -> Path:
    """A question set with a key it cannot have."""
    return _yaml(folder, "questions-unknown-key.yaml", "version: 1\nepisodes: {}\n")


def questions_tag(folder: Path) -> Path:
    """A question set with a tag on a key."""
    return _yaml(folder, "questions-tag.yaml", "version: 1\n!!python/object episode: {}\n")


def questions_control_character(folder: Path) -> Path:
    """A prompt with a control character in it."""
    text = "version: 1\nepisode:\n  questions:\n    - field: known\n      prompt: Wh\x08at?\n"
    return _yaml(folder, "questions-control-character.yaml", text)


def questions_second_document(folder: Path) -> Path:
    """A question set followed by a second document."""
    return _yaml(folder, "questions-second-document.yaml", "version: 1\n---\nversion: 1\n")


def questions_not_a_mapping(folder: Path) -> Path:
    """A question set that is one string."""
    return _yaml(folder, "questions-not-a-mapping.yaml", "ask everything\n")


def rules_unknown_key(folder: Path) -> Path:
    """A rules file whose rule has a key rules do not have."""
    text = "rules:\n  - id: extra\n    label: Extra\n    from: awareness\n    amount: 5\n"
    text += "    unit: working-days\n    done: notification\n    source: Ours\n    colour: red\n"
    return _yaml(folder, "rules-unknown-key.yaml", text)


def rules_huge_amount(folder: Path) -> Path:
    """A rule whose deadline is 10^30 working days away."""
    text = "rules:\n  - id: far\n    label: Far\n    from: awareness\n"
    text += "    amount: 1000000000000000000000000000000\n    unit: working-days\n"
    text += "    done: notification\n    source: Ours\n"
    return _yaml(folder, "rules-huge-amount.yaml", text)


def rules_negative_amount(folder: Path) -> Path:
    """A rule counting minus five working days."""
    text = "rules:\n  - id: back\n    label: Back\n    from: awareness\n    amount: -5\n"
    text += "    unit: working-days\n    done: notification\n    source: Ours\n"
    return _yaml(folder, "rules-negative-amount.yaml", text)


def rules_bool_amount(folder: Path) -> Path:
    """A rule whose amount is `yes`."""
    text = "rules:\n  - id: odd\n    label: Odd\n    from: awareness\n    amount: yes\n"
    text += "    unit: working-days\n    done: notification\n    source: Ours\n"
    return _yaml(folder, "rules-bool-amount.yaml", text)


def rules_builtin_without_source(folder: Path) -> Path:
    """A built-in rule changed without saying on whose authority."""
    return _yaml(
        folder, "rules-builtin-without-source.yaml", "rules:\n  - id: notification\n    amount: 3\n"
    )


def rules_twice(folder: Path) -> Path:
    """The same rule given twice."""
    rule = "  - id: notification\n    amount: 3\n    source: Ours\n"
    return _yaml(folder, "rules-twice.yaml", "rules:\n" + rule + rule)


def rules_not_a_list(folder: Path) -> Path:
    """A rules file whose `rules` is text."""
    return _yaml(folder, "rules-not-a-list.yaml", "rules: all of them\n")


def rules_tag(folder: Path) -> Path:
    """A rules file with a Python tag."""
    return _yaml(folder, "rules-tag.yaml", "rules: !!python/object/new:list []\n")


def rules_second_document(folder: Path) -> Path:
    """A rules file followed by a second document."""
    return _yaml(folder, "rules-second-document.yaml", "rules: []\n---\nrules: []\n")


def rules_bom_crlf(folder: Path) -> Path:
    """A valid rules file saved with a BOM and CRLF line endings."""
    text = "rules:\r\n  - id: notification\r\n    amount: 3\r\n    source: Ours\r\n"
    return _yaml(folder, "rules-bom-crlf.yaml", _BOM + text)


# --- wording templates (a --templates folder, one hostile template each) ------------------------


def _templates(folder: Path, name: str, body: bytes, file: str = "overview.j2") -> Path:
    """A --templates folder whose lcspr/`file` is `body`."""
    root = folder / f"templates-{name}"
    (root / "lcspr").mkdir(parents=True)
    (root / "lcspr" / file).write_bytes(body)
    return root


def templates_syntax_error(folder: Path) -> Path:
    """A template whose tag is never closed, on line 2."""
    return _templates(folder, "syntax-error", b"Overview.\n{% if review %}\nText\n")


def templates_undefined(folder: Path) -> Path:
    """A template naming a value it is not given."""
    return _templates(folder, "undefined", b"Overview of {{ nothing_here.at_all }}.\n")


def templates_os_system(folder: Path) -> Path:
    """A template reaching for os.system through Python's object graph."""
    body = b"{{ ''.__class__.__mro__[1].__subclasses__() }}\n"
    return _templates(folder, "os-system", body)


def templates_divide_by_zero(folder: Path) -> Path:
    """A template that fails while rendering, on line 3."""
    return _templates(folder, "divide-by-zero", b"One.\n\n{{ 1 // 0 }}\n")


def templates_not_utf8(folder: Path) -> Path:
    """A template saved in Latin-1."""
    return _templates(folder, "not-utf8", "Caf\u00e9 overview.\n".encode("latin-1"))


def templates_includes_itself(folder: Path) -> Path:
    """A template that includes itself, for ever."""
    return _templates(folder, "includes-itself", b'{% include "lcspr/overview.j2" %}\n')


def templates_huge_string(folder: Path) -> Path:
    """A template asking for a string of ten thousand million characters."""
    return _templates(folder, "huge-string", b"{{ 'x' * 10000000000 }}\n")


def templates_huge_range(folder: Path) -> Path:
    """A template looping ten thousand million times."""
    return _templates(folder, "huge-range", b"{% for i in range(10000000000) %}.{% endfor %}\n")


def templates_named_pipe(folder: Path) -> Path:
    """A --templates folder whose overview template is a named pipe."""
    root = folder / "templates-named-pipe"
    (root / "lcspr").mkdir(parents=True)
    os.mkfifo(root / "lcspr" / "overview.j2")
    return root


def templates_is_a_file(folder: Path) -> Path:
    """A --templates 'folder' that is a file."""
    path = folder / "templates-is-a-file"
    path.write_text("not a folder\n", encoding="utf-8")
    return path


# --- reference documents (build --reference-doc) -----------------------------------------------


def refdoc_not_a_zip(folder: Path) -> Path:
    """Text saved with a .docx name."""
    path = folder / "refdoc-not-a-zip.docx"
    path.write_text("Our house style.\n", encoding="utf-8")
    return path


def refdoc_zip_bomb(folder: Path) -> Path:
    """A reference document whose document part declares it unpacks to 4 GB."""
    path = docx_good(folder).rename(folder / "refdoc-zip-bomb.docx")
    return _declare_huge(path, "word/document.xml")


def refdoc_huge_part(folder: Path) -> Path:
    """A reference document with 100 MB of document XML (about 100 KB compressed)."""
    return docx_huge_part(folder).rename(folder / "refdoc-huge-part.docx")


def refdoc_no_body(folder: Path) -> Path:
    """A reference document whose document part has no body."""
    return docx_no_body(folder).rename(folder / "refdoc-no-body.docx")


def refdoc_bad_xml(folder: Path) -> Path:
    """A reference document whose document part breaks off."""
    return docx_bad_xml(folder).rename(folder / "refdoc-bad-xml.docx")


def refdoc_no_main_part(folder: Path) -> Path:
    """A zip with no Word document in it."""
    path = folder / "refdoc-no-main-part.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("hello.txt", "hello")
    return path


def refdoc_bad_styles(folder: Path) -> Path:
    """A reference document whose styles part is not XML."""
    path = folder / "refdoc-bad-styles.docx"
    _docx(path, f'<w:document xmlns:w="{_W}"><w:body><w:p/></w:body></w:document>')
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr(
            "word/_rels/document.xml.rels",
            f'<?xml version="1.0"?><Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
            f'Type="{_R}/styles" Target="styles.xml"/></Relationships>',
        )
        zf.writestr("word/styles.xml", "<w:styles")
    return path


def refdoc_entities(folder: Path) -> Path:
    """A reference document whose XML declares an entity that expands a billion times."""
    lol = '<!ENTITY a "lol">' + "".join(
        f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">' for n in range(9)
    )
    body = f'<?xml version="1.0"?><!DOCTYPE w:document [{lol}]><w:document xmlns:w="{_W}">'
    body += "<w:body><w:p><w:r><w:t>&j;</w:t></w:r></w:p></w:body></w:document>"
    return _docx(folder / "refdoc-entities.docx", body)


def refdoc_too_big(folder: Path) -> Path:
    """A reference document of 200 MB (sparse: it uses no disk)."""
    path = folder / "refdoc-too-big.docx"
    with path.open("wb") as handle:
        handle.truncate(200 * 1_048_576)
    return path


def refdoc_named_pipe(folder: Path) -> Path:
    """A reference document that is a named pipe nobody writes to."""
    return named_pipe(folder, "refdoc-pipe.docx")


def refdoc_symlink_loop(folder: Path) -> Path:
    """A reference document that is a symbolic link looping back on itself."""
    return symlink_loop(folder, "refdoc-loop.docx")


def answers_directory(folder: Path) -> Path:
    """A folder given as the answers file."""
    return directory(folder, "answers-folder.yaml")


def questions_symlink_loop(folder: Path) -> Path:
    """A question set that is a symbolic link looping back on itself."""
    return symlink_loop(folder, "questions-loop.yaml")


def rules_named_pipe(folder: Path) -> Path:
    """A rules file that is a named pipe nobody writes to."""
    return named_pipe(folder, "rules-pipe.yaml")


# --- more returned chronologies (import) --------------------------------------------------------


def police_empty(folder: Path) -> Path:
    """An empty CSV."""
    path = folder / "police-empty.csv"
    path.write_bytes(b"")
    return path


def police_header_only(folder: Path) -> Path:
    """A CSV with its header row and nothing else."""
    path = folder / "police-header-only.csv"
    path.write_text(",".join(HEADER) + "\n", encoding="utf-8")
    return path


def police_fewer_cells(folder: Path) -> Path:
    """A CSV whose row 3 has fewer cells than its header."""
    path = folder / "police-fewer-cells.csv"
    rows = [",".join(HEADER), ",".join(ROWS[0]), ",".join(ROWS[1][:3])]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def police_nul_bytes(folder: Path) -> Path:
    """A CSV with NUL bytes inside a cell."""
    path = folder / "police-nul-bytes.csv"
    rows = [",".join(HEADER), ",".join(ROWS[0]).replace("Officers", "Off\x00icers")]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def police_binary(folder: Path) -> Path:
    """A picture saved with a .csv name."""
    path = folder / "police-binary.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    return path


def police_markup(folder: Path) -> Path:
    """A valid return whose cells hold square brackets and a terminal escape."""
    path = folder / "police-markup.csv"
    row = [
        "14/03/2019",
        "17:25",
        "Domestic incident",
        "[WRI] [/] [name redacted]",
        "Mother",
        "[bold]Referral[/bold]",
    ]
    path.write_text(",".join(HEADER) + "\n" + ",".join(row) + "\n", encoding="utf-8")
    return path


def police_quote_inside_cell(folder: Path) -> Path:
    """A return whose cell holds a formula with quotes and commas, the cell itself unquoted."""
    path = folder / "police-quote-inside-cell.csv"
    row = [
        "14/03/2019",
        "17:25",
        "Domestic incident",
        '=HYPERLINK("http://x","y")',
        "Mother",
        "Referral.",
    ]
    path.write_text(",".join(HEADER) + "\n" + ",".join(row) + "\n", encoding="utf-8")
    return path


def police_date_overflow(folder: Path) -> Path:
    """A return whose dates are out of every range."""
    path = folder / "police-date-overflow.csv"
    row = ["14/03/9999", "99:99", "Domestic incident", "Officers attended.", "Mother", "Referral."]
    path.write_text(",".join(HEADER) + "\n" + ",".join(row) + "\n", encoding="utf-8")
    return path


def police_no_date_column(folder: Path) -> Path:
    """A return with no date column at all."""
    path = folder / "police-no-date-column.csv"
    path.write_text("Who,What\nMother,Called\n", encoding="utf-8")
    return path


def police_utf16(folder: Path) -> Path:
    """A return saved as UTF-16 by Excel's 'Unicode text'."""
    path = folder / "police-utf16.csv"
    text = "\t".join(HEADER) + "\n" + "\t".join(ROWS[0]) + "\n"
    path.write_bytes(text.encode("utf-16"))
    return path


def police_huge(folder: Path) -> Path:
    """A return larger than the 64 MB reviewkit reads (sparse: it uses no disk)."""
    path = folder / "police-huge.csv"
    with path.open("wb") as handle:
        handle.truncate(65 * 1_048_576)
    return path


def xlsx_no_sheets(folder: Path) -> Path:
    """A workbook with no sheet in it."""
    path = _workbook(folder / "no-sheets.xlsx", _sheet(_chronology_rows()))
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    parts["xl/workbook.xml"] = (
        f'<?xml version="1.0"?><workbook xmlns="{_MAIN}"><sheets/></workbook>'.encode()
    )
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def xlsx_entities(folder: Path) -> Path:
    """A workbook whose sheet XML declares an entity that expands a billion times."""
    lol = '<!ENTITY a "lol">' + "".join(
        f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">' for n in range(9)
    )
    sheet = (
        f'<?xml version="1.0"?><!DOCTYPE worksheet [{lol}]><worksheet xmlns="{_MAIN}">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&j;</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    return _workbook(folder / "entities.xlsx", sheet)


def xlsx_good(folder: Path) -> Path:
    """A good chronology workbook built the same way as the hostile ones."""
    return _workbook(folder / "good.xlsx", _sheet(_chronology_rows()))


# --- more files to scan -------------------------------------------------------------------------


def _pdf(path: Path, objects: list[bytes]) -> Path:
    """A PDF of the given objects, with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % at for at in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path.write_bytes(bytes(out))
    return path


def _pdf_text(path: Path, text: str) -> Path:
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    return _pdf(
        path,
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ],
    )


def pdf_good(folder: Path) -> Path:
    """A small, valid PDF with one line of text and no names in it."""
    return _pdf_text(folder / "good.pdf", "The health visitor called.")


def pdf_leak(folder: Path) -> Path:
    """A valid PDF that names the child of tests/fixtures/chronology-case.yaml."""
    return _pdf_text(folder / "leak.pdf", "Kacey Hiddenname was seen at home.")


def pdf_truncated(folder: Path) -> Path:
    """A PDF cut off half way."""
    path = pdf_good(folder)
    data = path.read_bytes()
    out = folder / "truncated.pdf"
    out.write_bytes(data[: len(data) // 2])
    path.unlink()
    return out


def pdf_huge(folder: Path) -> Path:
    """A PDF past the 256 MB scan reads (sparse: it uses no disk)."""
    path = folder / "huge.pdf"
    with path.open("wb") as handle:
        handle.write(b"%PDF-1.4\n")
        handle.truncate(257 * 1_048_576)
    return path


def docx_leak(folder: Path) -> Path:
    """A valid Word file that names the child of tests/fixtures/chronology-case.yaml."""
    body = (
        f'<w:document xmlns:w="{_W}"><w:body><w:p><w:r><w:t>Kacey Hiddenname was seen.'
        "</w:t></w:r></w:p></w:body></w:document>"
    )
    return _docx(folder / "leak.docx", body)


def docx_entities(folder: Path) -> Path:
    """A Word file whose XML declares an entity that expands a billion times."""
    return refdoc_entities(folder).rename(folder / "entities.docx")


def docx_not_a_zip(folder: Path) -> Path:
    """Text saved with a .docx name."""
    path = folder / "not-a-zip.docx"
    path.write_text("Minutes of the meeting.\n", encoding="utf-8")
    return path


def text_leak_markup(folder: Path) -> Path:
    """A Markdown draft naming the child, with markup and escapes on the same line."""
    path = folder / "draft-leak.md"
    path.write_text("# Draft\n\n[bold]Kacey Hiddenname[/] \x1b[31mwas seen[/].\n", encoding="utf-8")
    return path


def text_not_utf8(folder: Path) -> Path:
    """A text file in Latin-1."""
    path = folder / "draft-latin1.txt"
    path.write_bytes("Caf\u00e9 meeting.\n".encode("latin-1"))
    return path


def text_long_line(folder: Path) -> Path:
    """A text file of one 5 MB line of capitalised words."""
    path = folder / "draft-long-line.txt"
    path.write_text("Word " * 1_000_000, encoding="utf-8")
    return path


def text_huge(folder: Path) -> Path:
    """A text file past the 64 MB reviewkit reads (sparse: it uses no disk)."""
    path = folder / "draft-huge.md"
    with path.open("wb") as handle:
        handle.truncate(65 * 1_048_576)
    return path


for _name, (_old, _new) in CASE_EDITS.items():
    _maker = _edited_case(_name, _old, _new)
    globals()[_maker.__name__] = _maker

KINDS = (
    "police", "xlsx", "docx", "pdf", "named", "symlink", "directory", "device", "case", "answers",
    "questions", "rules", "templates", "refdoc", "text",
)  # fmt: skip
MAKERS: dict[str, Maker] = {
    name: maker
    for name, maker in list(globals().items())
    if callable(maker) and not name.startswith("_") and name.split("_")[0] in KINDS
}


def make_all(folder: Path) -> dict[str, Path]:
    """Every hostile file, written into `folder`; its path by maker name."""
    folder.mkdir(parents=True, exist_ok=True)
    return {name: maker(folder) for name, maker in MAKERS.items()}


if __name__ == "__main__":
    for made in make_all(Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-files")).values():
        sys.stdout.write(f"{made}\n")
