"""Reporters: one module per output format, each `render(report, context) -> str`."""

from __future__ import annotations

from collections.abc import Callable

from epreuve_tools.diagnostics import Report
from epreuve_tools.output import github, json_format, sarif, text
from epreuve_tools.output.base import RenderContext

Renderer = Callable[[Report, RenderContext], str]

FORMATS: dict[str, Renderer] = {
    "text": text.render,
    "json": json_format.render,
    "sarif": sarif.render,
    "github": github.render,
}

__all__ = ["FORMATS", "RenderContext"]
