"""The training case study: built only from an anonymised case, scanned before it is written."""

from __future__ import annotations

import calendar
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
    assert "Questions for discussion" in md and "before Ruby was born" in md
    story = md.split("## 3 The story", 1)[1].split("\n## ", 1)[0]
    periods = [line for line in story.splitlines() if line.startswith("### ")]
    # The story is the review's narrative, period by period, not chronology rows.
    assert "### Pregnancy and Ruby's birth: " in story and "Draft aid" not in story
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
    from reviewkit.render.markdown import render
    from reviewkit.reports import build_document

    result = anonymise_file(sample, Options(offset_days=-7 * weeks))
    anon = tmp_path / "anon.yaml"
    anon.write_text(result.text, encoding="utf-8")
    built = invoke("build", anon, "--kind", "case-study", "-o", tmp_path / "out")
    assert built.exit_code == 0, built.output
    real = load_case(sample).case
    moved = load_case(anon).case
    # Where the narrative is written the story is told in it; without it, the story's draft
    # aid gives every event with its date, and that is where each age is checked.
    unwritten = moved.model_copy(update={"narrative": []})
    md = render(build_document(unwritten, kind="case-study"))
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


_NUMBER = {
    w: str(n)
    for n, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
_MONTHS = "|".join(calendar.month_name[1:])
_TOLD_AGE = re.compile(
    r"\b(?:[Ww]hen|[Bb]y the time|from when)\s+(?P<who>[A-Z][\w'-]*(?: [A-Z]\b)?)\s+was\s+"
    r"(?P<age>[\w ]+?)\s+old\b"
    r"|\b(?P<who2>[A-Z][\w'-]*(?: [A-Z]\b)?),?\s+(?:then\s+)?aged\s+(?P<age2>[\w ]+?)(?=[,.;)])"
    r"|\b(?P<who3>[A-Z][\w'-]*(?: [A-Z]\b)?),\s+(?:who was\s+)?then\s+(?P<age3>[\w ]+?)\s+old\b"
)


def _fits(dob: object, day: object, age: str) -> bool:
    from reviewkit.dates import DateError, age_consistent

    text = re.sub(r"[a-z]+", lambda m: _NUMBER.get(m[0], m[0]), age.lower())
    text = re.sub(r"^(?:nearly|almost|just over|just under)\s+", "about ", text)
    ends = re.fullmatch(r"(about )?(\d+) to (\d+) (\w+)", text)
    tries = [f"{ends[1] or ''}{ends[2]} {ends[4]}", f"{ends[3]} {ends[4]}"] if ends else [text]
    for written in tries:
        try:
            if age_consistent(dob, day, written):  # type: ignore[arg-type]
                return True
        except DateError:
            return True  # not an age (a phrase this test does not read)
    return False


@pytest.mark.parametrize("sample", [ELLIS, BABY_M], ids=["ellis", "baby-m"])
def test_every_age_the_case_study_states_is_true(sample: Path, tmp_path: Path) -> None:
    # Every age stated in an event's text in the anonymised case (its told date, summary,
    # details and outcome), whether the anonymiser wrote it from a date or the source wrote
    # it, is the age of that person on the event's date or on a date its own text gives:
    # never a guess counted from another anchor. The case study tells the story from the
    # narrative, so the event's text is read from the anonymised file itself.
    from reviewkit.anonymise.anonymiser import Options, anonymise_file
    from reviewkit.anonymise.relative_dates import Child, Timeframe, read_date
    from reviewkit.casefile import load_case
    from reviewkit.dates import find_dates

    result = anonymise_file(sample, Options(offset_days=-7 * 156))
    anon = tmp_path / "anon.yaml"
    anon.write_text(result.text, encoding="utf-8")
    built = invoke("build", anon, "--kind", "case-study", "-o", tmp_path / "out")
    assert built.exit_code == 0, built.output
    real = load_case(sample).case
    moved = load_case(anon).case
    born = {result.labels[p.id]: p.dob for p in real.people if p.dob is not None}
    subject = max((p for p in real.subjects if p.dob), key=lambda p: p.dob.earliest)  # type: ignore[union-attr]
    child = Child(result.labels[subject.id], subject.dob)
    anchor = (real.anonymise.anchor if real.anonymise else None) or real.review.scope.start  # type: ignore[union-attr]
    truth = Timeframe(mode=moved.anonymise.dates, child=child, anchor=anchor)  # type: ignore[union-attr]
    checked = 0
    for event, new in zip(real.events, moved.events, strict=True):
        assert new.told is not None, event.date.text
        assert new.told.when == truth.when(event.date), event.date.text
        texts = (new.told.when, new.summary, new.details or "", new.outcome or "")
        paragraph = " ".join(" ".join(texts).split())
        days = [event.date]
        for value in event.model_dump().values():
            if isinstance(value, str):
                written = [f.date or f.text for f in find_dates(value, yearless=True)]
                written += re.findall(rf"\b(?:in|by|during|until|since) ({_MONTHS})\b", value)
                for found in written:
                    date = read_date(found, context=event.date) if isinstance(found, str) else found
                    if date is not None:
                        days.append(date)
        for m in _TOLD_AGE.finditer(paragraph):
            who = m["who"] or m["who2"] or m["who3"]
            age = m["age"] or m["age2"] or m["age3"]
            if who not in born:
                continue
            checked += 1
            assert any(_fits(born[who], day, age) for day in days), (event.date.text, m[0])
    after_birth = [e for e in real.events if e.date.earliest > subject.dob.latest]  # type: ignore[union-attr]
    assert checked >= len(after_birth)  # at least the age each is opened with
