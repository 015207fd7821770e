"""The early worker dies with `epreuve check`, whatever it is doing: a CI job's timeout SIGKILLs
the command, and a worker left parsing would live on as an orphan holding its memory."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from epreuve_tools.worker import fork_available
from tests.conftest import VALID_QCU, epreuve_executable

Tree = Callable[..., Path]

pytestmark = pytest.mark.skipif(
    not fork_available() or not sys.platform.startswith("linux"), reason="reads /proc; no fork here"
)

PARAGRAPH = "Un paragraphe de consigne avec du **gras**, un [lien](https://exemple.fr) et `du code`.\n\n"


def _heavy(index: int) -> str:
    """A valid épreuve of about 130 kB, within the parser's bounds (PARSE-012): ~0.2 s of parsing."""
    return VALID_QCU.format(id=f"lourde-{index:03d}") + PARAGRAPH * 1500


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # ended while we looked
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    """Running, not merely a zombie waiting for a reaper (PID 1 of a container may never reap)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def _cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def test_the_worker_dies_when_check_is_killed_while_it_parses(make_tree: Tree, tmp_path: Path) -> None:
    # fewer than the analyser's PARALLEL_THRESHOLD: they all go to the early worker (~30 s of work)
    make_tree({f"epreuves/e{index:03d}.md": _heavy(index) for index in range(150)})
    environment = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "user-cache")}
    command = subprocess.Popen(
        [epreuve_executable(), "check", "--jobs", "2", "content"],
        cwd=tmp_path,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        workers: list[int] = []
        while not workers and time.monotonic() < deadline and command.poll() is None:
            workers = _children(command.pid)
            time.sleep(0.02)
        assert workers, "no early worker was forked"
        (worker,) = workers
        # let it get well into the files (its warm-up alone takes a fraction of a second)
        ticks = _cpu_ticks(worker)
        while _cpu_ticks(worker) - ticks < 150 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert command.poll() is None, "the check ended before it could be killed"
        assert _alive(worker)
        command.send_signal(signal.SIGKILL)
        command.wait(timeout=10)
        gone_by = time.monotonic() + 2
        while _alive(worker) and time.monotonic() < gone_by:
            time.sleep(0.02)
        still_alive = _alive(worker)
        if still_alive:  # do not leave the orphan behind for the next tests
            os.kill(worker, signal.SIGKILL)
        assert not still_alive, "the worker outlived the killed command"
    finally:
        if command.poll() is None:
            command.kill()
            command.wait()


_SCRIPT = """
import sys
from epreuve_tools import worker
if sys.argv[1] == "watchdog":
    worker._kill_on_parent_death = lambda: False  # as on a system without PR_SET_PDEATHSIG
early = worker.EarlyWorker.start()
print(early.pid, flush=True)
heavy = sys.stdin.buffer.read()
for _ in early.analyse([(str(n), heavy) for n in range(150)], frozenset()):
    pass
"""


@pytest.mark.parametrize("way", ["prctl", "watchdog"])
def test_the_worker_dies_with_its_parent_either_way(way: str) -> None:
    parent = subprocess.Popen(
        [sys.executable, "-c", _SCRIPT, way],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
    )
    try:
        assert parent.stdin is not None
        assert parent.stdout is not None
        parent.stdin.write(_heavy(0).encode())
        parent.stdin.close()
        worker = int(parent.stdout.readline())
        deadline = time.monotonic() + 30
        ticks = _cpu_ticks(worker)
        while _cpu_ticks(worker) - ticks < 100 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _alive(worker)
        parent.kill()
        parent.wait(timeout=10)
        gone_by = time.monotonic() + 2
        while _alive(worker) and time.monotonic() < gone_by:
            time.sleep(0.02)
        still_alive = _alive(worker)
        if still_alive:
            os.kill(worker, signal.SIGKILL)
        assert not still_alive, f"the worker outlived its parent ({way})"
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
        if parent.stdout is not None:
            parent.stdout.close()
