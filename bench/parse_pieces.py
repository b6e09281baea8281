"""Time a long case file's parse whole and in pieces (reviewkit/casefile/pieces.py), in turn.

    .venv/bin/python bench/make_cases.py 5000 20000
    .venv/bin/python bench/parse_pieces.py          # or: --repeat 9 --sizes 5000

For each size, `parse_yaml(text, file, positions=False)` of bench/cases/events-N.yaml runs
whole and cut into pieces by turns (gc paused, as the store pauses it), and prints, for
each way, the wall-clock seconds (min and median) and the CPU seconds of this process and
of its copies (median). The cut is forced whatever the machine's load (a busy machine has
the text parsed whole): this process's CPU seconds are what the parse takes where a
processor is idle for the copy; on a machine kept busy, the wall-clock time is about the
CPU seconds of both together.
"""

from __future__ import annotations

import argparse
import gc
import resource
import statistics
import time
from pathlib import Path

from reviewkit import parallel
from reviewkit.casefile import pieces
from reviewkit.casefile.read import parse_yaml

CASES = Path(__file__).parent / "cases"


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    """Time both ways at every size asked for and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--sizes", default="5000,20000")
    args = parser.parse_args()
    parallel.free_processors = lambda: 1  # cut whatever the load, to count the work
    cut_from = pieces.SPLIT_MIN_CHARS
    for size in (int(s) for s in args.sizes.split(",")):
        text = (CASES / f"events-{size}.yaml").read_text(encoding="utf-8")
        runs: dict[str, list[tuple[float, float, float]]] = {"whole": [], "pieces": []}
        for _ in range(args.repeat):
            for way, runs_of_way in runs.items():
                pieces.SPLIT_MIN_CHARS = 1 << 62 if way == "whole" else cut_from
                gc.collect()
                gc.disable()
                own, copies = _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN)
                start = time.perf_counter()
                parse_yaml(text, "case.yaml", positions=False)
                wall = time.perf_counter() - start
                own = _cpu(resource.RUSAGE_SELF) - own
                copies = _cpu(resource.RUSAGE_CHILDREN) - copies
                gc.enable()
                runs_of_way.append((wall, own, copies))
        for way, found in runs.items():
            walls = [w for w, _, _ in found]
            print(
                f"{size:>7,} {way:<6} | wall {min(walls):.3f} {statistics.median(walls):.3f} | "
                f"cpu here {statistics.median(o for _, o, _ in found):.3f} "
                f"copies {statistics.median(c for _, _, c in found):.3f}"
            )


if __name__ == "__main__":
    main()
