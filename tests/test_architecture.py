"""Rules of the code's shape that a test can prove."""

from __future__ import annotations

import ast
import importlib
import json
import re
import subprocess
import sys
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from conftest import CopyCase

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


def _loaded_after(code: str) -> set[str]:
    """The modules a fresh interpreter has loaded after running `code`."""
    code += "\nprint(','.join(sorted(sys.modules)))\n"
    out = subprocess.run(
        [sys.executable, "-c", "import sys\n" + code],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    return set(out.splitlines()[-1].split(","))


def test_the_command_line_starts_without_the_core() -> None:
    # Every command's start loads all the command modules; each loads the core it needs only
    # when it runs, so a command pays for no other command's modules.
    loaded = _loaded_after("import reviewkit.cli")
    core = sorted(m for m in loaded if m.startswith("reviewkit.") and ".cli" not in m)
    assert core == ["reviewkit.errors", "reviewkit.wording"]


# Modules that `check` and `import` have no use for: each command that needs one loads it.
NOT_FOR_CHECK = (
    "reviewkit.casefile.store",
    "reviewkit.casefile.edit",
    "reviewkit.casefile.splice",
    "reviewkit.casefile.emit",
    "reviewkit.casefile.history",
    "reviewkit.casefile.roundtrip",
    "reviewkit.criteria",
    "ruamel",
)
NOT_FOR_IMPORT = (
    "reviewkit.figure",
    "reviewkit.cli.author_terminal",
    "reviewkit.authoring",
    "reviewkit.anonymise",
    "reviewkit.chronology.duplicates",
    "reviewkit.render",
    "reviewkit.reports",
    "reviewkit.timeline",
    "reviewkit.timescales",
    "pickle",
    "docx",
    "jinja2",
    "openpyxl",
    "holidays",
    "matplotlib",
)


def _run_command(args: list[str]) -> str:
    return (
        "from typer.testing import CliRunner\n"
        "from reviewkit.cli import app\n"
        f"result = CliRunner().invoke(app, {args!r})\n"
        "assert result.exit_code == 0, result.output\n"
    )


def test_check_loads_only_what_it_needs(copy_case: CopyCase) -> None:
    case = copy_case("chronology-case.yaml")
    loaded = _loaded_after(_run_command(["check", str(case)]))
    assert "reviewkit.casefile.check" in loaded and "reviewkit.model" in loaded
    assert sorted(loaded & {*NOT_FOR_CHECK, *NOT_FOR_IMPORT}) == []


def test_import_loads_only_what_it_needs(copy_case: CopyCase) -> None:
    case = copy_case("chronology-case.yaml")
    police = copy_case("chronology-police.csv", "police.csv")
    args = ["import", str(case), str(police), "--agency", "police"]
    loaded = _loaded_after(_run_command(args))
    assert "reviewkit.chronology.importer" in loaded and "reviewkit.casefile.store" in loaded
    assert sorted(loaded & set(NOT_FOR_IMPORT)) == []


def test_a_command_makes_only_its_own_options(copy_case: CopyCase) -> None:
    from reviewkit.cli import app

    # Typer makes a command's options from its function's signature: running one command
    # makes that one only; listing them in --help makes them all.
    spy = (
        "import typer.main\n"
        "made = []\n"
        "real = typer.main.get_command_from_info\n"
        "def spy(info, **kwargs):\n"
        "    made.append(info.callback.__name__)\n"
        "    return real(info, **kwargs)\n"
        "typer.main.get_command_from_info = spy\n"
    )
    case = copy_case("chronology-case.yaml")
    code = spy + _run_command(["check", str(case)]) + "print(','.join(made))\n"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "check"
    code = spy + _run_command(["--help"]) + "print(len(made))\n"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert int(out.stdout.strip().splitlines()[-1]) == len(app.pending) > 10


def test_a_command_that_saves_into_its_case_starts_parsing_it_before_pydantic_loads(
    copy_case: CopyCase,
) -> None:
    case = str(copy_case("chronology-case.yaml"))
    police = str(copy_case("chronology-police.csv", "police.csv"))
    spy = (
        "import json, sys\n"
        "from typer.testing import CliRunner\n"
        "from reviewkit.casefile import read\n"
        "calls = []\n"
        "read.parse_ahead = lambda path: calls.append([str(path), 'pydantic' in sys.modules])\n"
        "from reviewkit.cli import app\n"
        "CliRunner().invoke(app, json.loads(sys.argv[1]))\n"
        "print(json.dumps(calls))\n"
    )

    def calls(*args: str) -> list[list[object]]:
        out = subprocess.run(
            [sys.executable, "-c", spy, json.dumps(args)],
            capture_output=True,
            text=True,
            check=True,
        )
        return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]

    assert calls("import", case, police, "--agency", "police") == [[case, False]]
    assert calls("import", "--agency", "police", case, police) == [[case, False]]
    assert calls("pseudonymise", case, "--yes") == [[case, False]]
    assert calls("duplicates", case) == [[case, False]]
    assert calls("author", case, "--answers", police) == [[case, False]]
    assert calls("check", case) == []  # read with positions: nothing to join
    assert calls("import", case, "--help") == []
    assert calls("import", "--agency") == []  # a command line the command itself refuses


