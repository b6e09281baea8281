"""The deadlines command: exit codes, stdout and stderr."""

from __future__ import annotations

from pathlib import Path

from conftest import FIXTURES, invoke, words

CASE = FIXTURES / "deadlines-case.yaml"


def run(*args: str) -> tuple[int, str, str]:
    result = invoke(*args, env={"NO_COLOR": "1"})
    return result.exit_code, result.stdout, result.stderr


def test_deadlines_of_a_case_as_a_table() -> None:
    code, out, err = run("deadlines", str(CASE), "--today", "2024-04-02")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Rapid review: Child D"
    assert lines[1:3] == [
        "As at Tuesday 2 April 2024.",
        "Working days skip weekends and bank holidays in England.",
    ]
    assert max(len(line.rstrip()) for line in lines) <= 80
    rows = [words(line) for line in lines]
    first = next(i for i, row in enumerate(rows) if row.startswith("Serious incident"))
    assert rows[first : first + 6] == [
        "Serious incident notification Wednesday 20 March done on Friday 15",
        "to the Panel 2024 March 2024 (3 working",
        "5 working days after days early)",
        "awareness",
        "Source: Children Act 2004",
        "s16C; Working Together 2018",
    ]
    assert "Rapid review meeting Thursday 4 April 2024 planned for Wednesday" in rows
    assert "Dora" not in out


def test_deadlines_in_markdown() -> None:
    code, out, err = run("deadlines", str(CASE), "--today", "2024-04-02", "--format", "md")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "| Step | Due | Status | Rule | Source |"
    assert lines[2] == (
        "| Serious incident notification to the Panel | Wednesday 20 March 2024 | done on Friday "
        "15 March 2024 (3 working days early) | 5 working days after awareness | Children Act 2004 "
        "s16C; Working Together 2018 |"
    )
    assert lines[4] == (
        "| Rapid review sent to the Panel | Tuesday 9 April 2024 | due in 5 working days | "
        "15 working days after the notification | Working Together 2018 |"
    )
    assert len(lines) == 8


def test_dates_alone_without_a_case() -> None:
    code, out, err = run("deadlines", "--aware", "2024-08-23", "--today", "2024-08-27", "-f", "md")
    assert (code, err) == (0, "")
    assert (
        "| Serious incident notification to the Panel | Monday 2 September 2024 | due in 4 working days |"
        in out
    )


def test_an_option_date_replaces_the_case_date() -> None:
    code, out, _ = run(
        "deadlines", str(CASE), "--submitted", "2024-04-05", "--today", "2024-04-30", "-f", "md"
    )
    assert code == 0
    assert "| Tuesday 9 April 2024 | done on Friday 5 April 2024 (2 working days early) |" in out
    assert "| Friday 19 April 2024 | overdue by 7 working days |" in out


def test_approximate_dates_are_marked() -> None:
    code, out, _ = run("deadlines", "--aware", "March 2024", "--today", "2024-04-02", "-f", "md")
    assert code == 0
    assert "| around Monday 8 April 2024 | due in 4 working days |" in out
    assert out.rstrip().endswith(
        "A due date 'around' a day is counted from the latest day an uncertain date can mean."
    )


def test_custom_rules_file(tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        "rules:\n  - id: rapid-review\n    amount: 10\n    source: Testshire procedure 4.2\n",
        encoding="utf-8",
    )
    code, out, err = run(
        "deadlines", str(CASE), "--rules", str(rules), "--today", "2024-03-18", "-f", "md"
    )
    assert (code, err) == (0, "")
    assert (
        "| Rapid review sent to the Panel | Tuesday 2 April 2024 | due in 9 working days | "
        "10 working days after the notification | Testshire procedure 4.2 |"
    ) in out


def test_bad_rules_file_is_a_located_error(tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text("rules:\n  - id: rapid-review\n    amount: 10\n", encoding="utf-8")
    code, out, err = run("deadlines", str(CASE), "--rules", str(rules))
    assert (code, out) == (2, "")
    assert err == (
        f"{rules}:2:5: rules[0]: this rule changes the built-in rule 'rapid-review', so it "
        "needs its own 'source:' (the procedure or guidance that sets it)\n"
        "1 error; fix them and run the command again.\n"
    )


def test_nothing_to_count_from() -> None:
    code, out, err = run("deadlines")
    assert (code, out) == (2, "")
    assert err == (
        "reviewkit: give a case file, or the dates to count from: for example "
        "reviewkit deadlines --aware 2024-03-13\n"
    )


def test_bad_dates_name_the_option() -> None:
    code, out, err = run("deadlines", "--aware", "the day after")
    assert (code, out) == (2, "")
    assert err.startswith("reviewkit: --aware: ")
    code, _, err = run("deadlines", "--aware", "2024-03-13", "--today", "March 2024")
    assert code == 2
    assert err == "reviewkit: --today: 'March 2024' is not one day; write it like 2024-03-20\n"
