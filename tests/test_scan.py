"""The leak scan: located hits in Markdown, YAML and Word files, and the review list."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from reviewkit.cli import app

FIXTURES = Path(__file__).parent / "fixtures"
CASE = FIXTURES / "anon-case.yaml"
runner = CliRunner()


def _anonymised(tmp_path: Path) -> Path:
    out = tmp_path / "anon.yaml"
    result = runner.invoke(app, ["anonymise", str(CASE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_clean_markdown_passes(tmp_path: Path) -> None:
    md = tmp_path / "notes.md"
    md.write_text("# Notes\n\nChild J was seen by the health visitor.\n", encoding="utf-8")
    result = runner.invoke(app, ["scan", str(md), "--case", str(CASE)])
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
    result = runner.invoke(app, ["scan", str(md), "--case", str(CASE)])
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
    result = runner.invoke(app, ["scan", str(text), "--case", str(CASE)])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{text}:1:11: Mother: first name and surname",
        f"{text}:2:12: Child J: date of birth",
    ]


def test_anonymised_case_scans_clean_but_original_does_not(tmp_path: Path) -> None:
    out = _anonymised(tmp_path)
    clean = runner.invoke(
        app, ["scan", str(out), str(tmp_path / "anon.report.md"), "--case", str(CASE)]
    )
    assert clean.exit_code == 0, clean.stdout
    assert clean.stdout.endswith("No leaks found in 2 files.\n")
    leaky = runner.invoke(app, ["scan", str(CASE), "--case", str(CASE)])
    assert leaky.exit_code == 1
    assert f"{CASE}:5:29: Child J: full name" in leaky.stdout.splitlines()


def test_scanning_with_an_anonymised_case_warns(tmp_path: Path) -> None:
    out = _anonymised(tmp_path)
    result = runner.invoke(app, ["scan", str(out), "--case", str(out)])
    assert result.exit_code == 0
    assert result.stderr == (
        f"warning: {out} lists no real names, aliases or places, so only identifier patterns "
        "were checked; scan with the original case file.\n"
    )


def test_leak_inserted_into_a_built_docx_is_located(tmp_path: Path) -> None:
    import docx

    out = _anonymised(tmp_path)
    build = runner.invoke(
        app, ["build", str(out), "--kind", "case-study", "-f", "docx", "-o", str(tmp_path / "b")]
    )
    assert build.exit_code == 0, build.output
    built = tmp_path / "b" / "anon-case-study.docx"
    clean = runner.invoke(app, ["scan", str(built), "--case", str(CASE)])
    assert clean.exit_code == 0, clean.stdout
    document = docx.Document(str(built))
    document.add_paragraph("A late note: Dr Fairweather spoke to Jimmy.")
    document.tables[0].cell(1, 0).text = "Jayden"
    document.sections[0].footer.paragraphs[0].text = "Ref 943 476 5919"
    document.save(str(built))
    n = len(document.paragraphs)
    result = runner.invoke(app, ["scan", str(built), "--case", str(CASE)])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{built}: paragraph {n}: professional 2 (the GP): surname",
        f"{built}: paragraph {n}: Father: alias 1",
        f"{built}: table 1, row 2, cell 1: Child J: first name",
        f"{built}: footer of section 1: NHS number",
    ]
    assert result.stderr == (
        "reviewkit: 4 leaks found in 1 file; remove or replace each one, then scan again.\n"
    )


def test_missing_file_and_unreadable_docx(tmp_path: Path) -> None:
    result = runner.invoke(app, ["scan", str(tmp_path / "nope.md"), "--case", str(CASE)])
    assert result.exit_code == 2
    assert result.stderr == f"reviewkit: {tmp_path / 'nope.md'}: no such file; check the path.\n"
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    result = runner.invoke(app, ["scan", str(bad), "--case", str(CASE)])
    assert result.exit_code == 2
    assert result.stderr == f"reviewkit: {bad}: cannot read this Word file; is it a .docx?\n"
