"""The merged timeline: order, ages, scope, filters, summary, exports and the command."""

from __future__ import annotations

import csv
import io
import os
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from reviewkit.casefile import load_case
from reviewkit.dates import parse_date
from reviewkit.errors import UsageError
from reviewkit.model import Case
from reviewkit.render.markdown import render
from reviewkit.reports.timeline_export import CSV_HEADER, timeline_document, to_csv
from reviewkit.timeline import (
    Entry,
    Filters,
    TimelineError,
    build_timeline,
    filter_entries,
    normalise_time,
    summarise,
)

from conftest import FIXTURES, SAMPLES, invoke


def to_markdown(entries: list[Entry]) -> str:
    """The timeline's Markdown export, as `reviewkit timeline --format md` writes it."""
    return render(timeline_document(entries))


CASE_FILE = FIXTURES / "timeline-case.yaml"

# Case-file positions of the fixture's events, in the order the timeline must show them.
# "March 2023" sorts by its middle (16 March): after the 14th, before the 20th.
ORDER = [0, 1, 3, 2, 4, 5, 7, 6, 8, 9, 10, 11]


@pytest.fixture(scope="module")
def case() -> Case:
    return load_case(CASE_FILE).case


@pytest.fixture(scope="module")
def entries(case: Case) -> list[Entry]:
    return build_timeline(case)


def indexes(entries: list[Entry]) -> list[int]:
    return [entry.index for entry in entries]


def small_case(events: list[dict[str, Any]], **review: Any) -> Case:
    """A minimal valid case with these events, all from one agency."""
    return Case.model_validate(
        {
            "review": {"title": "T", "partnership": "P", **review},
            "people": [{"id": "c", "name": "Child C", "role": "child", "dob": "2023-01-01"}],
            "agencies": [{"id": "hv", "name": "Health visiting", "type": "health-visiting"}],
            "events": [
                {"agency": "hv", "type": "contact", "summary": f"event {i}", **event}
                for i, event in enumerate(events)
            ],
        }
    )


# --- order ----------------------------------------------------------------------------------


def test_fixture_order_mixes_precisions_times_and_seq(entries: list[Entry]) -> None:
    assert indexes(entries) == ORDER
    assert [e.date_text for e in entries[2:6]] == [
        "2023-03-14",
        "2023-03-14",
        "2023-03-14",
        "March 2023",
    ]
    # 9:05 before 17:25 (as text "9:05" would sort after "17:25"), untimed last.
    assert [e.time for e in entries[2:5]] == ["09:05", "17:25", ""]


def test_precisions_sort_by_the_middle_of_their_span() -> None:
    texts = ["spring 2023", "2023", "March 2023", "2023-03-01", "2023-01-01"]
    timeline = build_timeline(small_case([{"date": t} for t in texts]))
    assert [e.date_text for e in timeline] == [
        "2023-01-01",
        "2023-03-01",
        "March 2023",
        "spring 2023",
        "2023",
    ]


def test_an_early_february_screening_follows_the_3_february_call_out() -> None:
    texts = ["early Feb 2024", "3/2/24", "w/c 29/01/2024", "w/e 11/02/2024"]
    timeline = build_timeline(small_case([{"date": t} for t in texts]))
    # Middles: w/c 29 Jan -> 1 Feb; 3 Feb; early Feb (1-10) -> 5 Feb; w/e 11 Feb -> 8 Feb.
    assert [e.date_text for e in timeline] == [
        "w/c 29/01/2024",
        "3/2/24",
        "early Feb 2024",
        "w/e 11/02/2024",
    ]


def test_same_day_untimed_without_seq_keep_case_file_order() -> None:
    events = [
        {"date": "2023-05-02", "summary": "b"},
        {"date": "2023-05-02", "summary": "a"},
        {"date": "2023-05-02", "time": "23:59", "summary": "timed"},
        {"date": "2023-05-01", "summary": "day before"},
    ]
    timeline = build_timeline(small_case(events))
    assert [e.summary for e in timeline] == ["day before", "timed", "b", "a"]


