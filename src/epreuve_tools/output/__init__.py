"""Reporters: one module per output format, each `render(report, context) -> str`.

A format's module is imported when it is used: a re-check prints one report, in one format.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from epreuve_tools.diagnostics import Report
from epreuve_tools.output.base import RenderContext

Renderer = Callable[[Report, RenderContext], str]

_MODULES = {
    "text": "text",
    "json": "json_format",
    "sarif": "sarif",
    "github": "github",
    "junit": "junit",
    "gitlab": "gitlab",
}
FORMAT_NAMES = tuple(_MODULES)


def renderer(name: str) -> Renderer:
    """The `render` function of the format called `name` (one of FORMAT_NAMES)."""
    module = importlib.import_module(f"epreuve_tools.output.{_MODULES[name]}")
    render: Renderer = module.render
    return render


__all__ = ["FORMAT_NAMES", "RenderContext", "renderer"]
