"""The case-file commands through the CLI: check, init, schema."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from reviewkit.cli import app

FIXTURES = Path(__file__).parent / "fixtures"
runner = CliRunner()


def test_check_valid_case_exits_0() -> None:
    result = runner.invoke(app, ["check", str(FIXTURES / "check-valid.yaml")])
    assert result.exit_code == 0
    assert result.stdout == (
        f"{FIXTURES / 'check-valid.yaml'}: valid: 2 events, 2 agencies, 2 people, "
        "1 episode, 1 theme.\n"
    )
    assert result.stderr == ""


def test_check_invalid_case_lists_every_problem_and_exits_2(tmp_path: Path) -> None:
    text = (FIXTURES / "check-valid.yaml").read_text(encoding="utf-8")
    text = text.replace("    agency: hv\n", "    agency: hvv\n").replace(
        "  kind: lcspr\n", "  kind: lcpsr\n"
    )
    case = tmp_path / "case.yaml"
    case.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["check", str(case)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{case}:4:9: review.kind: 'lcpsr' is not one of: lcspr, rapid-review, thematic, "
        "national, scr, sar, dhr, cpr, other (did you mean 'lcspr'?)",
        f"{case}:33:13: events[0].agency: unknown agency 'hvv' (did you mean 'hv'?)",
        "2 errors; fix them and run the command again.",
    ]
    assert "Traceback" not in result.output


def test_check_warnings_go_to_stderr_and_do_not_fail(tmp_path: Path) -> None:
    text = (FIXTURES / "check-valid.yaml").read_text(encoding="utf-8")
    case = tmp_path / "case.yaml"
    case.write_text(text.replace("date: 2020-03-01", "date: 2019-03-01"), encoding="utf-8")
    result = runner.invoke(app, ["check", str(case)])
    assert result.exit_code == 0
    assert result.stdout.startswith(f"{case}: valid (2 warnings): 2 events")
    assert result.stderr.count("warning: ") == 2


def test_check_missing_file(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"reviewkit: {tmp_path / 'nope.yaml'}: no such case file; check the path.\n"
    )


def test_check_yaml_syntax_error(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_text("review:\n  title: [unclosed\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(case)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"reviewkit: {case}:3:1: YAML syntax error:")


def test_init_writes_a_valid_starter_and_never_overwrites(tmp_path: Path) -> None:
    folder = tmp_path / "new-case"
    result = runner.invoke(app, ["init", str(folder)])
    assert result.exit_code == 0, result.output
    case = folder / "case.yaml"
    assert result.stdout == f"Wrote {case}. Edit it, then run: reviewkit check {case}\n"
    assert runner.invoke(app, ["check", str(case)]).exit_code == 0
    case.write_text(case.read_text(encoding="utf-8") + "# my notes\n", encoding="utf-8")
    again = runner.invoke(app, ["init", str(folder)])
    assert again.exit_code == 1
    assert again.stderr == (
        f"reviewkit: {case} already exists; choose another folder, or go on editing that case.\n"
    )
    assert case.read_text(encoding="utf-8").endswith("# my notes\n")


def test_init_refuses_a_file(tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    target.write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["init", str(target)])
    assert result.exit_code == 1
    assert "is a file; give the path of a folder" in result.stderr


def test_schema_is_json_schema_for_the_case_file() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "reviewkit case file"
    assert schema["additionalProperties"] is False
    assert {"review", "people", "agencies", "events", "episodes", "themes"} <= set(
        schema["properties"]
    )
    scope = schema["$defs"]["Scope"]["properties"]
    assert {"from", "to", "reason"} <= set(scope)
    assert schema["$defs"]["Event"]["properties"]["date"]["type"] == ["string", "integer"]
