"""The portfolio: many reviews read together, in the terminal and as a report section."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx

from reviewkit.actions.portfolio import case_files, read_portfolio

from conftest import ELLIS, SAMPLES, WIDE, invoke

TODAY = dt.date(2025, 6, 30)
# The single-case samples the figures below count (the national and thematic samples have
# strands of their own and would change every count).
FOUR = [
    SAMPLES / name / "case.yaml"
    for name in (
        "lcspr-child-poppy",
        "lcspr-child-theo",
        "lcspr-ellis-family",
        "rapid-review-baby-m",
    )
]


def test_a_folder_means_its_case_files() -> None:
    found = case_files([SAMPLES])
    assert ELLIS in found and len(found) == len(list(SAMPLES.glob("*/case.yaml")))
    assert case_files([ELLIS, SAMPLES]).count(ELLIS) == 1


def test_the_samples_read_together() -> None:
    portfolio = read_portfolio(FOUR, today=TODAY)
    assert portfolio.by_kind() == {"lcspr": 3, "rapid-review": 1}
    assert portfolio.by_stage() == {"Draft": 2, "Final": 1, "Published": 1}
    assert portfolio.deadlines()["notification"]["on time"] == 4
    themes = [(title, len(found)) for title, found in portfolio.recurring_themes()]
    # Titles match whatever their capitals ("Recognising Cumulative Neglect" in one case).
    assert themes[0] == ("Recognising cumulative neglect", 3)
    assert portfolio.recommendations() == {"local": 13, "national": 1}
    assert sum(portfolio.actions().values()) == 17
    assert dict(portfolio.overdue_by_agency())["Westmarch Police"] == 1


def test_an_invalid_case_is_skipped_with_a_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("review: {title: x}\n", encoding="utf-8")
    result = invoke("portfolio", ELLIS, bad, "--today", "2025-06-30", env=WIDE)
    assert result.exit_code == 0, result.output
    assert "bad.yaml: warning: skipped: not a valid case file" in result.stderr
    assert result.stdout.startswith("1 review on 30 June 2025")


def test_portfolio_in_the_terminal() -> None:
    result = invoke("portfolio", *FOUR, "--today", "2025-06-30", env=WIDE)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("4 reviews on 30 June 2025")
    for title in ("Deadlines", "Themes that recur", "Overdue actions by agency"):
        assert title in result.stdout


def test_portfolio_as_markdown_and_word(tmp_path: Path) -> None:
    md = tmp_path / "reviews.md"
    result = invoke("portfolio", *FOUR, "--today", "2025-06-30", "-f", "md", "-o", md)
    assert result.exit_code == 0, result.output
    text = md.read_text(encoding="utf-8")
    assert "# Learning from practice reviews" in text
    assert "| Recognising cumulative neglect | 3 |" in text
    assert "The reviews made 14 recommendations (13 local, 1 national)" in text
    word = tmp_path / "reviews.docx"
    result = invoke("portfolio", *FOUR, "--today", "2025-06-30", "-f", "docx", "-o", word)
    assert result.exit_code == 0, result.output
    document = docx.Document(str(word))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "Recognising cumulative neglect" in cells
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert any("Themes that recur" in h for h in headings)
    again = invoke("portfolio", *FOUR, "-f", "md", "-o", md)
    assert again.exit_code == 1 and "already exists" in again.stderr


def test_portfolio_needs_an_output_for_a_file_format() -> None:
    result = invoke("portfolio", *FOUR, "-f", "docx")
    assert result.exit_code == 2
    assert "give the file to write with -o" in result.stderr


def test_output_file_says_the_format_and_a_file_that_cannot_hold_one_is_refused(
    tmp_path: Path,
) -> None:
    refused = invoke("portfolio", SAMPLES, "-o", tmp_path / "reviews.txt")
    assert refused.exit_code == 2
    assert "name the file reviews.md or reviews.docx" in refused.stderr
    assert not (tmp_path / "reviews.txt").exists()
    written = invoke("portfolio", SAMPLES, "-o", tmp_path / "reviews.md")
    assert written.exit_code == 0, written.stderr
    assert "\n# " in (tmp_path / "reviews.md").read_text(encoding="utf-8")
