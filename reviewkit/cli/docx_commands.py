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
    from reviewkit.atomic import refuse_overwrite
    from reviewkit.errors import UsageError
    from reviewkit.render.docx import write_reference_doc

    if out.suffix.lower() != ".docx":
        raise UsageError(f"{out}: a reference document is a Word file; name it with .docx.")
    refuse_overwrite([out], force=force)
    write_reference_doc(out)
    typer.echo(f"{out}")
    typer.echo(
        "Customise it in Word, then build with:\n"
        f"  reviewkit build CASE --format docx --reference-doc {out}",
        err=True,
    )
