"""Row fingerprints put together from an event's fields are those case files already hold."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from reviewkit.casefile.check import load_case
from reviewkit.chronology.events import fingerprint
from reviewkit.chronology.importer import Options, PendingImport
from reviewkit.model import Event
from tests.conftest import FIXTURES, CopyCase


def _as_before(event: Event) -> str:
    """The fingerprint as earlier versions of reviewkit computed it (through model_dump)."""
    data = event.model_dump(mode="json", exclude={"provenance"}, exclude_defaults=True)
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.yaml")), ids=lambda p: p.name)
def test_fingerprints_of_every_fixture_event_are_unchanged(path: Path) -> None:
    case = load_case(path).case
    for event in case.events:
        assert fingerprint(event) == _as_before(event)


def test_fingerprint_of_an_event_with_every_field() -> None:
    event = Event.model_validate(
        {
            "id": "e1",
            "date": "c. March 2019",
            "time": "17:25",
            "seq": 0,
            "identifying": False,
            "agency": "police",
            "type": "home_visit",
            "summary": "Visit — «quoted» text",
            "details": "Line one\nline two",
            "people": ["child1", "mother"],
            "child_seen": True,
            "seen_alone": False,
            "child_words": "I like school",
            "source": "Log 12",
            "outcome": "None",
            "analysis": "",
            "episodes": ["kpe1"],
            "themes": [],
            "strand": "s1",
        }
    )
    assert fingerprint(event) == _as_before(event)
    changed = event.model_copy(update={"summary": "Visit"})
    assert fingerprint(changed) != fingerprint(event)


def test_the_saved_case_holds_exactly_what_a_full_check_of_the_file_reads(
    copy_case: CopyCase,
) -> None:
    """The save reuses the models the rows were validated into (once each new event has read
    back from the new text as exactly its data): they are what validating the file gives."""
    case_file = copy_case("chronology-case.yaml")
    pending = PendingImport(
        case_file, [FIXTURES / "chronology-police.csv"], Options("police", sheet=None)
    )
    result = pending.run()
    assert result.added > 0
    saved = pending.store.case
    assert saved == load_case(case_file).case
    assert [fingerprint(e) for e in saved.events] == [_as_before(e) for e in saved.events]
