"""check_model: every YAML input is checked against its model in the case file's words."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel, ConfigDict, Field
from typer.testing import CliRunner

from reviewkit.casefile import parse_yaml
from reviewkit.casefile.modelcheck import check_model
from reviewkit.cli import app

ROOT = Path(__file__).parent.parent
runner = CliRunner()


class Item(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    count: int = Field(default=1, ge=0)


class Listing(BaseModel):
    model_config = ConfigDict(extra="forbid")

    items: list[Item]


def problems(text: str) -> list[str]:
    return [str(p) for p in check_model(parse_yaml(text, "f.yaml"), Listing, what="listing")]


def test_a_valid_document_has_no_problems() -> None:
    assert problems("items:\n  - name: a\n    count: 2\n") == []


def test_every_problem_is_located_with_its_path() -> None:
    assert problems("items:\n  - nmae: a\n    count: -1\n  - name: [x]\nextra: 1\n") == [
        "f.yaml:2:5: items[0].nmae: unknown key 'nmae' (did you mean 'name'?)",
        "f.yaml:3:12: items[0].count: must be at least 0, got -1",
        "f.yaml:4:11: items[1].name: expected text, got a list",
        "f.yaml:5:1: extra: unknown key 'extra'",
    ]


def test_the_whole_file_in_the_wrong_shape() -> None:
    assert problems("- a\n") == ["f.yaml:1:1: a listing is a mapping (items:); this one is a list"]
    assert problems("") == ["f.yaml:1:1: a listing is a mapping (items:); this one is empty"]
    assert problems("items: text\n") == [
        "f.yaml:1:8: items: expected a list (lines starting with '- '), got a text"
    ]


def test_a_part_of_a_document_is_checked_where_it_stands() -> None:
    doc = parse_yaml("top:\n  - {name: a}\n  - {count: x}\n", "f.yaml")
    assert [str(p) for p in check_model(doc, Item, at=("top", 1))] == [
        "f.yaml:3:5: top[1]: 'name' is required but missing",
        "f.yaml:3:13: top[1].count: expected a whole number, got 'x'",
    ]


def test_rules_file_amounts_are_checked_like_case_file_numbers(tmp_path: Path) -> None:
    from reviewkit.errors import CaseInvalidError
    from reviewkit.timescales import load_rules

    path = tmp_path / "rules.yaml"
    path.write_text(
        "rules:\n  - {id: x, label: X, from: awareness, amount: -2, unit: months, source: S}\n",
        encoding="utf-8",
    )
    with pytest.raises(CaseInvalidError) as err:
        load_rules(path)
    assert [str(p) for p in err.value.problems] == [
        f"{path}:2:48: rules[0].amount: must be at least 0, got -2"
    ]


def test_case_study_questions_are_checked_with_located_messages(tmp_path: Path) -> None:
    anon = tmp_path / "anon.yaml"
    case = ROOT / "tests" / "fixtures" / "anon-case.yaml"
    assert runner.invoke(app, ["anonymise", str(case), "-o", str(anon)]).exit_code == 0
    own = tmp_path / "templates" / "case-study"
    own.mkdir(parents=True)
    questions = own / "questions.yaml"
    questions.write_text("mots: 3\nepisode: Why?\nthemes:\n  voice: [1, 2]\n", encoding="utf-8")
    result = runner.invoke(
        app,
        [
            "build",
            str(anon),
            "--kind",
            "case-study",
            "--templates",
            str(tmp_path / "templates"),
            "-o",
            str(tmp_path / "out"),
        ],
    )
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{questions}:1:1: mots: unknown key 'mots' (did you mean 'most'?)",
        f"{questions}:2:10: episode: expected a list (lines starting with '- '), got a text",
        f"{questions}:4:11: themes.voice[0]: expected text, got a number",
        f"{questions}:4:14: themes.voice[1]: expected text, got a number",
        "4 errors; fix them and run the command again.",
    ]
