"""The history of versions: a copy before each store's first save, and `reviewkit history`."""

from __future__ import annotations

import re
import shutil
import stat
from pathlib import Path

import pytest

from reviewkit.casefile import CaseStore, Edit
from reviewkit.casefile import history as versions
from reviewkit.cli.output import INTERACTIVE_ENV
from reviewkit.errors import CaseInvalidError, ChangeRejectedError

from conftest import FIXTURES, CopyCase, invoke

NO_TERMINAL = {INTERACTIVE_ENV: None}
TERMINAL = {INTERACTIVE_ENV: "1"}


@pytest.fixture
def case_file(copy_case: CopyCase) -> Path:
    return copy_case("author-case.yaml")


def retitle(store: CaseStore, title: str, field: str = "title") -> None:
    """Save a new review title (or another field of the review) through the store."""

    def change(edit: Edit) -> None:
        assert edit.data is not None
        edit.data["review"][field] = title
        edit.expected["review"][field] = title

    store.change(change, f"review.{field}")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def labels(case: Path) -> list[str]:
    return [v.label for v in versions.list_versions(case)]


# --- the store keeps a copy before its first save ----------------------------------------------


def test_a_store_keeps_one_copy_before_its_first_save(case_file: Path) -> None:
    before = case_file.read_bytes()
    store = CaseStore(case_file, label="author")
    retitle(store, "First")
    retitle(store, "Second")
    kept = versions.list_versions(case_file)
    assert [(v.number, v.label) for v in kept] == [(1, "author")]
    assert kept[0].path == store.snapshot
    assert kept[0].path.read_bytes() == before
    assert kept[0].size == len(before)
    assert kept[0].path.parent == case_file.parent / ".reviewkit" / "history"
    assert kept[0].path.name.startswith("case.") and kept[0].path.name.endswith(".author.yaml")
    # A new store (the next session) keeps the file as the last one left it.
    after_first = case_file.read_bytes()
    retitle(CaseStore(case_file, label="author"), "Third")
    kept = versions.list_versions(case_file)
    assert [v.path.read_bytes() for v in kept] == [after_first, before]
    assert kept[0].timestamp > kept[1].timestamp


def test_no_copy_when_nothing_is_saved(case_file: Path) -> None:
    store = CaseStore(case_file, label="author")
    store.preview(lambda edit: edit.expected["review"].update(title="Preview only"))
    with pytest.raises(CaseInvalidError):
        retitle(store, "nonsense", "kind")  # rejected before anything is written
    assert versions.list_versions(case_file) == []
    assert not (case_file.parent / ".reviewkit").exists()


def test_without_a_label_the_copy_is_named_after_the_first_change(case_file: Path) -> None:
    retitle(CaseStore(case_file), "New")
    assert labels(case_file) == ["review-title"]


def test_when_no_copy_can_be_kept_nothing_is_saved(case_file: Path) -> None:
    before = case_file.read_bytes()
    (case_file.parent / ".reviewkit").write_text("not a folder", encoding="utf-8")
    with pytest.raises(ChangeRejectedError) as caught:
        retitle(CaseStore(case_file, label="author"), "New")
    assert caught.value.message == (
        f"review.title: could not write {case_file.parent / '.reviewkit' / 'history'} "
        f"({case_file.parent / '.reviewkit'} is a file; reviewkit keeps versions in a folder of "
        "that name.); nothing was saved."
    )
    assert case_file.read_bytes() == before


def test_the_newest_twenty_are_kept(case_file: Path) -> None:
    for n in range(25):
        versions.snapshot(case_file, f"n{n}")
    assert labels(case_file) == [f"n{n}" for n in range(24, 4, -1)]
    assert len(list((case_file.parent / ".reviewkit" / "history").iterdir())) == versions.KEEP


def test_folders_and_copies_are_owner_only(case_file: Path) -> None:
    case_file.chmod(0o644)
    path = versions.snapshot(case_file, "author")
    assert mode(case_file.parent / ".reviewkit") == 0o700
    assert mode(case_file.parent / ".reviewkit" / "history") == 0o700
    assert mode(path) == 0o600


def test_only_this_case_files_versions_are_listed(case_file: Path, tmp_path: Path) -> None:
    other = tmp_path / "case.yml"
    shutil.copy(case_file, other)
    longer = tmp_path / "case.old.yaml"
    shutil.copy(case_file, longer)
    versions.snapshot(case_file, "mine")
    versions.snapshot(other, "yml")
    versions.snapshot(longer, "old")
    folder = versions.history_dir(case_file)
    (folder / "case.notes.yaml").write_text("x", encoding="utf-8")
    (folder / ".case.yaml.123.tmp").write_text("x", encoding="utf-8")
    assert labels(case_file) == ["mine"]
    assert labels(other) == ["yml"]
    assert labels(longer) == ["old"]


