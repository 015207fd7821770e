"""A progress bar on the terminal for long analyses; nothing in CI, in a pipe or in a file."""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from rich.progress import Progress

# redrawn at most this often: a cold check of 10,000 files advances 2,000 times a second
_REDRAW_SECONDS = 0.1


class TerminalProgress:
    """`checker.Progress` drawn with rich on standard error, and erased when the work is done.

    The bar is redrawn by the caller's thread, never by one of rich's: the checker forks worker
    processes while the bar is up, and a fork must not copy a thread that may hold a lock. Its
    colours follow the report's rules (`color_wanted`), not rich's own reading of the environment
    (which differs between versions: an empty NO_COLOR turns colour off in rich 13).
    """

    def __init__(self, stream: TextIO) -> None:
        from epreuve_tools.output.base import color_wanted

        self._stream = stream
        self._color = color_wanted("auto", stream)
        self._bar: Progress | None = None
        self._task: Any = None
        self._drawn = 0.0

    def start(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self._bar = Progress(
            TextColumn("Analyse des épreuves"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("· reste"),
            TimeRemainingColumn(),
            console=Console(
                file=self._stream, color_system="auto" if self._color else None, no_color=not self._color
            ),
            auto_refresh=False,
            transient=True,
        )
        self._bar.start()
        self._task = self._bar.add_task("analyse", total=total)
        self._bar.refresh()

    def advance(self) -> None:
        if self._bar is None:
            return
        self._bar.advance(self._task)
        now = time.monotonic()
        if now - self._drawn >= _REDRAW_SECONDS:
            self._drawn = now
            self._bar.refresh()

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


def terminal_progress(stream: TextIO) -> TerminalProgress | None:
    """A bar when `stream` is a terminal a person watches: not in CI, not on a dumb terminal."""
    if not stream.isatty() or os.environ.get("CI") or os.environ.get("TERM") == "dumb":
        return None
    return TerminalProgress(stream)
