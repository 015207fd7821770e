"""Replacing a file whole: a reader sees the old bytes or the new ones, never half of them."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from epreuve_tools.errors import UsageError


def write_atomic(path: Path, data: bytes, *, mode: int | None = None) -> None:
    """Write `data` to a temporary file beside `path`, sync it, then rename it over `path`.

    `mode` None keeps mkstemp's private 0600 (the verifier's state); published metadata is 0644.
    """
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def write_new(path: Path, data: bytes) -> None:
    """Publish `path` with `data`, atomically and never over an existing file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)  # a published file is public; mkstemp made it 0600
        try:
            os.link(temporary, path)
        except FileExistsError:
            if path.read_bytes() != data:
                raise UsageError(
                    f"{path} existe déjà avec un autre contenu : une publication n'est jamais réécrite"
                ) from None
    finally:
        os.unlink(temporary)
