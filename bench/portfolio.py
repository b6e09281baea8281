"""Benchmark `reviewkit portfolio` over many generated cases: does time grow linearly?

    .venv/bin/python bench/portfolio.py                  # 25, 50, 100 and 200 cases of 1,000 events
    .venv/bin/python bench/portfolio.py --counts 10,20 --events 500 --repeat 3

Writes the cases once into bench/cases/portfolio-EVENTS/ (gitignored): each a synthetic case
from make_cases.py with its own seed, review dates, kind, stage and an action plan of 10
actions (invented). Then times `reviewkit portfolio` as its own process over the first N of
them, for each N, and prints seconds, seconds per case and peak memory.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

import yaml
from make_cases import CASES, make_case
from run import best, reviewkit

STATUSES = ["not-started", "in-progress", "complete", "evidenced"]
KINDS = ["lcspr", "lcspr", "rapid-review", "thematic"]
STAGES = ["Draft", "Final", "Published"]


def portfolio_case(events: int, seed: int) -> dict[str, object]:
    """One synthetic case with review dates, a kind, a stage and an action plan."""
    case = make_case(events, seed=seed * 7919)
    rng = random.Random(seed)
    review = case["review"]
    assert isinstance(review, dict)
    awareness = dt.date(2018, 1, 1) + dt.timedelta(days=rng.randrange(0, 7 * 365))
    review["title"] = f"Synthetic review {seed:03d}"
    review["kind"] = rng.choice(KINDS)
    review["status"] = rng.choice(STAGES)
    review["dates"] = {
        "incident": awareness.isoformat(),
        "awareness": awareness.isoformat(),
        "notification": (awareness + dt.timedelta(days=rng.randrange(2, 10))).isoformat(),
        "rapid_review_submitted": (
            awareness + dt.timedelta(days=rng.randrange(14, 30))
        ).isoformat(),
    }
    recs = case["recommendations"]
    assert isinstance(recs, list)
    for r, rec in enumerate(recs):
        rec["actions"] = [
            {
                "text": f"Action {r + 1}.{a + 1}",
                "owner": "Service manager",
                "agency": f"a{rng.randrange(1, 31):02d}",
                "target": (awareness + dt.timedelta(days=rng.randrange(180, 900))).isoformat(),
                "status": rng.choice(STATUSES),
            }
            for a in range(2)
        ]
    return case


def write_cases(count: int, events: int) -> Path:
    """bench/cases/portfolio-EVENTS/case-NNN.yaml for NNN up to `count` (kept between runs)."""
    folder = CASES / f"portfolio-{events}"
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(1, count + 1):
        path = folder / f"case-{n:03d}.yaml"
        if not path.exists():
            text = yaml.dump(portfolio_case(events, n), Dumper=yaml.CSafeDumper, sort_keys=False)
            path.write_text(f"# Synthetic portfolio case {n}. Invented.\n{text}", encoding="utf-8")
    return folder


def main(argv: list[str]) -> None:
    """Time the portfolio over growing numbers of cases and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", default="25,50,100,200")
    parser.add_argument("--events", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)
    counts = [int(c) for c in args.counts.split(",")]
    folder = write_cases(max(counts), args.events)
    print(" cases | events each |  seconds | s per case |  peak MB")
    print("-" * 58)
    for count in counts:
        files = [str(folder / f"case-{n:03d}.yaml") for n in range(1, count + 1)]
        command = [*reviewkit(), "portfolio", *files, "--today", "2025-06-30"]
        seconds, memory = best(command, args.repeat)
        each = seconds / count
        print(f" {count:5d} | {args.events:11,d} | {seconds:8.2f} | {each:10.3f} | {memory:8.0f}")


if __name__ == "__main__":
    main(sys.argv[1:])
