#!/usr/bin/env python3
"""Draw the illustrations and attachments of the sample épreuves, deterministically.

    python scripts/illustrations.py            # (re)write every file listed in REGISTRY
    python scripts/illustrations.py --check    # regenerate into a temporary folder, exit 1 if a file differs
    python scripts/illustrations.py --list     # print the files this script owns

Every file under content/epreuves/**/images/ and content/epreuves/**/fichiers/ is produced here, from code
only: no randomness, no clock, no system font. Requirements: Python >= 3.11 and Pillow (nothing else).

Determinism notes
- Text uses the font bundled inside Pillow (`ImageFont.load_default(size=...)`, a subset of Aileron
  Regular) with the BASIC layout engine, so neither the fonts installed on the machine nor libraqm matter.
  That subset has no accented letters: accents, cedillas, "œ", "€" and dashes are composed below from the
  glyphs it does have (see `Canvas.text`).
- Glyph rasterisation belongs to FreeType and PNG compression to zlib, both shipped inside the Pillow wheel.
  The committed files were produced with the Pillow version in GENERATED_WITH; another version may change
  a few anti-aliased pixels or the compressed bytes. `--check` therefore compares PNG files by their
  decoded pixels when their bytes differ, and says so.
- PNG: RGB, no metadata chunk, fixed compression level. ODS: a zip written entry by entry, with a fixed
  date, fixed permissions and stored (uncompressed) entries, `mimetype` first. PDF: written by hand,
  uncompressed, fixed dates, document ID derived from the content.
"""

# Drawing primitives take coordinates, text, size and colour positionally, as Pillow's own do.
# ruff: noqa: PLR0917

from __future__ import annotations

import argparse
import hashlib
import io
import sys
import tempfile
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from PIL import Image, ImageDraw, ImageFont
from PIL import __version__ as PILLOW_VERSION

ROOT = Path(__file__).resolve().parent.parent
EPREUVES = ROOT / "content" / "epreuves"
GENERATED_WITH = "13.0.0"  # Pillow version that produced the committed images

# A small palette keeps the PNG files light.
WHITE = (255, 255, 255)
PAPER = (250, 250, 250)
BG = (242, 242, 242)
HEAD = (228, 228, 228)
LINE = (196, 196, 196)
DARK_LINE = (150, 150, 150)
TEXT = (30, 30, 30)
MUTED = (96, 96, 96)
BLUE = (0, 0, 145)  # "bleu France"
LIGHT_BLUE = (227, 227, 253)
SELECT = (204, 222, 255)
LINK = (0, 70, 190)
RED = (206, 5, 0)
LIGHT_RED = (255, 233, 233)
GREEN = (24, 117, 60)
LIGHT_GREEN = (220, 242, 228)
YELLOW = (255, 202, 0)
ORANGE = (190, 90, 0)
BUSY = (214, 214, 214)


# --------------------------------------------------------------------------------------------------------
# Text: Pillow's bundled font, with French diacritics composed from the glyphs the subset has
# --------------------------------------------------------------------------------------------------------

# Characters the bundled Aileron subset draws itself (checked against its ".notdef" box).
PLAIN = {chr(c) for c in range(0x20, 0x7F)} | set("«»’…°·")

# Base characters drawn by hand, with their advance width in ems.
SPECIAL_WIDTH = {"–": 0.55, "—": 0.95, "•": 0.5, "▾": 0.7, "×": 0.6, "✓": 0.8, "→": 1.0, "\u202f": 0.25}


@cache
def font(size: int) -> ImageFont.FreeTypeFont:
    bundled = ImageFont.load_default(size=size)
    assert isinstance(bundled, ImageFont.FreeTypeFont), "Pillow was built without FreeType"
    return bundled.font_variant(layout_engine=ImageFont.Layout.BASIC)


@cache
def ink(ch: str, size: int) -> tuple[int, int, int, int]:
    """Bounding box of the inked pixels of `ch` drawn at (0, 0): precise, unlike the font metrics."""
    pad = size
    im = Image.new("L", (size * 4, size * 4), 0)
    ImageDraw.Draw(im).text((pad, pad), ch, font=font(size), fill=255)
    box = im.getbbox()
    assert box is not None, f"empty glyph {ch!r}"
    return (box[0] - pad, box[1] - pad, box[2] - pad, box[3] - pad)


def advance(ch: str, size: int) -> float:
    return font(size).getlength(ch)


def clusters(s: str) -> list[tuple[str, str]]:
    """Split text into (base character, combining marks) pairs, after canonical decomposition."""
    out: list[tuple[str, str]] = []
    for ch in unicodedata.normalize("NFD", s.replace("\u00a0", " ")):
        if unicodedata.combining(ch) and out:
            out[-1] = (out[-1][0], out[-1][1] + ch)
        else:
            out.append((ch, ""))
    return out


def cluster_width(base: str, size: int) -> float:
    if base in PLAIN:
        return advance(base, size)
    if base == "œ":
        return advance("o", size) * 0.74 + advance("e", size)
    if base == "Œ":
        return advance("O", size) * 0.8 + advance("E", size)
    if base == "€":
        return advance("C", size) + size * 0.05
    if base in SPECIAL_WIDTH:
        return size * SPECIAL_WIDTH[base]
    raise ValueError(f"the bundled font cannot draw {base!r} (U+{ord(base):04X})")


def text_width(s: str, size: int) -> float:
    return sum(cluster_width(base, size) for base, _ in clusters(s))


def wrap(s: str, size: int, width: float) -> list[str]:
    """Greedy word wrap; a "\n" forces a line break."""
    lines: list[str] = []
    for para in s.split("\n"):
        line = ""
        for word in para.split(" "):
            candidate = f"{line} {word}" if line else word
            if line and text_width(candidate, size) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


# --------------------------------------------------------------------------------------------------------
# Canvas: an RGB image with the drawing primitives the mock-ups share
# --------------------------------------------------------------------------------------------------------

Box = tuple[float, float, float, float]
Color = tuple[int, int, int]