def test_seq_orders_same_day_events_with_equal_times() -> None:
    events = [
        {"date": "2023-05-02", "time": "10:00", "seq": 3, "summary": "third"},
        {"date": "2023-05-02", "time": "10.00", "seq": 1, "summary": "first"},
        {"date": "2023-05-02", "time": "10:00", "seq": 2, "summary": "second"},
    ]
    timeline = build_timeline(small_case(events))
    assert [e.summary for e in timeline] == ["first", "second", "third"]


@pytest.mark.parametrize(
    ("written", "normal"),
    [("9:05", "09:05"), ("17.25", "17:25"), ("00:00", "00:00"), (None, ""), ("", "")],
)
def test_normalise_time(written: str | None, normal: str) -> None:
    assert normalise_time(written) == normal


# --- entry fields ---------------------------------------------------------------------------


def test_entry_fields(entries: list[Entry]) -> None:
    police = next(e for e in entries if e.index == 2)
    assert police.agency_id == "police"
    assert police.agency_name == "Northmere Police"
    assert police.agency_short == "Police"
    assert police.type_id == "police-callout"
    assert police.type_label == "Police call-out"
    assert police.summary == "Call-out after neighbours heard shouting | no arrest."
    assert police.date == parse_date("2023-03-14")
    assert police.people == ["mother", "partner"]
    assert police.episodes == ["kpe1"]
    assert police.in_scope is True
    gp = next(e for e in entries if e.index == 3)
    # No abbreviation: the short name falls back to the name.
    assert gp.agency_short == gp.agency_name == "Castle Street Surgery"


def test_case_vocabulary_type_label_is_made_readable(entries: list[Entry]) -> None:
    fgc = next(e for e in entries if e.index == 8)
    assert fgc.type_id == "family-group-conference"
    assert fgc.type_label == "Family group conference"


def test_episodes_come_from_both_sides_of_the_link(entries: list[Entry]) -> None:
    by_index = {e.index: e.episodes for e in entries}
    assert by_index[2] == ["kpe1"]  # event lists the episode
    assert by_index[4] == ["kpe1"]  # episode lists the event
    assert by_index[9] == ["kpe3"]
    assert by_index[1] == []


def test_background_is_outside_the_scope_period(entries: list[Entry]) -> None:
    assert [e.index for e in entries if not e.in_scope] == [0, 11]


def test_everything_is_in_scope_without_a_scope_period() -> None:
    timeline = build_timeline(small_case([{"date": "1999"}, {"date": "2030-01-01"}]))
    assert [e.in_scope for e in timeline] == [True, True]


def test_ages_of_the_subject_child(entries: list[Entry]) -> None:
    assert [e.age for e in entries] == [
        "unborn",
        "8 weeks",
        "4 months",
        "4 months",
        "4 months",
        "3 to 4 months",  # March 2023, by its middle
        "4 months",
        "4 months",
        "about 5 to 6 months",  # c. May 2023: approximate
        "6 months",
        "7 months",
        "8 months",
    ]


def test_ages_of_another_child(case: Case) -> None:
    ages = {e.index: e.age for e in build_timeline(case, child="sibling")}
    assert ages[0] == "about 3 years 4 months to 3 years 5 months"
    assert ages[1] == "3 years 8 months"
    assert ages[9] == "4 years 1 month"


def test_no_ages_without_a_date_of_birth(case: Case) -> None:
    assert {e.age for e in build_timeline(case, child="mother")} == {""}
    nobody = case.model_copy(update={"people": []})
    assert {e.age for e in build_timeline(nobody)} == {""}


def test_unknown_child_is_an_error(case: Case) -> None:
    with pytest.raises(TimelineError) as caught:
        build_timeline(case, child="siblng")
    assert caught.value.message.startswith("unknown person 'siblng' (did you mean 'sibling'?)")
    assert caught.value.exit_code == 2
    assert isinstance(caught.value, UsageError)


# --- filters --------------------------------------------------------------------------------


def run(entries: list[Entry], case: Case, **kwargs: Any) -> list[int]:
    return indexes(filter_entries(entries, Filters(**kwargs), case=case))


