"""What the files an épreuve cites hold (images, SVG, office documents, PDF), read without trusting them.

The accessibility rules that look inside a file (A11Y-IMG-011 to -014, -MOV-001/002, -CLR-004,
-ATT-001 to -006) read its facts from here. Facts are plain values (marshal stores them), computed
once per content hash however many épreuves cite the file, and kept in the tree's cache by that
hash: a re-check whose files did not change reads none of them. They come in groups, each computed
on first use only: `file` (format, size, dimensions, and what the header, one decoded frame,
the SVG or the archive tell: every cited file), `motion` (frame durations and the flash estimate:
animated images only).

Every file is hostile. Bounds, whatever the file says about itself:
- a file over `MAX_FILE_BYTES` is not read at all (only its size is known);
- an image is opened lazily (header only) and decoded only if its header announces at most
  `MAX_DECODE_PIXELS`; over `BOMB_PIXELS` (Pillow's `MAX_IMAGE_PIXELS`) it is refused as a
  decompression bomb without decoding anything;
- frame durations are read from the GIF, APNG or WebP blocks without decoding (at most
  `MAX_TIMED_FRAMES` frames); the flash estimate decodes at most `MAX_FLASH_FRAMES` frames,
  each reduced to `FLASH_SIDE` pixels on its long side, and at most `FLASH_PIXEL_BUDGET` pixels in all;
- SVG and office XML are parsed by defusedxml (no DTD, no entity, nothing fetched), an XML member
  of at most `MAX_XML_BYTES`; nothing in an SVG is executed;
- an archive (.docx, .odt…) is refused past `MAX_MEMBERS` members, a member past `MAX_MEMBER_BYTES`
  (declared or actually read: a member is read with a cap, never trusting its header) or
  `MAX_RATIO` times its compressed size, or past `MAX_ARCHIVE_BYTES` read in all;
- a PDF is read by pypdf without decoding any content stream: its catalogue, information
  dictionary and at most `MAX_PDF_PAGES` pages' resources.
"""

from __future__ import annotations

import hashlib
import io
import os
import struct
import warnings
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from epreuve_tools.diagnostics import Span

if TYPE_CHECKING:
    from PIL import Image as PILImage

    from epreuve_tools.project import Project

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_DECODE_PIXELS = 4096 * 4096
BOMB_PIXELS = 89_478_485  # Pillow's MAX_IMAGE_PIXELS: what it refuses to decode by default
MAX_TIMED_FRAMES = 100_000
MAX_FLASH_FRAMES = 300
FLASH_SIDE = 64
FLASH_PIXEL_BUDGET = 120_000_000
MAX_XML_BYTES = 8 * 1024 * 1024
MAX_MEMBERS = 5_000
MAX_MEMBER_BYTES = 16 * 1024 * 1024
MAX_ARCHIVE_BYTES = 64 * 1024 * 1024
MAX_RATIO = 100
RATIO_FROM_BYTES = 1024 * 1024  # small members (XML compresses well) are not held to the ratio
MAX_PDF_PAGES = 500
PIXEL_SIDE = 1024  # one frame is reduced to this long side for the pixel statistics (text stays legible)

# What each extension promises, and what a browser shows as an image.
EXTENSION_FORMATS = {
    "png": "PNG",
    "apng": "PNG",
    "jpg": "JPEG",
    "jpeg": "JPEG",
    "jfif": "JPEG",
    "gif": "GIF",
    "webp": "WEBP",
    "avif": "AVIF",
    "svg": "SVG",
    "bmp": "BMP",
    "tif": "TIFF",
    "tiff": "TIFF",
    "ico": "ICO",
    "psd": "PSD",
    "heic": "HEIC",
    "pdf": "PDF",
    "docx": "DOCX",
    "xlsx": "XLSX",
    "pptx": "PPTX",
    "odt": "ODT",
    "ods": "ODS",
    "odp": "ODP",
    "epub": "EPUB",
    "doc": "OLE",
    "xls": "OLE",
    "ppt": "OLE",
    "rtf": "RTF",
    "txt": "TEXT",
    "csv": "TEXT",
    "md": "TEXT",
    "html": "HTML",
    "htm": "HTML",
}
WEB_IMAGE_FORMATS = frozenset(("PNG", "JPEG", "GIF", "WEBP", "SVG", "AVIF"))
PIXEL_FORMATS = frozenset(("PNG", "JPEG", "GIF", "WEBP", "BMP", "TIFF", "ICO", "PSD", "AVIF", "HEIC"))
OFFICE_FORMATS = frozenset(("DOCX", "XLSX", "PPTX", "ODT", "ODS", "ODP", "EPUB"))

# Facts are a dict of plain values; `problem` (a short French phrase) says why the file could not
# be read as what it claims to be, and `refused` whether reading it was stopped by a bound.
Facts = dict[str, Any]


