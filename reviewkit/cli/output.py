"""Consoles and shared rendering helpers for the CLI (built per call, never at import).

Case files hold user text, and user text is never read as instructions to the terminal:
consoles read no rich markup (so "[WRI]" and "[name redacted]" print as typed), and control
characters (an escape sequence pasted into a summary, a bell) are shown as visible symbols
(ESC as "␛") instead of being sent to the terminal.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from reviewkit.wording import plural, shorten

if TYPE_CHECKING:
    from pathlib import Path

    from rich.console import Console

    from reviewkit.document import Notice
    from reviewkit.errors import Problem


# C0 controls but tab and newline, DEL and the C1 controls: what a terminal may act on.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match[0])
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode control pictures: ␛ for ESC, ␇ for BEL
    return "\u2421" if code == 0x7F else "\ufffd"


def visible(text: str) -> str:
    """Text with every control character replaced by a visible symbol (ESC -> '␛')."""
    return _CONTROL.sub(_picture, text)


def console(*, stderr: bool = False) -> Console:
    """A fresh rich Console, so colour settings in the environment are read per invocation.

    It reads no markup and shows control characters in what it prints visibly (see above).
    """
    from rich.console import Console
    from rich.segment import Segment

    class _SafeConsole(Console):
        def render(self, renderable: Any, options: Any = None) -> Iterable[Segment]:
            # Every printed thing ends up as segments: the one place nothing is missed.
            for segment in super().render(renderable, options):
                text, style, control = segment
                if control is None and _CONTROL.search(text):
                    yield Segment(visible(text), style)
                else:
                    yield segment

    return _SafeConsole(stderr=stderr, highlight=False, soft_wrap=False, markup=False)


def print_removed_leftovers(removed: list[Path]) -> None:
    """Say which temporary copies an interrupted save had left were removed (to stderr)."""
    import typer

    for path in removed:
        typer.echo(
            f"reviewkit: removed {visible(str(path))}, a temporary copy of the case file left "
            "by an interrupted save.",
            err=True,
        )


def print_problems(problems: list[Problem]) -> None:
    """Print located problems to stderr, one per line, plain text."""
    import typer

    for problem in problems:
        typer.echo(visible(str(problem)), err=True)


# Warnings are printed as "warning: <text>"; each fits in 80 columns.
WARNING_WIDTH = 80 - len("warning: ")


def notice_line(notice: Notice, width: int = WARNING_WIDTH) -> str:
    """A notice as one terminal line, what its place belongs to shortened to fit `width`.

    'episodes[2].known (KPE 3: The resp…): not yet written' names the owner of a case-file
    field; 'paragraph 5.3 in '5 Findings': removed U+0007' names a place in the output.
    """
    from reviewkit.document import REMOVED_CHARACTERS

    where = notice.where
    tail = f": {notice.message}" if where else notice.message
    before, after = (" in '", "'") if notice.code == REMOVED_CHARACTERS else (" (", ")")
    room = width - len(where) - len(tail) - len(before) - len(after)
    about = notice.about
    if not about or room < 8:
        return f"{where}{tail}"
    return f"{where}{before}{shorten(about, room)}{after}{tail}"


# Tests set this to drive a prompting command through CliRunner's input= (not a real tty).
INTERACTIVE_ENV = "REVIEWKIT_INTERACTIVE"


def has_terminal() -> bool:
    """Whether a person can answer prompts (stdin is a terminal, or tests say so)."""
    if os.environ.get(INTERACTIVE_ENV) == "1":
        return True
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


# More places than this with a real name replaced are summed up in one line.
MAX_RENAMED = 10


def print_renamed(notices: list[Notice], case: object) -> None:
    """Warn where a real name in the case file was printed as a report name (to stderr)."""
    import typer

    if not notices:
        return
    for notice in notices[:MAX_RENAMED]:
        typer.echo(f"warning: {notice_line(notice)}", err=True)
    if len(notices) > MAX_RENAMED:
        more = len(notices) - MAX_RENAMED
        typer.echo(f"warning: ... and {plural(more, 'more field')} with a real name", err=True)
    typer.echo(
        f"warning: run `reviewkit pseudonymise {case}` to put the report names into the "
        "case file itself",
        err=True,
    )


def parse_today(value: str | None) -> dt.date | None:
    """The --today option as a day (None: the real today); UsageError when it is not a day."""
    if value is None:
        return None
    from reviewkit.dates import parse_date
    from reviewkit.errors import DateError, UsageError

    try:
        day = parse_date(value)
    except DateError:
        day = None
    if day is None or not day.exact:
        raise UsageError(f"--today '{value}': give one day, for example --today 2025-06-30.")
    return day.earliest
