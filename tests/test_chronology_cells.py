"""Reading one cell of a returned chronology: dates, times, yes/no, people, types, headings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reviewkit.casefile import load_case
from reviewkit.chronology import cells, headers, reader
from reviewkit.errors import CellError, UsageError

from conftest import FIXTURES


@pytest.fixture(scope="module")
def case():  # type: ignore[no-untyped-def]
    return load_case(FIXTURES / "chronology-case.yaml").case


# --- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text", "time"),
    [
        ("14/03/2019", "2019-03-14", None),
        ("14.03.19", "2019-03-14", None),
        ("14-Mar-2019", "2019-03-14", None),
        ("14 March 2019", "2019-03-14", None),
        ("Thursday 14 March 2019", "2019-03-14", None),
        ("4/3/2019", "2019-03-04", None),
        (dt.date(2019, 3, 14), "2019-03-14", None),
        (dt.datetime(2019, 3, 14, 0, 0), "2019-03-14", None),
        (dt.datetime(2019, 3, 14, 17, 25), "2019-03-14", "17:25"),
        (43538, "2019-03-14", None),
        (43538.5, "2019-03-14", "12:00"),
        ("43538", "2019-03-14", None),
        ("14/03/2019 10:30", "2019-03-14", "10:30"),
        ("14/03/2019 00:00:00", "2019-03-14", None),
        ("2019-03-14T09:05:00", "2019-03-14", "09:05"),
        ("March 2019", "March 2019", None),
        ("early March 2019", "early March 2019", None),
        ("?14/03/2019", "?14/03/2019", None),
        ("01/03/2019 to 15/03/2019", "01/03/2019 to 15/03/2019", None),
        (2019, "2019", None),
    ],
)
def test_dates_in_every_common_form(value: cells.Value, text: str, time: str | None) -> None:
    found = cells.read_date(value)
    assert (found.text, found.time) == (text, time)


def test_an_uncertain_date_keeps_its_doubt() -> None:
    found = cells.read_date("?14/03/2019")
    assert found.date.approximate is True
    assert found.date.earliest == found.date.latest == dt.date(2019, 3, 14)
    month = cells.read_date("March 2019")
    assert (month.date.earliest, month.date.latest) == (dt.date(2019, 3, 1), dt.date(2019, 3, 31))


def test_dates_are_never_read_month_first() -> None:
    with pytest.raises(CellError) as err:
        cells.read_date("03/14/2019")
    assert str(err.value) == (
        "'03/14/2019' is not a date: month 14 does not exist; dates are read day first (DD/MM/YYYY)"
    )


def test_an_impossible_date_says_why() -> None:
    with pytest.raises(CellError) as err:
        cells.read_date("31/02/2019")
    assert str(err.value) == "'31/02/2019' is not a date: February 2019 has 28 days"


@pytest.mark.parametrize("value", [None, "", "   "])
def test_an_empty_date_is_a_problem(value: cells.Value) -> None:
    with pytest.raises(CellError, match="^is empty; every entry needs a date"):
        cells.read_date(value)


@pytest.mark.parametrize("value", ["?", "unknown", 12, True, dt.time(9, 5)])
def test_things_that_are_not_dates(value: cells.Value) -> None:
    with pytest.raises(CellError):
        cells.read_date(value)


# --- times, numbers, yes/no -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("17:25", "17:25"),
        ("17.25", "17:25"),
        ("9:05", "09:05"),
        ("1725", "17:25"),
        ("1725hrs", "17:25"),
        ("5:25pm", "17:25"),
        ("5.25 p.m.", "17:25"),
        ("12am", "00:00"),
        ("17:25:40", "17:25"),
        (dt.time(17, 25), "17:25"),
        (dt.datetime(2019, 3, 14, 8, 0), "08:00"),
        (0.5, "12:00"),
        (None, None),
        ("", None),
    ],
)
def test_times(value: cells.Value, expected: str | None) -> None:
    assert cells.read_time(value) == expected


@pytest.mark.parametrize("value", ["25:00", "17:75", "9", "noon", "13pm"])
def test_bad_times(value: str) -> None:
    with pytest.raises(CellError) as err:
        cells.read_time(value)
    assert str(err.value) == f"'{value}' is not a time; write it 24-hour, like 09:05 or 17:25"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Yes", True),
        ("y", True),
        ("YES ", True),
        (True, True),
        (1, True),
        ("No", False),
        ("n", False),
        ("Not seen", False),
        (False, False),
        (None, None),
        ("N/A", None),
        ("not known", None),
        ("-", None),
    ],
)
def test_yes_no(value: cells.Value, expected: bool | None) -> None:
    assert cells.read_yes_no(value) is expected


def test_a_yes_no_cell_with_anything_else() -> None:
    with pytest.raises(CellError) as err:
        cells.read_yes_no("maybe")
    assert str(err.value) == "'maybe' is not yes or no (leave it blank if not known)"


def test_same_day_order() -> None:
    assert cells.read_seq(2) == 2
    assert cells.read_seq(2.0) == 2
    assert cells.read_seq(" 3 ") == 3
    assert cells.read_seq(None) is None
    with pytest.raises(CellError):
        cells.read_seq("first")


def test_text_keeps_paragraphs_and_tidies_lines() -> None:
    assert cells.read_text("  one  line ") == "one line"
    assert cells.read_text("para one\n\npara  two") == "para one\n\npara two"
    assert cells.read_text("line one\nline two", one_line=True) == "line one line two"
    assert cells.read_text("") is None


# --- people and types -------------------------------------------------------------------------


def test_people_by_review_name_id_and_short_form(case) -> None:  # type: ignore[no-untyped-def]
    index = cells.PeopleIndex.of(case)
    assert index.resolve("Mother, child-k") == (["mother", "child-k"], [])
    assert index.resolve("Mum and Mother's partner") == (["mother", "partner"], [])
    assert index.resolve("MGM; Child K (aged 21 months)") == (["mgm", "child-k"], [])
    assert index.resolve("Mother / mother") == (["mother"], [])
    assert index.resolve(None) == ([], [])


def test_people_by_real_name_resolve_without_echoing_it(case) -> None:  # type: ignore[no-untyped-def]
    index = cells.PeopleIndex.of(case)
    ids, unknown = index.resolve("Kacey Hiddenname, KayKay, Uncle Bob")
    assert ids == ["child-k"]
    assert unknown == ["Uncle Bob"]


def test_event_types_by_id_label_and_common_names(case) -> None:  # type: ignore[no-untyped-def]
    index = cells.TypeIndex.of(case, {"Tel con": "phone-call"})
    assert index.resolve("strategy-discussion") == "strategy-discussion"
    assert index.resolve("Strategy discussion") == "strategy-discussion"
    assert index.resolve("STRATEGY MEETING") == "strategy-discussion"
    assert index.resolve("DNA") == "missed-appointment"
    assert index.resolve("A&E") == "ed-attendance"
    assert index.resolve("Missed appointment (was not brought)") == "missed-appointment"
    assert index.resolve("tel con") == "phone-call"
    assert index.resolve("Coffee morning") is None


# --- headings ---------------------------------------------------------------------------------


def test_the_templates_own_headings_need_no_mapping() -> None:
    cols = headers.match_header([f.heading for f in headers.FIELDS], 1)
    assert list(cols.fields) == [f.name for f in headers.FIELDS]
    assert cols.unknown == [] and cols.guessed == {}


def test_renamed_and_reordered_headings() -> None:
    row = ["Comment", "Date of contact", "Contact type", "Details", "Who", "Seen? (Y/N)", "Foo"]
    cols = headers.match_header(row, 4)
    assert cols.fields == {
        "analysis": 0,
        "date": 1,
        "type": 2,
        "summary": 3,  # Details with no Summary column holds the summary
        "people": 4,
        "child_seen": 5,
    }
    assert cols.unknown == ["Foo"]


def test_event_is_the_type_beside_a_summary_and_the_summary_alone() -> None:
    with_summary = headers.match_header(["Date", "Event", "Summary"], 1)
    assert with_summary.fields == {"date": 0, "type": 1, "summary": 2}
    alone = headers.match_header(["Date", "Event", "Outcome"], 1)
    assert alone.fields == {"date": 0, "summary": 1, "outcome": 2}


def test_a_near_miss_heading_is_read_and_said() -> None:
    cols = headers.match_header(["Date", "Sumary"], 1)
    assert cols.fields == {"date": 0, "summary": 1}
    assert cols.guessed == {"Sumary": "summary"}


def test_maps_name_other_headings() -> None:
    maps = headers.parse_maps(["Date entered=date", "Worker = ignore", "Narrative text=details"])
    cols = headers.match_header(["Date entered", "Worker", "Narrative text", "Summary"], 1, maps)
    assert cols.fields == {"date": 0, "details": 2, "summary": 3}
    assert cols.used_maps == {"date entered", "worker", "narrative text"}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("Date", "--map 'Date': write it as --map \"Heading=field\""),
        (
            "Date=dait",
            "--map 'Date=dait': 'dait' is not a field (did you mean 'date'?); the fields are",
        ),
    ],
)
def test_bad_maps(value: str, message: str) -> None:
    with pytest.raises(UsageError) as err:
        headers.parse_maps([value])
    assert err.value.message.startswith(message)


def test_the_header_row_is_found_below_titles() -> None:
    rows = [
        (1, ["Police chronology for Child K"]),
        (2, ["Date", "Prepared by DS Example"]),
        (4, ["Date", "Time", "Summary", "Outcome"]),
        (5, ["14/03/2019", "17:25", "Call-out", "NFA"]),
    ]
    found = headers.find_header(rows)
    assert found is not None and found.header_row == 4


# --- reading files ----------------------------------------------------------------------------


def test_windows_1252_with_semicolons(tmp_path: Path) -> None:
    path = tmp_path / "hv.csv"
    path.write_bytes(
        "Date;Summary\r\n14/03/2019;Mother\u2019s rent: \u00a3300, late\r\n".encode("cp1252")
    )
    (table,) = reader.read_tables(path)
    assert (table.encoding, table.delimiter) == ("cp1252", ";")
    assert table.rows == [
        (1, ["Date", "Summary"]),
        (2, ["14/03/2019", "Mother\u2019s rent: \u00a3300, late"]),
    ]


def test_utf8_bom_tabs_and_the_sep_line(tmp_path: Path) -> None:
    path = tmp_path / "gp.csv"
    path.write_bytes("\ufeffDate\tSummary\n14/03/2019\tCaf\u00e9 visit\n".encode())
    (table,) = reader.read_tables(path)
    assert (table.encoding, table.delimiter) == ("utf-8-sig", "\t")
    assert table.rows[1] == (2, ["14/03/2019", "Caf\u00e9 visit"])
    sep = tmp_path / "sep.csv"
    sep.write_text("sep=|\nDate|Summary\n14/03/2019|a, b; c\n", encoding="utf-8")
    (table,) = reader.read_tables(sep)
    assert table.delimiter == "|"
    assert table.rows == [(1, ["Date", "Summary"]), (2, ["14/03/2019", "a, b; c"])]


def test_utf16_exports(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes("Date\tSummary\r\n14/03/2019\tVisit\r\n".encode("utf-16"))
    (table,) = reader.read_tables(path)
    assert table.encoding == "utf-16"
    assert table.rows[1] == (2, ["14/03/2019", "Visit"])


def test_rows_are_numbered_as_a_spreadsheet_shows_them(tmp_path: Path) -> None:
    path = tmp_path / "multi.csv"
    path.write_text('Date,Summary\n\n14/03/2019,"two\nlines"\n15/03/2019,next\n', encoding="utf-8")
    (table,) = reader.read_tables(path)
    assert [n for n, _ in table.rows] == [1, 3, 4]
    assert table.rows[1][1] == ["14/03/2019", "two\nlines"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("old.xls", "reviewkit reads .xlsx and .csv files; open this .xls file"),
        ("table.docx", "a chronology in a document cannot be imported"),
    ],
)
def test_files_reviewkit_cannot_read(tmp_path: Path, name: str, message: str) -> None:
    from reviewkit.errors import InputFileError

    path = tmp_path / name
    path.write_bytes(b"\xd0\xcf\x11\xe0 not really")
    with pytest.raises(InputFileError) as err:
        reader.read_tables(path)
    assert message in err.value.message


def test_a_broken_workbook(tmp_path: Path) -> None:
    from reviewkit.errors import InputFileError

    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not a zip at all")
    with pytest.raises(InputFileError, match="not a readable Excel workbook"):
        reader.read_tables(path)


def test_the_header_is_found_below_a_title_and_the_entries_below_it_are_not_scored(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from reviewkit.chronology import headers

    title = (1, ["Chronology request: Police", None, None])
    header = (3, ["Date", "Agency", "Summary"])
    entries = [(n, ["3/2/24", "Police", "Home visit"]) for n in range(4, 30)]
    scored: list[str] = []
    real = headers.best_field

    def counting(heading: str) -> tuple[str, float] | None:
        scored.append(heading)
        return real(heading)

    monkeypatch.setattr(headers, "best_field", counting)
    found = headers.find_header([title, (2, [None, None, None]), header, *entries])
    assert found is not None and found.header_row == 3
    assert len(scored) <= 3 * (headers._AFTER_HEADER + 2)  # not every entry's cells


def test_a_better_header_a_few_rows_below_a_first_guess_still_wins() -> None:
    from reviewkit.chronology.headers import find_header

    guess = (1, ["Date", "Notes", None, None])
    real = (4, ["Date", "Agency", "Type", "Summary"])
    found = find_header([guess, (2, ["x", None, None, None]), (3, [None] * 4), real])
    assert found is not None and found.header_row == 4