class Canvas:
    def __init__(self, width: int, height: int, bg: Color = WHITE) -> None:
        assert width <= 800, "keep illustrations at most 800 pixels wide"
        assert height <= 500, "keep illustrations at most 500 pixels high"
        self.img = Image.new("RGB", (width, height), bg)
        self.d = ImageDraw.Draw(self.img)

    # ---- shapes
    def rect(
        self,
        box: Box,
        fill: Color | None = None,
        outline: Color | None = None,
        width: int = 1,
        radius: int = 0,
    ) -> None:
        box = tuple(round(v) for v in box)  # type: ignore[assignment]
        if radius:
            self.d.rounded_rectangle(box, radius=radius, fill=fill, outline=outline, width=width)
        else:
            self.d.rectangle(box, fill=fill, outline=outline, width=width)

    def line(self, points: Sequence[tuple[float, float]], fill: Color = LINE, width: int = 1) -> None:
        self.d.line([(round(x), round(y)) for x, y in points], fill=fill, width=width)

    def hline(self, x0: float, x1: float, y: float, fill: Color = LINE) -> None:
        self.line([(x0, y), (x1, y)], fill)

    def vline(self, x: float, y0: float, y1: float, fill: Color = LINE) -> None:
        self.line([(x, y0), (x, y1)], fill)

    def ellipse(
        self, box: Box, fill: Color | None = None, outline: Color | None = None, width: int = 1
    ) -> None:
        self.d.ellipse([round(v) for v in box], fill=fill, outline=outline, width=width)

    def polygon(self, points: Sequence[tuple[float, float]], fill: Color) -> None:
        self.d.polygon([(round(x), round(y)) for x, y in points], fill=fill)

    # ---- text
    def _glyph(
        self, x: float, y: float, ch: str, size: int, fill: Color, clip_top: float | None = None
    ) -> None:
        if clip_top is None:
            self.d.text((x, y), ch, font=font(size), fill=fill)
            return
        # Draw the glyph through a mask cut above `clip_top`: a dotless "i" to put an accent on.
        ix, iy = int(x) - size, int(y) - size
        mask = Image.new("L", (size * 4, size * 4), 0)
        ImageDraw.Draw(mask).text((x - ix, y - iy), ch, font=font(size), fill=255)
        cut = max(0, round(clip_top - iy))
        mask.paste(0, (0, 0, mask.width, cut))
        self.img.paste(fill, (ix, iy), mask)

    def _base(self, x: float, y: float, base: str, size: int, fill: Color, dotless: bool) -> None:
        if base in PLAIN:
            top = y + ink("x", size)[1] - 0.5 if dotless and base in "ij" else None
            self._glyph(x, y, base, size, fill, top)
        elif base == "œ":
            self._glyph(x, y, "o", size, fill)
            self._glyph(x + advance("o", size) * 0.74, y, "e", size, fill)
        elif base == "Œ":
            self._glyph(x, y, "O", size, fill)
            self._glyph(x + advance("O", size) * 0.8, y, "E", size, fill)
        elif base == "€":
            self._glyph(x + size * 0.05, y, "C", size, fill)
            _, c0, _, c1 = ink("C", size)
            t = max(1, round(size / 14))
            for frac in (0.40, 0.60):
                yy = round(y + c0 + (c1 - c0) * frac) - t // 2
                self.rect((x, yy, x + advance("C", size) * 0.62, yy + t - 1), fill=fill)
        elif base in "–—":
            _, h0, _, h1 = ink("-", size)
            self.rect(
                (x + size * 0.04, y + h0, x + cluster_width(base, size) - size * 0.07, y + h1 - 1), fill=fill
            )
        elif base != "\u202f":
            _, x0, _, x1 = ink("x", size)
            cy = y + (x0 + x1) / 2
            if base == "•":
                r = size * 0.13
                self.ellipse((x + size * 0.25 - r, cy - r, x + size * 0.25 + r, cy + r), fill=fill)
            elif base == "▾":
                w = size * 0.5
                self.polygon(
                    [
                        (x + size * 0.1, cy - w * 0.3),
                        (x + size * 0.1 + w, cy - w * 0.3),
                        (x + size * 0.1 + w / 2, cy + w * 0.35),
                    ],
                    fill,
                )
            elif base == "×":
                w, t, cx = size * 0.36, max(1, round(size / 10)), x + size * 0.3
                self.line([(cx - w / 2, cy - w / 2), (cx + w / 2, cy + w / 2)], fill, t)
                self.line([(cx - w / 2, cy + w / 2), (cx + w / 2, cy - w / 2)], fill, t)
            elif base == "✓":
                t = max(2, round(size / 8))
                self.d.line(
                    [
                        (x + size * 0.1, cy),
                        (x + size * 0.3, cy + size * 0.2),
                        (x + size * 0.7, cy - size * 0.3),
                    ],
                    fill=fill,
                    width=t,
                    joint="curve",
                )
            elif base == "→":
                self.line([(x + size * 0.1, cy), (x + size * 0.8, cy)], fill, max(1, round(size / 12)))
                self.polygon(
                    [
                        (x + size * 0.9, cy),
                        (x + size * 0.65, cy - size * 0.18),
                        (x + size * 0.65, cy + size * 0.18),
                    ],
                    fill,
                )

    def _mark(self, x: float, y: float, base: str, mark: str, size: int, fill: Color) -> None:
        bx0, by0, bx1, by1 = ink(base if base in PLAIN else "o", size)
        if base in "ij":  # the dot is cut away (see `_base`): the accent sits on the x-height
            by0 = ink("x", size)[1]
        cx = x + (bx0 + bx1) / 2
        gap = max(1, round(size * 0.07))
        if mark in "\u0301\u0300\u0302":  # acute, grave, circumflex: a spacing accent glyph above the letter
            glyph, gsize = {
                "\u0301": ("´", size),
                "\u0300": ("`", size),
                "\u0302": ("^", round(size * 0.62)),
            }[mark]
            gx0, _, gx1, gy1 = ink(glyph, gsize)
            shift = {"\u0301": 0.04, "\u0300": -0.03, "\u0302": 0.0}[mark] * size
            self._glyph(cx - (gx0 + gx1) / 2 + shift, y + by0 - gap - gy1, glyph, gsize, fill)
        elif mark == "\u0308":  # diaeresis: two dots
            gx0, _, gx1, gy1 = ink(".", size)
            for dx in (-0.13 * size, 0.13 * size):
                self._glyph(cx + dx - (gx0 + gx1) / 2, y + by0 - gap - gy1, ".", size, fill)
        elif mark == "\u0327":  # cedilla: a small comma under the letter
            gsize = round(size * 0.85)
            gx0, gy0, gx1, _ = ink(",", gsize)
            self._glyph(cx - (gx0 + gx1) / 2, y + by1 - 1 - gy0, ",", gsize, fill)
        else:
            raise ValueError(f"no drawing for the combining mark U+{ord(mark):04X}")

    def text(
        self, x: float, y: float, s: str, size: int = 14, fill: Color = TEXT, bold: bool = False
    ) -> float:
        """Draw `s` with its top-left corner (font ascender line) at (x, y); return the x where it ends."""
        for base, marks in clusters(s):
            # Faux bold: the same glyphs drawn again 0.6 px to the right.
            for dx in (0.0, 0.6) if bold else (0.0,):
                self._base(x + dx, y, base, size, fill, dotless=bool(marks))
                for mark in marks:
                    self._mark(x + dx, y, base, mark, size, fill)
            x += cluster_width(base, size)
        return x

    def label(
        self,
        box: Box,
        s: str,
        size: int = 14,
        fill: Color = TEXT,
        bold: bool = False,
        align: str = "left",
        pad: float = 8,
    ) -> None:
        """Text vertically centred in `box`, aligned left, centre or right."""
        x0, y0, x1, y1 = box
        w = text_width(s, size)
        x = {"left": x0 + pad, "center": (x0 + x1 - w) / 2, "right": x1 - pad - w}[align]
        self.text(x, (y0 + y1) / 2 - size * 0.66, s, size, fill, bold)

    def paragraph(
        self,
        x: float,
        y: float,
        width: float,
        s: str,
        size: int = 14,
        fill: Color = TEXT,
        leading: float = 1.45,
        bold: bool = False,
    ) -> float:
        """Wrapped text; return the y below its last line."""
        for line in wrap(s, size, width):
            self.text(x, y, line, size, fill, bold)
            y += size * leading
        return y

    # ---- widgets
    def button(self, box: Box, s: str, primary: bool = False, size: int = 14) -> None:
        fill, outline, colour = (BLUE, BLUE, WHITE) if primary else (WHITE, DARK_LINE, TEXT)
        self.rect(box, fill=fill, outline=outline, radius=4)
        self.label(box, s, size, colour, align="center")

    def field(
        self, box: Box, s: str = "", size: int = 14, fill: Color = TEXT, placeholder: bool = False
    ) -> None:
        self.rect(box, fill=WHITE, outline=DARK_LINE)
        if s:
            self.label(box, s, size, MUTED if placeholder else fill)

    def window(self, box: Box, title: str, size: int = 13) -> Box:
        """A desktop window frame with its title bar; return the content box."""
        x0, y0, x1, y1 = box
        self.rect(box, fill=WHITE, outline=DARK_LINE)
        self.rect((x0 + 1, y0 + 1, x1 - 1, y0 + 28), fill=HEAD)
        self.hline(x0, x1, y0 + 29, DARK_LINE)
        self.label((x0, y0, x1 - 80, y0 + 29), title, size, TEXT)
        # minimise, maximise, close
        cy = y0 + 15
        self.hline(x1 - 74, x1 - 64, cy + 4, MUTED)
        self.rect((x1 - 50, cy - 5, x1 - 40, cy + 5), outline=MUTED)
        self.line([(x1 - 24, cy - 5), (x1 - 14, cy + 5)], MUTED, 2)
        self.line([(x1 - 24, cy + 5), (x1 - 14, cy - 5)], MUTED, 2)
        return (x0 + 1, y0 + 30, x1 - 1, y1 - 1)

    def browser(self, box: Box, url: str, tab: str, secure: bool = True) -> Box:
        """A browser window: tab, address bar with its padlock; return the page box."""
        x0, y0, x1, y1 = box
        self.rect(box, fill=WHITE, outline=DARK_LINE)
        self.rect((x0 + 1, y0 + 1, x1 - 1, y0 + 34), fill=HEAD)
        self.rect((x0 + 8, y0 + 6, x0 + 250, y0 + 35), fill=BG, outline=LINE, radius=6)
        self.rect((x0 + 9, y0 + 30, x0 + 249, y0 + 36), fill=BG)
        self.label((x0 + 8, y0 + 6, x0 + 250, y0 + 34), tab, 12)
        self.rect((x0 + 1, y0 + 35, x1 - 1, y0 + 72), fill=BG)
        self.hline(x0, x1, y0 + 72, LINE)
        # back, forward, reload
        self.text(x0 + 12, y0 + 44, "<", 16, MUTED)
        self.text(x0 + 34, y0 + 44, ">", 16, MUTED)
        self.ellipse((x0 + 55, y0 + 47, x0 + 69, y0 + 61), outline=MUTED, width=2)
        self.rect((x0 + 84, y0 + 41, x1 - 12, y0 + 66), fill=WHITE, outline=LINE, radius=12)
        if secure:
            self.padlock(x0 + 98, y0 + 46, 13)
        self.text(x0 + 118, y0 + 45, url, 14, TEXT)
        return (x0 + 1, y0 + 73, x1 - 1, y1 - 1)

    def padlock(self, x: float, y: float, h: float, colour: Color = MUTED) -> None:
        w = h * 0.8
        self.d.arc(
            (round(x + w * 0.18), round(y), round(x + w * 0.82), round(y + h * 0.75)),
            180,
            360,
            fill=colour,
            width=2,
        )
        self.vline(x + w * 0.18, y + h * 0.37, y + h * 0.5, colour)
        self.vline(x + w * 0.82 - 1, y + h * 0.37, y + h * 0.5, colour)
        self.rect((x, y + h * 0.45, x + w, y + h), fill=colour)

    def icon_warning(self, cx: float, cy: float, r: float) -> None:
        self.polygon([(cx, cy - r), (cx + r * 1.1, cy + r * 0.85), (cx - r * 1.1, cy + r * 0.85)], TEXT)
        self.polygon(
            [(cx, cy - r + 4), (cx + r * 1.1 - 5, cy + r * 0.85 - 2), (cx - r * 1.1 + 5, cy + r * 0.85 - 2)],
            YELLOW,
        )
        self.rect((cx - 2, cy - r * 0.35, cx + 2, cy + r * 0.35), fill=TEXT)
        self.rect((cx - 2, cy + r * 0.5, cx + 2, cy + r * 0.65), fill=TEXT)

    def icon_error(self, cx: float, cy: float, r: float) -> None:
        self.ellipse((cx - r, cy - r, cx + r, cy + r), fill=RED)
        t = max(3, round(r / 5))
        self.line([(cx - r * 0.4, cy - r * 0.4), (cx + r * 0.4, cy + r * 0.4)], WHITE, t)
        self.line([(cx - r * 0.4, cy + r * 0.4), (cx + r * 0.4, cy - r * 0.4)], WHITE, t)

    def icon_info(self, cx: float, cy: float, r: float, colour: Color = BLUE) -> None:
        self.ellipse((cx - r, cy - r, cx + r, cy + r), fill=colour)
        self.rect((cx - 2, cy - r * 0.15, cx + 2, cy + r * 0.55), fill=WHITE)
        self.rect((cx - 2, cy - r * 0.55, cx + 2, cy - r * 0.35), fill=WHITE)

    def icon_folder(self, x: float, y: float, s: float = 16) -> None:
        self.rect((x, y + s * 0.1, x + s * 0.45, y + s * 0.3), fill=(222, 170, 40))
        self.rect((x, y + s * 0.25, x + s * 1.1, y + s * 0.9), fill=(240, 190, 60))

    def icon_file(self, x: float, y: float, s: float = 16, colour: Color = BLUE) -> None:
        w = s * 0.8
        self.polygon([(x, y), (x + w * 0.65, y), (x + w, y + s * 0.3), (x + w, y + s), (x, y + s)], WHITE)
        self.line(
            [(x, y), (x + w * 0.65, y), (x + w, y + s * 0.3), (x + w, y + s), (x, y + s), (x, y)], DARK_LINE
        )
        self.rect((x + 2, y + s * 0.55, x + w - 2, y + s * 0.8), fill=colour)

    def icon_drive(self, x: float, y: float, colour: Color = MUTED) -> None:
        self.rect((x, y + 6, x + 30, y + 22), fill=BG, outline=colour, radius=3)
        self.rect((x + 21, y + 13, x + 25, y + 16), fill=GREEN)

    def icon_monitor(self, cx: float, y: float, w: float = 56) -> None:
        h = w * 0.62
        self.rect((cx - w / 2, y, cx + w / 2, y + h), fill=TEXT, radius=3)
        self.rect((cx - w / 2 + 4, y + 4, cx + w / 2 - 4, y + h - 4), fill=LIGHT_BLUE)
        self.rect((cx - 4, y + h, cx + 4, y + h + 8), fill=TEXT)
        self.rect((cx - 16, y + h + 8, cx + 16, y + h + 11), fill=TEXT)

    def checkbox(self, x: float, y: float, checked: bool, size: float = 16) -> None:
        self.rect(
            (x, y, x + size, y + size),
            fill=BLUE if checked else WHITE,
            outline=BLUE if checked else DARK_LINE,
            radius=2,
        )
        if checked:
            self.d.line(
                [(x + 3, y + size * 0.5), (x + size * 0.42, y + size - 4), (x + size - 3, y + 3)],
                fill=WHITE,
                width=2,
            )

    def sheet(
        self,
        x: float,
        y: float,
        widths: Sequence[float],
        rows: Sequence[Sequence[str]],
        *,
        first_row: int = 1,
        row_numbers: Sequence[int] | None = None,
        row_h: float = 26,
        size: int = 14,
        header: bool = True,
        right: Iterable[int] = (),
        selected: tuple[int, int] | None = None,
        filtered: Iterable[int] = (),
        letters: str = "ABCDEFGHIJ",
        header_cols: Iterable[int] | None = None,
    ) -> float:
        """A spreadsheet grid with column letters and row numbers.

        `rows[0]` is sheet row `first_row` (or `row_numbers[i]`); `selected` is (column index, row index into
        `rows`); `filtered` lists the columns that show a filter button in the first row; `header_cols`
        limits the bold header cells to some columns. Return the bottom y.
        """
        right, filtered = set(right), set(filtered)
        heads = set(range(len(widths))) if header_cols is None else set(header_cols)
        numbers = list(row_numbers) if row_numbers is not None else [first_row + i for i in range(len(rows))]
        gutter = 44
        total_w = gutter + sum(widths)
        # column letters
        self.rect((x, y, x + total_w, y + row_h), fill=HEAD, outline=LINE)
        cx = x + gutter
        for i, w in enumerate(widths):
            self.vline(cx, y, y + row_h)
            self.label((cx, y, cx + w, y + row_h), letters[i], size - 1, MUTED, align="center")
            cx += w
        yy = y + row_h
        for r, row in enumerate(rows):
            self.rect((x, yy, x + gutter, yy + row_h), fill=HEAD, outline=LINE)
            jump = row_numbers is not None and r > 0 and numbers[r] != numbers[r - 1] + 1
            self.label(
                (x, yy, x + gutter, yy + row_h),
                str(numbers[r]),
                size - 1,
                LINK if jump else MUTED,
                align="center",
            )
            cx = x + gutter
            for c, w in enumerate(widths):
                cell = (cx, yy, cx + w, yy + row_h)
                self.rect(cell, fill=WHITE, outline=LINE)
                value = row[c] if c < len(row) else ""
                bold = header and r == 0 and c in heads
                if value:
                    self.label(
                        cell,
                        value,
                        size,
                        TEXT,
                        bold=bold,
                        align="right" if (c in right and not (header and r == 0 and c in heads)) else "left",
                    )
                if bold and c in filtered:
                    bx = cx + w - 22
                    self.rect((bx, yy + 4, bx + 18, yy + row_h - 4), fill=BG, outline=DARK_LINE)
                    self.polygon([(bx + 4, yy + 10), (bx + 14, yy + 10), (bx + 9, yy + 16)], MUTED)
                cx += w
            yy += row_h
        if selected is not None:
            c, r = selected
            sx = x + gutter + sum(widths[:c])
            sy = y + row_h * (r + 1)
            self.rect((sx - 1, sy - 1, sx + widths[c] + 1, sy + row_h + 1), outline=(30, 90, 200), width=3)
        return yy

    def formula_bar(self, x0: float, x1: float, y: float, name: str, formula: str, size: int = 14) -> float:
        self.rect((x0, y, x0 + 80, y + 28), fill=WHITE, outline=LINE)
        self.label((x0, y, x0 + 80, y + 28), name, size, TEXT)
        self.text(x0 + 90, y + 28 / 2 - size * 0.66, "fx", size, MUTED)
        self.rect((x0 + 116, y, x1, y + 28), fill=WHITE, outline=LINE)
        self.label((x0 + 116, y, x1, y + 28), formula, size, TEXT)
        return y + 28

    def dialog(
        self,
        box: Box,
        title: str,
        icon: str,
        lines: str,
        buttons: Sequence[tuple[str, bool]],
        size: int = 14,
        button_w: float = 0,
    ) -> None:
        """A modal dialog: title bar, icon, wrapped message, buttons on the right of the bottom row."""
        x0, y0, x1, y1 = box
        self.rect(box, fill=PAPER, outline=DARK_LINE)
        self.rect((x0 + 1, y0 + 1, x1 - 1, y0 + 32), fill=HEAD)
        self.hline(x0, x1, y0 + 33, LINE)
        self.label((x0, y0, x1, y0 + 33), title, size, TEXT, bold=True, pad=14)
        {"warning": self.icon_warning, "error": self.icon_error, "info": self.icon_info}[icon](
            x0 + 48, y0 + 80, 22
        )
        self.paragraph(x0 + 90, y0 + 56, x1 - x0 - 110, lines, size)
        bx = x1 - 16
        for label, primary in reversed(buttons):
            w = button_w or text_width(label, size) + 36
            self.button((bx - w, y1 - 50, bx, y1 - 16), label, primary, size)
            bx -= w + 10


