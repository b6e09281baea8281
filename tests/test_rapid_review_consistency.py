"""The rapid review drafts of both samples never contradict themselves.

Status against what is still needed, the count of agency summaries wherever it appears, the
decision, every item a rapid review sent to the Panel states (stated, or listed as still
needed), and the rapid review's own title and date.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reviewkit.casefile import load_case
from reviewkit.document import Document, Section
from reviewkit.model import Case
from reviewkit.render.markdown import render
from reviewkit.reports import build_document
from reviewkit.reports.rapid_review_status import (
    PARALLEL,
    PARTNERS,
    return_counts,
    still_needed,
)
from reviewkit.wording import capitalise, number_word

from conftest import BABY_M, ELLIS

SAMPLES = pytest.mark.parametrize("path", [BABY_M, ELLIS], ids=["baby-m", "ellis"])


def draft(path: Path) -> tuple[Case, Document, str]:
    case = load_case(path).case
    doc = build_document(case, kind="rapid-review")
    return case, doc, render(doc)


def still_text(doc: Document) -> str:
    """The words of the "Still needed" section, or '' when there is none."""
    found = [s for s in doc.sections if s.title == "Still needed"]
    if not found:
        return ""
    return render(Document(kind="rapid-review", cover=doc.cover, sections=found))


def section(doc: Document, title: str) -> Section:
    return next(s for s in doc.walk() if s.title == title)


@SAMPLES
def test_status_is_draft_exactly_while_something_is_still_needed(path: Path) -> None:
    case, doc, text = draft(path)
    gaps = still_needed(case)
    assert doc.cover.status == ("Final" if gaps.empty else "Draft")
    assert ("## Still needed" in text) == (not gaps.empty)
    if not gaps.empty:
        assert "**Status:** Final" not in text
        assert f"**Status:** {doc.cover.status}" in text


def test_the_samples_are_one_complete_and_one_draft() -> None:
    assert still_needed(load_case(BABY_M).case).empty
    ellis = still_needed(load_case(ELLIS).case)
    assert not ellis.empty
    assert [a.id for a in ellis.returns] == ["picu", "marac", "ambulance"]


@SAMPLES
def test_the_count_of_agency_summaries_is_one_figure_everywhere(path: Path) -> None:
    case, _, text = draft(path)
    counts = return_counts(case)
    stated = re.findall(r"(\w+) of the (\w+) agenc(?:y|ies) asked", text)
    assert stated, "the count is stated"
    expected = (number_word(counts.returned).lower(), number_word(counts.asked))
    assert {(a.lower(), b) for a, b in stated} == {expected}
    # No other sentence counts the agencies' summaries.
    assert not re.search(r"summaries from \w+ agencies", text)


@SAMPLES
def test_the_decision_is_stated_once_from_the_case_field(path: Path) -> None:
    case, _, text = draft(path)
    assert case.rapid_review is not None
    phrases = {
        "commission": "have decided to commission a local child safeguarding",
        "not-commission": "have decided not to commission",
        "undecided": "have not yet decided",
    }
    said = {kind: text.count(words) for kind, words in phrases.items()}
    expected = case.rapid_review.lcspr_decision.decision
    assert said == {kind: int(kind == expected) for kind in phrases}


@SAMPLES
def test_every_item_is_stated_or_listed_as_still_needed(path: Path) -> None:
    case, doc, text = draft(path)
    still = still_text(doc)
    rapid = case.rapid_review
    assert rapid is not None

    def stated_or_needed(value: str | None, where: str) -> None:
        if value:
            assert " ".join(value.split())[:40] in " ".join(text.split()), where
        else:
            assert where in still.replace("\\", ""), where

    for i, person in enumerate(case.people):
        if person not in case.subjects:
            continue
        for key in ("sex", "ethnicity", "disability", "legal_status"):
            value = getattr(person, key)
            stated_or_needed(capitalise(value) if value else None, f"people[{i}].{key}")
    stated_or_needed(rapid.notification_reference, "rapid_review.notification_reference")
    stated_or_needed(rapid.other_children, "rapid_review.other_children")
    for key in PARALLEL:
        if key != "other":
            value = getattr(rapid.parallel_processes, key)
            stated_or_needed(value, f"rapid_review.parallel_processes.{key}")
    national = rapid.national_review
    stated_or_needed(national.reasons if national else None, "rapid_review.national_review")
    if rapid.attendees:
        for person in rapid.attendees:
            assert person.role in text
    else:
        assert "rapid_review.attendees" in still.replace("\\", "")
    signed = {s.partner for s in rapid.sign_off}
    for partner, who in PARTNERS.items():
        if partner in signed:
            found = next(s for s in rapid.sign_off if s.partner == partner)
            assert found.role in text
        else:
            assert f"{who}: its sign-off" in still
    # The age at the incident, computed and in words, for each child.
    family = section(
        doc, "The children and family" if len(case.subjects) > 1 else "The child and family"
    )
    facts = [b for b in family.blocks if getattr(b, "caption", "").startswith("About ")]
    assert len(facts) == len(case.subjects)
    for table in facts:
        assert [row[0] for row in table.rows] == [  # type: ignore[attr-defined]
            "Sex",
            "Age at the incident",
            "Ethnicity",
            "Disability",
            "Legal status",
        ]
    # The Panel's reply is a row of the timescale table.
    assert "| The Panel's reply |" in text


@SAMPLES
def test_the_rapid_review_has_its_own_title_and_date(path: Path) -> None:
    case, doc, _ = draft(path)
    assert doc.cover.title.startswith("Rapid review: ")
    details = dict(doc.cover.details)
    dates = case.review.dates
    if case.review.kind == "rapid-review":
        assert dates.report is not None
        assert details["Report date"] == dates.report.prose
    else:
        assert doc.cover.title != case.review.title
        assert dates.rapid_review_submitted is not None and dates.report is not None
        assert details["Report date"] == dates.rapid_review_submitted.prose
        assert details["Report date"] != dates.report.prose
        assert doc.cover.authors == []


def test_baby_m_states_the_age_in_words_from_the_dates() -> None:
    _, doc, _ = draft(BABY_M)
    table = next(
        b
        for b in section(doc, "The child and family").blocks
        if getattr(b, "caption", "") == "About Baby M"
    )
    assert table.rows == [  # type: ignore[attr-defined]
        ["Sex", "Female"],
        ["Age at the incident", "9 weeks"],
        ["Ethnicity", "White British"],
        ["Disability", "None known"],
        [
            "Legal status",
            "Living at home with her parents at the incident; now subject to a section 47 "
            "enquiry and an application for an interim care order",
        ],
    ]
