"""Chunks shared between this process and forked copies give what one process gives.

`in_chunks` runs a long job's chunks in copies of this process where it can; whatever the
copies do (finish, fail, get killed), the results are those of running every chunk here in
turn, and no copy is left behind. A `Job` started early and joined later (or never) is
held to the same. The anonymiser's chronology walk uses it: its output is
held to the same bytes as the plain walk's.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
import yaml
from anon_corpus.plants import corpus_case

from reviewkit import parallel
from reviewkit.anonymise import Options, anonymise_file

ROOT = Path(__file__).resolve().parent.parent
PARENT = os.getpid()


@pytest.fixture
def copies(monkeypatch: pytest.MonkeyPatch) -> None:
    """Small chunks and four processors, whatever the machine has."""
    monkeypatch.setattr(parallel, "CHUNK_MIN", 3)
    monkeypatch.setattr(parallel, "processors", lambda: 4)


def _no_children_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True  # no child at all, running or ended
    return False


def _squares(start: int, end: int) -> tuple[list[int], int]:
    return [i * i for i in range(start, end)], os.getpid()


def _slow_squares(start: int, end: int) -> tuple[list[int], int]:
    time.sleep(0.05)  # long enough for the copies to start and take their share
    return _squares(start, end)


@pytest.mark.usefixtures("copies")
def test_chunks_come_back_in_order_from_copies() -> None:
    results = list(parallel.in_chunks(20, _slow_squares))
    assert [x for items, _ in results for x in items] == [i * i for i in range(20)]
    assert len(results) == len(parallel.chunk_bounds(20, 4)) - 1
    pids = {pid for _, pid in results}
    assert PARENT in pids  # this process takes chunks too
    assert len(pids) > 1  # and so do the copies
    assert _no_children_left()


@pytest.mark.usefixtures("copies")
def test_a_slow_process_takes_fewer_chunks() -> None:
    def run(start: int, end: int) -> tuple[list[int], int]:
        time.sleep(0.2 if os.getpid() == PARENT else 0.01)
        return _squares(start, end)

    results = list(parallel.in_chunks(20, run))
    assert [x for items, _ in results for x in items] == [i * i for i in range(20)]
    here = sum(pid == PARENT for _, pid in results)
    assert here < len(results) / 4  # a fixed share would have given it a quarter at least
    assert _no_children_left()


@pytest.mark.usefixtures("copies")
def test_a_failing_copy_has_its_chunk_run_here() -> None:
    def run(start: int, end: int) -> list[int]:
        if os.getpid() != PARENT and start >= 10:
            raise RuntimeError("copy fails")
        if os.getpid() != PARENT and start >= 5:
            os._exit(3)  # killed, in effect: no result at all
        return list(range(start, end))

    assert [x for part in parallel.in_chunks(20, run) for x in part] == list(range(20))
    assert _no_children_left()


@pytest.mark.usefixtures("copies")
def test_an_error_is_raised_here_as_the_plain_way_raises_it() -> None:
    def run(start: int, end: int) -> list[int]:
        if start >= 10:
            raise ValueError(f"bad chunk {start}")
        return list(range(start, end))

    first_bad = min(start for start in parallel.chunk_bounds(20, 4)[:-1] if start >= 10)
    with pytest.raises(ValueError, match=f"bad chunk {first_bad}$"):
        list(parallel.in_chunks(20, run))
    assert _no_children_left()


@pytest.mark.usefixtures("copies")
def test_a_job_started_early_is_joined_with_the_same_results() -> None:
    job = parallel.Job(20, _slow_squares)
    time.sleep(0.3)  # this process does something else: the copies take every chunk
    results = list(job.results())
    assert [x for items, _ in results for x in items] == [i * i for i in range(20)]
    assert {pid for _, pid in results} - {PARENT}  # the copies' work, joined
    assert _no_children_left()


@pytest.mark.usefixtures("copies")
def test_a_job_never_joined_ends_its_copies_when_closed() -> None:
    def run(start: int, end: int) -> list[int]:
        time.sleep(30)  # as a copy blocked writing to a pipe nobody reads
        return list(range(start, end))

    job = parallel.Job(20, run)
    pids = [copy[0] for copy in job.copies if copy is not None]
    assert len(pids) == 3
    started = time.monotonic()
    job.close()
    assert time.monotonic() - started < 5
    assert _no_children_left()
    job.close()  # done once: a second close changes nothing


@pytest.mark.usefixtures("copies")
def test_a_copy_made_later_runs_a_job_of_this_process_itself() -> None:
    job = parallel.Job(20, _slow_squares)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # a copy made for another job: it must not take this one's chunks
        os.close(read)
        items = [x for part, _ in job.results() for x in part]
        job.close()  # not its copies to end
        os.write(write, b"same" if items == [i * i for i in range(20)] else b"other")
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        said = pipe.read()
    os.waitpid(pid, 0)
    assert said == b"same"
    results = list(job.results())  # this process's copies were left alone
    assert [x for items, _ in results for x in items] == [i * i for i in range(20)]
    assert _no_children_left()


@pytest.mark.parametrize("count", [2, 3, 7, 20, 1_000, 4_001, 20_000, 3_000_000])
@pytest.mark.parametrize("shares", [2, 3, 4])
def test_the_chunks_cover_every_item_once_large_ones_first(count: int, shares: int) -> None:
    bounds = parallel.chunk_bounds(count, shares)
    assert bounds[0] == 0 and bounds[-1] == count
    sizes = [end - start for start, end in zip(bounds, bounds[1:], strict=False)]
    assert min(sizes) >= 1
    assert sizes[:-1] == sorted(sizes[:-1], reverse=True)  # the last may be what is left
    assert len(sizes) <= 255  # one byte a chunk's number
    if count >= 1_000:  # long enough to show: few chunks, and a small last one
        assert len(sizes) <= 8 * shares
        assert sizes[0] == count // (2 * shares)
        assert max(sizes[-2:]) <= count // (shares * parallel.SMALLEST) + 1


def test_without_fork_or_a_second_processor_every_chunk_runs_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(parallel, "CHUNK_MIN", 3)
    monkeypatch.setattr(parallel, "processors", lambda: 1)
    assert [pid for _, pid in parallel.in_chunks(20, _squares)] == [PARENT]
    monkeypatch.setattr(parallel, "processors", lambda: 4)
    monkeypatch.delattr(os, "fork")
    assert [pid for _, pid in parallel.in_chunks(20, _squares)] == [PARENT]


@pytest.mark.parametrize(
    "case",
    ["corpus", "sample_cases/lcspr-ellis-family/case.yaml"],
)
def test_the_anonymised_chronology_is_the_same_walked_in_copies(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if case == "corpus":
        path = tmp_path / "corpus.yaml"
        data, _ = corpus_case()
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    else:
        path = ROOT / case
    options = Options(offset_days=-7 * 100, output_name="anon.yaml")
    monkeypatch.setattr(parallel, "processors", lambda: 1)
    plain = anonymise_file(path, options)
    monkeypatch.setattr(parallel, "processors", lambda: 4)
    monkeypatch.setattr(parallel, "CHUNK_MIN", 2)
    shared = anonymise_file(path, options)
    assert shared.text == plain.text
    assert shared.report == plain.report
    assert shared.audit == plain.audit
    assert shared.replacements == plain.replacements
    assert shared.unread_dates == plain.unread_dates
    assert _no_children_left()


def test_the_output_scan_finds_the_same_in_copies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reviewkit.anonymise.anonymiser import _check_output, _scan_output
    from reviewkit.anonymise.names import build_vocabulary
    from reviewkit.casefile import load_case

    case_path = ROOT / "sample_cases/lcspr-ellis-family/case.yaml"
    case = load_case(case_path).case
    vocab = build_vocabulary(case, labels={p.id: p.name for p in case.people})
    text = anonymise_file(case_path, Options(offset_days=-700, output_name="a.yaml")).text
    # Leaks and words to review, planted in records far apart, so that each chunk has some.
    real = next(p.real_name for p in case.people if p.real_name)
    lines = text.splitlines()
    plain_values = [n for n, line in enumerate(lines) if re.match(r" +summary: [A-Za-z]", line)]
    assert len(plain_values) > 20
    for n in plain_values[:: len(plain_values) // 6]:
        lines[n] += f" {real} met Quillfeather at 12 Acacia Road, LS1 4AP."
    text = "\n".join(lines) + "\n"
    written = _check_output(text, "a.yaml")
    monkeypatch.setattr(parallel, "processors", lambda: 1)
    plain = _scan_output(text, written, "a.yaml", vocab)
    monkeypatch.setattr(parallel, "processors", lambda: 4)
    monkeypatch.setattr(parallel, "CHUNK_MIN", 50)
    shared = _scan_output(text, written, "a.yaml", vocab)
    assert len(plain.hits) >= 3 and any(w.word == "Quillfeather" for w in plain.review)
    assert shared.hits == plain.hits
    assert shared.doubtful == plain.doubtful
    assert shared.review == plain.review
    assert all(h.where[0].isdigit() and "#" not in h.where for h in shared.hits)
    assert _no_children_left()
