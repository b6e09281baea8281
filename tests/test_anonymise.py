"""Anonymising a case file: every planted name and identifier is replaced, counted and located."""

from __future__ import annotations

import re
import stat
from pathlib import Path

import pytest

from reviewkit.anonymise import Options, anonymise_file
from reviewkit.anonymise.scan import scan_files
from reviewkit.casefile import load_case

from conftest import ELLIS, FIXTURES, invoke

CASE = FIXTURES / "anon-case.yaml"

# Every original planted in the fixture, each written in at least one of the ways the
# anonymiser must recognise (possessive, split across lines, upper case, title, initial ...).
PLANTED = [
    "Jayden",
    "Okoro-Hale",
    "Okoro",
    "Jay-Jay",
    "Shannon",
    "Shan",
    "Hale",
    "James",
    "Jimmy",
    "Pryce",
    "Rose",
    "Priya",
    "Lakshmanan",
    "Fairweather",
    "Quennell",
    "St Cuthbert",
    "Oakfield",
    "Mill Lane",
    "Ashcombe",
    "943 476 5919",
    "4010232137",
    "AB 12 34 56 C",
    "LS1 4AP",
    "07700 900123",
    "01632 960123",
    "+44 20 7946 0018",
    "example.com",
    "12 March 1998",
    "14/07/1970",
    "2021",
]


@pytest.fixture(scope="module")
def result():  # type: ignore[no-untyped-def]
    return anonymise_file(CASE, Options(offset_days=-7 * 170, output_name="out.yaml"))


def test_no_planted_original_is_left(result) -> None:  # type: ignore[no-untyped-def]
    text = result.text
    for original in PLANTED:
        found = re.search(re.escape(original), text, flags=re.IGNORECASE)
        if original in ("Rose", "Hale", "Shan", "James"):  # also parts of ordinary words
            found = re.search(rf"\b{re.escape(original)}\b", text)
        assert found is None, f"{original!r} left at offset {found.start() if found else 0}"


def test_output_is_a_valid_case_and_scans_clean(result, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out.yaml"
    out.write_text(result.text, encoding="utf-8")
    loaded = load_case(out)
    assert loaded.case.anonymise is not None and loaded.case.anonymise.anonymised
    assert all(p.real_name is None and p.aliases == [] for p in loaded.case.people)
    report = scan_files([out], load_case(CASE).case)
    assert report.hits == []
    assert report.names_checked


def test_every_variant_is_replaced_in_context(result) -> None:  # type: ignore[no-untyped-def]
    text = result.text
    # split across lines, title, upper case, possessive, plural family name, initial
    assert "His mother, Mother, said he had fallen." in text
    assert "taken to the hospital by Father." in text
    assert "Serious harm to Child J." in text
    assert "Father's son is Child J" in text  # James' son -> Father's son
    assert "Child J said 'Daddy Father' when asked." in text  # a closing quote, not a possessive
    assert "The family need support." in text  # The Okoro-Hales
    assert "Record kept by the health visitor" in text  # P. Lakshmanan
    assert "the family were not asked about Mother's partner" in text  # the Hale family
    assert "Mother's partner will move in soon" in text  # Will (a common word) as a name
    assert "Head of Safeguarding, the local Council" in text
    assert "[NHS number removed]; his mother's is [NHS number removed]" in text
    assert "[National Insurance number removed]" in text
    assert "[postcode removed]" in text and "[street address removed]" in text
    assert "[e-mail address removed]" in text and "[phone number removed]" in text
    assert "[date of birth removed]" in text
    assert "Mother (Mother to friends) was born and can be reached" in text


def test_dates_become_relative_and_fields_move(result) -> None:  # type: ignore[no-untyped-def]
    text = result.text
    assert "When Child J was three months old Child J was taken" in text
    assert "when Child J was six weeks old and again two weeks later" in text
    assert "about four months before Child J was born" in text
    assert "incident: '2018-02-27'" in text  # 2021-06-01 moved back 170 weeks
    assert "dob: '2017-11-01'" in text  # kept in age mode, on the moved calendar only
    assert "2021" not in text


def test_report_counts_every_planted_original_without_names(result) -> None:  # type: ignore[no-untyped-def]
    report = result.report
    rows = dict((m[1], int(m[2])) for m in re.finditer(r"^\| ([^|]+?) \| (\d+) \|", report, re.M))
    # The event id "jayden-born" is renumbered ("event-1"), so its name is not counted here.
    assert rows["Child J: first name"] == 14
    assert rows["id (renumbered)"] == 2  # jayden-born and kpe-1
    assert rows["Child J: full name"] == 3
    assert rows["Child J: alias 1"] == 1
    assert rows["Mother: alias 1"] == 2 and rows["Mother: alias 2"] == 1
    assert rows["Father: alias 1"] == 1 and rows["Father: first name"] == 7
    assert rows["Mother's partner: first name"] == 6
    assert rows["professional 1 (the health visitor): first name"] == 5
    assert rows["professional 2 (the GP): surname"] == 2
    assert rows["place 5 (area: the local area): name"] == 6
    assert rows["surname shared by Mother and Maternal grandmother"] == 2
    assert rows["author 1: full name"] == 1
    assert rows["NHS number"] == 2
    assert rows["National Insurance number"] == 1
    assert rows["postcode"] == 1 and rows["street address"] == 3
    assert rows["phone number"] == 4 and rows["e-mail address"] == 2
    assert rows["date of birth"] == 2 and rows["date of birth (moved)"] == 1
    assert "| events\\[1\\].details | 2 dates, 4 names, 1 professional |" in report
    for original in PLANTED:
        assert original.lower() not in report.lower() or original in ("Rose", "Hale", "Shan")


def test_audit_holds_the_originals(result) -> None:  # type: ignore[no-untyped-def]
    audit = result.audit
    assert "CONTAINS REAL NAMES" in audit
    assert "Secret date offset: -1190 days" in audit
    for original in ("Jayden Okoro-Hale", "943 476 5919", "Priya Lakshmanan", "LS1 4AP"):
        assert original in audit


def test_letters_scheme_renames_people_and_ids(tmp_path: Path) -> None:
    result = anonymise_file(CASE, Options(scheme="letters", offset_days=-7 * 52))
    assert "- id: child-a\n  name: Child A\n" in result.text
    assert "Review concerning Child A of the local area" in result.text
    assert "Child J" not in result.text
    assert result.labels["partner"] == "Mother's partner"


def test_keep_year_and_interval_modes() -> None:
    keep = anonymise_file(CASE, Options(dates="keep-year"))
    assert "in 2021 (when Child J was three months old) JAYDEN" not in keep.text
    assert "In 2021 (when Child J was three months old) Child J was taken" in keep.text
    assert "incident: '2021-06-01'" in keep.text
    interval = anonymise_file(CASE, Options(dates="interval", offset_days=-7))
    assert "In month 10 of the review period Child J was taken" in interval.text
    assert "dob:" not in interval.text


# --- the command ---------------------------------------------------------------------------------


def test_cli_writes_output_report_and_owner_only_audit(tmp_path: Path) -> None:
    out = tmp_path / "anon.yaml"
    audit = tmp_path / "audit.md"
    result = invoke("anonymise", CASE, "-o", out, "--audit", audit)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:4] == [
        f"Wrote {out} (case-names names, age dates).",
        "Replaced 77 names, 20 place or service names, 13 identifiers and 16 dates.",
        f"Wrote {tmp_path / 'anon.report.md'} (the replacement report; no real names).",
        f"Wrote {audit} (holds real names; only you can read it).",
    ]
    assert result.stderr == ""
    assert stat.S_IMODE(audit.stat().st_mode) == 0o600
    assert (
        (tmp_path / "anon.report.md")
        .read_text(encoding="utf-8")
        .startswith("# Anonymisation report")
    )
    for original in ("Jayden", "Lakshmanan", "Ashcombe"):
        assert original not in result.output
    assert all(len(line) <= 80 for line in result.stdout.splitlines() if str(tmp_path) not in line)


