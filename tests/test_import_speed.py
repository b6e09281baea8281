"""The shortcuts that make `reviewkit import` fast give exactly what the plain ways gave.

Reading YAML asks PyYAML's resolver only about scalars it may tag as something other than
text, and remembers its answers for short ones; the file's layout is found from the lines
that end in a colon; the real names of an import's rows are found once per distinct text,
over fields worked out once per model. Each is checked here against the plain way on real
files: the fixtures, the samples, a synthetic case and return as bench/make_cases.py writes
them, and awkward shapes. The import's summary of many real names is checked too.
"""

from __future__ import annotations

import difflib
import importlib.util
import itertools
import re
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from reviewkit.casefile import load_case, parse_yaml
from reviewkit.casefile import read as read_module
from reviewkit.casefile.realnames import (
    NameFinder,
    _skipped,
    find_real_names,
    names_in,
    names_in_item,
)
from reviewkit.casefile.roundtrip import guess_layout
from reviewkit.chronology import importer
from reviewkit.names import people_vocabulary

from conftest import invoke

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
YAML_FILES = sorted(
    [*FIXTURES.glob("*.yaml"), *(ROOT / "sample_cases").glob("*/*.yaml")],
)


def _make_cases() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_cases", ROOT / "bench" / "make_cases.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bench_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A 300-event synthetic case and a 300-row return with real names, as the bench has."""
    module = _make_cases()
    folder = tmp_path_factory.mktemp("bench")
    case = folder / "case.yaml"
    case.write_text(
        yaml.dump(module.make_case(300), sort_keys=False, allow_unicode=True, width=100),
        encoding="utf-8",
    )
    back = folder / "return.csv"
    module.write_return(back, 300)
    return case, back


# --- the resolver asked only where it may answer something other than text ----------------


def _plain_parse(text: str) -> Any:
    """parse_yaml as it was: the resolver asked about every scalar."""
    builder = read_module._Builder("x", read_module.Positions(), "case file", record=False)
    builder.may_resolve = None
    loader = read_module._Loader(text)
    try:
        return builder.run(iter(loader.get_event, None))
    finally:
        loader.dispose()


AWKWARD = (
    """\
plain: text
yes_word: yes
Yes: No
on: off
'<<': quoted merge key is text
n: ~
empty:
blank: ''
number: 12
hex: 0x7E7
sexagesimal: 17:25
float: 1.5e3
dot: .inf
date: 2019-03-14
quoted_date: '2019-03-14'
minus: -3
plus: +3
tilde: ~
list: [y, n, Y, N, true, FALSE, null, Null, NULL, 0o17, 1_000, .5, -.inf, .NaN]
block: |
  yes
folded: >
  12
long: """
    + "yes " * 30
    + """
