"""`reviewkit build` and reviewkit.build: outputs, names, overwriting, formats, exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewkit import build as build_module
from reviewkit.build import BuildResult, OutputFormat, build, output_name
from reviewkit.casefile import load_case
from reviewkit.cli.output import notice_line
from reviewkit.document import Notice
from reviewkit.errors import OutputExistsError, UsageError
from reviewkit.render.markdown import render
from reviewkit.reports import build_document

from conftest import BABY_M, FIXTURES, CopyCase, invoke

FIXTURE = FIXTURES / "report-small.yaml"

PLACEHOLDER_WARNINGS = [
    "warning: episodes[1].known (KPE 2: The GP appointment in Febr…): not yet written",
    "warning: episodes[1].good_practice (KPE 2: The GP appointment…): not yet written",
    "warning: episodes[1].learning (KPE 2: The GP appointment in F…): not yet written",
    "warning: themes[1].further_consideration (Hunger and tirednes…): not yet written",
]
# What a publication would print otherwise: counted, not listed (a chronology has many). The
# body tells no event with its date and age here: the events are in the draft aids, unaged.
PUBLISH_WARNINGS: list[str] = []


@pytest.fixture
def case_file(copy_case: CopyCase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fixture case copied into an empty working folder, which becomes the cwd."""
    monkeypatch.chdir(tmp_path)
    return copy_case(FIXTURE, "report-small.yaml")


def test_build_writes_the_markdown_report(case_file: Path, tmp_path: Path) -> None:
    result = build(case_file, outdir=tmp_path / "out")
    expected = tmp_path / "out" / "report-small-lcspr.md"
    assert result.outputs == [expected]
    assert expected.read_text(encoding="utf-8") == render(build_document(load_case(FIXTURE).case))
    assert [f"warning: {notice_line(w)}" for w in result.warnings] == [
        *PLACEHOLDER_WARNINGS,
        *PUBLISH_WARNINGS,
    ]
    # The case file's own warnings are kept apart, located as `reviewkit check` shows them.
    assert [p.path for p in result.problems] == [
        "events[0].date",
        "events[8].date",
        "interviews[2].quotes",
    ]


def test_output_name_uses_the_folder_for_case_yaml(tmp_path: Path) -> None:
    assert output_name(Path("cases/report-small.yaml")) == "report-small"
    assert output_name(tmp_path / "lcspr-ellis-family" / "case.yaml") == "lcspr-ellis-family"


