"""Every product a person reads prints its dates in words; only the CSV export keeps ISO dates.

Every sample, every report kind (the case studies from an anonymised copy), the timeline in
Markdown and in the terminal, the deadlines, the action plan, the portfolio and the quality
card: no `2024-02-16`, no `?2024-02-16`, no `~` and no abbreviated month or weekday in any.
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest

from conftest import BABY_M, ELLIS, NARROW, SAMPLES, WIDE, anonymised, invoke

# End to end: it builds every output of both samples. CI runs it; `-m "not slow"` leaves it out.
pytestmark = pytest.mark.slow

ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
DOUBT = re.compile(r"\?\d|\b\d{4}(?:-\d{2}){1,2}\?")  # "?2024-02-10", "2024-02-10?"
SHORT = re.compile(  # "Fri 23 Feb 2024", "~ Mar 2024": a day or month cut short beside a number
    r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\.? \d|"
    r"\b\d{1,2} (?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?|"
    r"\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.? \d{4}|~"
)
CASES = sorted(SAMPLES.glob("*/case.yaml"))
SAMPLES_ALL = pytest.mark.parametrize("case", CASES, ids=[c.parent.name for c in CASES])
SAMPLES_TWO = pytest.mark.parametrize("case", [ELLIS, BABY_M], ids=["ellis", "baby-m"])


def assert_in_words(text: str, what: str) -> None:
    """No ISO date, no `?` date and no shortened day, month or `~` anywhere in `text`."""
    assert not ISO.findall(text), f"{what}: {ISO.findall(text)[:5]}"
    assert not DOUBT.findall(text), f"{what}: {DOUBT.findall(text)[:5]}"
    assert not SHORT.findall(text), f"{what}: {SHORT.findall(text)[:5]}"


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


@SAMPLES_ALL
@pytest.mark.parametrize("kind", ["lcspr", "rapid-review", "action-plan", "briefing", "progress"])
def test_reports_print_dates_in_words(case: Path, kind: str, tmp_path: Path) -> None:
    for path in built(case, tmp_path, kind):
        text = path.read_text("utf-8") if path.suffix == ".md" else docx_text(path)
        assert_in_words(text, path.name)


@SAMPLES_TWO
@pytest.mark.parametrize("kind", ["case-study", "case-study-notes"])
def test_case_studies_print_dates_in_words(case: Path, kind: str, tmp_path: Path) -> None:
    anon = anonymised(tmp_path, case)
    for path in built(anon, tmp_path / "out", kind):
        text = path.read_text("utf-8") if path.suffix == ".md" else docx_text(path)
        assert_in_words(text, path.name)


@SAMPLES_ALL
@pytest.mark.parametrize("env", [NARROW, WIDE], ids=["80", "200"])
def test_terminal_and_markdown_outputs_print_dates_in_words(
    case: Path, env: dict[str, str | None]
) -> None:
    for command in (
        ["timeline"],
        ["timeline", "--summary"],
        ["timeline", "--format", "md"],
        ["timeline", "--summary", "--format", "md"],
        ["deadlines"],
        ["deadlines", "--format", "md"],
        ["actions"],
        ["quality"],
    ):
        result = invoke(command[0], case, *command[1:], env=env)
        # quality exits 1 when the draft has errors: its card is printed all the same.
        assert result.exit_code in ((0, 1) if command == ["quality"] else (0,)), result.stderr
        assert_in_words(result.stdout, " ".join(command))
        if env is NARROW and command[0] in ("timeline", "deadlines") and "md" not in command:
            assert max(len(line) for line in result.stdout.splitlines()) <= 80, command


def test_the_portfolio_prints_dates_in_words(tmp_path: Path) -> None:
    result = invoke("portfolio", *CASES)
    assert result.exit_code == 0, result.stderr
    assert_in_words(result.stdout, "portfolio")
    out = tmp_path / "portfolio.md"
    written = invoke("portfolio", *CASES, "-f", "md", "-o", out)
    assert written.exit_code == 0, written.stderr
    assert_in_words(out.read_text("utf-8"), "portfolio.md")


@SAMPLES_TWO
def test_the_csv_export_keeps_dates_as_written(case: Path) -> None:
    result = invoke("timeline", case, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert ISO.search(result.stdout)
