"""The quality check of a draft: each kind of finding, located; the card; the exit code."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewkit.render.markdown import render
from reviewkit.reports.quality import HEADINGS, Finding, QualityResult, check_quality
from reviewkit.reports.quality_card import card_document, score_card

from conftest import BABY_M, ELLIS, invoke

# Twelve problems planted in a copy of the large sample, one of each kind the check looks for:
# (code, text to find in the sample, what replaces it, text at the finding's location: on a line
# of its own, or (text on the line, text at the column) when the line holds it twice).
PLANTED = [
    (
        "recommendation-no-measure",
        '    measure: "Guidance launched; audit of 30 open early help and child in need cases '
        'finds new adults identified and checked in at least 90 per cent"\n',
        "",
        None,  # located at the recommendation itself
    ),
    (
        "analysis-descriptive",
        "# --- Themes / findings ---",
        "  - id: kpe-extra\n    title: The last visit\n    what_happened: |\n"
        "      A worker visited and left a note.\n\n# --- Themes / findings ---",
        "  - id: kpe-extra",
    ),
    (
        "child-not-heard",
        "agencies:\n  - id: csc",
        "  - id: poppy\n    name: Poppy\n    role: child\n    subject: true\n\n"
        "agencies:\n  - id: csc",
        "  - id: poppy",
    ),
    (
        "enquiry-unanswered",
        "  terms_of_reference:\n",
        "  terms_of_reference:\n"
        '    - "How well did dentists and orthodontists treat tooth decay?"\n',
        "tooth decay",
    ),
    (
        "finding-unlinked",
        "\nconclusions: |",
        "\n  - id: transport\n    title: Transport to school\n    analysis: Taxis were late.\n"
        "\nconclusions: |",
        "  - id: transport",
    ),
    (
        "abbreviation-unknown",
        "Her own mother, the children's maternal grandmother,",
        "Her own mother, the QRTZ lead, the children's maternal grandmother,",
        "QRTZ",
    ),
    (
        "abbreviation-before-definition",
        "Mother grew up in Northmoor",
        "A WVX worker knew Mother. Mother grew up in Northmoor",
        ("A WVX worker", "WVX"),
    ),
    (
        "weekday-mismatch",
        "Mother met the father of Mason and Ruby in 2015.",
        "Mother met the father of Mason and Ruby in 2015. On Monday 14 March 2023 she moved.",
        "Monday 14 March 2023",
    ),
    (
        "name-not-in-cast",
        "Mason was born in 2016,",
        "Mason was born in 2016, and Mrs Pemberton was his childminder;",
        "Mrs Pemberton",
    ),
    (
        "pronouns-disagree",
        "In February 2022, three months",
        "Mason said she was hungry. In February 2022, three months",
        ("Mason said she was hungry.", "she was hungry"),
    ),
    (
        "hindsight",
        "Mother grew up in Northmoor and has lived",
        "It is clear that Mother grew up in Northmoor and has lived",
        "It is clear that",
    ),
    (
        "publication-exact-dates",
        '  status: "Final"',
        '  status: "Final for publication"',
        None,  # located at the first event with an exact date
    ),
]
# Defined later in the report than the planted first use above.
DEFINITION = (
    "The review is grateful to Mother,",
    "A welfare visiting worker (WVX) helped. The review is grateful to Mother,",
)

# End to end: it checks the large sample with planted problems. CI runs it; `-m "not slow"` leaves it out.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the large sample with the twelve problems of PLANTED (read, never written)."""
    text = ELLIS.read_text(encoding="utf-8")
    for _, old, new, _ in [*PLANTED, (None, *DEFINITION, None)]:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path_factory.mktemp("planted") / "case.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def planted_result(planted: Path) -> QualityResult:
    """The quality check of the planted copy, made once for the tests that only read it."""
    return check_quality(planted)


def _line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    numbers = [i for i, line in enumerate(lines, start=1) if text in line]
    assert len(numbers) == 1, (text, numbers)
    return numbers[0]


def _column_of(path: Path, line: int, text: str) -> int:
    return path.read_text(encoding="utf-8").splitlines()[line - 1].index(text) + 1


def test_unchanged_large_sample_has_no_error() -> None:
    result = check_quality(ELLIS)
    assert result.errors == []
    # Its hindsight phrasing is worth a second look, but is no error.
    assert {f.heading for f in result.findings} <= {"Hindsight and blame", "Abbreviations"}


def test_each_planted_problem_is_found_where_it_is(
    planted: Path, planted_result: QualityResult
) -> None:
    found = planted_result.findings
    for code, _, _, marker in PLANTED:
        mine = [f for f in found if f.code == code]
        assert mine, f"{code} not found"
        if marker is None:
            continue
        on_line, at_column = marker if isinstance(marker, tuple) else (marker, marker)
        line = _line_of(planted, on_line)
        here = [f for f in mine if f.line == line]
        assert here, f"{code}: expected line {line}, got {[f.line for f in mine]}"
        if not on_line.startswith("  - id:") and "tooth" not in on_line:
            assert _column_of(planted, line, at_column) in [f.column for f in here], code


