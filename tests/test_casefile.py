"""The case file store: one read, one check per change, and every writer saving through it."""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from ruamel.yaml.main import YAML
from typer.testing import CliRunner

from reviewkit.authoring.targets import Target, add_recommendation, set_text
from reviewkit.casefile import CaseStore, Edit, check
from reviewkit.casefile import read as read_module
from reviewkit.cli import app
from reviewkit.errors import CaseInvalidError

FIXTURES = Path(__file__).parent / "fixtures"
PACKAGE = Path(__file__).parent.parent / "reviewkit"


@pytest.fixture
def case_file(tmp_path: Path) -> Path:
    path = tmp_path / "case.yaml"
    shutil.copy(FIXTURES / "chronology-case.yaml", path)
    shutil.copy(FIXTURES / "chronology-police.csv", tmp_path / "police.csv")
    return path


@pytest.fixture
def passes(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How many times the case file is parsed (PyYAML, ruamel) and checked, as commands run."""
    counts = {"pyyaml": 0, "ruamel": 0, "checked": 0}

    def counting(name: str, original: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            counts[name] += 1
            return original(*args, **kwargs)

        return wrapper

    # Every parse of reviewkit's reader makes one PyYAML loader (`casefile.read._Loader`).
    monkeypatch.setattr(read_module, "_Loader", counting("pyyaml", read_module._Loader))
    monkeypatch.setattr(YAML, "load", counting("ruamel", YAML.load))
    monkeypatch.setattr(check._CaseChecks, "run", counting("checked", check._CaseChecks.run))
    return counts


def run(*args: Any) -> Any:
    result = CliRunner().invoke(app, [str(a) for a in args], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    return result


def test_import_reads_the_file_once_and_checks_it_once_after_the_change(
    case_file: Path, passes: dict[str, int]
) -> None:
    run("import", case_file, case_file.parent / "police.csv", "--agency", "police")
    # read + the three changed regions read back (the agency's item with the column mapping
    # kept for its next import, the events' last item with the new events after it, the new
    # imports section); one round-trip parse (the agency's item only: the new events are
    # written from plain data); checked on reading and after
    assert passes == {"pyyaml": 4, "ruamel": 1, "checked": 2}


def test_a_dry_run_import_never_parses_for_writing(case_file: Path, passes: dict[str, int]) -> None:
    run("import", case_file, case_file.parent / "police.csv", "--agency", "police", "-n")
    assert passes == {"pyyaml": 1, "ruamel": 0, "checked": 2}


def test_importing_the_same_return_again_checks_only_on_reading(
    case_file: Path, passes: dict[str, int]
) -> None:
    run("import", case_file, case_file.parent / "police.csv", "--agency", "police")
    passes.update(pyyaml=0, ruamel=0, checked=0)
    result = run("import", case_file, case_file.parent / "police.csv", "--agency", "police")
    assert "nothing to change" in result.stdout
    assert passes == {"pyyaml": 1, "ruamel": 0, "checked": 1}


def test_merging_duplicates_reads_once_and_checks_each_merge_once(
    tmp_path: Path, passes: dict[str, int]
) -> None:
    case_file = tmp_path / "case.yaml"
    shutil.copy(FIXTURES / "chronology-case.yaml", case_file)
    for agency in ("police", "csc", "hv"):
        shutil.copy(FIXTURES / f"chronology-{agency}.csv", tmp_path / f"{agency}.csv")
        run("import", case_file, tmp_path / f"{agency}.csv", "--agency", agency)
    listing = run("duplicates", case_file).stdout
    group = re.findall(r"^Group ([0-9a-f]{6}):", listing, re.MULTILINE)[0]
    passes.update(pyyaml=0, ruamel=0, checked=0)
    run("duplicates", case_file, "--accept", group)
    # The merge changes a few keys of one event and an episode's list: each is parsed for
    # writing on its own (a few lines each), never the whole file.
    assert passes == {"pyyaml": 2, "ruamel": 4, "checked": 2}


def test_a_mixed_indentation_file_is_parsed_once_for_writing(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    text = (FIXTURES / "author-case.yaml").read_text(encoding="utf-8")
    # The recommendations' dashes at the margin, everything else's indented by two.
    head, rest = text.split("recommendations:\n")
    section, glossary = rest.split("\n# --- Glossary")
    section = "\n".join(line.removeprefix("  ") for line in section.split("\n"))
    path.write_text(f"{head}recommendations:\n{section}\n# --- Glossary{glossary}", "utf-8")
    calls = 0
    original = YAML.load

    def counting(self: YAML, stream: Any) -> Any:
        nonlocal calls
        calls += 1
        return original(self, stream)

    store = CaseStore(path)
    assert store.reformatted_lines == 0  # opening parses nothing for writing
    # An answer changes its episode's lines only: nothing is re-indented.
    set_text(store, Target("good_practice", "episodes", "kpe-visit"), "Seen alone.")
    assert store.reformatted_lines == 0
    assert path.read_text(encoding="utf-8").count("\n") == text.count("\n") + 1
    # A new recommendation is written through the whole file, which re-indents the margin.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(YAML, "load", counting)
        add_recommendation(store, "Train staff.", "The Partnership", [])
    assert store.reformatted_lines > 0  # every layout was tried
    assert calls == 1


def test_a_change_that_breaks_the_case_is_not_written(case_file: Path) -> None:
    before = case_file.read_text(encoding="utf-8")
    store = CaseStore(case_file)

    def dangling(edit: Edit) -> None:
        edit.set_field("events", 0, "agency", "no-such-agency")

    with pytest.raises(CaseInvalidError) as err:
        store.preview(dangling)
    preview_message = err.value.message
    with pytest.raises(CaseInvalidError) as err:
        store.change(dangling, "test change")
    assert err.value.message == preview_message
    assert "unknown agency 'no-such-agency'" in preview_message
    assert "(after this change)" in preview_message
    assert case_file.read_text(encoding="utf-8") == before
    assert not store.backup_path.exists()
    # The store is still usable, with the broken change gone from its copy too.
    store.change(lambda edit: edit.set_field("events", 0, "source", "Checked"), "source")
    assert "no-such-agency" not in case_file.read_text(encoding="utf-8")
    assert store.case.events[0].source == "Checked"


def test_chronology_never_reaches_into_authoring() -> None:
    """Imports and merges save through reviewkit.casefile, like every other writer."""
    offenders = []
    for path in sorted((PACKAGE / "chronology").rglob("*.py")):
        for found in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(found, ast.ImportFrom) and (found.module or "").startswith(
                "reviewkit.authoring"
            ):
                offenders.append(f"{path.name}: {found.module}")
    assert offenders == []


def _bench_case(tmp_path: Path, events: int) -> tuple[Path, str, Any]:
    """A synthetic case as bench/make_cases.py writes it (yaml.dump, folded at 100)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "make_cases", Path(__file__).parent.parent / "bench" / "make_cases.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text = yaml.dump(module.make_case(events), sort_keys=False, allow_unicode=True, width=100)
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    return path, text, module


def test_a_save_rewrites_only_the_lines_of_its_answer(tmp_path: Path) -> None:
    path, before, _ = _bench_case(tmp_path, 60)
    assert "\n    support offered" in before  # yaml.dump folds long values over lines
    store = CaseStore(path)
    calls: list[int] = []
    original = YAML.load

    def counting(self: YAML, stream: Any) -> Any:
        calls.append(len(stream))
        return original(self, stream)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(YAML, "load", counting)
        set_text(store, Target("good_practice", "episodes", "kpe2"), "One.\n\nTwo.")
        set_text(store, Target("further_consideration", "themes", "theme3"), "More.")
    assert all(size < 200 for size in calls)  # a few lines each, never the whole file
    after = path.read_text(encoding="utf-8")
    lines = iter(after.splitlines())
    assert all(any(line == kept for kept in lines) for line in before.splitlines())
    assert len(after.splitlines()) == len(before.splitlines()) + 5
    case = check.load_case(path).case
    assert case.episodes[1].good_practice == "One.\n\nTwo."
    assert case.themes[2].further_consideration == "More."
    assert store.reformatted_lines == 0


def test_an_import_appends_its_events_keeping_every_line(tmp_path: Path) -> None:
    path, before, module = _bench_case(tmp_path, 40)
    returned = tmp_path / "return.csv"
    module.write_return(returned, 30)
    run("import", path, returned, "--agency", "ag01")
    after = path.read_text(encoding="utf-8")
    lines = iter(after.splitlines())
    assert all(any(line == kept for kept in lines) for line in before.splitlines())
    case = check.load_case(path).case
    assert len(case.events) == 70
    assert sum(1 for e in case.events if e.agency == "ag01" and e.provenance) == 30
