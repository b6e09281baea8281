"""The question set is data: the built-in one, a partnership's own, and located mistakes."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewkit.authoring.questions import (
    FIELDS,
    allowed_fields,
    default_questions_path,
    load_questions,
)
from reviewkit.errors import CaseInvalidError
from reviewkit.model import Case, Episode, LocalContext, NarrativePeriod, Strand, Text, Theme


def test_the_built_in_set_asks_the_systems_questions() -> None:
    questions = load_questions()
    assert questions.source == default_questions_path()
    episode = questions.for_kind("episode")
    assert episode.label == "Key practice episode"
    assert [q.id for q in episode.questions] == [
        "what_happened",
        "known",
        "helped_hindered",
        "good_practice",
        "learning",
    ]
    hindered = episode.questions[2]
    for factor in ("workload", "supervision", "procedures", "tools", "information sharing"):
        assert factor in hindered.help
    assert "hindsight" in episode.questions[1].help
    theme = questions.for_kind("theme")
    assert [q.id for q in theme.questions] == [
        "analysis",
        "good_practice",
        "learning",
        "further_consideration",
        "changed",
        "persists",
        "recommendation",
    ]
    strand = questions.for_kind("strand")
    assert [(q.field, q.part) for q in strand.questions] == [
        ("story", ""),
        ("local_context", "Inspection findings"),
        ("local_context", "Key figures"),
        ("local_context", "Workforce"),
        ("conclusions", ""),
    ]
    assert theme.questions[-1].optional and theme.questions[-1].addressee_prompt.startswith(
        "To whom"
    )
    assert [q.id for q in questions.for_kind("conclusions").questions] == ["conclusions"]
    assert [q.kind for q in questions.for_kind("recommendations").questions] == ["recommendation"]


def test_every_field_a_question_can_fill_is_free_text_in_the_model() -> None:
    models = {
        "period": NarrativePeriod,
        "episode": Episode,
        "strand": Strand,
        "theme": Theme,
        "conclusions": Case,
    }
    for kind in FIELDS:
        names = allowed_fields(kind)
        if kind in ("recommendations", "rapid-review"):  # the rapid review: rapid_fields
            continue
        model = models[kind]
        for name in names:
            annotation = model.model_fields[name].annotation
            if name == "local_context":  # titled parts, each answered as its free text
                assert annotation == list[LocalContext]
                assert LocalContext.model_fields["text"].annotation is str
                continue
            assert annotation == Text | None, (kind, name)


def test_a_partnership_can_use_its_own_questions(tmp_path: Path) -> None:
    path = tmp_path / "ours.yaml"
    path.write_text(
        "version: 1\n"
        "episode:\n"
        "  label: Episode\n"
        "  questions:\n"
        "    - field: learning\n"
        "      prompt: What should we learn?\n"
        "theme:\n"
        "  questions:\n"
        "    - field: analysis\n"
        "      prompt: Findings?\n"
        "      help: Our own help.\n",
        encoding="utf-8",
    )
    questions = load_questions(path)
    assert [q.prompt for q in questions.for_kind("episode").questions] == ["What should we learn?"]
    assert questions.for_kind("theme").label == "Theme"
    assert questions.for_kind("theme").questions[0].help == "Our own help."
    assert questions.for_kind("conclusions").questions == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "episodes:\n  questions: []\n",
            "q.yaml:1:1: episodes: unknown key 'episodes' (did you mean 'episode'?)",
        ),
        (
            "episode:\n  questions:\n    - field: learnin\n      prompt: P\n",
            "q.yaml:3:14: episode.questions[0].field: 'learnin' is not a field of episode (did "
            "you mean 'learning'?); choose from what_happened, known, helped_hindered, "
            "good_practice, learning",
        ),
        (
            "theme:\n  questions:\n    - field: analysis\n",
            "q.yaml:3:7: theme.questions[0]: 'prompt' is required but missing",
        ),
        (
            "theme:\n  questions:\n    - {field: analysis, prompt: ' '}\n",
            "q.yaml:3:33: theme.questions[0].prompt: must not be empty",
        ),
        (
            "theme:\n  questions:\n    - {field: analysis, prompt: A}\n"
            "    - {field: analysis, prompt: B}\n",
            "q.yaml:4:7: theme.questions[1]: the field 'analysis' is asked twice in 'theme'",
        ),
        (
            "theme:\n  questions:\n    - {field: analysis, prompt: A, hlep: x}\n",
            "q.yaml:3:36: theme.questions[0].hlep: unknown key 'hlep' (did you mean 'help'?)",
        ),
        (
            "conclusions:\n  questions:\n    - {kind: recommendation, prompt: A}\n",
            "q.yaml:3:14: conclusions.questions[0].kind: recommendation questions belong to "
            "other sections",
        ),
        (
            "theme:\n  questions:\n    - {kind: reccomendation, prompt: A}\n",
            "q.yaml:3:14: theme.questions[0].kind: 'reccomendation' is not one of: text, "
            "recommendation (did you mean 'recommendation'?)",
        ),
        (
            "theme: yes\n",
            "q.yaml:1:8: theme: expected a mapping of keys and values, got a true/false value",
        ),
        ("version: 2\n", "q.yaml:1:10: version: version 2 is not supported; use version: 1"),
        (
            "- episode\n",
            "q.yaml:1:1: a question set is a mapping (version:, period:, episode:, strand:, "
            "theme:, conclusions:, recommendations:, rapid-review:); this one is a list",
        ),
        (
            "strand:\n  questions:\n    - field: local_context\n      prompt: Context?\n",
            "q.yaml:3:7: strand.questions[0]: a local_context question needs the part's "
            "title (title: ...)",
        ),
    ],
)
def test_mistakes_in_a_question_set_are_located(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "q.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CaseInvalidError) as err:
        load_questions(path)
    assert [str(p) for p in err.value.problems] == [message.replace("q.yaml", str(path))]


def test_every_mistake_in_a_question_set_is_reported_at_once(tmp_path: Path) -> None:
    path = tmp_path / "q.yaml"
    shapes = (
        "episode:\n  questions:\n    - {field: learning, prompt: P, hlep: x}\n"
        "theme:\n  questions:\n    - {field: analysis}\n"
    )
    fields = (
        "episode:\n  questions:\n    - {field: learnin, prompt: P}\n"
        "theme:\n  questions:\n    - {field: analysis, prompt: A}\n"
        "    - {field: analysis, prompt: B}\n"
    )
    for text, paths in [
        (shapes, ["episode.questions[0].hlep", "theme.questions[0]"]),
        (fields, ["episode.questions[0].field", "theme.questions[1]"]),
    ]:
        path.write_text(text, encoding="utf-8")
        with pytest.raises(CaseInvalidError) as err:
            load_questions(path)
        assert [p.path for p in err.value.problems] == paths