# --------------------------------------------------------------------------------------------------------
# Encoders: PNG, CSV, ODS and PDF, all byte-for-byte reproducible
# --------------------------------------------------------------------------------------------------------


def png(c: Canvas) -> bytes:
    buf = io.BytesIO()
    c.img.save(buf, format="PNG", optimize=False, compress_level=9)
    return buf.getvalue()


ZIP_DATE = (2025, 1, 1, 0, 0, 0)


def zip_bytes(entries: Sequence[tuple[str, bytes]]) -> bytes:
    """A zip with the first entry in place (ODF wants `mimetype` first) and the others sorted by name."""
    first, rest = entries[0], sorted(entries[1:])
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in [first, *rest]:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_STORED  # no dependency on the zlib build
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            zf.writestr(info, data)
    return buf.getvalue()


def ods(
    title: str,
    sheet_name: str,
    header: Sequence[str],
    rows: Sequence[Sequence[str | int]],
    col_widths_cm: Sequence[float],
) -> bytes:
    """A one-sheet OpenDocument spreadsheet: title and language in meta.xml, a bold header row."""
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"'
    )
    head = '<?xml version="1.0" encoding="UTF-8"?>\n'

    def cell(v: str | int, style: str = "") -> str:
        st = f' table:style-name="{style}"' if style else ""
        if isinstance(v, int):
            return f'<table:table-cell{st} office:value-type="float" office:value="{v}"><text:p>{v}</text:p></table:table-cell>'
        return f'<table:table-cell{st} office:value-type="string"><text:p>{xml_escape(v)}</text:p></table:table-cell>'

    cols = "".join(f'<table:table-column table:style-name="co{i}"/>' for i in range(len(col_widths_cm)))
    col_styles = "".join(
        f'<style:style style:name="co{i}" style:family="table-column">'
        f'<style:table-column-properties style:column-width="{w:.2f}cm"/></style:style>'
        for i, w in enumerate(col_widths_cm)
    )
    body = ["<table:table-row>" + "".join(cell(h, "head") for h in header) + "</table:table-row>"]
    body += ["<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>" for row in rows]
    content = (
        f'{head}<office:document-content {ns} office:version="1.3">'
        f"<office:automatic-styles>{col_styles}"
        '<style:style style:name="head" style:family="table-cell" style:parent-style-name="Default">'
        '<style:text-properties fo:font-weight="bold"/></style:style></office:automatic-styles>'
        f'<office:body><office:spreadsheet><table:table table:name="{xml_escape(sheet_name)}">{cols}'
        + "".join(body)
        + "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    styles = (
        f'{head}<office:document-styles {ns} office:version="1.3"><office:styles>'
        '<style:default-style style:family="table-cell">'
        '<style:text-properties fo:language="fr" fo:country="FR"/></style:default-style>'
        '<style:style style:name="Default" style:family="table-cell"/>'
        "</office:styles></office:document-styles>"
    )
    meta = (
        f'{head}<office:document-meta {ns} office:version="1.3"><office:meta>'
        f"<dc:title>{xml_escape(title)}</dc:title><dc:language>fr-FR</dc:language>"
        "<meta:generator>epreuve-tools/scripts/illustrations.py</meta:generator>"
        "</office:meta></office:document-meta>"
    )
    manifest = (
        f'{head}<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.3">'
        '<manifest:file-entry manifest:full-path="/" manifest:version="1.3" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>'
        '<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    return zip_bytes(
        [
            ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
            ("META-INF/manifest.xml", manifest.encode()),
            ("content.xml", content.encode()),
            ("styles.xml", styles.encode()),
            ("meta.xml", meta.encode()),
        ]
    )


# Helvetica advance widths (thousandths of an em, from Adobe's AFM), for wrapping the PDF text.
_HELV = dict(
    zip(
        " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~",
        [
            278,
            278,
            355,
            556,
            556,
            889,
            667,
            191,
            333,
            333,
            389,
            584,
            278,
            333,
            278,
            278,
            *[556] * 10,
            278,
            278,
            584,
            584,
            584,
            556,
            1015,
            667,
            667,
            722,
            722,
            667,
            611,
            778,
            722,
            278,
            500,
            667,
            556,
            833,
            722,
            778,
            667,
            778,
            722,
            667,
            611,
            722,
            667,
            944,
            667,
            667,
            611,
            278,
            278,
            278,
            469,
            556,
            333,
            556,
            556,
            500,
            556,
            556,
            278,
            556,
            556,
            222,
            222,
            500,
            222,
            833,
            556,
            556,
            556,
            556,
            333,
            500,
            278,
            556,
            500,
            722,
            500,
            500,
            500,
            334,
            260,
            334,
            584,
        ],
        strict=True,
    )
)
_HELV.update({"«": 556, "»": 556, "’": 222, "œ": 944, "€": 556, "\u00a0": 278, "…": 1000, "–": 556})


def helvetica_width(s: str, size: float, bold: bool = False) -> float:
    base = unicodedata.normalize("NFD", s)
    units = sum(_HELV.get(ch, 556) for ch in base if not unicodedata.combining(ch))
    return units * size / 1000 * (1.08 if bold else 1.0)


