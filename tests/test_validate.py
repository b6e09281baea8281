"""One test per validation message: exact located text, as `reviewkit check` prints it."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewkit.casefile import check_document, load_case, load_yaml, parse_yaml
from reviewkit.errors import InputFileError

from conftest import FIXTURES, problems

BASE = (FIXTURES / "check-valid.yaml").read_text(encoding="utf-8")


def edit(old: str, new: str, text: str = BASE) -> str:
    """The base case with one line changed (the old text must occur exactly once)."""
    assert text.count(old) == 1, old
    return text.replace(old, new)


def test_base_fixture_is_valid() -> None:
    case, found = check_document(parse_yaml(BASE, "case.yaml"))
    assert case is not None
    assert found == []
    assert [e.id for e in case.sorted_events()] == ["e1", "e2"]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # unknown keys, with a hint when a known key is close
        (
            "    summary: Police called to the home\n",
            "    summary: Police called to the home\n    sumary: typo\n",
            "case.yaml:45:5: events[1].sumary: unknown key 'sumary' (did you mean 'summary'?)",
        ),
        (
            "  partnership: Testshire",
            "  partnershp: Testshire",
            "case.yaml:5:3: review.partnershp: unknown key 'partnershp' (did you mean 'partnership'?)",
        ),
        # required keys
        (
            "    title: The first home visit\n",
            "",
            "case.yaml:54:5: episodes[0]: 'title' is required but missing",
        ),
        # wrong types
        (
            "    name: Amy\n",
            "    name: [Amy]\n",
            "case.yaml:13:11: people[0].name: expected text, got a list",
        ),
        (
            "    child_seen: yes\n",
            "    child_seen: sometimes\n",
            "case.yaml:37:17: events[0].child_seen: expected yes or no (true/false), got 'sometimes'",
        ),
        (
            "    people: [amy, mum]\n",
            "    people: amy\n",
            "case.yaml:36:13: events[0].people: expected a list (lines starting with '- '), got a text",
        ),
        (
            '    time: "17:25"\n',
            '    time: "17:25"\n    seq: first\n',
            "case.yaml:42:10: events[1].seq: expected a whole number, got 'first'",
        ),
        (
            '    time: "17:25"\n',
            '    time: "17:25"\n    seq: -1\n',
            "case.yaml:42:10: events[1].seq: must be at least 0, got -1",
        ),
        # choices
        (
            "  kind: lcspr",
            "  kind: lcpsr",
            "case.yaml:4:9: review.kind: 'lcpsr' is not one of: lcspr, rapid-review, thematic, "
            "national, scr, sar, dhr, cpr, other (did you mean 'lcspr'?)",
        ),
        # ids and times
        (
            "  - id: e1\n",
            "  - id: event one\n",
            "case.yaml:31:9: events[0].id: 'event one' is not a valid id: ids use letters, "
            "digits, '-', '_' or '.', no spaces\n"
            "case.yaml:57:14: episodes[0].events[0]: unknown event 'e1'",
        ),
        (
            '    time: "17:25"\n',
            '    time: "5pm"\n',
            "case.yaml:41:11: events[1].time: '5pm' is not in the expected form",
        ),
        # dates
        (
            "    date: 2020-03-01\n",
            "    date: 31/02/2020\n",
            "case.yaml:32:11: events[0].date: '31/02/2020' is not a date: February 2020 has 29 days",
        ),
        (
            "    period: March 2020 to April 2020\n",
            "    period: April 2020 to March 2020\n",
            "case.yaml:56:13: episodes[0].period: 'April 2020 to March 2020' ends before it starts",
        ),
        # duplicate ids
        (
            "  - id: hv\n",
            "  - id: police\n",
            "case.yaml:27:9: agencies[1].id: duplicate id 'police' (first used at line 24)\n"
            "case.yaml:33:13: events[0].agency: unknown agency 'hv'",
        ),
        # dangling references
        (
            "    agency: hv\n",
            "    agency: hvv\n",
            "case.yaml:33:13: events[0].agency: unknown agency 'hvv' (did you mean 'hv'?)",
        ),
        (
            "    people: [amy, mum]\n",
            "    people: [amy, mun]\n",
            "case.yaml:36:19: events[0].people[1]: unknown person 'mun' (did you mean 'mum'?)",
        ),
        (
            "    episodes: [kpe1]\n  - id: e2",
            "    episodes: [kpe2]\n  - id: e2",
            "case.yaml:38:16: events[0].episodes[0]: unknown episode 'kpe2' (did you mean 'kpe1'?)",
        ),
        (
            "    themes: [da]\ninterviews:",
            "    themes: [dv]\ninterviews:",
            "case.yaml:45:14: events[1].themes[0]: unknown theme 'dv'",
        ),
        (
            "    events: [e1, e2]\n",
            "    events: [e1, e3]\n",
            "case.yaml:57:18: episodes[0].events[1]: unknown event 'e3'",
        ),
        (
            "    child_seen: yes\n",
            "    child_seen: yes\n    provenance:\n      - {agency: hv}\n      - {agency: gp, row: 3}\n",
            "case.yaml:40:18: events[0].provenance[1].agency: unknown agency 'gp'",
        ),
        (
            "      - {person: amy, kind: daughter}\n",
            "      - {person: ammy, kind: daughter}\n",
            "case.yaml:22:18: people[1].relationships[0].person: unknown person 'ammy' "
            "(did you mean 'amy'?)",
        ),
        (
            "    person: mum\n",
            "    person: dad\n",
            "case.yaml:48:13: interviews[0].person: unknown person 'dad'",
        ),
        # vocabulary
        (
            "    type: health-visiting\n",
            "    type: health-visitng\n",
            "case.yaml:29:11: agencies[1].type: unknown agency type 'health-visitng' (did you "
            "mean 'health-visiting'?); see docs/case-file.md, or add it under "
            "vocabulary.agency_types",
        ),
        (
            "    type: home-visit\n",
            "    type: home visit\n",
            "case.yaml:34:11: events[0].type: unknown event type 'home visit' (did you mean "
            "'home-visit'?); see docs/case-file.md, or add it under vocabulary.event_types",
        ),
        # scope and ages
        (
            "    to: 2021-06-30\n",
            "    to: 2019-06-30\n",
            "case.yaml:10:9: review.scope.to: the scope period ends (2019-06-30) before it "
            "starts (2020-01-01)",
        ),
        (
            "    age_at_incident: 2 years\n",
            "    age_at_incident: 5 years\n",
            "case.yaml:17:22: people[0].age_at_incident: '5 years' does not match the date of "
            "birth (2019-05-01): on the incident date (2021-06-01) Amy was 2 years 1 month",
        ),
        (
            "    age_at_incident: 2 years\n",
            "    age_at_incident: toddler\n",
            "case.yaml:17:22: people[0].age_at_incident: 'toddler' is not an age; write it "
            "like '7 weeks', '14 months' or '3 years 2 months'",
        ),
        # consistency
        (
            "    child_seen: yes\n",
            "    child_seen: no\n    seen_alone: yes\n",
            "case.yaml:38:17: events[0].seen_alone: the child is recorded as seen alone but "
            "also as not seen",
        ),
        (
            "    person: mum\n",
            "",
            "case.yaml:47:5: interviews[0]: a family conversation needs 'person' (a person id)",
        ),
        (
            "    addressee: The Safeguarding Partnership\n",
            "    addressee: The Safeguarding Partnership\n"
            "    number: 1\n"
            "  - text: A second recommendation.\n"
            "    number: 1\n"
            "    addressee: The ICB\n",
            "case.yaml:67:13: recommendations[1].number: recommendation number 1 is used twice",
        ),
    ],
)
def test_error_messages(old: str, new: str, expected: str) -> None:
    assert problems(edit(old, new)) == expected.split("\n")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "    date: 2020-03-01\n",
            "    date: 2019-03-01\n",
            "case.yaml:32:11: warning: events[0].date: 2019-03-01 is outside the scope period "
            "(2020-01-01 to 2021-06-30); it is shown as background\n"
            "case.yaml:57:14: warning: episodes[0].events[0]: event 'e1' (2019-03-01) falls "
            "outside this episode's period (March 2020 to April 2020)",
        ),
        (
            "    consent_to_quote: yes\n",
            "    consent_to_quote: no\n",
            "case.yaml:51:7: warning: interviews[0].quotes: there is no consent to quote "
            "(consent_to_quote: no); these quotes are left out of reports",
        ),
        (
            "  - kind: family\n    person: mum\n",
            "  - kind: group\n",
            "case.yaml:47:5: warning: interviews[0]: a group event should say how many "
            "attended (attendance)",
        ),
        (
            "    period: March 2020 to April 2020\n",
            "    period: March 2020\n",
            "case.yaml:57:18: warning: episodes[0].events[1]: event 'e2' (early April 2020) "
            "falls outside this episode's period (March 2020)",
        ),
    ],
)
def test_warnings_do_not_fail(old: str, new: str, expected: str) -> None:
    text = edit(old, new)
    case, found = check_document(parse_yaml(text, "case.yaml"))
    assert case is not None
    assert [str(p) for p in found] == expected.split("\n")


def test_ten_planted_mistakes_in_one_run() -> None:
    text = BASE
    for old, new in [
        ("  kind: lcspr\n", "  kind: lcpsr\n"),
        ("    to: 2021-06-30\n", "    to: 2019-06-30\n"),
        ("    age_at_incident: 2 years\n", "    age_at_incident: 2 years\n    nickname: Ames\n"),
        ("  - id: hv\n", "  - id: police\n"),
        ("    date: 2020-03-01\n", "    date: 31/02/2020\n"),
        ("    child_seen: yes\n", "    child_seen: perhaps\n"),
        ("    type: da-incident\n", "    type: da-incidnet\n"),
        ("    themes: [da]\ninterviews", "    themes: [dv]\ninterviews"),
        ("    events: [e1, e2]\n", "    events: [e1, e9]\n"),
        ("    addressee: The Safeguarding Partnership\n", ""),
    ]:
        text = edit(old, new, text)
    assert problems(text) == [
        "case.yaml:4:9: review.kind: 'lcpsr' is not one of: lcspr, rapid-review, thematic, "
        "national, scr, sar, dhr, cpr, other (did you mean 'lcspr'?)",
        "case.yaml:10:9: review.scope.to: the scope period ends (2019-06-30) before it starts "
        "(2020-01-01)",
        "case.yaml:18:5: people[0].nickname: unknown key 'nickname' (did you mean 'name'?)",
        "case.yaml:28:9: agencies[1].id: duplicate id 'police' (first used at line 25)",
        "case.yaml:33:11: events[0].date: '31/02/2020' is not a date: February 2020 has 29 days",
        "case.yaml:34:13: events[0].agency: unknown agency 'hv'",
        "case.yaml:38:17: events[0].child_seen: expected yes or no (true/false), got 'perhaps'",
        "case.yaml:44:11: events[1].type: unknown event type 'da-incidnet' (did you mean "
        "'da-incident'?); see docs/case-file.md, or add it under vocabulary.event_types",
        "case.yaml:46:14: events[1].themes[0]: unknown theme 'dv'",
        "case.yaml:58:18: episodes[0].events[1]: unknown event 'e9'",
        "case.yaml:64:5: recommendations[0]: 'addressee' is required but missing",
    ]


def test_bad_yaml_syntax_is_located() -> None:
    with pytest.raises(InputFileError) as err:
        parse_yaml(edit("    name: Amy\n", "    name: [Amy\n"), "case.yaml")
    assert err.value.message.startswith("case.yaml:14:")
    assert "YAML syntax error" in err.value.message


def test_python_tags_are_refused() -> None:
    with pytest.raises(InputFileError) as err:
        parse_yaml(
            edit("    name: Amy\n", "    name: !!python/object/apply:os.system [ls]\n"), "c.yaml"
        )
    assert err.value.message == (
        "c.yaml:13:11: the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not "
        "allowed; a case file holds plain YAML data only (remove the tag, or quote the value)."
    )


def test_alias_bomb_is_refused() -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]']
    for i, name in enumerate("bcdefgh"):
        prev = "abcdefgh"[i]
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 10) + "]")
    with pytest.raises(InputFileError) as err:
        parse_yaml("\n".join(lines), "bomb.yaml")
    assert "aliases here expand to more than 100,000 repeated values" in err.value.message


def test_duplicate_keys_are_located() -> None:
    with pytest.raises(InputFileError) as err:
        parse_yaml(edit("    name: Amy\n", "    name: Amy\n    name: Ann\n"), "case.yaml")
    assert err.value.message == (
        "case.yaml:14:5: the key 'name' appears twice in one mapping (first at line 13)."
    )


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_bytes(BASE.replace("Amy", "Am\xe9").encode("latin-1"))
    with pytest.raises(InputFileError) as err:
        load_yaml(path)
    assert err.value.message == (
        f"{path}:3: the case file is not UTF-8 text (byte 0xe9); save it as UTF-8 in your "
        "editor and try again."
    )


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_bytes(b"PK\x03\x04\x00\x00binary")
    with pytest.raises(InputFileError) as err:
        load_yaml(path)
    assert err.value.message == f"{path}: this is not a text file; a case file is YAML text."


def test_oversized_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("reviewkit.casefile.read.MAX_BYTES", 1024 * 1024)
    path = tmp_path / "case.yaml"
    path.write_text("# padding\n" * 300_000, encoding="utf-8")
    with pytest.raises(InputFileError) as err:
        load_yaml(path)
    assert err.value.message == (
        f"{path}: 3 MB is larger than the 1 MB reviewkit reads; split the case file or "
        "remove embedded material."
    )


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputFileError) as err:
        load_case(tmp_path / "nope.yaml")
    assert err.value.message == f"{tmp_path / 'nope.yaml'}: no such case file; check the path."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "",
            "case.yaml:1:1: a case file is a mapping of sections (review:, people:, ...); "
            "this one is empty",
        ),
        (
            "- a\n- b\n",
            "case.yaml:1:1: a case file is a mapping of sections (review:, "
            "people:, ...); this one is a list",
        ),
        ("people: []\n", "case.yaml:1:1: 'review' is required but missing"),
    ],
)
def test_whole_file_shape(text: str, expected: str) -> None:
    assert problems(text) == [expected]


def test_times_and_dates_stay_as_written() -> None:
    case, _ = check_document(parse_yaml(BASE, "case.yaml"))
    assert case is not None
    assert case.events[1].time == "17:25"
    assert str(case.events[1].date) == "early April 2020"
    assert str(case.events[0].date) == "2020-03-01"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "base: &b {title: x}\nreview:\n  <<: *b\n",
            "c.yaml:3:3: '<<' merge keys are not supported; write keys out.",
        ),
        (
            "review:\n  ? [a, b]\n  : value\n",
            "c.yaml:2:5: a key must be plain text.",
        ),
        (
            "review: *nowhere\n",
            "c.yaml:1:9: the alias '*nowhere' refers to no anchor before it.",
        ),
        (
            "review: !custom value\n",
            "c.yaml:1:9: the tag '!custom' is not allowed; a case file holds plain YAML data "
            "only (remove the tag, or quote the value).",
        ),
    ],
)
def test_unsupported_yaml_is_located(text: str, expected: str) -> None:
    with pytest.raises(InputFileError) as err:
        parse_yaml(text, "c.yaml")
    assert err.value.message == expected


def test_anchors_and_aliases_within_limits_are_read() -> None:
    doc = parse_yaml("a: &x [1, 2]\nb: *x\n", "c.yaml")
    assert doc.data == {"a": [1, 2], "b": [1, 2]}
    assert doc.positions.values[("b",)] == (2, 4)


def test_a_folder_is_not_a_case_file(tmp_path: Path) -> None:
    with pytest.raises(InputFileError) as err:
        load_yaml(tmp_path)
    assert err.value.message == (f"{tmp_path}: is a folder; give the path of the case file itself.")


def test_yaml_11_values_stay_as_authors_mean_them() -> None:
    doc = parse_yaml('t: 17:25\nd: 2019-03-14\nseen: yes\nn: ~\nq: "yes"\nz: 010\n', "c.yaml")
    assert doc.data == {
        "t": "17:25",
        "d": "2019-03-14",
        "seen": True,
        "n": None,
        "q": "yes",
        "z": "010",
    }


# --- values that used to crash a command or pass unnoticed ----------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "    age_at_incident: 2 years\n",
            "    age_at_incident: 99999999 days\n",
            "case.yaml:17:22: people[0].age_at_incident: '99999999 days' is not an age; write "
            "it like '7 weeks', '14 months' or '3 years 2 months'",
        ),
        (
            "    date: 2020-03-01\n",
            "    date: 9999-03-01\n",
            "case.yaml:32:11: events[0].date: '9999-03-01' is not a date: year 9999 is out of "
            "range (1900 to 2100)",
        ),
        (
            "    date: 2020-03-01\n",
            "    date: 0001-03-01\n",
            "case.yaml:32:11: events[0].date: '0001-03-01' is not a date: year 0001 is out of "
            "range (1900 to 2100)",
        ),
        (
            "    date: 2020-03-01\n",
            "    date: March 1899\n",
            "case.yaml:32:11: events[0].date: 'March 1899' is not a date: year 1899 is out of "
            "range (1900 to 2100)",
        ),
        (
            "    date: 2020-03-01\n",
            "    date: 0x7E7\n",
            "case.yaml:32:11: events[0].date: '0x7E7' is not a date reviewkit understands; "
            "write it like 2019-03-14, 14/03/2019, March 2019, early March 2019, autumn 2019, "
            "2019, c. March 2019 or 2019-03-01 to 2019-04-15",
        ),
        (
            "    date: 2020-03-01\n",
            "    date: \u0662\u0660\u0662\u0660-\u0660\u0663-\u0660\u0661\n",
            "case.yaml:32:11: events[0].date: '\u0662\u0660\u0662\u0660-\u0660\u0663-\u0660\u0661'"
            " is not a date: write its digits as 0 to 9",
        ),
        (
            "  title: Review concerning Amy\n",
            "  title: '   '\n",
            "case.yaml:3:10: review.title: must not be empty",
        ),
        (
            "  partnership: Testshire Safeguarding Children Partnership\n",
            "  partnership: ''\n",
            "case.yaml:5:16: review.partnership: must not be empty",
        ),
        (
            "    name: Amy\n",
            "    name: ' '\n",
            "case.yaml:13:11: people[0].name: must not be empty",
        ),
        (
            "    summary: Police called to the home\n",
            '    summary: ""\n',
            "case.yaml:44:14: events[1].summary: must not be empty",
        ),
        (
            '    time: "17:25"\n',
            '    time: "17:25"\n    seq: true\n',
            "case.yaml:42:10: events[1].seq: expected a whole number, got yes or no (true/false)",
        ),
        (
            '    time: "17:25"\n',
            '    time: "17:25"\n    seq: 0x10\n',
            "case.yaml:42:10: events[1].seq: expected a whole number, got '0x10'",
        ),
        (
            "  - kind: family\n    person: mum\n",
            "  - kind: group\n    attendance: yes\n",
            "case.yaml:48:17: interviews[0].attendance: expected a whole number, got yes or no "
            "(true/false)",
        ),
        (
            "    child_seen: yes\n",
            "    child_seen: 1\n",
            "case.yaml:37:17: events[0].child_seen: expected yes or no (true/false), got '1'",
        ),
        (
            "    dob: 2019-05-01\n    age_at_incident: 2 years\n",
            "    dob: 2022-05-01\n",
            "case.yaml:16:10: people[0].dob: the date of birth (2022-05-01) is after every event "
            "(the last is early April 2020), so the child would be unborn throughout the "
            "timeline; check the year",
        ),
    ],
)
def test_hostile_values_are_refused(old: str, new: str, expected: str) -> None:
    assert problems(edit(old, new)) == expected.split("\n")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "    name: Amy\n",
            "    !!python/object name: Amy\n",
            "case.yaml:13:5: the tag 'tag:yaml.org,2002:python/object' is not allowed; a case "
            "file holds plain YAML data only (remove the tag, or quote the value).",
        ),
        (
            "    child_seen: yes\n",
            '    child_seen: !!bool "definitely not"\n',
            "case.yaml:37:17: the tag 'tag:yaml.org,2002:bool' is not allowed; a case file "
            "holds plain YAML data only (remove the tag, or quote the value).",
        ),
        (
            "    name: Amy\n",
            "    name: !!str Amy\n",
            "case.yaml:13:11: the tag 'tag:yaml.org,2002:str' is not allowed; a case file holds "
            "plain YAML data only (remove the tag, or quote the value).",
        ),
        (
            "    people: [amy, mum]\n",
            "    people: !!seq [amy, mum]\n",
            "case.yaml:36:13: the tag 'tag:yaml.org,2002:seq' is not allowed; a case file holds "
            "plain YAML data only (remove the tag, or quote the value).",
        ),
        (
            "    name: Amy\n",
            "    name: A\x07my\n",
            "case.yaml:13:12: the control character U+0007 is not allowed in a case file; delete "
            "it (it often comes with text pasted from another program).",
        ),
        (
            "    name: Amy\n",
            "    name: \u00c9mi\x1b\n",
            "case.yaml:13:14: the control character U+001B is not allowed in a case file; delete "
            "it (it often comes with text pasted from another program).",
        ),
    ],
)
def test_unsafe_yaml_is_refused_with_its_place(old: str, new: str, expected: str) -> None:
    with pytest.raises(InputFileError) as err:
        parse_yaml(edit(old, new), "case.yaml")
    assert err.value.message == expected


def test_a_second_yaml_document_is_refused() -> None:
    with pytest.raises(InputFileError) as err:
        parse_yaml(BASE + "---\nreview: {title: Another}\n", "case.yaml")
    assert err.value.message == (
        "case.yaml:66:1: a second YAML document starts here ('---'); a case file is one "
        "document: remove this line, or move what follows it into a file of its own."
    )


def test_one_document_may_start_with_its_marker() -> None:
    case, found = check_document(parse_yaml("---\n" + BASE + "...\n", "case.yaml"))
    assert case is not None and found == []
