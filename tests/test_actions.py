"""Actions: RAG ratings across dates, the tracker, and the action-plan and progress reports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reviewkit.actions import rate, track
from reviewkit.actions.rag import load_rules
from reviewkit.casefile import load_case
from reviewkit.model import Action, ActionRules

from conftest import ELLIS, WIDE, invoke

TODAY = dt.date(2025, 6, 30)  # the day the sample's tests rate its action plan on


def action(target: str | None, status: str = "in-progress") -> Action:
    return Action.model_validate(
        {"text": "Do it", "owner": "Lead", "target": target, "status": status}
    )


@pytest.mark.parametrize(
    ("target", "status", "rag", "reason"),
    [
        ("2025-06-29", "in-progress", "red", "overdue by 1 day"),
        ("2025-01-31", "not-started", "red", "overdue by 150 days"),
        ("2025-06-30", "in-progress", "amber", "due today"),
        ("2025-07-30", "in-progress", "amber", "due in 30 days"),
        ("2025-07-31", "in-progress", "green", "on track"),
        ("2025-07-31", "not-started", "amber", "not started, due in 31 days"),
        ("2025-08-29", "not-started", "amber", "not started, due in 60 days"),
        ("2025-08-30", "not-started", "green", "on track"),
        (None, "in-progress", "amber", "no target date"),
        ("2024-01-01", "complete", "green", "complete; impact not yet evidenced"),
        ("2024-01-01", "evidenced", "blue", "impact evidenced"),
        # A month falls due on its last day; a season on the last day of its last month.
        ("June 2025", "in-progress", "amber", "due today"),
        ("May 2025", "in-progress", "red", "overdue by 30 days"),
        ("spring 2025", "in-progress", "red", "overdue by 30 days"),
    ],
)
def test_rag_rules_across_dates(target: str | None, status: str, rag: str, reason: str) -> None:
    rating = rate(action(target, status), TODAY)
    assert (rating.rag, rating.reason) == (rag, reason)


def test_rules_can_be_overridden() -> None:
    rules = ActionRules(due_soon_days=7, not_started_days=0, no_target="red", complete="blue")
    assert rate(action("2025-07-30"), TODAY, rules).rag == "green"
    assert rate(action("2025-07-05"), TODAY, rules).rag == "amber"
    assert rate(action(None), TODAY, rules).rag == "red"
    assert rate(action("2025-01-01", "complete"), TODAY, rules).rag == "blue"


def test_rules_file_is_checked_with_located_messages(tmp_path: Path) -> None:
    case = load_case(ELLIS).case
    good = tmp_path / "rules.yaml"
    good.write_text("due_soon_days: 14\n", encoding="utf-8")
    assert load_rules(case, good).due_soon_days == 14
    bad = tmp_path / "bad.yaml"
    bad.write_text("due_soon_days: 14\ncomplet: blue\n", encoding="utf-8")
    result = invoke("actions", ELLIS, "--rules", bad, "--today", "2025-06-30")
    assert result.exit_code != 0
    assert "bad.yaml:2:1" in result.stderr and "complet" in result.stderr


def test_the_sample_plan_has_overdue_and_evidenced_actions() -> None:
    tracker = track(load_case(ELLIS).case, TODAY)
    assert tracker.counts() == {"red": 3, "amber": 2, "green": 6, "blue": 2}
    # Numbered in reading order: the order the report meets them under the themes.
    assert [a.number for a in tracker.overdue] == ["6.1", "8.1", "5.2"]
    assert [a.number for a in tracker.due_within(30)] == ["7.1"]
    assert "Westmarch Police" in tracker.by_owner()


def test_actions_command_shows_overdue_first() -> None:
    result = invoke("actions", ELLIS, "--today", "2025-06-30", env=WIDE)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("13 actions on 30 June 2025: 3 red, 2 amber, 6 green, 2 blue")
    assert out.index("Overdue (3)") < out.index("Due in the next 30 days (1)")
    assert out.index("overdue by 150 days") < out.index("overdue by 91 days")
    assert result.stderr == ""


def test_actions_command_refuses_a_vague_today() -> None:
    result = invoke("actions", ELLIS, "--today", "June 2025")
    assert result.exit_code == 2
    assert "--today 'June 2025': give one day" in result.stderr


def _docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.mark.parametrize("kind", ["action-plan", "progress"])
def test_action_reports_read_back(kind: str, tmp_path: Path) -> None:
    result = invoke(
        "build", ELLIS, "-k", kind, "-f", "md,docx", "-o", tmp_path, "--today", "2025-06-30"
    )
    assert result.exit_code == 0, result.output
    md = (tmp_path / f"lcspr-ellis-family-{kind}.md").read_text(encoding="utf-8")
    word = _docx_text(tmp_path / f"lcspr-ellis-family-{kind}.docx")
    for text in (md, word):
        assert "30 June 2025" in text
        assert "overdue by 150 days" in text
        assert "How RAG ratings are given" in text
    if kind == "action-plan":
        assert "| 2.1 | Revise the step-down guidance" in md
        assert "Blue: impact evidenced" in word
    else:
        assert (
            "the plan has 13 actions: 4 are complete (2 with evidence of impact) and 3 are overdue"
            in md
        )
        assert "Evidence of impact" in word and "National recommendations" in word
        assert "The review made no national recommendations." in md


def test_build_refuses_a_bad_today(tmp_path: Path) -> None:
    result = invoke("build", ELLIS, "-k", "progress", "-o", tmp_path, "--today", "soon")
    assert result.exit_code == 2
    assert list(tmp_path.iterdir()) == []


# --- the owners' workbook round trip -------------------------------------------------------


def test_workbook_round_trip_reads_updates_back_with_provenance(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    case = tmp_path / "case.yaml"
    case.write_text(ELLIS.read_text(encoding="utf-8"), encoding="utf-8")
    book_path = tmp_path / "actions.xlsx"
    result = invoke("actions", case, "--today", "2025-06-30", "-f", "xlsx", "-o", book_path)
    assert result.exit_code == 0, result.output
    assert "13 actions on 9 sheets" in result.stdout
    book = load_workbook(book_path)
    ws = book["Westmarch Police"]
    assert [c.value for c in ws[1]][:2] == ["Ref", "No."]
    assert [c.value for c in ws[2]][:2] == ["act-checks-procedure", "5.1"]
    formulas = {v.formula1 for v in ws.data_validations.dataValidation}
    assert '"not-started,in-progress,complete,evidenced"' in formulas
    assert "DATE(2000,1,1)" in formulas
    ws.cell(2, 9).value = "evidenced"
    ws.cell(2, 10).value = "Dip sample of 50 checks: 48 correct."
    ws.cell(3, 11).value = "Sample drawn"
    ws.cell(3, 12).value = dt.datetime(2025, 7, 2)
    book.save(book_path)
    before = case.read_text(encoding="utf-8")

    result = invoke("import", case, book_path, "--actions")
    assert result.exit_code == 0, result.output
    assert "Action 5.1: status complete -> evidenced, evidence of impact, 1 update added." in (
        result.stdout
    )
    assert "Action 5.2: 1 update added." in result.stdout
    after = load_case(case).case
    first, second = after.recommendations[1].actions
    assert first.status == "evidenced" and first.evidence == "Dip sample of 50 checks: 48 correct."
    assert first.updates[-1].source == "actions.xlsx, sheet Westmarch Police, row 2"
    assert second.updates[-1].text == "Sample drawn"
    assert str(second.updates[-1].date) == "2025-07-02"
    # The rest of the file keeps its layout: the existing update is still quoted as written.
    text = case.read_text(encoding="utf-8")
    assert 'text: "Revised procedure signed off by the MASH board."' in text
    assert len(text.splitlines()) - len(before.splitlines()) == 8

    again = invoke("import", case, book_path, "--actions")
    assert again.exit_code == 0
    assert "0 actions changed" in again.stdout
    assert case.read_text(encoding="utf-8") == text


def test_workbook_import_refuses_bad_rows(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    case = tmp_path / "case.yaml"
    case.write_text(ELLIS.read_text(encoding="utf-8"), encoding="utf-8")
    book_path = tmp_path / "actions.xlsx"
    invoke("actions", case, "--today", "2025-06-30", "-f", "xlsx", "-o", book_path)
    book = load_workbook(book_path)
    ws = book["Westmarch Police"]
    ws.cell(2, 9).value = "done"
    ws.cell(3, 11).value = "An update with no date"
    book.save(book_path)
    before = case.read_text(encoding="utf-8")
    result = invoke("import", case, book_path, "--actions")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        "actions.xlsx: sheet Westmarch Police, row 2: status 'done' is not one of "
        "not-started, in-progress, complete, evidenced",
        "actions.xlsx: sheet Westmarch Police, row 3: the progress update has no date",
    ]
    assert case.read_text(encoding="utf-8") == before


# --- the 7-minute briefing ---------------------------------------------------------------------


def test_briefing_has_seven_parts_anonymised_and_passes_scan(tmp_path: Path) -> None:
    result = invoke("build", ELLIS, "-k", "briefing", "-f", "md,docx", "-o", tmp_path)
    assert result.exit_code == 0, result.output
    md = tmp_path / "lcspr-ellis-family-briefing.md"
    word = tmp_path / "lcspr-ellis-family-briefing.docx"
    text = md.read_text(encoding="utf-8")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == [
        "## 1 Background",
        "## 2 Why it matters",
        "## 3 Key learning",
        "## 4 Questions to reflect on",
        "## 5 What you should do",
        "## 6 Further reading and resources",
        "## 7 What happens next",
    ]
    for found in (text, _docx_text(word)):
        assert "Learning from the review about Chloe, Mason and Ruby" in found
        assert "Recognising cumulative neglect: Neglect is cumulative." in found
        # Agencies and places are anonymised; the years of references stay true.
        assert "Northmoor" not in found and "Westmarch" not in found
        assert "Panel (2021) The myth of invisible men" in found
    scan = invoke("scan", "--case", ELLIS, md, word)
    assert scan.exit_code == 0, scan.output


def test_briefing_placeholders_for_what_is_not_written(tmp_path: Path) -> None:
    text = ELLIS.read_text(encoding="utf-8")
    start = text.index("\nbriefing:")
    end = text.index("\n# --- References")
    case = tmp_path / "case.yaml"
    case.write_text(text[:start] + text[end:], encoding="utf-8")
    result = invoke("build", case, "-k", "briefing", "-o", tmp_path)
    assert result.exit_code == 0, result.output
    assert "warning: briefing.why_it_matters (Why it matters): not yet written" in result.stderr
    assert "warning: briefing.questions (Questions to reflect on): not yet written" in (
        result.stderr
    )


# --- more of the rules, the import and the briefing -----------------------------------------


@given(
    target=st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)),
    today=st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)),
    status=st.sampled_from(["not-started", "in-progress", "complete", "evidenced"]),
)
def test_red_means_unfinished_and_past_its_target(
    target: dt.date, today: dt.date, status: str
) -> None:
    rating = rate(action(target.isoformat(), status), today)
    unfinished = status in ("not-started", "in-progress")
    assert (rating.rag == "red") == (unfinished and target < today)
    assert rating.overdue == (rating.rag == "red")
    if status == "evidenced":
        assert rating.rag == "blue"


def test_dry_run_import_writes_nothing(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    case = tmp_path / "case.yaml"
    case.write_text(ELLIS.read_text(encoding="utf-8"), encoding="utf-8")
    book_path = tmp_path / "actions.xlsx"
    invoke("actions", case, "--today", "2025-06-30", "-f", "xlsx", "-o", book_path)
    book = load_workbook(book_path)
    book["Westmarch Police"].cell(3, 9).value = "in-progress"
    book.save(book_path)
    before = case.read_text(encoding="utf-8")
    result = invoke("import", case, book_path, "--actions", "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Action 5.2: status not-started -> in-progress, 1 update added.",
        "Read 13 rows; 1 action would change.",
        "Dry run: nothing was written.",
    ]
    assert case.read_text(encoding="utf-8") == before


def test_import_without_agency_or_actions_says_what_to_give(tmp_path: Path) -> None:
    result = invoke("import", ELLIS, tmp_path / "return.xlsx")
    assert result.exit_code == 2
    assert "give the agency whose chronology this is with --agency ID" in result.stderr


def test_briefing_as_written_when_the_case_says_so(tmp_path: Path) -> None:
    text = ELLIS.read_text(encoding="utf-8").replace(
        "\nbriefing:\n", "\nbriefing:\n  anonymise: no\n", 1
    )
    case = tmp_path / "ellis.yaml"
    case.write_text(text, encoding="utf-8")
    result = invoke("build", case, "-k", "briefing", "-o", tmp_path)
    assert result.exit_code == 0, result.output
    out = (tmp_path / "ellis-briefing.md").read_text(encoding="utf-8")
    assert "Northmoor Safeguarding Children Partnership" in out
    assert out.startswith("**OFFICIAL-SENSITIVE**")  # the review's own marking


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["progress", "briefing"])
def test_action_reports_as_pdf(kind: str, tmp_path: Path) -> None:
    import subprocess

    result = invoke(
        "build", ELLIS, "-k", kind, "-f", "pdf", "-o", tmp_path, "--today", "2025-06-30"
    )
    assert result.exit_code == 0, result.output
    pdf = tmp_path / f"lcspr-ellis-family-{kind}.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = int(next(ln for ln in info.stdout.splitlines() if ln.startswith("Pages:")).split()[1])
    # The briefing is a cover and two pages at most; the progress report a handful.
    assert pages <= (3 if kind == "briefing" else 10)
    if kind == "briefing":
        scan = invoke("scan", "--case", ELLIS, pdf)
        assert scan.exit_code == 0, scan.output
