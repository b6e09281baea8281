"""Excel workbooks (.xlsx) read as rows of cell values, streamed and within stated limits.

A workbook is a zip of XML parts. Before anything is parsed, the archive is checked against
`LIMITS`; each part is then parsed as a stream, so memory stays in proportion to what the
sheets hold, not to what their XML declares (a sheet claiming A1:XFD1048576 costs nothing).
A value past `MAX_ROWS` or `MAX_COLUMNS`, a text longer than `MAX_CELL` characters or more
than `MAX_STRINGS` shared texts is refused with a message saying where and what to do; empty
(formatted) cells anywhere are ignored. Cells are read as Excel shows them: date-formatted
numbers as dates, formulas as the values Excel last calculated.

In a sheet, a cell merged down several rows counts for each of those rows; a cell merged
across columns counts once, in its first column.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from reviewkit.errors import InputFileError
from reviewkit.inputs import MB, ZipLimits, open_zip

MAX_ROWS = 100_000  # rows of a sheet that may hold values
MAX_COLUMNS = 256  # columns that may hold values (A to IV)
MAX_CELL = 32_767  # characters in one cell: Excel's own limit
MAX_STRINGS = 1_000_000  # distinct texts in the workbook's shared strings
MAX_MERGED = 1_000_000  # cells filled from merged ranges
LIMITS = ZipLimits(parts=10_000, part_bytes=128 * MB, total_bytes=256 * MB)

_EXCEL_ROWS = 1_048_576  # the last row and column any workbook can have
_EXCEL_COLUMNS = 16_384

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_DOC_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_ROW, _CELL, _VALUE, _MERGE = (f"{_MAIN}{tag}" for tag in ("row", "c", "v", "mergeCell"))
_CELL_REF = re.compile(r"([A-Z]{1,3})(\d+)")
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")

_BROKEN = "open it in Excel and save it again as .xlsx, or save it as .csv."


class _Damaged(Exception):
    """A part of the workbook that is not what Excel writes; becomes an InputFileError."""


@dataclass
class Sheet:
    """One worksheet: its name and its rows that hold a value, by row number."""

    title: str
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)


def read_workbook(path: Path, raw: bytes) -> list[Sheet]:
    """Every worksheet of the workbook held in `raw`, in the workbook's order."""
    from lxml import etree  # type: ignore[import-untyped]

    archive = open_zip(raw, path, limits=LIMITS, kind="Excel workbook", fix=_BROKEN)
    part = ""
    try:
        with archive:
            book = _Book(archive)
            part = book.path
            sheets = book.sheets()
            part = book.strings_path or ""
            strings = _shared_strings(archive, book.strings_path, path)
            part = book.styles_path or ""
            dates, durations = _date_styles(archive, book.styles_path)
            read = []
            for title, sheet_path in sheets:
                part = sheet_path
                reader = _SheetReader(path, title, strings, dates, durations, book.epoch)
                read.append(reader.read(archive, sheet_path))
    except (etree.XMLSyntaxError, _Damaged, KeyError, ValueError, zipfile.BadZipFile) as exc:
        detail = exc.msg if isinstance(exc, etree.XMLSyntaxError) else str(exc)
        where = f" (in {part}: {detail})" if part else ""
        raise InputFileError(f"{path}: not a readable Excel workbook{where}; {_BROKEN}") from None
    return read


def _parse(archive: zipfile.ZipFile, name: str) -> Any:
    from lxml import etree

    from reviewkit.inputs import xml_parser

    with archive.open(name) as source:
        return etree.parse(source, xml_parser()).getroot()


def _stream(source: IO[bytes], tag: str | tuple[str, ...]) -> Iterator[Any]:
    """Each element named `tag`, complete, then freed with everything before it."""
    from lxml import etree

    for _, element in etree.iterparse(
        source,
        events=("end",),
        tag=tag,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
    ):
        yield element
        element.clear()
        while element.getprevious() is not None:
            del element.getparent()[0]


