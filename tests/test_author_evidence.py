"""The evidence `reviewkit author` shows before a section's questions, in a review of three
children: every event reachable, ages that say whose they are, the child's words named."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewkit.authoring.evidence import for_episode
from reviewkit.casefile import load_case
from reviewkit.model import Case
from reviewkit.timeline import primary_child

from conftest import FIXTURES, CopyCase, invoke, problems

CASE = FIXTURES / "evidence-case.yaml"
SUMMARIES = [f"Health visit number {n:02d} to Cleo." for n in range(1, 21)]
TERMINAL = {"REVIEWKIT_INTERACTIVE": "1", "VISUAL": None, "EDITOR": None, "COLUMNS": "80"}


def case_with(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the evidence case with one piece of text changed."""
    text = CASE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "case.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def loaded(path: Path = CASE) -> Case:
    return load_case(path).case


def test_every_event_of_a_long_episode_is_in_its_evidence() -> None:
    case = loaded()
    evidence = for_episode(case, case.episodes[0])
    assert len(evidence.events) == 22  # 20 visits and 2 school contacts, none left out
    summaries = [row.summary for row in evidence.events]
    assert sorted(s for s in summaries if s.startswith("Health visit")) == SUMMARIES


def test_ages_are_the_episodes_child() -> None:
    case = loaded()
    evidence = for_episode(case, case.episodes[0])  # child: cleo (born 20 September 2022)
    assert evidence.age_of == "Cleo"
    assert (evidence.events[0].date, evidence.events[0].age) == ("3 January 2023", "3 months")


def test_ages_default_to_the_reviews_child(tmp_path: Path) -> None:
    path = case_with(tmp_path, "  partnership:", "  child: ben\n  partnership:")
    case = loaded(path)
    assert primary_child(case) == "ben"
    evidence = for_episode(case, case.episodes[1])  # no child of its own
    assert evidence.age_of == "Ben"
    assert evidence.events[0].age == "7 years 4 months"


def test_ages_default_to_the_first_subject_with_a_date_of_birth() -> None:
    case = loaded()
    assert primary_child(case) == "ava"
    evidence = for_episode(case, case.episodes[1])
    assert evidence.age_of == "Ava"
    assert evidence.events[0].age == "13 years 7 months"


def test_no_date_of_birth_means_no_age_and_no_name(tmp_path: Path) -> None:
    text = CASE.read_text(encoding="utf-8")
    for dob in ('"2010-03-15"', '"2016-07-01"', '"2022-09-20"'):
        text = text.replace(f", dob: {dob}", "")
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    case = loaded(path)
    evidence = for_episode(case, case.episodes[1])
    assert evidence.age_of == ""
    assert {row.age for row in evidence.events} == {""}


def test_the_childs_words_name_the_child_who_spoke() -> None:
    case = loaded()
    evidence = for_episode(case, case.episodes[0])
    assert [(q.text, q.attribution) for q in evidence.child_words] == [
        ("Cleo cries a lot at night.", "Ben, 10 May 2023"),
        # The event names none of the three children: it cannot say which one spoke.
        ("Nobody made tea.", "A child, 11 May 2023"),
        ("I looked after Cleo when Mum was asleep.", "Ben"),
    ]
    assert "The child" not in repr(evidence)


def test_an_unknown_child_is_a_located_error() -> None:
    text = CASE.read_text(encoding="utf-8").replace("    child: cleo", "    child: clea")
    text = text.replace("  partnership:", "  child: bem\n  partnership:")
    found = problems(text)
    assert "case.yaml:7:10: review.child: unknown person 'bem' (did you mean 'ben'?)" in found
    line = text.splitlines().index("    child: clea") + 1
    assert (
        f"case.yaml:{line}:12: episodes[0].child: unknown person 'clea' (did you mean 'cleo'?)"
        in found
    )


# --- through the CLI ---------------------------------------------------------------------------


@pytest.fixture
def case_file(copy_case: CopyCase) -> Path:
    return copy_case(CASE)


def test_the_author_sees_every_event_whose_age_and_who_spoke(case_file: Path) -> None:
    result = invoke("author", case_file, input=":q\n", env=TERMINAL)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    evidence = out[out.index("KPE 1: A year of health visits") : out.index("Question 1 of 5")]
    for summary in SUMMARIES:
        assert summary in " ".join(evidence.split()), summary
    assert "more event" not in evidence
    header = next(line for line in evidence.splitlines() if line.startswith("Date"))
    assert header.split()[:4] == ["Date", "Cleo's", "age", "Agency"]
    assert "— Ben, 10 May 2023" in evidence
    assert "— A child, 11 May 2023" in evidence
    assert "“I looked after Cleo when Mum was asleep.” — Ben" in evidence
    assert "The child," not in out
