"""Consoles and shared rendering helpers for the CLI (built per call, never at import)."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

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


_PLURALS = {"agency": "agencies", "person": "people"}


def plural(count: int, word: str) -> str:
    """'1 event', '2 events', '3 agencies'."""
    return f"{count} {word if count == 1 else _PLURALS.get(word, word + 's')}"


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
