"""Every sample case's Markdown output of every report kind, compared with its golden file.

The golden files in tests/golden/samples/ hold what each sample builds to today, byte for
byte, so a change meant for one kind of review cannot silently change another's report. A
report kind a sample cannot build is recorded as the error's message instead. The national
and thematic samples are kept with the report their review kind gets.

After an intended change to a report, look at the difference, then regenerate them with:

    REVIEWKIT_REGEN_GOLDEN=1 .venv/bin/pytest tests/test_golden_samples.py

and review the new files before committing them.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from reviewkit.casefile import load_case
from reviewkit.errors import ReviewkitError
from reviewkit.render.markdown import render
from reviewkit.reports import build_document

from conftest import SAMPLES, TESTS

GOLDEN = TESTS / "golden" / "samples"
# Action plans are rated on a day; a fixed one keeps the output the same on every run.
TODAY = dt.date(2026, 1, 15)
# The single-family samples that existed before strands: their outputs must not move.
SINGLE = ("lcspr-child-poppy", "lcspr-child-theo", "lcspr-ellis-family", "rapid-review-baby-m")
# The report kinds there were before strands (the national and thematic reports are tested
# on their own samples in test_strands.py).
KINDS = (
    "action-plan",
    "briefing",
    "case-study",
    "case-study-notes",
    "lcspr",
    "progress",
    "rapid-review",
)
# The large sample's builds take seconds each: they run with the slow tests.
LARGE = {"lcspr-ellis-family"}


def _output(sample: str, kind: str) -> str:
    """The sample's report of `kind` as Markdown, or the message of the error building it."""
    case = load_case(SAMPLES / sample / "case.yaml").case
    try:
        doc = build_document(case, kind=kind, today=TODAY)
    except ReviewkitError as exc:
        return f"ERROR: {exc}\n"
    return render(doc)


# The reviews of several children or families, with the report their review kind gets.
STRANDS = (("national-two-children", "national"), ("thematic-injured-babies", "thematic"))


def _params() -> list[object]:
    params: list[object] = []
    for sample in SINGLE:
        marks = [pytest.mark.slow] if sample in LARGE else []
        params += [pytest.param(sample, kind, marks=marks) for kind in KINDS]
    params += [pytest.param(sample, kind) for sample, kind in STRANDS]
    return params


@pytest.mark.parametrize(("sample", "kind"), _params())
def test_sample_output_matches_its_golden_file(sample: str, kind: str) -> None:
    golden: Path = GOLDEN / f"{sample}-{kind}.md"
    got = _output(sample, kind)
    if os.environ.get("REVIEWKIT_REGEN_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(got, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden.name}: regenerate (see this module's doc)"
    assert got == golden.read_text(encoding="utf-8")
