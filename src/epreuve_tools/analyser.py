"""Where files the cache does not know are analysed: the process policy of `epreuve check`, decided
once when the command starts and closed once when it ends.

- Many files (≥ PARALLEL_THRESHOLD) go to a pool forked on every usable processor.
- A few go to the early worker (`worker.py`), forked before anything else so that it imports the
  parsers on the second core while this process works out what changed.
- Otherwise, or when the worker died, they are analysed here.
The cyclic garbage collector: a re-check holds ~300,000 acyclic objects read from the cache, which
the collector would walk again and again for nothing (~40 ms of a 200 ms run); so the command turns
it off and the analysis turns it back on only where files are parsed (short-lived cycles).
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from types import TracebackType

from epreuve_tools.results import Analysed
from epreuve_tools.settings import DEFAULT_SETTINGS, RuleSettings
from epreuve_tools.worker import EarlyWorker, WorkerError, available_cpus, fork_available

# Below this many files to analyse, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 200
# More processes than this contend for memory bandwidth more than they parse.
MAX_WORKERS = 8

_Item = tuple[str, bytes, frozenset[str], RuleSettings]  # content key, bytes, opt-in rule codes, settings


class Analyser:
    def __init__(
        self,
        jobs: int | None = None,
        *,
        early: EarlyWorker | None = None,
        parallel_threshold: int = PARALLEL_THRESHOLD,
    ) -> None:
        self.workers = jobs if jobs is not None else min(available_cpus(), MAX_WORKERS)
        self.parallel_threshold = parallel_threshold
        self.can_fork = self.workers > 1 and fork_available()
        self._early = early
        self._owns_collector = False

    @classmethod
    def for_command(cls, jobs: int | None, *, use_cache: bool) -> Analyser:
        """The policy of one `epreuve check` process: call it first, while the process is small
        and single-threaded (it forks), and close it last (it freezes what is left for exit)."""
        processors = jobs if jobs is not None else available_cpus()
        # with a cache, the few changed files go to the early worker; on one processor it would
        # only compete with this process
        early = EarlyWorker.start() if use_cache and processors > 1 else None
        analyser = cls(jobs, early=early)
        gc.disable()
        analyser._owns_collector = True
        return analyser

    def __enter__(self) -> Analyser:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def analyse(
        self,
        pending: dict[str, bytes],
        opt_in: frozenset[str],
        settings: RuleSettings = DEFAULT_SETTINGS,
    ) -> Iterator[tuple[str, Analysed]]:
        """(content key, analysis) for each of `pending`, in no particular order."""
        if not pending:
            return
        items = [(key, data, opt_in, settings) for key, data in pending.items()]
        if self.can_fork and len(pending) >= self.parallel_threshold:
            self.stop_worker()
            yield from self._pool(items)
        elif self._early is not None:
            yield from self._in_early_worker(items, opt_in, settings)
        else:
            yield from _in_process(items)

    def stop_worker(self) -> None:
        if self._early is not None:
            self._early.close()
            self._early = None

    def close(self) -> None:
        self.stop_worker()
        if self._owns_collector:
            self._owns_collector = False
            gc.freeze()  # what is left is freed at exit: spare the interpreter's last full collection
            gc.enable()

    def _in_early_worker(
        self, items: list[_Item], opt_in: frozenset[str], settings: RuleSettings
    ) -> Iterator[tuple[str, Analysed]]:
        assert self._early is not None
        done: set[str] = set()
        try:
            requests = ((key, data) for key, data, _, _ in items)
            for key, analysis in self._early.analyse(requests, opt_in, settings):
                done.add(key)
                yield key, analysis
        except WorkerError:
            pass  # it died (killed, out of memory): what it did not answer is analysed here
        finally:
            self.stop_worker()
        yield from _in_process(item for item in items if item[0] not in done)

    def _pool(self, items: list[_Item]) -> Iterator[tuple[str, Analysed]]:
        import multiprocessing

        from epreuve_tools.schema.validate import fast_validator

        fast_validator("epreuve")  # loaded once here, inherited by the forked workers
        # small enough that when the queue runs dry the last chunks end together: a worker left
        # alone with a long chunk is a processor idle (10,000 files: chunks of ~150, not ~600)
        chunksize = max(8, len(items) // (self.workers * 32))
        with multiprocessing.get_context("fork").Pool(self.workers, initializer=gc.enable) as pool:
            yield from pool.imap_unordered(_analyse_item, items, chunksize=chunksize)


def _analyse_item(item: _Item) -> tuple[str, Analysed]:
    from epreuve_tools.analysis import analyse_epreuve

    key, data, opt_in, settings = item
    return key, Analysed.of(analyse_epreuve(data, opt_in, settings))


def _in_process(items: Iterable[_Item]) -> Iterator[tuple[str, Analysed]]:
    """Analyse here, with the cyclic garbage collector on (parsing makes short-lived cycles)."""
    for item in items:
        collecting = gc.isenabled()
        gc.enable()
        try:
            result = _analyse_item(item)
        finally:
            if not collecting:
                gc.disable()
        yield result
