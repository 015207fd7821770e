"""Project configuration: `epreuve.toml` (keys at the root) or `[tool.epreuve]` in pyproject.toml.

The first found wins, walking up from the working folder and stopping at a `.git` folder; the
folder that holds it is the project root. Without one, the project root is the folder holding
`.git` (the repository), or else the working folder: that is where `.epreuve_cache/` goes, so a
check started from inside `content/` does not leave a cache folder among the épreuves.

Anything the configuration says that cannot be obeyed (an unknown key, a misspelt value, a value
of the wrong type, a file that is not UTF-8 or not TOML) is a `ConfigError` naming the file and
the key: a typo must not silently turn a check off.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from epreuve_tools.diagnostics import Severity
from epreuve_tools.errors import ConfigError
from epreuve_tools.settings import HARMLESS_INLINE_TAGS, RuleSettings

_KNOWN_KEYS = (
    "content",
    "select",
    "ignore",
    "severity",
    "per-file-ignores",
    "exclude",
    "fail-on",
    "rules-url",
    "allowed-html",
)

# the English words of the documentation, and the French words the reports print
SEVERITY_WORDS = {
    "error": Severity.ERROR,
    "erreur": Severity.ERROR,
    "warning": Severity.WARNING,
    "avertissement": Severity.WARNING,
    "info": Severity.INFO,
}
_SEVERITY_CHOICES = "error (erreur), warning (avertissement) ou info"


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
    # where the reports (SARIF, JSON, GitLab) point for a rule's documentation; None: the default
    rules_url: str | None = None
    # the harmless inline tags authors may write as raw HTML (`allowed-html`), lower case
    allowed_html: tuple[str, ...] = ()

    @property
    def rule_settings(self) -> RuleSettings:
        """What the document rules read of this configuration."""
        return RuleSettings(allowed_html=frozenset(self.allowed_html))

    def describe_source(self) -> str:
        return str(self.source) if self.source else "configuration par défaut"

    def check_codes(self) -> None:
        """Refuse a code or prefix of severity or per-file-ignores that matches no rule.

        select and ignore are checked by the command, which knows when the command line overrides
        them. The rule registry is imported here, not at load time: it is the command's business.
        """
        from epreuve_tools.selection import check_prefixes

        origin = self.describe_source()
        for code in self.severity:
            check_prefixes((code,), f"{origin}, clé `severity`")
        for pattern, codes in self.per_file_ignores.items():
            check_prefixes(codes, f'{origin}, clé `per-file-ignores."{pattern}"`')


def parse_severity(text: str) -> Severity | None:
    """The severity a word names (English or French, any case), None if it names none."""
    return SEVERITY_WORDS.get(text.strip().lower())


def suggestion(word: str, choices: Iterable[str]) -> str:
    """« ; vouliez-vous dire « x » ? » for the closest choice, or nothing when none is close."""
    import difflib  # only on the way to an error message

    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" ; vouliez-vous dire « {close[0]} » ?" if close else ""


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


def _tool_table(document: dict[str, Any], path: Path) -> dict[str, Any] | None:
    """`[tool.epreuve]` of a pyproject.toml, None when absent; an error when it is not a table."""
    tool = document.get("tool")
    if tool is None:
        return None
    if not isinstance(tool, dict):
        raise ConfigError(f"{path} : `tool` doit être une table TOML ([tool.epreuve])")
    table = tool.get("epreuve")
    if table is None:
        return None
    if not isinstance(table, dict):
        raise ConfigError(
            f"{path} : `tool.epreuve` doit être une table TOML",
            hint="écrivez les réglages sous une ligne [tool.epreuve]",
        )
    return table


def find_config(start: Path) -> tuple[Path, dict[str, Any], Path] | None:
    """(file, table, project root) of the first configuration found walking up from `start`."""
    for folder in (start, *start.parents):
        standalone = folder / "epreuve.toml"
        if standalone.is_file():
            return standalone, _read_toml(standalone), folder
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            table = _tool_table(_read_toml(pyproject), pyproject)
            if table is not None:
                return pyproject, table, folder
        if (folder / ".git").exists():
            return None
    return None


_TOML_POSITION = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)$")


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        data = path.read_bytes()
    except OSError as error:
        from epreuve_tools.oserrors import describe

        raise ConfigError(f"{path} : lecture impossible : {describe(error)}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ConfigError(
            f"{path}, ligne {line} : le fichier n'est pas en UTF-8 (octet {data[error.start]:#04x})",
            hint="enregistrez le fichier en UTF-8",
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        detail = str(error)
        position = _TOML_POSITION.search(detail)
        where = ""
        if position:
            where = (
                f", ligne {position[1]}, colonne {position[2]}" if position[1] else ", à la fin du fichier"
            )
        detail = _TOML_POSITION.sub("", detail)
        raise ConfigError(
            f"{path}{where} : TOML invalide ({detail})",
            hint="vérifiez les guillemets, les crochets et les signes = de cette ligne",
        ) from None


def load_config(cwd: Path, explicit: Path | None = None) -> Config:
    if explicit is not None:
        if not explicit.exists():
            raise ConfigError(f"fichier de configuration introuvable : {explicit}")
        document = _read_toml(explicit)
        if explicit.name == "pyproject.toml":
            document = _tool_table(document, explicit) or {}
        return _from_table(document, explicit, explicit.parent.resolve())
    found = find_config(cwd)
    if found is None:
        return Config(root=_repository_root(cwd) or _content_root_above(cwd) or cwd)
    path, table, root = found
    return _from_table(table, path, root)


def _string_list(table: dict[str, Any], key: str, source: Path, example: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{source}, clé `{key}` : doit être une liste de textes, par exemple {example}")
    return tuple(value)


def _severity(value: object, source: Path, key: str) -> Severity:
    level = parse_severity(value) if isinstance(value, str) else None
    if level is None:
        shown = f"« {value} »" if isinstance(value, str) else f"{value!r} (pas un texte)"
        close = suggestion(value.strip().lower(), SEVERITY_WORDS) if isinstance(value, str) else ""
        raise ConfigError(
            f"{source}, clé `{key}` : vaut {shown}{close} ; valeurs possibles : {_SEVERITY_CHOICES}"
        )
    return level


# tags that can never be allowed, and why: a clearer refusal than « unknown tag »
_NEVER_ALLOWED = {
    "script": "exécute du code (SEC-001)",
    "iframe": "charge une autre page (SEC-001) ; un contenu intégré se déclare dans `embed`",
    "object": "charge un autre document (SEC-001)",
    "embed": "charge un autre document (SEC-001)",
    "style": "change la mise en forme de toute la page (SEC-001)",
    "font": "met en forme (A11Y-PRS-001) ; le thème s'en charge",
    "u": "souligne : le texte se confond avec un lien (A11Y-PRS-002)",
}


def _allowed_html(table: dict[str, Any], source: Path) -> tuple[str, ...]:
    """`allowed-html`: harmless inline tags only; anything else is refused with what to write."""
    names = _string_list(table, "allowed-html", source, '["abbr", "span", "sup", "sub", "kbd", "br"]')
    allowed: list[str] = []
    for written in names:
        name = written.strip().strip("<>/").strip().lower()
        if name in HARMLESS_INLINE_TAGS:
            if name not in allowed:
                allowed.append(name)
            continue
        why = _NEVER_ALLOWED.get(name)
        reason = f" : cette balise {why}" if why else suggestion(name, HARMLESS_INLINE_TAGS)
        raise ConfigError(
            f"{source}, clé `allowed-html` : balise « {written} » non admise{reason}",
            hint=f"balises admises : {', '.join(HARMLESS_INLINE_TAGS)}",
        )
    return tuple(sorted(allowed))


def _from_table(table: dict[str, Any], source: Path, root: Path) -> Config:
    for key in table:
        if key not in _KNOWN_KEYS:
            raise ConfigError(
                f"{source} : clé de configuration inconnue « {key} »{suggestion(key, _KNOWN_KEYS)}",
                hint=f"clés connues : {', '.join(_KNOWN_KEYS)}",
            )
    content = table.get("content", "content")
    if not isinstance(content, str):
        raise ConfigError(f'{source}, clé `content` : doit être un chemin (texte), par exemple "content"')
    raw_severity = table.get("severity", {})
    if not isinstance(raw_severity, dict):
        raise ConfigError(
            f"{source}, clé `severity` : doit être une table code = gravité",
            hint='par exemple [severity] puis "SEM-020" = "error"',
        )
    severity = {code: _severity(level, source, f'severity."{code}"') for code, level in raw_severity.items()}
    per_file: dict[str, tuple[str, ...]] = {}
    raw_per_file = table.get("per-file-ignores", {})
    if not isinstance(raw_per_file, dict):
        raise ConfigError(f"{source}, clé `per-file-ignores` : doit être une table motif = [codes]")
    for pattern, codes in raw_per_file.items():
        if not isinstance(codes, list) or not all(isinstance(code, str) for code in codes):
            raise ConfigError(
                f'{source}, clé `per-file-ignores."{pattern}"` : doit être une liste de codes, '
                'par exemple ["SEM-019"]'
            )
        per_file[pattern] = tuple(codes)
    return Config(
        root=root,
        source=source,
        content=content,
        select=_string_list(table, "select", source, '["SEM", "SCHEMA-002"]') or ("ALL",),
        ignore=_string_list(table, "ignore", source, '["SEM-019"]'),
        severity=severity,
        per_file_ignores=per_file,
        exclude=_string_list(table, "exclude", source, '["content/brouillons/**"]'),
        fail_on=_severity(table.get("fail-on", "error"), source, "fail-on"),
        rules_url=_rules_url(table.get("rules-url"), source),
        allowed_html=_allowed_html(table, source),
    )


def _rules_url(value: object, source: Path) -> str | None:
    """The `rules-url` pattern: an http(s) address where `{code}` (or `{name}`) names the rule."""
    if value is None:
        return None
    if (
        not isinstance(value, str)
        or not value.startswith(("https://", "http://"))
        or ("{code}" not in value and "{name}" not in value)
    ):
        raise ConfigError(
            f"{source}, clé `rules-url` : doit être une adresse http(s) contenant {{code}} ou {{name}}",
            hint='par exemple "https://exemple.fr/docs/diagnostics.html#{code}" ({code} devient « sem-005 »)',
        )
    return value
