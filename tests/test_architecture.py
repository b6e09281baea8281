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


# Calls that write, move or remove files; in the CLI layer each of them is a bug: the core
# writes (safely, through reviewkit.atomic or CaseStore) and returns what it wrote.
_WRITING_CALLS = {
    "write_text",
    "write_bytes",
    "refuse_overwrite",
    "mkdir",
    "touch",
    "unlink",
    "rename",
    "rmdir",
    "chmod",
    "symlink_to",
    "hardlink_to",
    "fdopen",
    "save",
}
_SHUTIL_WRITES = {"copy", "copy2", "copyfile", "copytree", "move", "rmtree"}


def _writes(tree: object) -> list[tuple[int, str]]:
    """The calls in a module's syntax tree that write files: (line, what)."""
    import ast

    found = []
    assert isinstance(tree, ast.AST)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        owner = func.value if isinstance(func, ast.Attribute) else None
        owner_name = owner.id if isinstance(owner, ast.Name) else ""
        if name in _WRITING_CALLS:
            found.append((node.lineno, name))
        elif owner_name == "shutil" and name in _SHUTIL_WRITES:
            found.append((node.lineno, f"shutil.{name}"))
        elif name == "open" and owner_name == "os":
            found.append((node.lineno, "os.open"))
        elif name == "open":
            # open(file, mode) or path.open(mode); a mode that is not a constant may write.
            modes = node.args[1:2] if owner is None else node.args[:1]
            modes += [k.value for k in node.keywords if k.arg == "mode"]
            if any(
                not isinstance(m, ast.Constant) or set(str(m.value)) & set("wax+") for m in modes
            ):
                found.append((node.lineno, "open for writing"))
    return sorted(found)


def test_the_cli_layer_writes_no_files_of_its_own() -> None:
    import ast

    offenders = []
    for path in sorted((PACKAGE / "cli").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        offenders += [(path.name, line, what) for line, what in _writes(tree)]
    assert offenders == []


def test_the_write_check_finds_each_kind_of_write() -> None:
    import ast

    code = """
Path("a").write_text("x")
write_bytes(p, b"")
out.mkdir(parents=True)
open(p, "w")
p.open(mode="a")
open(p, mode)
os.open(p, os.O_WRONLY)
shutil.copy(a, b)
refuse_overwrite([p], force=False)
open(p)
p.read_text()
"""
    found = [what for _, what in _writes(ast.parse(code))]
    assert found == [
        "write_text",
        "write_bytes",
        "mkdir",
        "open for writing",
        "open for writing",
        "open for writing",
        "os.open",
        "shutil.copy",
        "refuse_overwrite",
    ]
