"""Authoring a national or thematic review: each child's story, local context, conclusions,
and a theme's comparison with the previous reviews, through `reviewkit author --answers`."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from reviewkit.authoring.answers import AnswersFileSource, load_answers
from reviewkit.authoring.questions import load_questions
from reviewkit.authoring.session import Session
from reviewkit.casefile import CaseStore
from reviewkit.cli.output import INTERACTIVE_ENV

from conftest import invoke

SAMPLES = Path(__file__).resolve().parent.parent / "sample_cases"


def sample_copy(tmp_path: Path, name: str, *, drop: tuple[str, ...] = ()) -> Path:
    """A copy of a sample's case file with the given lines (exact text, and any block under
    them) removed, so the answers have something left to fill."""
    lines = (SAMPLES / name / "case.yaml").read_text(encoding="utf-8").splitlines(keepends=True)
    kept: list[str] = []
    skipping_indent: int | None = None
    for line in lines:
        indent = len(line) - len(line.lstrip())
        if skipping_indent is not None and (not line.strip() or indent > skipping_indent):
            continue
        skipping_indent = None
        if line.rstrip("\n") in drop:
            skipping_indent = indent
            continue
        kept.append(line)
    path = tmp_path / "case.yaml"
    path.write_text("".join(kept), encoding="utf-8")
    return path


def read(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def answer(case: Path, tmp_path: Path, text: str, *args: str) -> Any:
    answers = tmp_path / "answers.yaml"
    answers.write_text(text, encoding="utf-8")
    return invoke("author", case, "--answers", answers, *args, env={INTERACTIVE_ENV: None})


def strand(data: Any, sid: str) -> Any:
    return next(s for s in data["strands"] if s["id"] == sid)


def test_thematic_answers_fill_a_family_and_a_themes_comparison(tmp_path: Path) -> None:
    case = sample_copy(tmp_path, "thematic-injured-babies", drop=("    changed: |",))
    before = read(case)
    assert all("changed" not in t for t in before["themes"])
    result = answer(
        case,
        tmp_path,
        "family-r:\n"
        "  story: |\n"
        "    1. Baby R was born in the spring, a first child.\n\n"
        "    2. At eight weeks the GP saw a mark on the baby's face.\n"
        "  local_context:\n"
        "    Key figures: About 40 babies a year are referred for a bruise or mark.\n"
        "  conclusions: A mark on a baby who cannot move was treated as a scratch.\n"
        "crying:\n"
        "  changed: The programme is now offered on every postnatal ward.\n",
    )
    assert result.exit_code == 0, result.stderr
    after = read(case)
    expected = copy.deepcopy(before)
    family = strand(expected, "family-r")
    family["story"] = (
        "1. Baby R was born in the spring, a first child.\n\n"
        "2. At eight weeks the GP saw a mark on the baby's face.\n"
    )
    family["local_context"] = [
        {
            "title": "Key figures",
            "text": "About 40 babies a year are referred for a bruise or mark.",
        }
    ]
    family["conclusions"] = "A mark on a baby who cannot move was treated as a scratch."
    crying = next(t for t in expected["themes"] if t["id"] == "crying")
    crying["changed"] = "The programme is now offered on every postnatal ward."
    # Each answer sits at its own path; nothing else in the file changed.
    assert after == expected
    assert "Family R · local_context:Key figures: saved" in result.stdout
    # The saved file is a valid case file that still builds its report.
    check = invoke("check", case)
    assert check.exit_code == 0, check.stdout + check.stderr


def test_national_answers_add_and_replace_with_the_same_rule(tmp_path: Path) -> None:
    case = sample_copy(tmp_path, "national-two-children", drop=('      - title: "Workforce"',))
    before = read(case)
    # Child Q's workforce part was dropped: it is added, after the parts already there.
    text = (
        "child-q:\n"
        "  local_context:\n"
        "    workforce: Two in five posts were vacant.\n"
        "  conclusions: The system did not hear the child.\n"
    )
    refused = answer(case, tmp_path, text)
    assert refused.exit_code != 0
    assert "child-q.conclusions" in refused.stdout + refused.stderr
    assert read(case) == before  # nothing was written
    result = answer(case, tmp_path, text, "--replace")
    assert result.exit_code == 0, result.stderr
    after = read(case)
    expected = copy.deepcopy(before)
    child = strand(expected, "child-q")
    child["local_context"].append({"title": "Workforce", "text": "Two in five posts were vacant."})
    child["conclusions"] = "The system did not hear the child.\n"
    assert after == expected


def test_only_selects_the_strands_and_evidence_shows_their_events(tmp_path: Path) -> None:
    case = sample_copy(tmp_path, "national-two-children")
    session = Session(CaseStore(case), load_questions(), only="strands")
    sections = {step.section.id for step in session.steps}
    assert sections == {"child-p", "child-q"}
    assert session.resolve("child-p")[0].kind == "strand"
    evidence = session.evidence(session.resolve("strand:child-q")[0])
    assert evidence.events and evidence.age_of == "Child Q"
    assert any(w.label == "Workforce" for w in evidence.written)
    # Parts of local context name their questions; a wrong one is located and named.
    answers = tmp_path / "answers.yaml"
    answers.write_text("child-p:\n  local_context:\n    Workfroce: x\n", encoding="utf-8")
    result = invoke("author", case, "--answers", answers)
    assert result.exit_code != 0
    assert " ".join(result.stderr.split()).startswith(
        f"{answers}:3:5: child-p.local_context.Workfroce: 'Workfroce' is not a part of the "
        "local context asked for (did you mean 'Workforce'?); use Inspection findings, Key "
        "figures, Workforce"
    )


def test_a_themes_comparison_is_asked_only_with_previous_reviews(tmp_path: Path) -> None:
    thematic = Session(
        CaseStore(sample_copy(tmp_path, "thematic-injured-babies")), load_questions()
    )
    asked = {s.question.id for s in thematic.steps if s.section.kind == "theme"}
    assert {"changed", "persists"} <= asked
    fathers = thematic.resolve("fathers")[0]
    previous = thematic.evidence(fathers).previous
    assert previous and all(p.text for p in previous)
    national = Session(CaseStore(sample_copy(tmp_path, "national-two-children")), load_questions())
    asked = {s.question.id for s in national.steps if s.section.kind == "theme"}
    assert not asked & {"changed", "persists"}


@pytest.mark.parametrize("sample", ["national-two-children", "thematic-injured-babies"])
def test_every_strand_question_round_trips(tmp_path: Path, sample: str) -> None:
    case = sample_copy(tmp_path, sample)
    before = read(case)
    session = Session(CaseStore(case), load_questions(), only="strands")
    planned: dict[str, dict[str, Any]] = {}
    for step in session.steps:
        sid, question = step.section.id, step.question
        entry = planned.setdefault(sid, {})
        if question.part:
            entry.setdefault("local_context", {})[question.part] = f"{question.part} of {sid}."
        else:
            entry[question.id] = f"{question.id} of {sid}."
    answers = tmp_path / "answers.yaml"
    answers.write_text(yaml.safe_dump(planned), encoding="utf-8")
    plan = load_answers(answers, session, replace=True)
    outcome = session.run(AnswersFileSource(plan, lambda _: None))
    assert not outcome.quit and outcome.answered == outcome.total
    after = read(case)
    expected = copy.deepcopy(before)
    for item in expected["strands"]:
        sid = item["id"]
        item["story"] = f"story of {sid}."
        item["conclusions"] = f"conclusions of {sid}."
        parts = item.setdefault("local_context", [])
        for title in ("Inspection findings", "Key figures", "Workforce"):
            part = next((p for p in parts if p["title"] == title), None)
            if part is None:
                parts.append({"title": title, "text": f"{title} of {sid}."})
            else:
                part["text"] = f"{title} of {sid}."
    # Replacing a block of text keeps it a block (a final newline): compare the words.
    assert _stripped(after) == _stripped(expected)


def _stripped(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _stripped(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_stripped(v) for v in value]
    return value.strip() if isinstance(value, str) else value


def test_ages_beside_events_are_the_right_childs(tmp_path: Path) -> None:
    national = Session(CaseStore(sample_copy(tmp_path, "national-two-children")), load_questions())
    # A strand's episode shows its own child's age, not the first child's of the review.
    episode = next(s for s in national.sections() if s.number.startswith("Child Q"))
    assert national.evidence(episode).age_of == "Child Q"
    thematic = Session(
        CaseStore(sample_copy(tmp_path, "thematic-injured-babies")), load_questions()
    )
    # A theme drawing on three families' events shows no one baby's age beside them all.
    evidence = thematic.evidence(thematic.resolve("fathers")[0])
    assert len(evidence.events) > 1 and evidence.age_of == ""


def test_a_comparison_without_previous_reviews_says_what_is_missing(tmp_path: Path) -> None:
    case = sample_copy(tmp_path, "national-two-children")
    before = case.read_text(encoding="utf-8")
    result = answer(case, tmp_path, "listening-to-family:\n  changed: Something.\n")
    assert result.exit_code != 0
    assert " ".join(result.stderr.split()).startswith(
        f"{tmp_path / 'answers.yaml'}:2:3: listening-to-family.changed: 'changed' compares a "
        "theme with previous reviews; add previous_reviews to the case file first"
    )
    assert case.read_text(encoding="utf-8") == before