def test_labels_are_made_safe_for_file_names() -> None:
    assert versions.label_of("import of Police, CSC") == "import-of-police-csc"
    assert versions.label_of("episodes[kpe-1].known") == "episodes-kpe-1-known"
    assert versions.label_of("???") == "change"


def test_restore_is_byte_identical_undoable_and_keeps_permissions(case_file: Path) -> None:
    original = case_file.read_bytes()
    retitle(CaseStore(case_file, label="author"), "Changed")
    changed = case_file.read_bytes()
    case_file.chmod(0o640)
    result = versions.restore(case_file, versions.find_version(case_file, 1))
    assert result.changed
    assert case_file.read_bytes() == original
    assert mode(case_file) == 0o640
    assert result.previous is not None and result.previous.read_bytes() == changed
    assert labels(case_file) == ["restore", "author"]
    # The restore itself is undone the same way.
    versions.restore(case_file, versions.find_version(case_file, 1))
    assert case_file.read_bytes() == changed


def test_restoring_what_the_file_already_holds_writes_nothing(case_file: Path) -> None:
    versions.snapshot(case_file, "author")
    result = versions.restore(case_file, versions.find_version(case_file, 1))
    assert not result.changed and result.previous is None
    assert labels(case_file) == ["author"]


def test_a_deleted_case_file_can_be_restored(case_file: Path) -> None:
    original = case_file.read_bytes()
    versions.snapshot(case_file, "author")
    case_file.unlink()
    result = versions.restore(case_file, versions.find_version(case_file, 1))
    assert result.changed and result.previous is None
    assert case_file.read_bytes() == original
    assert mode(case_file) == 0o600


def test_line_changes_count_lines_each_way() -> None:
    changes = versions.line_changes(b"a\nb\nc\n", b"a\nc\nd\ne\n")
    assert (changes.added, changes.removed) == (2, 1)


# --- writers leave one copy each ---------------------------------------------------------------


def test_an_authoring_run_with_answers_leaves_one_copy(case_file: Path, tmp_path: Path) -> None:
    before = case_file.read_bytes()
    answers = tmp_path / "answers.yaml"
    answers.write_text("kpe-visit:\n  learning: One.\nconclusions: Done.\n", encoding="utf-8")
    result = invoke("author", case_file, "--answers", answers, env=NO_TERMINAL)
    assert result.exit_code == 0, result.stderr
    kept = versions.list_versions(case_file)
    assert len(kept) == 1
    assert kept[0].path.read_bytes() == before


def test_an_import_leaves_one_copy(copy_case: CopyCase, tmp_path: Path) -> None:
    case_file = copy_case("chronology-case.yaml")
    before = case_file.read_bytes()
    ret = tmp_path / "police.csv"
    shutil.copy(FIXTURES / "chronology-police.csv", ret)
    assert invoke("import", case_file, ret, "-a", "police", "--dry-run").exit_code == 0
    assert versions.list_versions(case_file) == []  # a dry run writes nothing
    result = invoke("import", case_file, ret, "-a", "police")
    assert result.exit_code == 0, result.stderr
    kept = versions.list_versions(case_file)
    assert [v.label for v in kept] == ["import"]
    assert kept[0].path.read_bytes() == before


def test_a_duplicates_merge_leaves_one_copy(copy_case: CopyCase, tmp_path: Path) -> None:
    case_file = copy_case("chronology-case.yaml")
    for agency, name in [("police", "police"), ("csc", "csc"), ("hv", "hv")]:
        ret = tmp_path / f"chronology-{name}.csv"
        shutil.copy(FIXTURES / ret.name, ret)
        assert invoke("import", case_file, ret, "--agency", agency).exit_code == 0
    listed = invoke("duplicates", case_file, env=NO_TERMINAL)
    assert labels(case_file) == ["import"] * 3  # listing writes nothing
    before = case_file.read_bytes()
    group = re.findall(r"^Group ([0-9a-f]{6}):", listed.stdout, re.MULTILINE)[0]
    result = invoke("duplicates", case_file, "--accept", group)
    assert result.exit_code == 0, result.stderr
    kept = versions.list_versions(case_file)
    assert [v.label for v in kept] == ["duplicates", "import", "import", "import"]
    assert kept[0].path.read_bytes() == before


# --- the command -------------------------------------------------------------------------------


