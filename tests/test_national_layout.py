"""National and thematic reports share the overview report's layouts and their own deadlines.

A key practice episode is laid out by reports/episodes.py in every report (heading, account or
a marked draft aid, numbered evaluation); the recommendations table is the one of
reports/common.py; `reviewkit deadlines` counts the timetable of the case's kind of review.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx

from reviewkit import timescales as ts
from reviewkit.casefile import load_case
from reviewkit.document import NOT_WRITTEN
from reviewkit.render.markdown import render
from reviewkit.reports import build_document

from conftest import SAMPLES, invoke

NATIONAL = SAMPLES / "national-two-children" / "case.yaml"
THEMATIC = SAMPLES / "thematic-injured-babies" / "case.yaml"
EXISTING = ["lcspr-child-poppy", "lcspr-child-theo", "lcspr-ellis-family", "rapid-review-baby-m"]
TODAY = dt.date(2026, 12, 1)
HEADER = "| No. | Recommendation | To whom | Measure of impact | Timescale |"


def test_a_national_kpe_without_its_account_lists_its_events_as_a_draft_aid() -> None:
    case = load_case(NATIONAL).case
    case.episodes[1].what_happened = None  # Child P's KPE 2: the visit and the closure
    doc = build_document(case, kind="national")
    md = render(doc)
    kpe = md.split("#### KPE 2: One visit and a closure")[1].split("####")[0]
    assert "[Not yet written: the factual account" in kpe
    assert "**Draft aid:** events from the chronology" in kpe
    assert "Social worker visits; Mother P says the bruises came from a fall" in kpe
    assert "Single assessment closed: no further action." in kpe
    found = [w for w in doc.warnings if w.where == "episodes[1].what_happened"]
    assert [w.code for w in found] == [NOT_WRITTEN]
    assert "a draft aid lists 2 events" in found[0].message


def test_a_national_kpe_marks_each_unwritten_evaluation_where_it_belongs() -> None:
    # The sample now has every evaluation written, so clear three of KPE 3's here; the
    # paragraph number moves from 2.10 to 2.13 because the earlier KPEs gained paragraphs.
    case = load_case(NATIONAL).case
    for field in ("helped_hindered", "good_practice", "learning"):
        setattr(case.episodes[2], field, None)
    doc = build_document(case, kind="national")
    md = render(doc)
    kpe = md.split("#### KPE 3: The grandmother shut out")[1].split("### Local context")[0]
    assert "**2.13** **What was known and knowable at the time.**" in kpe
    assert "Fill in `episodes[2].helped_hindered` in the case file." in kpe
    assert "Fill in `episodes[2].good_practice` in the case file." in kpe
    assert "Fill in `episodes[2].learning` in the case file." in kpe
    assert "episodes[2].learning" in {w.where for w in doc.warnings}


def test_every_report_uses_the_one_recommendations_table(tmp_path: Path) -> None:
    case = load_case(NATIONAL).case
    rec = next(r for r in case.recommendations if r.id == "nat-1")
    rec.measure, rec.timescale = "Relatives say they were called back", "Within 12 months"
    national = render(build_document(case, kind="national"))
    assert national.count(HEADER) == 3  # Child P's, Child Q's and the national ones
    assert (
        "| The Department for Education | Relatives say they were called back "
        "| Within 12 months |" in national
    )
    thematic = render(build_document(load_case(THEMATIC).case, kind="thematic"))
    assert thematic.count(HEADER) == 1
    overview = render(build_document(load_case(SAMPLES / "lcspr-child-poppy" / "case.yaml").case))
    assert HEADER in overview

    result = invoke("build", NATIONAL, "-o", tmp_path, "--format", "docx")
    assert result.exit_code == 0, result.output
    document = docx.Document(str(tmp_path / "national-two-children-national.docx"))
    headers = [[c.text for c in t.rows[0].cells] for t in document.tables]
    five = ["No.", "Recommendation", "To whom", "Measure of impact", "Timescale"]
    assert headers.count(five) == 3


# --- deadlines per kind of review --------------------------------------------------------------


def test_a_national_review_counts_no_local_timescale_and_says_why() -> None:
    case = load_case(NATIONAL).case
    assert ts.deadlines_for_case(case, today=TODAY) == []
    note = ts.timetable_note(case)
    assert note is not None and "sets its timetable" in note
    result = invoke("deadlines", NATIONAL, "--today", "2026-12-01")
    assert result.exit_code == 0, result.output
    assert "Local review completed" not in result.output
    assert "overdue" not in result.output
    assert "commissioned by the Child Safeguarding Practice Review" in result.output
    md = invoke("deadlines", NATIONAL, "--today", "2026-12-01", "--format", "md")
    assert "| Step |" not in md.output and "sets its timetable" in md.output


def test_the_panels_timetable_counts_for_a_national_review_from_a_rules_file(
    tmp_path: Path,
) -> None:
    rules = tmp_path / "panel.yaml"
    rules.write_text(
        "rules:\n"
        "  - id: national-report\n"
        "    label: National review report to the Panel\n"
        "    from: decision_to_commission\n"
        "    amount: 9\n"
        "    unit: months\n"
        "    done: report\n"
        "    source: The Panel's terms of reference for this review\n"
        "    kinds: [national]\n",
        encoding="utf-8",
    )
    case = load_case(NATIONAL).case
    loaded = ts.load_rules(rules)
    found = ts.deadlines_for_case(case, today=TODAY, rules=loaded)
    assert [d.rule.id for d in found] == ["national-report"]
    assert found[0].due == dt.date(2022, 6, 20)  # 20 September 2021 + 9 months
    assert found[0].state == "done"  # report dated 30 May 2022
    assert ts.timetable_note(case, loaded) is None
    # The same rule does not apply to a local review.
    poppy = load_case(SAMPLES / "lcspr-child-poppy" / "case.yaml").case
    assert "national-report" not in {
        d.rule.id for d in ts.deadlines_for_case(poppy, today=TODAY, rules=loaded)
    }


def test_a_thematic_review_counts_the_local_reviews_timetable_only() -> None:
    case = load_case(THEMATIC).case
    found = ts.deadlines_for_case(case, today=TODAY)
    assert [d.rule.id for d in found] == ["lcspr-completion", "final-report"]
    assert found[0].due == dt.date(2024, 9, 1)  # 1 March 2024 + 6 months
    assert ts.timetable_note(case) is None


def test_existing_samples_count_every_rule_as_before() -> None:
    for name in EXISTING:
        case = load_case(SAMPLES / name / "case.yaml").case
        before = ts.compute_deadlines(
            dict(case.review.dates), ts.default_rules(), today=TODAY, guidance=case.review.guidance
        )
        assert ts.deadlines_for_case(case, today=TODAY) == before, name
        assert ts.timetable_note(case) is None


def test_a_rapid_review_keeps_its_15_working_days() -> None:
    case = load_case(SAMPLES / "rapid-review-baby-m" / "case.yaml").case
    found = {d.rule.id: d for d in ts.deadlines_for_case(case, today=TODAY)}
    assert found["rapid-review"].rule.describe() == "15 working days after the notification"
    assert found["rapid-review"].due == dt.date(2024, 4, 9)  # Good Friday, Easter Monday skipped


def test_a_rules_kind_must_be_a_kind_of_review(tmp_path: Path) -> None:
    rules = tmp_path / "bad.yaml"
    rules.write_text(
        "rules:\n  - id: notification\n    source: Local procedure\n    kinds: [nationl]\n",
        encoding="utf-8",
    )
    result = invoke("deadlines", "--aware", "2024-03-13", "--rules", rules)
    assert result.exit_code != 0
    assert "bad.yaml:4:" in result.output + result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_a_review_outside_working_together_gets_a_note_not_its_steps() -> None:
    case = load_case(SAMPLES / "lcspr-child-poppy" / "case.yaml").case
    case.review.kind = "sar"
    assert ts.deadlines_for_case(case, today=TODAY) == []
    note = ts.timetable_note(case)
    assert note is not None and "kind 'sar'" in note and "--rules FILE" in note
