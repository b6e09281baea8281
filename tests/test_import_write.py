"""How an import writes its events: text straight from plain data, checked before it is saved."""

from __future__ import annotations

import copy
import csv
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from reviewkit.casefile import check, load_case
from reviewkit.casefile.emit import item_texts
from reviewkit.casefile.read import Positions, YamlDocument, parse_yaml
from reviewkit.chronology import cells
from reviewkit.chronology.importer import Options, import_returns
from reviewkit.errors import CaseInvalidError

from conftest import FIXTURES, CopyCase, invoke

QUOTED = frozenset({"date", "time", "imported"})
FLOW = frozenset({"provenance"})


def read_back(texts: list[str]) -> Any:
    return parse_yaml("events:\n" + "".join(texts), "test.yaml").data["events"]


# --- the text of new items ---------------------------------------------------------------------


AWKWARD = [
    "yes",
    "No",
    "12",
    "0o17",
    "007",
    "1e3",
    ".5",
    "~",
    "null",
    "2019-03-14",
    "14:30",
    "- a dash first",
    "? a question first",
    "key: value",
    "ends with a colon:",
    "a #hash after a space",
    "#comment",
    "'single' first",
    '"double" first',
    "tab\tinside",
    "trailing space ",
    " leading space",
    "",
    "back\\slash",
    "line\u2028separator",
    "next\x85line",
    "caf\u00e9 \u00a3300 \u2018quoted\u2019",
    "[not, a, list]",
    "{not: a map}",
    "& anchor * alias ! tag | pipe > fold % pct @ at ` tick",
]


def test_awkward_text_reads_back_exactly() -> None:
    items = [
        {"date": "2019-03-14", "summary": text, "people": ["child-k", "mother"]} for text in AWKWARD
    ]
    texts = item_texts(items, (2, 4, 2), 2, quoted=QUOTED, flow_items=FLOW)
    assert texts is not None
    assert read_back(texts) == items


def test_the_styles_are_those_a_person_would_type() -> None:
    item = {
        "date": "2019-03-14",
        "time": "09:15",
        "seq": 2,
        "summary": "Visit to the family home",
        "details": "First paragraph.\n\nSecond paragraph.\n",
        "people": ["child-k", "mother"],
        "child_seen": True,
        "provenance": [{"agency": "gp", "file": "gp, 2019.csv", "row": 2, "imported": "ab12"}],
    }
    texts = item_texts([item], (2, 4, 2), 2, quoted=QUOTED, flow_items=FLOW)
    assert texts == [
        '  - date: "2019-03-14"\n'
        '    time: "09:15"\n'
        "    seq: 2\n"
        "    summary: Visit to the family home\n"
        "    details: |\n"
        "      First paragraph.\n"
        "\n"
        "      Second paragraph.\n"
        "    people: [child-k, mother]\n"
        "    child_seen: true\n"
        "    provenance:\n"
        '      - {agency: gp, file: "gp, 2019.csv", row: 2, imported: "ab12"}\n'
    ]


def test_long_flow_lists_are_wrapped_and_read_back() -> None:
    rows = [f"{n:012x}" for n in range(200)]
    (text,) = item_texts([{"file": "a.csv", "rows": rows}], (2, 4, 2), 2) or []
    assert max(len(line) for line in text.splitlines()) <= 80
    assert read_back([text]) == [{"file": "a.csv", "rows": rows}]


def test_text_a_block_cannot_hold_is_quoted() -> None:
    for value in (
        "  indented first\nthen\n",
        "trailing \nspace\n",
        "kept\nbreaks\n\n",
        "\n",
        "\n\n",
    ):
        texts = item_texts([{"details": value}], (2, 4, 2), 2)
        assert texts is not None and "|" not in texts[0]
        assert read_back(texts) == [{"details": value}]


def test_what_it_does_not_write_is_left_to_the_caller() -> None:
    assert item_texts([{"score": 1.5}], (2, 4, 2), 2) is None
    assert item_texts([{"nested": [[1]]}], (2, 4, 2), 2) is None
    assert item_texts([{"bad key": 1}], (2, 4, 2), 2) is None


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.dictionaries(
            st.sampled_from(["summary", "details", "date", "source"]),
            st.text(max_size=40),
            min_size=1,
        ),
        min_size=1,
        max_size=3,
    )
)
@example([{"summary": "\n"}])
@example([{"details": " \n"}, {"summary": "a\n\n"}])
def test_any_text_reads_back_as_itself(items: list[dict[str, str]]) -> None:
    texts = item_texts(items, (2, 4, 2), 2, quoted=QUOTED)
    assert texts is not None
    # Characters YAML cannot carry at all are refused by the reader: never silently changed.
    try:
        got = read_back(texts)
    except Exception:  # noqa: BLE001 - any refusal is fine; a changed value is not
        return
    assert got == items


