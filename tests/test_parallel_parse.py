"""A long case file parsed in pieces on spare processors gives exactly the whole parse's data.

`parse_yaml(..., positions=False)` cuts a long text at its long top-level lists' items and
parses runs of them apart (reviewkit/casefile/pieces.py). Here the thresholds are lowered, so
small texts are cut too and shared out in four chunks (three of them in forked copies), and
every result is held to the plain parse of the whole text: the same data, in the same key
order, or the same error with the same line. Where a cut could not be proved right, the
whole text is parsed, and that is checked as well.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from reviewkit import parallel
from reviewkit.casefile import parse_yaml, pieces, read
from reviewkit.errors import InputFileError

from conftest import SAMPLES


@pytest.fixture
def cuts(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Any text is cut, shared out in four chunks; the list says, per parse, if it was cut."""
    monkeypatch.setattr(pieces, "SPLIT_MIN_CHARS", 0)
    monkeypatch.setattr(parallel, "CHUNK_MIN", 10)
    monkeypatch.setattr(parallel, "processors", lambda: 4)
    monkeypatch.setattr(parallel, "free_processors", lambda: 3)
    done: list[bool] = []
    parse_cut = read._parse_cut

    def spy(text: str, file: str, what: str) -> tuple[Any] | None:
        result = parse_cut(text, file, what)
        done.append(result is not None)
        return result

    monkeypatch.setattr(read, "_parse_cut", spy)
    return done


def whole(text: str, file: str = "case.yaml") -> Any:
    """The plain parse of the whole text (no positions), or the error it raises."""
    saved = pieces.SPLIT_MIN_CHARS
    pieces.SPLIT_MIN_CHARS = 1 << 62
    try:
        return parse_yaml(text, file, positions=False).data
    except InputFileError as exc:
        return exc
    finally:
        pieces.SPLIT_MIN_CHARS = saved


def in_pieces(text: str, file: str = "case.yaml") -> Any:
    """The parse that may cut the text, or the error it raises."""
    try:
        return parse_yaml(text, file, positions=False).data
    except InputFileError as exc:
        return exc


def same(text: str) -> Any:
    """Both parses of the text, held equal (errors by their message); the data."""
    expected, got = whole(text), in_pieces(text)
    if isinstance(expected, InputFileError):
        assert isinstance(got, InputFileError)
        assert str(got) == str(expected)
    else:
        assert got == expected
        assert _key_orders(got) == _key_orders(expected)
    return got


def _key_orders(data: Any) -> list[list[str]]:
    """Every mapping's keys in order, depth first (equal dicts may differ in order)."""
    found: list[list[str]] = []
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            found.append(list(value))
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return found


@pytest.mark.parametrize("case", sorted(SAMPLES.glob("*/case.yaml")), ids=lambda p: p.parent.name)
def test_every_sample_case_gives_the_whole_parse(cuts: list[bool], case: Path) -> None:
    same(case.read_text(encoding="utf-8"))
    assert cuts == [True]


def test_it_really_shares_the_items_out(monkeypatch: pytest.MonkeyPatch, cuts: list[bool]) -> None:
    chunks: list[list[int]] = []  # per chunk, how many items of each list it parsed
    results = parallel.Job.results

    def counting(job: parallel.Job[Any]) -> Any:
        for got in results(job):
            chunks.append([len(values) for values in got])
            yield got

    monkeypatch.setattr(parallel.Job, "results", counting)
    data = same(_events(40, random.Random(1)))
    assert cuts == [True]
    assert sum(1 for counts in chunks if sum(counts)) > 1  # shared out, in several chunks
    assert sum(sum(counts) for counts in chunks) == len(data["events"]) + len(data["episodes"])
    assert sum(1 for counts in chunks for n in counts if n) >= 5  # pieces of both lists