def test_cli_refuses_to_overwrite_and_leaves_nothing(tmp_path: Path) -> None:
    out = tmp_path / "anon.yaml"
    out.write_text("mine", encoding="utf-8")
    result = invoke("anonymise", CASE, "-o", out)
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"reviewkit: {out} already exists; use --force to overwrite it, or choose another output.\n"
    )
    assert out.read_text(encoding="utf-8") == "mine"
    assert not (tmp_path / "anon.report.md").exists()


def test_cli_refuses_a_leak_and_writes_nothing(tmp_path: Path) -> None:
    # A place label that holds a real surname: the output scan must catch it.
    text = CASE.read_text(encoding="utf-8").replace(
        'label: "a street nearby"', 'label: "the Pryce estate"'
    )
    case = tmp_path / "case.yaml"
    case.write_text(text, encoding="utf-8")
    out = tmp_path / "anon.yaml"
    result = invoke("anonymise", case, "-o", out, "--audit", tmp_path / "a.md")
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0].startswith("anon.yaml:") and lines[0].endswith(": Mother's partner: surname")
    assert lines[-1].startswith("1 leak found in the anonymised case; nothing was written.")
    assert "Pryce" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.yaml"]


def test_cli_refuses_a_pseudonym_that_is_the_real_name(tmp_path: Path) -> None:
    text = CASE.read_text(encoding="utf-8").replace('name: "Father"', 'name: "James"')
    case = tmp_path / "case.yaml"
    case.write_text(text, encoding="utf-8")
    result = invoke("anonymise", case, "-o", tmp_path / "o.yaml")
    assert result.exit_code == 1
    assert result.stderr == (
        f"reviewkit: {case}: people[2].name is this person's real name (or part of it); give a "
        "pseudonym or a relationship label in `name`, or use --scheme letters.\n"
    )


def test_cli_bad_option_values(tmp_path: Path) -> None:
    result = invoke("anonymise", CASE, "-o", tmp_path / "o.yaml", "--dates", "ages")
    assert result.exit_code == 2
    assert result.stderr == (
        "reviewkit: unknown date mode 'ages'; choose one of: age, interval, keep-year, shift, keep.\n"
    )
    result = invoke("anonymise", CASE, "-o", CASE)
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"reviewkit: {CASE} is the case file itself; write the anonymised copy elsewhere.\n"
    )


