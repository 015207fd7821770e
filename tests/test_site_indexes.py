"""indexes.href, the relative links of the index pages: what posixpath.relpath gives, without its
calls to getcwd (a rebuild makes ~3,500 of these links)."""

from __future__ import annotations

import posixpath
import random


def _by_relpath(from_page: str, to_folder: str) -> str:
    here = posixpath.dirname(from_page) or "."
    relative = posixpath.relpath(to_folder or ".", here)
    return "./" if relative == "." else relative.rstrip("/") + "/"


def test_href_gives_what_relpath_gives() -> None:
    from epreuve_tools.preview.indexes import href

    assert href("statuts/valide/page-2/index.md", "epreuves/x") == "../../../epreuves/x/"
    assert href("index.md", "") == "./"
    assert href("parcours/p/index.md", "parcours/p/") == "./"
    segments = ["a", "b", "epreuves", "x-1", "revue", "page-2", ".", "..", ""]
    chosen = random.Random(11)
    for _ in range(20_000):
        page = "/".join(chosen.choice(segments) for _ in range(chosen.randint(0, 4)))
        page = f"{page}/index.md" if page else "index.md"
        folder = "/".join(chosen.choice(segments) for _ in range(chosen.randint(0, 4)))
        folder += "/" if chosen.random() < 0.1 else ""
        try:
            expected = _by_relpath(page, folder)
        except ValueError:  # relpath refuses an empty path
            continue
        assert href(page, folder) == expected, (page, folder)
