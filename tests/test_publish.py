"""`reviewkit build --publish`: the public version, refused with every reason while unsafe."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reviewkit.anonymise.scan import Hit, ScanReport, docx_units

from conftest import ELLIS, invoke

# End to end: it builds and scans the large sample's publication. CI runs it; `-m "not slow"` leaves it out.
pytestmark = pytest.mark.slow

OUT_MD = "lcspr-ellis-family-lcspr.md"
NHS_NUMBER = "943 476 5919"  # a valid check digit: the shape the scan must find


def ellis_copy(tmp_path: Path, change: tuple[str, str] | None = None) -> Path:
    """The large sample copied to tmp_path/lcspr-ellis-family/case.yaml, with one text change."""
    folder = tmp_path / "lcspr-ellis-family"
    folder.mkdir()
    text = ELLIS.read_text(encoding="utf-8")
    if change is not None:
        old, new = change
        assert old in text
        text = text.replace(old, new, 1)
    case = folder / "case.yaml"
    case.write_text(text, encoding="utf-8")
    return case


def test_the_large_sample_publishes_and_its_outputs_pass_scan(tmp_path: Path) -> None:
    out = tmp_path / "out"
    # The chronology appendix is where dates of events (and of Ruby's birth) are printed.
    result = invoke("build", ELLIS, "-o", out, "-f", "md,docx", "--publish", "--chronology")
    assert result.exit_code == 0, result.stderr
    written = sorted(out.iterdir())
    assert [p.name for p in written] == ["lcspr-ellis-family-lcspr.docx", OUT_MD]
    assert "Published: 2 files written and scanned; no leaks found." in result.stderr
    assert "Chronology: printed only the year of Ruby's date of birth" in result.stderr
    assert "warning: cover: left out the marking 'OFFICIAL-SENSITIVE'" in result.stderr
    assert "printed a generic label for the name of place 1 (hospital: the hospital)" in (
        result.stderr
    )
    scan = invoke("scan", *written, "--case", ELLIS, "--publication")
    assert scan.exit_code == 0, scan.stdout + scan.stderr
    assert "No leaks found in 2 files." in scan.stdout
    text = (out / OUT_MD).read_text(encoding="utf-8")
    assert "OFFICIAL-SENSITIVE" not in text  # the marking is dropped
    assert "8 December 2022" not in text  # Ruby's date of birth: only the year
    assert "| 2022 | under 1 month | MW | Birth | Ruby is born" in text  # the chronology
    assert "Royal Hospital" not in text and "at the hospital" in text  # the listed place
    # Public bodies and the authors are named as written.
    assert "Northmoor Safeguarding Children Partnership" in text
    assert "Rosalind Harte-Wilson (Independent lead reviewer)" in text
    word = [t for t, _ in docx_units(out / "lcspr-ellis-family-lcspr.docx")]
    assert not any("OFFICIAL-SENSITIVE" in t or "8 December 2022" in t for t in word)


def test_a_draft_keeps_its_marking_and_warns_about_each_thing_publish_leaves_out(
    tmp_path: Path,
) -> None:
    result = invoke("build", ELLIS, "-o", tmp_path, "--chronology")
    assert result.exit_code == 0, result.stderr
    text = (tmp_path / OUT_MD).read_text(encoding="utf-8")
    assert "OFFICIAL-SENSITIVE" in text
    assert "8 December 2022" in text
    births = re.findall(
        r"warning: .*: prints Ruby's date of birth; --publish gives the year", result.stderr
    )
    places = re.findall(r"prints the name of place 1 \(hospital: the hospital\)", result.stderr)
    # The narrative tells the birth without its date; the chronology's row gives it.
    assert len(births) == text.count("8 December 2022") == 1
    # Inside an agency's name too: a publication keeps the agency's name but not the place.
    assert len(places) == text.count("Northmoor Royal Hospital") >= 2


def test_a_placeholder_refuses_listing_its_location_and_nothing_is_written(
    tmp_path: Path,
) -> None:
    case = ellis_copy(tmp_path, ("conclusions: |", "conclusions_draft_removed: |"))
    text = case.read_text(encoding="utf-8").replace("conclusions_draft_removed: |", "# x: |")
    # The conclusions' lines are now a comment's continuation: make them comments too.
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line == "# x: |")
    end = start + 1
    while end < len(lines) and (lines[end].startswith("  ") or not lines[end]):
        lines[end] = "#" + lines[end]
        end += 1
    case.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = invoke("build", case, "-o", out, "--publish")
    assert result.exit_code == 1, result.stdout
    assert re.search(
        rf"{re.escape(str(case))}:\d+:\d+: conclusions: not yet written", result.stderr
    )
    assert "not published (1 reason); nothing was written." in result.stderr
    assert not out.exists()


def test_a_planted_nhs_number_refuses_listing_it_and_nothing_is_written(tmp_path: Path) -> None:
    planted = f"Ruby (NHS number {NHS_NUMBER}) starts at"
    case = ellis_copy(tmp_path, ("Ruby starts at", planted))
    out = tmp_path / "out"
    out.mkdir()
    result = invoke("build", case, "-o", out, "-f", "md,docx", "--publish", "--chronology")
    assert result.exit_code == 1, result.stdout
    assert re.search(r"lcspr-ellis-family-lcspr\.md: .*: NHS number", result.stderr)
    assert NHS_NUMBER not in result.stderr + result.stdout
    assert list(out.iterdir()) == []


def test_a_hit_in_a_written_file_removes_everything_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reviewkit.reports.publication as publication

    def found(paths: list[Path], case: object) -> ScanReport:
        return ScanReport(hits=[Hit(str(paths[0]), "paragraph 3", "name", "Mother: first name")])

    monkeypatch.setattr(publication, "scan_publication", found)
    out = tmp_path / "out"
    result = invoke("build", ELLIS, "-o", out, "-f", "md,docx", "--publish")
    assert result.exit_code == 1
    assert "paragraph 3: Mother: first name" in result.stderr
    assert "The files written were removed." in result.stderr
    assert not out.exists()


def test_the_case_sets_the_marking_a_publication_carries(tmp_path: Path) -> None:
    case = ellis_copy(
        tmp_path,
        ('  status: "Final"\n', '  status: "Final"\n  publication:\n    marking: "OFFICIAL"\n'),
    )
    result = invoke("build", case, "-o", tmp_path / "out", "--publish")
    assert result.exit_code == 0, result.stderr
    text = (tmp_path / "out" / OUT_MD).read_text(encoding="utf-8")
    assert "OFFICIAL" in text and "OFFICIAL-SENSITIVE" not in text


def test_an_event_marked_identifying_is_published_with_its_year_and_no_time(
    tmp_path: Path,
) -> None:
    case = ellis_copy(
        tmp_path, ('    date: "2023-10-11"\n', '    date: "2023-10-11"\n    identifying: true\n')
    )
    draft = invoke("build", case, "-o", tmp_path / "draft", "--chronology")
    assert "prints the date of events[" in draft.stderr
    result = invoke("build", case, "-o", tmp_path / "out", "--publish", "--chronology")
    assert result.exit_code == 0, result.stderr
    text = (tmp_path / "out" / OUT_MD).read_text(encoding="utf-8")
    assert "11 October 2023" not in text
    assert "| 2023 | 10 months | Nursery |" in text


def test_the_time_printed_with_an_identifying_date_is_left_out(tmp_path: Path) -> None:
    case = ellis_copy(
        tmp_path, ('    date: "2022-08-20"\n', '    date: "2022-08-20"\n    identifying: true\n')
    )
    result = invoke("build", case, "-o", tmp_path / "out", "--publish", "--chronology")
    assert result.exit_code == 0, result.stderr
    text = (tmp_path / "out" / OUT_MD).read_text(encoding="utf-8")
    assert "20 August 2022" not in text and "23:10" not in text
    assert "| 2022 | unborn | Police |" in text
    assert "left out the time on the date of events[" in result.stderr


@pytest.mark.slow
def test_the_large_sample_publishes_as_pdf_and_passes_scan(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = invoke("build", ELLIS, "-o", out, "-f", "pdf", "--publish")
    assert result.exit_code == 0, result.stderr
    scan = invoke("scan", *out.iterdir(), "--case", ELLIS, "--publication")
    assert scan.exit_code == 0, scan.stdout


def test_figures_publish_with_the_picture_s_words_relabelled_and_scanned(tmp_path: Path) -> None:
    # A lane of the picture is an agency's name, here with the listed hospital in it.
    planted = 'name: "Wrenfold Practice, Northmoor Royal Hospital"'
    case = ellis_copy(tmp_path, ('name: "Wrenfold Medical Practice"', planted))
    out = tmp_path / "out"
    result = invoke("build", case, "--publish", "--figures", "-f", "md,docx", "-o", out)
    assert result.exit_code == 0, result.stderr
    assert "Published: 3 files written and scanned; no leaks found." in result.stderr
    assert (out / "lcspr-ellis-family-lcspr-timeline.png").exists()
    text = (out / OUT_MD).read_text(encoding="utf-8")
    assert "![" in text and "lcspr-ellis-family-lcspr-timeline.png" in text
    assert "Northmoor Royal Hospital" not in text


def test_the_picture_s_words_are_scanned_before_a_publication_succeeds(tmp_path: Path) -> None:
    from reviewkit.casefile import load_case
    from reviewkit.document import Figure
    from reviewkit.reports import build_document
    from reviewkit.reports.publication import for_publication, publication_scanner, scan_figures

    planted = 'name: "Wrenfold Practice, Northmoor Royal Hospital"'
    case = load_case(ellis_copy(tmp_path, ('name: "Wrenfold Medical Practice"', planted))).case
    doc, _ = for_publication(build_document(case, kind="lcspr", figures=True), case)
    figure = next(b for b in doc.blocks() if isinstance(b, Figure))
    lanes = [lane.label for lane in figure.chart.lanes]
    assert "Northmoor Royal Hospital" not in " ".join(lanes)
    assert "Wrenfold Practice, the hospital" in lanes
    figure.chart.title = f"Contacts (NHS number {NHS_NUMBER})"  # as if a label had leaked
    scanner = publication_scanner(case)
    scan_figures(doc, scanner, "timeline.png")
    hits = scanner.finish().hits
    assert [(h.file, h.what) for h in hits] == [("timeline.png", "NHS number")]