def test_a_parse_started_ahead_is_joined_with_the_same_data(
    cuts: list[bool], tmp_path: Path
) -> None:
    text = _events(40, random.Random(3))
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    read.parse_ahead(path)
    started = read._ahead
    assert started is not None and started.job.copies  # copies at work already
    assert parse_yaml(read.read_text(path), str(path), positions=False).data == whole(text)
    assert cuts == [True]
    assert read._ahead is None and not any(started.job.copies)  # joined: none left


def test_a_file_changed_after_its_parse_started_is_parsed_as_it_is(
    cuts: list[bool], tmp_path: Path
) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(_events(40, random.Random(4)), encoding="utf-8")
    read.parse_ahead(path)
    started = read._ahead
    assert started is not None
    changed = _events(41, random.Random(5))
    path.write_text(changed, encoding="utf-8")
    data = parse_yaml(read.read_text(path), str(path), positions=False).data
    assert data == whole(changed)
    assert not any(started.job.copies)  # the copies of the old text were ended


def test_a_file_that_cannot_be_read_or_cut_starts_nothing(
    monkeypatch: pytest.MonkeyPatch, cuts: list[bool], tmp_path: Path
) -> None:
    read.parse_ahead(tmp_path / "missing.yaml")
    assert read._ahead is None  # the command reads it, and says it is missing
    (tmp_path / "bad.yaml").write_bytes(b"review: \xff\n")
    read.parse_ahead(tmp_path / "bad.yaml")
    assert read._ahead is None
    short = tmp_path / "short.yaml"
    short.write_text(_events(40, random.Random(6)), encoding="utf-8")
    monkeypatch.setattr(pieces, "SPLIT_MIN_CHARS", len(short.read_text("utf-8")) + 1)
    read.parse_ahead(short)
    assert read._ahead is None  # too short to gain from copies: parsed whole


