"""After authoring, `reviewkit build` shows the new analysis: both read the same case file."""

from __future__ import annotations

from pathlib import Path

from reviewkit.cli.output import INTERACTIVE_ENV

from conftest import CopyCase, invoke


def build_markdown(case: Path, out: Path) -> str:
    result = invoke("build", case, "--output", out)
    assert result.exit_code == 0, result.stderr
    [report] = out.glob("*.md")
    return report.read_text(encoding="utf-8")


def test_answers_written_by_author_appear_in_the_built_report(
    copy_case: CopyCase, tmp_path: Path
) -> None:
    case = copy_case("author-case.yaml")
    before = build_markdown(case, tmp_path / "before")
    assert "Unannounced visits found Child T alone." not in before
    assert "episodes[1].learning" in before  # still a marked placeholder

    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "kpe-visit:\n"
        "  learning: |\n"
        "    Unannounced visits found Child T alone.\n"
        "\n"
        "    A second paragraph of learning.\n"
        "voice:\n"
        "  recommendation:\n"
        "    text: Practitioners should record the child's own words.\n"
        "    addressee: Northmere Safeguarding Children Partnership\n",
        encoding="utf-8",
    )
    result = invoke("author", case, "--answers", answers)
    assert result.exit_code == 0, result.stderr

    after = build_markdown(case, tmp_path / "after")
    assert "Unannounced visits found Child T alone." in after
    assert "A second paragraph of learning." in after
    assert "episodes[1].learning" not in after
    assert "Practitioners should record the child's own words." in after


def test_a_typed_session_then_build(copy_case: CopyCase, tmp_path: Path) -> None:
    case = copy_case("author-case.yaml")
    typed = "Known at the time: only the bruise.\n.\n:q\n"
    result = invoke(
        "author", case, input=typed, env={INTERACTIVE_ENV: "1", "VISUAL": None, "EDITOR": None}
    )
    assert result.exit_code == 0, result.stderr
    assert "Known at the time: only the bruise." in build_markdown(case, tmp_path / "out")
