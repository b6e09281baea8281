"""Saving into a case file keeps what the file is: permissions, link, BOM, line endings."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from reviewkit import atomic
from reviewkit.casefile import load_case

from conftest import FIXTURES, CopyCase, invoke

ANSWERS = "kpe-visit:\n  learning: Learnt.\n"
SAVED = "    learning: Learnt.\n"


@pytest.fixture
def case_file(copy_case: CopyCase) -> Path:
    return copy_case("author-case.yaml")


def author(case: Path, tmp_path: Path) -> object:
    answers = tmp_path / "answers.yaml"
    answers.write_text(ANSWERS, encoding="utf-8")
    return invoke("author", case, "--answers", answers)


def test_a_read_only_case_file_is_refused_and_left_alone(case_file: Path, tmp_path: Path) -> None:
    before = case_file.read_bytes()
    case_file.chmod(0o444)
    result = author(case_file, tmp_path)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"reviewkit: {case_file} is read-only, so reviewkit did not change it; make it "
        f"writable (for example: chmod u+w {case_file}) and run the command again.\n"
    )
    assert case_file.read_bytes() == before
    assert stat.S_IMODE(case_file.stat().st_mode) == 0o444
    assert not case_file.with_name("case.yaml.bak").exists()


def test_a_save_keeps_the_files_permissions(case_file: Path, tmp_path: Path) -> None:
    case_file.chmod(0o640)
    assert author(case_file, tmp_path).exit_code == 0
    assert stat.S_IMODE(case_file.stat().st_mode) == 0o640


def test_a_symlinked_case_file_is_written_through(copy_case: CopyCase, tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    target = copy_case("author-case.yaml", "shared/case.yaml")
    link = tmp_path / "case.yaml"
    link.symlink_to(target)
    result = author(link, tmp_path)
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink()
    assert link.resolve() == target.resolve()
    assert SAVED in target.read_text(encoding="utf-8")
    assert load_case(link).case.episodes[1].learning == "Learnt."
    # the temporary file was made (and renamed) beside the target, not beside the link
    assert sorted(p.name for p in shared.iterdir()) == ["case.yaml"]


def test_bom_and_windows_line_endings_are_kept(tmp_path: Path) -> None:
    case_file = tmp_path / "case.yaml"
    text = (FIXTURES / "author-case.yaml").read_text(encoding="utf-8")
    case_file.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    result = author(case_file, tmp_path)
    assert result.exit_code == 0, result.stderr
    raw = case_file.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and not raw.startswith(b"\xef\xbb\xbf" * 2)
    assert raw.count(b"\n") == raw.count(b"\r\n")
    assert SAVED.replace("\n", "\r\n").encode() in raw
    backup = case_file.with_name("case.yaml.bak").read_bytes()
    assert backup == b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")


def test_a_killed_saves_leftover_is_removed_on_the_next_save(
    case_file: Path, tmp_path: Path
) -> None:
    old_style = tmp_path / ".case.yaml.k3x_9q2a.tmp"  # as earlier versions named them
    dead = tmp_path / f".case.yaml.{_dead_pid()}.ab12cd34{atomic.TEMP_SUFFIX}"
    for leftover in (old_style, dead):
        leftover.write_text("a full copy of the case, real names included", encoding="utf-8")
    mine = tmp_path / ".case.yaml.notes.txt"  # not one of reviewkit's: left alone
    mine.write_text("mine", encoding="utf-8")
    result = author(case_file, tmp_path)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        f"reviewkit: removed {path}, a temporary copy of the case file left by an interrupted save."
        for path in sorted([old_style, dead])
    ]
    assert not old_style.exists() and not dead.exists()
    assert mine.exists()


def test_a_running_saves_temporary_file_is_not_touched(case_file: Path) -> None:
    live = case_file.parent / f".case.yaml.{os.getppid()}.ab12cd34{atomic.TEMP_SUFFIX}"
    live.write_text("another process is writing this", encoding="utf-8")
    assert atomic.remove_leftovers(case_file) == []
    assert live.exists()


def _dead_pid() -> int:
    """A process id no running process has."""
    pid = 4_000_000
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return pid
        except PermissionError:
            pass
        pid += 1
