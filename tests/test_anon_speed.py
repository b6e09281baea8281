"""The fast paths of anonymise find exactly what the plain ones found.

Anonymise passes over a text without running a finder when the text cannot hold what it
finds, writes its YAML through libyaml's emitter from nodes it builds itself, and scans the
written file value by value. Each shortcut is checked here against the plain way on real
texts: the planted corpus, the samples and hostile shapes.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from anon_corpus.plants import corpus_case

from reviewkit.anonymise import Options, anonymise_file, identifiers
from reviewkit.anonymise.anonymiser import _dump
from reviewkit.errors import LeakError

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "sample_cases").glob("*/case.yaml"))


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _every_detector(text: str) -> list[identifiers.Found]:
    """find_identifiers as it was: every detector over every text, overlaps checked one by one."""
    taken: list[identifiers.Found] = []
    for detector in identifiers.DETECTORS:
        for found in detector(text):
            if not any(found.start < t.end and t.start < found.end for t in taken):
                taken.append(found)
    return sorted(taken, key=lambda f: f.start)


HOSTILE = [
    "",
    "No digits here, and no marks at all.",
    "Snapchat: @kay_lee and kay__lee, see instagram.com/kaylee",
    "FACEBOOK.COM/some.one wrote",
    "user_name is on TikTok - kay_lee",
    "e-mail kay@example.org or KAY@EXAMPLE.ORG",
    "DOB: 19-Jul-1990, born on 3 March 2019, NHS 943 476 5919, QQ 12 34 56 C",
    "Call 07700 900482 or +44 7700 900484 or 0044 7700 900 485; LS1 4AP; ls1 4ap",
    "PC 4521 and DC4521 at 12 Acacia Road, AB12 CDE, UPN A123456789012, crime ref 12/34567/21",
    "١٢٣٤٥٦٧٨٩٠ and ０７７００ ９００４８２",  # digits of other scripts: \\d matches them too
    "Ref 1234567 1234567 1234567 " * 40,
    # Each detector's cheap gate: shapes and words at their edges.
    "(0161) 496 0000, 0161-496-0000, 0044 (0)7700 900 485, +44(0)7700.900.486",
    "PCSO 1234, Sgt 12, Sergeant #4521, Constable4521, shoulder no. 77, Collar num: 4521",
    "Date Of Birth - 3.4.19; d.o.b 19th of July 1990; BORN on 3 March 2019",
    "Mosaic id: 12, EHM: 4, SystmOne 1234, crime ref AB/123, case no. 7, CAD 1234",
    "flat 2, 14 Elm Rd. and 3b, The Old Mews; AB12 CDE; ab12cde; ls1 4ap",
    # Letters that fold to ASCII ones in an IGNORECASE pattern: every detector runs.
    "Date of b\u0131rth: 3 March 2019; \u0131nstagram: @kay_lee; Ho\u017fpital number 1234567",
    "\u212aAY@EXAMPLE.ORG; \u0130nstagram - kay_lee; crime ref 12/34567/21",
]


def test_find_identifiers_skips_only_texts_that_cannot_hold_one() -> None:
    data, _ = corpus_case()
    texts = _strings(data) + HOSTILE
    for sample in SAMPLES:
        texts += _strings(yaml.safe_load(sample.read_text(encoding="utf-8")))
    assert len(texts) > 500
    for text in texts:
        assert identifiers.find_identifiers(text) == _every_detector(text), text


def test_find_identifiers_overlaps_in_a_long_text() -> None:
    # Thousands of finds in one document: the same finds, in order, without overlaps.
    text = " ".join(HOSTILE[6:9]) * 300
    found = identifiers.find_identifiers(text)
    assert found == _every_detector(text)
    assert len(found) > 3000
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))


def _plain_dump(data: dict[str, Any], *, scheme: str, mode: str) -> str:
    """The anonymised YAML as PyYAML's own representer and dumper write it."""

    class Dumper(yaml.SafeDumper):
        pass

    def text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
        value = value.strip()
        style = "|" if "\n" in value else None
        if style:
            value = "\n".join(line.rstrip() for line in value.splitlines()) + "\n"
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text)
    body = yaml.dump(
        data,
        Dumper=Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )
    return _dump({}, scheme=scheme, mode=mode).split("{}")[0] + body


