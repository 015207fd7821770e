"""The épreuve types and the text of an accepted answer: what rules need of the model when they
are imported, without the model's classes (a re-check imports the rule registry, not the model).
"""

from __future__ import annotations

import enum
from typing import Any


class EpreuveType(enum.StrEnum):
    QCU = "qcu"
    QCM = "qcm"
    QROC = "qroc"
    QROCM_IND = "qrocm-ind"
    QROCM_DEP = "qrocm-dep"

    @property
    def has_proposals_list(self) -> bool:
        return self in (EpreuveType.QCU, EpreuveType.QCM)


def answer_text(value: Any, raw: str | None) -> str | None:
    """An accepted answer as text: numbers are compared as written (`0.50` stays `0.50`)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None:
        return raw
    if isinstance(value, int | float):
        return raw if raw is not None else str(value)
    return None