class _Book:
    """The workbook part: its sheets, the parts they live in, and its date system."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.path = "xl/workbook.xml"
        for _rel_id, target, kind in _relations(archive, "_rels/.rels", ""):
            if kind == "officeDocument":
                self.path = target
        self.root = _parse(archive, self.path)
        if self.root.tag != f"{_MAIN}workbook":
            raise _Damaged("this is not an Excel workbook")
        rels = posixpath.join(
            posixpath.dirname(self.path), "_rels", posixpath.basename(self.path) + ".rels"
        )
        self.targets: dict[str, str] = {}
        self.kinds: dict[str, str] = {}
        self.strings_path: str | None = None
        self.styles_path: str | None = None
        for rel_id, target, kind in _relations(archive, rels, posixpath.dirname(self.path)):
            self.targets[rel_id], self.kinds[rel_id] = target, kind
            if kind == "sharedStrings":
                self.strings_path = target
            elif kind == "styles":
                self.styles_path = target
        props = self.root.find(f"{_MAIN}workbookPr")
        system = props.get("date1904", "") if props is not None else ""
        self.epoch = dt.datetime(1904, 1, 1) if system in ("1", "true") else None

    def sheets(self) -> list[tuple[str, str]]:
        """(title, part) of each worksheet; chart sheets hold no rows and are left out."""
        found = []
        for sheet in self.root.iterfind(f"{_MAIN}sheets/{_MAIN}sheet"):
            rel_id = sheet.get(_DOC_REL)
            if rel_id is None or self.kinds.get(rel_id) != "worksheet":
                continue
            found.append((sheet.get("name") or "", self.targets[rel_id]))
        return found


def _relations(archive: zipfile.ZipFile, rels: str, folder: str) -> Iterator[tuple[str, str, str]]:
    """(id, part, kind) of each relation in a .rels part; kind is 'worksheet', 'styles' ..."""
    if rels not in archive.namelist():
        return
    for rel in _parse(archive, rels).iter(_PKG_REL):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External" or not target:
            continue
        if target.startswith("/"):
            path = target.lstrip("/")
        else:
            path = posixpath.normpath(posixpath.join(folder, target))
        yield rel.get("Id", ""), path, rel.get("Type", "").rsplit("/", 1)[-1]


def _text(element: Any) -> str:
    """The text of a shared or inline string: its runs joined, phonetic hints left out."""
    parts = []
    for child in element:
        if child.tag == f"{_MAIN}t":
            parts.append(child.text or "")
        elif child.tag == f"{_MAIN}r":
            parts.append(child.findtext(f"{_MAIN}t") or "")
    return _ESCAPED.sub(lambda m: chr(int(m[1], 16)), "".join(parts))


def _shared_strings(archive: zipfile.ZipFile, name: str | None, path: Path) -> list[str]:
    if name is None or name not in archive.namelist():
        return []
    strings: list[str] = []
    with archive.open(name) as source:
        for item in _stream(source, f"{_MAIN}si"):
            text = _text(item)
            if len(text) > MAX_CELL:
                raise InputFileError(
                    f"{path}: holds a text of {len(text):,} characters, longer than the "
                    f"{MAX_CELL:,} a cell can hold (Excel's own limit); split it over "
                    "several cells or rows."
                )
            strings.append(text)
            if len(strings) > MAX_STRINGS:
                raise InputFileError(
                    f"{path}: holds more than {MAX_STRINGS:,} different texts, more than "
                    "reviewkit reads; split the chronology into several workbooks."
                )
    return strings


def _date_styles(archive: zipfile.ZipFile, name: str | None) -> tuple[set[int], set[int]]:
    """The cell styles that show a number as a date or time, and those that show a duration."""
    from openpyxl.styles.numbers import (  # type: ignore[import-untyped]
        BUILTIN_FORMATS,
        is_date_format,
        is_timedelta_format,
    )

    if name is None or name not in archive.namelist():
        return set(), set()
    root = _parse(archive, name)
    formats: dict[int, str] = dict(BUILTIN_FORMATS)
    for fmt in root.iterfind(f"{_MAIN}numFmts/{_MAIN}numFmt"):
        formats[int(fmt.get("numFmtId", "0"))] = fmt.get("formatCode", "")
    dates, durations = set(), set()
    for index, xf in enumerate(root.iterfind(f"{_MAIN}cellXfs/{_MAIN}xf")):
        code = formats.get(int(xf.get("numFmtId", "0")), "")
        if is_date_format(code):
            dates.add(index)
        if is_timedelta_format(code):
            durations.add(index)
    return dates, durations


class _SheetReader:
    """Reads one sheet's rows as a stream, refusing values past the limits."""

    def __init__(
        self,
        path: Path,
        title: str,
        strings: list[str],
        dates: set[int],
        durations: set[int],
        epoch: dt.datetime | None,
    ) -> None:
        self.path = path
        self.title = title
        self.strings = strings
        self.dates = dates
        self.durations = durations
        self.epoch = epoch

    def _refuse(self, message: str) -> InputFileError:
        return InputFileError(f"{self.path}[{self.title}]: {message}")

    def read(self, archive: zipfile.ZipFile, name: str) -> Sheet:
        sheet = Sheet(self.title)
        rows: dict[int, list[Any]] = {}
        merged: list[tuple[int, int, int]] = []  # (column, first row, last row)
        number = 0
        with archive.open(name) as source:
            for element in _stream(source, (_ROW, _MERGE)):
                if element.tag == _MERGE:
                    merged.extend(_merged(element.get("ref", "")))
                    continue
                written = element.get("r")
                number = _number(written, "row") if written else number + 1
                if number > _EXCEL_ROWS:
                    raise _Damaged(f"row {number:,} is past the last row a sheet can have")
                cells = self._row(element, number)
                if cells:
                    if number > MAX_ROWS:
                        raise self._refuse(
                            f"row {number:,} holds a value, and reviewkit reads the first "
                            f"{MAX_ROWS:,} rows of a sheet; split the chronology, or delete "
                            "what is below it."
                        )
                    rows[number] = cells
        self._fill_merged(rows, merged)
        sheet.rows = sorted(rows.items())
        return sheet

    def _row(self, element: Any, number: int) -> list[Any]:
        """The row's values up to its last one, or [] when it holds none."""
        values: dict[int, Any] = {}
        column = 0
        for cell in element:
            if cell.tag != _CELL:
                continue
            ref = cell.get("r")
            if ref:
                found = _CELL_REF.fullmatch(ref)
                if found is None or _number(found[2], "row") != number:
                    raise _Damaged(f"cell '{ref}' is out of place in row {number}")
                column = _column(found[1])
            else:
                column += 1
            if column > _EXCEL_COLUMNS:
                raise _Damaged(f"row {number} has a cell past the last column a sheet can have")
            value = self._value(cell)
            if value is None or value == "":
                continue
            if column > MAX_COLUMNS:
                raise self._refuse(
                    f"cell {_letters(column)}{number} holds a value, and reviewkit reads the "
                    f"first {MAX_COLUMNS} columns (A to {_letters(MAX_COLUMNS)}); move the "
                    "chronology to the left, or delete what is beyond it."
                )
            if isinstance(value, str) and len(value) > MAX_CELL:
                raise self._refuse(
                    f"cell {_letters(column)}{number} holds {len(value):,} characters, more "
                    f"than the {MAX_CELL:,} a cell can hold (Excel's own limit); split it "
                    "over several cells or rows."
                )
            values[column] = value
        if not values:
            return []
        row: list[Any] = [None] * max(values)
        for index, value in values.items():
            row[index - 1] = value
        return row

    def _value(self, cell: Any) -> Any:
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            inline = cell.find(f"{_MAIN}is")
            return _text(inline) if inline is not None else None
        value = cell.findtext(_VALUE)
        if not value:
            return None
        if kind == "s":
            index = _number(value, "shared string", least=0)
            if index >= len(self.strings):
                raise _Damaged(f"a cell refers to shared string {index}, which is not there")
            return self.strings[index]
        if kind in ("str", "e"):
            return value
        if kind == "b":
            return value.strip() in ("1", "true")
        if kind == "d":
            from openpyxl.utils.datetime import from_ISO8601  # type: ignore[import-untyped]

            return from_ISO8601(value)
        return self._number(value, int(cell.get("s", "0") or 0))

    def _number(self, text: str, style: int) -> Any:
        number: int | float = float(text) if any(c in text for c in ".eE") else int(text)
        if style not in self.dates:
            return number
        from openpyxl.utils.datetime import WINDOWS_EPOCH, from_excel

        try:
            return from_excel(
                number, self.epoch or WINDOWS_EPOCH, timedelta=style in self.durations
            )
        except (OverflowError, ValueError):
            return number  # a date Excel itself cannot show: the number is reported as it is

    def _fill_merged(self, rows: dict[int, list[Any]], merged: list[tuple[int, int, int]]) -> None:
        if not rows:
            return
        last = max(rows)
        filled = 0
        for column, first, bottom in merged:
            top = rows.get(first)
            if top is None or column > len(top):
                continue
            value = top[column - 1]
            for number in range(first + 1, min(bottom, last) + 1):
                filled += 1
                if filled > MAX_MERGED:
                    raise _Damaged(f"merged cells fill more than {MAX_MERGED:,} cells")
                row = rows.setdefault(number, [])
                if len(row) < column:
                    row.extend([None] * (column - len(row)))
                row[column - 1] = value


def _merged(ref: str) -> list[tuple[int, int, int]]:
    """(column, first row, last row) of a range merged down several rows; [] otherwise."""
    first, _, last = ref.partition(":")
    start, end = _CELL_REF.fullmatch(first), _CELL_REF.fullmatch(last or first)
    if start is None or end is None:
        raise _Damaged(f"a merged range '{ref}' is not a range")
    top, bottom = _number(start[2], "row"), _number(end[2], "row")
    if bottom <= top:
        return []
    return [(_column(start[1]), top, bottom)]


def _number(text: str, what: str, *, least: int = 1) -> int:
    try:
        value = int(text)
    except ValueError:
        raise _Damaged(f"'{text}' is not a {what} number") from None
    if value < least:
        raise _Damaged(f"'{text}' is not a {what} number")
    return value


def _column(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _letters(column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
