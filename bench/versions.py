"""Time reviewkit commands in two checkouts by turns: the version before a change and after.

    git worktree add ../before HEAD --detach     # the version to compare with
    .venv/bin/python bench/versions.py ../before . --rows import --sizes 5000 --repeat 40

Each pair runs a command from each checkout, one after the other, the first and the second
in turn (each checkout first in Python's path, this environment's packages for the rest),
each on a fresh copy of the case, and takes the ratio second / first: the median of the
ratios is printed with their range, and each checkout's median seconds. On a shared machine
the two runs of a pair see about the same load, so a change of a few per cent shows after
some tens of pairs where best times of each would not show it at all.

The rows are run.py's: `import` (an N-row return into the N-event case), `author` (open a
case and save one answer), `check`. Cases come from make_cases.py.
"""

from __future__ import annotations

import argparse
import compileall
import shutil
import statistics
import sys
from collections.abc import Callable
from pathlib import Path

from run import CASES, ONE_ANSWER, OUT, measure


def command(tree: Path, *args: str) -> list[str]:
    """`reviewkit ARGS` run from the checkout at `tree`.

    Its folder takes the place Python gives the current directory (first in the path), so
    the checkout is imported whatever the directory this runs from holds.
    """
    main = f"import sys; sys.path[0] = {str(tree)!r}; from reviewkit.cli import main; main()"
    return [sys.executable, "-c", main, *args]


def fresh(case: Path, work: Path) -> Callable[[], None]:
    """A step that puts a fresh copy of `case` at `work` (each run changes its own)."""

    def step() -> None:
        shutil.copyfile(case, work)
        shutil.rmtree(work.parent / ".reviewkit", ignore_errors=True)

    return step


def main() -> None:
    """Print each row's ratio, second checkout over first."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("first", type=Path, help="the checkout to compare with (before)")
    parser.add_argument("second", type=Path, help="the checkout compared (after)")
    parser.add_argument("--repeat", type=int, default=20, help="pairs run per row")
    parser.add_argument("--sizes", default="5000", help="e.g. 1000,5000")
    parser.add_argument("--rows", default="import", help="import, author, check")
    args = parser.parse_args()
    first, second = args.first.resolve(), args.second.resolve()
    for tree in (first, second):
        if not (tree / "reviewkit" / "__init__.py").exists():
            raise SystemExit(f"{tree}: not a reviewkit checkout")
        compileall.compile_dir(tree / "reviewkit", quiet=1)  # as an installed copy has it
    OUT.mkdir(exist_ok=True)
    answers = OUT / "one-answer.yaml"
    answers.write_text(ONE_ANSWER, encoding="utf-8")
    work = OUT / "versions" / "case.yaml"
    work.parent.mkdir(exist_ok=True)
    print(f"{'events':>7} {'row':<8} | {'first s':>8} {'second s':>8} | {'ratio':>7} {'range':>11}")
    print("-" * 62)
    for size in (int(s) for s in args.sizes.split(",")):
        case = CASES / f"events-{size}.yaml"
        if not case.exists():
            raise SystemExit(f"{case}: run bench/make_cases.py {size} first")
        for row in args.rows.split(","):
            if row == "import":
                words = ["import", str(work), str(CASES / f"return-{size}.csv"), "-a", "ag01"]
            elif row == "author":
                words = ["author", str(work), "--answers", str(answers)]
            elif row == "check":
                words = ["check", str(case)]
            else:
                raise SystemExit(f"unknown row {row!r}: import, author or check")
            times: dict[Path, list[float]] = {first: [], second: []}
            for n in range(args.repeat):
                order = (first, second) if n % 2 == 0 else (second, first)  # neither always first
                for tree in order:
                    times[tree].append(measure(command(tree, *words), fresh(case, work))[0])
            ratios = [b / a for a, b in zip(times[first], times[second], strict=True)]
            spread = f"{min(ratios):.2f}-{max(ratios):.2f}"
            print(
                f"{size:>7,} {row:<8} | {statistics.median(times[first]):>8.2f} "
                f"{statistics.median(times[second]):>8.2f} | "
                f"{statistics.median(ratios):>6.3f}x {spread:>11}",
                flush=True,
            )


if __name__ == "__main__":
    main()