def test_history_lists_versions_newest_first(case_file: Path) -> None:
    retitle(CaseStore(case_file, label="author"), "Changed")
    retitle(CaseStore(case_file, label="import"), "Changed again")
    result = invoke("history", case_file)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == (
        f"Versions of {case_file}, newest first (in {case_file.parent / '.reviewkit' / 'history'}):"
    )
    assert lines[1].split() == ["#", "When", "Kept", "before", "Size", "Changed", "since"]
    first, second = lines[2].split(), lines[3].split()
    assert first[0] == "1" and first[3] == "import" and first[6:] == ["+1", "-1", "lines"]
    assert second[0] == "2" and second[3] == "author" and second[6:] == ["+1", "-1", "lines"]
    assert lines[4] == f"Put one back with: reviewkit history {case_file} --restore N"


def test_history_with_no_versions(case_file: Path, tmp_path: Path) -> None:
    result = invoke("history", case_file)
    assert result.exit_code == 0
    assert result.stdout == (
        f"No versions of {case_file} are kept yet: one is kept before each session, import "
        "or merge that changes it.\n"
    )
    missing = invoke("history", tmp_path / "nope.yaml")
    assert missing.exit_code == 2
    assert missing.stdout == ""
    assert missing.stderr == (
        f"reviewkit: {tmp_path / 'nope.yaml'}: no such file, and no versions of it are kept.\n"
    )


def test_restore_with_yes(case_file: Path) -> None:
    original = case_file.read_bytes()
    retitle(CaseStore(case_file, label="author"), "Changed")
    result = invoke("history", case_file, "--restore", "1", "--yes", env=NO_TERMINAL)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Restored version 1 (") and lines[0].endswith(
        f", before author; since then: +1 -1 lines) as {case_file}."
    )
    assert lines[1] == (
        f"The file it replaced is kept as version 1: `reviewkit history {case_file} "
        "--restore 1` puts it back."
    )
    assert case_file.read_bytes() == original
    again = invoke("history", case_file, "--restore", "2", "-y", env=NO_TERMINAL)
    assert again.exit_code == 0
    assert again.stdout.startswith(f"{case_file} already holds version 2 (")
    assert again.stdout.endswith(", before author); nothing was changed.\n")


def test_restore_refuses_without_yes_when_not_interactive(case_file: Path) -> None:
    retitle(CaseStore(case_file, label="author"), "Changed")
    before = case_file.read_bytes()
    result = invoke("history", case_file, "--restore", "1", env=NO_TERMINAL)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"reviewkit: restoring replaces {case_file}, and there is no terminal here to ask you "
        "first; add --yes to restore version 1 without asking.\n"
    )
    assert case_file.read_bytes() == before
    assert labels(case_file) == ["author"]


def test_restore_asks_on_a_terminal(case_file: Path) -> None:
    original = case_file.read_bytes()
    retitle(CaseStore(case_file, label="author"), "Changed")
    changed = case_file.read_bytes()
    declined = invoke("history", case_file, "--restore", "1", input="n\n", env=TERMINAL)
    assert declined.exit_code == 0
    assert f"Replace {case_file} with version 1 (" in declined.stdout
    assert declined.stdout.endswith("Nothing was restored.\n")
    assert case_file.read_bytes() == changed
    agreed = invoke("history", case_file, "--restore", "1", input="y\n", env=TERMINAL)
    assert agreed.exit_code == 0, agreed.stderr
    assert "Restored version 1 (" in agreed.stdout
    assert case_file.read_bytes() == original
    ended = invoke("history", case_file, "--restore", "1", input="", env=TERMINAL)
    assert ended.exit_code == 2
    assert ended.stderr == (
        "reviewkit: no answer (input ended); nothing was restored. Add --yes to restore "
        "version 1 without asking.\n"
    )


def test_restore_of_a_version_that_is_not_there(case_file: Path) -> None:
    none_yet = invoke("history", case_file, "--restore", "1", "--yes")
    assert none_yet.exit_code == 2
    assert none_yet.stderr == (
        f"reviewkit: {case_file}: no versions are kept yet (in "
        f"{case_file.parent / '.reviewkit' / 'history'}).\n"
    )
    versions.snapshot(case_file, "author")
    versions.snapshot(case_file, "import")
    result = invoke("history", case_file, "--restore", "3", "--yes")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"reviewkit: {case_file}: there is no version 3; 2 versions are kept, numbered 1 "
        "(the newest) to 2.\n"
    )


def test_the_history_folder_does_not_bother_init_or_check(tmp_path: Path) -> None:
    folder = tmp_path / "review"
    (folder / ".reviewkit" / "history").mkdir(parents=True)
    assert invoke("init", folder).exit_code == 0
    versions.snapshot(folder / "case.yaml", "author")
    assert invoke("check", folder / "case.yaml").exit_code == 0
