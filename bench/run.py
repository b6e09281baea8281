"""Benchmark reviewkit's commands against a bare parse of the same files, at every size.

    .venv/bin/python bench/make_cases.py     # once: writes bench/cases/ (gitignored)
    .venv/bin/python bench/run.py            # or: bench/run.py --repeat 5 --sizes 1000,5000

Each row times one reviewkit command against a reference, as separate processes, run by
run in turn (command, reference, command, reference ...), and takes the ratio of each pair:
on a busy machine the two runs of a pair see the same load, so the median of the ratios is
steadier than a ratio of best times. The rows:

- `build`: `reviewkit build CASE --format docx --chronology`, against a bare parse;
- `check`: `reviewkit check CASE`, against a bare parse;
- `author`: `reviewkit author CASE --answers ONE-ANSWER.yaml` (open, one save), against
  `reviewkit check` of the same file (the target is at most 2x);
- `open`: `reviewkit author CASE` at an 80x30 terminal up to its first prompt (the first
  section's evidence drawn; `first_screen.py`, which needs pexpect from the test extra),
  against `reviewkit check` (the target is at most 2x);
- `import`: `reviewkit import CASE return-N.csv` (N rows into an N-event case), against a
  bare parse of the case plus a bare read of the return (the target is at most 3x);
- `pandoc`: pandoc converting the report's Markdown to .docx, against `reviewkit build`;
- `anonymise`: `reviewkit anonymise CASE -o OUT --force` (the anonymised copy, its report and
  the leak scan), against `reviewkit build --format docx` of the same case (the target is at
  most 1x at 20,000 events).
- `duplicates`: `reviewkit duplicates DENSE` (listing the likely duplicates of N events in 90
  days from six agencies, output piped), against a bare parse of the same file.

The bare parse is `yaml.load(text, Loader=yaml.CSafeLoader)` with the garbage collector
paused, as reviewkit pauses it while loading (`paused_gc`). Times are wall-clock seconds
(median); memory is the child's peak resident set size (os.wait4) in MiB. Commands that
change the case file run on a fresh copy each time. Outputs go to bench/out/ (gitignored).

Before timing, reviewkit's own modules are compiled to bytecode (`__pycache__`, gitignored),
as `pip install` does for an installed package: run from a checkout where Python may not
write bytecode (PYTHONDONTWRITEBYTECODE set), every run would otherwise compile the package
from source again, about 0.08 s a run that no installed copy pays.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).parent
CASES = HERE / "cases"
OUT = HERE / "out"
SIZES = (1_000, 5_000, 20_000)
BARE_PARSE = (
    "import gc, sys, yaml; gc.disable(); "
    "yaml.load(open(sys.argv[1], encoding='utf-8').read(), Loader=yaml.CSafeLoader)"
)
BARE_PARSE_AND_READ = (
    "import csv, gc, sys, yaml; gc.disable(); "
    "yaml.load(open(sys.argv[1], encoding='utf-8').read(), Loader=yaml.CSafeLoader); "
    "list(csv.reader(open(sys.argv[2], encoding='utf-8', newline='')))"
)
ONE_ANSWER = "kpe1:\n  good_practice: The visits were unannounced and the children seen alone.\n"


def reviewkit() -> list[str]:
    """The command that runs reviewkit from this Python environment."""
    script = Path(sys.executable).with_name("reviewkit")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from reviewkit.cli import main; main()"]


def compile_package() -> None:
    """Compile reviewkit's modules to bytecode once, as an installed copy has them."""
    import reviewkit

    for folder in reviewkit.__path__:
        compileall.compile_dir(folder, quiet=1)


def measure(command: list[str], before: Callable[[], None] | None = None) -> tuple[float, float]:
    """Run `command` (after `before`); return (seconds, peak resident memory in MiB)."""
    if before is not None:
        before()
    # Errors go to a file, not a pipe: a command that warns a lot (a return full of real
    # names) would fill a pipe nobody reads while it runs, and wait for ever.
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        proc = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=errors
        )
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            errors.seek(0)
            said = errors.read().decode(errors="replace")[-4000:]
            raise SystemExit(f"failed ({code}): {' '.join(command)}\n{said}")
    return seconds, usage.ru_maxrss / 1024  # KiB on Linux


