"""The hostile corpus: every broken or hostile file, through every command that reads it.

tests/hostile/make.py writes the files, tests/hostile/commands.py says which commands read
each kind, and tests/hostile/corpus.py holds the table: for each file, the exit code and the
located message every reader must give. Every run must also end without a traceback, print
no raw terminal escape, and (in the slow run) finish within 10 seconds of CPU time and
500 MB of memory, in a child process capped at 1 GB.

The fast suite runs every file in-process through one of its readers (each reader in turn);
the slow suite runs the whole cross-product, each file in a child process.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import invoke, words
from hostile import make
from hostile.commands import Work, readers
from hostile.corpus import ROWS, Row

CPU_SECONDS = 10  # per command
MEMORY_CAP = 1 << 30  # address space of the child: a runaway allocation fails, not the machine
MAX_RSS_MB = 500
# Files that would hang or take long in-process should their guard regress: slow run only.
CHILD_ONLY = {
    "named_pipe",
    "device_zero",
    "templates_named_pipe",
    "refdoc_named_pipe",
    "rules_named_pipe",
    "xlsx_three_million_rows",
}

BY_MAKER = {row.maker: row for row in ROWS}


def test_the_corpus_is_every_file_make_writes_and_more_than_100() -> None:
    assert sorted(BY_MAKER) == sorted(make.MAKERS)
    assert len(ROWS) == len(BY_MAKER) >= 100


def check_outcome(row: Row, command: str, path: Path, code: int, stdout: str, stderr: str) -> None:
    """The run ended as the table says: exit code, located message, no traceback, no escape."""
    want_code, fragment = row.expected(command)
    said = f"{command} {path.name}: exit {code}\n{stderr}\n{stdout}"
    assert "Traceback" not in stderr, said
    assert code == want_code, said
    for part in fragment.format(path=path).split("\n"):
        # rich wraps long lines (a path among them) to the terminal's width
        assert words(part) in words(stdout + stderr), said
    assert "\x1b" not in stdout + stderr, said  # control characters are shown, never sent
    if want_code == 2:
        assert stderr.startswith((f"reviewkit: {path}", f"{path}", "reviewkit: --templates")), said


# --- fast: in-process, every file through one of the commands that read it, in turn ----------


def _fast_cases() -> list[object]:
    # Every file, through one reader each; all but one in four are left to the slow run,
    # which sends every file through every reader anyway, so the fast suite stays fast.
    cases: list[object] = []
    for n, row in enumerate(ROWS):
        if row.maker not in CHILD_ONLY:
            commands = list(readers(row.maker))
            marks = () if n % 4 == 0 else (pytest.mark.slow,)
            cases.append(pytest.param(row.maker, commands[n % len(commands)], marks=marks))
    return cases


@pytest.mark.parametrize(("maker", "command"), _fast_cases())
def test_hostile_file_is_refused_clearly(tmp_path: Path, maker: str, command: str) -> None:
    work = Work.make(tmp_path / "work")
    path = make.MAKERS[maker](tmp_path)
    result = invoke(*readers(maker)[command](path, work))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a traceback: show it whole
    check_outcome(BY_MAKER[maker], command, path, result.exit_code, result.stdout, result.stderr)


# --- slow: the whole cross-product, each file in a capped child process ----------------------

# The child runs each command in turn through CliRunner and reports, per command, the exit code,
# output and CPU seconds it took; the parent measures the child's peak memory.
_CHILD = """
import json, resource, sys
sys.path.insert(0, sys.argv[1])
from conftest import invoke, words
runs = []
for args in json.loads(sys.argv[2]):
    before = resource.getrusage(resource.RUSAGE_SELF)
    result = invoke(*args)
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    error = result.exception
    crashed = error is not None and not isinstance(error, SystemExit)
    runs.append({"code": result.exit_code, "stdout": result.stdout, "stderr": result.stderr,
                 "cpu": cpu, "crash": repr(error) if crashed else ""})
print(json.dumps(runs))
"""


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


class _Child(subprocess.Popen[str]):
    """A Popen that keeps the resource usage the kernel reports when the child is reaped."""

    usage: resource.struct_rusage | None = None

    def _try_wait(self, wait_flags: int) -> tuple[int, int]:
        pid, status, usage = os.wait4(self.pid, wait_flags)
        if pid == self.pid:
            self.usage = usage
        return pid, status


@pytest.mark.slow
@pytest.mark.parametrize("maker", list(BY_MAKER))
def test_every_reader_within_time_and_memory(tmp_path: Path, maker: str) -> None:
    work = Work.make(tmp_path / "work")
    path = make.MAKERS[maker](tmp_path)
    commands = readers(maker)
    args = [[str(a) for a in build(path, work)] for build in commands.values()]
    child = _Child(
        [sys.executable, "-c", _CHILD, str(Path(__file__).parent), json.dumps(args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        preexec_fn=_cap_memory,
    )
    try:
        # A wall-clock limit only to catch a hang: the machine is shared, so the time each
        # command costs is measured as CPU time in the child.
        out, err = child.communicate(timeout=30 + 2 * CPU_SECONDS * len(args))
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        pytest.fail(f"{maker}: hung (no answer from {', '.join(commands)})")
    assert child.returncode == 0, err
    assert child.usage is not None
    peak_mb = child.usage.ru_maxrss / 1024  # kilobytes on Linux
    assert peak_mb < MAX_RSS_MB, f"{maker}: {peak_mb:.0f} MB"
    for command, run in zip(commands, json.loads(out), strict=True):
        assert not run["crash"], f"{command} {path.name}: {run['crash']}\n{run['stderr']}"
        assert run["cpu"] < CPU_SECONDS, f"{command} {path.name}: {run['cpu']:.1f} s"
        check_outcome(BY_MAKER[maker], command, path, run["code"], run["stdout"], run["stderr"])
