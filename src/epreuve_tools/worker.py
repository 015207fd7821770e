"""A worker process forked at the very start of `epreuve check`, to analyse the few changed files.

A re-check of a large tree whose files are nearly all cached spends ~150 ms deciding what changed
(walk, stat, cache), and analysing even one file first costs ~130 ms of imports and warm-up
(YAML, Markdown, the validators, the judge). Forked before anything else, this worker pays them
on the second core while the main process works out what changed; it then analyses what it is
sent. It is a bare `os.fork` with two pipes: `multiprocessing` alone costs ~30 ms to import and
start a pool, most of the time there is to save.

Protocol: the parent sends every request (marshal of `(key, data, opt_in, settings)`), then an end mark,
then reads one answer per request (marshal of `(key, encoded analysis, crash)`). The worker reads
all requests before answering, so neither side can block the other on a full pipe.

The worker dies with its parent, whatever it is doing: a CI job's timeout SIGKILLs `check`, and a
worker left parsing a large file would live on as an orphan holding its memory. On Linux the
kernel sends it SIGKILL when the parent dies (`PR_SET_PDEATHSIG`); elsewhere a watchdog thread
waits on a pipe whose only writer is the parent, and ends the process when that pipe closes.
"""

from __future__ import annotations

import contextlib
import gc
import marshal
import os
import select
import signal
import struct
import sys
import threading
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from epreuve_tools.results import Analysed, Row
from epreuve_tools.settings import DEFAULT_SETTINGS, RuleSettings

_LENGTH = struct.Struct("<Q")
_END = 0  # a frame of length 0 ends the requests


def available_cpus() -> int:
    """The processors this process may run on (a container's CPU set, not the machine's)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def fork_available() -> bool:
    """Whether this process may fork workers: not on macOS, whose system libraries are not fork-safe
    without exec, nor Windows, which has no fork; nor while other threads run (`epreuve site serve`
    serves pages while it rebuilds): a lock one of them holds at the fork (stderr's, logging's)
    would stay locked forever in the child."""
    return hasattr(os, "fork") and sys.platform != "darwin" and threading.active_count() == 1


class WorkerError(Exception):
    """The worker died or answered nonsense: the caller analyses in-process instead."""


class EarlyWorker:
    def __init__(self) -> None:
        self.pid = 0
        self._to_child: BinaryIO | None = None
        self._from_child: BinaryIO | None = None
        self._lifeline = -1  # the write end of the pipe the worker watches, held until it is stopped

    @classmethod
    def start(cls) -> EarlyWorker | None:
        if not fork_available():
            return None
        worker = cls()
        requests_read, requests_write = os.pipe()
        answers_read, answers_write = os.pipe()
        # nothing is ever written to it: the worker sees it close when the parent dies
        lifeline_read, lifeline_write = os.pipe()
        parent = os.getpid()
        sys.stdout.flush()
        sys.stderr.flush()
        try:
            pid = os.fork()
        except OSError:
            for descriptor in (
                requests_read,
                requests_write,
                answers_read,
                answers_write,
                lifeline_read,
                lifeline_write,
            ):
                os.close(descriptor)
            return None
        if pid == 0:  # the child never returns into the caller's code
            code = 1
            try:
                os.close(lifeline_write)
                _die_with_parent(parent, lifeline_read)
                os.close(requests_write)
                os.close(answers_read)
                code = _serve(requests_read, answers_write)
            finally:
                os._exit(code)
        os.close(requests_read)
        os.close(answers_write)
        os.close(lifeline_read)
        worker.pid = pid
        worker._lifeline = lifeline_write
        worker._to_child = os.fdopen(requests_write, "wb")
        worker._from_child = os.fdopen(answers_read, "rb")
        return worker

    def analyse(
        self,
        items: Iterable[tuple[str, bytes]],
        opt_in: frozenset[str],
        settings: RuleSettings = DEFAULT_SETTINGS,
    ) -> Iterator[tuple[str, Analysed]]:
        """Send every item, then yield the analyses. Raises WorkerError if the worker failed."""
        if self._to_child is None or self._from_child is None:
            raise WorkerError("worker already used")
        keys = []
        wire = (tuple(sorted(opt_in)), settings.to_wire())
        try:
            for key, data in items:
                keys.append(key)
                _write_frame(self._to_child, marshal.dumps((key, data, *wire)))
            self._to_child.write(_LENGTH.pack(_END))
            self._to_child.close()
            self._to_child = None
        except OSError as error:
            raise WorkerError(str(error)) from error
        for _ in keys:
            frame = _read_frame(self._from_child)
            if frame is None:
                raise WorkerError("the worker stopped")
            try:
                key, facts, notes, crash = marshal.loads(frame)
            except (EOFError, ValueError, TypeError) as error:
                raise WorkerError(str(error)) from error
            if not _row_shaped(facts, notes, crash):
                raise WorkerError("the worker answered something else than an analysis")
            yield key, Analysed(Row(facts, notes), crash)

    def close(self) -> None:
        for stream in (self._to_child, self._from_child):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        self._to_child = self._from_child = None
        if self._lifeline >= 0:
            with contextlib.suppress(OSError):
                os.close(self._lifeline)
            self._lifeline = -1
        if self.pid:
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.waitpid(self.pid, 0)
            self.pid = 0


_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _die_with_parent(parent: int, lifeline: int) -> None:
    """Make sure this forked worker ends when `parent` does, even in the middle of a parse."""
    if sys.platform.startswith("linux") and _kill_on_parent_death():
        os.close(lifeline)
    else:
        threading.Thread(target=_watch, args=(lifeline,), name="epreuve-watchdog", daemon=True).start()
    # the parent may have died between the fork and the request: then no signal will ever come
    if os.getppid() != parent:
        os._exit(1)


def _kill_on_parent_death() -> bool:
    """Ask Linux to SIGKILL this process when its parent dies; False if that cannot be asked."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)) == 0
    except (OSError, AttributeError, ImportError):  # no libc symbol, no ctypes: the watchdog then
        return False


