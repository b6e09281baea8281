"""`reviewkit author` in a real terminal (pexpect and tmux): kills, Ctrl-C, conflicts, screens.

The central promise: a confirmed answer is never lost and the case file is never left
corrupt, whenever the process dies. Each test kills a real session at a different point
with SIGKILL (no chance to clean up) and then loads the case file.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewkit.casefile import load_case

from conftest import CopyCase

pexpect = pytest.importorskip("pexpect")

pytestmark = pytest.mark.slow

REVIEWKIT = Path(sys.executable).parent / "reviewkit"
PROMPT = "› "
MORE = "… "


@pytest.fixture
def case_file(copy_case: CopyCase) -> Path:
    return copy_case("author-case.yaml")


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("VISUAL", "EDITOR", "COLUMNS")}
    env.update(TERM="xterm-256color", NO_COLOR="1", **extra)
    env.pop("REVIEWKIT_INTERACTIVE", None)  # a real terminal needs no switch
    return env


class Session:
    """A `reviewkit author` process on a pseudo-terminal, 80 columns wide."""

    def __init__(self, case: Path, *args: str, env: dict[str, str] | None = None) -> None:
        self.child = pexpect.spawn(
            str(REVIEWKIT),
            ["author", str(case), *args],
            env=env or clean_env(),
            dimensions=(40, 80),
            encoding="utf-8",
            timeout=30,
        )

    def prompt(self) -> None:
        self.child.expect_exact(PROMPT)

    def answer(self, *lines: str) -> None:
        """Type an answer and wait until it is saved and the next question is asked."""
        self.child.sendline(lines[0])
        for line in lines[1:]:
            self.child.expect_exact(MORE)
            self.child.sendline(line)
        self.child.expect_exact(MORE)
        self.child.sendline(".")
        self.child.expect_exact("✓ Saved in case.yaml.")
        self.prompt()

    def command(self, text: str) -> None:
        self.child.sendline(text)
        self.prompt()

    def kill(self) -> None:
        # The process group: the session and any editor it started.
        os.killpg(self.child.pid, signal.SIGKILL)
        self.child.wait()
        assert self.child.signalstatus == signal.SIGKILL


def known_fields(case: Path) -> dict[str, str | None]:
    episode = load_case(case).case.episodes[0]
    return {
        "known": episode.known,
        "helped_hindered": episode.helped_hindered,
        "good_practice": episode.good_practice,
        "learning": episode.learning,
    }


def test_killed_at_the_first_prompt_leaves_the_file_untouched(case_file: Path) -> None:
    before = case_file.read_bytes()
    session = Session(case_file)
    session.prompt()
    session.kill()
    assert case_file.read_bytes() == before


def test_killed_while_typing_keeps_every_confirmed_answer(case_file: Path) -> None:
    session = Session(case_file)
    session.prompt()
    session.answer("Known one.", "", "Known two.")
    session.answer("Hindered.")
    session.child.sendline("Half of an answer that was never confirmed")
    session.child.expect_exact(MORE)
    session.kill()
    assert known_fields(case_file) == {
        "known": "Known one.\n\nKnown two.",
        "helped_hindered": "Hindered.",
        "good_practice": None,
        "learning": None,
    }


def test_killed_at_a_prompt_after_skip_and_back(case_file: Path) -> None:
    session = Session(case_file)
    session.prompt()
    session.answer("Known.")
    session.command(":s")
    session.command(":b")
    session.answer("Hindered after going back.")
    session.answer("Good practice.")
    session.kill()
    assert known_fields(case_file) == {
        "known": "Known.",
        "helped_hindered": "Hindered after going back.",
        "good_practice": "Good practice.",
        "learning": None,
    }


@pytest.mark.parametrize("round_", range(5))
def test_killed_in_the_middle_of_a_save(case_file: Path, round_: int) -> None:
    """Killed right after confirming: the answer is in or out, the file always loads."""
    session = Session(case_file)
    session.prompt()
    session.answer("Saved before.")
    session.child.sendline("Maybe saved.")
    session.child.expect_exact(MORE)
    session.child.sendline(".")
    session.kill()
    fields = known_fields(case_file)
    assert fields["known"] == "Saved before."
    assert fields["helped_hindered"] in (None, "Maybe saved.")
    backup = case_file.with_name("case.yaml.bak")
    assert load_case(backup).case.episodes[0].known in (None, "Saved before.")


def test_killed_while_the_editor_is_open(case_file: Path, tmp_path: Path) -> None:
    editor = tmp_path / "slow_editor.py"
    editor.write_text(
        "import pathlib, sys, time\n"
        "path = pathlib.Path(sys.argv[1])\n"
        "path.write_text('Written in the editor but never saved.\\n', encoding='utf-8')\n"
        "print('EDITOR-OPEN', flush=True)\n"
        "time.sleep(60)\n",
        encoding="utf-8",
    )
    session = Session(case_file, env=clean_env(VISUAL=f"{sys.executable} {editor}"))
    session.prompt()
    session.answer("Known.")
    session.child.sendline(":e")
    session.child.expect_exact("EDITOR-OPEN")
    session.kill()
    assert known_fields(case_file)["known"] == "Known."
    assert known_fields(case_file)["helped_hindered"] is None
    # The text from the editor is not lost: the buffer stays, and the next session says so.
    buffers = list(tmp_path.glob(".case.yaml.answer-*/answer.md"))
    assert len(buffers) == 1
    assert buffers[0].read_text(encoding="utf-8").startswith("Written in the editor")
    again = Session(case_file)
    again.child.expect_exact("An answer written in the editor in an earlier session")
    again.prompt()
    again.kill()


def test_an_appending_editor_loses_nothing(case_file: Path) -> None:
    # Like `cat >> FILE`: the words land at the end of the file, below reviewkit's notes.
    editor = 'sh -c \'printf "Appended in the editor.\\n" >> "$1"\' editor'
    session = Session(case_file, env=clean_env(VISUAL=editor))
    session.prompt()
    session.child.sendline(":e")
    session.child.expect_exact("✓ Saved in case.yaml.")
    session.prompt()
    session.child.sendline(":q")
    session.child.expect(pexpect.EOF)
    assert known_fields(case_file)["known"] == "Appended in the editor."
    assert not list(case_file.parent.glob(".case.yaml.answer-*"))


def test_a_failing_editor_loses_nothing(case_file: Path, tmp_path: Path) -> None:
    # The editor writes, then fails (like vim's :cq); the second time it succeeds untouched.
    editor = tmp_path / "failing_editor.py"
    editor.write_text(
        "import pathlib, sys\n"
        "path = pathlib.Path(sys.argv[1])\n"
        "marker = path.parent.parent / 'failed-once'\n"
        "if not marker.exists():\n"
        "    marker.touch()\n"
        "    with path.open('a', encoding='utf-8') as f:\n"
        "        f.write('Typed in the editor before it failed.\\n')\n"
        "    sys.exit(1)\n",
        encoding="utf-8",
    )
    session = Session(case_file, env=clean_env(VISUAL=f"{sys.executable} {editor}"))
    session.prompt()
    session.child.sendline(":e")
    session.child.expect_exact("The editor stopped with an error (exit status 1)")
    session.child.expect_exact(":e opens it again.")
    session.prompt()
    (kept,) = case_file.parent.glob(".case.yaml.answer-*/answer.md")
    assert "Typed in the editor before it failed." in kept.read_text(encoding="utf-8")
    assert known_fields(case_file)["known"] is None
    session.child.sendline(":e")
    session.child.expect_exact("✓ Saved in case.yaml.")
    session.prompt()
    session.child.sendline(":q")
    session.child.expect(pexpect.EOF)
    assert known_fields(case_file)["known"] == "Typed in the editor before it failed."
    assert not kept.exists()


def test_a_failing_editor_then_quit_keeps_the_file_and_says_where(case_file: Path) -> None:
    editor = 'sh -c \'printf "Never lost.\\n" >> "$1"; exit 3\' editor'
    session = Session(case_file, env=clean_env(VISUAL=editor))
    session.prompt()
    session.child.sendline(":e")
    session.child.expect_exact("The editor stopped with an error (exit status 3)")
    session.prompt()
    session.child.sendline(":q")
    session.child.expect_exact("Not saved: an answer written in the editor is kept in")
    session.child.expect(pexpect.EOF)
    (kept,) = case_file.parent.glob(".case.yaml.answer-*/answer.md")
    assert kept.read_text(encoding="utf-8").endswith("\nNever lost.\n")


def test_ctrl_c_saves_nothing_half_typed_and_exits_130(case_file: Path) -> None:
    session = Session(case_file)
    session.prompt()
    session.answer("Known.")
    session.child.sendline("Half typed")
    session.child.expect_exact(MORE)
    session.child.sendintr()
    session.child.expect_exact("Interrupted: the answer being typed was not saved.")
    session.child.expect_exact("Resume with: reviewkit author")
    session.child.expect(pexpect.EOF)
    session.child.wait()
    assert session.child.exitstatus == 130
    assert known_fields(case_file)["known"] == "Known."
    assert known_fields(case_file)["helped_hindered"] is None


def test_an_edit_elsewhere_is_noticed_and_reloaded(case_file: Path) -> None:
    session = Session(case_file)
    session.prompt()
    session.answer("Known.")
    text = case_file.read_text(encoding="utf-8").replace('Child T"', 'Child T (edited)"', 1)
    case_file.write_text(text, encoding="utf-8")
    session.child.sendline("Hindered.")
    session.child.expect_exact(MORE)
    session.child.sendline(".")
    session.child.expect_exact("changed on disk since reviewkit last read or wrote it")
    session.child.expect_exact("r/q › ")
    session.child.sendline("r")
    session.child.expect_exact("✓ Saved in case.yaml.")
    session.prompt()
    session.child.sendline(":q")
    session.child.expect(pexpect.EOF)
    after = case_file.read_text(encoding="utf-8")
    assert "Child T (edited)" in after
    assert known_fields(case_file)["helped_hindered"] == "Hindered."


# --- screens ---------------------------------------------------------------------------------


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[str]:
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    name = f"reviewkit-{uuid.uuid4().hex[:8]}"
    socket = str(tmp_path / "tmux.sock")
    yield f"{name}:{socket}"
    subprocess.run(["tmux", "-S", socket, "kill-server"], capture_output=True, check=False)


def new_session(spec: str, height: int, command: str) -> None:
    """Run `command` in a new 80-column window; the window stays when the command ends, so
    what it printed last can still be read (a command ending between two looks at the
    screen left nothing to read)."""
    name = spec.split(":", 1)[0]
    tmux_run(spec, "new-session", "-d", "-s", name, "-x", "80", "-y", str(height), command)
    tmux_run(spec, "set-option", "-t", name, "remain-on-exit", "on")


def tmux_run(spec: str, *args: str) -> str:
    name, socket = spec.split(":", 1)
    result = subprocess.run(["tmux", "-S", socket, *args], capture_output=True, text=True)
    return result.stdout


def wait_for(spec: str, text: str) -> str:
    name = spec.split(":", 1)[0]
    for _ in range(300):
        screen = tmux_run(spec, "capture-pane", "-p", "-J", "-t", name)
        if text in screen:
            return screen
        subprocess.run(["sleep", "0.1"], check=True)
    raise AssertionError(f"{text!r} never appeared; screen:\n{screen}")


def test_screens_fit_80_columns(case_file: Path, tmux: str, tmp_path: Path) -> None:
    name = tmux.split(":", 1)[0]
    env = " ".join(f"{k}={v}" for k, v in {"TERM": "xterm-256color", "NO_COLOR": "1"}.items())
    command = f"cd {tmp_path} && env -u VISUAL -u EDITOR {env} {REVIEWKIT} author case.yaml"
    new_session(tmux, 45, command)
    screen = wait_for(tmux, PROMPT.strip())
    tmux_run(tmux, "send-keys", "-t", name, "Known: the bruise.", "Enter", ".", "Enter")
    screen = wait_for(tmux, "What helped or hindered practice?")
    (tmp_path / "screen.txt").write_text(screen, encoding="utf-8")
    lines = screen.rstrip("\n").splitlines()
    # -J joins lines the terminal had to wrap: any line over 80 would be a broken layout.
    assert max(len(line) for line in lines) <= 80
    assert "✓ Saved in case.yaml." in screen
    assert "KPE 1 · Question 3 of 5 · 2 of 19 answered" in screen
    assert ":e editor  :s skip  :b back  :j ID jump  :l empty  :v evidence  :q quit" in screen
    tmux_run(tmux, "send-keys", "-t", name, ":q", "Enter")
    wait_for(tmux, "Resume with:")
    assert load_case(case_file).case.episodes[0].known == "Known: the bruise."


def test_every_event_and_quote_is_reachable_at_80x30(
    copy_case: CopyCase, tmux: str, tmp_path: Path
) -> None:
    """A long episode's evidence is paged: each screen fits, Enter shows the next."""
    import re

    copy_case("evidence-case.yaml")
    name = tmux.split(":", 1)[0]
    env = " ".join(f"{k}={v}" for k, v in {"TERM": "xterm-256color", "NO_COLOR": "1"}.items())
    unset = "-u VISUAL -u EDITOR -u LINES -u COLUMNS"  # the terminal's own size, not the tests'
    # tmux may start the pane at its default 24 rows and size it afterwards: wait for that.
    command = f"sleep 1; cd {tmp_path} && env {unset} {env} {REVIEWKIT} author case.yaml"
    new_session(tmux, 30, command)
    pager = re.compile(r"Evidence (\d+) of (\d+) lines · Enter: more · a: all · q: the question ›")
    screens = [wait_for(tmux, "q: the question ›")]
    while "Question 1 of 5" not in screens[-1]:
        assert pager.search(screens[-1]), screens[-1]
        tmux_run(tmux, "send-keys", "-t", name, "Enter")
        screens.append(next_screen(tmux, screens[-1]))
    (tmp_path / "screens.txt").write_text("\n\f\n".join(screens), encoding="utf-8")
    # The evidence is longer than the screen: the first page fills it, less the prompt's line.
    assert len(screens) >= 2 and "Evidence 29 of " in screens[0]
    for screen in screens:
        lines = screen.rstrip("\n").splitlines()
        assert len(lines) <= 30 and max(len(line) for line in lines) <= 80
    seen = " ".join(" ".join(screens).split())
    for n in range(1, 21):
        assert f"Health visit number {n:02d} to Cleo." in seen, n
    assert "Cleo's age" in screens[0]
    assert "” — Ben, 10 May 2023" in seen
    assert "“I looked after Cleo when Mum was asleep.” — Ben" in seen
    tmux_run(tmux, "send-keys", "-t", name, ":q", "Enter")
    wait_for(tmux, "Resume with:")


