"""The case-file commands through the CLI: check, init, schema."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import FIXTURES, invoke


def test_check_valid_case_exits_0() -> None:
    result = invoke("check", FIXTURES / "check-valid.yaml")
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
    result = invoke("check", case)
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
    result = invoke("check", case)
    assert result.exit_code == 0
    assert result.stdout.startswith(f"{case}: valid (2 warnings): 2 events")
    assert result.stderr.count("warning: ") == 2


def test_check_missing_file(tmp_path: Path) -> None:
    result = invoke("check", tmp_path / "nope.yaml")
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"reviewkit: {tmp_path / 'nope.yaml'}: no such case file; check the path.\n"
    )


def test_check_yaml_syntax_error(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_text("review:\n  title: [unclosed\n", encoding="utf-8")
    result = invoke("check", case)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"reviewkit: {case}:3:1: YAML syntax error:")


def test_init_writes_a_valid_starter_and_never_overwrites(tmp_path: Path) -> None:
    folder = tmp_path / "new-case"
    result = invoke("init", folder)
    assert result.exit_code == 0, result.output
    case = folder / "case.yaml"
    assert result.stdout == f"Wrote {case}. Edit it, then run: reviewkit check {case}\n"
    assert invoke("check", case).exit_code == 0
    case.write_text(case.read_text(encoding="utf-8") + "# my notes\n", encoding="utf-8")
    again = invoke("init", folder)
    assert again.exit_code == 1
    assert again.stderr == (
        f"reviewkit: {case} already exists; choose another folder, or go on editing that case.\n"
    )
    assert case.read_text(encoding="utf-8").endswith("# my notes\n")


def test_init_refuses_a_file(tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    target.write_text("x", encoding="utf-8")
    result = invoke("init", target)
    assert result.exit_code == 1
    assert "is a file; give the path of a folder" in result.stderr


def test_schema_is_json_schema_for_the_case_file() -> None:
    result = invoke("schema")
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


def test_check_reports_ten_planted_mistakes_in_one_run(tmp_path: Path) -> None:
    text = (FIXTURES / "check-valid.yaml").read_text(encoding="utf-8")
    for old, new in [
        ("  kind: lcspr\n", "  kind: lcpsr\n"),  # a choice misspelt
        ("    to: 2021-06-30\n", "    to: 2019-06-30\n"),  # scope ends before it starts
        ("    age_at_incident: 2 years\n", "    age_at_incident: 4 years\n"),  # wrong age
        ("  - id: hv\n", "  - id: police\n"),  # duplicate id (and hv is then unknown)
        ("    date: 2020-03-01\n", "    date: 31/02/2020\n"),  # impossible date
        ("    child_seen: yes\n", "    child_seen: perhaps\n"),  # wrong type
        ("    type: da-incident\n", "    type: da-incidnet\n"),  # unknown event type
        ("    themes: [da]\ninterviews", "    themes: [dv]\ninterviews"),  # dangling theme
        ("    events: [e1, e2]\n", "    events: [e1, e9]\n"),  # dangling event
        ("    title: Domestic abuse\n", "    titel: Domestic abuse\n"),  # unknown key
    ]:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    case = tmp_path / "case.yaml"
    case.write_text(text, encoding="utf-8")
    result = invoke("check", case)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"{case}:4:9: review.kind: 'lcpsr' is not one of: lcspr, rapid-review, thematic, "
        "national, scr, sar, dhr, cpr, other (did you mean 'lcspr'?)",
        f"{case}:10:9: review.scope.to: the scope period ends (2019-06-30) before it starts "
        "(2020-01-01)",
        f"{case}:17:22: people[0].age_at_incident: '4 years' does not match the date of birth "
        "(2019-05-01): on the incident date (2021-06-01) Amy was 2 years 1 month",
        f"{case}:27:9: agencies[1].id: duplicate id 'police' (first used at line 24)",
        f"{case}:32:11: events[0].date: '31/02/2020' is not a date: February 2020 has 29 days",
        f"{case}:33:13: events[0].agency: unknown agency 'hv'",
        f"{case}:37:17: events[0].child_seen: expected yes or no (true/false), got 'perhaps'",
        f"{case}:43:11: events[1].type: unknown event type 'da-incidnet' (did you mean "
        "'da-incident'?); see docs/case-file.md, or add it under vocabulary.event_types",
        f"{case}:45:14: events[1].themes[0]: unknown theme 'dv'",
        f"{case}:57:18: episodes[0].events[1]: unknown event 'e9'",
        f"{case}:60:5: themes[0].titel: unknown key 'titel' (did you mean 'title'?)",
        "11 errors; fix them and run the command again.",
    ]
