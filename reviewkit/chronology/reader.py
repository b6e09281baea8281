"""Returned chronologies as rows of cell values: XLSX sheets and CSV files of any usual kind.

CSV files come in whatever their agency's system wrote: UTF-8 with or without a byte order
mark, Windows-1252 from older Excel, UTF-16 from "Unicode text" exports; commas, semicolons
(Excel in many European locales), tabs or bars between cells. The encoding is detected from
the bytes and the delimiter from which one splits the rows most consistently.

In a spreadsheet, a cell merged down several rows (one date over three entries) counts for
each of those rows; a cell merged across columns counts once, in its first column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reviewkit.casefile import check_readable
from reviewkit.errors import InputFileError

MAX_BYTES = 64 * 1024 * 1024
SPREADSHEETS = (".xlsx", ".xlsm")
_DELIMITERS = (",", ";", "\t", "|")

Cell = str | int | float | bool | dt.datetime | dt.date | dt.time | None


@dataclass
class Table:
    """One sheet of a workbook, or a whole CSV file, as numbered rows of cells."""

    path: Path
    sheet: str | None  # None for a CSV file
    rows: list[tuple[int, list[Cell]]]  # (1-based row number, cells); blank rows left out
    encoding: str | None = None  # CSV only
    delimiter: str | None = None  # CSV only
    notes: list[str] = field(default_factory=list)

    @property
    def where(self) -> str:
        """The file (and sheet) for messages: 'police.xlsx' or 'police.xlsx[Sheet2]'."""
        return f"{self.path}[{self.sheet}]" if self.sheet else str(self.path)


def read_tables(path: Path) -> list[Table]:
    """Every sheet of a workbook (one table for a CSV file), blank rows left out."""
    _check_file(path)
    suffix = path.suffix.lower()
    if suffix in SPREADSHEETS:
        return _read_workbook(path)
    if suffix in (".xls", ".ods", ".numbers"):
        raise InputFileError(
            f"{path}: reviewkit reads .xlsx and .csv files; open this {suffix} file in a "
            "spreadsheet program and save it as .xlsx (Excel workbook) or .csv."
        )
    if suffix in (".doc", ".docx", ".pdf", ".odt"):
        raise InputFileError(
            f"{path}: a chronology in a document cannot be imported; copy its table into a "
            "spreadsheet and save it as .xlsx or .csv."
        )
    return [_read_csv(path)]


def _check_file(path: Path) -> None:
    check_readable(path, what="chronology file", limit=MAX_BYTES, too_big="split the chronology")


# --- spreadsheets -----------------------------------------------------------------------------


def _read_workbook(path: Path) -> list[Table]:
    import zipfile

    from openpyxl import load_workbook  # type: ignore[import-untyped]
    from openpyxl.utils.exceptions import InvalidFileException  # type: ignore[import-untyped]

    try:
        # Not read-only: merged ranges are only known to a fully loaded sheet. data_only gives
        # the values Excel last calculated rather than formulas.
        book = load_workbook(path, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise InputFileError(
            f"{path}: not a readable Excel workbook ({exc.__class__.__name__}); open it in "
            "Excel and save it again as .xlsx, or save it as .csv."
        ) from None
    tables = []
    for sheet in book.worksheets:
        grid = [list(row) for row in sheet.iter_rows(values_only=True)]
        for merged in sheet.merged_cells.ranges:
            top = merged.min_row - 1
            column = merged.min_col - 1
            if top >= len(grid) or column >= len(grid[top]):
                continue
            value = grid[top][column]
            for r in range(top + 1, min(merged.max_row, len(grid))):
                if column < len(grid[r]):
                    grid[r][column] = value
        rows = [(i, _tidy_row(cells)) for i, cells in enumerate(grid, start=1)]
        tables.append(Table(path, sheet.title, [(n, c) for n, c in rows if _filled(c)]))
    return tables


def _tidy_row(cells: list[Any]) -> list[Cell]:
    row: list[Cell] = []
    for cell in cells:
        if isinstance(cell, str):
            cell = _tidy_text(cell)
            row.append(cell or None)
        elif cell is None or isinstance(cell, int | float | bool | dt.date | dt.time):
            row.append(cell)
        else:  # durations and other rarities: keep what a person would read
            row.append(str(cell))
    while row and row[-1] is None:
        row.pop()
    return row


def _tidy_text(text: str) -> str:
    text = text.replace("\u00a0", " ").replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.strip().split("\n"))


def _filled(cells: list[Cell]) -> bool:
    return any(c is not None and c != "" for c in cells)


# --- CSV --------------------------------------------------------------------------------------


def _read_csv(path: Path) -> Table:
    raw = path.read_bytes()
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputFileError(
            f"{path}: this is not a text (CSV) file; save the chronology as .xlsx or .csv."
        )
    text, encoding = decode(raw)
    lines = text.split("\n", 1)
    delimiter: str | None = None
    if lines[0].strip().lower().startswith("sep=") and len(lines[0].strip()) == 5:
        # Excel's own hint line: "sep=;" names the delimiter.
        delimiter = lines[0].strip()[4]
        text = lines[1] if len(lines) > 1 else ""
    delimiter = delimiter or sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[Cell]]] = []
    try:
        # Rows are numbered as a spreadsheet shows the file (a cell with line breaks in it
        # is still one row), which is how the agency will look for them.
        for number, cells in enumerate(reader, start=1):
            row = _tidy_row(list(cells))
            if _filled(row):
                rows.append((number, row))
    except csv.Error as exc:
        raise InputFileError(f"{path}:{reader.line_num}: not readable as CSV: {exc}.") from None
    return Table(path, None, rows, encoding=encoding, delimiter=delimiter)


def decode(raw: bytes) -> tuple[str, str]:
    """CSV bytes as text, and the encoding they turned out to be in."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), "utf-16"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        # The five bytes Windows-1252 leaves undefined: read them as Latin-1 rather than fail.
        return raw.decode("latin-1"), "latin-1"


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the rows into the same number of cells most often."""
    sample = "\n".join(text.splitlines()[:50])
    best, best_score = ",", -1
    for delimiter in _DELIMITERS:
        try:
            counts = [
                len(r)
                for r in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
                if any(c.strip() for c in r)
            ]
        except csv.Error:
            continue
        if not counts:
            continue
        width, rows = Counter(counts).most_common(1)[0]
        score = rows * 10 + width if width > 1 else 0
        if score > best_score:
            best, best_score = delimiter, score
    return best
