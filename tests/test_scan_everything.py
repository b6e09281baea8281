"""The scan reads everything a reader or recipient can get at, and only names used as names.

A Word file with a leak in each of its places (body, tables at any depth, headers, footers,
comments, footnotes, endnotes, tracked changes, links, content controls, field codes, text
boxes, alt text, core/app/custom properties, reviewers' names), a Markdown file with names
hidden by markup, and a PDF with leaks in its text, metadata and annotations: each leak is
found, with its location. Clean outputs and ordinary prose give no hit.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from reviewkit.anonymise.scan import scan_files
from reviewkit.casefile import load_case
from reviewkit.errors import InputFileError

from conftest import BABY_M, ELLIS, FIXTURES, invoke

# End to end: it builds and scans every output of both samples. CI runs it; `-m "not slow"` leaves it out.
pytestmark = pytest.mark.slow

CASE = FIXTURES / "anon-case.yaml"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
WP = 'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml"


def _p(runs: str) -> str:
    return f"<w:p>{runs}</w:p>"


def _r(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def _parts() -> dict[str, str]:
    """A Word file written by hand, with one planted leak in each place a reader can look."""
    nested = f"<w:tbl><w:tr><w:tc>{_p(_r('Priya'))}</w:tc></w:tr></w:tbl>"
    body = "".join(
        [
            _p(_r("A note about Jayden.")),  # paragraph 1
            f"<w:tbl><w:tr><w:tc>{_p(_r('Shannon'))}</w:tc>"
            f"<w:tc>{_p(_r('Nested:'))}{nested}{_p('')}</w:tc></w:tr></w:tbl>",
            _p(
                _r("Tracked: ")
                + '<w:ins w:id="1" w:author="Tom Fairweather"><w:r><w:t>Jimmy</w:t></w:r></w:ins>'
                + '<w:del w:id="2" w:author="x"><w:r><w:delText>Okoro</w:delText></w:r></w:del>'
            ),  # paragraph 2
            _p('<w:hyperlink r:id="rIdLink">' + _r("a link") + "</w:hyperlink>"),  # paragraph 3
            '<w:sdt><w:sdtPr><w:alias w:val="Rose Hale"/><w:tag w:val="t"/></w:sdtPr>'
            f"<w:sdtContent>{_p(_r('Pryce said so.'))}</w:sdtContent></w:sdt>",
            _p(
                '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> HYPERLINK '
                '"mailto:shannon.hale@example.com" </w:instrText></w:r>'
                '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                + _r("e-mail")
                + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
            ),  # paragraph 4
            _p(
                '<w:r><w:drawing><wp:inline><wp:docPr id="1" name="p" '
                'descr="Photo of Lakshmanan"/></wp:inline></w:drawing></w:r>'
            ),  # paragraph 5
            _p(
                "<w:r><w:pict><w:txbxContent>"
                + _p(_r("Quennell wrote this."))
                + "</w:txbxContent></w:pict></w:r>"
            ),  # paragraph 6
            '<w:sectPr><w:headerReference w:type="default" r:id="rIdH"/>'
            '<w:footerReference w:type="default" r:id="rIdF"/></w:sectPr>',
        ]
    )
    return {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.'
            'org/package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/>'
            f'<Override PartName="/word/document.xml" ContentType="{MAIN}.document.main+xml"/>'
            f'<Override PartName="/word/header1.xml" ContentType="{MAIN}.header+xml"/>'
            f'<Override PartName="/word/footer1.xml" ContentType="{MAIN}.footer+xml"/>'
            f'<Override PartName="/word/comments.xml" ContentType="{MAIN}.comments+xml"/>'
            f'<Override PartName="/word/footnotes.xml" ContentType="{MAIN}.footnotes+xml"/>'
            f'<Override PartName="/word/endnotes.xml" ContentType="{MAIN}.endnotes+xml"/>'
            '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats'
            '-package.core-properties+xml"/>'
            '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.extended-properties+xml"/>'
            '<Override PartName="/docProps/custom.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.custom-properties+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
            'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
            f'<Relationship Id="rId3" Type="{REL}/extended-properties" Target="docProps/app.xml"/>'
            f'<Relationship Id="rId4" Type="{REL}/custom-properties" '
            'Target="docProps/custom.xml"/></Relationships>'
        ),
        "word/_rels/document.xml.rels": (
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rIdLink" Type="{REL}/hyperlink" '
            'Target="https://example.com/will.pryce" TargetMode="External"/>'
            f'<Relationship Id="rIdH" Type="{REL}/header" Target="header1.xml"/>'
            f'<Relationship Id="rIdF" Type="{REL}/footer" Target="footer1.xml"/>'
            f'<Relationship Id="rIdC" Type="{REL}/comments" Target="comments.xml"/>'
            f'<Relationship Id="rIdFn" Type="{REL}/footnotes" Target="footnotes.xml"/>'
            f'<Relationship Id="rIdEn" Type="{REL}/endnotes" Target="endnotes.xml"/>'
            "</Relationships>"
        ),
        "word/document.xml": f"<w:document {W} {R} {WP}><w:body>{body}</w:body></w:document>",
        "word/header1.xml": f"<w:hdr {W}>{_p(_r('Header: Fairweather'))}</w:hdr>",
        "word/footer1.xml": f"<w:ftr {W}>{_p(_r('Ref 943 476 5919'))}</w:ftr>",
        "word/comments.xml": (
            f'<w:comments {W}><w:comment w:id="0" w:author="Margaret Quennell">'
            f"{_p(_r('Ask Mr Okoro'))}</w:comment></w:comments>"
        ),
        "word/footnotes.xml": (
            f'<w:footnotes {W}><w:footnote w:type="separator" w:id="-1">{_p("")}</w:footnote>'
            f'<w:footnote w:id="1">{_p(_r("Told by Shan."))}</w:footnote></w:footnotes>'
        ),
        "word/endnotes.xml": (
            f'<w:endnotes {W}><w:endnote w:id="1">{_p(_r("Lives at 14 Mill Lane."))}'
            "</w:endnote></w:endnotes>"
        ),
        "docProps/core.xml": (
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            "<dc:creator>Priya Lakshmanan</dc:creator><dc:title>About Jay-Jay</dc:title>"
            "</cp:coreProperties>"
        ),
        "docProps/app.xml": (
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-'
            'properties"><Company>Okoro-Hale household</Company></Properties>'
        ),
        "docProps/custom.xml": (
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-'
            'properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
            'docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" '
            'name="Child"><vt:lpwstr>Jayden Okoro-Hale</vt:lpwstr></property></Properties>'
        ),
    }


def _located(report_hits: list) -> set[tuple[str, str]]:
    return {(h.where, h.what) for h in report_hits}


def test_every_place_in_a_word_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "planted.docx"
    with zipfile.ZipFile(path, "w") as z:
        for name, text in _parts().items():
            z.writestr(name, text)
    report = scan_files([path], load_case(CASE, report_names=False).case)
    found = _located(report.hits)
    expected = {
        ("paragraph 1", "Child J: first name"),
        ("table 1, row 1, cell 1", "Mother: first name"),
        (
            "table 1, row 1, cell 2, table 1, row 1, cell 1",
            "professional 1 (the health visitor): first name",
        ),
        ("paragraph 2", "Father: alias 1"),  # a tracked insertion
        ("deleted text in paragraph 2", "Father: surname"),
        ("tracked change author in paragraph 2", "professional 2 (the GP): full name"),
        ("link in paragraph 3", "Mother's partner: surname"),
        ("content control 1 (title)", "Maternal grandmother: full name"),
        ("content control 1, paragraph 1", "Mother's partner: surname"),
        ("field code in paragraph 4", "e-mail address"),
        ("image descr in paragraph 5", "professional 1 (the health visitor): surname"),
        ("text box 1", "author 1: surname"),
        ("header of section 1", "professional 2 (the GP): surname"),
        ("footer of section 1", "NHS number"),
        ("comment 1 (author)", "author 1: full name"),
        ("comment 1", "Father: surname"),
        ("footnote 1", "Mother: alias 1"),
        ("endnote 1", "street address"),
        ("document properties (author)", "professional 1 (the health visitor): full name"),
        ("document properties (title)", "Child J: alias 1"),
        ("document properties (Company)", "Child J: surname"),
        ("custom property 'Child'", "Child J: full name"),
    }
    assert expected - found == set()


def test_markdown_names_hidden_by_markup_are_found(tmp_path: Path) -> None:
    md = tmp_path / "notes.md"
    md.write_text(
        "# Notes\n\n"
        "_Jayden_ was seen.\n"  # 3: inside underscores
        "Sha**nnon** rang.\n"  # 4: split by bold
        "&#74;immy came; Lak\u00adshmanan too.\n"  # 5: an entity, a soft hyphen
        "<b>Fair</b>weather said <a href='mailto:will.pryce@example.com'>so</a>.\n",  # 6
        encoding="utf-8",
    )
    report = scan_files([md], load_case(CASE, report_names=False).case)
    assert [(h.where, h.what) for h in report.hits] == [
        ("3:2", "Child J: first name"),
        ("4:1", "Mother: first name"),
        ("5:1", "Father: alias 1"),
        ("5:17", "professional 1 (the health visitor): surname"),
        ("6:4", "professional 2 (the GP): surname"),
        ("6:25", "e-mail address"),  # the link's target, located at its tag
        ("6:25", "Mother's partner: surname"),
    ]


def _pdf(lines: list[str], info: str, annots: str) -> bytes:
    """A one-page PDF written by hand: text lines, an Info dictionary and annotations."""
    text = "BT /F1 11 Tf 72 720 Td 14 TL " + " ".join(f"({line}) '" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        f"/Resources << /Font << /F1 5 0 R >> >> /Annots [{annots}] >>",
        f"<< /Length {len(text)} >>\nstream\n{text}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        info,
        "<< /Type /Annot /Subtype /Text /Rect [0 0 10 10] /Contents (Ask Mr Okoro) >>",
        "<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] "
        "/A << /S /URI /URI (mailto:will.pryce@example.com) >> >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 6 0 R >>\n".encode()
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return out


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_pdf_text_metadata_annotations_and_line_end_hyphens(tmp_path: Path) -> None:
    pdf = tmp_path / "planted.pdf"
    pdf.write_bytes(
        _pdf(
            ["The health visitor, Priya Lak-", "shmanan, called.", "Nothing else."],
            "<< /Author (Tom Fairweather) /Title (Jayden) >>",
            "7 0 R 8 0 R",
        )
    )
    report = scan_files([pdf], load_case(CASE, report_names=False).case)
    found = _located(report.hits)
    assert {
        ("page 1, line 1", "professional 1 (the health visitor): first name"),
        ("page 1, line 1", "professional 1 (the health visitor): surname"),  # Lak- shmanan
        ("PDF metadata (Author)", "professional 2 (the GP): full name"),
        ("PDF metadata (Title)", "Child J: first name"),
        ("PDF annotations, links and form fields", "Father: surname"),
        ("PDF annotations, links and form fields", "e-mail address"),
    } - found == set()


def test_formats_it_cannot_read_are_refused(tmp_path: Path) -> None:
    sheet = tmp_path / "returns.xlsx"
    sheet.write_bytes(b"PK\x03\x04")
    with pytest.raises(InputFileError, match=r"scan cannot read \.xlsx files"):
        scan_files([sheet], load_case(CASE, report_names=False).case)


PROSE = """\
Will the new plan work? Nobody could say. The nurse saw a red mark on the skin and a faint
bruise; her view was not rose-tinted, and she wrote it down. Rose-tinted reports help nobody.
In May 2021 the family moved. May we ask why? Grant funding paid for a jade green sofa and a
sandy rug. The dean of the college would mark the work. Hope is not a plan. Will anyone ask?
A will is a legal document. Frank talk helped; the king of the castle game went on.
A hunter green coat, a robin on the fence, heather on the hill and holly at the door.
"""


@pytest.mark.parametrize("case", [ELLIS, BABY_M, CASE])
def test_ordinary_prose_gives_no_hit(tmp_path: Path, case: Path) -> None:
    page = tmp_path / "prose.md"
    page.write_text(PROSE, encoding="utf-8")
    report = scan_files([page], load_case(case, report_names=False).case)
    assert report.hits == []
    assert report.doubtful == []


@pytest.mark.parametrize("case", [ELLIS, BABY_M])
def test_clean_outputs_of_both_samples_give_no_hit(tmp_path: Path, case: Path) -> None:
    anon = tmp_path / "anon.yaml"
    result = invoke("anonymise", case, "-o", anon)
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    kinds = ["case-study"] if case == BABY_M else ["case-study", "lcspr"]
    for kind in kinds:
        built = invoke("build", anon, "--kind", kind, "-f", "md,docx", "-o", out)
        assert built.exit_code == 0, built.output
    files = [anon, *sorted(out.iterdir())]
    scanned = invoke("scan", *files, "--case", case)
    assert scanned.exit_code == 0, scanned.stdout


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice")
@pytest.mark.parametrize("case", [ELLIS, BABY_M])
def test_clean_pdf_case_studies_of_both_samples_give_no_hit(tmp_path: Path, case: Path) -> None:
    anon = tmp_path / "anon.yaml"
    assert invoke("anonymise", case, "-o", anon).exit_code == 0
    out = tmp_path / "out"
    built = invoke("build", anon, "--kind", "case-study", "-f", "pdf", "-o", out)
    assert built.exit_code == 0, built.output
    scanned = invoke("scan", *sorted(out.glob("*.pdf")), "--case", case)
    assert scanned.exit_code == 0, scanned.stdout
