"""Agency templates out, returned chronologies in: `agency-template` and `import`."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from reviewkit.casefile import load_case
from reviewkit.chronology.headers import FIELDS

from conftest import FIXTURES, WIDE, CopyCase, invoke, words


@pytest.fixture
def case_file(copy_case: CopyCase) -> Path:
    return copy_case("chronology-case.yaml")


def fill(path: Path, rows: list[list[Any]], out: Path) -> None:
    """Fill the Chronology sheet of a template from row 2, as an agency would."""
    book = load_workbook(path)
    sheet = book["Chronology"]
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            sheet.cell(r, c, value)
    book.save(out)


def imported(case_file: Path) -> list[Any]:
    return [e for e in load_case(case_file).case.events if e.provenance]


# --- the template -----------------------------------------------------------------------------


def test_template_sheets_columns_and_checks(case_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "police-request.xlsx"
    result = invoke("agency-template", case_file, "--agency", "police", "-o", out)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"Wrote {out}: chronology request for Westbrook Police.",
        "Scope period: 1 January 2019 to 31 December 2019.",
        "Return by: Ask the business unit (the review's dates are not set yet).",
        f"When it comes back: reviewkit import {case_file} RETURN --agency police",
    ]
    book = load_workbook(out)
    assert book.sheetnames == ["About this request", "Chronology", "Agency summary", "Lists"]
    assert book["Lists"].sheet_state == "hidden"
    sheet = book["Chronology"]
    assert [c.value for c in sheet[1]] == [f.heading for f in FIELDS]
    assert sheet.freeze_panes == "B2"
    assert sheet.column_dimensions["F"].width == 47  # Summary
    checks = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    assert checks["A2:A1001"].type == "date"
    assert checks["A2:A1001"].errorStyle == "warning"
    assert checks["E2:E1001"].type == "list"
    assert checks["E2:E1001"].formula1.startswith("'Lists'!$A$2:$A$")
    assert checks["I2:I1001"].formula1 == "'Lists'!$C$2:$C$3"
    assert checks["J2:J1001"].formula1 == "'Lists'!$C$2:$C$3"
    types = [c.value for c in book["Lists"]["A"]][1:]
    assert "Strategy discussion" in types and types[-1] == "Other"
    assert [c.value for c in book["Lists"]["C"]][:3] == ["Yes/No", "Yes", "No"]


def test_template_says_what_is_asked_without_real_names(case_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "police-request.xlsx"
    assert invoke("agency-template", case_file, "-a", "police", "-o", out).exit_code == 0
    about = load_workbook(out)["About this request"]
    pairs = {row[0]: row[1] for row in about.iter_rows(values_only=True) if row[0]}
    assert pairs["Review"] == "Chronology fixture: Child K"
    assert pairs["Agency"] == "Westbrook Police"
    assert pairs["Scope period"] == "1 January 2019 to 31 December 2019"
    assert pairs["Why this period"] == (
        "From the first police call-out to Child K's admission to hospital."
    )
    assert pairs["Child K"] == "child-k" and pairs["Mother's partner"] == "partner"
    book = zipfile.ZipFile(out)
    everything = "".join(book.read(name).decode("utf-8") for name in book.namelist())
    assert "Mother's partner" in everything or "Mother&apos;s partner" in everything
    for secret in ("Kacey", "Hiddenname", "KayKay", "Dorian", "Concealed"):
        assert secret not in everything


def test_template_has_no_macros(case_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    assert invoke("agency-template", case_file, "-a", "hv", "-o", out).exit_code == 0
    names = zipfile.ZipFile(out).namelist()
    assert not [n for n in names if "vba" in n.lower()]
    types = zipfile.ZipFile(out).read("[Content_Types].xml").decode()
    assert "macroEnabled" not in types


def test_csv_template(case_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "gp-request.csv"
    result = invoke("agency-template", case_file, "-a", "gp", "-o", out)
    assert result.exit_code == 0, result.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["Chronology request: Chronology fixture: Child K"]
    assert rows[1] == ["Agency: Millbank Surgery"]
    assert rows[-1] == [f.heading for f in FIELDS]
    text = raw.decode("utf-8-sig")
    assert "Child K = child-k" in text
    assert "Kacey" not in text and "Dorian" not in text


def test_a_filled_csv_template_imports_with_no_mapping(case_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "gp.csv"
    assert invoke("agency-template", case_file, "-a", "gp", "-o", out).exit_code == 0
    with out.open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerow(
            [
                "02/05/2019",
                "9.30",
                "",
                "GP record",
                "GP appointment",
                "Mother seen for low mood.",
                "",
                "Mother",
                "",
                "",
                "",
                "Referred to talking therapies.",
                "",
            ]
        )
    result = invoke("import", case_file, out, "-a", "gp")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    (event,) = imported(case_file)
    assert (event.date.text, event.time, event.type) == ("2019-05-02", "09:30", "gp-appointment")
    assert event.outcome == "Referred to talking therapies."
    assert event.source == "GP record"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "x.txt"], "reviewkit: say --format xlsx or --format csv for x.txt.\n"),
        (["-o", "x.xlsm"], "reviewkit: say --format xlsx or --format csv for x.xlsm.\n"),
        (
            ["-o", "x.xls", "--format", "xlsx"],
            "reviewkit: an Excel workbook is written as .xlsx; name the output x.xlsx\n",
        ),
    ],
)
def test_template_output_names(
    case_file: Path, tmp_path: Path, args: list[str], message: str, monkeypatch: Any
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("agency-template", case_file, "-a", "police", *args)
    assert result.exit_code == 2
    assert result.stderr == message
    assert list(tmp_path.iterdir()) == [case_file]


def test_template_refuses_to_overwrite(case_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    out.write_text("the agency's own file")
    result = invoke("agency-template", case_file, "-a", "police", "-o", out)
    assert result.exit_code == 1
    assert "already exists; use --force to overwrite it" in result.stderr
    assert out.read_text() == "the agency's own file"
    assert invoke("agency-template", case_file, "-a", "police", "-o", out, "--force").exit_code == 0


def test_template_for_an_unknown_agency(case_file: Path, tmp_path: Path) -> None:
    result = invoke("agency-template", case_file, "-a", "polce", "-o", tmp_path / "t.xlsx")
    assert result.exit_code == 2
    assert result.stderr == (
        "reviewkit: --agency: the case has no agency 'polce' (did you mean 'police'?); its "
        "agencies are: police, csc, hv, gp\n"
    )


# --- the round trip ---------------------------------------------------------------------------

TYPES = ["Home visit", "Phone call", "Strategy discussion", "Core group", "GP appointment"]
PEOPLE = ["Child K, Mother", "Mother", "Mother's partner", "Maternal grandmother", ""]


def fifty_rows() -> list[list[Any]]:
    rows = []
    for n in range(50):
        day = dt.date(2019, 1, 7) + dt.timedelta(days=6 * n)
        rows.append(
            [
                day,
                dt.time(9 + n % 8, 15) if n % 3 == 0 else None,
                None,
                f"Niche {1000 + n}",
                TYPES[n % len(TYPES)],
                f"Contact number {n + 1} with the family.",
                "A longer account.\n\nWith a second paragraph." if n % 10 == 0 else None,
                PEOPLE[n % len(PEOPLE)],
                "Yes" if n % 4 == 0 else ("No" if n % 4 == 1 else None),
                "Yes" if n % 8 == 0 else None,
                "I am fine." if n % 8 == 0 else None,
                "No further action." if n % 2 else None,
                "Recorded promptly." if n % 5 == 0 else None,
            ]
        )
    return rows


def test_round_trip_of_fifty_rows_with_provenance(case_file: Path, tmp_path: Path) -> None:
    blank = tmp_path / "police-request.xlsx"
    assert invoke("agency-template", case_file, "-a", "police", "-o", blank).exit_code == 0
    returned = tmp_path / "police-return.xlsx"
    fill(blank, fifty_rows(), returned)

    result = invoke("import", case_file, returned, "--agency", "police")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.splitlines() == [
        "police-return.xlsx: 50 events were added.",
        f"Saved {case_file} (the version before: case.yaml.bak).",
    ]
    events = imported(case_file)
    assert len(events) == 50
    assert [(p.file, p.sheet, p.row) for e in events for p in e.provenance] == [
        ("police-return.xlsx", "Chronology", row) for row in range(2, 52)
    ]
    first, second, eleventh = events[0], events[1], events[10]
    assert first.date.text == "2019-01-07" and first.time == "09:15"
    assert first.type == "home-visit" and first.source == "Niche 1000"
    assert first.people == ["child-k", "mother"]
    assert (first.child_seen, first.seen_alone, first.child_words) == (True, True, "I am fine.")
    assert first.details == "A longer account.\n\nWith a second paragraph."
    assert first.analysis == "Recorded promptly."
    assert second.type == "phone-call" and second.time is None and second.child_seen is False
    assert second.outcome == "No further action."
    assert eleventh.type == "home-visit" and eleventh.details is not None

    shown = invoke("timeline", case_file, "--provenance", env=WIDE)
    assert shown.exit_code == 0, shown.stderr
    for row in range(2, 52):
        assert f"police-return.xlsx:{row} " in shown.stdout
    assert "52 events." in shown.stdout


def test_timeline_with_provenance_fits_80_columns(case_file: Path, tmp_path: Path) -> None:
    blank = tmp_path / "police-request.xlsx"
    invoke("agency-template", case_file, "-a", "police", "-o", blank)
    fill(blank, fifty_rows()[:5], tmp_path / "p.xlsx")
    assert invoke("import", case_file, tmp_path / "p.xlsx", "-a", "police").exit_code == 0
    shown = invoke("timeline", case_file, "--provenance")
    assert shown.exit_code == 0
    lines = shown.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert any("p.xlsx:2" in line for line in lines)
    assert any("case file" in line for line in lines)


# --- messy returns ----------------------------------------------------------------------------

MESSY_CSV = FIXTURES / "chronology-messy-cp1252.csv"


def test_messy_csv_reports_the_bad_row_and_writes_nothing(case_file: Path, tmp_path: Path) -> None:
    before = case_file.read_bytes()
    ret = tmp_path / "hv-return.csv"
    shutil.copy(MESSY_CSV, ret)
    result = invoke("import", case_file, ret, "--agency", "hv")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{ret}:11: column 'Contact date': '31/02/2019' is not a date: February 2019 has 28 days",
        "Nothing was written: 1 row has a problem. Correct the return and import it again, or "
        "use --skip-bad to import the other rows.",
    ]
    assert result.stdout == ""
    assert case_file.read_bytes() == before
    assert not (tmp_path / "case.yaml.bak").exists()


def test_messy_csv_with_skip_bad(case_file: Path, tmp_path: Path) -> None:
    ret = tmp_path / "hv-return.csv"
    shutil.copy(MESSY_CSV, ret)
    result = invoke("import", case_file, ret, "--agency", "hv", "--skip-bad")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        "Skipped 1 row:",
        f"{ret}:11: column 'Contact date': '31/02/2019' is not a date: February 2019 has 28 days",
    ]
    assert result.stdout.splitlines()[0] == "hv-return.csv: 7 events were added."
    events = imported(case_file)
    got = [(e.date.text, e.time, e.type, [p.row for p in e.provenance]) for e in events]
    assert got == [
        ("2019-03-14", None, "home-visit", [5]),
        ("2019-03-14", None, "phone-call", [7]),
        ("2019-03-14", "16:45", "strategy-discussion", [8]),
        ("March 2019", None, "other", [9]),
        ("?02/04/2019", None, "missed-appointment", [10]),
        ("01/03/2019 to 15/03/2019", None, "contact", [12]),
        ("2019-03-16", None, "home-visit", [13]),
    ]
    visit, call = events[0], events[1]
    assert visit.summary == "Visit to the family home; Mother\u2019s partner was present."
    assert visit.people == ["mother", "partner"]
    assert (visit.child_seen, visit.seen_alone) == (True, False)
    assert visit.analysis == "Late visit, but thorough." and visit.source == "SystmOne"
    assert call.summary == "Mother rang: she owes \u00a3300 rent and the caf\u00e9 cut her hours."
    assert call.people == ["mother"]
    last = events[-1]
    assert last.child_words == "I want my nan" and last.analysis == "Analysis; with a semicolon"
    text = case_file.read_text(encoding="utf-8")
    assert "\u00a3300" in text and "caf\u00e9" in text


def test_dry_run_shows_the_table_and_writes_nothing(case_file: Path, tmp_path: Path) -> None:
    before = case_file.read_bytes()
    ret = tmp_path / "hv.csv"
    shutil.copy(MESSY_CSV, ret)
    result = invoke("import", case_file, ret, "-a", "hv", "--dry-run", "--skip-bad")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    flat = words(out)
    assert f"{ret} (cp1252, semicolon-separated): header on row 4, 8 rows" in flat
    assert "Contact date -> date" in flat and "Description -> summary" in flat
    assert "hv.csv: 7 events would be added." in out
    assert out.rstrip().endswith("Dry run: nothing was written.")
    assert "Mother rang: she owes \u00a3300 rent" in flat
    assert max(len(line) for line in out.splitlines()) <= 80
    assert case_file.read_bytes() == before
    assert not (tmp_path / "case.yaml.bak").exists()


def messy_workbook(path: Path) -> None:
    """Title rows, a merged title, reordered headings, merged date cells, blank rows."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Police"
    sheet["A1"] = "Westbrook Police: chronology for Child K"
    sheet.merge_cells("A1:F1")
    sheet["A2"] = "Prepared by the Public Protection Unit"
    sheet.append([])
    sheet.append(["Event", "Date of contact", "Time", "Details", "Persons involved", "Outcome"])
    sheet.append(
        [
            "Domestic incident",
            dt.datetime(2019, 3, 14, 0, 0),
            dt.time(17, 25),
            "Officers attended; partner had left.",
            "Mother",
            "DASH: medium",
        ]
    )
    sheet.append(
        [
            "Strategy meeting",
            None,
            "10.00",
            "Strategy discussion with CSC.",
            "Mother, Child K",
            "S47 agreed",
        ]
    )
    sheet.merge_cells("B5:B6")  # one date for two entries
    sheet.append([])
    sheet.append(["Arrest", "02/04/2019", None, "Partner arrested.", "Mother's partner", None])
    sheet.append(["Court", 43600, None, "First hearing.", None, "Adjourned"])
    sheet.append(["Other", dt.datetime(2019, 6, 1, 14, 30), None, "Note on file.", None, None])
    sheet.merge_cells("D10:E10")  # a summary spread across two columns
    book.create_sheet("Notes").append(["Nothing to import here"])
    book.save(path)


