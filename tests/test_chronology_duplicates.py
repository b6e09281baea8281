"""Events that several agencies recorded: finding them, and merging them on the author's word."""

from __future__ import annotations

import itertools
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from reviewkit.casefile import load_case
from reviewkit.chronology.duplicates import compatible, find_duplicates, merged
from reviewkit.model import Case

from conftest import FIXTURES, NARROW, CopyCase, invoke

INTERACTIVE = "REVIEWKIT_INTERACTIVE"
_DATE = re.compile(r"\d{1,2} [A-Z][a-z]+ \d{4}")  # a timeline row's date, in words
RETURNS = {
    "police": "chronology-police.csv",
    "csc": "chronology-csc.csv",
    "hv": "chronology-hv.csv",
}


@pytest.fixture
def family(copy_case: CopyCase, tmp_path: Path) -> Path:
    """A case built from three agencies' returns about the same family."""
    case_file = copy_case("chronology-case.yaml")
    for agency, name in RETURNS.items():
        shutil.copy(FIXTURES / name, tmp_path / name)
        result = invoke("import", case_file, tmp_path / name, "--agency", agency)
        assert result.exit_code == 0, result.stderr
    return case_file


def case_of(path: Path) -> Case:
    return load_case(path).case


def strategy_discussions(case: Case) -> list[Any]:
    return [e for e in case.events if e.type == "strategy-discussion"]


def group_id(stdout: str) -> str:
    found = re.findall(r"^Group ([0-9a-f]{6}):", stdout, re.MULTILINE)
    assert len(found) == 1, stdout
    return found[0]


def test_three_returns_give_one_group_listed_side_by_side(family: Path) -> None:
    before = family.read_bytes()
    result = invoke("duplicates", family)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("1 group of likely duplicates:\n")
    gid = group_id(out)
    assert f"Group {gid}: same day; same type; people in common: Mother, Child K" in out
    header = next(line for line in out.splitlines() if "Police" in line and "CSC" in line)
    assert header.split() == ["Police", "CSC", "HV"]
    assert max(len(line) for line in out.splitlines()) <= 80
    # A long temporary path may be wrapped anywhere at 80 columns: compare without whitespace.
    tail = f"To merge a group into one event: reviewkit duplicates {family} --accept ID"
    assert "".join(out.split()).endswith("".join(tail.split()))
    wide = invoke("duplicates", family, env={"COLUMNS": "140"}).stdout
    assert "chronology-police.csv:3" in wide and "chronology-hv.csv:2" in wide
    assert family.read_bytes() == before  # listing never merges


