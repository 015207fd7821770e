"""What every reporter needs besides the report."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from epreuve_tools.diagnostics import Report, Severity


@dataclass(frozen=True, slots=True)
class RenderContext:
    color: bool = False
    # the lines of a file, by its displayed path, for the source excerpt; None when unreadable
    read_lines: Callable[[str], list[str] | None] = field(default=lambda _path: None)
    show_waived: bool = False


def summary(report: Report) -> dict[str, int]:
    counts = report.counts()
    return {
        "files": report.files_checked,
        "errors": counts[Severity.ERROR],
        "warnings": counts[Severity.WARNING],
        "infos": counts[Severity.INFO],
        "waived": sum(1 for d in report.diagnostics if d.waived_by is not None),
    }