def test_messy_workbook(case_file: Path, tmp_path: Path) -> None:
    ret = tmp_path / "police.xlsx"
    messy_workbook(ret)
    result = invoke("import", case_file, ret, "-a", "police")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    events = imported(case_file)
    got = [(e.date.text, e.time, e.type, e.summary, e.people) for e in events]
    assert got == [
        ("2019-03-14", "17:25", "da-incident", "Officers attended; partner had left.", ["mother"]),
        (
            "2019-03-14",
            "10:00",
            "strategy-discussion",
            "Strategy discussion with CSC.",
            ["mother", "child-k"],
        ),
        ("2019-04-02", None, "arrest", "Partner arrested.", ["partner"]),
        ("2019-05-15", None, "court", "First hearing.", []),
        ("2019-06-01", "14:30", "other", "Note on file.", []),
    ]
    assert [(p.sheet, p.row) for e in events for p in e.provenance] == [
        ("Police", 5),
        ("Police", 6),
        ("Police", 8),
        ("Police", 9),
        ("Police", 10),
    ]
    assert events[0].outcome == "DASH: medium" and events[-1].outcome is None


def test_columns_not_imported_and_guessed_are_warned(case_file: Path, tmp_path: Path) -> None:
    ret = tmp_path / "gp.csv"
    ret.write_text("Date,Sumary,Worker,Rating\n02/05/2019,Seen,GP2,5\n", encoding="utf-8")
    result = invoke("import", case_file, ret, "-a", "gp")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        f"{ret}:1: warning: column 'Sumary' is read as summary (score 92%); if it is not, use "
        '--map "Sumary=..."',
        f"{ret}:1: warning: column 'Rating' is not imported; the nearest field is outcome "
        '(score 33%): to import it as that, --map "Rating=outcome"',
        f"{ret}:1: warning: column 'Worker' is not imported: a review names staff by role; to "
        'import it all the same, --map "Worker=FIELD"',
        f"{ret}:1: warning: there is no event type column: every entry is imported as 'other'",
    ]


