"""The checks that look inside the files épreuves cite (A11Y-IMG-011..018, -MOV-001/002, -CLR-004,
-ATT-001..006): hostile files give a diagnostic at the citing line, within bounded time; facts are
computed once per content hash and kept in the cache until the file changes."""

from __future__ import annotations

import io
import struct
import time
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from epreuve_tools import assets
from epreuve_tools import cache as cache_module
from epreuve_tools.checker import CheckOptions, run_check
from epreuve_tools.config import Config
from epreuve_tools.selection import Selection
from tests.conftest import FIXTURES, ROOT, VALID_QCU

Tree = Callable[..., Path]
ALL = Selection(("ALL",), (), {}, {})
FILE_CODES = (
    "A11Y-IMG-011",
    "A11Y-IMG-012",
    "A11Y-IMG-013",
    "A11Y-IMG-014",
    "A11Y-IMG-017",
    "A11Y-IMG-018",
    "A11Y-CLR-004",
    "A11Y-MOV",
    "A11Y-ATT",
    "SEM-014",
)
ONLY_FILES = Selection(FILE_CODES, (), {}, {})
ILLUSTRATION_LINE = 10  # `src:` of the illustration in `_illustrated`
ATTACHMENT_LINE = 10


@pytest.fixture(autouse=True)
def _private_user_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    monkeypatch.setattr(cache_module, "RACY_NS", 0)


class Spy:
    def __init__(self) -> None:
        self.read: list[str] = []

    def file_read(self, path: str) -> None:
        self.read.append(path.rsplit("/", 1)[-1])

    def file_analysed(self, path: str) -> None:
        pass

    def project_rules_ran(self, content_root: str) -> None:
        pass


def _illustrated(src: str, identifier: str = "illustree") -> str:
    return VALID_QCU.format(id=identifier).replace(
        "answer: 1", f'answer: 1\nillustration:\n  src: {src}\n  alt: "Un cadenas fermé"'
    )


def _attached(src: str) -> str:
    return VALID_QCU.format(id="jointe").replace(
        "answer: 1", f"answer: 1\nattachments:\n  - src: {src}\n    title: Notice (1 Ko)"
    )


def check(
    root: Path, project: Path, spy: Spy | None = None, select: Selection = ONLY_FILES
) -> list[tuple[str, int, str]]:
    options = CheckOptions(paths=(root,), config=Config(root=project), selection=select, jobs=1, observer=spy)
    report, crashes = run_check(options)
    assert not crashes, crashes
    return [(d.path.rsplit("/", 1)[-1], d.span.start.line, d.code) for d in report.diagnostics]


def _png(size: tuple[int, int] = (320, 120), colour: str = "white") -> bytes:
    image = Image.new("RGB", size, colour)
    image.putpixel((5, 5), (0, 0, 0))  # not one flat colour
    stream = io.BytesIO()
    image.save(stream, "PNG")
    return stream.getvalue()


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _huge_png(side: int = 50_000) -> bytes:
    """A PNG whose header announces side x side pixels, with one tiny IDAT: made without decoding."""
    header = struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + _chunk(b"IEND", b"")
    )


def _gif(frames: int, duration: int = 40) -> bytes:
    # 200 x 200 = 40,000 px²: over the 21,824 px² a flash must cover
    images = [Image.new("L", (200, 200), 0 if index % 2 else 255) for index in range(frames)]
    stream = io.BytesIO()
    images[0].save(stream, "GIF", save_all=True, append_images=images[1:], duration=duration, loop=0)
    return stream.getvalue()


def _zip_bomb_docx() -> bytes:
    """A .docx whose document.xml inflates to 200 MiB from a few hundred KiB."""
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            block = b"\x00" * (1 << 20)
            for _ in range(200):
                member.write(block)
    return stream.getvalue()


def _timed(function: Callable[[], object]) -> tuple[object, float]:
    start = time.perf_counter()
    result = function()
    return result, time.perf_counter() - start


# --- bad input: each file gives a diagnostic at the line that cites it, in bounded time -----------


def test_a_broken_image_is_reported_where_it_is_cited(make_tree: Tree, tmp_path: Path) -> None:
    root = make_tree({"epreuves/e.md": _illustrated("casse.png"), "epreuves/casse.png": _png()[:60]})
    assert check(root, tmp_path) == [("e.md", ILLUSTRATION_LINE, "A11Y-IMG-013")]


