"""Events that several agencies recorded: finding them, and merging them on the author's word."""

from __future__ import annotations

import itertools
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

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
    # Listed compactly: each event on two lines, agency, date, type and source, then summary.
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith(f"Group {gid}"))
    events = [line for line in lines[at:] if line.startswith("  ") and ".csv:" in line]
    assert [line.split()[0] for line in events] == ["Police", "CSC", "HV"]
    assert events[0].split() == [
        "Police",
        "2019-03-15",
        "10:00",
        "Strategy",
        "discussion",
        "chronology-police.csv:3",
    ]
    assert "score " in out and "%" in out
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


# --- date and time together -------------------------------------------------------------------


def test_an_overnight_strategy_discussion_is_found_across_midnight() -> None:
    case = case_with(
        [
            ev(
                "police",
                "2024-02-03",
                "strategy-discussion",
                "Strategy discussion by phone.",
                time="23:45",
                people=["child-k"],
            ),
            ev(
                "csc",
                "2024-02-04",
                "strategy-discussion",
                "Out of hours strategy discussion.",
                time="00:10",
                people=["child-k"],
            ),
        ]
    )
    (group,) = find_duplicates(case)
    assert group.indices == [0, 1]
    assert group.reasons[:2] == ["25 min apart, across midnight", "same type"]
    assert 0.5 < group.score <= 1


def test_a_night_discussion_is_not_the_morning_meeting_of_the_same_day() -> None:
    case = case_with(
        [
            ev(
                "csc",
                "2024-02-04",
                "strategy-discussion",
                "Strategy discussion.",
                time="00:10",
                people=["child-k"],
            ),
            ev(
                "police",
                "2024-02-04",
                "strategy-discussion",
                "Strategy meeting.",
                time="10:00",
                people=["child-k"],
            ),
            ev(
                "hv",
                "2024-02-04",
                "strategy-discussion",
                "Strategy meeting attended.",
                time="10:30",
                people=["child-k"],
            ),
        ]
    )
    (group,) = find_duplicates(case)
    assert group.indices == [1, 2]  # the 10:00 and 10:30 records; 00:10 stays apart
    assert group.reasons[0] == "30 min apart"


def test_an_untimed_record_is_near_any_time_of_its_day_and_the_next() -> None:
    case = case_with(
        [
            ev("police", "2024-02-03", "strategy-discussion", "Discussion.", time="23:45"),
            ev("csc", "2024-02-04", "strategy-discussion", "Discussion held."),
        ]
    )
    (group,) = find_duplicates(case)
    assert group.reasons[0] == "within a day"


def test_the_best_scored_pair_joins_first() -> None:
    case = case_with(
        [
            ev(
                "police",
                "2024-02-03",
                "strategy-discussion",
                "Strategy discussion about K.",
                time="10:00",
                people=["child-k", "mother"],
            ),
            ev(
                "csc",
                "2024-02-03",
                "strategy-discussion",
                "Other strategy discussion.",
                time="12:30",
            ),
            ev(
                "csc",
                "2024-02-03",
                "strategy-discussion",
                "Strategy discussion about K.",
                time="10:05",
                people=["child-k", "mother"],
            ),
        ]
    )
    (group,) = find_duplicates(case)
    assert group.indices == [0, 2]


def test_many_events_on_one_day_are_compared_with_their_nearest_only() -> None:
    # A busy day: each police event at minute m is one event with the CSC event at m + 1.
    events = []
    for minute in range(0, 600, 5):
        when = f"{minute // 60:02d}:{minute % 60:02d}"
        later = f"{(minute + 1) // 60:02d}:{(minute + 1) % 60:02d}"
        summary = f"Strategy discussion number {minute}."
        events.append(ev("police", "2024-02-03", "strategy-discussion", summary, time=when))
        events.append(ev("csc", "2024-02-03", "strategy-discussion", summary, time=later))
    groups = find_duplicates(case_with(events))
    assert len(groups) == 120
    assert all(g.indices[1] == g.indices[0] + 1 for g in groups)


# --- merging events the author names ----------------------------------------------------------