def test_an_unknown_heading_gets_its_best_suggestion_not_always_details(
    case_file: Path, tmp_path: Path
) -> None:
    ret = tmp_path / "gp.csv"
    ret.write_text(
        "Date,Summary,Outcome of the referral,Xyzzy\n02/05/2019,Seen,Plan agreed,1\n",
        encoding="utf-8",
    )
    result = invoke("import", case_file, ret, "-a", "gp", "--dry-run")
    assert result.exit_code == 0, result.stderr
    warnings = result.stderr.splitlines()
    assert (
        f"{ret}:1: warning: column 'Outcome of the referral' is not imported; the nearest field "
        'is outcome (score 67%): to import it as that, --map "Outcome of the referral=outcome"'
    ) in warnings
    assert (
        f"{ret}:1: warning: column 'Xyzzy' is not imported, and is like no field; to import it, "
        'name its field: --map "Xyzzy=FIELD"'
    ) in warnings


def test_the_headings_agencies_use_are_recognised(case_file: Path, tmp_path: Path) -> None:
    ret = tmp_path / "police.csv"
    ret.write_text(
        "Date/Time,Occurrence ref,Brief summary of incident,HV comments,Worker,Outcome/Plan\n"
        '03/02/2024 23:45,OCC/1,Call-out to the flat.,"Mother upset, partner left.",'
        "PC 123,Referral to CSC.\n",
        encoding="utf-8",
    )
    result = invoke("import", case_file, ret, "-a", "police")
    assert result.exit_code == 0, result.stderr
    assert "is read as" not in result.stderr and "nearest field" not in result.stderr
    (event,) = imported(case_file)
    assert (event.date.text, event.time, event.source, event.summary) == (
        "2024-02-03",
        "23:45",
        "OCC/1",
        "Call-out to the flat.",
    )
    assert (event.details, event.outcome) == ("Mother upset, partner left.", "Referral to CSC.")
    assert "PC 123" not in case_file.read_text(encoding="utf-8")  # staff names stay out
    agency = load_case(case_file).case.agency("police")
    assert agency is not None
    assert agency.columns == {
        "Date/Time": "date",
        "Occurrence ref": "source",
        "Brief summary of incident": "summary",
        "HV comments": "details",
        "Outcome/Plan": "outcome",
    }


