"""Consoles and shared rendering helpers for the CLI (built per call, never at import)."""

from __future__ import annotations

import datetime as dt
import os
import sys
from typing import TYPE_CHECKING

from reviewkit.wording import shorten

if TYPE_CHECKING:
    from rich.console import Console

    from reviewkit.document import Notice
    from reviewkit.errors import Problem


def console(*, stderr: bool = False) -> Console:
    """A fresh rich Console, so colour settings in the environment are read per invocation."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def print_problems(problems: list[Problem]) -> None:
    """Print located problems to stderr, one per line, plain text."""
    import typer

    for problem in problems:
        typer.echo(str(problem), err=True)


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
