"""A progress bar on the terminal for long commands (`check` on many files, `site build`, `release`);
nothing in CI, in a pipe, in a file, on a dumb terminal, or with -q."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from rich.progress import Progress

# redrawn at most this often: a cold check of 10,000 files advances 2,000 times a second
_REDRAW_SECONDS = 0.1
# a step that ends sooner than this never shows a bar: a flash on the screen says nothing
_SHOW_AFTER_SECONDS = 0.3

OnProgress = Callable[[int, int], None]
"""`on_progress(done, total)`: what the long functions (`build_site`, `write_release`) call."""


class TerminalProgress:
    """`checker.Progress` (and `on_progress` through `update`) drawn with rich on standard error,
    and erased when the work is done.

    The bar is redrawn by the caller's thread, never by one of rich's: the checker forks worker
    processes while the bar is up, and a fork must not copy a thread that may hold a lock. Its
    colours follow the report's rules (`color_wanted`), not rich's own reading of the environment
    (which differs between versions: an empty NO_COLOR turns colour off in rich 13).
    """

    def __init__(
        self,
        stream: TextIO,
        label: str = "Analyse des épreuves",
        *,
        show_after: float = 0.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        from epreuve_tools.output.base import color_wanted

        self._stream = stream
        self._label = label
        self._color = color_wanted("auto", stream)
        self._show_after = show_after
        self._clock = clock
        self._bar: Progress | None = None
        self._task: Any = None
        self._drawn = 0.0
        self._began: float | None = None  # when `update` was first called
        self._total = 0

    def start(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self._bar = Progress(
            TextColumn(self._label, markup=False),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("· reste"),
            TimeRemainingColumn(),
            console=Console(
                file=self._stream, color_system="auto" if self._color else None, no_color=not self._color
            ),
            auto_refresh=False,
            transient=True,
            # what the command prints meanwhile goes where it was going: the report to stdout
            redirect_stdout=False,
            redirect_stderr=False,
        )
        self._bar.start()
        self._task = self._bar.add_task("travail", total=total)
        self._total = total
        self._draw(self._clock())

    def advance(self) -> None:
        if self._bar is None:
            return
        self._bar.advance(self._task)
        self._throttled()

    def update(self, done: int, total: int) -> None:
        """The `on_progress(done, total)` form: the bar appears once the work has lasted `show_after`."""
        now = self._clock()
        if self._began is None:
            self._began = now
        if self._bar is None:
            if now - self._began < self._show_after or done >= total:
                return
            self.start(total)
        bar = self._bar
        assert bar is not None
        if total != self._total:
            self._total = total
            bar.update(self._task, total=total)
        bar.update(self._task, completed=done)
        self._throttled()

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def _throttled(self) -> None:
        now = self._clock()
        if now - self._drawn >= _REDRAW_SECONDS:
            self._draw(now)

    def _draw(self, now: float) -> None:
        assert self._bar is not None
        self._drawn = now
        self._bar.refresh()


def wanted(stream: TextIO, *, quiet: bool = False) -> bool:
    """Whether a person watches `stream`: a terminal, not in CI, not a dumb terminal, not -q."""
    if quiet or os.environ.get("CI") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or unusual stream
        return False


def terminal_progress(
    stream: TextIO, *, quiet: bool = False, label: str = "Analyse des épreuves"
) -> TerminalProgress | None:
    """A bar for `checker.Progress` when a person watches `stream`, else None."""
    return TerminalProgress(stream, label) if wanted(stream, quiet=quiet) else None


@contextlib.contextmanager
def on_progress(stream: TextIO, label: str, *, quiet: bool = False) -> Iterator[OnProgress | None]:
    """An `on_progress(done, total)` callback drawing a bar (None when nobody watches), its bar
    erased when the block ends, however it ends."""
    bar = (
        TerminalProgress(stream, label, show_after=_SHOW_AFTER_SECONDS)
        if wanted(stream, quiet=quiet)
        else None
    )
    if bar is None:
        yield None
        return
    try:
        yield bar.update
    finally:
        bar.stop()