def test_anonymising_an_anonymised_case_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "anon.yaml"
    assert invoke("anonymise", CASE, "-o", out).exit_code == 0
    again = invoke("anonymise", out, "-o", tmp_path / "again.yaml")
    assert again.exit_code == 1
    assert again.stderr == (
        f"reviewkit: {out}: this case has already been anonymised (anonymise.anonymised: yes); "
        "anonymise the original case file instead.\n"
    )


def test_a_moved_date_that_equals_a_real_birth_is_no_leak(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from reviewkit.anonymise import anonymiser
    from reviewkit.anonymise.anonymiser import Options, anonymise_file

    # An offset of 52 weeks moves some date of the Ellis sample onto a real date of birth:
    # that is chance, not a leak, and the one pass succeeds (it used to be drawn again).
    walks = []
    walk = anonymiser._Worker.walk

    def counted(self, value, path):  # type: ignore[no-untyped-def]
        if path == ():
            walks.append(path)
        return walk(self, value, path)

    monkeypatch.setattr(anonymiser._Worker, "walk", counted)
    result = anonymise_file(ELLIS, Options(offset_days=-7 * 52))
    assert result.offset_days == -7 * 52
    assert len(walks) == 1
    # A drawn offset leaves out the weeks that would move a written day onto a birth, so a
    # scan of the output by anyone (who cannot know which dates moved) finds no birth date.
    monkeypatch.setattr(anonymiser.secrets, "choice", lambda weeks: weeks[0])
    drawn = anonymise_file(ELLIS, Options()).offset_days
    assert drawn is not None and drawn < -7 * 52 and drawn % 7 == 0


@pytest.mark.parametrize("mode", ["age", "shift"])
def test_a_real_birth_left_as_written_is_a_leak(mode: str, tmp_path: Path) -> None:
    from reviewkit.anonymise.anonymiser import Options, anonymise_file
    from reviewkit.errors import LeakError

    # References keep their dates as written (they cite publications), so a real date of
    # birth typed there stays, and is found, located, whatever the moved dates are.
    text = CASE.read_text(encoding="utf-8")
    case = tmp_path / "case.yaml"
    case.write_text(text + "references:\n  - Local practice guidance, issued 3 February 2021.\n")
    with pytest.raises(LeakError) as err:
        anonymise_file(case, Options(dates=mode, offset_days=-7 * 60))
    assert [str(h) for h in err.value.hits] == [
        "the anonymised case: references[0]: Child J: date of birth"
    ]


# --- the use case, called as a library ------------------------------------------------------


def test_anonymise_to_says_what_it_wrote(tmp_path: Path) -> None:
    from reviewkit.anonymise.usecase import Counts, anonymise_to

    out = tmp_path / "anon.yaml"
    audit = tmp_path / "audit.md"
    result = anonymise_to(CASE, out, Options(offset_days=-7 * 170), audit=audit)
    assert result.written == [out, tmp_path / "anon.report.md", audit]
    assert all(path.exists() for path in result.written)
    assert result.counts == Counts(names=77, places=20, identifiers=13, dates=16)
    assert (result.scheme, result.dates, result.unread_dates) == ("case-names", "age", 0)
    assert result.warnings == []
    assert "anon.yaml" in result.report.read_text(encoding="utf-8")
    assert stat.S_IMODE(audit.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("output", "audit", "message"),
    [
        ("case.yaml", None, "case.yaml is the case file itself; write the anonymised copy"),
        ("case.md", "case.yaml", "case.yaml is the case file itself; write the anonymised copy"),
        ("anon.yaml", "anon.yaml", "--output and --audit must be different files."),
        ("anon.yaml", "anon.report.md", "--output and --audit must be different files."),
    ],
)
def test_anonymise_to_refuses_outputs_that_would_overwrite_an_input_or_each_other(
    tmp_path: Path, output: str, audit: str | None, message: str
) -> None:
    from reviewkit.anonymise.usecase import anonymise_to
    from reviewkit.errors import UsageError

    case = tmp_path / "case.yaml"
    case.write_bytes(CASE.read_bytes())
    with pytest.raises(UsageError, match=re.escape(message)):
        anonymise_to(case, tmp_path / output, audit=tmp_path / audit if audit else None)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.yaml"]
    assert case.read_bytes() == CASE.read_bytes()


def test_anonymise_to_refuses_an_existing_report_unless_forced(tmp_path: Path) -> None:
    from reviewkit.anonymise.usecase import anonymise_to
    from reviewkit.errors import OutputExistsError

    report = tmp_path / "anon.report.md"
    report.write_text("mine", encoding="utf-8")
    with pytest.raises(OutputExistsError):
        anonymise_to(CASE, tmp_path / "anon.yaml")
    assert report.read_text(encoding="utf-8") == "mine"
    assert not (tmp_path / "anon.yaml").exists()
    anonymise_to(CASE, tmp_path / "anon.yaml", force=True)
    assert report.read_text(encoding="utf-8").startswith("# Anonymisation report")
