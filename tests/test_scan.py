"""The leak scan: located hits in Markdown, YAML and Word files, and the review list."""

from __future__ import annotations

from pathlib import Path

from conftest import FIXTURES, anonymised, invoke

CASE = FIXTURES / "anon-case.yaml"


def test_clean_markdown_passes(tmp_path: Path) -> None:
    md = tmp_path / "notes.md"
    md.write_text("# Notes\n\nChild J was seen by the health visitor.\n", encoding="utf-8")
    result = invoke("scan", md, "--case", CASE)
    assert result.exit_code == 0
    assert result.stdout == "No leaks found in 1 file.\n"
    assert result.stderr == ""


def test_leak_in_markdown_is_located_and_exits_1(tmp_path: Path) -> None:
    md = tmp_path / "notes.md"
    md.write_text(
        "# Notes\n\nChild J was seen.\nLater Mother told the health visitor that\nShannon's "
        "friend Kez lives at 14 Mill Lane; call 01632 960123.\n",
        encoding="utf-8",
    )
    result = invoke("scan", md, "--case", CASE)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{md}:5:1: Mother: first name",
        f"{md}:5:31: street address",
        f"{md}:5:34: place 4 (street: a street nearby): name",
        f"{md}:5:50: phone number",
        "",
        "Check these words by eye: they look like names but are not in the case's",
        "vocabulary (list them under anonymise.places, or under anonymise.keep):",
        f"  Kez (1x, first at {md}:5:18)",
    ]
    assert result.stderr == (
        "reviewkit: 4 leaks found in 1 file; remove or replace each one, then scan again.\n"
    )
    assert "Shannon" not in result.output


def test_name_split_across_lines_and_dob_are_found(tmp_path: Path) -> None:
    text = tmp_path / "draft.txt"
    text.write_text("Seen with Shannon\n   Hale on 3 February 2021.\n", encoding="utf-8")
    result = invoke("scan", text, "--case", CASE)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{text}:1:11: Mother: first name and surname",
        f"{text}:2:12: Child J: date of birth",
    ]


def test_anonymised_case_scans_clean_but_original_does_not(tmp_path: Path) -> None:
    out = anonymised(tmp_path)
    clean = invoke("scan", out, tmp_path / "anon.report.md", "--case", CASE)
    assert clean.exit_code == 0, clean.stdout
    assert clean.stdout.endswith("No leaks found in 2 files.\n")
    leaky = invoke("scan", CASE, "--case", CASE)
    assert leaky.exit_code == 1
    assert f"{CASE}:5:29: Child J: full name" in leaky.stdout.splitlines()


def test_scanning_with_an_anonymised_case_warns(tmp_path: Path) -> None:
    out = anonymised(tmp_path)
    result = invoke("scan", out, "--case", out)
    assert result.exit_code == 0
    assert result.stderr == (
        f"warning: {out} lists no real names, aliases or places, so only identifier patterns "
        "were checked; scan with the original case file.\n"
    )


def test_leak_inserted_into_a_built_docx_is_located(tmp_path: Path) -> None:
    import docx

    out = anonymised(tmp_path)
    build = invoke("build", out, "--kind", "case-study", "-f", "docx", "-o", tmp_path / "b")
    assert build.exit_code == 0, build.output
    built = tmp_path / "b" / "anon-case-study.docx"
    clean = invoke("scan", built, "--case", CASE)
    assert clean.exit_code == 0, clean.stdout
    document = docx.Document(str(built))
    document.add_paragraph("A late note: Dr Fairweather spoke to Jimmy.")
    document.tables[0].cell(1, 0).text = "Jayden"
    document.sections[0].footer.paragraphs[0].text = "Ref 943 476 5919"
    document.save(str(built))
    n = len(document.paragraphs)
    result = invoke("scan", built, "--case", CASE)
    assert result.exit_code == 1
    # In the order a reader meets them: the table comes before the paragraph added at the end.
    assert result.stdout.splitlines() == [
        f"{built}: table 1, row 2, cell 1: Child J: first name",
        f"{built}: paragraph {n}: professional 2 (the GP): surname",
        f"{built}: paragraph {n}: Father: alias 1",
        f"{built}: footer of section 1: NHS number",
    ]
    assert result.stderr == (
        "reviewkit: 4 leaks found in 1 file; remove or replace each one, then scan again.\n"
    )


def test_missing_file_and_unreadable_docx(tmp_path: Path) -> None:
    result = invoke("scan", tmp_path / "nope.md", "--case", CASE)
    assert result.exit_code == 2
    assert result.stderr == f"reviewkit: {tmp_path / 'nope.md'}: no such file; check the path.\n"
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    result = invoke("scan", bad, "--case", CASE)
    assert result.exit_code == 2
    assert result.stderr == (
        f"reviewkit: {bad}: not a readable Word file; is it a .docx? Open it in Word and save "
        "it again.\n"
    )
