"""What a project rule computed from inputs that did not change, carried from one run to the next.

A project rule that compares épreuves two by two (ITEM-014) re-runs over the whole bank when one
épreuve changes, though only the pairs that hold the changed épreuve can give another result. Such
a rule keys each result by digests of exactly what it read (the content keys of the épreuves, whose
facts are made from those bytes alone, or `digest` of the facts), keeps it in its table here, and
finds it again at the next run. The checker stores the tables in the tree's cache, which is
signed and lives in a folder named after the tool's source: a table never outlives the code that
filled it. Only what a run looked up or added is kept, so a table holds no more than the bank does.
"""

from __future__ import annotations

import hashlib
import marshal
from collections.abc import Iterable
from typing import Any, Final

MISSING: Final = object()


def digest(value: Any) -> bytes:
    """16 bytes that change when `value` (made of what marshal writes: tuples, lists, strings,
    numbers…) does; marshal's version 2 writes no back-references, so equal values give equal
    bytes whatever objects they share."""
    return hashlib.blake2b(marshal.dumps(value, 2), digest_size=16).digest()


class MemoTable:
    """One rule's results by key: the previous run's, and those this run used (kept for the next)."""

    __slots__ = ("_previous", "current")

    def __init__(self, previous: dict[Any, Any]) -> None:
        self._previous = previous
        self.current: dict[Any, Any] = {}

    def get(self, key: Any) -> Any:
        """The result kept for `key`, or MISSING."""
        found = self.current.get(key, MISSING)
        if found is MISSING:
            found = self._previous.get(key, MISSING)
            if found is not MISSING:
                self.current[key] = found
        return found

    def put(self, key: Any, value: Any) -> None:
        self.current[key] = value

    def keep(self, keys: Iterable[Any]) -> None:
        """Keep the previous results of `keys` for the next run, as `get` would, without reading them:
        what a result found whole (a parcours) was computed from."""
        previous, current = self._previous, self.current
        for key in keys:
            found = previous.get(key, MISSING)
            if found is not MISSING:
                current[key] = found


class Memo:
    """Every rule's table: read from the previous run's, written back as `tables()`."""

    __slots__ = ("_previous", "_tables")

    def __init__(self, previous: Any = None) -> None:
        # the cache's value is trusted only as far as its shape: anything else starts afresh
        self._previous: dict[str, dict[Any, Any]] = (
            {code: table for code, table in previous.items() if isinstance(table, dict)}
            if isinstance(previous, dict)
            else {}
        )
        self._tables: dict[str, MemoTable] = {}

    def table(self, code: str) -> MemoTable:
        if code not in self._tables:
            self._tables[code] = MemoTable(self._previous.get(code, {}))
        return self._tables[code]

    def tables(self) -> dict[str, dict[Any, Any]]:
        """What to keep for the next run: what each table this run used, and the previous table of
        each rule that did not run (its findings reused, or it was not selected): its keys say what
        they were computed from, so an entry kept too long is never wrong, only unused."""
        saved = {code: table.current for code, table in self._tables.items()}
        for code, table in self._previous.items():
            saved.setdefault(code, table)
        return saved