def test_reimporting_without_the_maps_reads_the_return_as_before(
    case_file: Path, tmp_path: Path
) -> None:
    ret = tmp_path / "gp.csv"
    ret.write_text(
        "Entered,What,Clinician notes,Kind,Notes\n"
        "02/05/2019,Seen,Plan agreed,Tel con,Read by the GP\n"
        "03/05/2019,Seen again,Review,Tel con,\n",
        encoding="utf-8",
    )
    maps = ["Entered=date", "What=summary", "Clinician notes=outcome", "Kind=type", "Notes=ignore"]
    options = [x for m in maps for x in ("--map", m)]
    first = invoke("import", case_file, ret, "-a", "gp", *options, "--map-type", "Tel con=other")
    assert first.exit_code == 0, first.stderr
    events = imported(case_file)
    assert [(e.date.text, e.summary, e.outcome, e.details) for e in events] == [
        ("2019-05-02", "Seen", "Plan agreed", None),
        ("2019-05-03", "Seen again", "Review", None),
    ]
    agency = load_case(case_file).case.agency("gp")
    assert agency is not None
    assert agency.columns == {
        "Entered": "date",
        "What": "summary",
        "Clinician notes": "outcome",
        "Kind": "type",
        "Notes": "ignore",
    }

    again = invoke("import", case_file, ret, "-a", "gp", "--map-type", "Tel con=other")
    assert again.exit_code == 0, again.stderr
    assert again.stdout.splitlines()[0] == (
        "gp.csv was imported before, and this import replaces it: 2 unchanged."
    )
    assert imported(case_file) == events
    # A --map given now still wins over the one kept.
    third = invoke(
        "import",
        case_file,
        ret,
        "-a",
        "gp",
        "--map",
        "Notes=details",
        "--map-type",
        "Tel con=other",
    )
    assert third.exit_code == 0, third.stderr
    details = {e.date.text: e.details for e in imported(case_file)}
    assert details == {"2019-05-02": "Read by the GP", "2019-05-03": None}
    agency = load_case(case_file).case.agency("gp")
    assert agency is not None and agency.columns["Notes"] == "details"