def test_no_filters_keep_everything(entries: list[Entry], case: Case) -> None:
    assert run(entries, case) == ORDER
    assert Filters().active is False
    assert Filters(include_background=False).active is True


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"agency": ["police"]}, [0, 2, 10]),
        ({"agency": ["police", "gp"]}, [0, 3, 2, 10, 11]),
        ({"person": ["mother"]}, [0, 1, 3, 2, 8, 10, 11]),
        ({"person": ["child-t"]}, [1, 8, 9, 10]),
        ({"person": ["sibling", "child-t"]}, [0, 1, 8, 9, 10]),
        ({"episode": ["kpe1"]}, [2, 4, 7, 6]),
        ({"episode": ["kpe2", "kpe3"]}, [9, 10]),
        ({"type": ["gp-appointment"]}, [3, 11]),
        ({"type": ["family-group-conference"]}, [8]),
        ({"type": ["court"]}, []),  # a known type with no events
        ({"include_background": False}, [1, 3, 2, 4, 5, 7, 6, 8, 9, 10]),
    ],
)
def test_each_filter(
    entries: list[Entry], case: Case, kwargs: dict[str, Any], expected: list[int]
) -> None:
    assert run(entries, case, **kwargs) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("March 2023", "2023-03-14", [3, 2, 4, 5]),
        ("2023-03-15", None, [5, 7, 6, 8, 9, 10, 11]),  # March 2023 overlaps 15 March on
        (None, "2023-03-13", [0, 1, 5]),
        ("2023-05-31", "2023-05-31", [8]),  # c. May 2023 may be the 31st
        ("2022", "2022", [0]),
    ],
)
def test_date_window_keeps_overlapping_entries(
    entries: list[Entry], case: Case, start: str | None, end: str | None, expected: list[int]
) -> None:
    window = {
        "date_from": parse_date(start) if start else None,
        "date_to": parse_date(end) if end else None,
    }
    assert run(entries, case, **window) == expected


