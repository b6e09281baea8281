"""Opening a case file without its table of positions, and locating problems all the same."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewkit.casefile import CaseStore
from reviewkit.casefile.check import check_document
from reviewkit.casefile.read import load_yaml, parse_yaml, read_text
from reviewkit.errors import InputFileError
from tests.conftest import FIXTURES, CopyCase


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.yaml")), ids=lambda p: p.name)
def test_parse_without_positions_reads_the_same_data(path: Path) -> None:
    text = read_text(path)
    lean = parse_yaml(text, str(path), positions=False)
    full = parse_yaml(text, str(path))
    assert lean.data == full.data
    assert not lean.positions.values and not lean.positions.keys
    assert full.positions.values


def test_a_key_written_twice_is_located_without_positions_too() -> None:
    text = "review:\n  title: A\npeople: []\nreview: {}\n"
    with pytest.raises(InputFileError) as full:
        parse_yaml(text, "case.yaml")
    with pytest.raises(InputFileError) as lean:
        parse_yaml(text, "case.yaml", positions=False)
    assert lean.value.message == full.value.message
    assert "case.yaml:4:1:" in lean.value.message and "first at line 1" in lean.value.message


def test_syntax_errors_are_located_without_positions() -> None:
    with pytest.raises(InputFileError, match=r"case\.yaml:3:1: YAML syntax error"):
        parse_yaml("review:\n  title: [unclosed\n", "case.yaml", positions=False)


@pytest.mark.parametrize("name", ["report-small.yaml", "author-case.yaml"])
def test_a_store_locates_warnings_as_check_does(copy_case: CopyCase, name: str) -> None:
    path = copy_case(name)
    _, expected = check_document(load_yaml(path))
    assert expected and all(p.line > 1 for p in expected)
    store = CaseStore(path)
    assert store.warnings == expected
