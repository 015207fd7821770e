"""Project configuration: `epreuve.toml` (keys at the root) or `[tool.epreuve]` in pyproject.toml.

The first found wins, walking up from the working folder and stopping at a `.git` folder; the
folder that holds it is the project root. Without one, the project root is the folder holding
`.git` (the repository), or else the working folder: that is where `.epreuve_cache/` goes, so a
check started from inside `content/` does not leave a cache folder among the épreuves.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from epreuve_tools.diagnostics import Severity
from epreuve_tools.errors import ConfigError

_KNOWN_KEYS = ("content", "select", "ignore", "severity", "per-file-ignores", "exclude", "fail-on")


@dataclass(frozen=True, slots=True)
class Config:
    root: Path
    source: Path | None = None  # the file the configuration came from
    content: str = "content"
    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    fail_on: Severity = Severity.ERROR
    warnings: tuple[str, ...] = ()  # unknown keys, reported as notices

    def describe_source(self) -> str:
        return str(self.source) if self.source else "configuration par défaut"


def _content_root_above(start: Path) -> Path | None:
    """Outside any repository and configuration, a check run from inside a content tree (`epreuve
    check .` in `epreuves/…`) belongs to that tree: its paths are shown from there, its cache is
    kept there, and references between its files resolve."""
    for folder in (start, *start.parents):
        if (folder / "referentiel.yaml").exists():
            return folder
    return None


def _repository_root(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


def find_config(start: Path) -> tuple[Path, dict[str, Any], Path] | None:
    """(file, table, project root) of the first configuration found walking up from `start`."""
    for folder in (start, *start.parents):
        standalone = folder / "epreuve.toml"
        if standalone.is_file():
            return standalone, _read_toml(standalone), folder
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            table = _read_toml(pyproject).get("tool", {}).get("epreuve")
            if isinstance(table, dict):
                return pyproject, table, folder
        if (folder / ".git").exists():
            return None
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path} : TOML invalide : {error}") from error
    except OSError as error:
        raise ConfigError(f"{path} : lecture impossible : {error.strerror}") from error


def load_config(cwd: Path, explicit: Path | None = None) -> Config:
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(f"fichier de configuration introuvable : {explicit}")
        table = _read_toml(explicit)
        if explicit.name == "pyproject.toml":
            table = table.get("tool", {}).get("epreuve", {})
        return _from_table(table, explicit, explicit.parent.resolve())
    found = find_config(cwd)
    if found is None:
        return Config(root=_repository_root(cwd) or _content_root_above(cwd) or cwd)
    path, table, root = found
    return _from_table(table, path, root)


def _string_list(table: dict[str, Any], key: str, source: Path) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(
            f'{source} : `{key}` doit être une liste de textes, par exemple ["SEM", "SCHEMA-002"]'
        )
    return tuple(value)


def _from_table(table: dict[str, Any], source: Path, root: Path) -> Config:
    warnings = tuple(
        f"{source} : clé de configuration inconnue « {key} » ignorée (clés connues : {', '.join(_KNOWN_KEYS)})"
        for key in table
        if key not in _KNOWN_KEYS
    )
    content = table.get("content", "content")
    if not isinstance(content, str):
        raise ConfigError(f"{source} : `content` doit être un chemin (texte)")
    severity: dict[str, Severity] = {}
    for code, level in dict(table.get("severity", {})).items():
        try:
            severity[code] = Severity.parse(str(level))
        except KeyError:
            raise ConfigError(
                f"{source} : `severity.{code}` vaut « {level} » ; valeurs possibles : error, warning, info"
            ) from None
    per_file: dict[str, tuple[str, ...]] = {}
    raw_per_file = table.get("per-file-ignores", {})
    if not isinstance(raw_per_file, dict):
        raise ConfigError(f"{source} : `per-file-ignores` doit être une table motif = [codes]")
    for pattern, codes in raw_per_file.items():
        if not isinstance(codes, list) or not all(isinstance(code, str) for code in codes):
            raise ConfigError(f'{source} : `per-file-ignores."{pattern}"` doit être une liste de codes')
        per_file[pattern] = tuple(codes)
    try:
        fail_on = Severity.parse(str(table.get("fail-on", "error")))
    except KeyError:
        raise ConfigError(f"{source} : `fail-on` vaut error, warning ou info") from None
    return Config(
        root=root,
        source=source,
        content=content,
        select=_string_list(table, "select", source) or ("ALL",),
        ignore=_string_list(table, "ignore", source),
        severity=severity,
        per_file_ignores=per_file,
        exclude=_string_list(table, "exclude", source),
        fail_on=fail_on,
        warnings=warnings,
    )
