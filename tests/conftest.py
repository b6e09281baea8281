"""Shared test helpers: where fixtures and samples live, the CLI runner, copied case files.

Test modules import the constants and plain helpers from here (`from conftest import ...`);
pytest finds the fixtures by name.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from typer.testing import CliRunner, Result

from reviewkit.casefile import check_document, parse_yaml
from reviewkit.cli import app

TESTS = Path(__file__).parent
ROOT = TESTS.parent
FIXTURES = TESTS / "fixtures"
SAMPLES = ROOT / "sample_cases"
ELLIS = SAMPLES / "lcspr-ellis-family" / "case.yaml"
BABY_M = SAMPLES / "rapid-review-baby-m" / "case.yaml"

# Rich wraps to the terminal's width: pin it, so a developer's own COLUMNS cannot change what
# a test sees. A test's own env is laid over this.
NARROW: dict[str, str | None] = {"COLUMNS": "80"}
WIDE: dict[str, str | None] = {"COLUMNS": "200"}

CopyCase = Callable[..., Path]


# --- the CLI -----------------------------------------------------------------------------------


def invoke(
    *args: object,
    input: str | None = None,
    env: Mapping[str, str | None] | None = None,
    **options: Any,
) -> Result:
    """Run `reviewkit ARGS` in-process; the result holds exit code, stdout and stderr apart.

    A fresh runner each time, so nothing one invocation sets leaks into the next. Arguments
    may be paths; they are passed as strings.
    """
    return CliRunner().invoke(
        app, [str(a) for a in args], input=input, env={**NARROW, **(env or {})}, **options
    )


def anonymised(folder: Path, case: Path = FIXTURES / "anon-case.yaml") -> Path:
    """`reviewkit anonymise CASE -o FOLDER/anon.yaml`, which must succeed; the output's path."""
    out = folder / "anon.yaml"
    result = invoke("anonymise", case, "-o", out)
    assert result.exit_code == 0, result.output
    return out


# --- case files --------------------------------------------------------------------------------


@pytest.fixture
def copy_case(tmp_path: Path) -> CopyCase:
    """Copy a case file (a name in tests/fixtures, or a path) into tmp_path, to be written to."""

    def copy(source: str | Path, name: str = "case.yaml") -> Path:
        path = tmp_path / name
        shutil.copy(FIXTURES / source, path)  # an absolute `source` replaces FIXTURES
        return path

    return copy


def problems(text: str) -> list[str]:
    """Every problem `reviewkit check` would print for this case text."""
    case, found = check_document(parse_yaml(text, "case.yaml"))
    assert (case is None) == any(p.severity == "error" for p in found)
    return [str(p) for p in found]


def words(text: str) -> str:
    """The text with every run of spaces and line breaks made one space, so wrapping is moot."""
    return " ".join(text.split())


# --- a Word file read back -----------------------------------------------------------------------


def numbering_labels(document: Any) -> list[str]:
    """The number Word shows before each body paragraph ("" for none), from numbering.xml."""
    numbering = document.part.numbering_part.element
    abstract_of = {
        n.get(qn("w:numId")): n.find(qn("w:abstractNumId")).get(qn("w:val"))
        for n in numbering.findall(qn("w:num"))
    }
    level_text = {}
    for abstract in numbering.findall(qn("w:abstractNum")):
        for lvl in abstract.findall(qn("w:lvl")):
            key = (abstract.get(qn("w:abstractNumId")), lvl.get(qn("w:ilvl")))
            level_text[key] = lvl.find(qn("w:lvlText")).get(qn("w:val"))
    counters: dict[str, list[int]] = {}
    labels = []
    for p in document.paragraphs:
        num_pr = p._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        num_id = None if num_pr is None else num_pr.find(qn("w:numId")).get(qn("w:val"))
        if num_id in (None, "0"):
            labels.append("")
            continue
        level = int(num_pr.find(qn("w:ilvl")).get(qn("w:val")))
        count = counters.setdefault(num_id, [0] * 9)
        count[level] += 1
        count[level + 1 :] = [0] * (8 - level)
        text = level_text[(abstract_of[num_id], str(level))]
        labels.append(
            re.sub(r"%(\d)", lambda m, count=count: str(count[int(m.group(1)) - 1]), text)
        )
    return labels


def docx_paragraphs(path: Path) -> list[tuple[str, str]]:
    """(style, text as shown) for every non-empty body paragraph of a .docx, numbers included.

    DOCX is not byte-stable between saves, so tests compare what a reader sees instead.
    """
    document = docx.Document(str(path))
    labels = numbering_labels(document)
    shown = []
    for p, label in zip(document.paragraphs, labels, strict=True):
        if not p.text and not label:
            continue
        text = (
            f"{label} {p.text}"
            if label and p.style.name in ("Heading 1", "Numbered Paragraph")
            else p.text
        )
        shown.append((p.style.name, text))
    return shown