def test_the_console_script_leaves_what_is_alive_out_of_the_last_collection() -> None:
    code = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: print('frozen', gc.get_freeze_count() > 0))\n"
        "from reviewkit.cli import main\n"
        "sys.argv = ['reviewkit', 'check', sys.argv[1]]\n"
        "main()\n"
    )
    case = Path(__file__).resolve().parent.parent / "sample_cases/lcspr-ellis-family/case.yaml"
    out = subprocess.run([sys.executable, "-c", code, str(case)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[-1] == "frozen True"  # and the exit handlers still ran


def test_the_command_group_is_a_mapping_of_every_command() -> None:
    import typer.main

    from reviewkit.cli import app

    names = list(app.pending)  # in the order registered, as --help lists them
    group = typer.main.get_command(app)
    commands = group.commands  # type: ignore[attr-defined]
    assert list(commands) == names and len(commands) == len(names)
    assert commands["check"].name == "check" and commands.get("no-such") is None
    extra = typer.main.get_command_from_info(
        app.pending["init"], pretty_exceptions_short=True, rich_markup_mode=None
    )
    group.add_command(extra, "extra")  # type: ignore[attr-defined]
    assert list(commands)[-1] == "extra" and commands["extra"] is extra
    del commands["extra"]
    assert list(commands) == names


def test_the_case_file_package_gives_every_name_it_lists() -> None:
    import reviewkit.casefile as casefile

    # The names are imported when first asked for; each is its home module's own object.
    assert set(casefile._HOMES) | {"roundtrip"} == set(casefile.__all__)
    for name, home in casefile._HOMES.items():
        assert getattr(casefile, name) is getattr(importlib.import_module(home), name)
    assert casefile.roundtrip is importlib.import_module("reviewkit.casefile.roundtrip")
    assert set(casefile.__all__) <= set(dir(casefile))
    assert not hasattr(casefile, "no_such_name")


# --- the import graph ----------------------------------------------------------------------------

# The layers, from the top. A module may import from its own layer and from the layers below
# it, never from one above. A module belongs to the layer of the longest prefix that names it,
# so a new module inside a package needs no entry here; a new top-level module falls under
# "reviewkit" (the core) until it is given a layer.
LAYERS: list[tuple[str, ...]] = [
    # The command line: parses options, calls the core, renders the results.
    ("reviewkit.cli",),
    # Use cases and report assembly: what a command asks for, returned as results.
    (
        "reviewkit.build",
        "reviewkit.reports",
        "reviewkit.authoring",
        "reviewkit.chronology",
        "reviewkit.anonymise",
        "reviewkit.actions",
        "reviewkit.scaffold",
    ),
    # Renderers: lay out a finished Document; every word was decided before them.
    ("reviewkit.render",),
    # The core library: the case model, its grammar and vocabulary, and the case file.
    (
        "reviewkit",
        "reviewkit.atomic",
        "reviewkit.casefile",
        "reviewkit.criteria",
        "reviewkit.data",
        "reviewkit.dates",
        "reviewkit.document",
        "reviewkit.errors",
        "reviewkit.model",
        "reviewkit.parallel",
        "reviewkit.templates",
        "reviewkit.timeline",
        "reviewkit.timescales",
        "reviewkit.vocabulary",
        "reviewkit.wording",
    ),
]

# Imports that the layers allow but the design does not: (importer prefix, imported prefix).
FORBIDDEN: list[tuple[str, str]] = [
    # Importing returns edits the case file through the case-file library, not the authoring
    # walk: the two use cases stay independent of each other.
    ("reviewkit.chronology", "reviewkit.authoring"),
]

# (importer, imported) edges of the current code that break a rule above. Each is to be removed
# by the restructuring; when one goes from the code, it goes from here too (a test checks).
KNOWN_VIOLATIONS: set[tuple[str, str]] = set()

Edge = tuple[str, str]


def module_files() -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its __init__.py)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


@cache
def import_graph() -> dict[Edge, str]:
    """Each import of one reviewkit module by another, with where it is ("path:line").

    Imports inside functions and under TYPE_CHECKING count: a deferred or type-only import
    still ties the two modules together, and is where cycles hide.
    """
    files = module_files()

    def module_of(name: str) -> str | None:
        # `from reviewkit.x import y` names module reviewkit.x.y if there is one, else reviewkit.x.
        while name and name not in files:
            name = name.rpartition(".")[0]
        return name or None

    edges: dict[Edge, str] = {}
    for name, path in files.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                    base = f"{parent}.{base}" if base else parent
                targets = [f"{base}.{alias.name}" for alias in node.names]
            else:
                continue
            for target in targets:
                ours = target == "reviewkit" or target.startswith("reviewkit.")
                imported = module_of(target) if ours else None
                if imported is not None and imported != name:
                    where = f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
                    edges.setdefault((name, imported), where)
    return edges


def layer_of(module: str) -> int:
    """The index in LAYERS (0 is the top) of the longest prefix naming the module."""
    best, layer = "", len(LAYERS) - 1
    for index, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > len(best):
                best, layer = prefix, index
    return layer


def within(module: str, prefix: str) -> bool:
    """True when the module is the prefix or inside it."""
    return module == prefix or module.startswith(prefix + ".")


def component(module: str) -> str:
    """The top-level module or package a module is part of (reviewkit.reports.lcspr: reports)."""
    return ".".join(module.split(".")[:2])


def cycles(edges: Iterable[Edge]) -> list[set[str]]:
    """The strongly connected groups of more than one node (Tarjan's algorithm)."""
    graph: dict[str, set[str]] = {}
    for a, b in edges:
        graph.setdefault(a, set()).add(b)
        graph.setdefault(b, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def broken(edges: Iterable[Edge]) -> dict[str, list[Edge]]:
    """For each rule, the edges that break it."""
    edges = sorted(edges)
    in_cycle = cycles(edges)
    packages = {(component(a), component(b)) for a, b in edges if component(a) != component(b)}
    in_package_cycle = cycles(packages)
    return {
        "layer": [(a, b) for a, b in edges if layer_of(b) < layer_of(a)],
        "forbidden": [
            (a, b) for a, b in edges if any(within(a, x) and within(b, y) for x, y in FORBIDDEN)
        ],
        "module cycle": [(a, b) for a, b in edges if any({a, b} <= g for g in in_cycle)],
        "package cycle": [
            (a, b)
            for a, b in edges
            if component(a) != component(b)
            and any({component(a), component(b)} <= g for g in in_package_cycle)
        ],
    }


def breaking(rule: str) -> list[str]:
    """The imports that break a rule, not counting KNOWN_VIOLATIONS, located for the reader."""
    edges = {e: where for e, where in import_graph().items() if e not in KNOWN_VIOLATIONS}
    return [
        f"{edges[(a, b)]}: {a} (layer {layer_of(a)}) imports {b} (layer {layer_of(b)})"
        for a, b in broken(edges)[rule]
    ]


def test_the_import_graph_is_read() -> None:
    edges = import_graph()
    # A plain import, one inside a function, one under TYPE_CHECKING, `from package import module`.
    assert ("reviewkit.build", "reviewkit.reports") in edges
    assert ("reviewkit.anonymise.scan", "reviewkit.casefile") in edges
    assert ("reviewkit.anonymise.scan", "reviewkit.model") in edges
    assert ("reviewkit.anonymise.scan", "reviewkit.anonymise.identifiers") in edges
    assert layer_of("reviewkit.cli.build_commands") == 0
    assert layer_of("reviewkit.reports.some_new_report") == 1
    assert layer_of("reviewkit.render") == 2
    assert layer_of("reviewkit.some_new_module") == layer_of("reviewkit.model") == 3


def test_the_rules_catch_what_they_are_for() -> None:
    found = broken(
        [
            ("reviewkit.model", "reviewkit.render.docx"),
            ("reviewkit.chronology.importer", "reviewkit.authoring.store"),
            ("reviewkit.dates", "reviewkit.errors"),
            ("reviewkit.errors", "reviewkit.dates"),
            ("reviewkit.reports.lcspr", "reviewkit.anonymise.scan"),
            ("reviewkit.anonymise.names", "reviewkit.reports.common"),
        ]
    )
    assert found["layer"] == [("reviewkit.model", "reviewkit.render.docx")]
    assert found["forbidden"] == [("reviewkit.chronology.importer", "reviewkit.authoring.store")]
    assert found["module cycle"] == [
        ("reviewkit.dates", "reviewkit.errors"),
        ("reviewkit.errors", "reviewkit.dates"),
    ]
    assert found["package cycle"] == [
        ("reviewkit.anonymise.names", "reviewkit.reports.common"),
        ("reviewkit.dates", "reviewkit.errors"),
        ("reviewkit.errors", "reviewkit.dates"),
        ("reviewkit.reports.lcspr", "reviewkit.anonymise.scan"),
    ]


def test_no_module_imports_from_a_layer_above_its_own() -> None:
    assert breaking("layer") == []


def test_no_forbidden_imports() -> None:
    assert breaking("forbidden") == []


def test_no_import_cycles_between_modules() -> None:
    assert breaking("module cycle") == []


def test_no_import_cycles_between_packages() -> None:
    assert breaking("package cycle") == []


def test_known_violations_still_break_a_rule() -> None:
    """A known violation that the code no longer has must leave KNOWN_VIOLATIONS too."""
    still = {edge for edges in broken(import_graph()).values() for edge in edges}
    assert sorted(KNOWN_VIOLATIONS - still) == []


# --- one home for each small helper ----------------------------------------------------------

# Helpers that were once copied from module to module, and the one module that defines each.
# A function of the same name (with or without a leading underscore) anywhere else is a copy.
HELPER_HOMES = {
    "plural": "reviewkit.wording",
    "count_words": "reviewkit.wording",
    "number_word": "reviewkit.wording",
    "join_and": "reviewkit.wording",
    "capitalise": "reviewkit.wording",
    "shorten": "reviewkit.wording",
    "did_you_mean": "reviewkit.wording",
    "format_path": "reviewkit.casefile.modelcheck",
    "type_label": "reviewkit.vocabulary",
    "months_between": "reviewkit.dates",
    "agency_labels": "reviewkit.anonymise.agencies",
    "block_text": "reviewkit.document",
    "agency_name": "reviewkit.model",
    "agency_short": "reviewkit.model",
    "episode_number": "reviewkit.model",
    "episode_label": "reviewkit.model",
    "recommendation_number": "reviewkit.model",
}


def test_each_small_helper_is_defined_once() -> None:
    found: dict[str, list[str]] = {}
    for name, path in module_files().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.name.lstrip("_") in HELPER_HOMES:
                found.setdefault(node.name.lstrip("_"), []).append(name)
    assert found == {helper: [home] for helper, home in HELPER_HOMES.items()}


# Private control-flow exceptions that never leave their module (see reviewkit/errors.py).
PRIVATE_EXCEPTIONS = {
    ("reviewkit/dates.py", "_Invalid"),
    ("reviewkit/cli/author_terminal.py", "_InputEnded"),
    ("reviewkit/chronology/xlsx.py", "_Damaged"),
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
