"""The answer key of an épreuve, in Pix's own terms (``shared/domain/pix.md`` §2, FORMAT.md §3)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Final, Literal, TypeAlias, cast, get_args

from .treatments import ALL_TOLERANCES, Tolerance, normalize_tolerances

Kind = Literal["qcu", "qcm", "qroc", "qrocm-ind", "qrocm-dep"]
KINDS: Final[tuple[Kind, ...]] = get_args(Kind)

# Pix's spelling of each kind, for messages and bundles.
PIX_TYPE: Final[dict[Kind, str]] = {
    "qcu": "QCU",
    "qcm": "QCM",
    "qroc": "QROC",
    "qrocm-ind": "QROCM-ind",
    "qrocm-dep": "QROCM-dep",
}

NUMBER_FORMAT: Final = "nombre"

Groups: TypeAlias = tuple[tuple[str, tuple[str, ...]], ...]
Solution: TypeAlias = "str | tuple[str, ...] | Groups"


@dataclass(frozen=True, slots=True)
class AnswerKey:
    """What a response is judged against.

    ``solution`` depends on ``kind``:

    * ``qcu``: the number of the right proposal, as text (``"2"``), compared with ``===``;
    * ``qcm``: the numbers of the right proposals, as text (``("1", "3")``);
    * ``qroc``: the accepted strings. Pix stores them as one text split on ``"\\n"`` with empty lines
      dropped, so an item containing ``"\\n"`` is several accepted strings and an empty item is none;
    * ``qrocm-ind``: ``((blank, (accepted, …)), …)``, one entry per blank;
    * ``qrocm-dep``: ``((group, (accepted, …)), …)``; group names are free.

    ``tolerances`` are the enabled ones among ``t1``, ``t2``, ``t3`` (all three by default), kept in Pix's
    sorted order. ``format`` is the challenge format (only ``"nombre"`` changes the judgement, for a QROC).
    ``selects`` names the QROCM-ind blanks that are drop-down lists (no tolerance for them);
    ``first_blank_is_select`` tells that a QROC's (first) blank is a drop-down list (no tolerance at all).

    Build keys with the class methods (:meth:`qcu`, :meth:`qcm`, :meth:`qroc`, :meth:`qrocm_ind`,
    :meth:`qrocm_dep`, or :meth:`build`); they convert lists and mappings to the frozen form.
    """

    kind: Kind
    solution: Solution
    tolerances: tuple[Tolerance, ...] = ALL_TOLERANCES
    format: str | None = None
    selects: frozenset[str] = field(default_factory=frozenset)
    first_blank_is_select: bool = False

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind {self.kind!r}; expected one of {', '.join(KINDS)}")
        unknown = set(self.tolerances) - set(ALL_TOLERANCES)
        if unknown:
            raise ValueError(f"unknown tolerances {sorted(unknown)}; expected t1, t2, t3")
        object.__setattr__(self, "tolerances", normalize_tolerances(self.tolerances))
        if self.kind == "qcu":
            if not isinstance(self.solution, str):
                raise TypeError("a qcu solution is the proposal number as a string")
        elif self.kind in ("qcm", "qroc"):
            if not _is_str_tuple(self.solution):
                raise TypeError(f"a {self.kind} solution is a tuple of strings")
        elif not _is_groups(self.solution):
            raise TypeError(f"a {self.kind} solution is a tuple of (name, tuple of strings) pairs")
        else:
            names = [name for name, _ in cast(Groups, self.solution)]
            if len(set(names)) != len(names):
                raise ValueError(f"duplicated names in the {self.kind} solution: {names}")

    # -- construction -------------------------------------------------------------------------------

    @classmethod
    def qcu(cls, proposal: str) -> AnswerKey:
        return cls("qcu", proposal)

    @classmethod
    def qcm(cls, proposals: Iterable[str]) -> AnswerKey:
        return cls("qcm", tuple(proposals))

    @classmethod
    def qroc(
        cls,
        accepted: Iterable[str],
        *,
        tolerances: Iterable[str] = ALL_TOLERANCES,
        format: str | None = None,
        first_blank_is_select: bool = False,
    ) -> AnswerKey:
        return cls(
            "qroc",
            tuple(accepted),
            _tolerances(tolerances),
            format,
            frozenset(),
            first_blank_is_select,
        )

    @classmethod
    def qrocm_ind(
        cls,
        blanks: Mapping[str, Iterable[str]],
        *,
        tolerances: Iterable[str] = ALL_TOLERANCES,
        selects: Iterable[str] = (),
        format: str | None = None,
    ) -> AnswerKey:
        return cls("qrocm-ind", _freeze_groups(blanks), _tolerances(tolerances), format, frozenset(selects))

    @classmethod
    def qrocm_dep(
        cls,
        groups: Mapping[str, Iterable[str]],
        *,
        tolerances: Iterable[str] = ALL_TOLERANCES,
        selects: Iterable[str] = (),
        format: str | None = None,
    ) -> AnswerKey:
        """``selects`` is recorded but, as in Pix, does not change a QROCM-dep judgement."""
        return cls("qrocm-dep", _freeze_groups(groups), _tolerances(tolerances), format, frozenset(selects))

    @classmethod
    def build(
        cls,
        kind: str,
        solution: str | Iterable[str] | Mapping[str, Iterable[str]],
        *,
        tolerances: Iterable[str] = ALL_TOLERANCES,
        format: str | None = None,
        selects: Iterable[str] = (),
        first_blank_is_select: bool = False,
    ) -> AnswerKey:
        """Any kind from plain values: a string (QCU), a list of strings (QCM, QROC) or a mapping (QROCM)."""
        frozen: Solution
        if kind == "qcu":
            if not isinstance(solution, str):
                raise TypeError("a qcu solution is the proposal number as a string")
            frozen = solution
        elif kind in ("qcm", "qroc"):
            if isinstance(solution, str | Mapping):
                raise TypeError(f"a {kind} solution is a list of strings")
            frozen = tuple(solution)
        else:
            if not isinstance(solution, Mapping):
                raise TypeError(f"a {kind} solution is a mapping of names to lists of strings")
            frozen = _freeze_groups(solution)
        return cls(
            cast(Kind, kind),
            frozen,
            _tolerances(tolerances),
            format,
            frozenset(selects),
            first_blank_is_select,
        )

    # -- views --------------------------------------------------------------------------------------

    @property
    def pix_type(self) -> str:
        return PIX_TYPE[self.kind]

    @property
    def groups(self) -> dict[str, tuple[str, ...]]:
        """QROCM blanks (ind) or groups (dep) with their accepted answers; ``{}`` for other kinds."""
        if self.kind in ("qrocm-ind", "qrocm-dep"):
            return dict(cast(Groups, self.solution))
        return {}

    @property
    def items(self) -> tuple[str, ...]:
        """QCM proposal numbers or QROC accepted strings as given; ``(solution,)`` for a QCU."""
        if isinstance(self.solution, str):
            return (self.solution,)
        if self.kind in ("qcm", "qroc"):
            return cast(tuple[str, ...], self.solution)
        return ()

    @property
    def qroc_solutions(self) -> tuple[str, ...]:
        """A QROC's accepted strings as Pix reads them: ``'\\n'.join(items).split('\\n')``, empties dropped."""
        return tuple(line for item in self.items for line in item.split("\n") if line)

    @property
    def is_numeric_format(self) -> bool:
        return self.format == NUMBER_FORMAT


def _tolerances(tolerances: Iterable[str]) -> tuple[Tolerance, ...]:
    values = tuple(tolerances)
    unknown = set(values) - set(ALL_TOLERANCES)
    if unknown:
        raise ValueError(f"unknown tolerances {sorted(unknown)}; expected t1, t2, t3")
    return normalize_tolerances(values)


def _freeze_groups(groups: Mapping[str, Iterable[str]]) -> Groups:
    frozen: list[tuple[str, tuple[str, ...]]] = []
    for name, accepted in groups.items():
        if isinstance(accepted, str):
            raise TypeError(f"the accepted answers of {name!r} must be a list of strings, not a string")
        frozen.append((name, tuple(accepted)))
    return tuple(frozen)


def _is_str_tuple(value: object) -> bool:
    return isinstance(value, tuple) and all(isinstance(item, str) for item in value)


def _is_groups(value: object) -> bool:
    return isinstance(value, tuple) and all(
        isinstance(pair, tuple) and len(pair) == 2 and isinstance(pair[0], str) and _is_str_tuple(pair[1])
        for pair in value
    )
