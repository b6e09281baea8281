"""Build a case's reports: load and check the case, assemble the document, write each format.

Outputs are named `<name>-<kind>.<ext>` in the output folder, where <name> is the case file's
stem, or the name of its folder when the file is called case.yaml (the layout `reviewkit init`
makes): sample_cases/lcspr-ellis-family/case.yaml -> out/lcspr-ellis-family-lcspr.md.

Formats are a small registry: a format has a file suffix and a writer
`write(doc, path, **options) -> warnings` (`Notice` values). Every output path is checked
before anything is written, so a refused build writes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reviewkit.atomic import refuse_overwrite, write_text
from reviewkit.document import REMOVED_CHARACTERS, Document, Notice
from reviewkit.errors import Problem, PublishRefusedError, ReviewkitError, UsageError

Writer = Callable[..., list[Notice]]  # (doc, path, **options) -> warnings
Checker = Callable[..., None]  # (**options) -> None; raises when the format cannot be written


@dataclass(frozen=True)
class OutputFormat:
    """One output format: its name on the command line, its file suffix and its writer."""

    name: str
    suffix: str
    write: Writer
    description: str = ""
    check: Checker | None = None  # run before anything is written (tools, reference files)


# Control characters (but tab and newline): a terminal or viewer showing the Markdown may act
# on them (an escape sequence), and Word could not hold them either. DEL and C1 go too.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _write_markdown(doc: Document, path: Path, **_options: Any) -> list[Notice]:
    from reviewkit.render.markdown import render

    text = render(doc)
    found = sorted({f"U+{ord(c):04X}" for c in _CONTROL.findall(text)})
    write_text(path, _CONTROL.sub("", text))
    if not found:
        return []
    return [Notice(f"removed {', '.join(found)}", where=path.name, code=REMOVED_CHARACTERS)]


FORMATS: dict[str, OutputFormat] = {}


def register_format(fmt: OutputFormat) -> None:
    """Make a format available to `build` and `reviewkit build --format`."""
    FORMATS[fmt.name] = fmt


def _write_docx(
    doc: Document, path: Path, *, reference_doc: Path | None = None, **_: Any
) -> list[Notice]:
    from reviewkit.render.docx import write_docx

    return write_docx(doc, path, reference_doc=reference_doc)


def _check_docx(*, reference_doc: Path | None = None, **_: Any) -> None:
    from reviewkit.render.docx import check_reference_doc

    if reference_doc is not None:
        check_reference_doc(reference_doc)


def _write_pdf(
    doc: Document, path: Path, *, reference_doc: Path | None = None, **_: Any
) -> list[Notice]:
    from reviewkit.render.pdf import write_pdf

    return write_pdf(doc, path, reference_doc=reference_doc)


def _check_pdf(**options: Any) -> None:
    from reviewkit.render.pdf import require_soffice

    require_soffice()
    _check_docx(**options)


register_format(OutputFormat("md", ".md", _write_markdown, "Markdown"))
register_format(OutputFormat("docx", ".docx", _write_docx, "Word", _check_docx))
register_format(OutputFormat("pdf", ".pdf", _write_pdf, "PDF (through LibreOffice)", _check_pdf))


@dataclass
class BuildResult:
    """What a build wrote, and what the author should know about."""

    outputs: list[Path] = field(default_factory=list)
    warnings: list[Notice] = field(default_factory=list)  # e.g. each unwritten placeholder
    problems: list[Problem] = field(default_factory=list)  # the case file's own warnings
    renamed: list[Notice] = field(default_factory=list)  # where a real name is printed as a name
    published: bool = False  # built with publish: every file written passed the leak scan


def output_name(case_path: Path) -> str:
    """The stem of output names: the case file's stem, or its folder's name for case.yaml."""
    case_path = Path(case_path)
    if case_path.stem == "case":
        folder = case_path.resolve().parent.name
        if folder:
            return folder
    return case_path.stem


def check_formats(formats: Iterable[str]) -> list[OutputFormat]:
    """The formats asked for, in order and without repeats; unknown names raise UsageError."""
    chosen: list[OutputFormat] = []
    for name in formats:
        if name.strip().lower() == "all":
            chosen.extend(f for f in FORMATS.values() if f not in chosen)
            continue
        fmt = FORMATS.get(name.strip().lower())
        if fmt is None:
            available = ", ".join(sorted(FORMATS))
            raise UsageError(f"unknown format '{name}'; the formats available are: {available}.")
        if fmt not in chosen:
            chosen.append(fmt)
    if not chosen:
        raise UsageError("no output format given; use --format md.")
    return chosen


def output_paths(
    case_path: Path, outdir: Path, kind: str, formats: Iterable[OutputFormat]
) -> list[Path]:
    """Where each format of this report is written."""
    stem = f"{output_name(case_path)}-{kind}"
    return [Path(outdir) / f"{stem}{fmt.suffix}" for fmt in formats]


def _write_figures(doc: Document, path: Path) -> list[Path]:
    """Write the report's picture beside it, and name the file in the document for Markdown."""
    from reviewkit.document import Figure

    figures = [b for b in doc.blocks() if isinstance(b, Figure)]
    if not figures:
        return []
    from reviewkit.render.chart import PAGE_WIDTH, write_chart

    # A report has one picture now; a second would need a number in its file name.
    figure = figures[0]
    write_chart(figure.chart, path, width=PAGE_WIDTH)
    figure.file = path.name
    return [path]


