"""User text reaches the terminal as typed: no rich markup read, no control characters sent."""

from __future__ import annotations

from pathlib import Path

from reviewkit.cli.output import INTERACTIVE_ENV, visible

from conftest import FIXTURES, WIDE, CopyCase, invoke

BASE = (FIXTURES / "check-valid.yaml").read_text(encoding="utf-8")


def bracketed(tmp_path: Path) -> Path:
    """The small valid case with square brackets (and an escape) in its user text."""
    text = BASE.replace(
        "    name: Testshire Police\n", '    name: Testshire Police\n    abbreviation: "[WRI]"\n'
    )
    text = text.replace(
        "    summary: Police called to the home\n",
        '    summary: "Police called; [name redacted] said \\e[31mhello"\n',
    )
    text = text.replace("    title: The first home visit\n", '    title: "[WRI] visit"\n')
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_timeline_shows_brackets_as_typed(tmp_path: Path) -> None:
    result = invoke("timeline", bracketed(tmp_path), env=WIDE)
    assert result.exit_code == 0, result.stderr
    assert "[WRI]" in result.stdout
    assert "Police called; [name redacted] said ␛[31mhello" in result.stdout
    assert "\x1b" not in result.stdout


def test_timeline_summary_shows_brackets_as_typed(tmp_path: Path) -> None:
    result = invoke("timeline", bracketed(tmp_path), "--summary", env=WIDE)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith("[WRI]  ") for line in lines), result.stdout
    assert any(line.startswith("1     [WRI] visit") for line in lines), result.stdout


def test_authoring_evidence_shows_brackets_as_typed(copy_case: CopyCase) -> None:
    case = copy_case("author-case.yaml")
    text = case.read_text(encoding="utf-8")
    old = "Nursery refers a bruise on Child T's cheek."
    case.write_text(text.replace(old, "[name redacted] refers a bruise [WRI]."), encoding="utf-8")
    result = invoke(
        "author",
        case,
        input=":q\n",
        env={INTERACTIVE_ENV: "1", "VISUAL": None, "EDITOR": None, **WIDE},
    )
    assert result.exit_code == 0, result.stderr
    assert "[name redacted] refers a bruise [WRI]." in result.stdout


def test_control_characters_are_shown_visibly() -> None:
    assert visible("a\x1b[2Jb\x07c\td\ne\x7f\x9b") == "a␛[2Jb␇c\td\ne\u2421\ufffd"
