"""jiyue.forking.forked_imap: the linter's process pool (ordered results, errors, dead workers)."""

from __future__ import annotations

import os
import signal
import time

import pytest

from jiyue.forking import forked_imap


def _square_and_pid(x):
    if x % 7 == 0:
        time.sleep(0.002)  # uneven work: chunks finish out of order
    return x * x, os.getpid()


def test_results_in_order_from_several_processes():
    items = list(range(500))
    results = list(forked_imap(_square_and_pid, items, workers=3, chunksize=8))
    assert [r[0] for r in results] == [x * x for x in items]
    pids = {pid for _sq, pid in results}
    assert os.getpid() not in pids
    assert len(pids) >= 2  # the work really was shared


def test_fewer_items_than_workers_and_no_items():
    assert [r[0] for r in forked_imap(_square_and_pid, [3], workers=4, chunksize=64)] == [9]
    assert list(forked_imap(_square_and_pid, [], workers=4, chunksize=64)) == []


class Refused(ValueError):
    pass


def _fails_at_42(x):
    if x == 42:
        raise Refused(f"item {x}")
    return x


def test_an_exception_in_a_worker_is_raised_in_the_parent():
    got = []
    with pytest.raises(Refused, match="item 42"):
        got.extend(forked_imap(_fails_at_42, list(range(200)), workers=2, chunksize=10))
    assert got == list(range(40))  # the chunks before the failing one were delivered
    assert not _children_alive()


def _dies_at_42(x):
    if x == 42:
        os.kill(os.getpid(), signal.SIGKILL)
    return x


def test_a_worker_that_dies_is_an_error_not_a_hang():
    start = time.monotonic()
    with pytest.raises(RuntimeError, match="died"):
        list(forked_imap(_dies_at_42, list(range(200)), workers=2, chunksize=10))
    assert time.monotonic() - start < 30
    assert not _children_alive()


def _slow(x):
    time.sleep(0.01)
    return x


def test_closing_the_generator_early_stops_the_workers():
    gen = forked_imap(_slow, list(range(10_000)), workers=2, chunksize=4)
    assert next(gen) == 0
    gen.close()
    assert not _children_alive()


def _big(x):
    return "字" * 200_000  # results larger than a pipe's buffer


def test_results_larger_than_the_pipe():
    results = list(forked_imap(_big, list(range(20)), workers=2, chunksize=3))
    assert len(results) == 20 and all(len(r) == 200_000 for r in results)


def _children_alive() -> bool:
    """True while a child of this process is still running (a zombie counts as gone)."""
    return bool(_child_pids())


def _slow_pid(x):
    time.sleep(0.005)
    return os.getpid()


def test_workers_leave_ctrl_c_to_the_parent():
    """SIGINT sent to the workers (as Ctrl+C sends it to the whole process group) does not stop
    them: the parent alone decides, and stops them when it is interrupted itself."""
    gen = forked_imap(_slow_pid, list(range(400)), workers=2, chunksize=4)
    first = next(gen)
    for pid in {first, *(_child_pids())}:
        os.kill(pid, signal.SIGINT)
    rest = list(gen)
    assert len(rest) == 399
    assert not _children_alive()


def _child_pids() -> list[int]:
    """The running children of this process (zombies left out)."""
    me = os.getpid()
    found = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open(f"/proc/{pid}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == me and fields[0] != "Z":
                found.append(int(pid))
    return found