def test_map_names_other_headings(case_file: Path, tmp_path: Path) -> None:
    ret = tmp_path / "gp.csv"
    ret.write_text(
        "Entered,What,Clinician notes,Kind\n02/05/2019,Seen,Plan agreed,Tel con\n",
        encoding="utf-8",
    )
    result = invoke(
        "import",
        case_file,
        ret,
        "-a",
        "gp",
        "--map",
        "Entered=date",
        "--map",
        "What=summary",
        "--map",
        "Clinician notes=details",
        "--map",
        "Kind=type",
        "--map-type",
        "Tel con=phone-call",
    )
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    (event,) = imported(case_file)
    assert (event.date.text, event.summary, event.details, event.type) == (
        "2019-05-02",
        "Seen",
        "Plan agreed",
        "phone-call",
    )


def test_a_map_for_a_heading_no_file_has(case_file: Path, tmp_path: Path) -> None:
    ret = tmp_path / "gp.csv"
    ret.write_text("Date,Summary\n02/05/2019,Seen\n", encoding="utf-8")
    result = invoke("import", case_file, ret, "-a", "gp", "--map", "Datum=date")
    assert result.exit_code == 2
    assert result.stderr == (
        "reviewkit: --map: no column is headed 'datum' in gp.csv; check the spelling of the "
        "heading\n"
    )


