"""Real names typed in free text: found by `check` and `import`, replaced in every output,
written over by `pseudonymise`."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from typer.testing import Result

from reviewkit.casefile import CaseStore, find_real_names, load_case, load_yaml, with_report_names
from reviewkit.casefile.pseudonymise import plan_pseudonymise
from reviewkit.cli.output import INTERACTIVE_ENV
from reviewkit.names import people_vocabulary
from reviewkit.reports import report_kinds

from conftest import ELLIS, FIXTURES, invoke

# (where, the text planted, the report name it becomes). Every form: a possessive, ALL CAPS,
# a hyphenated surname, aliases, a first name alone, full names, a title and surname.
PLANTED: list[tuple[tuple[Any, ...], str, str]] = [
    (("events", 0, "summary"), "Kerry's", "Mother's"),
    (("events", 1, "details"), "JADE THORNTON", "Chloe"),
    (("events", 2, "outcome"), "Mr Campbell", "Father"),
    (("events", 3, "analysis"), "Kai-Kai", "Mason"),
    (("events", 4, "details"), "Jason", "Mother's partner"),
    (("events", 5, "child_words"), "Mara", "Ruby"),
    (("events", 6, "summary"), "Kai Campbell", "Mason"),
    (("events", 7, "details"), "Campbell-Thornton", "Mason"),
    (("interviews", 0, "notes"), "Sandra Thornton", "Maternal grandmother"),
    (("interviews", 0, "quotes", 0, "text"), "Jay", "Mother's partner"),
    (("episodes", 0, "known"), "Amara", "Ruby"),
    (("episodes", 1, "learning"), "Dwayne Anthony Campbell", "Father"),
    (("episodes", 2, "what_happened"), "KERRY", "Mother"),
    (("themes", 0, "analysis"), "Pritchard's", "Mother's partner's"),
    (("themes", 1, "learning"), "Kez", "Mother"),
    (("themes", 2, "good_practice"), "Kerry Anne Thornton", "Mother"),
    (("conclusions",), "Sandie", "Maternal grandmother"),
    (("recommendations", 0, "text"), "Craig Mellor", "Father of Chloe"),
    (("agency_returns", 0, "involvement"), "Jadey", "Chloe"),
    (("review", "background"), "Jason Pritchett", "Mother's partner"),
]


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        data = data[key]
    return data


def _set(data: Any, path: tuple[Any, ...], value: Any) -> None:
    _get(data, path[:-1])[path[-1]] = value


def planted_case(folder: Path) -> Path:
    """A copy of the large sample with a real name or alias in twenty free-text fields."""
    data = load_yaml(ELLIS).data
    data["agency_returns"] = [
        {"agency": data["agencies"][0]["id"], "involvement": "Contact with the family."}
    ]
    for path, name, _ in PLANTED:
        before = _get(data, path[:-1]).get(path[-1]) if len(path) > 1 else data.get(path[0])
        before = (before or "").rstrip()
        sentence = f"On the visit, {name} was seen at home."
        _set(data, path, f"{before}\n{sentence}" if before else sentence)
    path = folder / "case.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def real_names_in(text: str, case: Path) -> list[str]:
    """What each real name found in a text is (never the name): empty when there are none."""
    vocab = people_vocabulary(load_case(case, report_names=False).case)
    return [h.describe for h in vocab.find(text)]


def docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.fixture
def planted(tmp_path: Path) -> Path:
    return planted_case(tmp_path)


def test_check_lists_every_planted_name_where_it_is(planted: Path) -> None:
    result = invoke("check", planted)
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stderr.splitlines() if "`reviewkit pseudonymise" in line]
    assert len(lines) == len(PLANTED)
    source = planted.read_text(encoding="utf-8").splitlines()
    located = {}
    for line in lines:
        where, _, message = line.partition(": warning: ")
        _, row, column = where.rsplit(":", 2)
        field, _, what = message.partition(": ")
        located[field] = (source[int(row) - 1][int(column) - 1 :], what)
    for path, name, label in PLANTED:
        field = re.sub(r"\.(\d+)", r"[\1]", ".".join(str(p) for p in path))
        at, what = located[field]
        assert at.replace("''", "'").startswith(name), field  # as YAML quotes it
        assert f"write '{label}' instead, or run `reviewkit pseudonymise CASE`" in what
        assert name not in what  # the message never holds the real name


@pytest.mark.slow  # builds every report kind of the large sample
def test_outputs_print_report_names_before_pseudonymise(planted: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    texts: list[str] = []
    for kind in report_kinds():
        result = invoke("build", planted, "--kind", kind, "-f", "md,docx", "-o", out)
        texts += [result.stdout, result.stderr]
        if kind.startswith("case-study"):
            assert result.exit_code == 2  # built only from an anonymised case
            continue
        assert result.exit_code == 0, result.output
        assert "a real name is printed as" in result.stderr
        for written in out.glob(f"*-{kind}.*"):
            texts.append(
                docx_text(written) if written.suffix == ".docx" else written.read_text("utf-8")
            )
    for args in (
        ["--format", "table"],
        ["--format", "csv"],
        ["--format", "md"],
        ["--summary"],
        ["--provenance"],
    ):
        result = invoke("timeline", planted, *args, env={"COLUMNS": "400"})
        assert result.exit_code == 0, result.output
        texts += [result.stdout, result.stderr]
    stderr = invoke("timeline", planted).stderr
    assert 'warning: events[0].summary: a real name is printed as "Mother\'s"' not in stderr
    assert "warning: events[0].summary: a real name is printed as 'Mother's'" in stderr
    assert f"run `reviewkit pseudonymise {planted}`" in stderr
    everything = "\n".join(texts)
    assert real_names_in(everything, planted) == []
    for _, name, _ in PLANTED:
        assert name not in everything
    assert "On the visit, Mother's partner was seen at home." in everything


@pytest.mark.slow  # builds every report kind of the large sample
def test_pseudonymise_yes_removes_every_one(planted: Path) -> None:
    result = invoke("pseudonymise", planted, "--yes")
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(
        f"{planted}: 20 changes made in 20 fields (previous version: case.yaml.bak).\n"
    )
    for _, name, _ in PLANTED:
        assert f" {name} " not in result.stdout.replace("[", " ").replace("]", " ")
    assert find_real_names(load_case(planted, report_names=False).case) == []
    check = invoke("check", planted)
    assert check.exit_code == 0 and "`reviewkit pseudonymise" not in check.stderr
    data = load_yaml(planted).data
    for path, _, label in PLANTED:
        assert f"On the visit, {label} was seen at home." in _get(data, path)
    assert (planted.parent / "case.yaml.bak").exists()


# --- finding ------------------------------------------------------------------------------------

ANON = FIXTURES / "anon-case.yaml"


def test_a_common_word_name_counts_only_where_it_is_a_name(tmp_path: Path) -> None:
    case = load_case(ANON, report_names=False).case
    person = next(i for i, p in enumerate(case.people) if p.real_name == "Will Pryce")
    rename = case.people[person].name
    texts = {
        "Will the school be told? It will.": [],
        "Will Pryce was there.": [rename],
        "Mother said Will had left.": [rename],
        "E-mail will.pryce@example.com or Will.": [rename],
    }
    for text, labels in texts.items():
        events = [case.events[0].model_copy(update={"summary": text})]
        copy = case.model_copy(update={"events": events})
        found = [h for h in find_real_names(copy) if h.path == ("events", 0, "summary")]
        assert [h.replacement for h in found] == labels, text


def test_with_report_names_keeps_possessives_and_the_file(tmp_path: Path) -> None:
    case = load_case(ANON, report_names=False).case
    renamed, notices = with_report_names(case)
    assert case.events[0].summary.startswith("Jayden born")
    assert renamed.events[0].summary == (
        "Child J born at St Cuthbert's Hospital; Priya Lakshmanan visited Mother's home."
    )
    assert notices[0].where == "review.title"
    assert notices[0].message == "a real name is printed as 'Child J'"
    # Real names and aliases are kept: the scan and the next run look for them.
    assert [(p.real_name, p.aliases) for p in renamed.people] == [
        (p.real_name, p.aliases) for p in case.people
    ]


# --- pseudonymise -------------------------------------------------------------------------------


def test_pseudonymise_refuses_without_a_terminal_and_changes_nothing(planted: Path) -> None:
    before = planted.read_text(encoding="utf-8")
    result = invoke("pseudonymise", planted)
    assert result.exit_code == 2
    assert result.stderr == (
        "reviewkit: 20 changes to make in 20 fields, and no terminal to ask on; run again "
        "with --yes to apply them.\n"
    )
    assert planted.read_text(encoding="utf-8") == before


@pytest.mark.slow  # builds every report kind of the large sample
def test_pseudonymise_asks_and_shows_each_change_masked(planted: Path) -> None:
    before = planted.read_text(encoding="utf-8")
    result = invoke("pseudonymise", planted, input="n\n", env={INTERACTIVE_ENV: "1"})
    assert result.exit_code == 0, result.output
    assert (
        "events[0].summary:\n"
        "  - ...ged 3, present. On the visit, [the first name of Mother]'s was seen at home.\n"
        "  + ...ged 3, present. On the visit, Mother's was seen at home.\n"
    ) in result.stdout
    assert result.stdout.endswith("Apply 20 changes? [y/N]: n\nNothing was changed.\n")
    assert planted.read_text(encoding="utf-8") == before
    yes = invoke("pseudonymise", planted, input="y\n", env={INTERACTIVE_ENV: "1"})
    assert yes.exit_code == 0, yes.output
    assert find_real_names(load_case(planted, report_names=False).case) == []


def test_pseudonymise_keeps_comments_and_block_text(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    text = ANON.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    plan = plan_pseudonymise(CaseStore(path))
    assert len(plan.changes) > 40
    assert invoke("pseudonymise", path, "--yes").exit_code == 0
    after = path.read_text(encoding="utf-8")
    comments = [line for line in text.splitlines() if line.lstrip().startswith("#")]
    assert comments == [line for line in after.splitlines() if line.lstrip().startswith("#")]
    assert "    On 1 June 2021 Child J was taken to St Cuthbert's Hospital by Father.\n" in after
    assert "will.pryce@example.com" in after  # an address is an identifier, not a name


def test_nothing_to_pseudonymise() -> None:
    result = invoke("pseudonymise", ELLIS)
    assert result.exit_code == 0
    assert result.stdout == f"{ELLIS}: no real names in the free text; nothing to change.\n"


# --- import and authoring -----------------------------------------------------------------------


def _import_hv_with(tmp_path: Path, written: str) -> tuple[Path, Result]:
    """A dry-run import of the HV return whose first row says `written` after "HV shared"."""
    rows = (FIXTURES / "chronology-hv.csv").read_text("utf-8").splitlines()
    rows[1] = rows[1].replace("HV shared the missed", f"HV shared {written} missed")
    chronology = tmp_path / "hv.csv"
    chronology.write_text("\n".join(rows) + "\n", encoding="utf-8")
    case = FIXTURES / "chronology-case.yaml"
    result = invoke("import", case, chronology, "--agency", "hv", "--dry-run")
    assert result.exit_code == 0, result.output
    return chronology, result


def test_import_reports_real_names_per_row(tmp_path: Path) -> None:
    chronology, result = _import_hv_with(tmp_path, "Kacey's")
    assert (
        f"{chronology}:2: warning: column 'Analysis': the first name of Child K is written "
        "here; reports print 'Child K's' instead (after importing, `reviewkit pseudonymise "
        "CASE` changes it in the case file too)\n"
    ) in result.stderr
    assert "Kacey" not in result.output


def test_a_name_written_twice_in_one_cell_is_one_warning_that_says_so(tmp_path: Path) -> None:
    chronology, result = _import_hv_with(tmp_path, "Kacey's and Kacey's")
    warned = [line for line in result.stderr.splitlines() if "Child K" in line]
    assert warned == [
        f"{chronology}:2: warning: column 'Analysis': the first name of Child K is written "
        "here twice; reports print 'Child K's' instead (after importing, `reviewkit "
        "pseudonymise CASE` changes it in the case file too)"
    ]


def test_author_screens_show_report_names_and_save_only_answers(tmp_path: Path) -> None:
    from reviewkit.authoring.questions import load_questions
    from reviewkit.authoring.session import Session

    path = tmp_path / "case.yaml"
    path.write_text(ANON.read_text(encoding="utf-8"), encoding="utf-8")
    store = CaseStore(path)
    session = Session(store, load_questions(None))
    section = next(s for s in session.sections() if s.kind == "episode")
    assert section.title == "The visit when Child J met Priya"
    shown = repr(session.evidence(section))
    assert real_names_in(shown, path) == []
    assert "Child J" in shown
    assert store.case.episodes[0].title == "The visit when Jayden met Priya"  # the file's text
