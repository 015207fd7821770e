"""Errors that stop a command before any check can run (exit code 2)."""

from __future__ import annotations


class EpreuveError(Exception):
    """Base of the errors shown to the user as one French message, never as a traceback."""

    exit_code = 2

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def render(self) -> str:
        return self.message if self.hint is None else f"{self.message}\n  aide : {self.hint}"


class ConfigError(EpreuveError):
    """The configuration (epreuve.toml, [tool.epreuve], command-line selection) is invalid."""


class UsageError(EpreuveError):
    """The command line asks for something impossible (missing path, unknown rule…)."""
