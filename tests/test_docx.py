"""The Word report: read the .docx back with python-docx and compare it with the model."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from reviewkit.cli.output import notice_line
from reviewkit.document import (
    FOOTNOTE_MARK,
    REMOVED_CHARACTERS,
    BulletList,
    Cover,
    Definitions,
    Document,
    Notice,
    Paragraph,
    Placeholder,
    Quote,
    Section,
    Table,
)
from reviewkit.errors import InputFileError
from reviewkit.render.docx import write_docx, write_reference_doc
from reviewkit.render.docx_body import Place

from conftest import ELLIS, FIXTURES, docx_paragraphs, invoke, numbering_labels

WELSH = "Dywedodd Siân fod y dŵr yn oer ac nad oedd hi'n hoffi'r tŷ; ŵyr, ŷd."
POLISH = "Zofia Łukasiewicz-Wójcik przyjechała z Łodzi; pani Żaneta Ściślewska."
URDU = "میں اپنی امی کے ساتھ رہنا چاہتی ہوں"


def report() -> Document:
    """A small report that uses every kind of block, as assembly would build it."""
    chronology = Table(
        ["Date", "Agency", "Event", "Summary"],
        [[f"2023-01-{d:02d}", "Police", "Call-out", f"Event number {d}"] for d in range(1, 29)],
        caption="Appendix table: the chronology",
        landscape=True,
        widths=[0.15, 0.15, 0.2, 0.5],
    )
    return Document(
        "lcspr",
        Cover(
            title="Local Child Safeguarding Practice Review: Child A",
            subtitle="Overview report",
            partnership="Westmarch Safeguarding Children Partnership",
            details=[
                ("Children", "Child A and Child B"),
                ("Author", "A. Reviewer"),
                ("Report date", "March 2024"),
                ("Publication date", "May 2024"),
                ("Status", "Draft"),
            ],
            marking="OFFICIAL-SENSITIVE",
            children=["Child A", "Child B"],
            authors=["A. Reviewer"],
            status="Draft",
        ),
        [
            Section("Foreword", blocks=[Paragraph("An unnumbered opening chapter.")]),
            Section(
                "The reason for the review",
                number="1",
                blocks=[
                    Paragraph("First numbered paragraph.", "1.1"),
                    Paragraph("Second numbered paragraph.", "1.2"),
                    BulletList(["One bullet", "Two bullets"]),
                ],
            ),
            Section(
                "Findings",
                number="2",
                blocks=[Paragraph("Restarts in every chapter.", "2.1")],
                sections=[
                    Section(
                        "The voice of the child",
                        level=2,
                        blocks=[
                            Paragraph("Numbering runs on through subsections.", "2.2"),
                            Quote(
                                "I wanted to stay with Nan.",
                                child=True,
                                lead="In Child A's words:",
                            ),
                            Quote("First paragraph.\n\nSecond paragraph.", "— Health visitor"),
                            Paragraph("A paragraph assembly numbered by hand.", "2.2a"),
                            Paragraph("Word numbering carries on after it.", "2.3"),
                            BulletList(["Step one", "Step two"], numbered=True),
                            BulletList(["Again one"], numbered=True),
                        ],
                        sections=[
                            Section(
                                "Languages",
                                level=3,
                                blocks=[Paragraph(WELSH), Paragraph(POLISH), Quote(URDU)],
                            )
                        ],
                    )
                ],
            ),
            Section(
                "Learning",
                number="3",
                blocks=[
                    Placeholder(
                        "[Not yet written: learning]",
                        where="themes[0].learning",
                        hint="Fill in themes[0].learning in the case file.",
                    ),
                    Table(
                        ["Name used", "Relationship"],
                        [["Child A", "Subject"], ["Mother", "Mother of Child A"]],
                        caption="The names used in this review",
                    ),
                ],
            ),
            Section(
                "Appendix A: Glossary",
                appendix=True,
                blocks=[
                    Definitions([("CSC", "Children's social care"), ("GP", "General practitioner")])
                ],
            ),
            Section("Appendix B: Chronology", appendix=True, blocks=[chronology]),
        ],
    )


# --- the model, as the body should show it ----------------------------------------


def expected(doc: Document) -> list[tuple[str, str]]:
    """(style, text) the model says the body holds, in order."""
    cover = doc.cover
    out = [("Cover Partnership", cover.partnership), ("Title", cover.title)]
    if cover.subtitle:
        out.append(("Subtitle", cover.subtitle))
    out += [("Cover Details", f"{label}: {value}") for label, value in cover.details]
    out.append(("TOC Heading", doc.contents_title))
    out += [(f"toc {s.level}", s.heading) for s in doc.walk() if s.level <= 2]
    for section in doc.walk():
        out.append((f"Heading {section.level}", section.heading))
        for block in section.blocks:
            if isinstance(block, Paragraph):
                text = f"{block.lead} {block.text}" if block.lead else block.text
                # A footnote's mark is Word's footnote reference, which has no text.
                text = FOOTNOTE_MARK.sub("", text)
                if block.number is None:
                    out.append(("Body Text", text))
                elif re.fullmatch(r"\d+\.\d+", block.number):
                    out.append(("Numbered Paragraph", f"{block.number} {text}"))
                else:
                    out.append(("Numbered Paragraph", f"{block.number}\t{text}"))
            elif isinstance(block, Quote):
                style = "Child's Words" if block.child else "Quote"
                if block.lead:
                    out.append((style, block.lead))
                out += [(style, part) for part in block.text.split("\n\n")]
                if block.attribution:
                    out.append(("Quote Attribution", block.attribution))
            elif isinstance(block, BulletList):
                style = "List Number" if block.numbered else "List Bullet"
                out += [(style, item) for item in block.items]
            elif isinstance(block, Placeholder):
                out.append(
                    ("Placeholder", f"{block.text}\n{block.hint}" if block.hint else block.text)
                )
            elif isinstance(block, Table) and block.caption:
                out.append(("Caption", block.caption))
    return out


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    path = tmp_path_factory.mktemp("docx") / "report.docx"
    return path, write_docx(report(), path)


# --- structure --------------------------------------------------------------------------


def test_paragraphs_match_the_model_in_style_text_and_number(
    written: tuple[Path, list[str]],
) -> None:
    path, warnings = written
    assert warnings == []
    assert docx_paragraphs(path) == expected(report())


def test_chapters_and_paragraphs_use_words_own_multilevel_list(
    written: tuple[Path, list[str]],
) -> None:
    document = docx.Document(str(written[0]))
    styles = document.styles
    heading_num = styles["Heading 1"].element.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
    para_num = styles["Numbered Paragraph"].element.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
    # Both styles sit on one list: level 0 for chapters, level 1 for paragraphs, so a paragraph
    # an author adds in Word gets the next number and later ones renumber.
    assert heading_num.find(qn("w:numId")).get(qn("w:val")) == para_num.find(qn("w:numId")).get(
        qn("w:val")
    )
    assert heading_num.find(qn("w:ilvl")).get(qn("w:val")) == "0"
    assert para_num.find(qn("w:ilvl")).get(qn("w:val")) == "1"
    numbering = document.part.numbering_part.element
    chapters = [
        a
        for a in numbering.findall(qn("w:abstractNum"))
        if a.find(qn("w:name")).get(qn("w:val")) == "reviewkit chapters"
    ]
    assert len(chapters) == 1
    levels = {
        lvl.get(qn("w:ilvl")): lvl.find(qn("w:lvlText")).get(qn("w:val"))
        for lvl in chapters[0].findall(qn("w:lvl"))
    }
    assert levels["0"] == "%1" and levels["1"] == "%1.%2"
    labels = [label for label in numbering_labels(document) if "." in label and label[0].isdigit()]
    assert labels[:6] == ["1.1", "1.2", "2.1", "2.2", "2.3", "1."]


def test_numbered_lists_restart(written: tuple[Path, list[str]]) -> None:
    document = docx.Document(str(written[0]))
    labels = numbering_labels(document)
    listed = [
        (p.text, label)
        for p, label in zip(document.paragraphs, labels, strict=True)
        if p.style.name == "List Number"
    ]
    assert listed == [("Step one", "1."), ("Step two", "2."), ("Again one", "1.")]


def test_header_and_footer_carry_marking_and_page_x_of_y(written: tuple[Path, list[str]]) -> None:
    document = docx.Document(str(written[0]))
    section = document.sections[0]
    assert [p.text for p in section.header.paragraphs] == ["OFFICIAL-SENSITIVE"]
    footer = section.footer
    assert [p.text for p in footer.paragraphs] == ["Page 1 of 1", "OFFICIAL-SENSITIVE"]
    codes = [t.text.strip() for t in footer._element.iter(qn("w:instrText"))]
    assert codes == ["PAGE", "NUMPAGES"]
    # Later sections (the landscape chronology) inherit the same header and footer.
    for later in document.sections[1:]:
        assert later.header.is_linked_to_previous and later.footer.is_linked_to_previous


def test_contents_is_a_toc_field_and_word_is_asked_to_update(
    written: tuple[Path, list[str]],
) -> None:
    document = docx.Document(str(written[0]))
    codes = [t.text for t in document.element.body.iter(qn("w:instrText"))]
    assert codes == [' TOC \\o "1-2" \\h \\z \\u ']
    update = document.settings.element.find(qn("w:updateFields"))
    assert update is not None and update.get(qn("w:val")) == "true"
    anchors = {h.get(qn("w:anchor")) for h in document.element.body.iter(qn("w:hyperlink"))}
    marks = {b.get(qn("w:name")) for b in document.element.body.iter(qn("w:bookmarkStart"))}
    assert anchors and anchors == marks


def test_tables_hold_the_model_rows_with_a_repeated_header(written: tuple[Path, list[str]]) -> None:
    document = docx.Document(str(written[0]))
    model_tables = [b for b in report().blocks() if isinstance(b, (Table, Definitions))]
    assert len(document.tables) == len(model_tables) == 3
    for table, model in zip(document.tables, model_tables, strict=True):
        if isinstance(model, Definitions):
            header, rows = ["Term", "Meaning"], [list(item) for item in model.items]
        else:
            header, rows = model.header, model.rows
        cells = [[c.text for c in row.cells] for row in table.rows]
        assert cells == [header, *rows]
        assert table.style.name == "Report Table"
        first = table.rows[0]._tr
        assert first.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
        # Short rows are kept whole on one page.
        assert all(
            r._tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for r in table.rows
        )


def test_a_short_table_keeps_together_and_a_long_one_may_run_on(tmp_path: Path) -> None:
    short = Table(["No.", "Text"], [[str(i), f"Row {i}"] for i in range(1, 4)], caption="Short")
    long = Table(["No.", "Text"], [[str(i), f"Row {i}"] for i in range(1, 16)])
    doc = Document("lcspr", Cover("Tables"), [Section("Tables", blocks=[short, long])])
    path = tmp_path / "tables.docx"
    write_docx(doc, path)
    document = docx.Document(str(path))

    def keeps(row: object) -> bool:
        cells = row._tr.iter(qn("w:p"))  # type: ignore[attr-defined]
        return all(p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None for p in cells)

    first, second = document.tables
    # Under twelve rows: the header and every row but the last keep with the next one,
    # so a page never ends on a header and one row; the caption keeps with the table.
    assert [keeps(row) for row in first.rows] == [True, True, True, False]
    caption = next(p for p in document.paragraphs if p.text == "Short")
    assert caption.paragraph_format.keep_with_next
    # A long table runs on over pages; its header repeats and no row splits.
    assert [keeps(row) for row in second.rows][1:] == [False] * 15
    for table in (first, second):
        assert table.rows[0]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
        assert all(
            r._tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for r in table.rows
        )


def test_chronology_sits_in_a_landscape_section(written: tuple[Path, list[str]]) -> None:
    document = docx.Document(str(written[0]))
    orientations = [(s.orientation, s.page_width > s.page_height) for s in document.sections]
    assert [wide for _, wide in orientations] == [False, True]
    assert int(orientations[1][0]) == 1  # WD_ORIENT.LANDSCAPE
    # The last section is the landscape one, so no blank portrait page follows it.
    last = document.element.body[-1]
    assert last.tag == qn("w:sectPr")
    size = last.find(qn("w:pgSz"))
    assert size.get(qn("w:orient")) == "landscape"


def test_non_latin_scripts_survive_and_urdu_reads_right_to_left(
    written: tuple[Path, list[str]],
) -> None:
    document = docx.Document(str(written[0]))
    texts = {p.text: p for p in document.paragraphs}
    assert WELSH in texts and POLISH in texts
    urdu = texts[URDU]
    assert urdu._p.find(f"{qn('w:pPr')}/{qn('w:bidi')}") is not None
    assert all(r._r.find(f"{qn('w:rPr')}/{qn('w:rtl')}") is not None for r in urdu.runs)


def test_child_words_style_is_set_apart(written: tuple[Path, list[str]]) -> None:
    style = docx.Document(str(written[0])).styles["Child's Words"]
    assert style.font.italic is True
    assert str(style.font.color.rgb) == "0B5394"
    border = style.element.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:left')}")
    assert border is not None and border.get(qn("w:val")) == "single"


def test_document_properties_are_the_reports(written: tuple[Path, list[str]]) -> None:
    props = docx.Document(str(written[0])).core_properties
    assert props.title == "Local Child Safeguarding Practice Review: Child A"
    assert props.author == "A. Reviewer"
    assert props.last_modified_by == "reviewkit"


# --- text safety ------------------------------------------------------------------------


def test_control_characters_are_removed_with_a_warning_naming_where(tmp_path: Path) -> None:
    doc = Document(
        "lcspr",
        Cover(title="Title\x07"),
        [
            Section(
                "Findings",
                number="1",
                blocks=[
                    Paragraph("Bell\x07 and escape\x1b here.", "1.1"),
                    Paragraph("Word's manual\x0bline break is kept as a break."),
                    Table(["Date", "Details"], [["2023", "ok"], ["2024", "bad\x00byte"]]),
                ],
            )
        ],
    )
    warnings = write_docx(doc, tmp_path / "r.docx")
    removed = REMOVED_CHARACTERS
    assert warnings == [
        Notice("removed U+0007", "cover title", "", removed),
        Notice("removed U+0007, U+001B", "paragraph 1.1", "1 Findings", removed),
        Notice("removed U+0000", "table row 2 'Details'", "1 Findings", removed),
    ]
    assert [notice_line(w) for w in warnings] == [
        "cover title: removed U+0007",
        "paragraph 1.1 in '1 Findings': removed U+0007, U+001B",
        "table row 2 'Details' in '1 Findings': removed U+0000",
    ]
    document = docx.Document(str(tmp_path / "r.docx"))
    texts = [p.text for p in document.paragraphs]
    assert "Title" in texts
    assert "Bell and escape here." in texts
    assert "Word's manual\nline break is kept as a break." in texts
    assert document.tables[0].rows[2].cells[1].text == "badbyte"


def test_long_paragraphs_and_thousands_of_rows_render(tmp_path: Path) -> None:
    long_text = "The health visitor recorded the visit. " * 3000  # about 117,000 characters
    rows = [
        [f"2023-{i % 12 + 1:02d}-01", f"Agency {i % 30}", f"Row {i} & <more>"] for i in range(3000)
    ]
    doc = Document(
        "lcspr",
        Cover(title="Big"),
        [
            Section(
                "Chronology",
                number="1",
                blocks=[Paragraph(long_text, "1.1"), Table(["Date", "Agency", "Event"], rows)],
            )
        ],
    )
    write_docx(doc, tmp_path / "big.docx")
    document = docx.Document(str(tmp_path / "big.docx"))
    assert long_text in [p.text for p in document.paragraphs]
    table = document.tables[0]
    assert len(table.rows) == 3001
    assert [c.text for c in table.rows[3000].cells] == rows[2999]
    assert table.rows[1].cells[2].text == "Row 0 & <more>"
    long_row = Table(["Text"], [[long_text]])
    write_docx(
        Document("lcspr", Cover(title="Long"), [Section("S", blocks=[long_row])]),
        tmp_path / "l.docx",
    )
    row = docx.Document(str(tmp_path / "l.docx")).tables[0].rows[1]._tr
    assert row.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is None  # may break across pages


# --- reference documents ----------------------------------------------------------------


def test_reference_doc_changes_fonts_and_header(tmp_path: Path) -> None:
    default = tmp_path / "reference.docx"
    write_reference_doc(default)
    template = docx.Document(str(default))
    template.styles["Body Text"].font.name = "Georgia"
    template.styles["Heading 1"].font.name = "Georgia"
    header = template.sections[0].header
    header.paragraphs[0].insert_paragraph_before("Eastvale Safeguarding Partnership")
    custom = tmp_path / "custom.docx"
    template.save(str(custom))

    out = tmp_path / "report.docx"
    write_docx(report(), out, reference_doc=custom)
    document = docx.Document(str(out))
    assert document.styles["Body Text"].font.name == "Georgia"
    assert document.styles["Heading 1"].font.name == "Georgia"
    assert [p.text for p in document.sections[0].header.paragraphs] == [
        "Eastvale Safeguarding Partnership",
        "OFFICIAL-SENSITIVE",
    ]
    # The template's sample body is gone; the report's own body is there, numbered as before.
    assert docx_paragraphs(out) == expected(report())
    names = [
        a.find(qn("w:name")).get(qn("w:val"))
        for a in document.part.numbering_part.element.findall(qn("w:abstractNum"))
    ]
    assert names.count("reviewkit chapters") == 1


def test_a_foreign_template_gets_the_missing_styles_and_a_marked_header(tmp_path: Path) -> None:
    plain = docx.Document()  # python-docx's own template: no header, none of our styles
    plain.add_paragraph("Template text that must not reach the report.")
    plain.sections[0].left_margin = plain.sections[0].right_margin = docx.shared.Cm(3)
    template = tmp_path / "plain.docx"
    plain.save(str(template))
    out = tmp_path / "report.docx"
    write_docx(report(), out, reference_doc=template)
    document = docx.Document(str(out))
    assert docx_paragraphs(out) == expected(report())
    assert document.sections[0].left_margin == docx.Document(str(template)).sections[0].left_margin
    assert [p.text for p in document.sections[0].header.paragraphs] == ["OFFICIAL-SENSITIVE"]


def test_a_header_without_the_marking_gets_it_added(tmp_path: Path) -> None:
    default = tmp_path / "reference.docx"
    write_reference_doc(default)
    template = docx.Document(str(default))
    template.sections[0].header.paragraphs[0].text = "Partnership logo here"
    footer = template.sections[0].footer
    footer.paragraphs[1]._p.getparent().remove(footer.paragraphs[1]._p)  # the marking
    custom = tmp_path / "custom.docx"
    template.save(str(custom))
    write_docx(report(), tmp_path / "r.docx", reference_doc=custom)
    document = docx.Document(str(tmp_path / "r.docx"))
    assert [p.text for p in document.sections[0].header.paragraphs] == [
        "Partnership logo here",
        "OFFICIAL-SENSITIVE",
    ]


def test_reference_doc_keeps_the_marking_placeholder(tmp_path: Path) -> None:
    path = tmp_path / "reference.docx"
    write_reference_doc(path)
    document = docx.Document(str(path))
    assert [p.text for p in document.sections[0].header.paragraphs] == ["{marking}"]
    names = {p.style.name for p in document.paragraphs}
    for style in (
        "Title",
        "Heading 1",
        "Heading 2",
        "Numbered Paragraph",
        "List Bullet",
        "Quote",
        "Child's Words",
        "Placeholder",
        "Caption",
    ):
        assert style in names
    assert document.settings.element.find(qn("w:updateFields")) is None


def test_nothing_of_the_templates_history_reaches_the_report(tmp_path: Path) -> None:
    template = docx.Document()
    paragraph = template.add_paragraph("Draft text")
    template.add_comment(paragraph.runs[0], text="Check with legal", author="Jo Bloggs")
    template.core_properties.author = "Jo Bloggs"
    template.core_properties.comments = "internal"
    settings_part = template.part._settings_part
    rid = settings_part.relate_to(
        "file:///C:/Users/jbloggs/Templates/Normal.dotm",
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate",
        is_external=True,
    )
    attached = settings_part.element.makeelement(qn("w:attachedTemplate"), {qn("r:id"): rid})
    settings_part.element.insert(0, attached)
    path = tmp_path / "template.docx"
    template.save(str(path))
    out = tmp_path / "report.docx"
    write_docx(report(), out, reference_doc=path)
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        everything = b"".join(zf.read(name) for name in names)
    assert not [name for name in names if "comment" in name or "thumbnail" in name]
    assert b"Jo Bloggs" not in everything and b"jbloggs" not in everything
    assert b"Check with legal" not in everything and b"Draft text" not in everything
    assert docx.Document(str(out)).core_properties.author == "A. Reviewer"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "does not exist; check the path."),
        (b"not a zip file", "is not a Word file; save it from Word as .docx and try again."),
    ],
)
def test_unreadable_reference_docs_are_refused_clearly(
    tmp_path: Path, content: bytes | None, message: str
) -> None:
    path = tmp_path / "template.docx"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputFileError) as caught:
        write_docx(report(), tmp_path / "r.docx", reference_doc=path)
    assert caught.value.message == f"{path}: the reference document {message}"
    assert not (tmp_path / "r.docx").exists()


def test_a_zip_that_is_not_a_word_document_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "template.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("hello.txt", "hi")
    with pytest.raises(InputFileError, match="is not a Word document this tool can read"):
        write_docx(report(), tmp_path / "r.docx", reference_doc=path)


# --- the sample case --------------------------------------------------------------------


def test_the_sample_case_matches_its_document_model(tmp_path: Path) -> None:
    from reviewkit.casefile import load_case
    from reviewkit.reports import build_document

    doc = build_document(load_case(ELLIS).case, kind="lcspr", chronology=True)
    out = tmp_path / "ellis.docx"
    assert write_docx(doc, out) == []
    assert docx_paragraphs(out) == expected(doc)
    document = docx.Document(str(out))
    model_tables = [b for b in doc.blocks() if isinstance(b, (Table, Definitions))]
    assert len(document.tables) == len(model_tables)
    chronology = [t for t in model_tables if isinstance(t, Table) and t.landscape]
    assert chronology and len(document.tables[-1].rows) == len(chronology[-1].rows) + 1


# --- command line -----------------------------------------------------------------------


def test_reference_doc_command_writes_and_refuses_to_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "reference.docx"
    result = invoke("reference-doc", out)
    assert result.exit_code == 0
    assert result.stdout == f"{out}\n"
    assert "--reference-doc" in result.stderr
    assert "Numbered Paragraph" in {p.style.name for p in docx.Document(str(out)).paragraphs}
    again = invoke("reference-doc", out)
    assert again.exit_code == 1
    assert again.stdout == ""
    assert again.stderr == (
        f"reviewkit: {out} already exists; use --force to overwrite it, or choose another output.\n"
    )
    assert invoke("reference-doc", out, "--force").exit_code == 0


def test_reference_doc_command_wants_a_docx_name(tmp_path: Path) -> None:
    result = invoke("reference-doc", tmp_path / "ref.dotx")
    assert result.exit_code == 2
    assert result.stderr == (
        f"reviewkit: {tmp_path / 'ref.dotx'}: a reference document is a Word file; name it "
        "with .docx.\n"
    )


def test_long_headings_are_shortened_so_warnings_fit_80_columns() -> None:
    heading = "KPE 5: The final three months: missed appointments and a change of worker"
    line = notice_line(Place("paragraph 5.12", heading).notice("U+0007"))
    assert line == "paragraph 5.12 in 'KPE 5: The final three months: mis…': removed U+0007"
    assert len("warning: " + line) <= 80


def test_a_portrait_section_follows_the_landscape_one(tmp_path: Path) -> None:
    wide = Table(["A", "B"], [["1", "2"]], landscape=True)
    doc = Document(
        "lcspr",
        Cover(title="Sections"),
        [
            Section("One", number="1", blocks=[Paragraph("Text.", "1.1")]),
            Section("Appendix A: Chronology", appendix=True, blocks=[wide]),
            Section("Appendix B: Glossary", appendix=True, blocks=[Definitions([("A", "B")])]),
        ],
    )
    write_docx(doc, tmp_path / "r.docx")
    document = docx.Document(str(tmp_path / "r.docx"))
    assert [s.page_width > s.page_height for s in document.sections] == [False, True, False]


# --- build command ----------------------------------------------------------------------

FIXTURE = FIXTURES / "docx-case.yaml"


def test_build_writes_docx_and_warns_about_control_characters(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = invoke("build", FIXTURE, "-o", out, "-f", "docx", "--chronology")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{out / 'docx-case-lcspr.docx'}\n"
    lines = result.stderr.splitlines()
    assert all(len(line) <= 80 for line in lines)
    removed = [line for line in lines if "removed U+0007" in line]
    assert len(removed) == 2
    # The event is in chapter 4's draft aid (no narrative yet): an unnumbered paragraph.
    assert re.fullmatch(r"warning: block \d+ in '[^']+': removed U\+0007", removed[0])
    assert re.fullmatch(
        r"warning: table row 2 'Summary' in 'Appendix [A-Z]: Chronology': removed U\+0007",
        removed[1],
    )
    document = docx.Document(str(out / "docx-case-lcspr.docx"))
    assert [p.text for p in document.sections[0].header.paragraphs] == ["OFFICIAL"]
    assert "Police called to the home after a neighbour rang" in [
        c.text for c in document.tables[-1].columns[-1].cells
    ]


def test_build_all_without_libreoffice_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reviewkit.render import pdf

    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    out = tmp_path / "out"
    result = invoke("build", FIXTURE, "-o", out, "-f", "all")
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr == (
        "reviewkit: PDF needs LibreOffice, which is not installed; install it (Debian and "
        "Ubuntu: sudo apt install libreoffice-writer) or build --format docx and save it as "
        "PDF from Word.\n"
    )
    assert not out.exists()


def test_build_with_a_missing_reference_doc_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    missing = tmp_path / "partnership.docx"
    result = invoke("build", FIXTURE, "-o", out, "-f", "md,docx", "--reference-doc", missing)
    assert result.exit_code == 2
    assert result.stderr == (
        f"reviewkit: {missing}: the reference document does not exist; check the path.\n"
    )
    assert not out.exists()


def test_build_uses_the_reference_doc(tmp_path: Path) -> None:
    reference = tmp_path / "reference.docx"
    write_reference_doc(reference)
    template = docx.Document(str(reference))
    template.styles["Body Text"].font.name = "Georgia"
    template.save(str(reference))
    out = tmp_path / "out"
    result = invoke("build", FIXTURE, "-o", out, "-f", "docx", "--reference-doc", reference)
    assert result.exit_code == 0, result.stderr
    document = docx.Document(str(out / "docx-case-lcspr.docx"))
    assert document.styles["Body Text"].font.name == "Georgia"


def test_lead_in_labels_are_bold_runs_before_the_text(tmp_path: Path) -> None:
    import docx

    doc = Document(
        kind="lcspr",
        cover=Cover(title="Lead-ins"),
        sections=[
            Section(
                "Findings",
                number="1",
                blocks=[Paragraph("Nobody asked Ruby.", number="1.1", lead="Learning.")],
            )
        ],
    )
    out = tmp_path / "lead.docx"
    write_docx(doc, out)
    para = next(p for p in docx.Document(str(out)).paragraphs if "Nobody" in p.text)
    assert para.text == "Learning. Nobody asked Ruby."
    assert [(r.text, bool(r.bold)) for r in para.runs] == [
        ("Learning. ", True),
        ("Nobody asked Ruby.", False),
    ]


# --- accessibility ---------------------------------------------------------------------------


def test_the_report_carries_its_title_language_headings_and_header_rows(tmp_path: Path) -> None:
    assert invoke("build", ELLIS, "--format", "docx", "--chronology", "-o", tmp_path).exit_code == 0
    out = tmp_path / "lcspr-ellis-family-lcspr.docx"
    document = docx.Document(str(out))
    props = document.core_properties
    assert props.title.startswith("Local Child Safeguarding Practice Review: the Ellis children")
    assert props.language == "en-GB"
    defaults = document.styles.element.find(qn("w:docDefaults"))
    assert (
        defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}").get(qn("w:val"))
        == "en-GB"
    )
    headings = {p.style.name for p in document.paragraphs if p.style.name.startswith("Heading")}
    assert {"Heading 1", "Heading 2"} <= headings <= {"Heading 1", "Heading 2", "Heading 3"}
    assert document.tables
    for table in document.tables:
        first = table.rows[0]._tr
        assert first.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    # No pictures yet; any that come must carry alt text.
    body = document.element.body
    assert all(pr.get("descr") for pr in body.iter(qn("wp:docPr")))


def test_a_reference_document_without_a_language_gets_en_gb(tmp_path: Path) -> None:
    reference = tmp_path / "reference.docx"
    docx.Document().save(str(reference))
    with zipfile.ZipFile(reference) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    parts["word/styles.xml"] = re.sub(rb"<w:lang [^>]*/>", b"", parts["word/styles.xml"])
    with zipfile.ZipFile(reference, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    out = tmp_path / "report.docx"
    write_docx(
        Document("lcspr", Cover(title="T", marking="M"), [Section("S")]),
        out,
        reference_doc=reference,
    )
    styles = docx.Document(str(out)).styles.element
    lang = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert lang.get(qn("w:val")) == "en-GB"


def test_citations_are_real_word_footnotes(tmp_path: Path) -> None:
    from reviewkit.casefile import load_case
    from reviewkit.reports import build_document

    case = load_case(ELLIS).case
    doc = build_document(case)
    path = tmp_path / "report.docx"
    write_docx(doc, path)
    with zipfile.ZipFile(path) as zf:
        body = zf.read("word/document.xml").decode()
        names = zf.namelist()
        notes_name = next(n for n in names if n.startswith("word/footnotes"))
        notes = zf.read(notes_name).decode()
        types = zf.read("[Content_Types].xml").decode()
        rels = zf.read("word/_rels/document.xml.rels").decode()
    assert re.findall(r'<w:footnoteReference w:id="(\d+)"/>', body) == ["1", "2"]
    assert "wordprocessingml.footnotes+xml" in types and "relationships/footnotes" in rels
    # python-docx has no footnote API: read the part's text back note by note.
    texts = re.findall(r'<w:footnote w:id="(\d+)">(.*?)</w:footnote>', notes)
    assert [(n, "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", x)).strip()) for n, x in texts] == [
        (
            "1",
            "Advisory Council on the Misuse of Drugs (2003) Hidden Harm: responding to the "
            "needs of children of problem drug users.",
        ),
        (
            "2",
            "Child Safeguarding Practice Review Panel (2021) The myth of invisible men: "
            "safeguarding children under 1 from non-accidental injury caused by male carers.",
        ),
    ]
    # The mark never reaches the text a reader sees.
    assert "\ue000" not in body and "[@" not in body