def test_unknown_types_and_people_are_warnings(case_file: Path, tmp_path: Path) -> None:
    ret = tmp_path / "gp.csv"
    ret.write_text(
        "Date,Type,Summary,People\n"
        '02/05/2019,Tel con,Rang Mother,"Mother, Uncle Bob"\n'
        "03/05/2019,Tel con,Rang again,Uncle Bob\n",
        encoding="utf-8",
    )
    result = invoke("import", case_file, ret, "-a", "gp")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        f"{ret}: warning: column 'People': 'Uncle Bob' (rows 2, 3) is not one of the case's "
        "people, so is left out (write a name the review uses, or add the person to the case "
        "file)",
        f"{ret}: warning: column 'Type': 'Tel con' (rows 2, 3) is not an event type; read as "
        "'other' (choose one with --map-type \"Tel con=TYPE\")",
    ]
    assert [(e.type, e.people) for e in imported(case_file)] == [
        ("other", ["mother"]),
        ("other", []),
    ]


def test_month_first_dates_are_errors_and_the_file_is_suspect(
    case_file: Path, tmp_path: Path
) -> None:
    ret = tmp_path / "us.csv"
    ret.write_text("Date,Type,Summary\n03/04/2019,Other,A\n03/14/2019,Other,B\n", "utf-8")
    result = invoke("import", case_file, ret, "-a", "gp")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[:2] == [
        f"{ret}: warning: column 'Date': dates look month first (US style), e.g. '03/14/2019' "
        "on row 3; reviewkit always reads dates day first, so check every date in this file, "
        "or save it again with UK dates (DD/MM/YYYY)",
        f"{ret}:3: column 'Date': '03/14/2019' is not a date: month 14 does not exist; dates "
        "are read day first (DD/MM/YYYY)",
    ]


def test_rows_with_seen_alone_but_not_seen_are_refused(case_file: Path, tmp_path: Path) -> None:
    ret = tmp_path / "csc.csv"
    ret.write_text(
        "Date,Type,Summary,Child seen,Seen alone\n02/05/2019,Other,Visit,No,Yes\n", "utf-8"
    )
    result = invoke("import", case_file, ret, "-a", "csc")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        f"{ret}:2: column 'Seen alone': says seen alone, but the child is recorded as not seen"
    )


def test_a_file_with_no_chronology(case_file: Path, tmp_path: Path) -> None:
    ret = tmp_path / "notes.csv"
    ret.write_text("Name,Role\nA,B\n", encoding="utf-8")
    result = invoke("import", case_file, ret, "-a", "gp", "--skip-bad")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{ret}: no chronology found: reviewkit looks for a header row with a Date column and "
        "a Summary or Details column in the first 30 rows. Name the columns with --map "
        '"Your heading=date" (see docs/chronologies.md)',
        "Nothing was written.",
    ]


def test_import_for_an_unknown_agency(case_file: Path, tmp_path: Path) -> None:
    ret = tmp_path / "x.csv"
    ret.write_text("Date,Summary\n02/05/2019,Seen\n", encoding="utf-8")
    result = invoke("import", case_file, ret, "-a", "GP")
    assert result.exit_code == 2
    assert "--agency: the case has no agency 'GP'" in result.stderr


# --- the case file is edited, not rewritten ---------------------------------------------------