def extension_of(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


# --- what the bytes are --------------------------------------------------------------------------


# Signatures at the start of a file; a zip is told apart by its members (`_archive_format`).
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"BM", "BMP"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"\x00\x00\x01\x00", "ICO"),
    (b"8BPS", "PSD"),
    (b"%PDF-", "PDF"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE"),
    (b"{\\rtf", "RTF"),
    (b"PK\x03\x04", "ZIP"),
)
_FTYP_BRANDS = {b"avif": "AVIF", b"avis": "AVIF", b"heic": "HEIC", b"heix": "HEIC", b"mif1": "HEIC"}


def sniff(data: bytes) -> str:
    """The format the bytes hold, by their signature (not by the name)."""
    head = data[:64]
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return kind
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "WEBP"
    if head[4:8] == b"ftyp" and head[8:12] in _FTYP_BRANDS:
        return _FTYP_BRANDS[head[8:12]]
    return _sniff_text(data)


def _sniff_text(data: bytes) -> str:
    start = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html")):
        return "HTML"
    if b"<svg" in start and start.startswith(b"<"):
        return "SVG"
    try:
        data[:4096].decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < 4090:  # not a character cut at the end of the sample
            return "UNKNOWN"
    return "TEXT" if b"\x00" not in data[:4096] else "UNKNOWN"


def _problem(text: str, *, refused: bool = False) -> Facts:
    return {"problem": text, "refused": refused}


def analyse_file(data: bytes) -> Facts:
    """The `file` group: every fact that the header, one frame, the SVG or the archive gives.

    Facts are the content's alone (kept by content hash): what the name promises is the citation's.
    """
    facts: Facts = {"size": len(data), "format": sniff(data)}
    kind = facts["format"]
    if kind == "ZIP":
        facts.update(_archive(data))
    elif kind in PIXEL_FORMATS:
        facts.update(_image(data))
    elif kind == "SVG":
        facts.update(_svg(data))
    elif kind == "PDF":
        facts.update(_pdf(data))
    return facts


# --- raster images --------------------------------------------------------------------------------


def _open(data: bytes) -> PILImage.Image:
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # DecompressionBombWarning: decided here, on the header
        return Image.open(io.BytesIO(data))


def _image(data: bytes) -> Facts:
    from PIL import Image

    try:
        image = _open(data)
        width, height = image.size
    except Image.DecompressionBombError:
        return _problem("dimensions démesurées (bombe de décompression)", refused=True)
    except Exception as error:  # Pillow raises many kinds on a hostile header
        return _problem(f"illisible ({type(error).__name__})")
    facts: Facts = {
        "width": width,
        "height": height,
        "mode": image.mode,
        "animated": bool(getattr(image, "is_animated", False)),
        "orientation": _orientation(image),
    }
    pixels = width * height
    if pixels > BOMB_PIXELS:
        facts.update(_problem("dimensions démesurées (bombe de décompression)", refused=True))
        return facts
    if pixels > MAX_DECODE_PIXELS:
        facts["undecoded"] = True  # too many pixels to decode here: only the header is checked
        return facts
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if image.format == "JPEG":
                image.draft("RGB", (PIXEL_SIDE, PIXEL_SIDE))  # decoded at 1/2 to 1/8 scale: cheaper
            image.load()
            facts.update(pixel_statistics(image))
    except Exception as error:
        facts.update(_problem(f"tronqué ou corrompu ({type(error).__name__})"))
    return facts


def _orientation(image: PILImage.Image) -> int:
    try:
        value = image.getexif().get(0x0112, 1)
    except Exception:
        return 1
    return value if isinstance(value, int) else 1


def _reduced(image: PILImage.Image, side: int) -> PILImage.Image:
    from PIL import Image

    copy = image.copy()
    copy.thumbnail((side, side), Image.Resampling.BOX)
    return copy


def pixel_statistics(image: PILImage.Image) -> Facts:
    """What one decoded frame says: dark content on transparency (IMG-014), how much it looks like
    text (IMG-011) and the contrast between that text and its background (CLR-004)."""
    small = _reduced(image, PIXEL_SIDE)
    rgba = small.convert("RGBA")
    luminance = _luminance(rgba.convert("RGB"))
    alpha = rgba.getchannel("A")
    # one flat colour: a placeholder, with nothing to read in it (IMG-018 leaves it alone)
    extrema: Any = rgba.getextrema()  # one (low, high) pair per band of RGBA
    facts: Facts = {"flat": all(low == high for low, high in extrema)}
    alpha_histogram = alpha.histogram()
    transparent = sum(alpha_histogram[:128])
    total = small.width * small.height
    if transparent:
        from PIL import ImageChops

        opaque_mask = alpha.point(lambda value: 255 if value >= 128 else 0)
        opaque = total - transparent
        if opaque:
            lit = ImageChops.multiply(luminance, opaque_mask)
            mean = sum(value * count for value, count in enumerate(lit.histogram())) / opaque / 255
            facts["opaque_luminance"] = round(mean, 4)
            facts["transparent_share"] = round(transparent / total, 4)
    facts.update(_text_likeness(luminance))
    return facts


