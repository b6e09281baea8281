"""Benchmark the Word report against pandoc and a bare YAML parse, at every size, in one run.

    .venv/bin/python bench/make_cases.py     # once: writes bench/cases/ (gitignored)
    .venv/bin/python bench/run.py            # or: bench/run.py --repeat 3 --sizes 100,5000

For each synthetic case it times, as separate processes:

- `reviewkit build CASE --format docx --chronology` (time and peak memory of that process);
- pandoc converting the same report's Markdown (`reviewkit build --format md --chronology`)
  to .docx;
- a bare parse of the case file: `yaml.load(text, Loader=yaml.CSafeLoader)`;
- `reviewkit anonymise CASE -o OUT --force` (the anonymised copy and its replacement report,
  leak scan included), next to the Word report of the same case (`--anonymise`, or `--only
  anonymise` for that row alone).

Peak memory is the child's maximum resident set size, from os.wait4. Times are wall-clock
seconds, the best of --repeat runs. Outputs go to bench/out/ (gitignored).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent
CASES = HERE / "cases"
OUT = HERE / "out"
SIZES = (100, 1_000, 5_000, 20_000)
BARE_PARSE = (
    "import sys, yaml; "
    "yaml.load(open(sys.argv[1], encoding='utf-8').read(), Loader=yaml.CSafeLoader)"
)


def reviewkit() -> list[str]:
    """The command that runs reviewkit from this Python environment."""
    script = Path(sys.executable).with_name("reviewkit")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from reviewkit.cli import main; main()"]


def measure(command: list[str]) -> tuple[float, float]:
    """Run `command`; return (seconds, peak resident memory in MB) of that one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    errors = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(command)}\n{errors}")
    return seconds, usage.ru_maxrss / 1024  # KB on Linux


def best(command: list[str], repeat: int) -> tuple[float, float]:
    """The fastest of `repeat` runs, with its peak memory."""
    return min(measure(command) for _ in range(repeat))


def main() -> None:
    """Print the benchmark table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement (best)")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="e.g. 100,5000")
    parser.add_argument("--anonymise", action="store_true", help="also time reviewkit anonymise")
    parser.add_argument("--only", choices=["anonymise"], help="time only this command")
    args = parser.parse_args()
    if args.only == "anonymise":
        anonymise_table(args)
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    pandoc = shutil.which("pandoc")
    missing = [n for n in sizes if not (CASES / f"events-{n}.yaml").exists()]
    if missing:
        subprocess.run(
            [sys.executable, str(HERE / "make_cases.py"), *map(str, missing)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    OUT.mkdir(exist_ok=True)
    rk = reviewkit()
    header = (
        f"{'events':>7} | {'reviewkit docx':>16} | {'pandoc md->docx':>16} | "
        f"{'YAML C parse':>15} | {'vs pandoc':>9} | {'vs parse':>8}"
    )
    units = f"{'':>7} | {'s':>7} {'MB':>8} | {'s':>7} {'MB':>8} | {'s':>6} {'MB':>8} |"
    units += f" {'':>9} | {'':>8}"
    print(header)
    print(units)
    print("-" * len(header))
    per_thousand = []
    for size in sizes:
        case = CASES / f"events-{size}.yaml"
        build = [*rk, "build", str(case), "-o", str(OUT), "--chronology", "--force"]
        docx_s, docx_mb = best([*build, "--format", "docx"], args.repeat)
        parse_s, parse_mb = best([sys.executable, "-c", BARE_PARSE, str(case)], args.repeat)
        if pandoc:
            measure([*build, "--format", "md"])
            markdown = OUT / f"events-{size}-lcspr.md"
            converted = OUT / f"events-{size}-pandoc.docx"
            command = [pandoc, "-f", "markdown", "-t", "docx", "-o", str(converted), str(markdown)]
            pandoc_s, pandoc_mb = best(command, args.repeat)
            versus = f"{docx_s / pandoc_s:>8.2f}x"
            pandoc_cells = f"{pandoc_s:>7.2f} {pandoc_mb:>8.0f}"
        else:
            versus, pandoc_cells = f"{'-':>9}", f"{'not installed':>16}"
        print(
            f"{size:>7,} | {docx_s:>7.2f} {docx_mb:>8.0f} | {pandoc_cells} | "
            f"{parse_s:>6.2f} {parse_mb:>8.0f} | {versus} | {docx_s / parse_s:>7.2f}x",
            flush=True,
        )
        per_thousand.append((size, docx_s / size * 1000))
    print()
    print("reviewkit seconds per 1,000 events (flat when time grows linearly):")
    print("  " + ", ".join(f"{size:,}: {s:.2f}" for size, s in per_thousand))
    if args.anonymise:
        print()
        anonymise_table(args)


def anonymise_table(args: argparse.Namespace) -> None:
    """Time `reviewkit anonymise` against the Word report of the same case, at every size."""
    sizes = [int(s) for s in args.sizes.split(",")]
    OUT.mkdir(exist_ok=True)
    rk = reviewkit()
    header = (
        f"{'events':>7} | {'anonymise':>16} | {'reviewkit docx':>16} | {'vs docx':>8} | "
        f"{'per 1,000':>9}"
    )
    print(header)
    print(f"{'':>7} | {'s':>7} {'MB':>8} | {'s':>7} {'MB':>8} | {'':>8} | {'s':>9}")
    print("-" * len(header))
    for size in sizes:
        case = CASES / f"events-{size}.yaml"
        if not case.exists():
            subprocess.run(
                [sys.executable, str(HERE / "make_cases.py"), str(size)],
                check=True,
                stdout=subprocess.DEVNULL,
            )
        anon = [*rk, "anonymise", str(case), "-o", str(OUT / f"events-{size}-anon.yaml")]
        anon_s, anon_mb = best([*anon, "--force"], args.repeat)
        build = [*rk, "build", str(case), "-o", str(OUT), "--chronology", "--force"]
        docx_s, docx_mb = best([*build, "--format", "docx"], args.repeat)
        print(
            f"{size:>7,} | {anon_s:>7.2f} {anon_mb:>8.0f} | {docx_s:>7.2f} {docx_mb:>8.0f} | "
            f"{anon_s / docx_s:>7.2f}x | {anon_s / size * 1000:>9.2f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