def test_comments_stay_and_a_backup_is_kept(case_file: Path, tmp_path: Path) -> None:
    before = case_file.read_text(encoding="utf-8")
    ret = tmp_path / "gp.csv"
    ret.write_text("Date,Type,Summary\n02/05/2019,GP,Seen\n", encoding="utf-8")
    assert invoke("import", case_file, ret, "-a", "gp").exit_code == 0
    after = case_file.read_text(encoding="utf-8")
    assert (tmp_path / "case.yaml.bak").read_text(encoding="utf-8") == before
    # Every line the author wrote is still there, in order, comments included.
    lines = iter(after.splitlines())
    assert all(any(line == kept for kept in lines) for line in before.splitlines())
    (event,) = imported(case_file)
    fingerprint = event.provenance[0].imported
    new_event = (
        "    child_seen: true\n"
        '  - date: "2019-05-02"\n'
        "    agency: gp\n"
        "    type: gp-appointment\n"
        "    summary: Seen\n"
        "    provenance:\n"
        f'      - {{agency: gp, file: gp.csv, row: 2, imported: "{fingerprint}"}}\n'
        "\nepisodes:\n"
    )
    assert new_event in after
    assert after.endswith(
        "    events: [first-callout]   # linked from the episode side\n"
        "\n"
        "# Kept by `reviewkit import`: the agency returns imported into the events, and\n"
        "# their rows' fingerprints (so that rows you delete are not imported again).\n"
        "imports:\n"
        "  - file: gp.csv\n"
        "    agency: gp\n"
        f'    imported: "{dt.date.today().isoformat()}"\n'
        f"    rows: [{fingerprint}]\n"
    )


# --- importing again --------------------------------------------------------------------------


def write_csv(path: Path, rows: list[str]) -> None:
    path.write_text("Date,Type,Summary,Outcome\n" + "\n".join(rows) + "\n", encoding="utf-8")


ROWS = [
    "01/03/2019,Home visit,Visit one,",
    "02/03/2019,Phone call,Call two,",
    "03/03/2019,Home visit,Visit three,",
    "04/03/2019,Phone call,Call four,",
]


def test_importing_the_same_return_twice_changes_nothing(case_file: Path, tmp_path: Path) -> None:
    ret = tmp_path / "hv.csv"
    write_csv(ret, ROWS)
    assert invoke("import", case_file, ret, "-a", "hv").exit_code == 0
    once = case_file.read_bytes()
    result = invoke("import", case_file, ret, "-a", "hv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "hv.csv was imported before, and this import replaces it: 4 unchanged.",
        f"{case_file}: nothing to change.",
    ]
    assert case_file.read_bytes() == once
    assert len(imported(case_file)) == 4


def edit_case(case_file: Path, old: str, new: str) -> None:
    text = case_file.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    case_file.write_text(text.replace(old, new), encoding="utf-8")


def test_reimport_keeps_the_authors_edits(case_file: Path, tmp_path: Path) -> None:
    ret = tmp_path / "hv.csv"
    write_csv(ret, ROWS)
    assert invoke("import", case_file, ret, "-a", "hv").exit_code == 0
    edit_case(case_file, "summary: Visit one", 'summary: "Visit one (author: Mother tearful)"')
    # The author deletes "Call two" from the events.
    text = case_file.read_text(encoding="utf-8")
    start = text.index('  - date: "2019-03-02"')
    end = text.index('  - date: "2019-03-03"')
    case_file.write_text(text[:start] + text[end:], encoding="utf-8")
    # The agency changes row 3 (untouched by the author) and row 2 (the edited one), removes
    # "Call four" and adds a row.
    write_csv(
        ret,
        [
            "01/03/2019,Home visit,Visit one,Advice given",
            "02/03/2019,Phone call,Call two,",
            "03/03/2019,Home visit,Visit three,Referral made",
            "05/03/2019,Home visit,Visit five,",
        ],
    )
    result = invoke("import", case_file, ret, "-a", "hv")
    assert result.exit_code == 0, result.stderr
    # Rows 4 and 5 changed under events the author had not touched: those are replaced. Row 2
    # changed under an edited event: that is kept, and the new row added beside it.
    assert result.stdout.splitlines() == [
        "hv.csv was imported before, and this import replaces it: 2 updated (the row changed), "
        "1 new.",
        "Kept 1 event you edited whose row has changed or gone from the return; check against "
        "the return:",
        "  2019-03-01: Visit one (author: Mother tearful)",
        "1 row you deleted from the events was not added again.",
        f"Saved {case_file} (the version before: case.yaml.bak).",
    ]
    got = [(e.summary, e.outcome, [p.row for p in e.provenance]) for e in imported(case_file)]
    assert got == [
        ("Visit one (author: Mother tearful)", None, [2]),
        ("Visit one", "Advice given", [2]),
        ("Visit three", "Referral made", [4]),
        ("Visit five", None, [5]),
    ]