def _linear_table() -> list[int]:
    table = []
    for value in range(256):
        c = value / 255
        linear = c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
        table.append(round(linear * 255))
    return table * 3


_LINEAR = _linear_table()


def _luminance(rgb: PILImage.Image) -> PILImage.Image:
    """Relative luminance (WCAG), on 0..255, computed by Pillow in C: the sRGB curve then the weights."""
    return rgb.point(_LINEAR).convert("L", (0.2126, 0.7152, 0.0722, 0))


def contrast_ratio(first: float, second: float) -> float:
    """WCAG contrast ratio of two relative luminances in 0..1."""
    light, dark = max(first, second), min(first, second)
    return (light + 0.05) / (dark + 0.05)


def _text_likeness(luminance: PILImage.Image) -> Facts:
    """A cheap look for lines of text: one background tone over most of the image, little "ink" on
    it, ink rows gathered in bands (lines), and many ink runs across each inked row (glyphs).

    No OCR: a screenshot, a table or a diagram with labels look the same; IMG-011 only asks a human.
    """
    width, height = luminance.size
    histogram = luminance.histogram()
    background = max(range(256), key=histogram.__getitem__)
    near = sum(histogram[max(0, background - 12) : background + 13])
    total = width * height
    if total == 0 or near / total < 0.5:
        return {"text_like": False}
    low, high = background - 60, background + 60
    mask = luminance.point(lambda value: 255 if value < low or value > high else 0)
    ink = mask.tobytes()
    ink_pixels = ink.count(255)
    share = ink_pixels / total
    if not 0.01 <= share <= 0.4:
        return {"text_like": False}
    text_rows = runs = bands = 0
    previous = False
    for row in range(height):
        line = ink[row * width : (row + 1) * width]
        # a row crossing glyphs: ink in several runs (a rule or a frame's border is one run, and
        # a vertical line adds one pixel to every row)
        row_runs = line.count(b"\x00\xff") + (line[:1] == b"\xff")
        is_text = row_runs >= 3 and line.count(255) >= 0.02 * width
        if is_text:
            text_rows += 1
            runs += row_runs
            bands += not previous
        previous = is_text
    runs_per_row = runs / text_rows if text_rows else 0.0
    facts: Facts = {"text_like": bands >= 3 and runs_per_row >= 6 and text_rows >= 0.15 * height}
    if facts["text_like"]:
        facts["text_contrast"] = _glyph_contrast(luminance, mask, background)
    return facts


def _glyph_contrast(luminance: PILImage.Image, mask: PILImage.Image, background: int) -> float:
    """Background against the glyphs' core: the median of the half of the ink farthest from the
    background (anti-aliased edges, the nearer half, would lower the ratio)."""
    histogram = luminance.histogram(mask=mask)
    ordered = sorted(range(256), key=lambda value: -abs(value - background))
    total = sum(histogram)
    seen = 0
    core = background
    for value in ordered:
        seen += histogram[value]
        if seen >= total / 4:  # the median of the farthest half
            core = value
            break
    return round(contrast_ratio(background / 255, core / 255), 2)


# --- animation --------------------------------------------------------------------------------


def analyse_motion(data: bytes) -> Facts:
    """The `motion` group of an animated image: frames, durations, loops, and the flash estimate."""
    kind = sniff(data)
    durations = _gif_durations(data) if kind == "GIF" else _decoded_durations(data)
    loop = _loop_count(data)
    facts: Facts = {"frames": len(durations), "duration_ms": sum(durations), "loop": loop}
    facts.update(_flashes(data, durations))
    return facts


def _browser_delay(milliseconds: int) -> int:
    # browsers show a frame of 10 ms or less for 100 ms (what GIF makers rely on)
    return 100 if milliseconds <= 10 else milliseconds


def _gif_durations(data: bytes) -> list[int]:
    """Each frame's delay, read from the GIF blocks without decoding (`MAX_TIMED_FRAMES` at most)."""
    durations: list[int] = []
    size = len(data)
    if size < 13:
        return durations
    flags = data[10]
    position = 13 + (3 * (2 << (flags & 7)) if flags & 0x80 else 0)
    delay = 0
    while position < size and len(durations) < MAX_TIMED_FRAMES:
        block = data[position]
        if block == 0x21 and position + 1 < size:  # extension
            label = data[position + 1]
            if label == 0xF9 and position + 5 < size:
                delay = 10 * struct.unpack_from("<H", data, position + 4)[0]
            position = _skip_sub_blocks(data, position + 2)
        elif block == 0x2C and position + 10 <= size:  # image descriptor
            local = data[position + 9]
            position += 10 + (3 * (2 << (local & 7)) if local & 0x80 else 0)
            position = _skip_sub_blocks(data, position + 1)  # after the LZW code size
            durations.append(_browser_delay(delay))
            delay = 0
        else:
            break  # the trailer (0x3B), or damage: what was read is kept
    return durations


