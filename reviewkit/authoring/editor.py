"""Writing an answer in the author's own editor, without ever losing what they wrote.

The answer is written to a private file: a fresh folder with an unpredictable name (made by
`tempfile.mkdtemp`, readable by its owner only), holding one file created exclusively with
owner-only permissions and never through a symlink. The question and its help go at the top
as lines starting with '# '; those lines (and only those) are left out when the file is read
back, so every other word the editor returns counts, wherever it is in the file. The file is
read back whatever its encoding (UTF-8, a UTF-8 or UTF-16 byte-order mark, else Windows-1252
or Latin-1 with a warning). When the editor fails, cannot be started, or its file is gone,
the author's text is never thrown away: a file holding text that was not taken back is kept,
and its path is said.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import shlex
import signal
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from reviewkit.authoring.targets import normalise
from reviewkit.errors import UsageError

BUFFER_NAME = "answer.md"  # Markdown: most editors then wrap prose and check spelling
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: its BOM starts the same way
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def editor_argv(command: str) -> list[str]:
    """The editor command ($VISUAL or $EDITOR) split into words, ready to run."""
    if not command.strip():
        raise UsageError("No editor is set: set $VISUAL or $EDITOR, or type the answer here.")
    try:
        words = shlex.split(command)
    except ValueError as err:
        raise UsageError(
            f"Cannot read the editor command {command!r} ({str(err).lower()}: is a quote "
            "left open?); check $VISUAL or $EDITOR, or type the answer here."
        ) from None
    if not words:
        raise UsageError("No editor is set: set $VISUAL or $EDITOR, or type the answer here.")
    return words


def notes(heading: str, prompt: str, help: str) -> list[str]:
    """The lines at the top of the file that say what to write; they are left out on reading."""
    lines = [f"# {heading}", f"# {prompt}"]
    lines += [f"# {line.rstrip()}" for line in help.splitlines() if line.strip()]
    lines += [
        "# Write your answer below these lines, save and close the editor. Lines like these,",
        "# written by reviewkit and starting with '# ', are left out; everything else counts.",
    ]
    return lines


def buffer_text(note_lines: list[str], current: str) -> str:
    """What the editor opens: the notes, a blank line, then the current text."""
    body = f"{current.strip()}\n" if current.strip() else ""
    return "\n".join(note_lines) + "\n\n" + body


def answer_from(text: str, note_lines: list[str]) -> str:
    """The answer in what the editor returned: every line but reviewkit's notes, normalised."""
    ours = {line.rstrip() for line in note_lines}
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    kept = [line for line in text.split("\n") if line.rstrip() not in ours]
    return normalise("\n".join(kept))


def create_buffer(text: str, *, near: Path | None = None, prefix: str = "reviewkit-") -> Path:
    """A new private file holding `text`, in a fresh folder (next to `near` if possible).

    Next to the case file, a buffer left by a killed session is found by the next one; where
    that folder cannot be written, the system's temporary folder is used instead.
    """
    folder: str | None = None
    if near is not None:
        with contextlib.suppress(OSError):
            folder = tempfile.mkdtemp(prefix=prefix, dir=near)
    if folder is None:
        folder = tempfile.mkdtemp(prefix=prefix)
    path = Path(folder) / BUFFER_NAME
    write_private(path, text)
    return path


def write_private(path: Path, text: str) -> None:
    """Create `path` holding `text`, readable by its owner only; never reuse or follow a link."""
    # O_EXCL: fail rather than write into a file someone else made; O_NOFOLLOW: nor a symlink.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


def read_buffer(path: Path) -> tuple[str, str]:
    """The text of the file the editor saved, and a warning when its encoding was guessed."""
    data = path.read_bytes()
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            with contextlib.suppress(UnicodeDecodeError):
                return data.decode(encoding), ""
    try:
        return data.decode("utf-8"), ""
    except UnicodeDecodeError:
        pass
    for encoding, name in (("cp1252", "Windows-1252"), ("latin-1", "Latin-1")):
        with contextlib.suppress(UnicodeDecodeError):
            return data.decode(encoding), (
                f"The editor saved the answer in another encoding than UTF-8; it was read as "
                f"{name}. Check letters with accents and curly quotes in the saved text."
            )
    raise AssertionError("Latin-1 decodes any bytes")  # pragma: no cover


def discard_buffer(path: Path) -> None:
    """Delete a buffer whose text is saved (or holds nothing new), and its folder if empty."""
    path.unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        path.parent.rmdir()  # kept when the editor left other files in it (a backup, say)


@dataclass(frozen=True)
class Edited:
    """What came back from one run of the editor."""

    text: str | None  # the answer to save; None when there is nothing to save
    kept: Path | None  # the file, still on disk: it holds text not yet in the case file
    message: str = ""  # what to tell the author ("" when all went well)


def edit(argv: list[str], buffer: Path, note_lines: list[str], *, original: str) -> Edited:
    """Run the editor on `buffer` and take back every word it returns.

    `original` is the text the buffer was filled with from the case file: a buffer holding
    only that (or nothing) has nothing to keep. A successful answer comes back with the buffer
    still on disk (`kept`): delete it with `discard_buffer` once the answer is saved.
    """
    original = normalise(original)
    before = answer_from(read_buffer(buffer)[0], note_lines)
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C belongs to the editor
    try:
        result = subprocess.run([*argv, str(buffer)], check=False)
    except OSError as err:
        reason = err.strerror or str(err)
        message = (
            f"Cannot start the editor {shlex.join(argv)!r} ({reason}); check $VISUAL or "
            "$EDITOR, or type the answer here."
        )
        return _failed(buffer, before, original, message)
    finally:
        signal.signal(signal.SIGINT, previous)
    if not buffer.exists():
        message = f"The editor's file {buffer} is gone (deleted or moved?); nothing was saved."
        if before in ("", original):
            with contextlib.suppress(OSError):
                buffer.parent.rmdir()
            return Edited(None, None, message)
        # The file held the author's words from an earlier run: write them out again.
        again = buffer
        try:
            write_private(buffer, buffer_text(note_lines, before))
        except OSError:
            again = create_buffer(buffer_text(note_lines, before))
        return Edited(None, again, f"{message} What it held before is kept in {again}.")
    text, warning = read_buffer(buffer)
    answer = answer_from(text, note_lines)
    if result.returncode != 0:
        message = (
            f"The editor stopped with an error (exit status {result.returncode}), so its "
            "text was not saved."
        )
        return _failed(buffer, answer, original, message)
    if not answer:
        discard_buffer(buffer)
        return Edited(None, None, "The editor gave back no text; nothing was saved.")
    return Edited(answer, buffer, warning)


def _failed(buffer: Path, answer: str, original: str, message: str) -> Edited:
    """An editor that failed: keep its file if it holds words that are not in the case file."""
    if answer in ("", original):
        discard_buffer(buffer)
        return Edited(None, None, message)
    return Edited(None, buffer, f"{message} Everything in it is kept in {buffer}.")


__all__ = [
    "BUFFER_NAME",
    "Edited",
    "answer_from",
    "buffer_text",
    "create_buffer",
    "discard_buffer",
    "edit",
    "editor_argv",
    "notes",
    "read_buffer",
    "write_private",
]
