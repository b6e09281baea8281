"""Safe writes for every output: the checks before writing, and the editor's private buffer."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from reviewkit.atomic import check_output, private_scratch, write_output
from reviewkit.errors import OutputExistsError, UsageError


def test_check_output_refuses_a_folder_the_case_itself_and_an_existing_file(
    tmp_path: Path,
) -> None:
    case = tmp_path / "case.yaml"
    case.write_text("review: {}\n", encoding="utf-8")
    with pytest.raises(UsageError, match="is a folder; give a file name for -o"):
        check_output(tmp_path, force=True)
    with pytest.raises(UsageError, match="is the case file itself; choose another output"):
        check_output(tmp_path / "." / "case.yaml", force=True, case=case)
    with pytest.raises(OutputExistsError):
        check_output(case, force=False)
    check_output(case, force=True)  # another file, forced: fine
    check_output(tmp_path / "new.md", force=False)


def test_write_output_writes_only_after_the_checks(tmp_path: Path) -> None:
    out = tmp_path / "timeline.md"
    assert write_output(out, "one\n", force=False) == out
    with pytest.raises(OutputExistsError):
        write_output(out, "two\n", force=False)
    assert out.read_text(encoding="utf-8") == "one\n"
    write_output(out, "two\n", force=True)
    assert out.read_text(encoding="utf-8") == "two\n"


def test_private_scratch_is_owner_only_and_removed_after_use(tmp_path: Path) -> None:
    path = tmp_path / ".case.yaml.answer-1.md"
    with private_scratch(path, "draft\n") as buffer:
        assert buffer == path
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert path.read_text(encoding="utf-8") == "draft\n"
    assert not path.exists()


def test_private_scratch_is_kept_when_something_fails(tmp_path: Path) -> None:
    # What the author wrote in the editor is not lost to a crash.
    path = tmp_path / ".case.yaml.answer-1.md"
    with pytest.raises(RuntimeError), private_scratch(path, "draft\n"):
        raise RuntimeError("boom")
    assert path.read_text(encoding="utf-8") == "draft\n"
