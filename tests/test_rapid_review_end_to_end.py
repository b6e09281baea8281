"""From `init --kind rapid-review` to a rapid review draft in Markdown and Word, no YAML typed.

Three agencies' returns come back filled in the way agencies fill them: headings renamed, a
blank row, dates typed `3/2/24` and "early Feb 2024", and the same overnight strategy
discussion recorded by the police at 23:45 and by children's social care at 00:10 the next
day. The renamed headings are recognised without --map; the police's return, imported once
with --map and again without, gives the same events. `duplicates` finds the overnight pair
and the officer merges it by its group id; the merged event counts as a contact for both
agencies. Their summaries come from the "Agency summary" sheet; the rapid review's own fields
from `author --only rapid-review --answers`. Every step goes through the command line.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import docx
import openpyxl

from reviewkit.casefile import load_case

from conftest import invoke

# What each agency typed over the template's headings: the forms real returns use.
RENAMED = {
    "police": {"Summary": "Brief summary of incident", "Source record": "Occurrence ref"},
    "hv": {"Details": "HV comments"},
    "csc": {"Details": "Case Note"},
}
# What a cautious officer names with --map the first time one return is imported; header
# recognition knows every form above, so every other import goes without.
MAPS = ["--map", "Brief summary of incident=summary", "--map", "Occurrence ref=source"]
# Each agency's rows, in the template's column order (date, time, seq, source, type, summary,
# details); `None` leaves a row blank, as agencies do between entries.
ROWS: dict[str, list[list[object] | None]] = {
    "police": [
        ["3/2/24", "21:40", None, "OCC-1", "Police call-out", "Neighbour reported shouting", None],
        None,
        [
            "03/02/2024",
            "23:45",
            None,
            "OCC-2",
            "Strategy discussion",
            "Strategy discussion with children's social care",
            "Agreed a section 47 enquiry.",
        ],
    ],
    "csc": [
        [
            "04/02/2024",
            "00:10",
            None,
            None,
            "Strategy discussion",
            "Strategy discussion with police (overnight)",
            "Section 47 enquiry agreed.",
        ],
        [dt.datetime(2024, 2, 5), None, None, None, "Assessment", "Visit to the home", None],
    ],
    "hv": [
        ["early Feb 2024", None, None, None, "Contact", "Clinic: Child A weighed", "Well."],
        None,
        ["12/01/2024", None, None, None, "New birth visit", "New birth visit", "Feeding well."],
    ],
}
SUMMARIES = {
    "police": {
        "Involvement": "Two call-outs to the family's home in February 2024.",
        "Your agency's analysis": "The first call-out was not linked to the earlier record.",
        "Immediate actions taken": "Checks on every adult at the address\nA new flag",
        "Completed by (name)": "A. Officer",
        "Completed by (role)": "Detective Sergeant",
        "Date completed": "10/02/2024",
    },
    "csc": {
        "Involvement": "The overnight strategy discussion and the assessment that followed.",
        "Your agency's analysis": "Screening looked at the incident on its own.",
        "Completed by (role)": "Team Manager",
    },
    "hv": {
        "Involvement": "The new birth visit and a clinic contact.",
        "Learning identified": "See fathers at every contact.",
        "Completed by (role)": "Named Nurse",
    },
}
ANSWERS = """\
rapid-review:
  notification_reference: SIN-TEST-1
  summary: |
    Child A, aged 4 months, was brought to hospital with a skull fracture.
  why_notified: A child under one was seriously harmed and abuse is suspected.
  other_children: None.
  criminal_investigation: Police are investigating.
  care_proceedings: None.
  child_death_review: Not applicable.
  coroner: Not applicable.
  improvements-needed: "yes: the call-out was not shared with health"
  multi-agency-concerns: "yes: three agencies each held part of the picture"
  decision: commission
  reasons: The criteria for a local review are met.
  national_review: "no: the learning is local"