def test_accept_merges_into_one_event_that_keeps_every_source(family: Path) -> None:
    gid = group_id(invoke("duplicates", family).stdout)
    assert len(strategy_discussions(case_of(family))) == 3

    result = invoke("duplicates", family, "--accept", gid)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"Merged group {gid}: one event from Police, CSC, HV (3 sources kept).",
        f"Saved {family} (the version before: case.yaml.bak).",
    ]
    case = case_of(family)
    (event,) = strategy_discussions(case)
    assert event.agency == "police"
    assert event.agencies == ["police", "csc", "hv"]
    assert [(p.agency, p.file, p.row) for p in event.provenance] == [
        ("police", "chronology-police.csv", 3),
        ("csc", "chronology-csc.csv", 3),
        ("hv", "chronology-hv.csv", 2),
    ]
    assert event.summary == (
        "Strategy discussion with CSC and health about the incident on 14 March."
    )
    assert event.details == (
        "CSC: Strategy discussion with police and health visitor; section 47 enquiry agreed.\n\n"
        "HV: Health visitor joined the strategy discussion with CSC and police."
    )
    assert event.outcome == (
        "Police: Section 47 enquiry agreed; police to check the partner's history.\n\n"
        "CSC: Section 47 enquiry to start; visit within 24 hours."
    )
    assert event.analysis == (
        "Police: Police attended by phone.\n\n"
        "CSC: The discussion went ahead the same day: good practice.\n\n"
        "HV: HV shared the missed development review."
    )
    assert event.people == ["mother", "child-k"]
    assert event.time == "10:00"

    # The timeline shows the strategy discussion once, with all three agencies and sources.
    shown = invoke("timeline", family, "--provenance", env={"COLUMNS": "160"})
    assert shown.exit_code == 0, shown.stderr
    lines = [line for line in shown.stdout.splitlines() if "Strategy discussion" in line]
    assert len(lines) == 1
    at = shown.stdout.index(lines[0])
    # The entry runs on until the next one's date ("16 March 2019").
    rest = shown.stdout[at:].splitlines()
    block = [rest[0], *itertools.takewhile(lambda line: not _DATE.match(line), rest[1:])]
    assert block[0].split()[:7] == ["15", "March", "2019,", "21", "months", "Police,", "Strategy"]
    assert block[1].split()[:3] == ["10:00", "CSC,", "HV"]
    for source in ("chronology-police.csv:3", "chronology-csc.csv:3", "chronology-hv.csv:2"):
        assert any(source in line for line in block)
    table = invoke("timeline", family, "--format", "md").stdout
    rows = [line for line in table.splitlines() if "Strategy discussion" in line]
    assert rows == [
        "| 15 March 2019, 10:00 | 21 months | Police, CSC, HV | Strategy discussion | Strategy "
        "discussion with CSC and health about the incident on 14 March. | In scope |"
    ]
    # ... and is still found when filtering by any of its agencies.
    for agency in ("police", "csc", "hv"):
        filtered = invoke("timeline", family, "--agency", agency, env={"COLUMNS": "160"})
        assert "Strategy discussion" in filtered.stdout

    again = invoke("duplicates", family)
    assert again.stdout == "No likely duplicates among 8 events.\n"


def test_interactive_yes_merges_and_no_leaves_them(family: Path) -> None:
    before = family.read_bytes()
    env = {**NARROW, "REVIEWKIT_INTERACTIVE": "1"}
    result = invoke("duplicates", family, env=env, input="n\n")
    assert result.exit_code == 0, result.stderr
    assert "Merge group" in result.stdout and "(1 of 1)? [y]es, [n]o, [q]uit" in result.stdout
    assert result.stdout.rstrip().endswith("Nothing merged.")
    assert family.read_bytes() == before

    result = invoke("duplicates", family, env=env, input="maybe\ny\n")
    assert result.exit_code == 0, result.stderr
    assert "Answer y (merge), n (leave them apart) or q (stop)." in result.stdout
    assert "one event from Police, CSC, HV (3 sources kept)." in result.stdout
    assert result.stdout.splitlines()[-2:] == [
        "Merged 1 group.",
        f"Saved {family} (the version before: case.yaml.bak).",
    ]
    assert len(strategy_discussions(case_of(family))) == 1


def test_interactive_end_of_input(family: Path) -> None:
    before = family.read_bytes()
    result = invoke("duplicates", family, env={**NARROW, "REVIEWKIT_INTERACTIVE": "1"}, input="")
    assert result.exit_code == 2
    assert result.stderr == (
        "reviewkit: no answer (input ended); nothing more was merged. List the groups with "
        "`reviewkit duplicates CASE` and merge one with --accept ID.\n"
    )
    assert family.read_bytes() == before


def test_accept_an_unknown_group(family: Path) -> None:
    gid = group_id(invoke("duplicates", family).stdout)
    result = invoke("duplicates", family, "--accept", "abc123")
    assert result.exit_code == 2
    assert result.stderr == (
        f"reviewkit: --accept abc123: there is no such group of likely duplicates now (the "
        f"current groups: {gid}). Run `reviewkit duplicates {family}` to list them; a group's "
        "id changes when one of its events is edited.\n"
    )


def test_reimporting_a_merged_return_keeps_the_merge(family: Path, tmp_path: Path) -> None:
    gid = group_id(invoke("duplicates", family).stdout)
    assert invoke("duplicates", family, "--accept", gid).exit_code == 0
    result = invoke("import", family, tmp_path / "chronology-csc.csv", "--agency", "csc")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        "chronology-csc.csv was imported before, and this import replaces it: 3 unchanged."
    )
    (event,) = strategy_discussions(case_of(family))
    assert len(event.provenance) == 3