def _watch(lifeline: int) -> None:
    """Block until the parent's end of `lifeline` closes (it never writes), then end the process.

    A read also returns when the parent closes it on purpose (`close`), which it only does when it
    stops the worker anyway."""
    with contextlib.suppress(OSError):
        while os.read(lifeline, 1):
            pass
    os._exit(1)


def _row_shaped(facts: object, notes: object, crash: object) -> bool:
    """Whether an answer holds what `Analysed` does: facts as bytes, notes as (findings, waivers)."""
    return (
        (facts is None or isinstance(facts, bytes))
        and (notes is None or (isinstance(notes, tuple) and len(notes) == 2))
        and (crash is None or isinstance(crash, str))
    )


def _write_frame(stream: BinaryIO, payload: bytes) -> None:
    stream.write(_LENGTH.pack(len(payload)))
    stream.write(payload)


def _read_frame(stream: BinaryIO) -> bytes | None:
    header = stream.read(_LENGTH.size)
    if len(header) != _LENGTH.size:
        return None
    (length,) = _LENGTH.unpack(header)
    payload = stream.read(length)
    return payload if len(payload) == length else None


def _serve(requests_fd: int, answers_fd: int) -> int:
    # Ctrl-C reaches the whole process group: the parent reports it, this one just ends with it
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.enable()  # whatever the parent chose for itself: parsing makes short-lived cycles
    for _ in warm_up():
        if select.select([requests_fd], [], [], 0)[0]:
            break  # work has come: what is not warm yet is loaded when that work needs it
    with os.fdopen(requests_fd, "rb") as requests, os.fdopen(answers_fd, "wb") as answers:
        pending = []
        while (frame := _read_frame(requests)) is not None and frame:
            pending.append(marshal.loads(frame))
        from epreuve_tools.analysis import analyse_epreuve

        for key, data, opt_in, settings in pending:
            done = Analysed.of(analyse_epreuve(data, frozenset(opt_in), RuleSettings.from_wire(settings)))
            _write_frame(answers, marshal.dumps((key, done.row.facts, done.row.notes, done.crash)))
    return 0


def warm_up() -> Iterator[None]:
    """Import and exercise everything an analysis uses, so that the first real file does not pay;
    step by step (the most common types first), so that the caller can stop when work comes."""
    from epreuve_tools.analysis import analyse_epreuve
    from epreuve_tools.kinds import EpreuveType
    from epreuve_tools.skeleton import skeleton

    yield
    for kind in EpreuveType:
        text = skeleton(kind, epreuve_id="echauffement", competence="1.1", tube="@tube", level=1)
        analyse_epreuve(text.encode())
        yield