"""


def fill(request: Path, agency: str, out: Path) -> Path:
    """An agency's return: the request with headings renamed, rows and the summary typed."""
    book = openpyxl.load_workbook(request)
    sheet = book["Chronology"]
    for cell in sheet[1]:
        cell.value = RENAMED.get(agency, {}).get(cell.value, cell.value)
    for number, row in enumerate(ROWS[agency], start=2):
        for column, value in enumerate(row or [], start=1):
            sheet.cell(number, column, value)
    form = book["Agency summary"]
    labels = {form.cell(r, 1).value: r for r in range(1, form.max_row + 1)}
    for label, value in SUMMARIES[agency].items():
        form.cell(labels[label], 2, value)
    path = out / f"{agency}-return.xlsx"
    book.save(path)
    return path


def test_from_init_to_a_rapid_review_draft_without_editing_yaml(tmp_path: Path) -> None:
    # Day 1: the business unit starts the case and sends every agency its request.
    assert invoke("init", tmp_path / "baby-a", "--kind", "rapid-review").exit_code == 0
    case = tmp_path / "baby-a" / "case.yaml"
    requests = tmp_path / "requests"
    sent = invoke("agency-template", case, "--all", "-o", requests)
    assert sent.exit_code == 0, sent.stderr
    ids = [a.id for a in load_case(case).case.agencies]
    assert ids == ["csc", "police", "hv"]

    # The returns come back, filled in the messy way, and are imported one by one.
    back = tmp_path / "returns"
    back.mkdir()
    returned = {}
    for agency in ids:
        path = fill(requests / f"{agency}-chronology-request.xlsx", agency, back)
        returned[agency] = path
        maps = MAPS if agency == "police" else []
        result = invoke("import", case, path, "--agency", agency, *maps)
        assert result.exit_code == 0, result.stderr
        assert f"{path.name}: agency summary" in result.stdout

    loaded = load_case(case).case
    assert len(loaded.events) == 6  # the blank rows are left out
    police = [e for e in loaded.events if e.agency == "police"]
    assert police[0].date.earliest == dt.date(2024, 2, 3) and police[0].date.exact
    assert police[0].source == "OCC-1"
    assert police[0].summary == "Neighbour reported shouting"
    early = next(e for e in loaded.events if e.summary.startswith("Clinic"))
    assert (early.date.earliest, early.date.latest) == (dt.date(2024, 2, 1), dt.date(2024, 2, 10))
    assert early.details == "Well."
    # "early Feb" sorts by the middle of its range: after the 3 February call-out.
    order = [e.summary for e in loaded.sorted_events()]
    assert order.index("Neighbour reported shouting") < order.index(early.summary)
    assert next(e for e in loaded.events if e.agency == "csc").details == (
        "Section 47 enquiry agreed."
    )
    # The police's mapping is kept with the agency; the others' headings were recognised.
    agencies = {a.id: a for a in loaded.agencies}
    assert agencies["police"].columns["Brief summary of incident"] == "summary"
    assert agencies["police"].columns["Occurrence ref"] == "source"
    visit = next(e for e in loaded.events if e.type == "new-birth-visit")
    assert (visit.agency, visit.details) == ("hv", "Feeding well.")
    # The same overnight strategy discussion, recorded by two agencies either side of
    # midnight: both records are in until they are merged.
    overnight = [e for e in loaded.sorted_events() if e.type == "strategy-discussion"]
    assert [(e.agency, e.date.earliest, e.time) for e in overnight] == [
        ("police", dt.date(2024, 2, 3), "23:45"),
        ("csc", dt.date(2024, 2, 4), "00:10"),
    ]

    # The police's return comes again, unchanged, and is imported without --map: the mapping
    # kept from the first import gives the same events.
    before = [e.model_dump() for e in loaded.sorted_events()]
    again = invoke("import", case, returned["police"], "--agency", "police")
    assert again.exit_code == 0, again.stderr
    assert [e.model_dump() for e in load_case(case).case.sorted_events()] == before

    # `duplicates` lists the pair (off a terminal it only lists); the officer merges the
    # group by the id it shows.
    listed = invoke("duplicates", case)
    assert listed.exit_code == 0, listed.stderr
    assert "1 group of likely duplicates" in listed.stdout
    group = re.search(r"^Group (\w+):", listed.stdout, re.MULTILINE)
    assert group is not None, listed.stdout
    block = listed.stdout[group.start() :].split("To merge")[0]
    assert "23:45" in block and "00:10" in block
    assert "Visit to the home" not in block  # the 5 February assessment is another event
    merged = invoke("duplicates", case, "--accept", group.group(1))
    assert merged.exit_code == 0, merged.stderr
    assert f"Merged group {group.group(1)}" in merged.stdout
    loaded = load_case(case).case
    assert len(loaded.events) == 5
    (overnight_event,) = [e for e in loaded.events if e.type == "strategy-discussion"]
    assert sorted(overnight_event.agencies) == ["csc", "police"]
    assert sorted(p.agency for p in overnight_event.provenance) == ["csc", "police"]
    assert invoke("duplicates", case).stdout.startswith("No likely duplicates")
    returns = {r.agency: r for r in loaded.agency_returns}
    assert sorted(returns) == ["csc", "hv", "police"]
    assert returns["police"].immediate_actions == [
        "Checks on every adult at the address",
        "A new flag",
    ]
    assert returns["police"].source is not None
    assert returns["police"].source.cells["involvement"] == "B5"

    # The rapid review's own fields, answered from a file.
    answers = tmp_path / "answers.yaml"
    answers.write_text(ANSWERS, encoding="utf-8")
    authored = invoke("author", case, "--only", "rapid-review", "--answers", answers)
    assert authored.exit_code == 0, authored.stderr
    rapid = load_case(case).case.rapid_review
    assert rapid is not None
    assert rapid.lcspr_decision.decision == "commission"
    assert rapid.lcspr_decision.criteria["improvements-needed"].met == "yes"
    assert rapid.national_review is not None and rapid.national_review.suggested == "no"

    # The draft, in Markdown and Word.
    out = tmp_path / "out"
    built = invoke("build", case, "--kind", "rapid-review", "-f", "md,docx", "-o", out)
    assert built.exit_code == 0, built.stderr
    text = (out / "baby-a-rapid-review.md").read_text(encoding="utf-8")
    assert "# Rapid review: Child A" in text
    assert "**Status:** Draft" in text  # the sex, the sign-off and more are still needed
    assert text.count("Three of the three agencies asked") == 2
    assert "have decided to commission a local child safeguarding practice review" in text
    assert "have not yet decided" not in text
    assert "Two call-outs to the family's home in February 2024." in text
    # The merged discussion is a contact for both agencies that recorded it.
    contacts = re.findall(r"\*\*Contacts\.\*\* (\d+) contacts? in the merged", text)
    assert contacts == ["2", "2", "2"]  # CSC, police, health visiting, in the case's order
    assert "| Criminal investigation | Police are investigating. |" in text
    assert "SIN-TEST-1" in text
    assert "A. Officer" not in text  # the summary's author is never printed

    word = docx.Document(str(out / "baby-a-rapid-review.docx"))
    paragraphs = [p.text for p in word.paragraphs]
    cells = [c.text for t in word.tables for row in t.rows for c in row.cells]
    assert "Still needed" in paragraphs
    assert "The case in brief" in paragraphs
    assert sum("Three of the three agencies asked" in p for p in paragraphs) == 2
    assert any(
        p.endswith("Child A, aged 4 months, was brought to hospital with a skull fracture.")
        for p in paragraphs
    )
    assert "Police are investigating." in cells
    assert not any("A. Officer" in t for t in [*paragraphs, *cells])