def _skip_sub_blocks(data: bytes, position: int) -> int:
    size = len(data)
    while position < size:
        length = data[position]
        position += 1 + length
        if length == 0:
            break
    return position


def _decoded_durations(data: bytes) -> list[int]:
    """APNG and WebP: each frame's duration as Pillow reads it (frames past the cap are not read)."""
    durations: list[int] = []
    try:
        image = _open(data)
        count = min(getattr(image, "n_frames", 1), MAX_FLASH_FRAMES)
        for index in range(count):
            image.seek(index)
            durations.append(_browser_delay(int(image.info.get("duration", 0) or 0)))
    except Exception:  # a hostile file breaks Pillow in many ways: the frames read so far are the facts
        pass
    return durations


def _loop_count(data: bytes) -> int | None:
    """0: loops forever; n: plays n more times; None: plays once."""
    try:
        loop = _open(data).info.get("loop")
    except Exception:
        return None
    return loop if isinstance(loop, int) else None


# RGAA 13.7 / WCAG 2.3.1: a flash is a pair of opposing changes of relative luminance of 0.1 or
# more where the darker state is under 0.8, over an area of 21,824 px² or more.
FLASH_AREA = 21_824
_STEP = round(0.1 * 255)
_DARK = round(0.8 * 255)


def _flashes(data: bytes, durations: list[int]) -> Facts:
    """The highest number of flashes in any one second (§3.2 of the catalogue), on at most
    `MAX_FLASH_FRAMES` frames reduced to `FLASH_SIDE` pixels; `flash_frames` says how many."""
    from PIL import ImageChops

    try:
        image = _open(data)
        width, height = image.size
        if width * height > MAX_DECODE_PIXELS:
            return {"flash_frames": 0}
        limit = min(
            len(durations) or 1, MAX_FLASH_FRAMES, max(1, FLASH_PIXEL_BUDGET // max(1, width * height))
        )
        frames = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for index in range(limit):
                image.seek(index)
                frames.append(_luminance(_reduced(image, FLASH_SIDE).convert("RGB")))
    except Exception:
        return {"flash_frames": 0}
    if len(frames) < 2:
        return {"flash_frames": len(frames), "flashes_per_second": 0.0}
    scale = (width * height) / (frames[0].width * frames[0].height)
    times: list[int] = []
    elapsed = 0
    for index, current in enumerate(frames):
        following = frames[(index + 1) % len(frames)]  # the animation loops back to its first frame
        elapsed += durations[index] if index < len(durations) else 100
        changed = ImageChops.difference(current, following).point(lambda v: 255 if v >= _STEP else 0)
        dark = ImageChops.darker(current, following).point(lambda v: 255 if v < _DARK else 0)
        area = ImageChops.multiply(changed, dark).histogram()[255] * scale
        if area >= FLASH_AREA:
            times.append(elapsed)
    return {"flash_frames": len(frames), "flashes_per_second": _max_in_one_second(times) / 2}


def _max_in_one_second(times: list[int]) -> int:
    best = start = 0
    for end, time in enumerate(times):
        while time - times[start] >= 1000:
            start += 1
        best = max(best, end - start + 1)
    return best


# --- SVG ---------------------------------------------------------------------------------------


_SMIL = frozenset(("animate", "animatetransform", "animatemotion", "animatecolor", "set"))
_REFERENCE_ATTRIBUTES = frozenset(("href", "src"))


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


def _svg(data: bytes) -> Facts:
    """An SVG parsed by defusedxml (no DTD, no entity, nothing fetched): what it would run or load."""
    if len(data) > MAX_XML_BYTES:
        return _problem("SVG trop gros pour être lu", refused=True)
    root = _parse_xml(data)
    if isinstance(root, str):
        return _problem(root)
    scripts = handlers = 0
    external: list[str] = []
    animated_forever = False
    for element in root.iter():
        tag = _local(str(element.tag))
        if tag == "script":
            scripts += 1
        if tag in _SMIL and "indefinite" in (element.get("repeatCount", ""), element.get("repeatDur", "")):
            animated_forever = True
        if tag == "style" and element.text:
            style = element.text.lower()
            animated_forever = animated_forever or "infinite" in style
            if "@import" in style or _external_url_in_style(style):
                external.append("style")
        for name, value in element.attrib.items():
            attribute = _local(name)
            if attribute.startswith("on"):
                handlers += 1
            elif _is_external(attribute, value):
                external.append(value.strip()[:80])
    return {
        "svg_scripts": scripts,
        "svg_handlers": handlers,
        "svg_external": external[:5],
        "svg_animated_forever": animated_forever,
    }


def _is_external(attribute: str, value: str) -> bool:
    """Whether an attribute makes the SVG load something from outside itself."""
    if attribute in _REFERENCE_ATTRIBUTES:
        return not value.strip().startswith(("#", "data:"))
    return attribute == "style" and _external_url_in_style(value.lower())


def _external_url_in_style(style: str) -> bool:
    position = style.find("url(")
    while position >= 0:
        target = style[position + 4 :].lstrip(" '\"")
        if not target.startswith(("#", "data:")):
            return True
        position = style.find("url(", position + 4)
    return False


def _parse_xml(data: bytes) -> Any:
    """The root element, or a French phrase saying why the XML was refused."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        return "XML refusé (DTD ou entités : rien n'est développé ni chargé)"
    except (ParseError, ValueError, UnicodeDecodeError):
        return "XML mal formé"
    except RecursionError:
        return "XML trop imbriqué"


# --- archives (OOXML, ODF, EPUB) ---------------------------------------------------------------


class _ArchiveRefused(Exception):
    """A bound was hit: the archive is refused (a zip bomb, or simply too big to inspect)."""


@dataclass
class _Archive:
    """A zip read under the bounds: members are read with a cap, whatever their header says."""

    zip: zipfile.ZipFile
    read_total: int = 0
    names: set[str] = field(default_factory=set)

    def read(self, name: str, cap: int = MAX_MEMBER_BYTES) -> bytes | None:
        if name not in self.names:
            return None
        info = self.zip.getinfo(name)
        if info.file_size > cap:
            raise _ArchiveRefused(f"« {name} » annonce {info.file_size} octets décompressés")
        if info.file_size > RATIO_FROM_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _ArchiveRefused(f"« {name} » se décompresse plus de {MAX_RATIO} fois")
        with self.zip.open(info) as stream:
            content = stream.read(cap + 1)
        if len(content) > cap or len(content) > MAX_RATIO * max(info.compress_size, 1) + RATIO_FROM_BYTES:
            raise _ArchiveRefused(f"« {name} » se décompresse au-delà de ce qu'il annonce")
        self.read_total += len(content)
        if self.read_total > MAX_ARCHIVE_BYTES:
            raise _ArchiveRefused("plus de 64 Mio décompressés")
        return content

    def xml(self, name: str) -> Any:
        content = self.read(name, MAX_XML_BYTES)
        if content is None:
            return None
        root = _parse_xml(content)
        if isinstance(root, str):
            raise _ArchiveRefused(f"« {name} » : {root}")
        return root


def _archive(data: bytes) -> Facts:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except Exception as error:  # BadZipFile, and what a damaged central directory raises
        return _problem(f"archive illisible ({type(error).__name__})")
    if len(infos) > MAX_MEMBERS:
        return _problem(f"archive de plus de {MAX_MEMBERS} fichiers", refused=True)
    declared = sum(info.file_size for info in infos)
    compressed = sum(info.compress_size for info in infos)
    if declared > RATIO_FROM_BYTES and declared > MAX_RATIO * max(compressed, 1):
        return _problem(
            f"bombe de décompression : {declared} octets annoncés pour {compressed}", refused=True
        )
    reader = _Archive(archive, names={info.filename for info in infos})
    try:
        kind = _archive_format(reader)
        facts: Facts = {"format": kind}
        inspect = _OFFICE_INSPECTORS.get(kind)
        if inspect is not None:
            facts["office"] = inspect(reader)
    except _ArchiveRefused as refusal:
        return _problem(f"archive refusée : {refusal}", refused=True)
    except Exception as error:  # a member that zipfile cannot read (bad CRC, bad method…)
        return _problem(f"archive illisible ({type(error).__name__})")
    return facts


def _archive_format(reader: _Archive) -> str:
    names = reader.names
    if "mimetype" in names:
        mimetype = (reader.read("mimetype", 200) or b"").decode("ascii", "replace").strip()
        return {
            "application/vnd.oasis.opendocument.text": "ODT",
            "application/vnd.oasis.opendocument.spreadsheet": "ODS",
            "application/vnd.oasis.opendocument.presentation": "ODP",
            "application/epub+zip": "EPUB",
        }.get(mimetype, "ZIP")
    if "[Content_Types].xml" in names:
        for prefix, kind in (("word/", "DOCX"), ("xl/", "XLSX"), ("ppt/", "PPTX")):
            if any(name.startswith(prefix) for name in names):
                return kind
    return "ZIP"


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_GENERIC_SHEETS = ("feuil", "feuille", "sheet", "tabelle", "hoja", "foglio", "blad")


def _text_of(root: Any, tag: str) -> str:
    if root is None:
        return ""
    for element in root.iter(tag):
        if element.text and element.text.strip():
            return str(element.text.strip())
    return ""


def _is_generic_sheet(name: str) -> bool:
    lowered = name.strip().lower()
    return any(
        lowered.startswith(prefix) and lowered[len(prefix) :].strip().isdigit() for prefix in _GENERIC_SHEETS
    )


def _ooxml_title(reader: _Archive) -> str:
    return _text_of(reader.xml("docProps/core.xml"), f"{_DC}title")


def _docx_styles(reader: _Archive) -> tuple[set[str], bool]:
    """The ids of the heading styles, and whether a language is set (styles or settings)."""
    styles = reader.xml("word/styles.xml")
    heading_styles: set[str] = set()
    language = False
    for root in (styles, reader.xml("word/settings.xml")):
        if root is not None:
            language = language or any(
                _local(str(e.tag)) in ("lang", "themefontlang") and e.get(f"{_W}val") for e in root.iter()
            )
    if styles is not None:
        for style in styles.iter(f"{_W}style"):
            name = style.find(f"{_W}name")
            if name is not None and name.get(f"{_W}val", "").lower().startswith(
                ("heading", "titre", "title")
            ):
                heading_styles.add(style.get(f"{_W}styleId", ""))
    return heading_styles, language


def _is_heading(paragraph: Any, heading_styles: set[str]) -> bool:
    style = paragraph.find(f"{_W}pPr/{_W}pStyle")
    if style is not None and style.get(f"{_W}val") in heading_styles:
        return True
    return paragraph.find(f"{_W}pPr/{_W}outlineLvl") is not None


def _is_empty_paragraph(paragraph: Any) -> bool:
    if "".join(paragraph.itertext()).strip():
        return False
    return not any(_local(str(e.tag)) == "drawing" for e in paragraph.iter())


def _has_alt(properties: Any) -> bool:
    """A picture's `wp:docPr`: a description, or the « decorative » mark of recent Word."""
    if (properties.get("descr") or "").strip():
        return True
    return any(
        _local(str(e.tag)) == "decorative" and e.get("val") in ("1", "true") for e in properties.iter()
    )


def _docx(reader: _Archive) -> Facts:
    document = reader.xml("word/document.xml")
    heading_styles, language = _docx_styles(reader)
    counts = {"paragraphs": 0, "headings": 0, "images_without_alt": 0, "tables_without_header": 0}
    empty_run = longest_empty = 0
    for element in document.iter() if document is not None else ():
        tag = _local(str(element.tag))
        if tag == "p":
            counts["paragraphs"] += 1
            counts["headings"] += _is_heading(element, heading_styles)
            empty_run = empty_run + 1 if _is_empty_paragraph(element) else 0
            longest_empty = max(longest_empty, empty_run)
        elif tag == "docpr":
            counts["images_without_alt"] += not _has_alt(element)
        elif tag == "tbl" and not any(_local(str(e.tag)) == "tblheader" for e in element.iter()):
            counts["tables_without_header"] += 1
    return {
        "title": bool(_ooxml_title(reader)),
        "language": language,
        **counts,
        "empty_paragraphs": longest_empty,
    }


def _xlsx(reader: _Archive) -> Facts:
    workbook = reader.xml("xl/workbook.xml")
    sheets = []
    if workbook is not None:
        sheets = [str(e.get("name", "")) for e in workbook.iter() if _local(str(e.tag)) == "sheet"]
    merged = 0
    for name in sorted(reader.names):
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            sheet = reader.xml(name)
            merged += sum(1 for e in sheet.iter() if _local(str(e.tag)) == "mergecell")
    return {
        "title": bool(_ooxml_title(reader)),
        "generic_sheets": [name for name in sheets if _is_generic_sheet(name)][:5],
        "merged_cells": merged,
    }


def _pptx(reader: _Archive) -> Facts:
    return {"title": bool(_ooxml_title(reader))}


_ODF_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_ODF_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_ODF_DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
_ODF_SVG = "{urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0}"
_ODF_FO = "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}"


def _odf(reader: _Archive) -> Facts:
    content = reader.xml("content.xml")
    meta = reader.xml("meta.xml")
    styles = reader.xml("styles.xml")
    language = bool(_text_of(meta, f"{_DC}language"))
    for root in (styles, content):
        if root is not None and not language:
            language = any(e.get(f"{_ODF_FO}language") for e in root.iter())
    frames_without_alt = headings = paragraphs = merged = 0
    sheets: list[str] = []
    if content is not None:
        for element in content.iter():
            tag = str(element.tag)
            if tag == f"{_ODF_DRAW}frame":
                if element.find(f"{_ODF_SVG}title") is None and element.find(f"{_ODF_SVG}desc") is None:
                    frames_without_alt += 1
            elif tag == f"{_ODF_TEXT}h":
                headings += 1
            elif tag == f"{_ODF_TEXT}p":
                paragraphs += 1
            elif tag == f"{_ODF_TABLE}table":
                sheets.append(str(element.get(f"{_ODF_TABLE}name", "")))
            elif tag == f"{_ODF_TABLE}table-cell":
                spans = element.get(f"{_ODF_TABLE}number-columns-spanned", "1")
                rows = element.get(f"{_ODF_TABLE}number-rows-spanned", "1")
                if spans not in ("1", "") or rows not in ("1", ""):
                    merged += 1
    return {
        "title": bool(_text_of(meta, f"{_DC}title")),
        "language": language,
        "images_without_alt": frames_without_alt,
        "headings": headings,
        "paragraphs": paragraphs,
        "generic_sheets": [name for name in sheets if _is_generic_sheet(name)][:5],
        "merged_cells": merged,
    }


_OFFICE_INSPECTORS: dict[str, Callable[[_Archive], Facts]] = {
    "DOCX": _docx,
    "XLSX": _xlsx,
    "PPTX": _pptx,
    "ODT": _odf,
    "ODS": _odf,
    "ODP": _odf,
}


# --- PDF ---------------------------------------------------------------------------------------


def _pdf(data: bytes) -> Facts:
    """Tags, language, title and a text layer, from the catalogue and the pages' resources only:
    no content stream is decoded (a compressed stream may be a bomb)."""
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                return {"pdf": {"encrypted": True}}
            root: Any = reader.trailer["/Root"].get_object()
            mark_info = root.get("/MarkInfo")
            marked = bool(mark_info is not None and mark_info.get_object().get("/Marked"))
            preferences = root.get("/ViewerPreferences")
            display_title = bool(preferences is not None and preferences.get_object().get("/DisplayDocTitle"))
            info: Any = reader.trailer.get("/Info")
            title = info.get_object().get("/Title") if info is not None else None
            pages_without_text = pages = 0
            for page in _limited(reader.pages, MAX_PDF_PAGES):
                pages += 1
                if not _page_has_fonts(page):
                    pages_without_text += 1
            return {
                "pdf": {
                    "tagged": marked and "/StructTreeRoot" in root,
                    "language": bool(str(root.get("/Lang", "")).strip()),
                    "title": bool(str(title or "").strip()),
                    "display_title": display_title,
                    "pages": pages,
                    "pages_without_text": pages_without_text,
                }
            }
    except RecursionError:
        return _problem("PDF trop imbriqué")
    except Exception as error:  # pypdf raises many kinds on a damaged or hostile file
        return _problem(f"PDF illisible ({type(error).__name__})")


def _limited(items: Any, count: int) -> Iterator[Any]:
    for index, item in enumerate(items):
        if index >= count:
            return
        yield item


def _page_has_fonts(page: Any) -> bool:
    resources = page.get("/Resources")
    if resources is None:
        return False
    fonts = resources.get_object().get("/Font")
    return fonts is not None and len(fonts.get_object()) > 0


# --- the library: facts by content hash, with the cache ---------------------------------------


GROUPS: dict[str, Callable[[bytes], Facts]] = {"file": analyse_file, "motion": analyse_motion}


def file_key(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class AssetCache:
    """What a run keeps of the files it inspected (the checker backs it with the tree's cache)."""

    def get(self, name: str) -> Any:
        return None

    def put(self, name: str, value: Any) -> None:
        return None


@dataclass
class Asset:
    """One cited file: its facts by group, computed on first use and once per content hash."""

    library: AssetLibrary
    target: str  # as shown, relative to the project root
    key: str
    size: int

    def facts(self, group: str = "file") -> Facts:
        return self.library.group(self, group)


class AssetLibrary:
    """The files of one content tree that épreuves cite, by target path as shown.

    `absolute` maps a shown path to the file on disk. A file's bytes are read (and hashed) only
    when its stat changed since the last run; its facts are computed only when no file of the
    previous run had those bytes. `reads` lists what this run looked at (target, key), so that the
    next one knows what the project rules' findings depend on.
    """

    def __init__(
        self,
        absolute: Callable[[str], str],
        cache: AssetCache | None = None,
        *,
        started_ns: int = 0,
        on_read: Callable[[str], None] | None = None,
        racy_ns: int = 2_000_000_000,
    ) -> None:
        self.absolute = absolute
        self.cache = cache or AssetCache()
        self.started_ns = started_ns
        self.on_read = on_read
        self.racy_ns = racy_ns
        self._assets: dict[str, Asset | None] = {}
        self._data: dict[str, bytes] = {}
        self._groups: dict[tuple[str, str], Facts] = {}
        self.reads: dict[str, str] = {}
        self.decoded: list[tuple[str, str]] = []  # (key, group) computed this run: tests watch it

    def get(self, target: str) -> Asset | None:
        if target not in self._assets:
            self._assets[target] = self._load(target)
        return self._assets[target]

    def key_of(self, target: str) -> str | None:
        asset = self.get(target)
        return asset.key if asset is not None else None

    def _stat(self, target: str) -> tuple[int, int, int, int] | None:
        import stat as stat_module

        try:
            status = os.stat(self.absolute(target))
        except (OSError, ValueError):
            return None
        if not stat_module.S_ISREG(status.st_mode):
            return None
        return (status.st_size, status.st_ino & ((1 << 63) - 1), status.st_mtime_ns, status.st_ctime_ns)

    def _load(self, target: str) -> Asset | None:
        signature = self._stat(target)
        if signature is None:
            return None
        known = self.cache.get(f"file:{target}")
        if (
            isinstance(known, tuple)
            and len(known) == 2
            and tuple(known[0]) == signature
            and isinstance(known[1], str)
            and any(signature)
        ):
            key = known[1]
        else:
            if signature[0] > MAX_FILE_BYTES:
                key = f"big:{signature[0]}"  # never read: its size is the fact
            else:
                data = self._read(target)
                if data is None:
                    return None
                key = file_key(data)
                self._data[key] = data
            racy = self.started_ns - max(signature[2], signature[3]) < self.racy_ns
            signature = (0, 0, 0, 0) if racy else signature
        self.cache.put(f"file:{target}", (signature, key))
        self.reads[target] = key
        return Asset(self, target, key, signature[0])

    def _read(self, target: str) -> bytes | None:
        if self.on_read is not None:
            self.on_read(target)
        try:
            descriptor = os.open(self.absolute(target), os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        except OSError:
            return None
        with os.fdopen(descriptor, "rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
        return data if len(data) <= MAX_FILE_BYTES else None

    def group(self, asset: Asset, name: str) -> Facts:
        memo = (asset.key, name)
        if memo in self._groups:
            return self._groups[memo]
        facts = self._from_cache(asset.key, name)
        if facts is None:
            facts = self._compute(asset, name)
        self.cache.put(f"facts:{name}:{asset.key}", facts)
        self._groups[memo] = facts
        return facts

    def _from_cache(self, key: str, name: str) -> Facts | None:
        known = self.cache.get(f"facts:{name}:{key}")
        return known if isinstance(known, dict) else None

    def _compute(self, asset: Asset, name: str) -> Facts:
        if asset.key.startswith("big:"):
            return {"size": asset.size, "problem": "fichier trop gros pour être lu", "refused": True}
        data = self._data.get(asset.key)
        if data is None:
            data = self._read(asset.target)
            if data is None or file_key(data) != asset.key:  # changed under our feet: read as it is now
                return {"size": len(data or b""), "problem": "fichier modifié pendant la vérification"}
            self._data[asset.key] = data
        self.decoded.append((asset.key, name))
        return GROUPS[name](data)

    def unchanged(self, previous: Any) -> bool:
        """Whether every file of `previous` ((target, key) pairs a run read) still has its key."""
        if not isinstance(previous, (list, tuple)):
            return False
        for item in previous:
            if not (isinstance(item, (list, tuple)) and len(item) == 2 and isinstance(item[0], str)):
                return False
            if self.key_of(item[0]) != item[1]:
                return False
        return True

    def keep(self, previous: Any) -> None:
        """Carry the facts of the files `previous` read into this run's cache (nothing changed)."""
        for _target, key in previous:
            for name in GROUPS:
                known = self.cache.get(f"facts:{name}:{key}")
                if known is not None:
                    self.cache.put(f"facts:{name}:{key}", known)

    def read_list(self) -> list[tuple[str, str]]:
        return sorted(self.reads.items())


# --- what the rules iterate -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Citation:
    """One place where an épreuve cites a file the rules look inside."""

    path: str  # the épreuve, as shown
    use: str  # illustration, image, attachment, alternative
    src: str
    span: Span
    traits: tuple[str, ...]
    asset: Asset

    @property
    def informative(self) -> bool:
        """An image whose content matters to the learner (not decorative)."""
        return "decorative" not in self.traits

    def has(self, trait: str) -> bool:
        return trait in self.traits

    @property
    def expected_format(self) -> str | None:
        """The format the file's extension promises (None: an extension that promises nothing known)."""
        return EXTENSION_FORMATS.get(extension_of(self.asset.target))


IMAGE_USES = frozenset(("illustration", "image"))
DOCUMENT_USES = frozenset(("attachment", "alternative"))


def citations(project: Project, uses: frozenset[str]) -> Iterator[Citation]:
    """Every citation of a file of the tree for these uses, with its facts on demand. A file that
    is missing or outside the tree is SEM-014's or SEM-015's, and is skipped here.

    Some twenty rules ask in a row, each walking every épreuve's uses: the citations of the
    project are listed once, on the first call, and each rule filters them."""
    library = project.assets
    if library is None:
        return
    for citation in _every_citation(project, library):
        if citation.use in uses:
            yield citation


def _every_citation(project: Project, library: AssetLibrary) -> list[Citation]:
    key = (id(project), id(project.epreuves), len(project.epreuves), id(library), id(project.files))
    if _CITED.key == key and _CITED.project is project:
        return _CITED.citations
    found: list[Citation] = []
    for path, facts in project.epreuves.items():
        for use, src, span, traits in facts.asset_uses():
            target = project.resolve(path, src)
            if target is None or target not in project.files:
                continue
            asset = library.get(target)
            if asset is not None:
                found.append(Citation(path, use, src, span, tuple(traits), asset))
    _CITED.key, _CITED.project, _CITED.citations = key, project, found
    return found


class _Cited:
    """The citations of the last project asked about (its rules run one after the other); the
    entry keeps the project alive, so that its identity cannot be another's."""

    __slots__ = ("citations", "key", "project")

    def __init__(self) -> None:
        self.key: tuple[int, ...] = ()
        self.project: Project | None = None
        self.citations: list[Citation] = []


_CITED = _Cited()
