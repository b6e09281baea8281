"""Open a case for authoring at a terminal and stop at its first prompt (bench/run.py's `open`).

    .venv/bin/python bench/first_screen.py CASE

Runs `reviewkit author CASE` in an 80x30 pseudo-terminal and ends it as soon as the first
screen asks for a key (the evidence pager's or the first question's `›`): what an author
waits for before the session can be used. Writes nothing to the case file. Exits non-zero
if no prompt comes within a minute, with what the screen showed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pexpect

REVIEWKIT = Path(sys.executable).with_name("reviewkit")


def main() -> None:
    """Run the session up to its first prompt."""
    case = sys.argv[1]
    env = {**os.environ, "TERM": "xterm", "EDITOR": "", "VISUAL": ""}
    child = pexpect.spawn(
        str(REVIEWKIT),
        ["author", case],
        dimensions=(30, 80),
        env=env,
        encoding="utf-8",
        timeout=60,
    )
    try:
        child.expect("›")
    except (pexpect.TIMEOUT, pexpect.EOF):
        raise SystemExit(f"no prompt from reviewkit author:\n{child.before}") from None
    finally:
        child.terminate(force=True)


if __name__ == "__main__":
    main()
