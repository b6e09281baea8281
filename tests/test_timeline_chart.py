"""The swimlane timeline picture: what it shows, how it is drawn, and where it goes."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from reviewkit.casefile import load_case
from reviewkit.model import Case
from reviewkit.render.chart import draw
from reviewkit.reports.timeline_chart import DENSE, chart_of, describe
from reviewkit.timeline import Filters, build_timeline, filter_entries

from conftest import BABY_M, ELLIS, ROOT, invoke

# End to end: it draws pictures with matplotlib. CI runs it; `-m "not slow"` leaves it out.
pytestmark = pytest.mark.slow

SVG = "{http://www.w3.org/2000/svg}"


def _svg(data: bytes) -> etree._Element:
    return etree.fromstring(data)


def _groups(root: etree._Element, prefix: str) -> list[etree._Element]:
    return [g for g in root.iter(f"{SVG}g") if (g.get("id") or "").startswith(prefix)]


def _marks_per_lane(root: etree._Element, keys: list[str]) -> dict[str, int]:
    """Markers drawn in each lane: one <path> or <use> per point of its scatter groups."""
    counts = {}
    for key in keys:
        groups = _groups(root, f"marks-{key}-")
        marks = (el for g in groups for el in g.iter(f"{SVG}path", f"{SVG}use"))
        # A lone marker is drawn as a <use> of a shape defined once in <defs>.
        counts[key] = sum(1 for el in marks if el.getparent().tag != f"{SVG}defs")
    return counts


def _texts(element: etree._Element) -> str:
    return " ".join(t for t in element.itertext() if t.strip())


def _names(case: Case) -> list[str]:
    """Every real name and alias the case holds: none may appear in a picture."""
    names = [p.real_name for p in case.people if p.real_name]
    names += [alias for p in case.people for alias in p.aliases]
    if case.anonymise is not None:
        names += [p.name for p in case.anonymise.professionals]
    return names


def test_svg_has_one_labelled_lane_per_agency_and_one_mark_per_event() -> None:
    case = load_case(ELLIS).case
    entries = build_timeline(case)
    chart = chart_of(case, entries)
    assert chart.bins == ""  # a real case is small enough for a mark per event
    root = _svg(draw(chart, "svg"))

    agencies = list(dict.fromkeys(e.agency_id for e in entries))
    assert sorted(lane.key for lane in chart.lanes) == sorted(agencies)
    for lane in chart.lanes:
        (label,) = _groups(root, f"lane-{lane.key}")
        # Labelled by the agency's name (shortened only when very long).
        name = case.agency_name(lane.key)
        assert _texts(label).rstrip("…") in name

    expected = Counter(e.agency_id for e in entries)
    assert _marks_per_lane(root, [lane.key for lane in chart.lanes]) == expected
    assert not _groups(root, "count-")  # no counts when every event is its own mark


def test_svg_names_no_person() -> None:
    for path in (ELLIS, BABY_M):
        case = load_case(path).case
        text = draw(chart_of(case, build_timeline(case)), "svg").decode()
        names = _names(case)
        assert names, "the sample should hold real names to leave out"
        for name in names:
            assert name not in text


def test_a_dense_case_is_counted_per_bin(tmp_path: Path) -> None:
    case = _generated(5_000)
    entries = build_timeline(case)
    chart = chart_of(case, entries)
    assert len(chart.lanes) == 30
    assert chart.bins in ("week", "month", "quarter")
    # Fewer marks than events, and every event is counted once.
    assert len(chart.marks) < len(entries) * 0.7
    assert sum(m.count for m in chart.marks) == len(entries) == chart.events
    # No two marks of one lane share a bin.
    assert len({(m.lane, m.day) for m in chart.marks}) == len(chart.marks)
    assert "5000 events" in chart.note
    assert "counted per agency and" in describe(chart)


@pytest.mark.slow
def test_a_dense_case_draws_counted_marks() -> None:
    case = _generated(5_000)
    chart = chart_of(case, build_timeline(case))
    root = _svg(draw(chart, "svg"))
    per_lane = Counter(m.lane for m in chart.marks)
    keys = [lane.key for lane in chart.lanes]
    assert _marks_per_lane(root, keys) == {keys[i]: n for i, n in per_lane.items()}
    counts = [int(_texts(g)) for g in _groups(root, "count-")]
    assert sorted(counts) == sorted(m.count for m in chart.marks if m.count > 1)


def test_few_events_are_not_binned() -> None:
    case = _generated(DENSE)
    chart = chart_of(case, build_timeline(case))
    assert chart.bins == "" and len(chart.marks) == DENSE


def test_chart_shades_scope_episodes_and_gaps_and_shows_the_age() -> None:
    case = load_case(ELLIS).case
    chart = chart_of(case, build_timeline(case))
    assert chart.scope is not None and case.review.scope is not None
    assert chart.scope.start == case.review.scope.start.earliest
    assert [p.label for p in chart.episodes] == [f"KPE {i}" for i in range(1, 6)]
    assert len(chart.gaps) == 3 and all(p.label.startswith("Gap: ") for p in chart.gaps)
    # The review's child (review.child): Ruby, the child who was harmed.
    assert chart.age_label == "Age of Ruby"
    assert chart.ticks and all(t.age for t in chart.ticks)
    alt = describe(chart)
    assert "one row for each of 17 agencies" in alt
    assert "The scope period, 10 May 2022 to 17 February 2024, is shaded." in alt


def test_chart_follows_the_timeline_filters() -> None:
    case = load_case(ELLIS).case
    entries = filter_entries(build_timeline(case), Filters(agency=["hv", "gp"]), case=case)
    chart = chart_of(case, entries)
    assert [lane.key for lane in chart.lanes] == ["hv", "gp"]
    assert sum(m.count for m in chart.marks) == len(entries)


def test_timeline_chart_command_writes_svg_and_png(tmp_path: Path) -> None:
    svg = tmp_path / "ellis.svg"
    result = invoke("timeline", ELLIS, "--no-background", "--agency", "csc", "--chart", svg)
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"Drew \d+ events in 1 lane to .*ellis\.svg\n", result.stderr)
    assert result.stdout == ""
    root = _svg(svg.read_bytes())
    assert [g.get("id") for g in _groups(root, "lane-")] == ["lane-csc"]

    png = tmp_path / "baby.png"
    result = invoke("timeline", BABY_M, "--chart", png)
    assert result.exit_code == 0, result.output
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_timeline_chart_refuses_other_suffixes_and_table_options(tmp_path: Path) -> None:
    result = invoke("timeline", ELLIS, "--chart", tmp_path / "ellis.jpg")
    assert result.exit_code == 2
    assert result.stderr == "reviewkit: --chart draws a .png or .svg file, not ellis.jpg.\n"
    result = invoke("timeline", ELLIS, "--chart", tmp_path / "a.png", "--summary")
    assert result.exit_code == 2
    assert "leave out --output, --format and --summary" in result.stderr
    assert not (tmp_path / "a.png").exists()


def test_build_figures_links_the_picture_from_markdown(tmp_path: Path) -> None:
    result = invoke("build", ELLIS, "-o", tmp_path, "--figures")
    assert result.exit_code == 0, result.output
    picture = tmp_path / "lcspr-ellis-family-lcspr-timeline.png"
    assert str(picture) in result.stdout.splitlines()
    assert picture.read_bytes()[:4] == b"\x89PNG"
    text = (tmp_path / "lcspr-ellis-family-lcspr.md").read_text()
    assert "**Figure 1: Agency contact during the scope period**" in text
    assert re.search(
        r"!\[A timeline picture with one row for each of \d+ agencies.*\]"
        r"\(lcspr-ellis-family-lcspr-timeline\.png\)",
        text,
    )


def test_build_without_figures_has_no_picture(tmp_path: Path) -> None:
    result = invoke("build", BABY_M, "-o", tmp_path)
    assert result.exit_code == 0, result.output
    assert not list(tmp_path.glob("*.png"))
    assert "Figure 1" not in (tmp_path / "rapid-review-baby-m-rapid-review.md").read_text()


def test_build_figures_embeds_the_picture_with_alt_text_in_word(tmp_path: Path) -> None:
    result = invoke("build", BABY_M, "-o", tmp_path, "--figures", "-f", "docx")
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(tmp_path / "rapid-review-baby-m-rapid-review.docx") as zf:
        body = etree.fromstring(zf.read("word/document.xml"))
        types = zf.read("[Content_Types].xml").decode()
        media = [n for n in zf.namelist() if n.startswith("word/media/")]
        rels = zf.read("word/_rels/document.xml.rels").decode()
    wp = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
    (doc_pr,) = body.iter(f"{wp}docPr")
    assert doc_pr.get("descr", "").startswith("A timeline picture with one row for each of 6 ")
    assert doc_pr.get("title") == "Figure 1: Agency contact during the scope period"
    assert media == ["word/media/reviewkit-figure1.png"]
    assert 'Extension="png" ContentType="image/png"' in types
    assert "media/reviewkit-figure1.png" in rels
    # The caption is a paragraph of its own, before the picture, in the caption style.
    from docx import Document as open_docx

    doc = open_docx(str(tmp_path / "rapid-review-baby-m-rapid-review.docx"))
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    assert "Figure 1: Agency contact during the scope period" in captions
    assert len(doc.inline_shapes) == 1


def test_matplotlib_is_imported_only_to_draw() -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from reviewkit.build import build\n"
        "from reviewkit.reports.timeline_chart import chart_of\n"
        "import reviewkit.render.chart\n"
        "print('matplotlib' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def _generated(events: int) -> Case:
    """A synthetic case from bench/make_cases.py, validated straight from its data."""
    spec = importlib.util.spec_from_file_location("make_cases", ROOT / "bench" / "make_cases.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return Case.model_validate(module.make_case(events))


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("pdfimages") is None or shutil.which("pdftotext") is None,
    reason="needs poppler's pdfimages and pdftotext",
)
def test_build_figures_puts_the_picture_in_the_pdf(tmp_path: Path) -> None:
    from reviewkit.render import pdf

    if pdf.find_soffice() is None:
        pytest.skip("needs LibreOffice")
    result = invoke("build", BABY_M, "-o", tmp_path, "--figures", "-f", "pdf")
    assert result.exit_code == 0, result.output
    out = tmp_path / "rapid-review-baby-m-rapid-review.pdf"
    text = subprocess.run(["pdftotext", out, "-"], capture_output=True, text=True).stdout
    assert "Figure 1: Agency contact during the scope period" in text
    images = subprocess.run(["pdfimages", "-list", out], capture_output=True, text=True).stdout
    # One picture (its alpha channel is listed as an "smask" of its own).
    assert [line.split()[2] for line in images.splitlines()[2:]].count("image") == 1
