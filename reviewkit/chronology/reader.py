"""Returned chronologies as rows of cell values: XLSX sheets and CSV files of any usual kind.

CSV files come in whatever their agency's system wrote: UTF-8 with or without a byte order
mark, Windows-1252 from older Excel, UTF-16 from "Unicode text" exports; commas, semicolons
(Excel in many European locales), tabs or bars between cells. The encoding is detected from
the bytes and the delimiter from which one splits the rows most consistently.

What cannot be read without a guess is refused, never repaired: a quote left open (or text
after a closing quote) is an error at the row where it starts, and a row whose count of
cells is not the header row's is reported by `Table.misfits` rather than cut or shifted.
Workbooks are read by `reviewkit.chronology.xlsx`, as a stream and within its limits.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reviewkit.chronology.cells import shown
from reviewkit.chronology.xlsx import MAX_CELL
from reviewkit.errors import InputFileError
from reviewkit.inputs import read_input
from reviewkit.wording import shorten

MAX_BYTES = 64 * 1024 * 1024  # a CSV file or a workbook, as saved
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
    widths: dict[int, int] = field(default_factory=dict)  # CSV only: cells in each row read

    def misfits(self, header_row: int) -> dict[int, str]:
        """CSV rows below the header whose count of cells is not the header's, with why.

        Such a row cannot be matched to the columns without a guess (which cell is extra?),
        so it is reported, never cut short or shifted.
        """
        width = self.widths.get(header_row)
        if width is None or self.delimiter is None:
            return {}
        found = {}
        for number, cells in self.rows:
            count = self.widths.get(number, width)
            if number <= header_row or count == width:
                continue
            why = (
                f"is there a {_delimiter_name(self.delimiter)} inside a cell that is not in quotes?"
                if count > width
                else "is a cell missing, or two run together?"
            )
            # The cells as split, so the person correcting the file sees where it went wrong.
            text = shorten(" | ".join(shown(c) for c in cells), 160)
            found[number] = (
                f"this row has {count} cells but the header row (row {header_row}) has "
                f"{width}, so its cells cannot be matched to the columns ({why}); correct the "
                f"row in the file. Its cells: {text}"
            )
        return found

    @property
    def where(self) -> str:
        """The file (and sheet) for messages: 'police.xlsx' or 'police.xlsx[Sheet2]'."""
        return f"{self.path}[{self.sheet}]" if self.sheet else str(self.path)


def read_tables(path: Path) -> list[Table]:
    """Every sheet of a workbook (one table for a CSV file), blank rows left out."""
    raw = read_input(path, what="chronology file", limit=MAX_BYTES, too_big="split the chronology")
    suffix = path.suffix.lower()
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
    if suffix in SPREADSHEETS:
        return _read_workbook(path, raw)
    return [_read_csv(path, raw)]


# --- spreadsheets -----------------------------------------------------------------------------


def _read_workbook(path: Path, raw: bytes) -> list[Table]:
    from reviewkit.chronology.xlsx import read_workbook

    return [
        Table(path, sheet.title, [(n, c) for n, c in _tidied(sheet.rows) if _filled(c)])
        for sheet in read_workbook(path, raw)
    ]


def _tidied(rows: list[tuple[int, list[Any]]]) -> Iterator[tuple[int, list[Cell]]]:
    for number, cells in rows:
        yield number, _tidy_row(cells)


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
    if "\n" not in text and "\r" not in text and "\u00a0" not in text:
        return text.strip()  # one line: what the general case below gives, sooner
    text = text.replace("\u00a0", " ").replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.strip().split("\n"))


def _filled(cells: list[Cell]) -> bool:
    return any(c is not None and c != "" for c in cells)


# --- CSV --------------------------------------------------------------------------------------


def _read_csv(path: Path, raw: bytes) -> Table:
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
    # Strict: a quote left open, or text after a closing quote, is an error at its row rather
    # than a guess that runs every later row into one cell.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    table = Table(path, None, [], encoding=encoding, delimiter=delimiter)
    number = 0
    try:
        # Rows are numbered as a spreadsheet shows the file (a cell with line breaks in it
        # is still one row), which is how the agency will look for them.
        for number, cells in enumerate(reader, start=1):
            longest = max((len(c) for c in cells), default=0)
            if longest > MAX_CELL:
                raise InputFileError(
                    f"{path}:{number}: a cell of {longest:,} characters starts on this row, "
                    f'more than the {MAX_CELL:,} a cell can hold; is there a quote (") that '
                    "opens a cell and is not closed where the cell ends?"
                )
            row = _tidy_row(list(cells))
            if _filled(row):
                table.rows.append((number, row))
                table.widths[number] = len(cells)
    except csv.Error as exc:
        raise InputFileError(f"{path}:{number + 1}: {_csv_problem(str(exc), delimiter)}") from None
    return table


def _csv_problem(error: str, delimiter: str) -> str:
    """What a CSV reading error means for the person who will correct the file."""
    if "end of data" in error or "field limit" in error:
        return (
            'a quote (") opens a cell on this row and is never closed, so every later row '
            "would be read into that one cell; close the quote, or remove it."
        )
    if "expected after" in error:
        return (
            f'text follows the closing quote (") of a cell on this row; a quote inside a '
            f'cell must be doubled (""), and a cell that starts with a quote must end with '
            f"one before the next {_delimiter_name(delimiter)}."
        )
    if "NUL" in error:
        return "this is not a text (CSV) file; save the chronology as .xlsx or .csv."
    return f"not readable as CSV: {error}."


def _delimiter_name(delimiter: str) -> str:
    return "tab" if delimiter == "\t" else f"'{delimiter}'"


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