def test_build_refuses_to_overwrite_without_force(case_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    existing = out / "report-small-lcspr.md"
    existing.write_text("my own edits\n", encoding="utf-8")
    with pytest.raises(OutputExistsError) as err:
        build(case_file, outdir=out)
    assert err.value.message == (
        f"{existing} already exists; use --force to overwrite it, or choose another output."
    )
    assert existing.read_text(encoding="utf-8") == "my own edits\n"
    result = build(case_file, outdir=out, force=True)
    assert result.outputs == [existing]
    assert existing.read_text(encoding="utf-8").startswith(
        "**OFFICIAL-SENSITIVE**\n\n**Westbrook Safeguarding Children Partnership**\n\n# Child"
    )


def test_every_output_is_checked_before_any_is_written(
    case_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written: list[Path] = []

    def write_text_format(doc: object, path: Path, **options: object) -> list[Notice]:
        written.append(path)
        path.write_text("text\n", encoding="utf-8")
        return [Notice(f"txt written with {sorted(options)}")]

    formats = dict(build_module.FORMATS)
    formats["txt"] = OutputFormat("txt", ".txt", write_text_format, "Plain text")
    monkeypatch.setattr(build_module, "FORMATS", formats)
    out = tmp_path / "out"
    out.mkdir()
    (out / "report-small-lcspr.txt").write_text("keep\n", encoding="utf-8")
    with pytest.raises(OutputExistsError):
        build(case_file, outdir=out, formats=["md", "txt"])
    assert not (out / "report-small-lcspr.md").exists()
    assert written == []
    result = build(case_file, outdir=out, formats=["md", "txt"], force=True, style="x")
    assert result.outputs == [out / "report-small-lcspr.md", out / "report-small-lcspr.txt"]
    assert result.warnings[-1] == Notice("txt written with ['style']")


def test_unknown_format_is_a_usage_error(case_file: Path, tmp_path: Path) -> None:
    with pytest.raises(UsageError) as err:
        build(case_file, outdir=tmp_path / "out", formats=["odt"])
    assert err.value.message.startswith("unknown format 'odt'; the formats available are: ")
    assert "md" in err.value.message
    assert not (tmp_path / "out").exists()


def test_build_result_defaults() -> None:
    assert BuildResult() == BuildResult(outputs=[], warnings=[], problems=[])


# --- the command ------------------------------------------------------------------------------


def test_cli_build_prints_outputs_and_warnings(case_file: Path) -> None:
    result = invoke("build", "report-small.yaml")
    assert result.exit_code == 0, result.output
    assert result.stdout == "out/report-small-lcspr.md\n"
    lines = result.stderr.splitlines()
    assert lines[:2] == [
        "report-small.yaml:214:7: warning: interviews[2].quotes: there is no consent to quote "
        "(consent_to_quote: no); these quotes are left out of reports",
        # background events are expected: one note, not a warning each
        "note: 2 events outside the scope period are background (see reviewkit check)",
    ]
    assert lines[2:] == [*PLACEHOLDER_WARNINGS, *PUBLISH_WARNINGS]
    assert all(len(line) <= 80 for line in lines[1:])
    assert (
        Path("out/report-small-lcspr.md")
        .read_text(encoding="utf-8")
        .startswith("**OFFICIAL-SENSITIVE**")
    )


def test_cli_build_refuses_to_overwrite_then_forces(case_file: Path) -> None:
    assert invoke("build", "report-small.yaml").exit_code == 0
    again = invoke("build", "report-small.yaml")
    assert again.exit_code == 1
    assert again.stdout == ""
    assert again.stderr == (
        "reviewkit: out/report-small-lcspr.md already exists; use --force to overwrite it, "
        "or choose another output.\n"
    )
    forced = invoke("build", "report-small.yaml", "--force")
    assert forced.exit_code == 0
    assert forced.stdout == "out/report-small-lcspr.md\n"


def test_cli_build_options(case_file: Path, tmp_path: Path) -> None:
    templates = tmp_path / "wording"
    (templates / "lcspr").mkdir(parents=True)
    (templates / "lcspr" / "family.j2").write_text("Our words.\n", encoding="utf-8")
    result = invoke(
        "build",
        "report-small.yaml",
        "-o",
        "reports",
        "--format",
        "md,md",
        "--kind",
        "lcspr",
        "--chronology",
        "--templates",
        templates,
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == "reports/report-small-lcspr.md\n"
    text = Path("reports/report-small-lcspr.md").read_text(encoding="utf-8")
    assert "## Appendix D: Chronology" in text
    assert "**2.1** Our words.\n" in text


def test_cli_build_invalid_case_exits_2(case_file: Path) -> None:
    bad = case_file.parent / "bad.yaml"
    bad.write_text("review:\n  title: T\n  partnership: P\n  kidn: lcspr\n", encoding="utf-8")
    result = invoke("build", "bad.yaml")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "bad.yaml:4:3: review.kidn: unknown key 'kidn' (did you mean 'kind'?)\n"
        "1 error; fix them and run the command again.\n"
    )
    assert not Path("out").exists()


def test_cli_build_usage_errors(case_file: Path, tmp_path: Path) -> None:
    kind = invoke("build", "report-small.yaml", "--kind", "leaflet")
    assert kind.exit_code == 2
    assert kind.stderr.startswith("reviewkit: unknown report kind 'leaflet'; the kinds available")
    fmt = invoke("build", "report-small.yaml", "--format", "odt")
    assert fmt.exit_code == 2
    assert fmt.stderr.startswith("reviewkit: unknown format 'odt'; the formats available are: ")
    missing = invoke("build", "report-small.yaml", "--templates", "nowhere")
    assert missing.exit_code == 2
    assert missing.stderr == (
        "reviewkit: --templates nowhere: the folder does not exist; give a folder holding "
        "your own copies of the templates you want to change (for example lcspr/*.j2).\n"
    )
    assert not Path("out").exists()


def test_cli_build_rapid_review_sample_as_lcspr(tmp_path: Path) -> None:
    result = invoke("build", BABY_M, "--kind", "lcspr", "-o", tmp_path)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{tmp_path / 'rapid-review-baby-m-lcspr.md'}\n"
    lines = result.stderr.splitlines()
    # What a publication would leave out is warned about after the placeholders.
    assert lines[-4:] == [
        "warning: January to March 2024: prints Baby M's date of birth; --publish gives the year",
        "warning: January to March 2024: prints the time on Baby M's date of birth; --publish "
        "leaves it out",
        "warning: prints 13 dates beside ages; --publish gives months",
        "warning: prints 13 ages in days or weeks; --publish gives months",
    ]
    warnings = [line for line in lines[:-4] if line.startswith("warning: ")]
    assert warnings[0] == "warning: review.authors (chapter 3): not yet written"
    assert warnings[-1] == "warning: recommendations (chapter 8): not yet written"
    # Each episode has the rapid review's initial account and analysis; the narrative and the
    # lived experience of each subject child are still to be written.
    assert len(warnings) == 26
    assert all(len(line) <= 80 for line in warnings)


def test_cli_build_help_lists_the_options() -> None:
    result = invoke("build", "--help", terminal_width=80)
    assert result.exit_code == 0
    for option in ("--output", "--format", "--kind", "--chronology", "--force", "--templates"):
        assert option in result.stdout
    assert all(len(line) <= 80 for line in result.stdout.splitlines())