# --- the rules ------------------------------------------------------------------------------


def case_with(events: list[dict[str, Any]], episodes: list[dict[str, Any]] | None = None) -> Case:
    base = load_case(FIXTURES / "chronology-case.yaml").case.model_dump(by_alias=True)
    base["events"] = events
    base["episodes"] = episodes or []
    base["imports"] = []
    return Case.model_validate(base)


def ev(agency: str, date: str, type_: str, summary: str, **more: Any) -> dict[str, Any]:
    return {"agency": agency, "date": date, "type": type_, "summary": summary, **more}


def test_types_must_be_compatible() -> None:
    assert compatible("icpc", "core-group")
    assert compatible("strategy-discussion", "meeting")
    assert compatible("home-visit", "other")
    assert not compatible("referral", "strategy-discussion")
    assert not compatible("arrest", "home-visit")


def test_what_is_and_is_not_a_candidate() -> None:
    case = case_with(
        [
            ev("police", "2019-03-15", "strategy-discussion", "Strategy meeting held."),
            ev("csc", "2019-03-16", "strategy-discussion", "Strategy meeting held."),  # adjacent
            ev("hv", "2019-03-18", "strategy-discussion", "Strategy meeting held."),  # too late
            ev("gp", "2019-03-15", "gp-appointment", "Strategy meeting held."),  # other type
            ev("police", "2019-06-01", "home-visit", "Welfare check.", people=["mother"]),
            ev("hv", "2019-06-01", "phone-call", "Rang Mother.", people=["mother"]),  # unrelated
            ev("csc", "2019-06-01", "home-visit", "Visit to Mother.", people=["mother"]),
            ev("police", "2019", "court", "Court hearing."),  # too vague to compare
            ev("csc", "2019-05-01", "court", "Court hearing."),
        ]
    )
    groups = find_duplicates(case)
    assert [g.indices for g in groups] == [[0, 1], [4, 6]]
    assert groups[0].reasons == ["within a day", "same type", "summaries 100% alike"]
    assert groups[1].reasons == ["same day", "same type", "people in common: Mother"]


def test_one_agency_is_never_its_own_duplicate() -> None:
    case = case_with(
        [
            ev("police", "2019-03-15", "police-callout", "Call-out to the flat."),
            ev("police", "2019-03-15", "police-callout", "Call-out to the flat."),
        ]
    )
    assert find_duplicates(case) == []


def test_merging_moves_episode_links_and_keeps_hand_written_sources(tmp_path: Path) -> None:
    case_file = tmp_path / "case.yaml"
    case_file.write_text(
        (FIXTURES / "chronology-case.yaml")
        .read_text(encoding="utf-8")
        .replace(
            '  - date: "2019-05-20"\n',
            "  - id: csc-callout\n"
            '    date: "2019-02-03"\n'
            "    agency: csc\n"
            "    type: da-incident\n"
            '    summary: "Neighbour reported shouting; police officers attended the flat."\n'
            "    people: [mother, child-k]\n"
            '    source: "CSC contact record"\n'
            "    child_seen: false\n"
            '  - date: "2019-05-20"\n',
        )
        .replace("events: [first-callout]", "events: [csc-callout, first-callout]"),
        encoding="utf-8",
    )
    case = case_of(case_file)
    (group,) = find_duplicates(case)
    assert [case.events[i].id for i in group.indices] == ["first-callout", "csc-callout"]
    one = merged(case, group)
    assert one.type == "police-callout" and one.id == "first-callout"
    assert one.people == ["mother", "partner", "child-k"]
    assert one.child_seen is False and one.source == "CSC contact record"
    assert [(p.agency, p.file, p.record) for p in one.provenance] == [
        ("police", None, None),
        ("csc", None, "CSC contact record"),
    ]
    result = invoke("duplicates", case_file, "--accept", group.id)
    assert result.exit_code == 0, result.stderr
    after = case_of(case_file)
    assert [e.id for e in after.events] == ["first-callout", None]
    assert after.episodes[0].events == ["first-callout"]
    text = case_file.read_text(encoding="utf-8")
    assert "events: [first-callout]   # linked from the episode side" in text
    assert "      - {agency: police}\n      - {agency: csc, record: CSC contact record}\n" in text