def test_filters_combine(entries: list[Entry], case: Case) -> None:
    assert run(entries, case, agency=["police"], person=["mother"]) == [0, 2, 10]
    assert run(entries, case, agency=["police"], person=["mother"], include_background=False) == [
        2,
        10,
    ]
    assert run(
        entries,
        case,
        agency=["csc"],
        date_from=parse_date("2023-03-20"),
        include_background=False,
    ) == [7, 6, 8, 9]
    assert run(entries, case, episode=["kpe1"], type=["referral", "mash-screening"]) == [4, 7]
    assert run(entries, case, agency=["hv"], episode=["kpe2"]) == []


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"agency": ["Hv"]},
            "unknown agency 'Hv' (did you mean 'hv'?); the case has: hv, gp, police, csc",
        ),
        ({"agency": ["CSC"]}, "unknown agency 'CSC' (did you mean 'csc'?)"),
        (
            {"agency": ["castle street surgery"]},
            "unknown agency 'castle street surgery' (did you mean 'gp'?)",
        ),
        ({"agency": ["zzz"]}, "unknown agency 'zzz'; the case has: hv, gp, police, csc"),
        ({"person": ["mothr"]}, "unknown person 'mothr' (did you mean 'mother'?)"),
        ({"episode": ["kpe"]}, "unknown episode 'kpe' (did you mean"),
        (
            {"type": ["home-vist"]},
            "unknown event type 'home-vist' (did you mean 'home-visit'?); the case uses: "
            "da-incident, new-birth-visit, police-callout, gp-appointment, referral, phone-call, "
            "strategy-discussion, mash-screening, family-group-conference, home-visit, "
            "significant-incident",
        ),
    ],
)
def test_unknown_ids_are_errors_with_a_hint(
    entries: list[Entry], case: Case, kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(TimelineError) as caught:
        filter_entries(entries, Filters(**kwargs), case=case)
    assert caught.value.message.startswith(message)


def test_without_the_case_ids_are_checked_against_the_entries(entries: list[Entry]) -> None:
    assert indexes(filter_entries(entries, Filters(agency=["gp"]))) == [3, 11]
    with pytest.raises(TimelineError, match="unknown person 'mothr' \\(did you mean 'mother'"):
        filter_entries(entries, Filters(person=["mothr"]))


def test_window_the_wrong_way_round(entries: list[Entry], case: Case) -> None:
    filters = Filters(date_from=parse_date("2023-06-01"), date_to=parse_date("May 2023"))
    with pytest.raises(TimelineError) as caught:
        filter_entries(entries, filters, case=case)
    assert caught.value.message == "--to May 2023 is before --from 2023-06-01; swap them."


# --- summary --------------------------------------------------------------------------------


def test_summary_counts(case: Case, entries: list[Entry]) -> None:
    summary = summarise(case, entries)
    assert (summary.total, summary.in_scope, summary.background) == (12, 10, 2)
    assert [
        (
            a.agency_id,
            a.agency_short,
            a.contacts,
            a.first.text,
            a.last.text,
            a.child_seen,
            a.seen_alone,
        )
        for a in summary.agencies
    ] == [
        ("hv", "HV", 2, "2023-01-10", "March 2023", 1, 0),
        ("gp", "Castle Street Surgery", 2, "2023-03-14", "2023-08-01", 0, 0),
        ("police", "Police", 3, "c. October 2022", "2023-06-20", 1, 0),
        ("csc", "CSC", 5, "2023-03-14", "2023-06-02", 2, 1),
    ]
    assert [(t.type_label, t.count) for t in summary.types] == [
        ("GP appointment", 2),
        ("Domestic abuse incident", 1),
        ("Family group conference", 1),
        ("Home visit", 1),
        ("MASH screening", 1),
        ("New birth visit", 1),
        ("Phone call", 1),
        ("Police call-out", 1),
        ("Referral", 1),
        ("Strategy discussion", 1),
        ("The significant incident", 1),
    ]
    assert [(e.episode_id, e.number, e.title, e.events) for e in summary.episodes] == [
        ("kpe1", "1", "Response to the March call-out", 4),
        ("kpe2", "2", "The significant incident", 1),
        ("kpe3", "3", "Visits in June", 1),
    ]


def test_summary_gaps(case: Case, entries: list[Entry]) -> None:
    gaps = summarise(case, entries).gaps
    assert [(g.start_text, g.end_text, g.days, g.text) for g in gaps] == [
        ("10 January 2023", "14 March 2023", 63, "9 weeks"),
        ("20 March 2023", "around May 2023", 42, "about 6 weeks"),
        ("2 June 2023", "20 June 2023", 18, "2 weeks"),
        ("around May 2023", "2 June 2023", 2, "about 2 days"),
    ]
    # The gaps sit between neighbours in the timeline ("March 2023", sorted by its middle,
    # may fall anywhere between 14 and 20 March, so no gap there is certain).
    assert (gaps[0].before.index, gaps[0].after.index) == (1, 3)
    assert [g.days for g in summarise(case, entries, gaps=2).gaps] == [63, 42]


def test_summary_of_filtered_entries(case: Case, entries: list[Entry]) -> None:
    police = filter_entries(entries, Filters(agency=["police"]), case=case)
    summary = summarise(case, police)
    assert (summary.total, summary.in_scope, summary.background) == (3, 2, 1)
    assert [a.agency_id for a in summary.agencies] == ["police"]
    # Background is never part of a gap: 14 March to 20 June is the only one.
    assert [(g.start_text, g.end_text, g.days) for g in summary.gaps] == [
        ("14 March 2023", "20 June 2023", 98)
    ]
    assert [e.events for e in summary.episodes] == [1, 1, 0]


# --- exports --------------------------------------------------------------------------------


def test_csv_export_carries_every_column_of_the_chronology(
    case: Case, entries: list[Entry]
) -> None:
    rows = list(csv.DictReader(io.StringIO(to_csv(entries, case))))
    assert len(rows) == 12
    assert list(rows[0]) == CSV_HEADER
    first = rows[0]
    assert first["Date"] == "c. October 2022"
    # A spreadsheet sorts and filters on ISO days: the first and last the date can mean.
    assert (first["Start"], first["End"]) == ("2022-10-01", "2022-10-31")
    assert (first["Age"], first["Agency"], first["Scope"]) == (
        "unborn",
        "Northmere Police",
        "Background",
    )
    assert first["Summary"] == "Argument between Mother and partner; Sibling present."
    assert first["Source"] == "Police log"
    police = rows[indexes(entries).index(2)]
    assert (police["Date"], police["Start"], police["End"], police["Time"]) == (
        "2023-03-14",
        "2023-03-14",
        "2023-03-14",
        "17:25",
    )
    assert police["Type"] == "Police call-out"
    assert police["Summary"] == "Call-out after neighbours heard shouting | no arrest."
    assert police["People"] == "; ".join(case.person(p).name for p in ("mother", "partner"))
    assert police["Episodes"] == "KPE 1"
    # Every field an event holds has its column, filled from the case file.
    for entry, row in zip(entries, rows, strict=True):
        event = entry.event
        assert row["Id"] == (event.id or "")
        assert row["Details"] == (event.details or "")
        assert row["Outcome"] == (event.outcome or "")
        assert row["Agency analysis"] == (event.analysis or "")
        assert row["Child's words"] == (event.child_words or "")
        assert row["Child seen"] == {None: "", True: "Yes", False: "No"}[event.child_seen]
        assert row["Same-day order"] == ("" if event.seq is None else str(event.seq))


def test_csv_export_of_a_merged_event_names_every_agency_and_source(tmp_path: Path) -> None:
    events = [
        {
            "date": "2023-02-01",
            "agency": "police",
            "summary": "Strategy discussion.",
            "details": "Line one,\nline two.",
            "outcome": "S47 enquiry.",
            "analysis": "Timely.",
            "provenance": [
                {"agency": "police", "file": "police.csv", "row": 3},
                {"agency": "csc", "file": "csc.xlsx", "row": 7},
            ],
        }
    ]
    case = small_case(events)
    (row,) = csv.DictReader(io.StringIO(to_csv(build_timeline(case), case)))
    assert row["Agency"] == f"{case.agency_name('police')}; {case.agency_name('csc')}"
    assert row["From"] == "police.csv:3; csc.xlsx:7"
    assert row["Details"] == "Line one,\nline two."  # quoted, read back whole
    assert (row["Outcome"], row["Agency analysis"]) == ("S47 enquiry.", "Timely.")


def test_csv_cells_never_run_as_spreadsheet_formulas() -> None:
    timeline = build_timeline(small_case([{"date": "2023-02-01", "summary": "=1+2 recorded"}]))
    rows = list(csv.DictReader(io.StringIO(to_csv(timeline))))
    assert rows[0]["Summary"] == "'=1+2 recorded"


def test_markdown_export(entries: list[Entry]) -> None:
    lines = to_markdown(entries).splitlines()
    assert lines[0] == "| Date | Age | Agency | Type | Summary | Scope |"
    assert re.fullmatch(r"(\|-{3,}){6}\|", lines[1])
    assert len(lines) == 14
    assert lines[2] == (
        "| around October 2022 | unborn | Police | Domestic abuse incident "
        "| Argument between Mother and partner; Sibling present. | Background |"
    )
    assert lines[5] == (
        "| 14 March 2023, 17:25 | 4 months | Police | Police call-out "
        "| Call-out after neighbours heard shouting \\| no arrest. | In scope |"
    )


def test_markdown_keeps_each_entry_on_one_line() -> None:
    timeline = build_timeline(small_case([{"date": "2023-02-01", "summary": "one\ntwo  three"}]))
    assert to_markdown(timeline).splitlines()[2].startswith("| 1 February 2023 | 4 weeks | ")
    assert "| one two three |" in to_markdown(timeline)


# --- command --------------------------------------------------------------------------------


def test_table_fits_80_columns_and_marks_background() -> None:
    result = invoke("timeline", CASE_FILE)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == "Scope: 1 January 2023 to 30 June 2023; 10 events in scope, 2 background"
    assert lines[1].split() == ["Date", "Age", "Agency", "Type", "Summary"]
    assert lines[-1] == "12 events."
    assert max(len(line) for line in lines) <= 80
    assert result.stdout.count("(background)") == 2
    out = result.stdout
    # Same-day order survives into the table.
    assert out.index("09:05") < out.index("17:25") < out.index("Referral")
    assert "about 5 to" in out


def test_table_without_ages_drops_the_column() -> None:
    result = invoke("timeline", CASE_FILE, "--child", "mother", "--agency", "hv")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1].split() == ["Date", "Agency", "Type", "Summary"]
    assert result.stdout.splitlines()[-1] == "2 of 12 events shown (filtered)."


