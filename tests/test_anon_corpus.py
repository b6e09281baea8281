"""The planted corpus: after anonymise, nothing planted survives anywhere, and all is counted.

The corpus (tests/anon_corpus/plants.py) is an invented case with more than 300 identifiers of
more than 35 kinds in every kind of free-text field. Nothing of it may survive in the
anonymised file, in the case study (Markdown and Word) or in an LCSPR built from the
anonymised file; and every plant is a replacement the report counts, at its path.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from anon_corpus.plants import FIELDS, corpus_case, survivors

from reviewkit.anonymise import Options, anonymise_file
from reviewkit.anonymise.scan import docx_units

from conftest import invoke


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    folder = tmp_path_factory.mktemp("corpus")
    data, plants = corpus_case()
    case = folder / "corpus.yaml"
    case.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return case, plants


def test_the_corpus_is_large_and_varied(corpus: tuple[Path, list]) -> None:
    _, plants = corpus
    assert len(plants) >= 300
    assert len({p.kind for p in plants}) >= 35
    # Every kind of free-text field holds at least one plant.
    assert len({re.sub(r"\[\d+\]", "", p.path) for p in plants}) == len(FIELDS)


def test_nothing_planted_survives_in_any_output(corpus: tuple[Path, list], tmp_path: Path) -> None:
    case, plants = corpus
    anon = tmp_path / "anon.yaml"
    result = invoke("anonymise", case, "-o", anon)
    assert result.exit_code == 0, result.output
    assert survivors(anon.read_text(encoding="utf-8"), plants) == []
    out = tmp_path / "out"
    for kind in ("case-study", "lcspr"):
        built = invoke("build", anon, "--kind", kind, "-f", "md,docx", "-o", out)
        assert built.exit_code == 0, built.output
    outputs = sorted(out.iterdir())
    assert {p.suffix for p in outputs} == {".md", ".docx"} and len(outputs) == 4
    for path in outputs:
        if path.suffix == ".docx":
            text = "\n".join(t for t, _ in docx_units(path))
        else:
            text = path.read_text(encoding="utf-8")
        assert survivors(text, plants) == [], path.name


def test_every_plant_is_counted_in_the_replacement_report(corpus: tuple[Path, list]) -> None:
    case, plants = corpus
    result = anonymise_file(case, Options(output_name="anon.yaml"))
    by_path: dict[str, list] = {}
    for rep in result.replacements:
        by_path.setdefault(rep.path, []).append(rep)
    missing = []
    for plant in plants:
        secret = re.compile(plant.replaced, re.IGNORECASE)
        reps = by_path.get(plant.path, [])
        if not any(r.kind == plant.counted_as and secret.search(r.original) for r in reps):
            missing.append(f"{plant.kind} at {plant.path}: {plant.text!r}")
    assert missing == [], len(missing)
    # The report counts them by kind, and lists every path that holds one.
    planted = Counter(p.counted_as for p in plants)
    for kind, count in planted.items():
        row = re.search(rf"^\| {re.escape(kind)} +\| (\d+) +\|$", result.report, re.MULTILINE)
        assert row is not None, kind
        assert int(row[1]) >= count, kind
    for plant in plants:
        escaped = re.sub(r"([_\[\]])", r"\\\1", plant.path)  # as the Markdown report writes it
        assert f"| {escaped} |" in result.report, plant.path