@pytest.mark.slow
def test_a_real_terminal_asks_and_merges(family: Path) -> None:
    import os
    import sys

    pexpect = pytest.importorskip("pexpect")
    reviewkit = Path(sys.executable).parent / "reviewkit"
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", INTERACTIVE)}
    env["TERM"] = "xterm-256color"
    child = pexpect.spawn(
        str(reviewkit),
        ["duplicates", str(family)],
        env=env,
        dimensions=(60, 80),
        encoding="utf-8",
        timeout=30,
    )
    child.expect(r"\(1 of 1\)\? \[y\]es, \[n\]o, \[q\]uit")
    shown = re.sub(r"\x1b\[[0-9;]*m", "", str(child.before)).replace("\r", "")
    assert max(len(line) for line in shown.splitlines()) <= 80
    assert "Police" in shown and "CSC" in shown and "HV" in shown
    child.sendline("y")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "one event from Police, CSC, HV (3 sources kept)." in str(child.before)
    assert len(strategy_discussions(case_of(family))) == 1


# --- several groups in one run --------------------------------------------------------------


@pytest.fixture
def two_groups(tmp_path: Path) -> Path:
    """A case with two pairs of duplicates: merging the first moves the second up."""
    lines = ["events:"]
    for day, kind in (("2019-04-01", "strategy-discussion"), ("2019-05-02", "icpc")):
        for agency in ("police", "csc"):
            lines += [
                f'  - date: "{day}"',
                f"    agency: {agency}",
                f"    type: {kind}",
                f'    summary: "Meeting about Child K ({kind})."',
                "    people: [mother]",
            ]
    text = (FIXTURES / "chronology-case.yaml").read_text(encoding="utf-8")
    head = text[: text.index("\nevents:")]
    case_file = tmp_path / "case.yaml"
    case_file.write_text(head + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return case_file


def test_accepting_two_groups_merges_each_pair(two_groups: Path) -> None:
    from reviewkit.chronology.duplicates import accept_groups

    ids = [g.id for g in find_duplicates(case_of(two_groups))]
    assert len(ids) == 2
    heard: list[str] = []
    result = accept_groups(
        two_groups, [*ids, ids[0].upper()], on_merge=lambda m: heard.append(m.group.id)
    )
    assert heard == ids == [m.group.id for m in result.merges]
    assert (result.written, result.backup) == (two_groups, two_groups.with_name("case.yaml.bak"))
    after = case_of(two_groups)
    assert [(e.type, e.agencies) for e in after.events] == [
        ("strategy-discussion", ["police", "csc"]),
        ("icpc", ["police", "csc"]),
    ]


def test_saying_yes_twice_merges_both_groups(two_groups: Path) -> None:
    env = {**NARROW, INTERACTIVE: "1"}
    result = invoke("duplicates", two_groups, env=env, input="y\ny\n")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[-2:] == [
        "Merged 2 groups.",
        f"Saved {two_groups} (the version before: case.yaml.bak).",
    ]
    assert [e.agencies for e in case_of(two_groups).events] == [["police", "csc"]] * 2


def test_listing_writes_nothing_and_says_what_it_found(two_groups: Path) -> None:
    from reviewkit.chronology.duplicates import DuplicateReview

    before = two_groups.read_bytes()
    review = DuplicateReview(two_groups)
    assert [g.indices for g in review.groups] == [[0, 1], [2, 3]]
    result = review.result()
    assert (result.merges, result.written, result.backup) == ([], None, None)
    assert two_groups.read_bytes() == before
    assert not two_groups.with_name("case.yaml.bak").exists()
