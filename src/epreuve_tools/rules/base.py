"""Transitional shim: the registry lives in `epreuve_tools.registry`.

Kept only while the answer rule modules still use the former API (a `Finding` built with
`rule(CODE)` in the body); it goes once they yield `Problem`s like every other rule.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable

from epreuve_tools.diagnostics import Severity
from epreuve_tools.registry import REGISTRY, DocumentRun, Rule, Scope, _register

__all__ = ["REGISTRY", "Rule", "Scope", "document_rule", "rule"]


def document_rule(
    code: str, name: str, severity: Severity, *, opt_in: bool = False
) -> Callable[[DocumentRun], DocumentRun]:
    def decorate(check: DocumentRun) -> DocumentRun:
        doc = inspect.getdoc(check) or ""
        _register(Rule(code, name, severity, Scope.DOCUMENT, doc, document_check=check, opt_in=opt_in))
        return check

    return decorate


def rule(code: str) -> Rule:
    return REGISTRY[code]