def test_table_with_filters() -> None:
    result = invoke(
        "timeline", CASE_FILE, "--person", "mother", "--no-background", "--from", "2023-03-14"
    )
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "4 of 12 events shown (filtered)."
    assert "(background)" not in result.stdout


def test_table_when_nothing_matches() -> None:
    result = invoke("timeline", CASE_FILE, "--agency", "hv", "--episode", "kpe2")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "Scope: 1 January 2023 to 30 June 2023; 10 events in scope, 2 background",
        "No events match these filters.",
    ]


def test_summary_command() -> None:
    result = invoke("timeline", CASE_FILE, "--summary")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:2] == [
        "Scope: 1 January 2023 to 30 June 2023",
        "12 events: 10 in scope, 2 background",
    ]
    assert max(len(line) for line in lines) <= 80
    rows = [line.split() for line in lines]
    # Dates in words: at 80 columns the first contact's year wraps onto the next line.
    assert ["CSC", "5", "14", "March", "2", "June", "2023", "2", "1"] in rows
    assert ["GP", "appointment", "2"] in rows
    assert ["1", "Response", "to", "the", "March", "call-out", "4"] in rows
    assert ["10", "January", "2023", "14", "March", "2023", "63", "9", "weeks"] in rows
    for title in (
        "Contacts by agency",
        "Events by type",
        "Events by key practice episode",
        "Longest gaps with no agency contact (in scope)",
    ):
        assert title in result.stdout