class Pair:
    """A command and its reference, run in turn; the figures of each and their ratios."""

    def __init__(self, command: list[str], reference: list[str], fresh: Path | None = None):
        self.command, self.reference, self.fresh = command, reference, fresh
        self.seconds: list[float] = []
        self.memory: list[float] = []
        self.ref_seconds: list[float] = []
        self.ratios: list[float] = []

    def copy_case(self, case: Path) -> Callable[[], None]:
        """A step that puts a fresh copy of `case` where the command changes it."""

        def step() -> None:
            assert self.fresh is not None
            shutil.copyfile(case, self.fresh)
            shutil.rmtree(self.fresh.parent / ".reviewkit", ignore_errors=True)

        return step

    def run(self, repeat: int, before: Callable[[], None] | None = None) -> Pair:
        """Alternate the two commands `repeat` times."""
        for _ in range(repeat):
            seconds, memory = measure(self.command, before)
            ref, _ = measure(self.reference)
            self.seconds.append(seconds)
            self.memory.append(memory)
            self.ref_seconds.append(ref)
            self.ratios.append(seconds / ref)
        return self

    def cells(self) -> str:
        """Median seconds, peak MiB, reference seconds, median ratio (and its spread)."""
        ratio = statistics.median(self.ratios)
        spread = f"{min(self.ratios):.2f}-{max(self.ratios):.2f}"
        return (
            f"{statistics.median(self.seconds):>7.2f} {max(self.memory):>7.0f} | "
            f"{statistics.median(self.ref_seconds):>7.2f} | {ratio:>6.2f}x {spread:>11}"
        )


def main() -> None:
    """Print the benchmark table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="pairs run per row")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="e.g. 1000,5000")
    parser.add_argument("--rows", default="build,check,author,import,pandoc", help="which rows")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = args.rows.split(",")
    missing = [n for n in sizes if not (CASES / f"dense-{n}.yaml").exists()]
    if missing:
        subprocess.run(
            [sys.executable, str(HERE / "make_cases.py"), *map(str, missing)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    OUT.mkdir(exist_ok=True)
    answers = OUT / "one-answer.yaml"
    answers.write_text(ONE_ANSWER, encoding="utf-8")
    compile_package()
    rk = reviewkit()
    pandoc = shutil.which("pandoc")
    head = f"{'events':>7} {'row':<10} | {'s':>7} {'MiB':>7} | {'ref s':>7} |"
    print(f"{head} {'ratio':>7} {'range':>11}")
    print("-" * 71)
    seconds: dict[str, list[tuple[int, float]]] = {row: [] for row in rows}
    for size in sizes:
        case = CASES / f"events-{size}.yaml"
        parse = [sys.executable, "-c", BARE_PARSE, str(case)]
        check = [*rk, "check", str(case)]
        build = [*rk, "build", str(case), "-o", str(OUT), "--chronology", "--force"]
        work = OUT / f"work-{size}" / "case.yaml"
        work.parent.mkdir(exist_ok=True)
        for row in rows:
            before = None
            if row == "build":
                pair = Pair([*build, "--format", "docx"], parse)
            elif row == "check":
                pair = Pair(check, parse)
            elif row == "author":
                pair = Pair([*rk, "author", str(work), "--answers", str(answers)], check, work)
                before = pair.copy_case(case)
            elif row == "open":
                opening = [sys.executable, str(HERE / "first_screen.py"), str(work)]
                pair = Pair(opening, check, work)
                before = pair.copy_case(case)
            elif row == "import":
                ret = CASES / f"return-{size}.csv"
                command = [*rk, "import", str(work), str(ret), "--agency", "ag01"]
                reference = [sys.executable, "-c", BARE_PARSE_AND_READ, str(case), str(ret)]
                pair = Pair(command, reference, work)
                before = pair.copy_case(case)
            elif row == "pandoc" and pandoc:
                measure([*build, "--format", "md"])
                markdown = OUT / f"events-{size}-lcspr.md"
                converted = OUT / f"events-{size}-pandoc.docx"
                command = [
                    pandoc,
                    "-f",
                    "markdown",
                    "-t",
                    "docx",
                    "-o",
                    str(converted),
                    str(markdown),
                ]
                pair = Pair(command, [*build, "--format", "docx"])
            elif row == "duplicates":
                dense = CASES / f"dense-{size}.yaml"
                pair = Pair([*rk, "duplicates", str(dense)], [*parse[:-1], str(dense)])
            elif row == "anonymise":
                out = OUT / f"events-{size}-anon.yaml"
                command = [*rk, "anonymise", str(case), "-o", str(out), "--force"]
                pair = Pair(command, [*build, "--format", "docx"])
            else:
                continue
            pair.run(args.repeat, before)
            seconds[row].append((size, statistics.median(pair.seconds)))
            print(f"{size:>7,} {row:<10} | {pair.cells()}", flush=True)
    print()
    print("Marginal seconds per 1,000 events (flat when time grows linearly):")
    for row, figures in seconds.items():
        steps = [
            f"{a:,}->{b:,}: {(tb - ta) / (b - a) * 1000:.2f}"
            for (a, ta), (b, tb) in zip(figures, figures[1:], strict=False)
        ]
        if steps:
            print(f"  {row:<10} " + ", ".join(steps))


if __name__ == "__main__":
    main()