def test_a_missing_image_is_sem_014_alone(make_tree: Tree, tmp_path: Path) -> None:
    root = make_tree({"epreuves/e.md": _illustrated("absente.png")})
    assert check(root, tmp_path) == [("e.md", ILLUSTRATION_LINE, "SEM-014")]


def test_a_50000_pixel_square_png_is_refused_on_its_header(make_tree: Tree, tmp_path: Path) -> None:
    data = _huge_png()
    assert len(data) < 200
    facts, elapsed = _timed(lambda: assets.analyse_file(data))
    assert isinstance(facts, dict)
    assert facts["refused"]
    assert "bombe" in facts["problem"]
    assert elapsed < 0.5
    root = make_tree({"epreuves/e.md": _illustrated("bombe.png"), "epreuves/bombe.png": data})
    assert check(root, tmp_path) == [("e.md", ILLUSTRATION_LINE, "A11Y-IMG-013")]


def test_an_svg_with_a_script_is_refused_without_running_it(make_tree: Tree, tmp_path: Path) -> None:
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    root = make_tree({"epreuves/e.md": _illustrated("logo.svg"), "epreuves/logo.svg": svg})
    assert check(root, tmp_path) == [("e.md", ILLUSTRATION_LINE, "A11Y-IMG-012")]


def test_an_svg_with_entities_is_refused_unexpanded() -> None:
    laughs = (
        b'<!DOCTYPE s [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><svg>&b;</svg>'
    )
    facts = assets.analyse_file(laughs)
    assert facts["format"] == "SVG"
    assert "DTD" in facts["problem"]


def test_a_gif_of_1000_frames_is_timed_without_decoding_and_sampled_for_flashes(
    make_tree: Tree, tmp_path: Path
) -> None:
    data = _gif(1000)
    motion, elapsed = _timed(lambda: assets.analyse_motion(data))
    assert isinstance(motion, dict)
    assert motion["frames"] == 1000
    assert motion["loop"] == 0
    assert motion["flash_frames"] == assets.MAX_FLASH_FRAMES  # the bound, not the whole animation
    assert motion["flashes_per_second"] > 3
    assert elapsed < 5
    root = make_tree({"epreuves/e.md": _illustrated("alerte.gif"), "epreuves/alerte.gif": data})
    assert check(root, tmp_path) == [
        ("e.md", ILLUSTRATION_LINE, "A11Y-MOV-001"),
        ("e.md", ILLUSTRATION_LINE, "A11Y-MOV-002"),
    ]


def test_a_zip_bomb_disguised_as_docx_is_refused_in_bounded_memory(make_tree: Tree, tmp_path: Path) -> None:
    data = _zip_bomb_docx()
    assert len(data) < 2 * 1024 * 1024
    facts, elapsed = _timed(lambda: assets.analyse_file(data))
    assert isinstance(facts, dict)
    assert facts["refused"]
    assert elapsed < 2
    root = make_tree({"epreuves/e.md": _attached("rapport.docx"), "epreuves/rapport.docx": data})
    assert check(root, tmp_path) == [
        ("e.md", ATTACHMENT_LINE, "A11Y-ATT-001"),
        ("e.md", ATTACHMENT_LINE, "A11Y-ATT-006"),
    ]


def test_a_member_that_lies_about_its_size_is_cut_at_the_cap() -> None:
    """A zip whose header declares a small size for a member that inflates far more."""
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", b"<a>" + b" " * (40 * 1024 * 1024) + b"</a>")
    data = bytearray(stream.getvalue())
    # rewrite the declared size of content.xml (local header and central directory) to 100 bytes
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (found := data.find(signature, start)) >= 0:
            name_at = found + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at : name_at + 11] == b"content.xml":
                struct.pack_into("<I", data, found + offset, 100)
            start = found + 4
    facts = assets.analyse_file(bytes(data))
    assert facts.get("problem"), facts  # refused or unreadable, never inflated whole


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("image.png", b"GIF89a" + b"\x00" * 40, "A11Y-IMG-013"),  # extension does not match
        ("image.tiff", b"II*\x00" + b"\x00" * 40, "A11Y-IMG-013"),  # a format browsers do not show
        ("image.png", b"plain text, not an image", "A11Y-IMG-013"),
    ],
)
def test_files_a_browser_would_not_show(
    make_tree: Tree, tmp_path: Path, name: str, data: bytes, code: str
) -> None:
    root = make_tree({"epreuves/e.md": _illustrated(name), f"epreuves/{name}": data})
    assert check(root, tmp_path) == [("e.md", ILLUSTRATION_LINE, code)]