def test_summary_command_filtered() -> None:
    result = invoke("timeline", CASE_FILE, "--summary", "--agency", "police")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1] == "3 events (filtered): 2 in scope, 1 background"


def test_csv_to_stdout(case: Case, entries: list[Entry]) -> None:
    result = invoke("timeline", CASE_FILE, "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout == to_csv(entries, case)
    assert result.stderr == ""


def test_md_to_stdout_filtered(case: Case, entries: list[Entry]) -> None:
    result = invoke("timeline", CASE_FILE, "-f", "md", "--type", "gp-appointment")
    assert result.exit_code == 0
    expected = filter_entries(entries, Filters(type=["gp-appointment"]), case=case)
    assert result.stdout == to_markdown(expected)
    assert len(result.stdout.splitlines()) == 4


def test_output_file_is_written_and_not_overwritten(
    tmp_path: Path, case: Case, entries: list[Entry]
) -> None:
    target = tmp_path / "chronology.csv"
    result = invoke("timeline", CASE_FILE, "-o", target)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == f"Wrote 12 events to {target}\n"
    assert target.read_text(encoding="utf-8") == to_csv(entries, case)

    target.write_text("the author's own edits\n", encoding="utf-8")
    result = invoke("timeline", CASE_FILE, "-o", target)
    assert result.exit_code == 1
    assert result.stderr == (
        f"reviewkit: {target} already exists; use --force to overwrite it, "
        "or choose another output.\n"
    )
    assert target.read_text(encoding="utf-8") == "the author's own edits\n"

    result = invoke("timeline", CASE_FILE, "-o", target, "--force", "--agency", "gp")
    assert result.exit_code == 0
    assert target.read_text(encoding="utf-8").count("\n") == 3
    assert [p.name for p in tmp_path.iterdir()] == ["chronology.csv"]  # no temporary left


def test_output_format_from_suffix(tmp_path: Path, entries: list[Entry]) -> None:
    target = tmp_path / "timeline.md"
    assert invoke("timeline", CASE_FILE, "-o", target).exit_code == 0
    assert target.read_text(encoding="utf-8") == to_markdown(entries)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "timeline.txt"], "reviewkit: say --format csv or --format md for timeline.txt.\n"),
        (
            ["-o", "t.csv", "--format", "table"],
            "reviewkit: -o writes csv or md; add --format csv or --format md.\n",
        ),
        (
            ["--summary", "--format", "csv"],
            "reviewkit: --summary is several tables: use --format md (or the terminal table).\n",
        ),
        (
            ["--agency", "HV"],
            "reviewkit: unknown agency 'HV' (did you mean 'hv'?); "
            "the case has: hv, gp, police, csc\n",
        ),
        (
            ["--child", "baby"],
            "reviewkit: unknown person 'baby'; the case has: child-t, sibling, mother, partner\n",
        ),
        (
            ["--from", "Marchh 2023"],
            "reviewkit: --from: 'Marchh 2023' is not a date reviewkit understands; write it "
            "like 2019-03-14, 14/03/2019, March 2019, early March 2019, autumn 2019, 2019, "
            "c. March 2019 or 2019-03-01 to 2019-04-15\n",
        ),
        (
            ["--to", "2023-02-30"],
            "reviewkit: --to: '2023-02-30' is not a date: February 2023 has 28 days\n",
        ),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str) -> None:
    result = invoke("timeline", CASE_FILE, *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == message


def test_output_into_a_folder_is_refused(tmp_path: Path) -> None:
    result = invoke("timeline", CASE_FILE, "-f", "csv", "-o", tmp_path)
    assert result.exit_code == 2
    assert result.stderr == f"reviewkit: {tmp_path} is a folder; give a file name for -o.\n"


def test_output_never_overwrites_the_case_file(tmp_path: Path) -> None:
    copy = tmp_path / "case.csv"
    copy.write_text(CASE_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    result = invoke("timeline", copy, "-o", copy, "--force")
    assert result.exit_code == 2
    assert result.stderr == f"reviewkit: {copy} is the case file itself; choose another output.\n"
    assert copy.read_text(encoding="utf-8") == CASE_FILE.read_text(encoding="utf-8")


def test_missing_case_file(tmp_path: Path) -> None:
    result = invoke("timeline", tmp_path / "nope.yaml")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "nope.yaml" in result.stderr


def test_real_names_never_appear(tmp_path: Path) -> None:
    outputs = [
        invoke("timeline", CASE_FILE, *args).stdout
        for args in ([], ["--summary"], ["-f", "csv"], ["-f", "md"])
    ]
    for text in outputs:
        assert "Child T" in text or "Summary" in text or "Contacts" in text
        assert "Secretname" not in text
        assert "Tils" not in text


@pytest.mark.parametrize("sample", ["rapid-review-baby-m", "lcspr-ellis-family"])
def test_sample_cases_build(sample: str) -> None:
    path = SAMPLES / sample / "case.yaml"
    case = load_case(path).case
    timeline = build_timeline(case)
    assert sorted(indexes(timeline)) == list(range(len(case.events)))
    keys = [(e.date.sort_key[:2], e.time or "99:99") for e in timeline]
    assert keys == sorted(keys)
    result = invoke("timeline", path)
    assert result.exit_code == 0, result.stderr
    assert max(len(line) for line in result.stdout.splitlines()) <= 80


def test_piped_output_has_no_trailing_spaces() -> None:
    for args in ([], ["--summary"]):
        lines = invoke("timeline", CASE_FILE, *args).stdout.splitlines()
        assert [line for line in lines if line != line.rstrip()] == []


@pytest.mark.slow
def test_table_in_a_real_terminal_dims_background() -> None:
    pexpect = pytest.importorskip("pexpect")
    reviewkit = Path(sys.executable).parent / "reviewkit"
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS", "LINES")}
    env["TERM"] = "xterm-256color"
    child = pexpect.spawn(
        str(reviewkit),
        ["timeline", str(CASE_FILE)],
        env=env,
        dimensions=(60, 80),
        encoding="utf-8",
        timeout=30,
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    out = str(child.before)
    assert "\x1b[2m" in out  # background rows are dimmed
    assert "(background)" in out
    visible = [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in out.replace("\r", "").splitlines()]
    assert visible[0].startswith("Scope: 1 January 2023 to 30 June 2023")
    assert max(len(line) for line in visible) <= 80
    assert visible[-1].strip() == "12 events."


def test_summary_exports_as_markdown(tmp_path: Path) -> None:
    out = tmp_path / "summary.md"
    result = invoke("timeline", CASE_FILE, "--summary", "--format", "md", "-o", out)
    assert result.exit_code == 0, result.output
    assert result.stderr == f"Wrote the summary of 12 events to {out}\n"
    text = out.read_text(encoding="utf-8")
    assert text.startswith("12 events: ")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings[:2] == ["## Contacts by agency", "## Events by type"]
    assert "| Agency | Contacts | First | Last | Child seen | Seen alone |" in text