def test_the_evidence_pager_stops_and_shows_all(
    copy_case: CopyCase, tmux: str, tmp_path: Path
) -> None:
    """q goes to the question and says what was not shown; :v and then a show all of it."""
    copy_case("evidence-case.yaml")
    name = tmux.split(":", 1)[0]
    unset = "-u VISUAL -u EDITOR -u LINES -u COLUMNS"
    command = f"sleep 1; cd {tmp_path} && env {unset} NO_COLOR=1 {REVIEWKIT} author case.yaml"
    new_session(tmux, 30, command)
    first = wait_for(tmux, "q: the question ›")
    tmux_run(tmux, "send-keys", "-t", name, "q", "Enter")
    screen = next_screen(tmux, first)
    assert "(5 more lines of evidence not shown; :v shows it again.)" in screen
    assert "Question 1 of 5" in screen
    tmux_run(tmux, "send-keys", "-t", name, ":v", "Enter")
    again = next_screen(tmux, screen)
    assert "Evidence 29 of 34 lines" in again
    tmux_run(tmux, "send-keys", "-t", name, "a", "Enter")
    rest = next_screen(tmux, again)
    assert "Health visit number 12 to Cleo." in rest and "— A child, 11 May 2023" in rest
    tmux_run(tmux, "send-keys", "-t", name, ":q", "Enter")
    wait_for(tmux, "Resume with:")


def next_screen(spec: str, before: str) -> str:
    """The screen once it has changed from `before` and waits for a key again."""
    name = spec.split(":", 1)[0]
    for _ in range(300):
        screen = tmux_run(spec, "capture-pane", "-p", "-J", "-t", name)
        if screen != before and screen.rstrip().endswith("›"):
            return screen
        subprocess.run(["sleep", "0.1"], check=True)
    raise AssertionError(f"the screen never changed; it shows:\n{screen}")
