"""Case-study questions fit each episode: its own, then by event type and theme, its child."""

from __future__ import annotations

from typing import Any

import yaml

from reviewkit.casefile import load_case
from reviewkit.reports.case_study import DiscussionQuestions, _episode_questions
from reviewkit.templates import builtin_dir

from conftest import ELLIS


def built_in() -> dict[str, Any]:
    text = (builtin_dir() / "case-study" / "questions.yaml").read_text(encoding="utf-8")
    return DiscussionQuestions.model_validate(yaml.safe_load(text)).model_dump()


def test_each_episode_gets_questions_that_fit_it() -> None:
    case = load_case(ELLIS).case
    asked = {e.id: _episode_questions(case, e, built_in(), "the child") for e in case.episodes}
    # Never the same list twice, and never more than `most`, except an episode's own.
    assert len({tuple(q) for q in asked.values()}) == len(asked)
    assert all(len(q) <= 6 for q in asked.values())
    # KPE 1 began before Ruby was born: no question asks about her.
    assert not any("Ruby" in q for q in asked["kpe1"])
    assert asked["kpe1"][0].startswith("What did agencies know about the unborn baby")
    # KPE 4 centres on Chloe (the episode's child): the questions name her, not Ruby.
    assert any("Chloe" in q for q in asked["kpe4"])
    assert not any("Ruby" in q for q in asked["kpe4"])
    # The episode's own questions come first, as written.
    kpe2 = case.episode("kpe2")
    assert kpe2 is not None and asked["kpe2"][:2] == kpe2.questions
    # A strategy discussion in the episode brings its question.
    assert any(q.startswith("Who took part in the strategy discussion") for q in asked["kpe4"])


def test_an_episodes_own_questions_are_all_asked() -> None:
    case = load_case(ELLIS).case
    episode = case.episodes[2].model_copy(update={"questions": [f"Q{i}?" for i in range(8)]})
    assert _episode_questions(case, episode, built_in(), "the child") == [
        f"Q{i}?" for i in range(8)
    ]


def test_a_default_question_that_repeats_an_episodes_own_in_other_words_is_left_out() -> None:
    from reviewkit.reports.case_study import _alike

    case = load_case(ELLIS).case
    own = (
        "What had changed for Ruby, Mason and Chloe when the plan closed, and how did anyone know?"
    )
    episode = case.episodes[1].model_copy(update={"questions": [own]})
    questions = built_in()
    questions["most"] = 40
    questions["episode"] = [
        "What had changed for {child} when the plan closed, and how did anyone know?",
        "Who saw {child} alone?",
    ]
    asked = _episode_questions(case, episode, questions, "the child")
    assert asked[0] == own
    assert not any(q.startswith("What had changed for Ruby when") for q in asked)
    assert "Who saw Ruby alone?" in asked
    # Across the sample, no question added to an episode's own repeats one asked before it.
    for ep in case.episodes:
        said = _episode_questions(case, ep, built_in(), "the child")
        for j in range(len(ep.questions), len(said)):
            assert not any(_alike(said[i], said[j]) for i in range(j)), said[j]
