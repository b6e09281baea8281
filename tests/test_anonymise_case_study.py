"""The training case study: built only from an anonymised case, scanned before it is written."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import BABY_M, ELLIS, FIXTURES, anonymised, invoke

# End to end: it anonymises and builds whole case studies. CI runs it; `-m "not slow"` leaves it out.
pytestmark = pytest.mark.slow

CASE = FIXTURES / "anon-case.yaml"


def test_case_study_markdown(tmp_path: Path) -> None:
    anon = anonymised(tmp_path)
    result = invoke("build", anon, "--kind", "case-study", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    md = (tmp_path / "out" / "anon-case-study.md").read_text(encoding="utf-8")
    headings = [line for line in md.splitlines() if line.startswith("#")]
    assert headings == [
        "# Case study: Child J",
        "## Contents",
        "## 1 About this case study",
        "## 2 The child and family",
        "## 3 The story",
        "### Child J aged 0 to 3 months",
        "### Child J aged 3 to 6 months",
        "## 4 Key practice episodes",
        "### Key practice episode 1: The visit when Child J met the health visitor",
        "#### Questions for discussion",
        "## 5 Themes to discuss",
        "### To finish",
    ]
    # The learners' edition names the themes and leaves the review's learning to the
    # facilitator notes.
    assert "- Knowing the men around Child J" in md
    assert "**Learning.**" not in md
    assert "Who were the men in Child J's life?" in md
    assert "When Child J was six weeks old (Health visiting service): Health visitor saw" in md
    for absent in ("Recommendation", "independent reviewer", "partnership", "Facilitator"):
        assert absent not in md


def test_case_study_notes_kind_adds_facilitator_notes(tmp_path: Path) -> None:
    anon = anonymised(tmp_path)
    result = invoke("build", anon, "--kind", "case-study-notes", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    md = (tmp_path / "out" / "anon-case-study-notes.md").read_text(encoding="utf-8")
    assert "## Appendix A: Facilitator notes" in md
    assert "## 5 Themes and learning" in md and "**Learning.**" in md
    assert "**What helped and what hindered.** The GP's practice did not share records." in md


def test_case_study_refuses_a_case_that_is_notanonymised(tmp_path: Path) -> None:
    result = invoke("build", CASE, "--kind", "case-study", "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert result.stderr == (
        "reviewkit: a case study is built from an anonymised case file; run `reviewkit "
        "anonymise CASE -o ANON.yaml`, check the replacement report, then build from ANON.yaml.\n"
    )
    assert not (tmp_path / "out").exists()


def test_case_study_with_a_leak_is_not_written(tmp_path: Path) -> None:
    anon = anonymised(tmp_path)
    text = anon.read_text(encoding="utf-8").replace(
        "Health visitor saw Child J at home",
        "Health visitor saw Child J (NHS 943 476 5919) at home",
    )
    anon.write_text(text, encoding="utf-8")
    result = invoke("build", anon, "--kind", "case-study", "-f", "md,docx", "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "the case study: 'Child J aged 0 to 3 months', block 2: NHS number",
        "1 leak found in the case study; nothing was written. Fix the anonymised case file (or "
        "anonymise the original again), then build again.",
    ]
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_large_sample_becomes_a_readable_case_study(tmp_path: Path) -> None:
    anon = anonymised(tmp_path, ELLIS)
    scan = invoke("scan", anon, "--case", ELLIS)
    assert scan.exit_code == 0, scan.stdout
    out = tmp_path / "out"
    build = invoke("build", anon, "--kind", "case-study", "-f", "md,docx", "-o", out)
    assert build.exit_code == 0, build.output
    md = (out / "anon-case-study.md").read_text(encoding="utf-8")
    assert md.startswith("**For training use**\n\n# Case study: Chloe, Mason and Ruby\n")
    assert "Questions for discussion" in md and "Before Ruby was born" in md
    story = md.split("## 3 The story", 1)[1].split("\n## ", 1)[0]
    periods = [line for line in story.splitlines() if line.startswith("### ")]
    assert len(periods) == len(set(periods)), "a period of the story is opened twice"
    assert "### Key practice episode 2: The assault (when Ruby was " in md
    built = invoke("scan", out / "anon-case-study.docx", "--case", ELLIS)
    assert built.exit_code == 0, built.stdout
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed")
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(out / "anon-case-study.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    pdf = invoke("scan", out / "anon-case-study.pdf", "--case", ELLIS)
    assert pdf.exit_code == 0, pdf.stdout


@pytest.mark.parametrize("sample", [ELLIS, BABY_M], ids=["ellis", "baby-m"])
@pytest.mark.parametrize("weeks", [104, 182, 234])
def test_every_event_is_told_with_its_real_age(sample: Path, weeks: int, tmp_path: Path) -> None:
    # The file's dates are moved by a whole number of weeks, and a month or an age counted on
    # the moved calendar can be one out; the case study must state what the real dates give.
    from reviewkit.anonymise.anonymiser import Options, anonymise_file
    from reviewkit.anonymise.relative_dates import Child, Timeframe
    from reviewkit.casefile import load_case

    result = anonymise_file(sample, Options(offset_days=-7 * weeks))
    anon = tmp_path / "anon.yaml"
    anon.write_text(result.text, encoding="utf-8")
    built = invoke("build", anon, "--kind", "case-study", "-o", tmp_path / "out")
    assert built.exit_code == 0, built.output
    md = next((tmp_path / "out").glob("*.md")).read_text(encoding="utf-8")
    real = load_case(sample).case
    moved = load_case(anon).case
    subject = max((p for p in real.subjects if p.dob), key=lambda p: p.dob.earliest)  # type: ignore[union-attr]
    child = Child(result.labels[subject.id], subject.dob)
    mode = moved.anonymise.dates  # type: ignore[union-attr]
    anchor = (real.anonymise.anchor if real.anonymise else None) or real.review.scope.start  # type: ignore[union-attr]
    truth = Timeframe(mode=mode, child=child, anchor=anchor)
    story = md.split("## 3 The story", 1)[1].split("## 4 ", 1)[0]
    heading = ""
    told: dict[str, str] = {}
    for line in story.splitlines():
        if line.startswith("### "):
            heading = line[4:]
        elif " (" in line and "): " in line:
            lead = re.sub(r"^\*\*[\d.]+\*\* ", "", line)  # the paragraph number
            told.setdefault(lead.split("):", 1)[0], heading)
    for event, new in zip(real.events, moved.events, strict=True):
        assert new.date != event.date  # the file's own date moved
        when = truth.when(event.date)
        agency = moved.agency_name(new.agency)
        assert f"{when} ({agency}" in told, (event.date.text, when)
        # One age per event: its paragraph sits under the part of the story its real age gives.
        assert told[f"{when} ({agency}"] == truth.period(event.date), event.date.text