@pytest.mark.parametrize("case", SAMPLES, ids=lambda p: p.parent.name)
def test_the_yaml_is_written_as_pydumper_writes_it(case: Path) -> None:
    data = yaml.safe_load(case.read_text(encoding="utf-8"))
    data["extra"] = {
        "empty": {},
        "none": [],
        "nothing": None,
        "flags": [True, False, 3, 2.5],
        "lines": "First line  \nsecond line\n\n third",
        "quoted": ["yes", "no", "null", "2019-03-04", "a: b", "- item", "'quote'", "é ü"],
    }
    assert _dump(data, scheme="letters", mode="age") == _plain_dump(
        data, scheme="letters", mode="age"
    )


def test_the_output_scan_locates_a_leak_on_its_line(tmp_path: Path) -> None:
    # A place label holding a real surname reaches the output: the scan of the written file
    # (value by value) finds it and says the line and column where it is written.
    case = ROOT / "tests" / "fixtures" / "anon-case.yaml"
    text = case.read_text(encoding="utf-8")
    assert 'label: "a street nearby"' in text
    leaky = tmp_path / "case.yaml"
    leaky.write_text(text.replace('label: "a street nearby"', 'label: "the Pryce estate"'))
    with pytest.raises(LeakError) as err:
        anonymise_file(leaky, Options(offset_days=-7 * 60, output_name="anon.yaml"))
    hits = err.value.hits
    assert [h.what for h in hits] == ["Mother's partner: surname"]
    line, col = (int(n) for n in hits[0].where.split(":"))
    # Where the hit says, the file holds the surname; the anonymiser is run again up to the
    # write to see the text (the leak stops it before anything is written).
    from reviewkit.anonymise import anonymiser

    seen: list[str] = []
    dump = anonymiser._dump

    def keep(*args: Any, **kwargs: Any) -> str:
        seen.append(dump(*args, **kwargs))
        return seen[-1]

    mp = pytest.MonkeyPatch()
    mp.setattr(anonymiser, "_dump", keep)
    try:
        with pytest.raises(LeakError):
            anonymise_file(leaky, Options(offset_days=-7 * 60, output_name="anon.yaml"))
    finally:
        mp.undo()
    written = seen[0].splitlines()[line - 1]
    assert written[col - 1 :].startswith("the Pryce estate")  # "the" is part of the hit


DATED = [
    "Seen on 3 March 2019, again in early April and on 11, 18 and 25 July.",
    "In the summer of 2019 and in mid-March; the 2013 incident; Q1 2020; 2019-20.",
    "On Monday 4th Nov the visit; Sept. 5th; 14/3; 2024/01/08; 22-Jan-2024; 23-01-23.",
    "Around the beginning of May the family moved; in May she said may be.",
    "A decided doctor, a junior, a separate summary: none of these is a month.",
    # Ages with no digit and no month name: checked against the real dates all the same.
    "Child A was seen at five months.",
    "The three-year-old, Child A, was at nursery.",
    "When Child A was two weeks old the health visitor called.",
]


@pytest.mark.parametrize("mode", ["age", "interval", "shift"])
def test_the_date_rewrite_passes_over_only_texts_without_a_date(
    mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime as dt

    from reviewkit.anonymise import relative_dates
    from reviewkit.anonymise.relative_dates import Child, Timeframe
    from reviewkit.dates import parse_date

    data, _ = corpus_case()
    texts = _strings(data) + HOSTILE + DATED
    for sample in SAMPLES:
        texts += _strings(yaml.safe_load(sample.read_text(encoding="utf-8")))
    child = Child("Child A", parse_date("2018-05-14"))
    context = parse_date("2019-06-01")

    def rewrite_all() -> list[tuple[str, list[tuple[str, str]], str, int, list[Any]]]:
        frame = Timeframe(mode=mode, offset_days=-7 * 60, anchor=parse_date(dt.date(2019, 1, 1)))
        out = []
        for text in texts:
            new, changed = frame.rewrite(text, context=context, child=child)
            out.append((new, changed, frame.unmoved, frame.unread, list(frame.checks)))
        return out

    gated = rewrite_all()
    monkeypatch.setattr(relative_dates, "_MAY_HOLD_DATE", re.compile(""))  # every text
    assert gated == rewrite_all()
    assert sum(1 for new, *_ in gated if new) > 500
