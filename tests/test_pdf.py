"""PDF through LibreOffice: the text, the contents' page numbers and the page count."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from reviewkit.errors import ReviewkitError, ToolMissingError
from reviewkit.render import pdf
from reviewkit.render.docx import sample_document, write_docx

from conftest import ELLIS, FIXTURES, invoke

needs_libreoffice = pytest.mark.skipif(
    pdf.find_soffice() is None or shutil.which("pdftotext") is None,
    reason="needs LibreOffice (libreoffice-writer) and pdftotext (poppler-utils)",
)


def pages(path: Path) -> list[str]:
    """The text of each page of a PDF."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")[:-1]


def page_count(path: Path) -> int:
    """The page count pdfinfo reports."""
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))  # type: ignore[union-attr]


def test_missing_libreoffice_names_the_debian_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    with pytest.raises(ToolMissingError) as caught:
        pdf.docx_to_pdf(tmp_path / "in.docx", tmp_path / "out.pdf")
    assert "sudo apt install libreoffice-writer" in caught.value.message
    assert caught.value.exit_code == 3
    assert not (tmp_path / "out.pdf").exists()


@pytest.mark.slow
@needs_libreoffice
def test_the_pdf_has_marking_page_numbers_and_a_filled_contents(tmp_path: Path) -> None:
    doc = sample_document()
    doc.cover.marking = "OFFICIAL-SENSITIVE"
    source = tmp_path / "report.docx"
    write_docx(doc, source)
    out = tmp_path / "report.pdf"
    pdf.docx_to_pdf(source, out)
    texts = pages(out)
    assert len(texts) == page_count(out) == 3
    for number, text in enumerate(texts, start=1):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        assert lines[0] == "OFFICIAL-SENSITIVE"
        assert lines[-2:] == [f"Page {number} of 3", "OFFICIAL-SENSITIVE"]
    assert "Partnership name (Cover Partnership style)" in texts[0]
    contents = texts[1]
    # The contents were updated by LibreOffice: each entry ends with its page number.
    assert re.search(r"1 Heading 1: a numbered chapter\.{5,}\s*3", contents)
    assert re.search(r"2 Heading 1: tables\.{5,}\s*3", contents)
    assert re.search(r"^1\.1\s+Numbered Paragraph", texts[2], re.M)
    assert re.search(r"^1\.3\s+The next numbered paragraph", texts[2], re.M)


@pytest.mark.slow
@needs_libreoffice
def test_non_latin_text_reaches_the_pdf(tmp_path: Path) -> None:
    from reviewkit.document import Cover, Document, Paragraph, Section

    words = ["Siân", "dŵr", "tŷ", "Łukasiewicz-Wójcik", "Żaneta"]
    doc = Document(
        "lcspr",
        Cover(title="Scripts"),
        [Section("Names", number="1", blocks=[Paragraph(" ".join(words))])],
    )
    write_docx(doc, tmp_path / "r.docx")
    pdf.docx_to_pdf(tmp_path / "r.docx", tmp_path / "r.pdf")
    text = "".join(pages(tmp_path / "r.pdf"))
    for word in words:
        assert word in text


@pytest.mark.slow
@needs_libreoffice
def test_the_sample_case_converts_with_every_page_marked_and_numbered(tmp_path: Path) -> None:
    from reviewkit.casefile import load_case
    from reviewkit.reports import build_document

    doc = build_document(load_case(ELLIS).case, kind="lcspr", chronology=True)
    write_docx(doc, tmp_path / "ellis.docx")
    pdf.docx_to_pdf(tmp_path / "ellis.docx", tmp_path / "ellis.pdf")
    texts = pages(tmp_path / "ellis.pdf")
    total = page_count(tmp_path / "ellis.pdf")
    assert len(texts) == total > 20
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {total}" in text
        assert text.count(doc.cover.marking) == 2  # top and bottom of the page
    # The contents run over two pages: every chapter, subsection and episode with its period.
    contents = texts[1] + texts[2]
    chapters = [s for s in doc.sections if s.number]
    for chapter in chapters:
        match = re.search(rf"{re.escape(chapter.heading)}\.+\s*(\d+)", contents)
        assert match, chapter.heading
        page = int(match.group(1))
        assert chapter.title in texts[page - 1]


