"""The command line: parse options, call the core, render results. No logic lives here.

`app` lives in `application.py`; each group of commands is a small module that registers
itself on it when imported here, so nothing in the CLI imports this package back.
"""

from __future__ import annotations

import gc

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
    try:
        app()
    finally:
        # The command is done. Whatever is still alive is left to the end of the process,
        # where Python makes one last collection of every object it tracks: frozen, they
        # are not walked (at 1,000 events that walk was a tenth of an import's time).
        # Everything is still freed, and every exit handler run, as before.
        gc.freeze()
