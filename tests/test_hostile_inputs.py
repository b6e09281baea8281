"""Broken and hostile inputs: every reader refuses them at once, located, with exit code 2.

The files come from tests/hostile/make.py. Commands meeting a file that would hang a reader
that forgot to check (a named pipe, /dev/zero) run in a subprocess with a timeout, so a
regression fails the test instead of hanging the suite; the rest run in-process, where a
traceback shows as an exception on the result.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import Result

from reviewkit.casefile import load_case
from reviewkit.chronology import reader
from reviewkit.errors import InputFileError

from conftest import FIXTURES, CopyCase, invoke
from hostile import make

CASE = FIXTURES / "chronology-case.yaml"
TIMEOUT = 30  # seconds: far more than any refusal takes, far less than a hang
ROW_TOO_WIDE = (
    "this row has 7 cells but the header row (row 1) has 6, so its cells cannot be matched to "
    "the columns (is there a ';' inside a cell that is not in quotes?); correct the row in the "
    "file. Its cells: "
)


def run(*args: object, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`reviewkit ARGS` in a fresh process that must finish within TIMEOUT seconds."""
    code = "from reviewkit.cli import main; main()"
    return subprocess.run(
        [sys.executable, "-c", code, *(str(a) for a in args)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        cwd=cwd,
        env={"COLUMNS": "80", "PATH": "/usr/bin:/bin"},
        check=False,
    )


def refused(result: subprocess.CompletedProcess[str] | Result, path: Path, *fragments: str) -> None:
    """A clean refusal: exit code 2, no traceback, the file named first, and `fragments`."""
    assert "Traceback" not in result.stderr, result.stderr
    if isinstance(result, Result):
        assert isinstance(result.exception, SystemExit), result.exception
        assert result.exit_code == 2, result.stderr
    else:
        assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"reviewkit: {path}"), result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr


@pytest.fixture
def case_file(copy_case: CopyCase) -> Path:
    return copy_case("chronology-case.yaml")


# --- CSV: refused rather than guessed ---------------------------------------------------------


def test_rows_with_more_cells_than_headings_are_refused_by_row(
    case_file: Path, tmp_path: Path
) -> None:
    before = case_file.read_bytes()
    path = make.police_extra_cells(tmp_path)
    result = invoke("import", case_file, path, "--agency", "police")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{path}:2: {ROW_TOO_WIDE}14/03/2019 | 17:25 | Domestic incident | Officers attended | "
        "partner had left. | Mother | Referral.",
        f"{path}:4: {ROW_TOO_WIDE}02/04/2019 |  | Arrest | Partner arrested | partner had left. | "
        "Mother's partner | Bailed.",
        f"{path}:6: {ROW_TOO_WIDE}15/03/2019 | 10:00 | Strategy meeting | Strategy discussion | "
        "partner had left. | Mother | S47 agreed.",
        "Nothing was written: 3 rows have problems. Correct the return and import it again, or "
        "use --skip-bad to import the other rows.",
    ]
    assert case_file.read_bytes() == before


def test_the_good_rows_beside_them_import_cell_for_cell(case_file: Path, tmp_path: Path) -> None:
    path = make.police_extra_cells(tmp_path)
    result = invoke("import", case_file, path, "--agency", "police", "--skip-bad")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[0] == "Skipped 3 rows:"
    events = [e for e in load_case(case_file).case.events if e.provenance]
    got = [
        (e.provenance[0].row, e.date.text, e.time, e.summary, e.people, e.outcome) for e in events
    ]
    assert got == [
        (3, "2019-03-15", "10:00", "Strategy discussion.", ["mother"], "S47 agreed."),
        (5, "2019-03-14", "17:25", "Officers attended.", ["mother"], "Referral."),
        (7, "2019-04-02", None, "Partner arrested.", ["partner"], "Bailed."),
    ]


def test_an_unbalanced_quote_is_refused_at_the_row_where_it_starts(
    case_file: Path, tmp_path: Path
) -> None:
    before = case_file.read_bytes()
    path = make.police_unbalanced_quote(tmp_path)
    result = invoke("import", case_file, path, "--agency", "police", "--skip-bad")
    assert result.exit_code == 2
    assert result.stderr == (
        f'reviewkit: {path}:3: a quote (") opens a cell on this row and is never closed, so '
        "every later row would be read into that one cell; close the quote, or remove it.\n"
    )
    assert case_file.read_bytes() == before


def test_text_after_a_closing_quote_is_refused_at_its_row(tmp_path: Path) -> None:
    path = make.police_text_after_quote(tmp_path)
    with pytest.raises(InputFileError) as err:
        reader.read_tables(path)
    assert err.value.message == (
        f'{path}:4: text follows the closing quote (") of a cell on this row; a quote inside a '
        'cell must be doubled (""), and a cell that starts with a quote must end with one '
        "before the next ','."
    )


def test_a_cell_longer_than_any_spreadsheet_holds_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text(f'Date,Summary\n14/03/2019,"{"x" * 40_000}"\n', encoding="utf-8")
    with pytest.raises(InputFileError, match=r"long.csv:2: a cell of 40,000 characters"):
        reader.read_tables(path)


