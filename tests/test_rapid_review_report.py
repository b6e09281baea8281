"""The rapid review draft: "still needed", per-agency involvement, criteria, timescales."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewkit.casefile import load_case
from reviewkit.document import (
    NO_RETURN,
    BulletList,
    Document,
    Notice,
    Paragraph,
    Placeholder,
    Section,
    Table,
)
from reviewkit.model import Case
from reviewkit.render.markdown import render
from reviewkit.reports import build_document
from reviewkit.reports.rapid_review import still_needed

from conftest import BABY_M, FIXTURES, invoke

FIXTURE = FIXTURES / "rapid-review-case.yaml"


def load(path: Path) -> Case:
    return load_case(path).case


def section(doc: Document, title: str) -> Section:
    return next(s for s in doc.walk() if s.title == title)


def lists_after(sec: Section) -> dict[str, list[str]]:
    """Each lead-in paragraph of a section with the bullet list that follows it."""
    found: dict[str, list[str]] = {}
    blocks = sec.blocks
    for block, after in zip(blocks, blocks[1:], strict=False):
        if isinstance(block, Paragraph) and isinstance(after, BulletList):
            found[block.text] = after.items
    return found


# --- still needed -------------------------------------------------------------------------------


def test_still_needed_lists_exactly_the_missing_returns_criteria_and_items() -> None:
    gaps = still_needed(load(FIXTURE))
    assert [a.id for a in gaps.returns] == ["hv", "gp"]
    assert [c.id for c in gaps.criteria] == [
        "recurrent-themes",
        "panel-view",
        "single-agency",
        "no-agency-involvement",
        "institutional",
    ]
    assert gaps.other == [
        "The Panel's notification reference (rapid_review.notification_reference)",
        "Child R: sex (people[0].sex)",
        "Child R: ethnicity (people[0].ethnicity)",
        "Child R: disability (people[0].disability)",
        "Child R: legal status (people[0].legal_status)",
        "The other children in the household and their safety (rapid_review.other_children)",
        "The family's context: race, culture, disability and inequalities "
        "(rapid_review.family_context)",
        "Learning already shared (rapid_review.learning_shared)",
        "The potential for improvement (rapid_review.potential_improvements)",
        "Criminal investigation: its state (rapid_review.parallel_processes.criminal_investigation)",
        "Care proceedings: its state (rapid_review.parallel_processes.care_proceedings)",
        "Child death review: its state (rapid_review.parallel_processes.child_death_review)",
        "Coroner: its state (rapid_review.parallel_processes.coroner)",
        "The decision on a local review (rapid_review.lcspr_decision.decision)",
        "The reasons for the decision (rapid_review.lcspr_decision.reasons)",
        "Whether a national review is suggested (rapid_review.national_review)",
        "Who attended the rapid review meeting (rapid_review.attendees)",
        "The local authority: its sign-off (rapid_review.sign_off)",
        "The police: its sign-off (rapid_review.sign_off)",
        "The integrated care board (health): its sign-off (rapid_review.sign_off)",
        "Testshire Police: its own analysis (agency_returns[1].analysis)",
        "KPE 1: The response to the police call-out: initial analysis (episodes[0])",
    ]


def test_the_complete_sample_needs_nothing_and_is_final() -> None:
    case = load(BABY_M)
    assert still_needed(case).empty
    doc = build_document(case, kind="rapid-review")
    assert doc.sections[0].title == "The case in brief"
    assert doc.cover.status == "Final"


def test_still_needed_is_the_first_section_of_a_draft() -> None:
    doc = build_document(load(FIXTURE), kind="rapid-review")
    assert doc.kind == "rapid-review"
    first = doc.sections[0]
    assert (first.title, first.number) == ("Still needed", None)
    assert first.blocks[0] == Paragraph(
        "This draft is not complete: 29 items are still needed, and it stays a draft "
        "until each is in. Two of the four agencies asked for a summary have returned one."
    )
    lists = lists_after(first)
    assert lists["Agency summaries not yet returned:"] == [
        "Testshire Health Visiting (HV)",
        "Elm Road Surgery (GP)",
    ]
    assert len(lists["Criteria for a local review not yet addressed:"]) == 5
    assert len(lists["Other gaps:"]) == 22
    assert doc.cover.status == "Draft"


def test_no_still_needed_section_when_nothing_is_missing(tmp_path: Path) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    text = text.replace(
        "    involvement: One call-out in March 2024.\n",
        "    involvement: One call-out in March 2024.\n    analysis: Timely and thorough.\n",
    )
    text = text.replace(
        "  - agency: police\n",
        "  - agency: hv\n    involvement: Two contacts.\n    analysis: Good.\n"
        "  - agency: gp\n    involvement: None.\n    analysis: None needed.\n"
        "  - agency: police\n",
    )
    text = text.replace(
        "    period: 2024-03-10 to 2024-04-02\n",
        "    period: 2024-03-10 to 2024-04-02\n    what_happened: The call-out was screened.\n",
    )
    text = text.replace(
        '  immediate_actions: "A strategy',
        "  family_context: Not known yet.\n  learning_shared: A briefing.\n"
        "  potential_improvements: [Share police history, Repeat routine enquiry]\n"
        '  immediate_actions: "A strategy',
    )
    text = text.replace(
        "    decision: undecided\n",
        "    decision: commission\n    reasons: The criteria are met.\n",
    )
    text = text.replace(
        "      cross-boundary: no\n",
        "      cross-boundary: no\n      recurrent-themes: no\n      panel-view: no\n"
        "      single-agency: no\n      no-agency-involvement: no\n      institutional: no\n",
    )
    text = text.replace(
        "    age_at_incident: 4 months\n",
        "    age_at_incident: 4 months\n    sex: male\n    ethnicity: Mixed White and Asian\n"
        "    disability: none known\n    legal_status: child in need\n",
    )
    text = text.replace(
        "rapid_review:\n",
        "rapid_review:\n  notification_reference: TEST-1\n  other_children: None.\n"
        "  parallel_processes:\n    criminal_investigation: None.\n    care_proceedings: None.\n"
        "    child_death_review: Not applicable.\n    coroner: Not applicable.\n"
        "  national_review: {suggested: no, reasons: Local learning.}\n"
        "  attendees: [{role: Chair, agency: csc}]\n"
        "  sign_off:\n"
        "    - {partner: local-authority, name: A, role: DCS, date: 2024-06-12}\n"
        "    - {partner: police, name: B, role: Chief Superintendent, date: 2024-06-12}\n"
        "    - {partner: health, name: C, role: Chief Nurse, date: 2024-06-12}\n",
    )
    path = tmp_path / "complete.yaml"
    path.write_text(text, encoding="utf-8")
    case = load(path)
    assert still_needed(case).empty
    doc = build_document(case, kind="rapid-review")
    assert doc.sections[0].title == "The case in brief"
    decision = section(doc, "Decision on a local child safeguarding practice review")
    assert decision.blocks[0] == Paragraph(
        "The safeguarding partners have decided to commission a local child safeguarding "
        "practice review (LCSPR). The table sets each criterion the partners must weigh "
        "against the evidence from the rapid review.",
        number="9.1",
    )
    assert doc.cover.status == "Final"
    improvement = section(doc, "Potential for improvement")
    assert improvement.blocks == [BulletList(["Share police history.", "Repeat routine enquiry."])]


# --- the draft's sections ------------------------------------------------------------------------


def test_sections_in_order() -> None:
    doc = build_document(load(FIXTURE), kind="rapid-review")
    assert [s.heading for s in doc.sections] == [
        "Still needed",
        "1 The case in brief",
        "2 The child and family",
        "3 Agency involvement",
        "4 Key practice episodes",
        "5 Immediate action and learning already shared",
        "6 Potential for improvement",
        "7 The family's context",
        "8 Parallel processes",
        "9 Decision on a local child safeguarding practice review",
        "10 The rapid review meeting and sign-off",
        "11 Timescales",
    ]
    assert doc.cover.subtitle == "Rapid review – summary and outcome"
    assert doc.cover.children == ["Child R"]


def test_agency_involvement_counts_from_the_timeline_and_words_from_the_return() -> None:
    doc = build_document(load(FIXTURE), kind="rapid-review")
    agencies = section(doc, "Agency involvement")
    opening = agencies.blocks[0]
    assert isinstance(opening, Paragraph)
    assert opening.text.startswith(
        "Two of the four agencies asked for an individual agency summary have returned one, "
        "one with both the agency's involvement and its own analysis. The merged chronology holds 4 contacts from 1 February 2024 to 2 April 2024."
    )
    csc, police, hv, gp = agencies.sections
    assert csc.title == "Testshire Children's Social Care (CSC)"
    assert [(b.lead, b.text) for b in csc.blocks if isinstance(b, Paragraph)] == [
        ("Contacts.", "1 contact in the merged chronology, on 12 March 2024."),
        ("Agency summary.", "Received 3 June 2024. Author: Team manager, front door."),
        ("Involvement.", "One contact: a police notification screened on 12 March 2024."),
        ("The agency's analysis.", "The screening did not look at the earlier police record."),
        ("", "Immediate actions taken:"),
        ("Learning.", "Check the history of every adult in the household."),
    ]
    assert police.blocks[-1] == Placeholder(
        "[Not yet written: the agency's own analysis]",
        where="agency_returns[1].analysis",
        hint="Fill in agency_returns[1].analysis in the case file.",
    )
    assert hv.blocks[0] == Paragraph(
        "2 contacts in the merged chronology, from 1 February 2024 to 2 April 2024; Child R was "
        "seen at 1.",
        number="3.8",
        lead="Contacts.",
    )
    assert hv.blocks[1] == Placeholder(
        "[Still needed: the agency summary from Testshire Health Visiting]",
        where="agency_returns",
        hint="Fill in agency_returns in the case file.",
    )
    assert gp.blocks[0] == Paragraph(
        "No contacts in the merged chronology.", number="3.9", lead="Contacts."
    )
    assert Notice("no summary from GP yet", "agency_returns", code=NO_RETURN) in doc.warnings


def test_criteria_checklist() -> None:
    doc = build_document(load(FIXTURE), kind="rapid-review")
    decision = section(doc, "Decision on a local child safeguarding practice review")
    tables = [b for b in decision.blocks if isinstance(b, Table)]
    assert [t.caption for t in tables] == [
        "Criteria in the regulations (Child Safeguarding Practice Review and Relevant Agency "
        "(England) Regulations 2018, reg. 11)",
        "Further circumstances in Working Together",
    ]
    assert tables[0].header == ["Criterion", "Met?", "Evidence and view"]
    assert [(row[1], row[2]) for row in tables[0].rows] == [
        ("Yes", "Information from the police call-out did not reach the GP."),
        ("Not yet addressed", "–"),
        ("Unclear", "–"),
        ("Not yet addressed", "–"),
    ]
    assert tables[0].rows[0][0].startswith("Improvements needed: The case highlights")
    assert [row[1] for row in tables[1].rows] == [
        "Not yet addressed",
        "Not yet addressed",
        "No",
        "Not yet addressed",
    ]


def test_timescale_table_as_at_the_report_date() -> None:
    doc = build_document(load(FIXTURE), kind="rapid-review")
    timescales = section(doc, "Timescales")
    opening = timescales.blocks[0]
    assert isinstance(opening, Paragraph)
    assert opening.text.startswith(
        "Each step of the rapid review against its deadline, as at 12 June 2024."
    )
    table = next(b for b in timescales.blocks if isinstance(b, Table))
    # Notified Friday 24 May 2024; the late May bank holiday (27 May) is skipped.
    assert table.rows == [
        ["Awareness of the incident", "21 May 2024", "–", "The clock starts"],
        [
            "Notification to the Panel",
            "24 May 2024",
            "29 May 2024",
            "Done, 2 working days before the deadline",
        ],
        [
            "Rapid review meeting",
            "11 June 2024",
            "12 June 2024",
            "Done, 1 working day before the deadline",
        ],
        ["Rapid review sent to the Panel", "Not yet", "17 June 2024", "Due in 3 working days"],
        ["The Panel's reply", "Not yet", "1 July 2024", "Due in 13 working days"],
    ]
    sources = timescales.blocks[-1]
    assert isinstance(sources, BulletList)
    assert sources.items[0] == (
        "Notification to the Panel: 5 working days after awareness. Source: Children Act 2004 "
        "s16C; Working Together 2023."
    )


@pytest.mark.parametrize("path", [BABY_M, FIXTURE])
def test_markdown_never_shows_real_names(path: Path) -> None:
    case = load(path)
    text = render(build_document(case, kind="rapid-review"))
    for person in case.people:
        for secret in [person.real_name, *person.aliases]:
            if secret:
                assert secret not in text
    assert "Mother" in text


def test_build_command_writes_a_draft_in_markdown(tmp_path: Path) -> None:
    result = invoke("build", FIXTURE, "--kind", "rapid-review", "-o", tmp_path)
    assert result.exit_code == 0, result.stderr
    out = tmp_path / "rapid-review-case-rapid-review.md"
    assert result.stdout == f"{out}\n"
    assert "warning: agency_returns: no summary from GP yet" in result.stderr.splitlines()
    text = out.read_text(encoding="utf-8")
    assert "**Status:** Draft" in text
    still = text[text.index("## Still needed") : text.index("## 1 The case in brief")]
    assert "- Elm Road Surgery (GP)\n" in still
    assert (
        "| Rapid review sent to the Panel | Not yet | 17 June 2024 | Due in 3 working days |"
        in text
    )


def test_sample_draft_in_docx_starts_with_what_is_still_needed(tmp_path: Path) -> None:
    import docx

    from reviewkit.render.docx import write_docx

    path = tmp_path / "rapid-review.docx"
    assert write_docx(build_document(load(FIXTURE), kind="rapid-review"), path) == []
    word = docx.Document(str(path))
    paragraphs = [(p.style.name, p.text) for p in word.paragraphs]
    start = paragraphs.index(("Heading 1", "Still needed"))
    end = paragraphs.index(("Heading 1", "The case in brief"))
    assert paragraphs[start + 2 : start + 6] == [
        ("Body Text", "Agency summaries not yet returned:"),
        ("List Bullet", "Testshire Health Visiting (HV)"),
        ("List Bullet", "Elm Road Surgery (GP)"),
        ("Body Text", "Criteria for a local review not yet addressed:"),
    ]
    assert end - start == 34  # the heading, the opening, 3 labels and 29 items
    assert ("Heading 1", "Timescales") in paragraphs
    cells = [c.text for table in word.tables for row in table.rows for c in row.cells]
    text = "\n".join([*(t for _, t in paragraphs), *cells])
    assert "Mother" in cells
    assert "Secretname" not in text
