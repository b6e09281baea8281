"""The case study tells the story as the review's narrative does, never as chronology rows.

Chapter 3 prints the author's narrative, period by period, from the anonymised case (the
anonymiser keeps it, names replaced and dates told as the child's age). Until it is written,
a marked draft aid lists the events' summaries and the build warns. And no report of any
sample, of any kind, has a line starting "Outcome:" or a "(See KPE" cross-reference.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reviewkit.anonymise import Options, anonymise_file
from reviewkit.casefile import load_case
from reviewkit.document import NOT_WRITTEN, Document
from reviewkit.model import Case
from reviewkit.render.markdown import render
from reviewkit.reports import build_document

from conftest import ELLIS, FIXTURES, SAMPLES

ALL_SAMPLES = sorted(SAMPLES.glob("*/case.yaml"))
KINDS = [
    "lcspr",
    "rapid-review",
    "case-study",
    "case-study-notes",
    "action-plan",
    "progress",
    "briefing",
    "national",
    "thematic",
]
# A line's leading layout: quote markers, a paragraph number, a list marker, bold or italics.
_LAYOUT = re.compile(r"^(?:>\s*)*(?:\*\*[\dA-Z.]+\*\*\s+)?(?:[-+*]\s+|\d+\.\s+)?[*_]*")


def anonymised_case(sample: Path, folder: Path) -> Case:
    """The sample anonymised as `reviewkit anonymise` writes it, loaded back."""
    path = folder / f"{sample.parent.name}.yaml"
    path.write_text(anonymise_file(sample, Options(output_name=path.name)).text, "utf-8")
    return load_case(path).case


def story_of(doc: Document) -> str:
    """Chapter 3 of a case study, as Markdown."""
    return render(doc).split("## 3 The story", 1)[1].split("\n## 4 ", 1)[0]


@pytest.fixture(scope="module")
def anonymised(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, Case]:
    """Each sample anonymised (a case study is built only from an anonymised case)."""
    folder = tmp_path_factory.mktemp("anonymised")
    return {sample: anonymised_case(sample, folder) for sample in ALL_SAMPLES}


@pytest.mark.parametrize("sample", ALL_SAMPLES, ids=lambda p: p.parent.name)
def test_no_report_of_any_sample_has_outcome_rows_or_kpe_cross_references(
    sample: Path, anonymised: dict[Path, Case]
) -> None:
    original = load_case(sample).case
    for kind in KINDS:
        case = anonymised[sample] if kind.startswith("case-study") else original
        if kind in ("action-plan", "progress") and not any(r.actions for r in case.recommendations):
            continue  # this sample has no action plan
        text = render(build_document(case, kind=kind, chronology=True))
        starts = [
            line for line in text.splitlines() if _LAYOUT.sub("", line).startswith("Outcome:")
        ]
        assert starts == [], f"{kind}: {starts[:3]}"
        assert "(See KPE" not in text, kind
        # Nor mid-paragraph: an event's outcome is told in the narrative, or in the appendix.
        assert "Outcome:" not in text, kind


def test_the_layout_pattern_sees_an_outcome_line_however_it_is_marked() -> None:
    # The check above is only as good as this pattern: each way a line can start.
    for line in (
        "Outcome: referred",
        "**3.4** Outcome: referred",
        "> **Outcome:** referred",
        "- Outcome: referred",
        "2. *Outcome:* referred",
    ):
        assert _LAYOUT.sub("", line).startswith("Outcome:"), line


def test_the_case_study_tells_the_anonymised_narrative(anonymised: dict[Path, Case]) -> None:
    case = anonymised[ELLIS]
    assert case.narrative  # the anonymiser kept it
    doc = build_document(case, kind="case-study")
    story = story_of(doc)
    headings = [line[4:] for line in story.splitlines() if line.startswith("### ")]
    assert headings == ["Background", *(p.title for p in case.narrative)]
    # The author's prose, as the anonymised case has it, paragraph by paragraph.
    for period in case.narrative:
        assert period.narrative is not None
        first = " ".join(period.narrative.split("\n\n")[0].split())
        assert first in " ".join(story.split())
    assert "Chloe took the baby from him and held a bedroom door shut" in story
    # No chronology rows: no agency-stamped event lines, no outcomes, no draft aid.
    assert "Draft aid" not in story and "Not yet written" not in story
    assert not re.search(r"\((?:[A-Z][a-z]+ )+(?:service|care|police)\): ", story, re.I)
    assert not [w for w in doc.warnings if w.code == NOT_WRITTEN and "narrative" in w.where]
    # The children's own words stay with the story.
    assert "**In Chloe's words:**" in story


def test_an_unwritten_period_shows_its_events_as_a_marked_draft_aid(
    anonymised: dict[Path, Case],
) -> None:
    case = anonymised[ELLIS].model_copy(deep=True)
    period = case.narrative[1]
    period.narrative = None
    assert period.period is not None
    within = [
        e
        for e in case.sorted_events()
        if period.period.earliest <= e.date.earliest <= period.period.latest
    ]
    assert within
    doc = build_document(case, kind="case-study")
    part = story_of(doc).split(f"### {period.title}", 1)[1].split("\n### ", 1)[0]
    assert "Not yet written: the narrative of what happened in this period" in part
    assert "**Draft aid:** events from the chronology until the narrative is written." in part
    lines = [line for line in part.splitlines() if line and not line.startswith((">", "**D"))]
    assert len(lines) == len(within)  # one unnumbered line per event, nothing else
    for line, event in zip(lines, within, strict=True):
        assert event.summary.rstrip(".") in line and not line.startswith("**")
    warned = [w for w in doc.warnings if w.where == "narrative[1].narrative"]
    assert [w.code for w in warned] == [NOT_WRITTEN]
    # The other periods are told as written.
    assert case.narrative[0].narrative is not None
    assert case.narrative[0].narrative.split()[0] in story_of(doc)


def test_without_a_narrative_the_story_is_a_draft_aid_of_summaries(tmp_path: Path) -> None:
    case = anonymised_case(FIXTURES / "anon-case.yaml", tmp_path)
    assert not case.narrative
    doc = build_document(case, kind="case-study")
    story = story_of(doc)
    assert story.index("Not yet written: the narrative of what happened, period by period") < (
        story.index("**Draft aid:**")
    )
    # Summaries only, by the story's periods: never an event's details or outcome.
    assert "(Health visiting service): Health visitor saw Child J at home" in story
    for event in case.events:
        for extra in (event.details, event.outcome):
            if extra:
                assert " ".join(extra.split())[:40] not in " ".join(story.split())
    assert not re.search(r"^\*\*3\.\d+\*\* When", story, re.M)  # the aid is unnumbered
    warned = [w for w in doc.warnings if w.where == "narrative"]
    assert len(warned) == 1 and warned[0].code == NOT_WRITTEN
    assert f"a draft aid lists {len(case.events)} events" in warned[0].message


def test_a_month_without_a_year_in_the_narrative_is_the_month_of_its_period(
    anonymised: dict[Path, Case],
) -> None:
    # "Father's criminal case ended in March" sits in the period January to May 2023, when
    # Ruby (born December 2022) was a baby: told from the period's dates, not from the review's
    # anchor, which made it "when Ruby was 14 to 15 months old".
    case = anonymised[ELLIS]
    period = next(p for p in case.narrative if p.id == "first-months")
    assert period.narrative is not None
    told = " ".join(period.narrative.split())
    assert "criminal case ended when Ruby was 11 weeks to three months old" in told
    assert "14 to 15 months" not in told
