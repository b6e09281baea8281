"""Every Markdown export escapes user text the same way: it shows exactly as it was typed.

The timeline (`timeline --format md`), its summary, the deadlines table and the anonymisation
report and audit all go through the document model and the one Markdown renderer. Each test
feeds text full of markup (`*never*`, `<b>`, `|`, a backslash, a line starting `#`, `-` or
`1.`) through one export, reads the Markdown back with a CommonMark parser, and checks that
the text comes out literally and that nothing turned into emphasis, HTML, a heading or a list.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from reviewkit.anonymise import Options, anonymise_file
from reviewkit.cli import app

FIXTURES = Path(__file__).parent / "fixtures"
runner = CliRunner()

# Each is typed by a user somewhere; each would be markup if written out as it is.
TRICKY = [
    "Mother said she would *never* leave",
    "Note <b>bold</b> & &amp; kept",
    "Seen a|b in the notes",
    "Path C:\\temp\\notes and a \\* star",
    "# not a heading",
    "- not a list",
    "1. not a numbered list",
    "_under_ and `code` and [link](x) and ~sub~ and ^sup^ and $5 and @cite",
]
# Tokens a CommonMark parser makes only when text has turned into markup.
_MARKUP = {"em_open", "strong_open", "html_inline", "html_block", "link_open", "code_inline"}


def shown(markdown: str) -> list[str]:
    """The text of every paragraph, heading, list item and table cell, as a reader sees it.

    Fails when any text has become emphasis, HTML, a link or code.
    """
    parser = MarkdownIt("commonmark").enable("table")
    texts = []
    for token in parser.parse(markdown):
        if token.type != "inline":
            continue
        kinds = {child.type for child in token.children or []}
        assert not kinds & _MARKUP, f"{token.content!r} became markup: {kinds & _MARKUP}"
        texts.append("".join(child.content for child in token.children or []))
    return texts


def blocks(markdown: str) -> set[str]:
    """The kinds of block in the Markdown (paragraph, heading, list, table...)."""
    parser = MarkdownIt("commonmark").enable("table")
    return {t.type.removesuffix("_open") for t in parser.parse(markdown) if t.nesting == 1}


def assert_literal(markdown: str, texts: list[str]) -> None:
    """Each of `texts` is shown exactly, as a whole paragraph, cell or item, or inside one."""
    seen = shown(markdown)
    for text in texts:
        assert any(text in s for s in seen), f"{text!r} is not shown as written in {seen}"


def timeline_case(tmp_path: Path) -> Path:
    """A small case whose event summaries and episode title are all markup-like text."""
    events = "".join(
        f"  - date: 2023-02-{i + 1:02d}\n    agency: hv\n    type: home-visit\n"
        f"    summary: {_yaml(text)}\n    episodes: [kpe1]\n"
        for i, text in enumerate(TRICKY)
    )
    path = tmp_path / "case.yaml"
    path.write_text(
        "review:\n  title: T\n  kind: lcspr\n  partnership: P\n"
        "  scope: {from: 2023-01-01, to: 2023-12-31}\n"
        "people:\n  - {id: c, name: Child C, role: child, dob: 2023-01-01, subject: true}\n"
        "agencies:\n  - {id: hv, name: 'Health *visiting* <i>', type: health-visiting}\n"
        f"episodes:\n  - id: kpe1\n    title: {_yaml(TRICKY[0] + ' | ' + TRICKY[1])}\n"
        f"events:\n{events}",
        encoding="utf-8",
    )
    return path


def _yaml(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def test_the_timeline_export_shows_every_summary_as_typed(tmp_path: Path) -> None:
    result = runner.invoke(app, ["timeline", str(timeline_case(tmp_path)), "-f", "md"])
    assert result.exit_code == 0, result.output
    assert blocks(result.stdout) == {"table", "thead", "tr", "th", "tbody", "td"}
    assert_literal(result.stdout, TRICKY)


def test_the_timeline_summary_shows_names_and_titles_as_typed(tmp_path: Path) -> None:
    case = timeline_case(tmp_path)
    result = runner.invoke(app, ["timeline", str(case), "--summary", "-f", "md"])
    assert result.exit_code == 0, result.output
    assert_literal(result.stdout, ["Health *visiting* <i>", f"{TRICKY[0]} | {TRICKY[1]}"])
    headings = [line for line in result.stdout.splitlines() if line.startswith("#")]
    assert headings == [
        "## Contacts by agency",
        "## Events by type",
        "## Events by key practice episode",
        "## Longest gaps with no agency contact (in scope)",
    ]


def test_the_deadlines_table_shows_rule_labels_sources_and_notes_as_typed(
    tmp_path: Path,
) -> None:
    rules = tmp_path / "rules.yaml"
    entries = "".join(
        f"  - id: local-{i}\n    label: {_yaml(text)}\n    from: awareness\n    amount: {i + 1}\n"
        f"    unit: working-days\n    source: {_yaml(text)}\n    note: {_yaml(text)}\n"
        for i, text in enumerate(TRICKY)
    )
    rules.write_text(f"rules:\n{entries}", encoding="utf-8")
    result = runner.invoke(
        app,
        ["deadlines", "--aware", "2024-03-13", "--today", "2024-03-20", "--rules", str(rules)]
        + ["-f", "md"],
    )
    assert result.exit_code == 0, result.output
    assert_literal(result.stdout, TRICKY)
    # A note is a paragraph of its own, even one that starts like a heading or a list.
    assert blocks(result.stdout) == {"table", "thead", "tr", "th", "tbody", "td", "paragraph"}
    # The approximate due date is in words, "around ...", never the "~" pandoc reads as markup.
    approximate = runner.invoke(
        app, ["deadlines", "--aware", "March 2024", "--today", "2024-04-02", "-f", "md"]
    )
    assert_literal(approximate.stdout, ["around Monday 8 April 2024", "A due date 'around' a day"])
    assert "~" not in approximate.stdout


@pytest.mark.parametrize("name", TRICKY[:4])
def test_the_anonymisation_report_and_audit_show_paths_and_names_as_typed(name: str) -> None:
    output = f"{name}.yaml"
    result = anonymise_file(
        FIXTURES / "anon-case.yaml", Options(offset_days=-7 * 170, output_name=output)
    )
    assert_literal(result.report, [f"Anonymised case file: {output}", "rapid_review"])
    assert_literal(result.audit, [f"Anonymised case file: {output}"])
