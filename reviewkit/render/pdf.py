"""PDF through LibreOffice: convert a .docx, updating the contents and page fields first.

The PDF is tagged and claims PDF/UA: headings, tables with their header rows, reading order,
the document title (shown in the viewer's title bar) and its language (en-GB).

A plain `soffice --convert-to pdf` prints the contents as the .docx cached them (headings
without page numbers). So LibreOffice runs a small Basic macro instead: open the document,
update every index (the contents) and field twice (the contents can push pages on), export
the PDF. It runs headless, with its own throwaway profile (so it never touches the user's
LibreOffice settings or a running LibreOffice), links not updated, a timeout, and, where the
system allows it, in a network namespace with no network at all.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from functools import cache
from pathlib import Path

from reviewkit import atomic
from reviewkit.document import Document, Notice
from reviewkit.errors import ReviewkitError, ToolMissingError

TIMEOUT = 600  # seconds; a 1,000-page report takes LibreOffice about a minute
TIMEOUT_VARIABLE = "REVIEWKIT_PDF_TIMEOUT"  # seconds, to allow more for a huge chronology

_CANDIDATES = (
    "soffice",
    "libreoffice",
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
)

# A tagged PDF (structure, reading order, table headers, alt text) that claims PDF/UA, as the
# accessibility rules public bodies publish under expect. The title comes from the .docx core
# properties and the language from its default style (en-GB). LibreOffice 7.4+ reads these
# JSON filter options; the macro below sets the same ones as FilterData.
_TAGGED_FILTER = (
    'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"},'
    '"PDFUACompliance":{"type":"boolean","value":"true"},'
    '"ExportBookmarks":{"type":"boolean","value":"true"}}'
)

# Environment variables carry the paths, so no quoting of file names is ever needed.
_MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1"
 script:language="StarBasic">
Sub ExportPdf
  On Error GoTo Done
  Dim load(1) As New com.sun.star.beans.PropertyValue
  load(0).Name = &quot;Hidden&quot;
  load(0).Value = True
  load(1).Name = &quot;UpdateDocMode&quot;
  load(1).Value = 0
  oDoc = StarDesktop.loadComponentFromURL( _
    ConvertToURL(Environ(&quot;REVIEWKIT_DOCX&quot;)), &quot;_blank&quot;, 0, load())
  For pass = 1 To 2
    oIndexes = oDoc.getDocumentIndexes()
    For i = 0 To oIndexes.getCount() - 1
      oIndexes.getByIndex(i).update()
    Next
    oDoc.getTextFields().refresh()
  Next
  Dim tagged(2) As New com.sun.star.beans.PropertyValue
  tagged(0).Name = &quot;UseTaggedPDF&quot;
  tagged(0).Value = True
  tagged(1).Name = &quot;PDFUACompliance&quot;
  tagged(1).Value = True
  tagged(2).Name = &quot;ExportBookmarks&quot;
  tagged(2).Value = True
  Dim store(1) As New com.sun.star.beans.PropertyValue
  store(0).Name = &quot;FilterName&quot;
  store(0).Value = &quot;writer_pdf_Export&quot;
  store(1).Name = &quot;FilterData&quot;
  store(1).Value = tagged()
  oDoc.storeToURL(ConvertToURL(Environ(&quot;REVIEWKIT_PDF&quot;)), store())
  oDoc.close(True)
Done:
  StarDesktop.terminate()
End Sub
</script:module>
"""


def find_soffice() -> str | None:
    """The LibreOffice program, if installed."""
    for name in _CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def missing_message() -> str:
    """What to tell a user who has no LibreOffice."""
    return (
        "PDF needs LibreOffice, which is not installed; install it (Debian and Ubuntu: "
        "sudo apt install libreoffice-writer) or build --format docx and save it as PDF "
        "from Word."
    )


def require_soffice() -> str:
    """The LibreOffice program; ToolMissingError naming the package to install if none."""
    soffice = find_soffice()
    if soffice is None:
        raise ToolMissingError(missing_message())
    return soffice


def write_pdf(doc: Document, path: Path, *, reference_doc: Path | None = None) -> list[Notice]:
    """Write `doc` as a PDF: the Word report, converted by LibreOffice; returns warnings."""
    from reviewkit.render.docx import write_docx

    require_soffice()
    with tempfile.TemporaryDirectory(prefix="reviewkit-docx-") as tmp:
        docx = Path(tmp) / "report.docx"
        warnings = write_docx(doc, docx, reference_doc=reference_doc)
        docx_to_pdf(docx, path)
    return warnings


def docx_to_pdf(docx: Path, pdf: Path, *, timeout: int | None = None) -> None:
    """Convert `docx` to `pdf` with LibreOffice, contents and page numbers up to date."""
    soffice = require_soffice()
    if timeout is None:
        setting = os.environ.get(TIMEOUT_VARIABLE, "")
        timeout = int(setting) if setting.isdigit() and int(setting) > 0 else TIMEOUT
    with tempfile.TemporaryDirectory(prefix="reviewkit-pdf-") as tmp:
        work = Path(tmp)
        profile = work / "profile"
        source = work / "report.docx"
        target = work / "report.pdf"
        shutil.copyfile(docx, source)
        env = {
            **os.environ,
            "HOME": str(work),
            "XDG_CONFIG_HOME": str(work / "config"),
            "XDG_CACHE_HOME": str(work / "cache"),
            "REVIEWKIT_DOCX": str(source),
            "REVIEWKIT_PDF": str(target),
        }
        base = [*_offline(), soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless"]
        base += ["--norestore", "--nologo", "--nolockcheck", "--nodefault"]
        # LibreOffice rewrites the Basic library on a profile's first start: start it once,
        # then install the macro.
        _run([*base, "--terminate_after_init"], env, work, timeout)
        module = profile / "user" / "basic" / "Standard" / "Module1.xba"
        if module.parent.is_dir():
            module.write_text(_MACRO, encoding="utf-8")
            _run([*base, "macro:///Standard.Module1.ExportPdf"], env, work, timeout)
        if not target.is_file() or target.stat().st_size == 0:
            # No Basic in this LibreOffice: a plain conversion (contents without page numbers).
            output = _run(
                [*base, "--convert-to", _TAGGED_FILTER, "--outdir", str(work), str(source)],
                env,
                work,
                timeout,
            )
            if not target.is_file():
                raise ReviewkitError(
                    f"LibreOffice could not convert {docx} to PDF: "
                    f"{output.strip()[-300:] or 'no message'}"
                )
        atomic.write_bytes(pdf, target.read_bytes())


def _run(command: list[str], env: dict[str, str], cwd: Path, timeout: int) -> str:
    # Own process group, so a hung LibreOffice and its helpers can all be stopped.
    with subprocess.Popen(
        command,
        env=env,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    ) as proc:
        try:
            output, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise ReviewkitError(
                f"LibreOffice did not finish the PDF within {timeout} seconds and was stopped; "
                f"set {TIMEOUT_VARIABLE} to allow more seconds, or build --format docx and "
                "save it as PDF from Word."
            ) from None
    return output or ""


@cache
def _offline() -> tuple[str, ...]:
    # A private network namespace with no interfaces, where the system permits one.
    unshare = shutil.which("unshare")
    if unshare is None:
        return ()
    try:
        probe = subprocess.run(
            [unshare, "-rn", "true"], capture_output=True, timeout=10, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return ()
    return (unshare, "-rn") if probe.returncode == 0 else ()