def test_a_parse_started_ahead_and_never_joined_ends_with_the_process(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(_events(400, random.Random(7)), encoding="utf-8")
    script = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from reviewkit import parallel\n"
        "from reviewkit.casefile import pieces, read\n"
        "pieces.SPLIT_MIN_CHARS = 0\n"
        "parallel.CHUNK_MIN = 10\n"
        "parallel.processors = lambda: 4\n"
        "parallel.free_processors = lambda: 3\n"
        "read.parse_ahead(Path(sys.argv[1]))\n"
        "print(*[c[0] for c in read._ahead.job.copies if c], flush=True)\n"
        "time.sleep(0.5)  # the copies have parsed, and wait to be read\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    pids = [int(pid) for pid in done.stdout.split()]
    assert len(pids) == 3
    for pid in pids:  # ended and waited for: not even a zombie is left
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_a_short_text_is_parsed_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    called: list[str] = []
    monkeypatch.setattr(pieces, "cut", lambda text, **_: called.append(text))
    parse_yaml(_events(40, random.Random(2)), "case.yaml", positions=False)
    assert called == []  # far below SPLIT_MIN_CHARS: not even looked at


def test_a_busy_machine_has_the_text_parsed_whole(
    monkeypatch: pytest.MonkeyPatch, cuts: list[bool]
) -> None:
    monkeypatch.setattr(parallel, "free_processors", lambda: 0)
    same(_events(40, random.Random(9)))
    assert cuts == [False]


def test_free_processors_are_counted_from_what_runs_now(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    loadavg = tmp_path / "loadavg"
    monkeypatch.setattr(parallel, "LOADAVG", loadavg)
    monkeypatch.setattr(parallel, "processors", lambda: 4)
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 4)
    loadavg.write_text("3.10 2.90 2.80 1/90 12345\n")  # this process alone
    assert parallel.free_processors() == 3
    loadavg.write_text("3.10 2.90 2.80 5/90 12345\n")  # others on every processor
    assert parallel.free_processors() == 0
    loadavg.unlink()  # not Linux: as if all but this process's were free
    assert parallel.free_processors() == 3


def test_no_copy_cuts_again_while_processors_are_shared(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(parallel, "CHUNK_MIN", 1)
    monkeypatch.setattr(parallel, "processors", lambda: 4)
    assert parallel.parts(100) == 4
    inside = list(parallel.in_chunks(8, lambda start, end: parallel.parts(100)))
    # A parse within a chunk (a write's read-back) runs there, in one piece.
    assert inside == [1] * (len(parallel.chunk_bounds(8, 4)) - 1)
    assert parallel.parts(100) == 4


def _events(count: int, rng: random.Random, *, indent: str = "", odd: bool = False) -> str:
    """A case-like text: a long events list, awkward content in its items, lists after it.

    With `odd`, some items also hold what makes the text be parsed whole (a quoted or flow
    value with a line at the dash column, anchors) or a mistake.
    """
    out = ["# a fictional case\n", "review:\n", "  title: Test\n", "\n", "events:  # all\n"]
    dash = f"{indent}- "
    inner = indent + "  "
    kinds = [
        f"{inner}details: |\n{inner}  - starts like an item\n{inner}  -\n"
        f"{inner}  second line\n\n{inner}  after a blank line\n",
        f'{inner}details: "a quoted value\n{inner}  over lines - with dashes"\n',
        f"{inner}details: a plain value\n{inner}  going on\n{inner}  - and on\n",
        f"# a comment at column 0\n\n{inner}# one in the item\n"
        f"{inner}people:\n{inner}- mother\n{inner}- child-a\n",
        f"{inner}people:\n{inner}  - [a, b]\n{inner}  - - nested\n",
        f"{inner}summary: Zoë met the école's café owner — “quoted” ✓\n",
        f"{inner}flow: {{a: 1,\n{inner}  b: [2,\n{inner}   3]}}\n",
        f"{inner}seq: 2\n{inner}done: yes\n{inner}time: 17:25\n{inner}n: 0x7E7\n",
        f"{inner}empty:\n{inner}text: '- not an item'\n\n\n",
        f"{inner}folded: >-\n{inner}  one\n\n{inner}  two\n{inner}keep: |+\n{inner}  kept\n\n",
    ]
    odd_kinds = [
        f'{inner}details: "a quote\n{dash}id: not-an-item\n{inner}over"\n',
        f"{inner}details: [a,\n{dash}b]\n",
        f"{inner}who: &m{rng.randrange(3)} mother\n",
        f"{inner}date: a\n{inner}date: b\n",
        f"{inner}bad: [\n",
    ]
    for n in range(count):
        out.append(f"{dash}id: e{n}\n{inner}date: '2020-01-{n % 28 + 1:02d}'\n")
        out.append(rng.choice(odd_kinds if odd and rng.random() < 0.04 else kinds))
    out.append("episodes:\n")
    for n in range(count // 2):
        out.append(f"{dash}id: ep{n}\n{inner}events: [e{n}]\n")
    out.append("themes: []\nconclusions: >\n  folded\n  text\n")
    return "".join(out)


@pytest.mark.parametrize("indent", ["", "  ", "    "], ids=["indentless", "two", "four"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_awkward_content_gives_the_whole_parse(cuts: list[bool], indent: str, seed: int) -> None:
    text = _events(30 + seed * 17, random.Random(seed), indent=indent)
    same(text)
    assert cuts == [True]


def test_windows_line_ends_give_the_whole_parse(cuts: list[bool]) -> None:
    same(_events(40, random.Random(4), indent="  ").replace("\n", "\r\n"))
    assert cuts == [True]


def _with(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


LATE = "- id: e33\n"  # an item in the last quarter of the list


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # a key written twice in a later item: the plain error, with both lines
        (LATE, "- id: e33\n  date: x\n  date: y\n"),
        # a syntax error in a later item
        (LATE, "- id: e33\n  details: [unclosed\n"),
        (LATE, "- id: e33\n  details: 'unclosed\n"),
        (LATE, "- id: e33\n   bad: indentation\n"),
        # a tag, refused where it is
        (LATE, "- id: e33\n  n: !!int 3\n"),
        # a second document
        (LATE, "---\n- id: e33\n"),
        # a line at column 1 after an item
        ("episodes:\n", " stray: 1\nepisodes:\n"),
        # a top-level key written twice
        ("themes: []\n", "themes: []\nreview: again\n"),
        # a character YAML refuses
        (LATE, "- id: e33\n  details: bell \a\n"),
    ],
    ids=["twice", "flow", "quote", "indent", "tag", "document", "stray", "top", "control"],
)
def test_an_error_in_a_piece_is_the_whole_parse_s(cuts: list[bool], old: str, new: str) -> None:
    error = same(_with(_events(40, random.Random(5)), old, new))
    assert isinstance(error, InputFileError)
    assert cuts == [False]


def test_a_key_twice_in_a_late_item_says_both_lines(cuts: list[bool]) -> None:
    text = _with(_events(40, random.Random(6)), LATE, "- id: e33\n  date: x\n  date: y\n")
    line = text[: text.index("  date: y")].count("\n") + 1
    with pytest.raises(InputFileError) as raised:
        parse_yaml(text, "case.yaml", positions=False)
    assert str(raised.value) == (
        f"case.yaml:{line}:3: the key 'date' appears twice in one mapping "
        f"(first at line {line - 1})."
    )


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # anchors and aliases (across items, or within one): parsed whole
        ("- id: e3\n", "- id: e3\n  who: &m mother\n"),
        (LATE, "- id: e33\n  who: *m\n"),
        # a quoted value with a line at the dash column that looks like an item
        (LATE, '- id: e33\n  details: "a quote\n- id: not-an-item\n  ends here"\n'),
        # a flow collection over lines, with one at the dash column
        (LATE, "- id: e33\n  people: [a,\n- b]\n"),
        # a tab in the indentation, and a byte order mark
        (LATE, "- id: e33\n\t\n"),
        ("# a fictional case", "\ufeff# a fictional case"),
        # a line YAML breaks that a "\n" does not
        (LATE, "- id: e33\n  details: a\u2028- b\n"),
    ],
    ids=["anchor", "alias", "quoted", "flow", "tab", "bom", "separator"],
)
def test_anything_unusual_is_parsed_whole(cuts: list[bool], old: str, new: str) -> None:
    text = _events(40, random.Random(7))
    if new.endswith("*m\n"):
        text = _with(text, "- id: e3\n", "- id: e3\n  who: &m mother\n")
    same(_with(text, old, new))
    assert cuts == [False]


def test_a_list_key_inside_a_quoted_value_is_not_taken_for_one(cuts: list[bool]) -> None:
    items = "".join(f"- e{n}\n" for n in range(40))
    text = f'notes: "a note\nevents:\n{items}the note ends"\nevents:\n'
    data = same(text)
    assert data["events"] is None
    assert data["notes"].startswith("a note events: - e0 - e1")
    assert cuts == [False]


def test_a_long_list_as_the_last_thing_in_the_file(cuts: list[bool]) -> None:
    items = "".join(f"  - id: e{n}\n    text: '{n}'\n" for n in range(50))
    same(f"events:\n{items.rstrip()}")  # no line end at the very end
    same(f"review:\n  title: t\nevents:\n\n  # first\n{items}  # last\n\n")
    assert cuts == [True, True]


def test_a_list_ending_at_a_line_between_columns_is_parsed_whole(cuts: list[bool]) -> None:
    text = _with(
        _events(40, random.Random(8), indent="  "), "episodes:\n", " stray: 1\nepisodes:\n"
    )
    error = same(text)
    assert isinstance(error, InputFileError)
    assert cuts == [False]


@pytest.mark.parametrize("seed", range(40))
def test_random_texts_give_the_whole_parse(
    monkeypatch: pytest.MonkeyPatch, cuts: list[bool], seed: int
) -> None:
    rng = random.Random(seed)
    monkeypatch.setattr(parallel, "CHUNK_MIN", rng.choice([1, 10, 100]))
    odd = seed % 2 == 1
    text = _events(rng.randrange(5, 60), rng, indent=rng.choice(["", "  ", "    "]), odd=odd)
    same(text)
    assert odd or cuts == [True]