"""
)


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_reading_yaml_gives_what_asking_the_resolver_every_time_gave(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert parse_yaml(text, str(path), positions=False).data == _plain_parse(text)
    assert parse_yaml(text, str(path)).data == _plain_parse(text)


def test_reading_yaml_awkward_scalars_and_the_synthetic_case(
    bench_files: tuple[Path, Path],
) -> None:
    for text in (AWKWARD, bench_files[0].read_text(encoding="utf-8")):
        fast = parse_yaml(text, "x", positions=False).data
        assert fast == _plain_parse(text)
        # Read as PyYAML reads it, apart from what reviewkit keeps as written on purpose.
    fast = parse_yaml(AWKWARD, "x").data
    assert fast["yes_word"] is True and fast["Yes"] is False and fast["on"] is False
    assert fast["<<"] == "quoted merge key is text"
    assert fast["number"] == 12 and fast["hex"] == "0x7E7" and fast["sexagesimal"] == "17:25"
    assert fast["date"] == "2019-03-14" and fast["n"] is None and fast["empty"] is None
    assert fast["list"][:7] == ["y", "n", "Y", "N", True, False, None]
    assert fast["block"] == "yes\n" and fast["folded"] == "12\n"


def test_a_plain_merge_key_is_still_refused() -> None:
    from reviewkit.errors import InputFileError

    with pytest.raises(InputFileError, match="merge keys are not supported"):
        parse_yaml("base: &b {a: 1}\nother:\n  <<: *b\n", "m.yaml")


# --- the layout found from the lines that end in a colon --------------------------------------


def _lines(text: str) -> Iterator[str]:
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        yield text[start:end].rstrip("\r")
        start = end + 1


def _plain_layout(text: str) -> tuple[int, int, int]:
    """guess_layout as it was: every line read in turn."""
    mapping = sequence = offset = None
    kept = (ln for ln in _lines(text) if ln.strip() and not ln.lstrip().startswith("#"))
    for above, line in itertools.pairwise(kept):
        above_indent = len(above) - len(above.lstrip(" "))
        indent = len(line) - len(line.lstrip(" "))
        if not above.rstrip().endswith(":") or indent <= above_indent:
            continue
        body = line.lstrip(" ")
        if body.startswith("- ") and sequence is None:
            offset = indent - above_indent
            rest = body[2:]
            sequence = offset + 2 + (len(rest) - len(rest.lstrip(" ")))
        elif not body.startswith("-") and mapping is None and not above.lstrip().startswith("- "):
            mapping = indent - above_indent
        if mapping is not None and sequence is not None:
            break
    mapping = mapping or 2
    if sequence is None or offset is None:
        sequence, offset = mapping + 2, mapping
    return mapping, max(sequence, offset + 2), offset


LAYOUTS = [
    "a:\n  b: 1\nc:\n- d\n",
    "a:\r\n    b: 1\r\nc:\r\n  -   d\r\n",
    "# a:\n    b: 1\nc:  \n\n   # note:\n\n   - x: 1\n     y: 2\n",
    "a: 'x:'\n  b: 1\nc: \u00a0\n      k: v\n",
    "list:\n- one:\n    two: 1\n- three\n",
    "  a:\n b\nc:",
    "",
    "x:\n#\n\n",
]


def test_the_layout_is_what_reading_every_line_found(bench_files: tuple[Path, Path]) -> None:
    texts = [*LAYOUTS, bench_files[0].read_text(encoding="utf-8")]
    texts += [p.read_text(encoding="utf-8") for p in YAML_FILES]
    for text in texts:
        assert guess_layout(text) == _plain_layout(text), text[:80]


# --- real names found once per text -------------------------------------------------------


def _plain_walk(value: Any, path: tuple[Any, ...], pattern: tuple[str, ...]) -> Iterator[Any]:
    """realnames._walk as it was: every field of every model asked in turn."""
    if _skipped(pattern):
        return
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, BaseModel):
        for name, info in type(value).model_fields.items():
            key = info.alias or name
            yield from _plain_walk(getattr(value, name), (*path, key), (*pattern, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _plain_walk(item, (*path, i), (*pattern, "*"))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _plain_walk(item, (*path, key), (*pattern, "*"))


def test_the_rows_real_names_are_what_each_row_searched_alone_found(
    bench_files: tuple[Path, Path],
) -> None:
    case_path, back = bench_files
    case = load_case(case_path, report_names=False).case
    plan = importer.plan_import(case, [back], importer.Options(agency="ag01"))
    rows = plan.returns[0].rows
    assert len(rows) == 300
    vocab = people_vocabulary(case)
    finder = NameFinder(vocab)
    total = 0
    for row in rows:
        plain = [
            hit
            for path, text in _plain_walk(row.event, (), ("events", "*"))
            for hit in names_in(text, path, vocab)
        ]
        assert (
            finder.in_item(row.event, "events")
            == plain
            == names_in_item(row.event, "events", vocab)
        )
        total += len(plain)
    assert total > 300  # the synthetic agencies name the family in most rows
    assert len(plan.returns[0].real_names) == total


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_free_text_walks_the_fields_the_plain_walk_did(path: Path) -> None:
    try:
        case = load_case(path, report_names=False).case
    except Exception:  # noqa: BLE001 - not every fixture is a whole valid case
        pytest.skip("not a valid case file")
    from reviewkit.casefile.realnames import free_text

    assert list(free_text(case)) == list(_plain_walk(case, (), ()))
    vocab = people_vocabulary(case)
    plain = [h for p, t in _plain_walk(case, (), ()) for h in names_in(t, p, vocab)]
    assert find_real_names(case) == plain


# --- many real names summed up ------------------------------------------------------------


def test_many_real_names_are_summed_up_and_check_lists_every_one(
    tmp_path: Path, bench_files: tuple[Path, Path]
) -> None:
    case = tmp_path / "case.yaml"
    shutil.copy(bench_files[0], case)
    back = bench_files[1]
    before = load_case(case, report_names=False).case
    found = importer.plan_import(before, [back], importer.Options(agency="ag01"))
    total = len(found.returns[0].real_names)
    assert total > 300
    result = invoke("import", case, back, "--agency", "ag01")
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert len(lines) < 20
    located = [ln for ln in lines if ln.startswith(f"{back}:") and "is written here" in ln]
    assert len(located) == 3  # the first few, each with its row and column
    assert all(ln.split(":")[1].isdigit() for ln in located)
    rows = len({(r.where, r.row) for r in found.returns[0].real_names})
    assert f"{back}: warning: real names are written {total:,} times in {rows:,} rows" in (
        result.stderr
    )
    people = [ln for ln in lines if ln.startswith(f"{back}: warning:   ")]
    counts = [ln.rsplit(": ", 1)[1].split(",")[0] for ln in people]
    assert sum(1 if c == "once" else int(c.split()[0]) for c in counts) == total
    assert "`reviewkit pseudonymise CASE` changes them all in the case file" in result.stderr
    # No real name is printed.
    real = {w for p in before.people for w in (p.real_name or "").split()}
    assert real and not any(name in result.output for name in real)
    # `check` lists every one, each with its line and column in the case file.
    checked = invoke("check", case)
    listed = [ln for ln in checked.output.splitlines() if "is written here" in ln]
    first = len(before.events)
    new = [ln for ln in listed if _event_at_least(ln, first)]
    assert len(new) == total
    assert all(ln.startswith(f"{case}:") and ln.split(":")[2].isdigit() for ln in new)


def _event_at_least(line: str, first: int) -> bool:
    """True for a check line about events[N] with N >= first."""
    at = line.find(": events[")
    if at < 0:
        return False
    number = line[at + len(": events[") :].split("]", 1)[0]
    return number.isdigit() and int(number) >= first


def test_row_ranges_say_runs_and_scattered_rows() -> None:
    ranges = importer._row_ranges
    assert ranges([7]) == "row 7"
    assert ranges([2, 3, 4, 5, 9, 12, 13]) == "rows 2-5, 9, 12-13"
    assert ranges([3, 5, 7, 9, 11]) == "in 5 rows from 3 to 11"
    assert ranges([4, 4, 5]) == "rows 4-5"


@pytest.mark.parametrize("positions", [True, False])
def test_a_key_written_twice_is_located_whichever_way_it_is_read(positions: bool) -> None:
    from reviewkit.errors import InputFileError

    text = "review:\n  title: One\n  kind: lcspr\n  title: Two\n"
    with pytest.raises(InputFileError) as caught:
        parse_yaml(text, "case.yaml", positions=positions)
    assert caught.value.message == (
        "case.yaml:4:3: the key 'title' appears twice in one mapping (first at line 2)."
    )


# --- cells of one line read without the general splitting ---------------------------------

CELLS = [
    "",
    " ",
    "  Home visit  ",
    "Visit\u00a0by HV",
    "a\rb",
    "a\r\nb",
    "line one \n\n line two ",
    "one\u2028two\u0085three",
    "tab\there",
    "\u3000wide space\u3000",
]


def _plain_tidy(text: str) -> str:
    text = text.replace("\u00a0", " ").replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.strip().split("\n"))


def _plain_read_text(value: str, *, one_line: bool) -> str | None:
    import re

    if not value.strip():
        return None
    if one_line:
        return " ".join(value.split())
    paragraphs = re.split(r"\n\s*\n", value.strip())
    return "\n\n".join(" ".join(p.split()) if "\n" not in p else p.strip() for p in paragraphs)


def test_cells_read_as_the_general_way_read_them(bench_files: tuple[Path, Path]) -> None:
    import csv

    from reviewkit.chronology import cells, reader

    with bench_files[1].open(encoding="utf-8", newline="") as handle:
        texts = [c for row in csv.reader(handle) for c in row]
    for text in [*CELLS, *texts]:
        assert reader._tidy_text(text) == _plain_tidy(text), repr(text)
        for one_line in (True, False):
            assert cells.read_text(text, one_line=one_line) == _plain_read_text(
                text, one_line=one_line
            ), repr(text)


# --- rows read in copies of the process, names without their replacements ------------------


@pytest.mark.parametrize("bad", [False, True], ids=["clean", "bad-rows"])
def test_an_import_shared_with_copies_is_the_import_made_here(
    bench_files: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bad: bool
) -> None:
    from reviewkit import parallel

    case_path, back = bench_files
    options: list[str] = []
    if bad:  # rows with problems spread over every chunk: refused, then skipped, alike
        lines = back.read_text(encoding="utf-8").splitlines(keepends=True)
        for number in range(7, len(lines), 41):
            lines[number] = "31/02/2019" + lines[number][lines[number].index(",") :]
        back = tmp_path / "bad.csv"
        back.write_text("".join(lines), encoding="utf-8")
        options = ["--skip-bad"]
    made: dict[str, tuple[bytes, str]] = {}
    for way, processors in (("here", 1), ("copies", 4)):
        monkeypatch.setattr(parallel, "processors", lambda n=processors: n)
        monkeypatch.setattr(parallel, "CHUNK_MIN", 7)  # 300 rows: four chunks
        folder = tmp_path / way
        folder.mkdir()
        case = folder / "case.yaml"
        shutil.copy(case_path, case)
        if bad:
            refused = invoke("import", case, back, "--agency", "ag01")
            assert refused.exit_code != 0 and "31/02/2019" in refused.stderr
            assert case.read_bytes() == case_path.read_bytes()
        result = invoke("import", case, back, "--agency", "ag01", *options)
        assert result.exit_code == 0, result.stderr
        made[way] = case.read_bytes(), result.stderr.replace(str(folder), "FOLDER")
        if bad:
            made[way + " refused"] = b"", refused.stderr.replace(str(folder), "FOLDER")
    assert made["copies"] == made["here"]
    assert "real names are written" in made["here"][1]
    if bad:
        assert made["copies refused"] == made["here refused"]


def test_names_found_without_replacements_are_the_same_names(
    bench_files: tuple[Path, Path],
) -> None:
    case_path, back = bench_files
    case = load_case(case_path, report_names=False).case
    rows = importer.plan_import(case, [back], importer.Options(agency="ag01")).returns[0].rows
    vocab = people_vocabulary(case)
    with_words, without = NameFinder(vocab), NameFinder(vocab)
    for row in rows:
        full = with_words.in_item(row.event, "events")
        bare = without.in_item(row.event, "events", replacements=False)
        assert bare == [replace(hit, replacement="") for hit in full]


def test_the_best_heading_is_what_scoring_every_known_heading_found(
    bench_files: tuple[Path, Path],
) -> None:
    import csv

    from reviewkit.chronology import headers

    def plain(heading: str) -> tuple[str, float] | None:
        """best_field as it was: every known heading compared letter by letter."""
        key = headers.normalise(heading)
        if not key or key.isdigit() or len(key) > headers._LONGEST:
            return None
        if key in headers._KNOWN:
            return headers._KNOWN[key], 1.0
        words = headers._content(key)
        best, best_score = "", -1.0
        for known, theirs in headers._KNOWN_WORDS.items():
            value = 2 * len(words & theirs) / (len(words) + len(theirs)) if words and theirs else 0
            alike = difflib.SequenceMatcher(None, known, key, autojunk=False).ratio()
            value = max(value, alike if alike >= 0.8 else alike / 2)
            if value > best_score:
                best, best_score = known, value
        return headers._KNOWN[best], round(best_score, 2)

    with bench_files[1].open(encoding="utf-8", newline="") as handle:
        cells = [c for row in itertools.islice(csv.reader(handle), 40) for c in row]
    known = list(headers._KNOWN)
    slips = [k[:i] + k[i + 1 :] for k in known for i in range(0, len(k), 3)]
    joined = [f"{a} {b}" for a, b in itertools.pairwise(known)]
    for heading in [*cells, *slips, *joined, "Sumary", "Date/time", "Who was seen?", "x"]:
        assert headers.best_field(heading) == plain(heading), heading


def test_the_first_letter_gate_finds_what_the_whole_pattern_found(
    bench_files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from reviewkit import names

    case = load_case(bench_files[0], report_names=False).case
    texts = [text for _, text in _plain_walk(case, (), ())]
    texts += [
        "the Morrows came; Mrs. Morrow and J. R. Ashby met Élodie, ÉLODIE and élodie.",
        "tyler's mum; TYLER; Tyler-Quinn; kAYDEN; Kelvin \u212aayden; 3Dean_Ashby2023.xlsx",
        "an Ashby, a Quinn, the Quinns' flat, Dr Morrow, prof quinn, Mr\u00a0Ashby",
    ]
    gated = people_vocabulary(case)
    assert names._first_letters(gated.variants)  # the bench's names all start with letters
    monkeypatch.setattr(names, "_first_letters", lambda variants: "")
    whole = people_vocabulary(case)
    gates = ("(?=[tTaA])", f"(?=[{names._TITLE_FIRSTS}])", r"(?=[A-Z]\.)")
    pattern = whole.regex().pattern  # type: ignore[union-attr]
    assert all(gate in pattern for gate in gates)
    for gate in gates:  # and the lookaheads before "the", a title and initials
        pattern = pattern.replace(gate, "")
    whole._regex = re.compile(pattern)
    for text in texts:
        assert gated.find(text) == whole.find(text), text


def test_the_splice_lines_read_as_the_list_of_lines() -> None:
    from reviewkit.casefile.splice import _Lines

    for text in ["", "a\n", "a:\n  - b\n\n# c\r\nd\u2028e\x85f", "no end", "\n\n\n"]:
        lines = text.splitlines(keepends=True)
        view = _Lines(text, lines)
        assert len(view) == len(lines)
        assert [view[i] for i in range(len(lines))] == lines
        assert view[-1:] == lines[-1:] and view[:] == lines
        for a, b in itertools.product(range(len(lines) + 2), repeat=2):
            assert view.text(a, b) == "".join(lines[a:b])
            assert view[a:b] == lines[a:b]