@pytest.mark.parametrize("layout", [(2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (3, 3, 1)])
def test_every_layout_reads_back(layout: tuple[int, int, int]) -> None:
    item = {
        "summary": "One",
        "details": "A\nB\n",
        "people": ["x"],
        "provenance": [{"agency": "gp", "row": 1}],
    }
    texts = item_texts([item, item], layout, layout[2], quoted=QUOTED, flow_items=FLOW)
    assert texts is not None
    assert read_back(texts) == [item, item]


# --- checking only what changed ----------------------------------------------------------------


def changed_doc(data: dict[str, Any]) -> YamlDocument:
    return YamlDocument(data, Positions(), "case.yaml")


def test_check_change_reuses_the_models_of_what_did_not_change() -> None:
    doc = parse_yaml((FIXTURES / "chronology-case.yaml").read_text("utf-8"), "case.yaml")
    case, _ = check.check_document(doc)
    assert case is not None
    before = doc.data
    data = dict(before)
    new_event = {"date": "2019-05-02", "agency": "gp", "type": "gp-appointment", "summary": "Seen"}
    data["events"] = [*before["events"], new_event]
    changed, problems = check.check_change(changed_doc(data), before, case)
    full, full_problems = check.check_document(changed_doc(copy.deepcopy(data)))
    assert changed is not None and full is not None
    assert changed == full and problems == full_problems
    assert all(a is b for a, b in zip(changed.events, case.events, strict=False))
    assert changed.people is case.people


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"agency": "nobody"}, "unknown agency 'nobody'"),
        ({"people": ["mother", "ghost"]}, "unknown person 'ghost'"),
        ({"episodes": ["ep-x"]}, "unknown episode 'ep-x'"),
        ({"type": "teleport"}, "unknown event type 'teleport'"),
        ({"child_seen": False, "seen_alone": True}, "seen alone but also as not seen"),
        ({"date": "31/02/2019"}, "February 2019 has 28 days"),
    ],
)
def test_check_change_finds_what_check_document_finds(change: dict[str, Any], message: str) -> None:
    doc = parse_yaml((FIXTURES / "chronology-case.yaml").read_text("utf-8"), "case.yaml")
    case, _ = check.check_document(doc)
    assert case is not None
    before = doc.data
    data = dict(before)
    event = {"date": "2019-05-02", "agency": "gp", "type": "gp-appointment", "summary": "Seen"}
    data["events"] = [*before["events"], {**event, **change}]
    changed, problems = check.check_change(changed_doc(data), before, case)
    assert changed is None
    assert problems == check.check_document(changed_doc(data))[1]
    assert any(message in p.message for p in problems), problems


# --- importing awkward text --------------------------------------------------------------------


@pytest.fixture
def case_file(copy_case: CopyCase) -> Path:
    return copy_case("chronology-case.yaml")


def test_awkward_cells_are_imported_word_for_word(case_file: Path, tmp_path: Path) -> None:
    ret = tmp_path / "gp.csv"
    # (Tabs and line separators in a cell are tidied by the reader, as documented.)
    written = [
        text for text in AWKWARD if text.strip() and not {"\t", "\x85", "\u2028"} & set(text)
    ]
    with ret.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Date", "Type", "Summary", "Details"])
        for n, text in enumerate(written):
            details = f"{text}\n\nSecond paragraph, {n}." if n % 2 else None
            writer.writerow([f"{1 + n % 28:02d}/05/2019", "GP", text.strip(), details])
    result = invoke("import", case_file, ret, "--agency", "gp")
    assert result.exit_code == 0, result.stderr
    events = [e for e in load_case(case_file).case.events if e.provenance]
    assert [e.summary for e in events] == [text.strip() for text in written]
    assert [e.details for e in events] == [
        f"{text.strip()}\n\nSecond paragraph, {n}." if n % 2 else None
        for n, text in enumerate(written)
    ]
    assert check.check_file(case_file)[0] is not None


def test_a_cross_reference_the_rows_break_is_refused(
    case_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the new events are validated again, but every cross-check still runs: should the
    reading of a row ever let an unknown person through, the save is refused, located, and
    the file is left byte for byte as it was."""
    before = case_file.read_bytes()
    ret = tmp_path / "gp.csv"
    ret.write_text("Date,Type,Summary\n02/05/2019,GP,Seen\n03/05/2019,GP,Seen again\n", "utf-8")
    monkeypatch.setattr(cells.PeopleIndex, "resolve", lambda self, value: (["ghost"], []))
    with pytest.raises(CaseInvalidError) as caught:
        import_returns(case_file, [ret], Options("gp"))
    count = len(check.load_case(case_file).case.events)
    assert [(p.path, p.message) for p in caught.value.problems] == [
        (f"events[{count + n}].people[0]", "unknown person 'ghost' (after this change)")
        for n in range(2)
    ]
    assert case_file.read_bytes() == before
    assert not (tmp_path / "case.yaml.bak").exists()
