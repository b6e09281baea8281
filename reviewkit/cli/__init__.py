"""The command line: parse options, call the core, render results. No logic lives here.

`app` lives in `application.py`; each group of commands is a small module that registers
itself on it when imported here, so nothing in the CLI imports this package back.
"""

from __future__ import annotations

from reviewkit.cli.application import app

__all__ = ["app", "main"]

# Command modules register themselves on `app` when imported; order is the order in --help.
from reviewkit.cli import (  # noqa: E402, F401, I001
    case_commands,
    pseudonymise_commands,
    timeline_commands,
    build_commands,
    docx_commands,
    deadline_commands,
    author_commands,
    chronology_commands,
    anonymise_commands,
    history_commands,
    action_commands,
    quality_commands,
)


def main() -> None:
    """Entry point of the `reviewkit` console script."""
    app()
