"""The reference-doc command: the default Word template, for a partnership to customise."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from reviewkit.cli.application import app


@app.command("reference-doc")
def reference_doc(
    out: Annotated[Path, typer.Argument(help="Where to write the .docx.", show_default=False)],
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write the default Word reference document, to customise for `build --reference-doc`.

    Change its styles (fonts, colours, spacing), margins, page size, header and footer (add
    your logo) in Word, keeping the style names. Where the header or footer says {marking},
    reports show the case's protective marking; {title} becomes the report's title.
    """
    from reviewkit.scaffold import reference_doc as write_reference_doc

    write_reference_doc(out, force=force)
    typer.echo(f"{out}")
    typer.echo(
        "Customise it in Word, then build with:\n"
        f"  reviewkit build CASE --format docx --reference-doc {out}",
        err=True,
    )