@pytest.mark.parametrize(
    "fixture", ["chronology-police.csv", "chronology-csc.csv", "chronology-hv.csv"]
)
def test_valid_returns_read_cell_for_cell(fixture: str) -> None:
    path = FIXTURES / fixture
    (table,) = reader.read_tables(path)
    raw = path.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(raw, newline=""), delimiter=table.delimiter or ","))
    expected = [
        (n, [c.strip() or None for c in cells]) for n, cells in enumerate(rows, start=1) if cells
    ]
    got = [(n, cells + [None] * (len(rows[n - 1]) - len(cells))) for n, cells in table.rows]
    assert got == expected
    assert table.misfits(1) == {}


# --- spreadsheets and Word files, in a subprocess ---------------------------------------------

IMPORTS = [
    (
        make.xlsx_far_corner_value,
        "[Chronology]: cell XFD1048576 holds a value, and reviewkit reads the first 256 columns",
    ),
    (make.xlsx_huge_shared_string, "not a readable Excel workbook (in xl/sharedStrings.xml:"),
    (make.xlsx_long_shared_string, "holds a text of 40,000 characters, longer than the 32,767"),
    (make.xlsx_row_past_the_end, "row 1,048,577 is past the last row a sheet can have"),
    (make.xlsx_bad_sheet_xml, "not a readable Excel workbook (in xl/worksheets/sheet1.xml:"),
    (make.xlsx_too_many_rows, "[Chronology]: row 100,001 holds a value, and reviewkit reads"),
    (make.xlsx_zip_bomb, "unpacks to more than the 128 MB reviewkit reads in one Excel workbook"),
    (make.xlsx_not_a_zip, "not a readable Excel workbook; open it in Excel and save it again"),
]


@pytest.mark.parametrize(("maker", "message"), IMPORTS, ids=lambda m: getattr(m, "__name__", ""))
def test_hostile_workbooks_are_refused(tmp_path: Path, maker: make.Maker, message: str) -> None:
    path = maker(tmp_path)
    refused(invoke("import", CASE, path, "--agency", "police", "--dry-run"), path, message)


@pytest.mark.slow
def test_three_million_rows_are_refused(tmp_path: Path) -> None:
    path = make.xlsx_three_million_rows(tmp_path)
    result = run("import", CASE, path, "--agency", "police", "--dry-run", cwd=tmp_path)
    refused(result, path, "unpacks to more than the 128 MB reviewkit reads")


def test_a_formatted_cell_in_the_far_corner_costs_nothing(tmp_path: Path) -> None:
    path = make.xlsx_far_corner_styled(tmp_path)
    result = invoke("import", CASE, path, "--agency", "police", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert f"{path.name}: 3 events would be added." in result.stdout


SCANS = [
    (make.docx_bad_xml, "not a readable Word file (XMLSyntaxError); is it a .docx?"),
    (make.docx_no_body, "not a readable Word file; is it a .docx?"),
    (make.docx_zip_bomb, "unpacks to more than the 64 MB reviewkit reads in one Word file"),
    (make.docx_huge_part, "unpacks to more than the 64 MB reviewkit reads in one Word file"),
    (make.pdf_not_a_pdf, "pdftotext cannot read this PDF"),
]


@pytest.mark.parametrize(("maker", "message"), SCANS, ids=lambda m: getattr(m, "__name__", ""))
def test_hostile_documents_are_refused_by_scan(
    tmp_path: Path, maker: make.Maker, message: str
) -> None:
    path = maker(tmp_path)
    refused(invoke("scan", path, "--case", CASE), path, message)


def test_a_good_docx_built_the_same_way_scans(tmp_path: Path) -> None:
    result = invoke("scan", make.docx_good(tmp_path), "--case", CASE)
    assert result.exit_code == 0, result.stderr


# --- not files at all -------------------------------------------------------------------------

SPECIAL = [
    (make.directory, "is a folder; give the path of the"),
    (make.symlink_loop, "is a symbolic link that loops"),
]
HANGING = [  # read without a check, these never end
    (make.named_pipe, "is a named pipe, not a file; reviewkit reads only files saved on disk"),
    (lambda _folder: Path("/dev/zero"), "is a device, not a file"),
]
COMMANDS = {
    "import": lambda path: ("import", CASE, path, "--agency", "police"),
    "scan": lambda path: ("scan", path, "--case", CASE),
    "check": lambda path: ("check", path),
}


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize(("maker", "message"), SPECIAL, ids=["directory", "symlink-loop"])
def test_what_is_not_a_file_is_refused_by_name(
    tmp_path: Path, command: str, maker: make.Maker, message: str
) -> None:
    path = maker(tmp_path)
    refused(invoke(*COMMANDS[command](path)), path, message)


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize(("maker", "message"), HANGING, ids=["fifo", "dev-zero"])
def test_pipes_and_devices_are_refused_at_once(
    tmp_path: Path, command: str, maker: make.Maker, message: str
) -> None:
    path = maker(tmp_path)
    refused(run(*COMMANDS[command](path), cwd=tmp_path), path, message)


def test_a_file_past_the_limit_is_refused_by_its_size(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    with path.open("wb") as handle:
        handle.truncate(reader.MAX_BYTES + 1_048_576)  # sparse: no disk used
    with pytest.raises(InputFileError) as err:
        reader.read_tables(path)
    assert err.value.message == (
        f"{path}: 65 MB is larger than the 64 MB reviewkit reads; split the chronology."
    )