def pdf(title: str, blocks: Sequence[tuple[str, str]], dates: str = "D:20250901000000Z") -> bytes:
    """A one-page tagged PDF (A4): H1/H2/P blocks, real text in Helvetica, /Lang, /Title, ToUnicode.

    Standard-14 fonts are not embedded (so not PDF/UA), but the structure tree, the language, the title shown
    in the window and the Unicode mapping make the text readable by assistive technologies.
    """
    styles = {"H1": (18, True, 14), "H2": (13, True, 14), "P": (11, False, 8)}
    margin, width, y = 56.0, 595.0 - 2 * 56.0, 842.0 - 64.0
    ops: list[str] = []
    tags: list[str] = []

    def pdf_str(s: str) -> str:
        raw = s.replace("\u00a0", "\xa0").encode("cp1252")
        out = "".join(
            "\\" + chr(b) if chr(b) in "()\\" else (chr(b) if 32 <= b < 127 else f"\\{b:03o}") for b in raw
        )
        return f"({out})"

    for tag, content in blocks:
        size, bold, space = styles[tag]
        y -= space
        lines: list[str] = []
        for para in content.split("\n"):
            line = ""
            for word in para.split(" "):
                cand = f"{line} {word}" if line else word
                if line and helvetica_width(cand, size, bold) > width:
                    lines.append(line)
                    line = word
                else:
                    line = cand
            lines.append(line)
        mcid = len(tags)
        tags.append(tag)
        ops.append(f"/{tag} <</MCID {mcid}>> BDC BT /{'F2' if bold else 'F1'} {size} Tf {size * 1.3:.1f} TL")
        y -= size
        ops.append(f"1 0 0 1 {margin:.1f} {y:.1f} Tm")
        for i, line in enumerate(lines):
            # a wrapped line keeps its trailing space, so that text extraction does not glue two words
            end = " " if i < len(lines) - 1 else ""
            ops.append(("T* " if i else "") + pdf_str(line + end) + " Tj")
        y -= size * 1.3 * (len(lines) - 1) + size * 0.3
        ops.append("ET EMC")
        assert y > 56, "the notice must fit on one page"
    stream = "\n".join(ops).encode("latin-1")

    used = sorted(set("".join(c for _, c in blocks).replace("\u00a0", "\xa0").encode("cp1252")) | {32})
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> def\n"
        "/CMapName /WinAnsi-UCS def /CMapType 2 def\n1 begincodespacerange <00> <FF> endcodespacerange\n"
        f"{len(used)} beginbfchar\n"
        + "".join(f"<{b:02X}> <{ord(bytes([b]).decode('cp1252')):04X}>\n" for b in used)
        + "endbfchar\nendcmap CMapName currentdict /CMap defineresource pop end end\n"
    ).encode("ascii")

    n_struct = len(tags)
    # Object numbers: 1 catalog, 2 pages, 3 page, 4 content, 5 F1, 6 F2, 7 ToUnicode, 8 info,
    # 9 StructTreeRoot, 10 Document element, 11.. one element per block, then the ParentTree array.
    first_elem = 11
    parent_tree = first_elem + n_struct
    objs: dict[int, bytes] = {
        1: (
            b"<< /Type /Catalog /Pages 2 0 R /StructTreeRoot 9 0 R /MarkInfo << /Marked true >> /Lang (fr-FR) "
            b"/ViewerPreferences << /DisplayDocTitle true >> >>"
        ),
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /StructParents 0 /Tabs /S "
            b"/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>"
        ),
        4: b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        5: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding /ToUnicode 7 0 R >>",
        6: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding /ToUnicode 7 0 R >>",
        7: b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"endstream",
        8: (
            f"<< /Title {pdf_str(title)} /Author (Service informatique) /Producer (epreuve-tools) "
            f"/CreationDate ({dates}) /ModDate ({dates}) >>"
        ).encode("latin-1"),
        9: f"<< /Type /StructTreeRoot /K 10 0 R /ParentTree {parent_tree} 0 R /ParentTreeNextKey 1 >>".encode(),
        10: (
            "<< /Type /StructElem /S /Document /P 9 0 R /K ["
            + " ".join(f"{first_elem + i} 0 R" for i in range(n_struct))
            + "] >>"
        ).encode(),
    }
    for i, tag in enumerate(tags):
        objs[first_elem + i] = f"<< /Type /StructElem /S /{tag} /P 10 0 R /Pg 3 0 R /K {i} >>".encode()
    objs[parent_tree] = (
        "<< /Nums [0 [" + " ".join(f"{first_elem + i} 0 R" for i in range(n_struct)) + "]] >>"
    ).encode()

    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objs):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objs[num] + b"\nendobj\n"
    xref = len(out)
    size = max(objs) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    out += b"".join(b"%010d 00000 n \n" % offsets[n] for n in range(1, size))
    doc_id = hashlib.md5(bytes(out)).hexdigest().upper()
    out += (
        f"trailer\n<< /Size {size} /Root 1 0 R /Info 8 0 R /ID [<{doc_id}> <{doc_id}>] >>\n"
        f"startxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)


# --------------------------------------------------------------------------------------------------------
# Shared data (the attachments and the images that show them must agree)
# --------------------------------------------------------------------------------------------------------

FRAIS_MISSION = [
    ("Date", "Nature de la dépense", "Montant (euros)"),
    ("04/03/2024", "Train aller Paris-Lyon", "87,50"),
    ("04/03/2024", "Repas du midi", "16,80"),
    ("04/03/2024", "Hôtel", "95,00"),
    ("05/03/2024", "Repas du midi", "18,20"),
    ("05/03/2024", "Hôtel", "95,00"),
    ("06/03/2024", "Repas du midi", "15,90"),
    ("06/03/2024", "Train retour Lyon-Paris", "87,50"),
]

_ASSO_KINDS = [
    "Comité des fêtes",
    "Club de football",
    "Théâtre amateur",
    "Jardins partagés",
    "Chorale",
    "Club de randonnée",
    "Atelier numérique",
    "Amicale des retraités",
    "École de musique",
    "Club de judo",
    "Ludothèque",
    "Bibliothèque associative",
    "Parents d'élèves",
]
_ASSO_PLACES = [
    "de Beaumont",
    "du quartier Nord",
    "de Saint-Martin",
    "des Tilleuls",
    "de la Vallée",
    "du Centre",
    "de Montval",
    "des Quatre-Chemins",
    "du Port",
]
_STATES = [
    "Accordée",
    "Refusée",
    "Accordée",
    "En cours",
    "Accordée",
    "Refusée",
    "Accordée",
    "En cours",
    "Accordée",
    "Accordée",
    "Refusée",
]


def subvention_rows() -> list[tuple[str, str, int, str]]:
    """119 subsidy requests (rows 2 to 120): file number, association, amount asked, state."""
    rows = []
    for i in range(119):
        name = f"{_ASSO_KINDS[i % len(_ASSO_KINDS)]} {_ASSO_PLACES[(i * 4 + i // len(_ASSO_KINDS)) % len(_ASSO_PLACES)]}"
        amount = 500 + (i * 37 % 46) * 100
        rows.append((f"SUB-2025-{i + 1:03d}", name, amount, _STATES[(i * 5 + i // 11) % len(_STATES)]))
    return rows


def subvention_accordees() -> int:
    return sum(1 for *_, state in subvention_rows() if state == "Accordée")


# --------------------------------------------------------------------------------------------------------
# Attachments
# --------------------------------------------------------------------------------------------------------


def frais_mission_csv() -> bytes:
    return "".join(";".join(row) + "\n" for row in FRAIS_MISSION).encode("utf-8")


def demandes_subvention_ods() -> bytes:
    return ods(
        "Demandes de subvention 2025",
        "Demandes de subvention",
        ["N° de dossier", "Association", "Montant demandé (euros)", "État"],
        subvention_rows(),
        [3.2, 7.5, 5.0, 3.0],
    )


def notice_espaces_stockage_pdf() -> bytes:
    nb = "\u00a0"
    return pdf(
        "Où enregistrer vos documents ? Notice du service informatique",
        [
            ("H1", f"Où enregistrer vos documents{nb}?"),
            ("P", f"Notice du service informatique{nb}– septembre 2025"),
            (
                "P",
                "Le service informatique met trois espaces de stockage à votre disposition. Ils n’offrent pas la "
                "même protection : choisissez l’espace selon les personnes qui doivent accéder au document.",
            ),
            ("H2", "Votre espace personnel sur le réseau (lecteur P:)"),
            (
                "P",
                "Vous seul y avez accès. Il est sauvegardé chaque nuit. Il convient aux documents de travail "
                "qui ne concernent que vous : brouillons, notes préparatoires, documents personnels liés à "
                "votre carrière.",
            ),
            ("H2", "L’espace partagé du service (lecteur S:)"),
            (
                "P",
                "Tous les agents du service y ont accès. Il est sauvegardé chaque nuit. Il convient aux "
                "documents communs : tableaux de suivi, comptes rendus, modèles de courrier. Vos collègues "
                "les retrouvent même en votre absence.",
            ),
            ("H2", "Le disque de votre ordinateur (C:)"),
            (
                "P",
                "Il n’est pas sauvegardé : un document enregistré seulement à cet endroit est perdu en cas de "
                "panne, de vol ou d’infection par un logiciel malveillant. N’y gardez aucun document de travail.",
            ),
            ("H2", "Les clés USB"),
            (
                "P",
                "Une clé USB se perd facilement et peut introduire un logiciel malveillant. N’y enregistrez pas "
                "de documents de travail, et n’utilisez jamais une clé personnelle ou trouvée.",
            ),
            ("P", f"Une question{nb}? Contactez le support informatique au poste 4321."),
        ],
    )


# --------------------------------------------------------------------------------------------------------
# Images, domain 1: information and data
# --------------------------------------------------------------------------------------------------------


def _explorer(
    c: Canvas,
    box: Box,
    title: str,
    path: str,
    tree: Sequence[tuple[int, str, bool]],
    columns: Sequence[tuple[str, float]],
    items: Sequence[Sequence[str]],
    status: str,
) -> None:
    """A file explorer: toolbar with address bar, folder tree on the left, detailed list on the right."""
    x0, y0, x1, y1 = c.window(box, title)
    c.rect((x0, y0, x1, y0 + 40), fill=BG)
    for i, arrow in enumerate("<>"):
        c.text(x0 + 12 + i * 22, y0 + 10, arrow, 16, MUTED)
    c.text(x0 + 58, y0 + 10, "^", 16, MUTED)
    c.rect((x0 + 82, y0 + 7, x1 - 10, y0 + 33), fill=WHITE, outline=LINE)
    c.icon_folder(x0 + 90, y0 + 12, 16)
    c.label((x0 + 104, y0 + 7, x1 - 10, y0 + 33), path, 14)
    c.hline(x0, x1, y0 + 40)
    split = x0 + 210
    c.rect((x0, y0 + 41, split, y1 - 24), fill=PAPER)
    c.vline(split, y0 + 41, y1 - 24)
    ty = y0 + 50
    for depth, name, current in tree:
        if current:
            c.rect((x0 + 2, ty - 3, split - 2, ty + 21), fill=SELECT)
        c.icon_folder(x0 + 10 + depth * 16, ty + 1, 15)
        c.text(x0 + 32 + depth * 16, ty + 2, name, 13, TEXT)
        ty += 26
    # detailed list
    cx, hy = split + 1, y0 + 41
    c.rect((cx, hy, x1, hy + 28), fill=WHITE)
    c.hline(cx, x1, hy + 28)
    xs = [cx + 8]
    for name, w in columns:
        c.text(xs[-1], hy + 6, name, 13, MUTED)
        xs.append(xs[-1] + w)
    iy = hy + 34
    for item in items:
        is_folder = item[0].endswith("/")
        if is_folder:
            c.icon_folder(xs[0], iy + 2, 15)
        else:
            c.icon_file(xs[0] + 1, iy, 16, GREEN if item[0].endswith(".ods") else BLUE)
        for k, value in enumerate(item):
            c.text(xs[k] + (22 if k == 0 else 0), iy + 1, value.rstrip("/"), 13, TEXT)
        iy += 26
    c.rect((x0, y1 - 24, x1, y1), fill=BG)
    c.hline(x0, x1, y1 - 24)
    c.text(x0 + 10, y1 - 20, status, 12, MUTED)


def explorateur_dossier_2025() -> bytes:
    c = Canvas(780, 380, BG)
    _explorer(
        c,
        (0, 0, 779, 379),
        "2025 – Explorateur de fichiers",
        "Partage-service > Ressources humaines > Recrutement > 2025",
        [
            (0, "Partage-service", False),
            (1, "Budget", False),
            (1, "Courrier", False),
            (1, "Ressources humaines", False),
            (2, "Formation", False),
            (2, "Recrutement", False),
            (3, "2023", False),
            (3, "2024", False),
            (3, "2025", True),
        ],
        [("Nom", 330), ("Modifié le", 120), ("Type", 100)],
        [
            ("Candidatures/", "14/03/2025", "Dossier"),
            ("2025-01-15_fiche-de-poste.odt", "15/01/2025", "Texte"),
            ("2025-02-03_grille-entretien.ods", "03/02/2025", "Classeur"),
            ("2025-03-12_compte-rendu-jury.odt", "12/03/2025", "Texte"),
        ],
        "4 éléments",
    )
    return png(c)


def explorateur_budget() -> bytes:
    c = Canvas(780, 400, BG)
    _explorer(
        c,
        (0, 0, 779, 399),
        "Budget – Explorateur de fichiers",
        "Partage-service > Budget",
        [
            (0, "Partage-service", False),
            (1, "Budget", True),
            (1, "Courrier", False),
            (1, "Ressources humaines", False),
        ],
        [("Nom", 250), ("Modifié le", 130), ("Type", 90), ("Taille", 60)],
        [
            ("achats-fournitures-2023.ods", "02/02/2024", "Classeur", "48 Ko"),
            ("achats-fournitures-2024.ods", "14/01/2025", "Classeur", "52 Ko"),
            ("bilan-credits-2024.odt", "20/03/2025", "Texte", "1,2 Mo"),
            ("budget-previsionnel-2025.ods", "09/12/2024", "Classeur", "86 Ko"),
            ("budget-previsionnel-2026.ods", "27/05/2025", "Classeur", "91 Ko"),
            ("commandes-informatique.ods", "11/04/2025", "Classeur", "33 Ko"),
            ("deplacements-1er-semestre.ods", "03/06/2025", "Classeur", "40 Ko"),
            ("devis-mobilier-accueil.pdf", "18/02/2025", "PDF", "640 Ko"),
            ("factures-a-payer.ods", "30/05/2025", "Classeur", "27 Ko"),
        ],
        "214 éléments – tri par nom",
    )
    return png(c)


def explorateur_versions_rapport() -> bytes:
    c = Canvas(780, 300, BG)
    _explorer(
        c,
        (0, 0, 779, 299),
        "Rapport d'activité – Explorateur de fichiers",
        "Partage-service > Rapport d'activité",
        [
            (0, "Partage-service", False),
            (1, "Budget", False),
            (1, "Rapport d'activité", True),
            (1, "Ressources humaines", False),
        ],
        [("Nom", 270), ("Modifié le", 110), ("Modifié par", 150)],
        [
            ("rapport-2025.odt", "02/06/2025", "Claire Benoît"),
            ("rapport-2025-final.odt", "12/06/2025", "Julien Marchand"),
            ("rapport-2025-final-OK-Sophie.odt", "13/06/2025", "Sophie Garnier"),
            ("rapport-2025-v2-relu.odt", "10/06/2025", "Nadia Roussel"),
        ],
        "4 éléments",
    )
    return png(c)


def tableur_reference_absolue() -> bytes:
    c = Canvas(700, 215)
    y = c.formula_bar(0, 699, 0, "C2", "=B2*$E$1")
    c.sheet(
        0,
        y + 6,
        [170, 130, 130, 110, 100],
        [
            ("Poste de dépense", "Budget 2025", "Budget 2026", "Coefficient", "1,05"),
            ("Fournitures", "1 200", "1 260", "", ""),
            ("Déplacements", "3 400", "", "", ""),
            ("Formation", "2 500", "", "", ""),
            ("Affranchissement", "800", "", "", ""),
        ],
        right=[1, 2, 4],
        selected=(2, 1),
        header_cols=[0, 1, 2, 3],
    )
    return png(c)


def tableur_demandes_subvention() -> bytes:
    c = Canvas(720, 330)
    rows = [("N° de dossier", "Association", "Montant demandé", "État")]
    rows += [
        (num, name, f"{amount:,}".replace(",", "\u202f"), state)
        for num, name, amount, state in subvention_rows()[:10]
    ]
    c.sheet(0, 0, [130, 300, 140, 105], rows, right=[2], size=13, row_h=26)
    # vertical scroll bar: the table goes on down to row 120
    c.rect((704, 0, 719, 329), fill=BG, outline=LINE)
    c.rect((707, 28, 716, 60), fill=DARK_LINE, radius=3)
    return png(c)


def tableur_filtre_accueil() -> bytes:
    c = Canvas(640, 300, BG)
    rows = [
        ("Date", "Agent", "Service", "Demande"),
        ("06/01/2025", "L. Martin", "Accueil", "Badge d'accès"),
        ("09/01/2025", "S. Haddad", "Accueil", "Écran supplémentaire"),
        ("21/01/2025", "P. Lefèvre", "Accueil", "Formation tableur"),
        ("04/02/2025", "N. Roussel", "Accueil", "Casque audio"),
        ("17/02/2025", "J. Marchand", "Accueil", "Accès au logiciel RDV"),
        ("03/03/2025", "C. Benoît", "Accueil", "Télétravail"),
        ("24/03/2025", "K. Haddad", "Accueil", "Badge d'accès"),
    ]
    y = c.sheet(
        0, 0, [110, 120, 110, 255], rows, row_numbers=[1, 4, 9, 15, 22, 31, 38, 46], filtered=[0, 1, 2, 3]
    )
    c.text(8, y + 8, "7 enregistrements sur 299 trouvés", 13, MUTED)
    return png(c)


def graphique_axe_tronque() -> bytes:
    c = Canvas(560, 380)
    c.label((0, 8, 560, 40), "Demandes traitées en 2025", 18, TEXT, bold=True, align="center")
    left, right, top, bottom = 110, 520, 60, 320
    lo, hi = 970, 1000
    for v in range(lo, hi + 1, 5):
        yy = bottom - (v - lo) / (hi - lo) * (bottom - top)
        c.hline(left, right, yy, HEAD if v > lo else DARK_LINE)
        c.label(
            (left - 60, yy - 10, left - 6, yy + 10),
            f"{v:,}".replace(",", "\u202f"),
            13,
            MUTED,
            align="right",
            pad=0,
        )
    c.vline(left, top, bottom, DARK_LINE)
    for i, (name, v) in enumerate([("Bureau A", 980), ("Bureau B", 1000)]):
        bx = left + 70 + i * 190
        yy = bottom - (v - lo) / (hi - lo) * (bottom - top)
        c.rect((bx, yy, bx + 110, bottom), fill=BLUE)
        c.label((bx, bottom + 4, bx + 110, bottom + 26), name, 14, TEXT, align="center")
        c.label((bx, yy - 24, bx + 110, yy - 2), f"{v:,}".replace(",", "\u202f"), 14, TEXT, align="center")
    # vertical axis title, written letter by letter is unreadable: keep it horizontal above the axis
    c.text(16, 40, "Nombre de demandes", 12, MUTED)
    return png(c)


# --------------------------------------------------------------------------------------------------------
# Images, domain 2: communication and collaboration
# --------------------------------------------------------------------------------------------------------


def _mail_header(
    c: Canvas, x0: float, x1: float, y: float, fields: Sequence[tuple[str, str]], empty_box: bool
) -> float:
    for name, value in fields:
        c.text(x0 + 14, y + 6, name, 14, MUTED)
        if empty_box:
            c.field((x0 + 80, y, x1 - 14, y + 30), value)
        else:
            c.text(x0 + 80, y + 6, value, 14, TEXT)
        y += 36 if empty_box else 28
    return y


def courriel_nouveau_message() -> bytes:
    c = Canvas(720, 420, BG)
    x0, y0, x1, _y1 = c.window((0, 0, 719, 419), "Nouveau message – Messagerie")
    c.rect((x0, y0, x1, y0 + 44), fill=PAPER)
    c.button((x0 + 12, y0 + 8, x0 + 112, y0 + 36), "Envoyer", primary=True)
    c.button((x0 + 122, y0 + 8, x0 + 232, y0 + 36), "Joindre")
    c.hline(x0, x1, y0 + 44)
    y = _mail_header(
        c,
        x0,
        x1,
        y0 + 54,
        [
            ("De", "vous@service.exemple.gouv.fr"),
            ("À", ""),
            ("Cc", ""),
            ("Cci", ""),
            ("Objet", "Compte rendu de la réunion publique du 12 juin"),
        ],
        True,
    )
    c.rect((x0 + 80, y, x0 + 420, y + 28), fill=BG, outline=LINE, radius=4)
    c.icon_file(x0 + 88, y + 6, 16, RED)
    c.text(x0 + 110, y + 6, "compte-rendu-reunion-publique.pdf (240 Ko)", 13, TEXT)
    c.paragraph(
        x0 + 14,
        y + 44,
        x1 - x0 - 28,
        "Bonjour,\nVeuillez trouver ci-joint le compte rendu de la réunion publique du 12 juin.\nCordialement,",
        14,
    )
    return png(c)


def courriel_recu_benoit() -> bytes:
    c = Canvas(720, 330, BG)
    x0, y0, x1, _y1 = c.window((0, 0, 719, 329), "Préparation du comité de pilotage – Messagerie")
    c.rect((x0, y0, x1, y0 + 44), fill=PAPER)
    for i, (label, w) in enumerate([("Répondre", 110), ("Répondre à tous", 150), ("Transférer", 110)]):
        bx = x0 + 12 + [0, 120, 280][i]
        c.button((bx, y0 + 8, bx + w, y0 + 36), label)
    c.hline(x0, x1, y0 + 44)
    c.text(x0 + 14, y0 + 54, "Préparation du comité de pilotage", 17, TEXT, bold=True)
    y = _mail_header(
        c,
        x0,
        x1,
        y0 + 84,
        [
            ("De", "Claire Benoît <claire.benoit@exemple.gouv.fr>"),
            ("À", "Vous ; Julien Marchand ; Sofia Amrani"),
            ("Cc", "Paul Lefèvre ; Nadia Roussel"),
            ("Date", "mardi 10 juin 2025, 09:12"),
        ],
        False,
    )
    c.hline(x0 + 14, x1 - 14, y + 4)
    c.paragraph(
        x0 + 14,
        y + 16,
        x1 - x0 - 28,
        "Bonjour à tous,\nVoici l'ordre du jour du comité de pilotage de jeudi. Merci de me faire part de "
        "vos remarques avant mercredi midi.\nClaire",
        14,
    )
    return png(c)


def erreur_piece_jointe() -> bytes:
    c = Canvas(620, 210, BG)
    c.dialog(
        (0, 0, 619, 209),
        "Message non envoyé",
        "error",
        "La pièce jointe « presentation-service.mp4 » (300 Mo) dépasse la taille maximale autorisée "
        "par la messagerie (25 Mo). Retirez-la pour envoyer le message.",
        [("OK", True)],
        button_w=90,
    )
    return png(c)


def _share_dialog(c: Canvas, box: Box, title: str) -> Box:
    x0, y0, x1, y1 = box
    c.rect(box, fill=WHITE, outline=DARK_LINE, radius=8)
    c.text(x0 + 20, y0 + 16, title, 17, TEXT, bold=True)
    c.line([(x1 - 32, y0 + 20), (x1 - 20, y0 + 32)], MUTED, 2)
    c.line([(x1 - 32, y0 + 32), (x1 - 20, y0 + 20)], MUTED, 2)
    return (x0 + 20, y0 + 52, x1 - 20, y1 - 16)


def _avatar(c: Canvas, x: float, y: float, initials: str, colour: Color) -> None:
    c.ellipse((x, y, x + 34, y + 34), fill=colour)
    c.label((x, y, x + 34, y + 34), initials, 13, WHITE, align="center", pad=0)


def partage_rapport_droits() -> bytes:
    c = Canvas(680, 420, BG)
    x0, y, x1, y1 = _share_dialog(c, (10, 10, 669, 409), "Partager « Projet de rapport annuel 2025 »")
    c.field((x0, y, x1, y + 34), "Ajouter des personnes ou des groupes", placeholder=True)
    y += 50
    c.text(x0, y, "Personnes ayant accès", 14, TEXT, bold=True)
    y += 30
    people = [
        ("VS", "Vous", "vous@service.exemple.gouv.fr", "Propriétaire", BLUE),
        ("KH", "Karim Haddad", "karim.haddad@service.exemple.gouv.fr", "", GREEN),
        ("HL", "Hélène Lemoine", "helene.lemoine@service.exemple.gouv.fr", "", ORANGE),
        ("MD", "Marc Delorme", "m.delorme@partenaire.exemple.fr", "", MUTED),
    ]
    for initials, name, mail, right, colour in people:
        _avatar(c, x0, y, initials, colour)
        c.text(x0 + 46, y - 1, name, 14, TEXT)
        c.text(x0 + 46, y + 18, mail, 12, MUTED)
        if right:
            c.label((x1 - 190, y, x1, y + 34), right, 14, MUTED, align="right")
        else:
            c.rect((x1 - 190, y + 2, x1, y + 32), fill=WHITE, outline=DARK_LINE, radius=4)
            c.label((x1 - 190, y + 2, x1 - 24, y + 32), "Choisir un droit", 14, TEXT)
            c.text(x1 - 24, y + 8, "▾", 14, TEXT)
        y += 52
    c.button((x1 - 110, y1 - 36, x1, y1), "Envoyer", primary=True)
    return png(c)


def partage_lien_public() -> bytes:
    c = Canvas(680, 330, BG)
    x0, y, x1, y1 = _share_dialog(c, (10, 10, 669, 319), "Partager « Suivi des demandes d'aide 2025.ods »")
    c.text(x0, y, "Personnes ayant accès", 14, TEXT, bold=True)
    y += 30
    _avatar(c, x0, y, "PL", GREEN)
    c.text(x0 + 46, y - 1, "Paul Lefèvre (vous)", 14, TEXT)
    c.text(x0 + 46, y + 18, "paul.lefevre@service.exemple.gouv.fr", 12, MUTED)
    c.label((x1 - 190, y, x1, y + 34), "Propriétaire", 14, MUTED, align="right")
    y += 56
    c.text(x0, y, "Accès général", 14, TEXT, bold=True)
    y += 30
    c.ellipse((x0, y, x0 + 34, y + 34), fill=LIGHT_GREEN)
    c.ellipse((x0 + 8, y + 8, x0 + 26, y + 26), outline=GREEN, width=2)
    c.vline(x0 + 17, y + 8, y + 26, GREEN)
    c.hline(x0 + 8, x0 + 26, y + 17, GREEN)
    c.text(x0 + 46, y - 1, "Toute personne disposant du lien ▾", 14, TEXT, bold=True)
    c.text(x0 + 46, y + 18, "Le lien a été envoyé à trois agents du service", 12, MUTED)
    c.rect((x1 - 150, y + 2, x1, y + 32), fill=WHITE, outline=DARK_LINE, radius=4)
    c.label((x1 - 150, y + 2, x1 - 24, y + 32), "peut consulter", 14, TEXT)
    c.text(x1 - 24, y + 8, "▾", 14, TEXT)
    c.button((x0, y1 - 36, x0 + 150, y1), "Copier le lien")
    c.button((x1 - 90, y1 - 36, x1, y1), "OK", primary=True)
    return png(c)


def visio_choix_partage() -> bytes:
    c = Canvas(760, 330, BG)
    x0, y, x1, y1 = _share_dialog(c, (10, 10, 749, 319), "Que voulez-vous partager ?")
    choices = [
        ("Écran entier", None),
        ("Messagerie – Boîte de réception (12)", "mail"),
        ("suivi-partenaires.ods – Tableur", "sheet"),
        ("Note interne confidentielle.odt", "doc"),
    ]
    w = (x1 - x0 - 30) / 4
    for i, (name, kind) in enumerate(choices):
        bx = x0 + i * (w + 10)
        c.rect((bx, y, bx + w, y + 120), fill=BG, outline=LINE, radius=4)
        inner = (bx + 10, y + 10, bx + w - 10, y + 110)
        c.rect(inner, fill=WHITE, outline=LINE)
        ix0, iy0, ix1, iy1 = inner
        if kind is None:  # the whole desktop: several windows
            c.rect((ix0, iy0, ix1, iy1), fill=LIGHT_BLUE)
            c.rect((ix0 + 8, iy0 + 8, ix0 + 90, iy0 + 60), fill=WHITE, outline=DARK_LINE)
            c.rect((ix0 + 50, iy0 + 36, ix1 - 8, iy1 - 8), fill=WHITE, outline=DARK_LINE)
        elif kind == "sheet":
            for k in range(6):
                c.hline(ix0, ix1, iy0 + 14 * (k + 1), LINE)
            for k in range(1, 4):
                c.vline(ix0 + (ix1 - ix0) * k / 4, iy0, iy1, LINE)
        else:
            for k in range(6):
                c.rect((ix0 + 8, iy0 + 10 + k * 14, ix1 - 8 - (k % 3) * 20, iy0 + 15 + k * 14), fill=HEAD)
        c.paragraph(bx + 4, y + 128, w - 8, name, 13)
    c.button((x1 - 230, y1 - 36, x1 - 120, y1), "Annuler")
    c.button((x1 - 110, y1 - 36, x1, y1), "Partager", primary=True)
    return png(c)


def site_payant_acte_naissance() -> bytes:
    c = Canvas(780, 460, BG)
    x0, y0, x1, y1 = c.browser(
        (0, 0, 779, 459),
        "https://www.copie-acte-naissance-express.com/commande",
        "Acte de naissance en ligne",
    )
    c.rect((x0, y0, x1, y0 + 56), fill=(20, 60, 120))
    c.text(x0 + 24, y0 + 17, "Acte de naissance en ligne – Service rapide", 18, WHITE, bold=True)
    y = y0 + 80
    c.text(x0 + 24, y, "Récapitulatif de votre commande", 18, TEXT, bold=True)
    y += 40
    for k, v in [
        ("Document", "Copie intégrale d'acte de naissance"),
        ("Délai", "Envoi sous 48 heures"),
        ("Frais de traitement", "39,00 €"),
    ]:
        c.text(x0 + 24, y, k, 15, MUTED)
        c.text(x0 + 230, y, v, 15, TEXT, bold=(k == "Frais de traitement"))
        y += 30
    c.button((x0 + 24, y + 12, x0 + 264, y + 52), "Payer 39,00 €", primary=True, size=16)
    c.hline(x0, x1, y1 - 62, LINE)
    c.paragraph(
        x0 + 24,
        y1 - 52,
        x1 - x0 - 48,
        "Ce site est un service privé, non rattaché à l'administration. Les frais couvrent l'aide à la "
        "démarche ; la copie est délivrée par la mairie du lieu de naissance.",
        11,
        MUTED,
    )
    return png(c)


def ia_reference_article() -> bytes:
    c = Canvas(760, 380, BG)
    x0, y0, x1, y1 = c.window((0, 0, 759, 379), "Assistant de rédaction – IA générative")
    y = y0 + 16
    question = "Quel texte oblige l'administration à répondre en deux mois à la demande écrite d'un usager ?"
    lines = wrap(question, 14, 420)
    c.rect((x1 - 470, y, x1 - 16, y + 20 + 21 * len(lines)), fill=LIGHT_BLUE, radius=10)
    c.paragraph(x1 - 456, y + 10, 430, question, 14)
    y += 40 + 21 * len(lines)
    c.ellipse((x0 + 14, y, x0 + 44, y + 30), fill=BLUE)
    c.label((x0 + 14, y, x0 + 44, y + 30), "IA", 12, WHITE, align="center", pad=0)
    answer = (
        "C'est l'article L. 211-9-4 du code des relations entre le public et l'administration. Il dispose : "
        "« Toute demande écrite adressée par un usager à une administration reçoit une réponse motivée dans "
        "un délai de deux mois. À défaut, l'administration s'expose à une astreinte. »\nVous pouvez citer "
        "cet article dans votre courrier."
    )
    yy = c.paragraph(x0 + 60, y + 4, x1 - x0 - 90, answer, 14)
    c.rect((x0 + 14, y1 - 50, x1 - 14, y1 - 14), fill=WHITE, outline=DARK_LINE, radius=18)
    c.label((x0 + 14, y1 - 50, x1 - 14, y1 - 14), "Écrivez votre demande…", 14, MUTED, pad=18)
    assert yy < y1 - 60
    return png(c)


# Busy morning slots of the new épreuve agenda-creneau-commun: day -> person -> list of start hours.
AGENDA_PEOPLE = ["Vous", "Karim", "Sophie"]
AGENDA_DAYS = ["Lun. 16", "Mar. 17", "Mer. 18", "Jeu. 19", "Ven. 20"]
AGENDA_BUSY = {
    "Vous": {0: [9], 1: [9, 10], 2: [10, 11], 3: [9], 4: [11]},
    "Karim": {0: [10, 11], 1: [11], 2: [9], 3: [10], 4: [9]},
    "Sophie": {0: [9], 1: [11], 2: [11], 3: [9], 4: [10]},
}


def agenda_semaine_equipe() -> bytes:
    c = Canvas(800, 330)
    left, top, hour_h = 62, 70, 72
    day_w = (800 - left - 8) / 5
    lane_w = day_w / 3
    c.text(10, 8, "Semaine du 16 au 20 juin : matinées de vous, de Karim et de Sophie", 16, TEXT, bold=True)
    for d, day in enumerate(AGENDA_DAYS):
        dx = left + d * day_w
        c.rect((dx, 34, dx + day_w, top), fill=HEAD, outline=LINE)
        c.label((dx, 34, dx + day_w, 52), day, 13, TEXT, bold=True, align="center")
        for p, person in enumerate(AGENDA_PEOPLE):
            c.label(
                (dx + p * lane_w, 52, dx + (p + 1) * lane_w, top), person, 11, MUTED, align="center", pad=0
            )
    for h in range(4):
        yy = top + h * hour_h
        c.hline(8, left + 5 * day_w, yy, LINE)
        c.text(12, yy + (4 if h < 3 else -18), f"{9 + h} h", 13, MUTED)
    for d in range(6):
        c.vline(left + d * day_w, 34, top + 3 * hour_h, DARK_LINE)
    for d in range(5):
        for p in range(1, 3):
            c.vline(left + d * day_w + p * lane_w, 52, top + 3 * hour_h, HEAD)
    for p, person in enumerate(AGENDA_PEOPLE):
        for d, hours in AGENDA_BUSY[person].items():
            for h in hours:
                bx = left + d * day_w + p * lane_w
                by = top + (h - 9) * hour_h
                c.rect(
                    (bx + 3, by + 3, bx + lane_w - 3, by + hour_h - 3), fill=BUSY, outline=DARK_LINE, radius=3
                )
                c.label(
                    (bx + 3, by + 3, bx + lane_w - 3, by + hour_h - 3),
                    "Occupé",
                    10,
                    TEXT,
                    align="center",
                    pad=0,
                )
    c.text(
        10,
        top + 3 * hour_h + 12,
        "Case grise « Occupé » : la personne a déjà un rendez-vous ; case blanche : libre.",
        13,
        MUTED,
    )
    return png(c)


# --------------------------------------------------------------------------------------------------------
# Images, domain 3: content creation
# --------------------------------------------------------------------------------------------------------

SLIDE_TEXT = (
    (
        "Le service a traité 4 812 demandes, soit une hausse de 6 % par rapport à l'année précédente, dont 61 % "
        "par voie dématérialisée ; le délai moyen de réponse est passé de 18 à 14 jours grâce à la réorganisation "
        "de l'accueil et au renfort de deux agents contractuels recrutés au printemps pour une durée de six mois ; "
        "les réclamations ont diminué de 9 %, principalement sur les dossiers de demande d'aide au logement ; "
        "le taux de satisfaction mesuré par l'enquête annuelle atteint 78 %, contre 72 % l'année précédente ; "
        "les principaux motifs d'insatisfaction restent l'attente au téléphone et le manque d'information sur "
        "l'avancement des dossiers, qui fera l'objet d'un suivi en ligne à partir du second semestre ; le budget "
        "de fonctionnement a été exécuté à 97 %, les crédits non consommés correspondant au report de l'achat "
        "de mobilier pour la nouvelle salle d'accueil ; la formation des agents a représenté 146 jours, dont 52 "
        "consacrés aux outils numériques et 31 à l'accueil des publics en situation de handicap ; trois groupes de "
        "travail ont été constitués sur la simplification des formulaires, l'archivage et le télétravail ; le "
        "plan d'action pour l'année à venir prévoit la refonte des modèles de courriers, la mise en place d'un "
        "rendez-vous en ligne, la mise à jour des procédures internes et l'accompagnement des usagers éloignés "
        "du numérique avec l'appui des conseillers numériques et des espaces France services du département."
    )
    .replace(" %", "\u00a0%")
    .replace("4 812", "4\u202f812")
    .replace(" ;", "\u00a0;")
)


def diapositive_surchargee() -> bytes:
    c = Canvas(800, 450)
    c.rect((0, 0, 799, 66), fill=BLUE)
    c.text(30, 16, "Bilan annuel", 30, WHITE, bold=True)
    lines = wrap(SLIDE_TEXT, 14, 650)
    assert len(lines) == 15, len(lines)  # the épreuve's alt text and correction say "quinze lignes"
    y = 82.0
    for line in lines:
        c.text(30, y, line, 14, TEXT)
        y += 24
    return png(c)


def _leaf(c: Canvas, x: float, y: float) -> None:
    """A small decorative sprig: a stem and four leaves."""
    green, dark = (110, 160, 90), (70, 120, 60)
    c.line([(x + 4, y + 34), (x + 26, y + 4)], dark, 2)
    for lx, ly in [(x + 2, y + 14), (x + 16, y + 20), (x + 12, y + 2), (x + 24, y + 12)]:
        c.ellipse((lx, ly, lx + 14, ly + 8), fill=green)


def note_intranet_feuillage() -> bytes:
    c = Canvas(700, 270, BG)
    c.rect((0, 0, 699, 48), fill=BLUE)
    c.text(20, 14, "Intranet – Service des ressources humaines", 16, WHITE)
    c.rect((20, 64, 679, 255), fill=WHITE, outline=LINE)
    _leaf(c, 40, 82)
    c.text(84, 88, "Fermeture estivale de l'accueil", 22, TEXT, bold=True)
    c.text(84, 120, "Publié le 2 juillet 2025 par le secrétariat général", 12, MUTED)
    c.paragraph(
        40,
        152,
        620,
        "L'accueil du public sera fermé du lundi 4 au vendredi 15 août inclus. Pendant cette période, "
        "les usagers peuvent déposer leurs demandes en ligne ou dans la boîte aux lettres du bâtiment A. "
        "Les rendez-vous déjà pris sont maintenus au bureau 112.\nMerci de relayer cette information "
        "auprès des usagers que vous recevez.",
        14,
    )
    return png(c)


def courrier_coupure_15_km() -> bytes:
    c = Canvas(640, 230)
    c.rect((0, 0, 639, 229), fill=WHITE, outline=LINE)
    lines = [
        "Madame, Monsieur,",
        "Nous avons le plaisir de vous informer que le nouveau centre d'accueil, situé à 15",
        "km de la mairie, ouvrira ses portes le lundi 1er septembre. Une navette gratuite",
        "assurera la liaison depuis la place de la République toutes les trente minutes.",
    ]
    y = 30.0
    for i, line in enumerate(lines):
        c.text(36, y, line, 15, TEXT)
        if i == 1:
            x = 36 + text_width(line[:-2], 15)
            c.rect((x - 3, y - 2, x + text_width("15", 15) + 3, y + 21), outline=RED, width=2)
        if i == 2:
            c.rect((33, y - 2, 36 + text_width("km", 15) + 3, y + 21), outline=RED, width=2)
        y += 34 if i == 0 else 28
    c.text(36, y + 20, "Extrait du courrier, tel qu'il s'affiche à l'écran", 12, MUTED)
    return png(c)


def contraste_bon_mauvais() -> bytes:
    c = Canvas(720, 220, BG)
    for i, (name, colour) in enumerate([("Encadré A", (30, 30, 30)), ("Encadré B", (185, 185, 185))]):
        x = 20 + i * 350
        c.rect((x, 20, x + 330, 170), fill=WHITE, outline=LINE)
        c.text(x + 20, 40, "Information", 20, colour, bold=True)
        c.paragraph(
            x + 20,
            76,
            290,
            "L'accueil sera fermé le lundi 14 juillet. Merci de votre compréhension.",
            15,
            colour,
        )
        c.label((x, 176, x + 330, 206), name, 15, TEXT, bold=True, align="center")
    return png(c)


def table_matieres_sans_partie_3() -> bytes:
    c = Canvas(760, 330, BG)
    for x, caption in [(20, "Page 2"), (400, "Page 14")]:
        c.rect((x, 20, x + 340, 290), fill=WHITE, outline=LINE)
        c.label((x, 294, x + 340, 320), caption, 12, MUTED, align="center")
    c.text(44, 44, "Table des matières", 20, TEXT, bold=True)
    entries = [
        ("1. Bilan de l'année", "3"),
        ("1.1 Les demandes des usagers", "4"),
        ("1.2 Les effectifs", "7"),
        ("2. Les projets du service", "9"),
        ("2.1 L'accueil en ligne", "10"),
        ("2.2 L'archivage", "12"),
    ]
    y = 86.0
    for title, page in entries:
        indent = 0 if title.split(" ")[0].endswith(".") else 18
        end = c.text(44 + indent, y, title, 14, TEXT)
        dots_start = end + 6
        while dots_start < 300:
            c.text(dots_start, y, ".", 14, MUTED)
            dots_start += 6
        c.text(334 - text_width(page, 14), y, page, 14, TEXT)
        y += 30
    c.text(424, 44, "3. Perspectives", 22, TEXT, bold=True)
    c.paragraph(
        424,
        86,
        292,
        "Pour l'année prochaine, le service prévoit de généraliser la prise de rendez-vous en ligne et "
        "de former tous les agents de l'accueil aux démarches numériques.",
        13,
    )
    return png(c)


# --------------------------------------------------------------------------------------------------------
# Images, domain 4: protection and security
# --------------------------------------------------------------------------------------------------------


def connexion_code_application() -> bytes:
    c = Canvas(560, 420, BG)
    c.rect((80, 20, 480, 400), fill=WHITE, outline=LINE, radius=8)
    c.label((80, 40, 480, 70), "Messagerie professionnelle", 20, BLUE, bold=True, align="center")
    c.label((80, 76, 480, 96), "Connexion – étape 2 sur 2", 13, MUTED, align="center")
    c.paragraph(
        110, 116, 340, "Saisissez le code à 6 chiffres affiché par l'application de votre téléphone.", 15
    )
    for k in range(6):
        bx = 113 + k * 57
        c.rect((bx, 190, bx + 48, 246), fill=WHITE, outline=DARK_LINE, radius=4)
    c.text(110, 262, "Le code change toutes les 30 secondes.", 13, MUTED)
    c.button((110, 296, 450, 336), "Valider", primary=True, size=16)
    c.label((80, 350, 480, 380), "Je n'ai pas accès à mon téléphone", 13, LINK, align="center")
    return png(c)


def message_rancon() -> bytes:
    c = Canvas(720, 400, (120, 0, 0))
    c.rect((30, 30, 689, 369), fill=(60, 0, 0), outline=(255, 90, 90), width=2)
    c.label((30, 50, 689, 90), "Vos fichiers ont été chiffrés !", 28, WHITE, bold=True, align="center")
    c.paragraph(
        70,
        112,
        580,
        "Tous vos documents, photos et bases de données ont été chiffrés. Personne ne peut les "
        "récupérer sans notre clé de déchiffrement. Pour l'obtenir, payez 0,5 bitcoin avant la fin "
        "du compte à rebours. Passé ce délai, vos fichiers seront supprimés.",
        15,
        WHITE,
    )
    c.label((30, 236, 689, 262), "Temps restant", 15, (255, 200, 200), align="center")
    c.label((30, 262, 689, 306), "71:59:12", 34, YELLOW, bold=True, align="center")
    c.label(
        (30, 320, 689, 346), "Identifiant de la victime : 7F3A-22C9-0B41", 13, (255, 200, 200), align="center"
    )
    return png(c)


def mises_a_jour_pretes() -> bytes:
    c = Canvas(560, 220, (40, 70, 110))
    c.rect((20, 20, 539, 199), fill=WHITE, outline=DARK_LINE, radius=8)
    c.icon_info(64, 66, 20)
    c.text(100, 44, "Mises à jour de sécurité prêtes", 18, TEXT, bold=True)
    c.paragraph(
        100,
        78,
        420,
        "Des mises à jour de sécurité ont été téléchargées. Redémarrez l'ordinateur "
        "pour terminer leur installation.",
        14,
    )
    c.button((100, 144, 300, 180), "Redémarrer maintenant", primary=True)
    c.button((312, 144, 520, 180), "Me le rappeler plus tard")
    return png(c)


def bandeau_cookies() -> bytes:
    c = Canvas(780, 440, BG)
    x0, y0, x1, y1 = c.browser(
        (0, 0, 779, 439), "https://www.quotidien-regional.exemple.fr/actualites", "Le Quotidien régional"
    )
    c.text(x0 + 24, y0 + 16, "Le Quotidien régional", 24, TEXT, bold=True)
    for k in range(4):
        c.rect((x0 + 24, y0 + 60 + k * 22, x1 - 24 - (k % 2) * 140, y0 + 72 + k * 22), fill=HEAD)
    by = y1 - 170
    c.rect((x0, by, x1, y1), fill=WHITE, outline=DARK_LINE)
    c.text(x0 + 24, by + 16, "Nous respectons votre vie privée", 17, TEXT, bold=True)
    c.line([(x1 - 34, by + 16), (x1 - 22, by + 28)], MUTED, 2)
    c.line([(x1 - 34, by + 28), (x1 - 22, by + 16)], MUTED, 2)
    c.paragraph(
        x0 + 24,
        by + 46,
        x1 - x0 - 48,
        "Avec votre accord, nous et nos 142 partenaires utilisons des cookies pour mesurer l'audience "
        "et vous proposer des publicités personnalisées. Vous pouvez changer d'avis à tout moment.",
        14,
    )
    bw = 200
    for i, (label, primary) in enumerate(
        [("Tout refuser", False), ("Personnaliser", False), ("Tout accepter", True)]
    ):
        bx = x0 + 24 + i * (bw + 20)
        c.button((bx, y1 - 50, bx + bw, y1 - 14), label, primary)
    return png(c)


def sauvegarde_disque_branche() -> bytes:
    c = Canvas(760, 300)
    for k in range(3):
        c.icon_monitor(70, 30 + k * 86, 56)
    c.label((10, 270, 140, 292), "Postes des agents", 13, TEXT, align="center")
    # file server
    c.rect((300, 70, 400, 230), fill=HEAD, outline=DARK_LINE, radius=4)
    for k in range(4):
        c.rect((312, 86 + k * 34, 388, 110 + k * 34), fill=WHITE, outline=DARK_LINE)
        c.ellipse((374, 94 + k * 34, 382, 102 + k * 34), fill=GREEN)
    c.label((250, 238, 450, 260), "Serveur de fichiers", 13, TEXT, align="center")
    for k in range(3):
        c.line([(102, 48 + k * 86), (298, 150)], DARK_LINE, 2)
    # external disk, always plugged in
    c.rect((590, 110, 700, 190), fill=(70, 70, 70), radius=8)
    c.rect((600, 120, 690, 180), fill=(95, 95, 95), radius=6)
    c.ellipse((672, 166, 682, 176), fill=(120, 220, 120))
    c.line([(402, 150), (588, 150)], TEXT, 3)
    c.label((410, 120, 580, 144), "Câble USB", 12, MUTED, align="center")
    c.label((540, 196, 750, 218), "Disque de sauvegarde externe", 13, TEXT, align="center")
    c.label((540, 218, 750, 240), "branché en permanence", 13, TEXT, align="center")
    c.label((410, 156, 580, 178), "Copie chaque soir à 20 h", 12, MUTED, align="center")
    return png(c)


def stockage_par_type() -> bytes:
    c = Canvas(680, 320)
    c.label(
        (0, 8, 680, 40),
        "Dossier partagé du service : espace occupé par type de fichier",
        16,
        TEXT,
        bold=True,
        align="center",
    )
    data = [
        ("Vidéos de la formation 2023", 180),
        ("Doublons", 95),
        ("Versions intermédiaires", 60),
        ("Documents en cours", 25),
    ]
    left, right, top = 220, 620, 60
    scale = (right - left) / 200
    for v in range(0, 201, 50):
        x = left + v * scale
        c.vline(x, top - 4, top + 4 * 50, HEAD if v else DARK_LINE)
        c.label(
            (x - 30, top + 4 * 50 + 4, x + 30, top + 4 * 50 + 24), str(v), 12, MUTED, align="center", pad=0
        )
    c.label(
        (left, top + 4 * 50 + 24, right, top + 4 * 50 + 46),
        "Espace occupé, en gigaoctets (Go)",
        12,
        MUTED,
        align="center",
    )
    for i, (name, v) in enumerate(data):
        y = top + i * 50
        c.label((0, y + 8, left - 10, y + 38), name, 14, TEXT, align="right", pad=0)
        c.rect((left + 1, y + 8, left + v * scale, y + 38), fill=BLUE)
        c.text(left + v * scale + 8, y + 13, f"{v} Go", 14, TEXT)
    return png(c)


def page_connexion_messagerie() -> bytes:
    c = Canvas(780, 470, BG)
    x0, y0, x1, y1 = c.browser(
        (0, 0, 779, 469),
        "https://webmail.agents.gouv.fr.session-securisee.info/connexion",
        "Messagerie des agents – Connexion",
    )
    c.rect((x0, y0, x1, y0 + 50), fill=BLUE)
    c.text(x0 + 24, y0 + 14, "Messagerie des agents de l'État", 18, WHITE, bold=True)
    bx0, bx1 = x0 + 220, x1 - 220
    c.rect((bx0, y0 + 76, bx1, y1 - 30), fill=WHITE, outline=LINE, radius=8)
    c.label(
        (bx0, y0 + 92, bx1, y0 + 120), "Connexion à votre messagerie", 18, TEXT, bold=True, align="center"
    )
    y = y0 + 138
    for name, value in [("Identifiant", "prenom.nom"), ("Mot de passe", "")]:
        c.text(bx0 + 24, y, name, 14, TEXT)
        c.field((bx0 + 24, y + 22, bx1 - 24, y + 54), value, placeholder=True)
        y += 70
    c.button((bx0 + 24, y + 6, bx1 - 24, y + 44), "Se connecter", primary=True, size=16)
    c.label((bx0, y + 56, bx1, y + 80), "Mot de passe oublié ?", 13, LINK, align="center")
    return png(c)


def jauge_mot_de_passe() -> bytes:
    c = Canvas(560, 430, BG)
    c.rect((40, 20, 520, 410), fill=WHITE, outline=LINE, radius=8)
    c.text(70, 40, "Créer votre compte", 20, TEXT, bold=True)
    c.text(70, 74, "Portail des formations en ligne", 13, MUTED)
    c.text(70, 110, "Mot de passe", 14, TEXT)
    c.field((70, 134, 490, 170), "Marseille2025!")
    c.text(420, 144, "Masquer", 12, LINK)
    for k in range(4):
        c.rect((70 + k * 106, 184, 70 + k * 106 + 98, 192), fill=GREEN, radius=3)
    c.text(70, 202, "Robustesse : très fort", 14, GREEN, bold=True)
    y = 238.0
    for rule in [
        "12 caractères ou plus",
        "Au moins une majuscule",
        "Au moins un chiffre",
        "Au moins un caractère spécial",
    ]:
        c.text(68, y - 3, "✓", 20, GREEN)
        c.text(96, y, rule, 14, TEXT)
        y += 28
    c.button((70, 360, 490, 394), "Créer mon compte", primary=True)
    return png(c)


# --------------------------------------------------------------------------------------------------------
# Images, domain 5: digital environment
# --------------------------------------------------------------------------------------------------------


def alerte_espace_disque() -> bytes:
    c = Canvas(640, 210, BG)
    c.dialog(
        (0, 0, 639, 209),
        "Alerte",
        "warning",
        "Enregistrement impossible : espace disque insuffisant.\nDisque local (C:) : 0,2 Go libre sur 256 Go.",
        [("OK", True)],
        button_w=100,
    )
    return png(c)


def traitement_texte_ne_repond_pas() -> bytes:
    c = Canvas(760, 400, BG)
    x0, y0, x1, y1 = c.window(
        (0, 0, 759, 399), "Rapport annuel 2025.odt – Traitement de texte (Ne répond pas)"
    )
    c.rect((x0, y0, x1, y0 + 36), fill=PAPER)
    for k, name in enumerate(["Fichier", "Édition", "Affichage", "Insertion", "Format", "Outils"]):
        c.text(x0 + 12 + k * 84, y0 + 10, name, 13, TEXT)
    c.rect((x0 + 130, y0 + 50, x1 - 130, y1 - 10), fill=WHITE, outline=LINE)
    c.text(x0 + 160, y0 + 74, "Rapport annuel 2025", 20, TEXT, bold=True)
    for k in range(9):
        c.rect((x0 + 160, y0 + 118 + k * 22, x1 - 160 - (k % 4) * 30, y0 + 126 + k * 22), fill=HEAD)
    # a frozen window is drawn washed out
    veil = Image.new("RGB", (round(x1 - x0), round(y1 - y0)), WHITE)
    region = (round(x0), round(y0), round(x1), round(y1))
    c.img.paste(Image.blend(c.img.crop(region), veil, 0.55), region[:2])
    c.ellipse((x0 + 345, y0 + 160, x0 + 395, y0 + 210), outline=BLUE, width=5)
    c.rect((x0 + 366, y0 + 152, x0 + 400, y0 + 184), fill=WHITE)
    return png(c)


def fichier_verrouille() -> bytes:
    c = Canvas(720, 210, BG)
    c.dialog(
        (0, 0, 719, 209),
        "Document en cours d'utilisation",
        "info",
        "Le document « planning-accueil.ods » est verrouillé en modification par Karim Benali depuis 09:42. "
        "Ouvrez le document en lecture seule, ou ouvrez une copie du document pour la modifier. Choisissez "
        "Notifier pour être averti quand le document pourra être modifié.",
        [
            ("Ouvrir en lecture seule", False),
            ("Ouvrir une copie", False),
            ("Notifier", False),
            ("Annuler", True),
        ],
    )
    return png(c)


def intranet_inaccessible() -> bytes:
    c = Canvas(780, 380, BG)
    x0, y0, x1, _y1 = c.browser(
        (0, 0, 779, 379), "https://intranet.exemple.gouv.fr/accueil", "intranet.exemple.gouv.fr"
    )
    # a sad page icon
    c.rect((x0 + 60, y0 + 50, x0 + 110, y0 + 114), fill=WHITE, outline=MUTED, width=2)
    c.ellipse((x0 + 73, y0 + 70, x0 + 79, y0 + 76), fill=MUTED)
    c.ellipse((x0 + 91, y0 + 70, x0 + 97, y0 + 76), fill=MUTED)
    c.d.arc((x0 + 72, y0 + 88, x0 + 98, y0 + 108), 200, 340, fill=MUTED, width=2)
    c.text(x0 + 60, y0 + 134, "Impossible d'accéder à ce site", 24, TEXT)
    c.paragraph(
        x0 + 60,
        y0 + 176,
        x1 - x0 - 120,
        "Le délai de connexion à intranet.exemple.gouv.fr a expiré. Vérifiez la connexion au réseau, "
        "puis réessayez.",
        15,
        MUTED,
    )
    c.text(x0 + 60, y0 + 232, "ERR_CONNECTION_TIMED_OUT", 12, MUTED)
    c.button((x0 + 60, y0 + 258, x0 + 170, y0 + 292), "Actualiser", primary=True)
    return png(c)


def explorateur_espaces_stockage() -> bytes:
    c = Canvas(700, 330, BG)
    x0, y0, _x1, _y1 = c.window((0, 0, 699, 329), "Ce PC – Explorateur de fichiers")
    c.text(x0 + 20, y0 + 14, "Emplacements réseau", 15, TEXT, bold=True)
    drives = [
        ("Mes documents réseau (P:)", "12,4 Go libres sur 20 Go", 0.38),
        ("Partage du service (S:)", "186 Go libres sur 500 Go", 0.63),
        ("Disque local (C:)", "96 Go libres sur 256 Go", 0.62),
    ]
    y = y0 + 46
    for i, (name, free, used) in enumerate(drives):
        if i == 2:
            c.text(x0 + 20, y + 4, "Périphériques et lecteurs", 15, TEXT, bold=True)
            y += 34
        c.icon_drive(x0 + 24, y)
        c.text(x0 + 70, y, name, 14, TEXT)
        c.rect((x0 + 70, y + 22, x0 + 370, y + 32), fill=HEAD, outline=LINE)
        c.rect((x0 + 70, y + 22, x0 + 70 + 300 * used, y + 32), fill=LINK)
        c.text(x0 + 70, y + 38, free, 12, MUTED)
        y += 72
    return png(c)


# --------------------------------------------------------------------------------------------------------
# Registry and command line
# --------------------------------------------------------------------------------------------------------

REGISTRY: list[tuple[str, Callable[[], bytes]]] = [
    # 1 - information and data
    ("1-information/images/explorateur-dossier-2025.png", explorateur_dossier_2025),
    ("1-information/images/explorateur-budget.png", explorateur_budget),
    ("1-information/images/explorateur-versions-rapport.png", explorateur_versions_rapport),
    ("1-information/images/tableur-reference-absolue.png", tableur_reference_absolue),
    ("1-information/images/tableur-demandes-subvention.png", tableur_demandes_subvention),
    ("1-information/images/tableur-filtre-accueil.png", tableur_filtre_accueil),
    ("1-information/images/graphique-axe-tronque.png", graphique_axe_tronque),
    ("1-information/fichiers/frais-mission.csv", frais_mission_csv),
    ("1-information/fichiers/demandes-subvention.ods", demandes_subvention_ods),
    # 2 - communication and collaboration
    ("2-communication/images/courriel-nouveau-message.png", courriel_nouveau_message),
    ("2-communication/images/courriel-recu-benoit.png", courriel_recu_benoit),
    ("2-communication/images/erreur-piece-jointe.png", erreur_piece_jointe),
    ("2-communication/images/partage-rapport-droits.png", partage_rapport_droits),
    ("2-communication/images/partage-lien-public.png", partage_lien_public),
    ("2-communication/images/visio-choix-partage.png", visio_choix_partage),
    ("2-communication/images/site-payant-acte-naissance.png", site_payant_acte_naissance),
    ("2-communication/images/ia-reference-article.png", ia_reference_article),
    ("2-communication/images/agenda-semaine-equipe.png", agenda_semaine_equipe),
    # 3 - content creation
    ("3-creation/images/diapositive-surchargee.png", diapositive_surchargee),
    ("3-creation/images/note-intranet-feuillage.png", note_intranet_feuillage),
    ("3-creation/images/courrier-coupure-15-km.png", courrier_coupure_15_km),
    ("3-creation/images/contraste-bon-mauvais.png", contraste_bon_mauvais),
    ("3-creation/images/table-matieres-sans-partie-3.png", table_matieres_sans_partie_3),
    # 4 - protection and security
    ("4-securite/images/connexion-code-application.png", connexion_code_application),
    ("4-securite/images/message-rancon.png", message_rancon),
    ("4-securite/images/mises-a-jour-pretes.png", mises_a_jour_pretes),
    ("4-securite/images/bandeau-cookies.png", bandeau_cookies),
    ("4-securite/images/sauvegarde-disque-branche.png", sauvegarde_disque_branche),
    ("4-securite/images/stockage-par-type.png", stockage_par_type),
    ("4-securite/images/page-connexion-messagerie.png", page_connexion_messagerie),
    ("4-securite/images/jauge-mot-de-passe.png", jauge_mot_de_passe),
    # 5 - digital environment
    ("5-environnement/images/alerte-espace-disque.png", alerte_espace_disque),
    ("5-environnement/images/traitement-texte-ne-repond-pas.png", traitement_texte_ne_repond_pas),
    ("5-environnement/images/fichier-verrouille.png", fichier_verrouille),
    ("5-environnement/images/intranet-inaccessible.png", intranet_inaccessible),
    ("5-environnement/images/explorateur-espaces-stockage.png", explorateur_espaces_stockage),
    ("5-environnement/fichiers/notice-espaces-stockage.pdf", notice_espaces_stockage_pdf),
]


def generate(target: Path, only: set[str] | None = None) -> list[Path]:
    written = []
    for rel, make in REGISTRY:
        if only and rel not in only:
            continue
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(make())
        written.append(path)
    return written


def owned_folders_files() -> set[str]:
    """Every file currently under an images/ or fichiers/ folder of the épreuves."""
    found = set()
    for folder in ("images", "fichiers"):
        for p in EPREUVES.rglob(f"{folder}/*"):
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(EPREUVES).parts):
                found.add(p.relative_to(EPREUVES).as_posix())
    return found


def same_pixels(a: Path, b: Path) -> bool:
    with Image.open(a) as ia, Image.open(b) as ib:
        return ia.mode == ib.mode and ia.size == ib.size and ia.tobytes() == ib.tobytes()


def check() -> int:
    status = 0
    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp))
        for rel, _ in REGISTRY:
            committed, fresh = EPREUVES / rel, Path(tmp) / rel
            if not committed.exists():
                print(f"missing   {rel}")
                status = 1
            elif committed.read_bytes() == fresh.read_bytes():
                continue
            elif rel.endswith(".png") and same_pixels(committed, fresh):
                print(f"same pixels, other PNG compression: {rel}")
            else:
                print(f"differs   {rel}")
                status = 1
    for rel in sorted(owned_folders_files() - {rel for rel, _ in REGISTRY}):
        print(f"note: {rel} is not produced by this script")
    if status:
        print(
            f"\nRun `python scripts/illustrations.py` to rewrite them (Pillow {PILLOW_VERSION} here; the committed "
            f"files were made with Pillow {GENERATED_WITH})."
        )
    else:
        print(f"{len(REGISTRY)} files up to date.")
    return status


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if a committed file differs from the script's output"
    )
    parser.add_argument("--list", action="store_true", help="print the files this script writes")
    parser.add_argument("files", nargs="*", help="only these files (paths relative to content/epreuves)")
    args = parser.parse_args(argv)
    if args.list:
        print("\n".join(rel for rel, _ in REGISTRY))
        return 0
    if args.check:
        return check()
    if PILLOW_VERSION != GENERATED_WITH:
        print(
            f"warning: Pillow {PILLOW_VERSION}, the committed files were made with {GENERATED_WITH}",
            file=sys.stderr,
        )
    written = generate(EPREUVES, set(args.files) or None)
    print(f"{len(written)} files written under {EPREUVES.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
