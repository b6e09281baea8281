"""Every product a person reads prints its dates in words; only the CSV export keeps ISO dates.

Both samples, every report kind (the case studies from an anonymised copy), the timeline in
Markdown and in the terminal, and the deadlines: no `2024-02-16` and no `?2024-02-16` in any.
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest

from conftest import BABY_M, ELLIS, WIDE, anonymised, invoke

# End to end: it builds every output of both samples. CI runs it; `-m "not slow"` leaves it out.
pytestmark = pytest.mark.slow

ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
DOUBT = re.compile(r"\?\d|\b\d{4}(?:-\d{2}){1,2}\?")  # "?2024-02-10", "2024-02-10?"
SAMPLES = pytest.mark.parametrize("case", [ELLIS, BABY_M], ids=["ellis", "baby-m"])


def assert_in_words(text: str, what: str) -> None:
    """No ISO date and no `?` date anywhere in `text`."""
    assert not ISO.findall(text), f"{what}: {ISO.findall(text)[:5]}"
    assert not DOUBT.findall(text), f"{what}: {DOUBT.findall(text)[:5]}"


def docx_text(path: Path) -> str:
    """Every paragraph and table cell of a Word file."""
    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def built(case: Path, out: Path, kind: str) -> list[Path]:
    """`reviewkit build CASE --kind KIND --chronology -f md,docx`: the files written."""
    result = invoke("build", case, "-k", kind, "--chronology", "-f", "md,docx", "-o", out)
    assert result.exit_code == 0, result.stderr
    return [Path(line) for line in result.stdout.split()]


@SAMPLES
@pytest.mark.parametrize("kind", ["lcspr", "rapid-review"])
def test_reports_print_dates_in_words(case: Path, kind: str, tmp_path: Path) -> None:
    for path in built(case, tmp_path, kind):
        text = path.read_text("utf-8") if path.suffix == ".md" else docx_text(path)
        assert_in_words(text, path.name)


@SAMPLES
@pytest.mark.parametrize("kind", ["case-study", "case-study-notes"])
def test_case_studies_print_dates_in_words(case: Path, kind: str, tmp_path: Path) -> None:
    anon = anonymised(tmp_path, case)
    for path in built(anon, tmp_path / "out", kind):
        text = path.read_text("utf-8") if path.suffix == ".md" else docx_text(path)
        assert_in_words(text, path.name)


@SAMPLES
def test_timeline_and_deadlines_print_dates_in_words(case: Path, tmp_path: Path) -> None:
    for command in (
        ["timeline"],
        ["timeline", "--summary"],
        ["timeline", "--format", "md"],
        ["timeline", "--summary", "--format", "md"],
        ["deadlines"],
        ["deadlines", "--format", "md"],
    ):
        result = invoke(command[0], case, *command[1:], env=WIDE)
        assert result.exit_code == 0, result.stderr
        assert_in_words(result.stdout, " ".join(command))


@SAMPLES
def test_the_csv_export_keeps_dates_as_written(case: Path) -> None:
    result = invoke("timeline", case, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert ISO.search(result.stdout)
