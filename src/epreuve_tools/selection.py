"""Which codes are reported, and at which severity: prefixes at segment boundaries, longest wins."""

from __future__ import annotations

import difflib
import fnmatch
from collections.abc import Iterable
from dataclasses import dataclass

from epreuve_tools.diagnostics import Severity
from epreuve_tools.errors import ConfigError
from epreuve_tools.rules import REGISTRY


def _matches(prefix: str, code: str) -> bool:
    return prefix in ("ALL", code) or code.startswith(prefix + "-")


def check_prefixes(prefixes: Iterable[str], origin: str) -> None:
    """Refuse a prefix that matches no code: it is a typo that would silently select nothing."""
    for prefix in prefixes:
        if any(_matches(prefix, code) for code in REGISTRY):
            continue
        families = sorted({code.rsplit("-", 1)[0] for code in REGISTRY})
        close = difflib.get_close_matches(prefix, [*REGISTRY, *families], n=1)
        hint = f" ; vouliez-vous dire « {close[0]} » ?" if close else " ; `epreuve rule` liste les codes"
        raise ConfigError(f"{origin} : aucun code de règle ne commence par « {prefix} »{hint}")


@dataclass(frozen=True, slots=True)
class Selection:
    select: tuple[str, ...]
    ignore: tuple[str, ...]
    severity: dict[str, Severity]
    per_file_ignores: dict[str, tuple[str, ...]]

    def _depth(self, prefixes: Iterable[str], code: str) -> int:
        best = -1
        for prefix in prefixes:
            if _matches(prefix, code):
                best = max(best, 0 if prefix == "ALL" else len(prefix))
        return best

    def enabled(self, code: str, path: str) -> bool:
        if code == "INTERNAL-001" or REGISTRY[code].locked:
            return True  # a bug, or a security hole, is never hidden by configuration
        if REGISTRY[code].opt_in and code not in self.select:
            return False
        selected = self._depth(self.select, code)
        ignored = self._depth(self.ignore, code)
        for pattern, codes in self.per_file_ignores.items():
            if fnmatch.fnmatch(path, pattern):
                ignored = max(ignored, self._depth(codes, code))
        return selected >= 0 and selected > ignored

    def severity_of(self, code: str) -> Severity:
        if REGISTRY[code].locked:
            return REGISTRY[code].severity
        best: tuple[int, Severity] | None = None
        for prefix, level in self.severity.items():
            if _matches(prefix, code):
                depth = 0 if prefix == "ALL" else len(prefix)
                if best is None or depth > best[0]:
                    best = (depth, level)
        return best[1] if best else REGISTRY[code].severity
