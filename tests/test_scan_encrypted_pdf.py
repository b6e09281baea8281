"""An encrypted PDF is scanned when it opens without a password, and refused clearly when not."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reviewkit.anonymise.scan import scan_files
from reviewkit.casefile import load_case
from reviewkit.errors import InputFileError

from conftest import FIXTURES, invoke

pikepdf = pytest.importorskip("pikepdf")
pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")

CASE = FIXTURES / "anon-case.yaml"


def _encrypted_pdf(path: Path, *, password: str) -> Path:
    """A one-page PDF with a name in its text, its title and a note, encrypted."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    page = pdf.pages[0]
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.Contents = pdf.make_stream(b"BT /F1 12 Tf 72 700 Td (Seen by Priya at home.) Tj ET")
    note = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot,
        Subtype=pikepdf.Name.Text,
        Rect=[10, 10, 50, 50],
        Contents=pikepdf.String("Ask Tom Fairweather"),
    )
    page.Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(note)]))
    pdf.docinfo["/Title"] = "Jayden"
    pdf.save(path, encryption=pikepdf.Encryption(user=password, owner="owner-only", R=6))
    return path


def test_an_encrypted_pdf_that_opens_without_a_password_is_read_whole(tmp_path: Path) -> None:
    pdf = _encrypted_pdf(tmp_path / "restricted.pdf", password="")
    assert b"Fairweather" not in pdf.read_bytes()  # the note is encrypted as it stands
    report = scan_files([pdf], load_case(CASE, report_names=False).case)
    found = {(hit.where, hit.what) for hit in report.hits}
    assert {
        ("page 1, line 1", "professional 1 (the health visitor): first name"),
        ("PDF metadata (Title)", "Child J: first name"),
        ("PDF annotations, links and form fields", "professional 2 (the GP): full name"),
    } <= found


def test_an_encrypted_pdf_that_needs_a_password_is_refused_clearly(tmp_path: Path) -> None:
    pdf = _encrypted_pdf(tmp_path / "locked.pdf", password="open-sesame")
    with pytest.raises(InputFileError):
        scan_files([pdf], load_case(CASE, report_names=False).case)
    result = invoke("scan", pdf, "--case", CASE)
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert " ".join(result.stderr.split()) == (
        f"reviewkit: {pdf}: this PDF is encrypted with a password, so scan cannot read it. "
        "Open it with its password, save an unencrypted copy (print it to PDF) and scan "
        "that, or scan the Word or Markdown file it was made from."
    )