def build(
    case_path: Path,
    *,
    outdir: Path,
    formats: Iterable[str] = ("md",),
    kind: str | None = None,
    chronology: bool = False,
    force: bool = False,
    templates: Path | None = None,
    today: dt.date | None = None,
    figures: bool = False,
    publish: bool = False,
    **renderer_options: Any,
) -> BuildResult:
    """Build the report of `kind` from a case file into `outdir`, one file per format.

    With `figures`, the report includes its pictures; Word and PDF embed them, and each is
    also written beside the report as NAME-KIND-timeline.png, which the Markdown links.

    With `publish`, the version for the public (reviewkit/reports/publication.py): refused,
    with nothing written, while a placeholder remains or the leak scan finds anything in the
    document or, after writing, in any file written (which are then removed).
    """
    from reviewkit.casefile import load_case, paused_gc
    from reviewkit.reports import build_document, resolve_kind

    chosen = check_formats(formats)
    for fmt in chosen:
        if fmt.check is not None:
            fmt.check(**renderer_options)
    loaded = load_case(Path(case_path))
    kind = resolve_kind(loaded.case, kind)
    outdir = Path(outdir)
    if outdir.exists() and not outdir.is_dir():
        raise ReviewkitError(f"{outdir} is a file, not a folder; choose another output folder.")
    paths = output_paths(case_path, outdir, kind, chosen)
    picture = outdir / f"{output_name(case_path)}-{kind}-timeline.png"
    refuse_overwrite([*paths, *([picture] if figures else [])], force=force)

    with paused_gc():
        doc = build_document(
            loaded.case,
            kind=kind,
            chronology=chronology,
            templates=templates,
            today=today,
            figures=figures,
        )
        if publish:
            doc, changes = _publishable(doc, loaded, paths[0].name, picture.name)
        else:
            from reviewkit.reports.publication import draft_notices

            changes = draft_notices(doc, loaded.case)
        result = BuildResult(
            warnings=[*doc.warnings, *changes],
            problems=list(loaded.warnings),
            renamed=list(loaded.renamed),
            published=publish,
        )
        made = not outdir.exists()
        outdir.mkdir(parents=True, exist_ok=True)
        result.outputs.extend(_write_figures(doc, picture))
        for fmt, path in zip(chosen, paths, strict=True):
            result.warnings.extend(fmt.write(doc, path, **renderer_options))
            result.outputs.append(path)
    if publish:
        _scan_written(result.outputs, loaded.case, outdir if made else None)
    return result


def build_portfolio(
    paths: Iterable[Path],
    output: Path,
    *,
    fmt: str | None = None,
    today: dt.date | None = None,
    force: bool = False,
    **renderer_options: Any,
) -> BuildResult:
    """Write the "learning from practice reviews" section for many case files (md or docx)."""
    from reviewkit.actions.portfolio import read_portfolio
    from reviewkit.reports.portfolio import build as build_section

    output = Path(output)
    name = fmt or output.suffix.lstrip(".").lower()
    chosen = check_formats([name])[0]
    if chosen.name not in ("md", "docx"):
        raise UsageError(f"the portfolio is written as md or docx, not {chosen.name}.")
    if output.suffix.lower() != chosen.suffix:
        raise UsageError(f"{output}: a {chosen.description} file ends in {chosen.suffix}.")
    if output.is_dir():
        raise UsageError(f"{output} is a folder; give a file name for -o.")
    refuse_overwrite([output], force=force)
    portfolio = read_portfolio(list(paths), today=today or dt.date.today())
    doc = build_section(portfolio)
    result = BuildResult(problems=list(portfolio.problems))
    if chosen.check is not None:
        chosen.check(**renderer_options)
    output.parent.mkdir(parents=True, exist_ok=True)
    result.warnings.extend(chosen.write(doc, output, **renderer_options))
    result.outputs.append(output)
    return result


def _publishable(
    doc: Document, loaded: Any, name: str, picture: str
) -> tuple[Document, list[Notice]]:
    """The public version of `doc`, or PublishRefusedError listing every reason, located."""
    from reviewkit.reports.publication import (
        for_publication,
        placeholders,
        publication_scanner,
        scan_figures,
        summarise,
    )

    reasons = []
    for block in placeholders(doc):
        line, column = loaded.positions.of(_parse_path(block.where))
        reasons.append(f"{loaded.path}:{line}:{column}: {block.where}: not yet written")
    public, changes = for_publication(doc, loaded.case)
    changes = summarise(changes)
    scanner = publication_scanner(loaded.case)
    scanner.scan_document(public, name)
    scan_figures(public, scanner, picture)  # its words are scanned here: a PNG has no text
    reasons += [str(hit) for hit in scanner.finish().hits]
    if reasons:
        raise PublishRefusedError(
            reasons,
            hint="Write each placeholder's analysis and remove each identifier or name from the "
            "case file (or list a place under anonymise.places), then build again.",
        )
    return public, changes


def _scan_written(paths: list[Path], case: Any, made: Path | None) -> None:
    """Scan every file a publication wrote; on a hit remove them all (and a folder made)."""
    from reviewkit.reports.publication import scan_publication

    # A picture's words were scanned before it was drawn; its file is an image.
    report = scan_publication([p for p in paths if p.suffix.lower() != ".png"], case)
    if not report.hits:
        return
    for path in paths:
        path.unlink(missing_ok=True)
    if made is not None and not any(made.iterdir()):
        made.rmdir()
    raise PublishRefusedError(
        [str(hit) for hit in report.hits],
        hint="The files written were removed. Fix the case file, then build again.",
    )


def _parse_path(where: str) -> tuple[str | int, ...]:
    """("episodes", 2, "learning") from "episodes[2].learning", for a position look-up."""
    parts: list[str | int] = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", where):
        parts.append(int(index) if index else name)
    return tuple(parts)