def test_a_file_too_big_to_read_is_refused_from_its_size(
    make_tree: Tree, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(assets, "MAX_FILE_BYTES", 1000)
    spy = Spy()
    root = make_tree({"epreuves/e.md": _illustrated("grande.png"), "epreuves/grande.png": _png((800, 600))})
    assert check(root, tmp_path, spy) == [("e.md", ILLUSTRATION_LINE, "A11Y-IMG-013")]
    assert "grande.png" not in spy.read  # never read


# --- quiet when it should be ---------------------------------------------------------------------


def test_a_readable_image_and_a_tagged_document_give_nothing(make_tree: Tree, tmp_path: Path) -> None:
    root = make_tree({"epreuves/e.md": _illustrated("ok.png"), "epreuves/ok.png": _png()})
    assert check(root, tmp_path, select=ALL) == []


def test_the_sample_content_has_no_file_error() -> None:
    content = Path(__file__).resolve().parent.parent / "content"
    options = CheckOptions(
        paths=(content,), config=Config(root=content.parent), selection=ONLY_FILES, use_cache=False
    )
    report, _ = run_check(options)
    assert [d for d in report.diagnostics if d.severity.label != "info"] == []


# --- once per content hash, and the cache ---------------------------------------------------------


def test_facts_are_computed_once_per_content_hash(tmp_path: Path) -> None:
    data = _png()
    (tmp_path / "a.png").write_bytes(data)
    (tmp_path / "b.png").write_bytes(data)
    library = assets.AssetLibrary(lambda target: str(tmp_path / target))
    first, second = library.get("a.png"), library.get("b.png")
    assert first is not None
    assert second is not None
    assert first.key == second.key
    assert first.facts() == second.facts()
    assert library.decoded == [(first.key, "file")]


def test_a_recheck_reads_no_image_and_a_changed_image_is_read_again(make_tree: Tree, tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        f"epreuves/e{i}.md": _illustrated("../images/x.png", f"illustree-{i}") for i in range(5)
    }
    root = make_tree({**files, "images/x.png": _png()})
    spy = Spy()
    assert check(root, tmp_path, spy) == []
    assert spy.read.count("x.png") == 1  # five épreuves, one read
    spy.read.clear()
    assert check(root, tmp_path, spy) == []
    assert "x.png" not in spy.read
    (root / "images" / "x.png").write_bytes(_png()[:80])  # the image breaks, no épreuve changes
    assert check(root, tmp_path, spy) == [(f"e{i}.md", ILLUSTRATION_LINE, "A11Y-IMG-013") for i in range(5)]
    assert spy.read.count("x.png") == 1
    spy.read.clear()
    assert check(root, tmp_path, spy) == [(f"e{i}.md", ILLUSTRATION_LINE, "A11Y-IMG-013") for i in range(5)]
    assert "x.png" not in spy.read


def test_an_image_modified_within_the_clock_resolution_is_read_again(
    make_tree: Tree, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache_module, "RACY_NS", 10**18)  # every file is "racy"
    root = make_tree({"epreuves/e.md": _illustrated("x.png"), "epreuves/x.png": _png()})
    spy = Spy()
    check(root, tmp_path, spy)
    spy.read.clear()
    check(root, tmp_path, spy)
    assert "x.png" in spy.read  # its stat was not trusted


def test_the_experimental_contrast_estimate_runs_only_when_asked_for() -> None:
    """A11Y-CLR-004 is opt-in: quiet under ALL, and it finds the pale text of its fixture when selected."""
    fixture = FIXTURES / "tree" / "epreuves" / "a11y-pix" / "pix_images.md"
    codes = {code for _, _, code in check(fixture, ROOT, select=ALL)}
    assert "A11Y-CLR-004" not in codes
    asked = check(fixture, ROOT, select=Selection(("A11Y-CLR-004",), (), {}, {}))
    assert ("pix_images.md", 10, "A11Y-CLR-004") in asked
