"""Rules of the code's shape that a test can prove."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).parent.parent / "reviewkit"


def core_modules() -> list[str]:
    """Every module of the package outside the CLI layer."""
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(rel.parts)
        if "cli" in parts:
            continue
        if parts[-1] == "__init__":
            parts.pop()
        names.append(".".join(parts))
    return names


def test_core_never_imports_the_cli_layer() -> None:
    modules = core_modules()
    assert "reviewkit.model" in modules and "reviewkit.casefile.check" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in ('typer', 'rich', 'reviewkit.cli') if m in sys.modules)\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == ""


def test_core_never_prints() -> None:
    offenders = []
    for name in core_modules():
        path = PACKAGE.parent / (name.replace(".", "/") + ".py")
        if not path.exists():
            path = PACKAGE.parent / name.replace(".", "/") / "__init__.py"
        text = path.read_text(encoding="utf-8")
        if re.search(r"(?<![\w.])print\(", text):
            offenders.append(name)
    assert offenders == []


def test_help_starts_without_heavy_imports() -> None:
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from reviewkit.cli import app\n"
        "CliRunner().invoke(app, ['--help'])\n"
        "heavy = ('docx', 'jinja2', 'openpyxl', 'ruamel', 'holidays', 'pydantic', 'lxml')\n"
        "print(','.join(sorted(m for m in heavy if m in sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == ""


# Private control-flow exceptions that never leave their module (see reviewkit/errors.py).
PRIVATE_EXCEPTIONS = {
    ("reviewkit/dates.py", "_Invalid"),
    ("reviewkit/cli/author_terminal.py", "_InputEnded"),
}


def _exception_classes() -> dict[str, set[str]]:
    """Names of the exception classes each module defines (file -> class names)."""
    import ast
    import builtins

    exceptions = {name for name in dir(builtins) if name.endswith(("Error", "Exception"))}
    found: dict[str, set[str]] = {}
    # Two passes: a class deriving from a class found in the first counts too.
    for _ in range(2):
        for path in sorted(PACKAGE.rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not isinstance(node, ast.ClassDef):
                    continue
                bases = {b.id if isinstance(b, ast.Name) else ast.unparse(b) for b in node.bases}
                if bases & exceptions:
                    exceptions.add(node.name)
                    rel = path.relative_to(PACKAGE.parent).as_posix()
                    found.setdefault(rel, set()).add(node.name)
    return found


def test_every_error_class_is_defined_in_errors_py() -> None:
    found = _exception_classes()
    assert {"ReviewkitError", "LeakError", "DateError", "CellError"} <= found["reviewkit/errors.py"]
    elsewhere = {
        (file, name)
        for file, names in found.items()
        if file != "reviewkit/errors.py"
        for name in names
    }
    assert elsewhere == PRIVATE_EXCEPTIONS


def test_private_control_flow_exceptions_stay_in_their_module() -> None:
    for file, name in PRIVATE_EXCEPTIONS:
        for path in PACKAGE.rglob("*.py"):
            if path.relative_to(PACKAGE.parent).as_posix() not in (file, "reviewkit/errors.py"):
                assert name not in path.read_text(encoding="utf-8"), (name, path)