def test_reimport_follows_rows_that_moved(case_file: Path, tmp_path: Path) -> None:
    ret = tmp_path / "hv.csv"
    write_csv(ret, ROWS)
    assert invoke("import", case_file, ret, "-a", "hv").exit_code == 0
    edit_case(case_file, "summary: Call four", "summary: Call four (edited)")
    write_csv(ret, ["28/02/2019,Phone call,An earlier call,", *ROWS])
    result = invoke("import", case_file, ret, "-a", "hv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        "hv.csv was imported before, and this import replaces it: 4 unchanged, 1 new."
    )
    got = [(e.summary, [p.row for p in e.provenance]) for e in imported(case_file)]
    assert got == [
        ("Visit one", [3]),
        ("Call two", [4]),
        ("Visit three", [5]),
        ("Call four (edited)", [6]),
        ("An earlier call", [2]),
    ]


def test_two_returns_with_one_name(case_file: Path, tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for folder in ("a", "b"):
        write_csv(tmp_path / folder / "hv.csv", ROWS[:1])
    result = invoke(
        "import", case_file, tmp_path / "a" / "hv.csv", tmp_path / "b" / "hv.csv", "-a", "hv"
    )
    assert result.exit_code == 2
    assert "two returns are both called hv.csv" in result.stderr


# --- the use case, called as a library ------------------------------------------------------


def test_import_returns_says_what_was_written(case_file: Path, tmp_path: Path) -> None:
    from reviewkit.chronology.importer import Options, import_returns

    ret = tmp_path / "hv.csv"
    write_csv(ret, [*ROWS, "05/03/2019,Tel con,Call five,"])
    before = case_file.read_bytes()
    dry = import_returns(case_file, [ret], Options(agency="hv"), dry_run=True)
    assert (dry.dry_run, dry.changed, dry.written, dry.backup) == (True, True, None, None)
    assert (dry.added, dry.updated, dry.unchanged) == (5, 0, 0)
    assert case_file.read_bytes() == before

    done = import_returns(case_file, [ret], Options(agency="hv"))
    assert (done.written, done.backup) == (case_file, tmp_path / "case.yaml.bak")
    assert (done.added, done.skipped, done.reformatted_lines) == (5, [], 0)
    (warning,) = done.warnings
    assert (warning.severity, warning.path) == ("warning", "column 'Type'")
    assert warning.message.startswith("'Tel con' (row 6) is not an event type")
    assert len(imported(case_file)) == 5

    again = import_returns(case_file, [ret], Options(agency="hv"))
    assert (again.changed, again.written, again.unchanged, again.added) == (False, None, 5, 0)


def test_import_returns_skips_bad_rows_only_when_asked(case_file: Path, tmp_path: Path) -> None:
    from reviewkit.chronology.importer import Options, import_returns
    from reviewkit.errors import ImportProblemsError

    ret = tmp_path / "hv-return.csv"
    shutil.copy(MESSY_CSV, ret)
    before = case_file.read_bytes()
    with pytest.raises(ImportProblemsError) as caught:
        import_returns(case_file, [ret], Options(agency="hv"))
    assert [(p.line, p.path) for p in caught.value.problems] == [(11, "column 'Contact date'")]
    assert caught.value.exit_code == 2
    assert case_file.read_bytes() == before

    result = import_returns(case_file, [ret], Options(agency="hv"), skip_bad=True)
    assert [(p.line, p.severity) for p in result.skipped] == [(11, "error")]
    assert result.added == 7 and result.written == case_file


def test_write_request_says_what_it_wrote(case_file: Path, tmp_path: Path) -> None:
    from reviewkit.chronology.template import write_request
    from reviewkit.errors import UsageError

    out = tmp_path / "police.csv"
    written = write_request(case_file, "police", out)
    assert (written.path, written.format, written.request.agency) == (
        out,
        "csv",
        "Westbrook Police",
    )
    assert out.read_bytes().startswith(b"\xef\xbb\xbfChronology request")
    with pytest.raises(UsageError, match="--format pdf: choose xlsx or csv"):
        write_request(case_file, "police", tmp_path / "x.pdf", "pdf")