@pytest.mark.slow
@needs_libreoffice
def test_build_format_pdf_writes_a_pdf(tmp_path: Path) -> None:
    fixture = FIXTURES / "docx-case.yaml"
    out = tmp_path / "out"
    result = invoke("build", fixture, "-o", out, "-f", "pdf")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{out / 'docx-case-lcspr.pdf'}\n"
    assert sorted(p.name for p in out.iterdir()) == ["docx-case-lcspr.pdf"]
    texts = pages(out / "docx-case-lcspr.pdf")
    assert "Review concerning Siân" in texts[0]
    assert all(f"Page {n} of {len(texts)}" in text for n, text in enumerate(texts, start=1))


@pytest.mark.slow
@needs_libreoffice
def test_the_published_pdf_is_tagged_with_its_title_and_language(tmp_path: Path) -> None:
    result = invoke("build", ELLIS, "--format", "pdf", "--chronology", "-o", tmp_path)
    assert result.exit_code == 0, result.stderr
    path = tmp_path / "lcspr-ellis-family-lcspr.pdf"
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    assert re.search(r"^Tagged:\s+yes$", info.stdout, re.M)
    assert re.search(
        r"^Title:\s+Local Child Safeguarding Practice Review: the Ellis children", info.stdout, re.M
    )
    data = path.read_bytes()
    # LibreOffice writes the catalog uncompressed: the language and "show the title, not
    # the file name" are plain to see; PDF/UA's identification is in the XMP metadata.
    assert re.search(rb"/Lang\s*\(en-GB\)", data)
    assert re.search(rb"/DisplayDocTitle\s+true", data)
    assert b"pdfuaid:part" in data
    pikepdf = pytest.importorskip("pikepdf")
    with pikepdf.open(path) as opened:
        assert str(opened.Root.Lang) == "en-GB"
        assert opened.Root.MarkInfo.Marked
        assert "/StructTreeRoot" in opened.Root


def fake_soffice(tmp_path: Path, script: str) -> str:
    """A stand-in `soffice` program, for the paths LibreOffice rarely takes."""
    path = tmp_path / "soffice"
    path.write_text(f"#!/bin/sh\n{script}\n")
    path.chmod(0o755)
    return str(path)


def test_a_hung_libreoffice_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    program = fake_soffice(tmp_path, "sleep 60")
    monkeypatch.setattr(pdf, "find_soffice", lambda: program)
    monkeypatch.setenv(pdf.TIMEOUT_VARIABLE, "1")
    (tmp_path / "in.docx").write_bytes(b"PK")
    with pytest.raises(ReviewkitError) as caught:
        pdf.docx_to_pdf(tmp_path / "in.docx", tmp_path / "out.pdf")
    assert caught.value.message == (
        "LibreOffice did not finish the PDF within 1 seconds and was stopped; set "
        "REVIEWKIT_PDF_TIMEOUT to allow more seconds, or build --format docx and save it as "
        "PDF from Word."
    )
    assert not (tmp_path / "out.pdf").exists()


def test_without_basic_a_plain_conversion_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # This stand-in ignores the macro and converts only when asked with --convert-to.
    script = (
        'for a in "$@"; do [ "$prev" = "--outdir" ] && out="$a"; prev="$a"; done\n'
        'case "$*" in *--convert-to*) printf "%%PDF-1.4 plain" > "$out/report.pdf";; esac'
    )
    program = fake_soffice(tmp_path, script)
    monkeypatch.setattr(pdf, "find_soffice", lambda: program)
    (tmp_path / "in.docx").write_bytes(b"PK")
    pdf.docx_to_pdf(tmp_path / "in.docx", tmp_path / "out.pdf")
    assert (tmp_path / "out.pdf").read_bytes() == b"%PDF-1.4 plain"


@pytest.mark.slow
@needs_libreoffice
def test_the_large_samples_overview_report_is_at_most_40_pages(tmp_path: Path) -> None:
    # A published single-case overview report runs to about 33 pages; the old row dumps
    # made this one 69.
    result = invoke("build", ELLIS, "--format", "pdf", "-o", tmp_path)
    assert result.exit_code == 0, result.stderr
    count = page_count(tmp_path / "lcspr-ellis-family-lcspr.pdf")
    assert 25 <= count <= 40