def test_planted_findings_are_located_and_worded(
    planted: Path, planted_result: QualityResult
) -> None:
    found: dict[str, Finding] = {}
    for f in planted_result.findings:
        found.setdefault(f.code, f)
    rec = found["recommendation-no-measure"]
    assert (rec.path, rec.severity) == ("recommendations[0].measure", "warning")
    assert rec.line == _line_of(planted, "  - id: rec-new-adults")
    assert "no measure of impact" in rec.message

    weekday = found["weekday-mismatch"]
    assert weekday.severity == "error"
    assert weekday.path == "review.background"
    assert weekday.message == "'Monday 14 March 2023': 14 March 2023 was a Tuesday"

    child = found["child-not-heard"]
    assert child.path.startswith("people[") and "Poppy has no words of their own" in child.message

    assert found["enquiry-unanswered"].path == "review.terms_of_reference[0]"
    assert found["finding-unlinked"].message.startswith("the finding 'Transport to school'")
    assert found["analysis-descriptive"].message.startswith("the analysis of KPE 6 is only")
    assert "'QRTZ' is not in any glossary" in found["abbreviation-unknown"].message
    assert "'WVX' is used before the report defines it" in (
        found["abbreviation-before-definition"].message
    )
    assert found["name-not-in-cast"].message.startswith("'Mrs Pemberton' is not a name")
    assert found["pronouns-disagree"].message == (
        "'she' for Mason, whose pronouns are he/him (people[1].pronouns)"
    )
    assert found["hindsight"].severity == "note"
    every = planted_result.findings
    (publication,) = [
        f for f in every if f.code == "publication-exact-dates" and f.path.endswith(".date")
    ]
    assert publication.severity == "error" and publication.path.startswith("events[")
    assert "marked for publication (Final for publication) and" in publication.message
    settings = [f for f in every if f.code == "publication-named-setting"]
    assert (
        "'Larkhollow Primary School' names the child's setting in a report marked for "
        "publication: call it by its kind ('the school')"
    ) in [f.message for f in settings]


def test_str_of_a_finding_is_file_line_column() -> None:
    finding = Finding("error", "Accuracy", "x", "review.reason", 12, 5, "wrong", "case.yaml")
    assert str(finding) == "case.yaml:12:5: error: review.reason: wrong"


def test_a_real_name_in_the_text_is_an_error(tmp_path: Path) -> None:
    text = ELLIS.read_text(encoding="utf-8")
    real = next(line for line in text.splitlines() if "real_name:" in line).split(":", 1)[1]
    real = real.strip().strip('"')
    text = text.replace("Mother grew up in Northmoor", f"{real} grew up in Northmoor", 1)
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    (finding,) = [f for f in check_quality(path).findings if f.code == "name-not-in-cast"]
    assert finding.severity == "error"
    assert real not in finding.message  # the message never repeats the real name
    assert "by a name that is not in the cast: use 'Chloe'" in finding.message


def test_score_card_counts_per_heading(planted_result: QualityResult) -> None:
    result = planted_result
    card = score_card(result)
    assert [line.heading for line in card] == HEADINGS
    for line in card:
        mine = result.under(line.heading)
        assert line.errors + line.warnings + line.notes == len(mine)
    by = {line.heading: line for line in card}
    assert by["Accuracy"].result == "Fix"
    assert by["Analysis"].result == "Check"
    assert by["Hindsight and blame"].result == "Reconsider wording"


def test_cli_prints_located_findings_and_the_card_and_exits_1_on_errors(planted: Path) -> None:
    result = invoke("quality", planted)
    assert result.exit_code == 1
    line = _line_of(planted, "Monday 14 March 2023")
    assert f"{planted}:{line}:" in result.stdout
    assert ": error: review.background: 'Monday 14 March 2023'" in result.stdout
    assert "Score card" in result.stdout
    assert result.stdout.rstrip().endswith("the draft does not pass the quality check.")
    assert result.stderr == ""


def test_cli_exits_0_when_no_finding_is_an_error() -> None:
    result = invoke("quality", ELLIS)
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.stdout.splitlines()[-1]


def test_cli_writes_the_markdown_card(
    planted: Path, planted_result: QualityResult, tmp_path: Path
) -> None:
    out = tmp_path / "card.md"
    result = invoke("quality", planted, "--format", "md", "-o", out)
    assert result.exit_code == 1
    assert result.stderr == f"Wrote the score card to {out}\n"
    text = out.read_text(encoding="utf-8")
    assert text == render(card_document(planted_result))
    assert "| Accuracy | weekdays match dates" in text
    assert "### Ready for publication" in text
    # Refuses to overwrite it without --force.
    again = invoke("quality", planted, "--format", "md", "-o", out)
    assert again.exit_code != 0 and "already exists" in again.stderr


def test_cli_md_to_stdout_and_o_needs_md(tmp_path: Path) -> None:
    result = invoke("quality", BABY_M, "-f", "md")
    assert result.stdout.startswith("**OFFICIAL-SENSITIVE**")
    result = invoke("quality", BABY_M, "-o", tmp_path / "card.md")
    assert result.exit_code == 2
    assert result.stderr == "reviewkit: -o writes the score card as Markdown; add --format md.\n"


def test_a_strands_findings_name_where_they_are_written() -> None:
    # A national review's strand entries are checked joined to the review's lists; each
    # finding must still name the entry as the author wrote it, under its strand.
    path = Path(__file__).resolve().parent.parent / "sample_cases/national-two-children/case.yaml"
    findings = check_quality(path).findings
    lines = path.read_text(encoding="utf-8").splitlines()
    local = [f for f in findings if f.path.startswith("strands[1].recommendations[0]")]
    assert local and all(lines[f.line - 1].strip().startswith("- ") for f in local)
    assert not any(f.path.startswith(("recommendations[4]", "people[4]")) for f in findings)
