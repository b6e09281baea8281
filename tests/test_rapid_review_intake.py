"""Starting a rapid review: `init --kind rapid-review`, every agency's request, summaries in."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest

from reviewkit.casefile import load_case
from reviewkit.reports import build_document
from reviewkit.reports.rapid_review_status import still_needed

from conftest import FIXTURES, invoke

FIXTURE = FIXTURES / "rapid-review-case.yaml"


def started(tmp_path: Path) -> Path:
    result = invoke("init", tmp_path / "case", "--kind", "rapid-review")
    assert result.exit_code == 0, result.stderr
    return tmp_path / "case" / "case.yaml"


# --- init -------------------------------------------------------------------------------------


def test_init_starts_a_rapid_review_that_check_accepts(tmp_path: Path) -> None:
    result = invoke("init", tmp_path / "case", "--kind", "rapid-review")
    assert result.exit_code == 0, result.stderr
    path = tmp_path / "case" / "case.yaml"
    assert result.stdout.splitlines() == [
        f"Wrote {path}. Edit it, then run: reviewkit check {path}",
        f"Requests for every agency: reviewkit agency-template {path} --all -o DIR",
    ]
    check = invoke("check", path)
    assert check.exit_code == 0, check.stderr
    case = load_case(path).case
    assert case.review.kind == "rapid-review"
    assert case.rapid_review is not None
    assert "FILL IN" in path.read_text(encoding="utf-8")


def test_every_field_of_the_started_rapid_review_is_listed_as_still_needed(
    tmp_path: Path,
) -> None:
    case = load_case(started(tmp_path)).case
    gaps = still_needed(case)
    listed = "\n".join(gaps.other)
    for where in (
        "review.dates.incident",
        "review.dates.notification",
        "rapid_review.notification_reference",
        "people[0].sex",
        "people[0].dob",
        "people[0].ethnicity",
        "people[0].disability",
        "people[0].legal_status",
        "rapid_review.summary",
        "rapid_review.other_children",
        "rapid_review.parallel_processes.criminal_investigation",
        "rapid_review.parallel_processes.coroner",
        "rapid_review.national_review",
        "rapid_review.attendees",
        "rapid_review.lcspr_decision.decision",
    ):
        assert f"({where})" in listed, where
    assert [a.id for a in gaps.returns] == ["csc", "police", "hv"]
    doc = build_document(case, kind="rapid-review")
    assert doc.cover.status == "Draft"


def test_init_refuses_a_kind_it_cannot_start(tmp_path: Path) -> None:
    result = invoke("init", tmp_path / "case", "--kind", "rapid-reviw")
    assert result.exit_code == 2
    assert result.stderr == (
        "reviewkit: --kind rapid-reviw: reviewkit can start a case of kind lcspr or "
        "rapid-review (did you mean 'rapid-review'?).\n"
    )
    assert not (tmp_path / "case").exists()


# --- agency-template --all ----------------------------------------------------------------------


def test_agency_template_all_writes_every_agencys_request(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    shutil.copy(FIXTURE, case)
    out = tmp_path / "requests"
    result = invoke("agency-template", case, "--all", "-o", out)
    assert result.exit_code == 0, result.stderr
    ids = ["csc", "police", "hv", "gp"]
    files = [out / f"{i}-chronology-request.xlsx" for i in ids]
    assert sorted(out.iterdir()) == sorted(files)
    # The meeting was on Tuesday 11 June 2024: three working days before is Thursday 6 June.
    due = "Thursday 6 June 2024 (3 working days before the rapid review meeting on 11 June 2024)"
    lines = result.stdout.splitlines()
    assert lines[:4] == [f"Wrote {path}" for path in files]
    i = lines.index("Return by: Thursday 6 June 2024")
    assert lines[i + 1] == "  (3 working days before the rapid review meeting on 11 June 2024)."
    assert len(lines[i + 1]) <= 80
    book = openpyxl.load_workbook(files[1])
    assert book.sheetnames == ["About this request", "Chronology", "Agency summary", "Lists"]
    about = {r[0]: r[1] for r in book["About this request"].iter_rows(values_only=True)}
    assert about["Agency"] == "Testshire Police"
    assert about["Return by"] == due
    form = [r[:2] for r in book["Agency summary"].iter_rows(values_only=True)]
    assert form[1:3] == [("Agency", "Testshire Police"), ("Return by", due)]
    assert [label for label, _ in form[4:]] == [
        "Involvement",
        "Your agency's analysis",
        "Immediate actions taken",
        "Learning identified",
        "Completed by (name)",
        "Completed by (role)",
        "Date completed",
    ]


def test_return_by_is_counted_from_the_meeting_deadline_before_the_meeting(
    tmp_path: Path,
) -> None:
    case = tmp_path / "case.yaml"
    text = FIXTURE.read_text(encoding="utf-8").replace("    rapid_review_meeting: 2024-06-11\n", "")
    case.write_text(text, encoding="utf-8")
    result = invoke("agency-template", case, "--agency", "gp", "-o", tmp_path / "gp.xlsx")
    assert result.exit_code == 0, result.stderr
    # Notified Friday 24 May 2024; the meeting is due 12 working days later (the late May
    # bank holiday skipped), on Wednesday 12 June 2024; returns three working days before.
    lines = result.stdout.splitlines()
    i = lines.index("Return by: Friday 7 June 2024")
    assert (
        lines[i + 1] == "  (3 working days before the rapid review meeting, due by 12 June 2024)."
    )


def test_agency_template_all_overwrites_nothing_unasked(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    shutil.copy(FIXTURE, case)
    out = tmp_path / "requests"
    out.mkdir()
    kept = out / "hv-chronology-request.xlsx"
    kept.write_bytes(b"the agency's half-filled copy")
    result = invoke("agency-template", case, "--all", "-o", out)
    assert result.exit_code != 0
    assert "hv-chronology-request.xlsx" in result.stderr
    assert kept.read_bytes() == b"the agency's half-filled copy"
    assert sorted(p.name for p in out.iterdir()) == ["hv-chronology-request.xlsx"]
    again = invoke("agency-template", case, "--all", "-o", out, "--force")
    assert again.exit_code == 0, again.stderr
    assert len(list(out.iterdir())) == 4


def test_agency_template_wants_one_agency_or_all(tmp_path: Path) -> None:
    both = invoke("agency-template", FIXTURE, "--all", "--agency", "gp", "-o", tmp_path)
    assert both.exit_code == 2
    assert both.stderr == "reviewkit: give either --agency ID or --all, not both.\n"
    neither = invoke("agency-template", FIXTURE, "-o", tmp_path / "x.xlsx")
    assert neither.exit_code == 2
    assert neither.stderr == (
        "reviewkit: give the agency with --agency ID, or --all for every agency.\n"
    )


# --- import of the summary sheet ----------------------------------------------------------------


def returned(tmp_path: Path, answers: dict[str, object], name: str = "gp-return.xlsx") -> Path:
    """The GP's request, filled in: one chronology row and the summary's answers by label."""
    case = tmp_path / "case.yaml"
    if not case.exists():
        shutil.copy(FIXTURE, case)
    request = tmp_path / "gp-request.xlsx"
    if not request.exists():
        result = invoke("agency-template", case, "--agency", "gp", "-o", request)
        assert result.exit_code == 0, result.stderr
    book = openpyxl.load_workbook(request)
    chronology = book["Chronology"]
    for column, value in enumerate(["14/03/2024", None, None, None, "Other", "Baby check"], 1):
        chronology.cell(2, column, value)
    form = book["Agency summary"]
    rows = {form.cell(r, 1).value: r for r in range(1, form.max_row + 1)}
    for label, value in answers.items():
        form.cell(rows[label], 2, value)
    path = tmp_path / name
    book.save(path)
    return path


def test_import_reads_the_summary_into_the_agency_return_with_its_cells(tmp_path: Path) -> None:
    path = returned(
        tmp_path,
        {
            "Involvement": "One baby check.\n\nNo other contact.",
            "Your agency's analysis": "The mark was not explained.",
            "Immediate actions taken": "- Training on bruising\n- A new template",
            "Learning identified": "Ask about every mark.",
            "Completed by (name)": "Dr A. Example",
            "Completed by (role)": "Named GP",
            "Date completed": dt.datetime(2024, 6, 5),
        },
    )
    case = tmp_path / "case.yaml"
    result = invoke("import", case, path, "--agency", "gp")
    assert result.exit_code == 0, result.stderr
    assert "gp-return.xlsx: agency summary (7 answers) from sheet 'Agency summary'." in (
        result.stdout.splitlines()
    )
    loaded = load_case(case).case
    ret = next(r for r in loaded.agency_returns if r.agency == "gp")
    assert ret.involvement == "One baby check.\n\nNo other contact."
    assert ret.analysis == "The mark was not explained."
    assert ret.immediate_actions == ["Training on bruising", "A new template"]
    assert ret.learning == "Ask about every mark."
    assert (ret.author_name, ret.author_role) == ("Dr A. Example", "Named GP")
    assert ret.completed is not None and ret.completed.text == "2024-06-05"
    assert ret.source is not None
    assert (ret.source.file, ret.source.sheet) == ("gp-return.xlsx", "Agency summary")
    assert ret.source.cells == {
        "involvement": "B5",
        "analysis": "B6",
        "immediate_actions": "B7",
        "learning": "B8",
        "author_name": "B9",
        "author_role": "B10",
        "completed": "B11",
    }
    assert len([e for e in loaded.events if e.agency == "gp"]) == 1
    # The same return again changes nothing.
    again = invoke("import", case, path, "--agency", "gp")
    assert again.exit_code == 0, again.stderr
    assert again.stdout.splitlines()[-1] == f"{case}: nothing to change."


def test_a_summary_already_written_is_not_replaced_unasked(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    shutil.copy(FIXTURE, case)
    # The police return in the fixture has its involvement written already.
    path = returned(tmp_path, {"Involvement": "Two call-outs in March 2024."}, "police.xlsx")
    before = case.read_text(encoding="utf-8")
    result = invoke("import", case, path, "--agency", "police")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "police.xlsx:Agency summary!B5: agency_returns[1].involvement",
        "    - One call-out in March 2024.",
        "    + Two call-outs in March 2024.",
        f"1 answer of the agency summary would replace text already written in {case}, so "
        "nothing was saved. Give --replace to replace it.",
    ]
    assert case.read_text(encoding="utf-8") == before
    replaced = invoke("import", case, path, "--agency", "police", "--replace")
    assert replaced.exit_code == 0, replaced.stderr
    ret = next(r for r in load_case(case).case.agency_returns if r.agency == "police")
    assert ret.involvement == "Two call-outs in March 2024."


def test_a_summary_date_that_is_not_a_date_is_located(tmp_path: Path) -> None:
    path = returned(tmp_path, {"Date completed": "last Tuesday"})
    case = tmp_path / "case.yaml"
    before = case.read_text(encoding="utf-8")
    result = invoke("import", case, path, "--agency", "gp")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "gp-return.xlsx:Agency summary!B11: Date completed: 'last Tuesday' is not "
        "a date; write it day first, e.g. 14/03/2024",
        "Nothing was written.",
    ]
    assert case.read_text(encoding="utf-8") == before


@pytest.mark.parametrize("blank", [None, ""])
def test_blank_answers_never_clear_a_written_summary(tmp_path: Path, blank: object) -> None:
    case = tmp_path / "case.yaml"
    shutil.copy(FIXTURE, case)
    path = returned(tmp_path, {"Involvement": blank, "Learning identified": "New."}, "p.xlsx")
    result = invoke("import", case, path, "--agency", "police")
    assert result.exit_code == 0, result.stderr
    ret = next(r for r in load_case(case).case.agency_returns if r.agency == "police")
    assert ret.involvement == "One call-out in March 2024."
    assert ret.learning == "New."


# --- author --only rapid-review ---------------------------------------------------------------


def test_author_walks_the_rapid_review_fields_only_when_asked(tmp_path: Path) -> None:
    from reviewkit.authoring.questions import load_questions
    from reviewkit.authoring.session import Session
    from reviewkit.casefile import CaseStore

    path = started(tmp_path)
    store = CaseStore(path)
    whole = Session(store, load_questions())
    assert all(step.section.kind != "rapid-review" for step in whole.steps)
    rapid = Session(store, load_questions(), only="rapid-review")
    ids = [step.question.id for step in rapid.steps]
    assert ids[:3] == ["notification_reference", "summary", "why_notified"]
    assert "improvements-needed" in ids and ids[-3:] == ["decision", "reasons", "national_review"]
    evidence = rapid.evidence(rapid.steps[0].section)
    assert evidence.related == [
        "No summary yet from CSC",
        "No summary yet from Police",
        "No summary yet from HV",
    ]


def test_rapid_review_answers_are_saved_where_the_case_file_has_them(tmp_path: Path) -> None:
    path = started(tmp_path)
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "rapid-review:\n"
        "  family_context: A young family on a low income.\n"
        '  recurrent-themes: "unclear: to compare with two earlier reviews"\n'
        "  decision: not commission\n"
        '  national_review: "yes: a national pattern"\n',
        encoding="utf-8",
    )
    result = invoke("author", path, "--only", "rapid-review", "--answers", answers)
    assert result.exit_code == 0, result.stderr
    rapid = load_case(path).case.rapid_review
    assert rapid is not None
    assert rapid.family_context == "A young family on a low income."
    # The starter's "FILL IN" note goes from a field once it is filled in, and only there.
    text = path.read_text(encoding="utf-8")
    assert "  family_context: A young family on a low income.\n" in text
    assert "  why_notified:                          # FILL IN" in text
    view = rapid.lcspr_decision.criteria["recurrent-themes"]
    assert (view.met, view.note) == ("unclear", "to compare with two earlier reviews")
    assert rapid.lcspr_decision.decision == "not-commission"
    assert rapid.national_review is not None
    assert (rapid.national_review.suggested, rapid.national_review.reasons) == (
        "yes",
        "a national pattern",
    )
    # Answering again with other words is refused unless --replace.
    answers.write_text("rapid-review:\n  family_context: Something else.\n", encoding="utf-8")
    again = invoke("author", path, "--only", "rapid-review", "--answers", answers)
    assert again.exit_code == 1
    assert "would replace the text already written for Rapid review · family_context" in (
        again.stderr
    )
    assert load_case(path).case.rapid_review.family_context == (  # type: ignore[union-attr]
        "A young family on a low income."
    )


def test_a_criterion_answer_must_start_with_its_verdict(tmp_path: Path) -> None:
    path = started(tmp_path)
    answers = tmp_path / "answers.yaml"
    answers.write_text("rapid-review:\n  cross-boundary: perhaps\n", encoding="utf-8")
    result = invoke("author", path, "--only", "rapid-review", "--answers", answers)
    assert result.exit_code == 1
    assert result.stderr.strip().endswith(
        "cross-boundary: start the answer with yes or no or unclear, then say why (for "
        "example 'yes: information was not shared')"
    )
    assert load_case(path).case.rapid_review.lcspr_decision.criteria == {}  # type: ignore[union-attr]