@pytest.fixture
def overnight(tmp_path: Path) -> Path:
    """A rapid review whose police and CSC recorded one discussion the finder cannot pair."""
    data = {
        "review": {"title": "T", "partnership": "P", "kind": "rapid-review"},
        "people": [{"id": "child-k", "name": "Child K", "role": "child", "subject": True}],
        "agencies": [
            {
                "id": "police",
                "name": "Westbrook Police",
                "type": "police",
                "abbreviation": "Police",
            },
            {
                "id": "csc",
                "name": "Westbrook Children's Social Care",
                "type": "childrens-social-care",
                "abbreviation": "CSC",
            },
        ],
        "events": [
            ev("police", "2024-02-03", "police-callout", "Call-out to the flat.", id="callout"),
            ev(
                "police",
                "2024-02-03",
                "strategy-discussion",
                "Discussion with CSC by phone.",
                time="22:00",
                id="police-sd",
            ),
            # Typed up the next afternoon: too far from 22:00 to be suggested.
            ev(
                "csc",
                "2024-02-04",
                "meeting",
                "Out of hours: talked to the police.",
                time="15:00",
                id="csc-sd",
            ),
        ],
    }
    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_merge_joins_the_events_the_author_names(overnight: Path) -> None:
    assert invoke("duplicates", overnight).stdout.startswith("No likely duplicates")
    result = invoke("duplicates", overnight, "--merge", "police-sd", "csc-sd")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert re.fullmatch(
        r"Merged group [0-9a-f]{6}: one event from Police, CSC \(2 sources kept\)\.", lines[0]
    )
    assert lines[1] == f"Saved {overnight} (the version before: case.yaml.bak)."
    case = case_of(overnight)
    assert [e.id for e in case.events] == ["callout", "police-sd"]
    merged_event = case.events[1]
    assert merged_event.agencies == ["police", "csc"]
    assert merged_event.type == "strategy-discussion"
    assert "CSC: Out of hours: talked to the police." in (merged_event.details or "")
    # The file as it was is kept in its history, so the merge can be undone.
    history = invoke("history", overnight)
    assert history.exit_code == 0, history.stderr
    assert "duplicates" in history.stdout


def test_after_a_merge_the_event_counts_for_every_agency_that_recorded_it(
    overnight: Path,
) -> None:
    from reviewkit.reports import build_document
    from reviewkit.timeline import build_timeline, summarise

    assert invoke("duplicates", overnight, "--merge", "police-sd", "csc-sd").exit_code == 0
    case = case_of(overnight)
    summary = summarise(case, build_timeline(case))
    assert summary.total == 2
    assert [(a.agency_id, a.contacts) for a in summary.agencies] == [("police", 2), ("csc", 1)]
    shown = invoke("timeline", overnight, "--summary", "--format", "md").stdout
    assert "| Westbrook Children's Social Care | 1 |" in shown

    doc = build_document(case, kind="rapid-review")
    involvement = next(s for s in doc.sections if s.title == "Agency involvement")
    contacts = {
        sub.title: next(b.text for b in sub.blocks if getattr(b, "lead", "") == "Contacts.")
        for sub in involvement.sections
    }
    assert contacts == {
        "Westbrook Police (Police)": "2 contacts in the merged chronology, on 3 February 2024.",
        "Westbrook Children's Social Care (CSC)": (
            "1 contact in the merged chronology, on 3 February 2024."
        ),
    }


@pytest.mark.parametrize(
    ("names", "message"),
    [
        (
            ["police-sd", "nothing"],
            "--merge nothing: no event is called that; name an event by its id, by the return "
            "and row it came from (`reviewkit timeline {case} --provenance` shows them, e.g. "
            "police.csv:12), or as events[N]",
        ),
        (
            ["police-sd", "police-sd"],
            "--merge: name at least two different events to merge into one.",
        ),
    ],
)
def test_merge_refuses_names_that_fit_no_event(
    overnight: Path, names: list[str], message: str
) -> None:
    before = overnight.read_bytes()
    result = invoke("duplicates", overnight, "--merge", *names)
    assert result.exit_code == 2
    assert result.stderr == f"reviewkit: {message.format(case=overnight)}\n"
    assert overnight.read_bytes() == before


def test_merge_names_events_by_return_and_row(family: Path) -> None:
    case = case_of(family)
    police = next(
        i
        for i, e in enumerate(case.events)
        if e.type == "strategy-discussion" and e.agency == "police"
    )
    hv = next(
        i for i, e in enumerate(case.events) if e.type == "strategy-discussion" and e.agency == "hv"
    )
    result = invoke("duplicates", family, "--merge", "chronology-police.csv:3", f"events[{hv}]")
    assert result.exit_code == 0, result.stderr
    after = case_of(family)
    assert after.events[police].agencies == ["police", "hv"]
