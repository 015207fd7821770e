"""The pages of the preview site, engine-neutral: Markdown files whose body is HTML we built, plus assets.

Content is hostile. Every text from a file is escaped here (`html.escape`); Markdown from a file is
rendered by markdown-it (raw HTML on, as Pix shows it; its link validation refuses `javascript:`,
`vbscript:`, `file:` and `data:` links), then cut down by the nh3 allow-list of `sanitize.py`: no script,
event attribute, frame, object or SVG from content reaches a page. Embeds are written here, in sandboxed
https frames with their title. The page body is one HTML block, which the engine passes through as it is.

The page contract (tests and future tools rely on it): a QCU/QCM input has `value` = the proposal's
number in file order (1-based); a blank's input, select or textarea has `name` = the blank's key; the
form's "Vérifier" button is judged by `site/assets/judge.js`, which writes the verdict into the form's
`role="status"` element: `data-status` = the status of `epreuve answer --json`, text = a French sentence.
The key it judges with is the form's `data-cle` attribute (JSON, see `judge_data.py`).
Addresses: `epreuves/<id>/` (learner view), `epreuves/<id>/revue/` (reviewer view, review.py); the
index pages are in indexes.py.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import hashlib
import html
import json
import os
import posixpath
import re
import stat
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

from markdown_it import MarkdownIt

from epreuve_tools.diagnostics import Diagnostic
from epreuve_tools.model import Epreuve, Parcours, Referentiel
from epreuve_tools.preview.sanitize import allowed_tags, clean, neutralise, plain_text
from epreuve_tools.settings import DEFAULT_SETTINGS, RuleSettings
from epreuve_tools.worker import fork_available

if TYPE_CHECKING:
    from epreuve_tools.preview.releases import History
    from epreuve_tools.preview.review import Bank

# Only ids that are safe as one path segment get a page (the schema asks for the same shape).
PAGE_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")
_EXTENSION = re.compile(r"[a-z0-9]{1,10}")
MAX_ASSET_BYTES = 20 * 1024 * 1024
MAX_SVG_BYTES = 1024 * 1024
# mon-pix: the text just before an input becomes its visible label when longer than this
MINIMUM_SIZE_FOR_LABEL = 6
# mon-pix's input sizes by `format` (get-qroc-input-size.js)
_SIZES = {"petit": 10, "mots": 20, "phrase": 50}
PIX_TYPES = {"qcu": "QCU", "qcm": "QCM", "qroc": "QROC", "qrocm-ind": "QROCM-ind", "qrocm-dep": "QROCM-dep"}


def _raw_html(self: Any, tokens: Sequence[Any], index: int, options: Any, env: Mapping[str, Any]) -> str:
    return neutralise(str(tokens[index].content), env["allowed"])


@functools.cache
def _markdown() -> MarkdownIt:
    # raw HTML is rendered as Pix does, its tags outside the project's `allowed-html` neutralised, then
    # the whole cut down to the allow-list (sanitize.py); linkify and typographer stay off (stable output);
    # tables on, as the loader parses them (parsing/markdown.py) and the A11Y-TBL rules check them
    renderer = MarkdownIt("commonmark", {"html": True}).enable("table")
    renderer.add_render_rule("html_inline", _raw_html)
    renderer.add_render_rule("html_block", _raw_html)
    return renderer


def render_markdown(text: str, allowed: frozenset[str] = frozenset()) -> str:
    """Markdown from content, as sanitised HTML; `allowed`: the raw HTML tags the project allows."""
    tags = allowed_tags(allowed)
    return clean(str(_markdown().render(text, {"allowed": tags})), tags)


def render_inline(text: str, allowed: frozenset[str] = frozenset()) -> str:
    tags = allowed_tags(allowed)
    return clean(str(_markdown().renderInline(text, {"allowed": tags})), tags)


def e(text: object) -> str:
    return html.escape(str(text), quote=True)


@dataclass(frozen=True, slots=True)
class Facts:
    """What the index pages and the cross-references read of an épreuve: small, kept between builds so that
    an unchanged file is not parsed again."""

    id: str | None
    competence: str | None
    tube: str | None
    level: int | None
    status: str | None
    instruction: str  # the instruction as plain text, cut (what a list shows)
    to_test: bool  # a declared accessibility flag still « A tester »
    has_examples: bool
    genealogy: tuple[str, str | None]  # ("prototype" | "declinaison" | "", the prototype's id)
    illustration: str | None  # its src, whose file the learner view depends on


_SUMMARY = 90
_SPACES = re.compile(r"\s+")
_MARKUP = re.compile(r"[`*_#>\[\]]|\]\([^)]*\)")


def facts_of(epreuve: Epreuve) -> Facts:
    fm = epreuve.front_matter
    text = _SPACES.sub(" ", _MARKUP.sub("", plain_text(epreuve.body.instruction))).strip()
    if len(text) > _SUMMARY:
        text = text[: _SUMMARY - 1].rstrip() + "…"
    flags = fm.get("accessibility")
    examples = fm.get("examples")
    genealogy: tuple[str, str | None] = ("", None)
    if fm.get("genealogy") == "prototype":
        genealogy = ("prototype", None)
    elif isinstance(fm.get("genealogy"), dict) and isinstance(fm["genealogy"].get("declinaison"), str):
        genealogy = ("declinaison", fm["genealogy"]["declinaison"])
    illustration = fm.get("illustration")
    return Facts(
        id=epreuve.id,
        competence=epreuve.competence,
        tube=epreuve.tube,
        level=epreuve.level,
        status=epreuve.status,
        instruction=text,
        to_test=isinstance(flags, dict) and any(value == "A tester" for value in flags.values()),
        has_examples=isinstance(examples, dict) and any(isinstance(v, list) and v for v in examples.values()),
        genealogy=genealogy,
        illustration=illustration["src"]
        if isinstance(illustration, dict) and isinstance(illustration.get("src"), str)
        else None,
    )


@dataclass(slots=True)
class EpreuveEntry:
    """An épreuve file: parsed (`epreuve`), or known by its `facts` from a previous build and parsed from
    `source` only if one of its pages must be made again."""

    path: str  # POSIX, relative to the content root
    epreuve: Epreuve | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    facts: Facts = field(default=None)  # type: ignore[assignment]  # set by __post_init__
    source: bytes = b""
    digest: str = ""  # of `source`, when known
    settings: RuleSettings = DEFAULT_SETTINGS  # the project's, which the pages obey as `check` does

    def __post_init__(self) -> None:
        if getattr(self, "facts", None) is None:  # not given: read from the parsed épreuve
            self.facts = facts_of(self.parsed())

    def parsed(self) -> Epreuve:
        if self.epreuve is None:
            from epreuve_tools.analysis import parse_epreuve

            _, self.epreuve = parse_epreuve(self.source)
            if self.epreuve is None:  # it parsed before with the same bytes
                raise ValueError(f"{self.path} : illisible")
        self.epreuve.settings = self.settings
        return self.epreuve


@dataclass(slots=True)
class Site:
    """What the engine builds: pages (path in the docs folder → Markdown text), assets (path → bytes),
    and the navigation (title, page path), kept small on purpose (performance.md §8)."""

    pages: dict[str, str] = field(default_factory=dict)
    assets: dict[str, bytes] = field(default_factory=dict)
    nav: list[tuple[str, str]] = field(default_factory=list)


def page(title: str, body: str, *, search: bool = True) -> str:
    """A page: its title (through YAML as a JSON string, JSON being YAML: no content can break out of
    it), whether search indexes it, and its body. The theme writes the title into the page as HTML
    (header, `<title>`, search results): it is escaped here, as every text from content is."""
    hidden = "" if search else "search:\n  exclude: true\n"
    shown = json.dumps(html.escape(title, quote=False), ensure_ascii=False)
    return f"---\ntitle: {shown}\n{hidden}---\n\n{body.strip()}\n"


def raw_block(inner: str) -> str:
    """One raw HTML block for the engine: no blank line inside, or Markdown would resume after it."""
    lines = [line for line in inner.split("\n") if line.strip()]
    return '<div class="epreuve">\n' + "\n".join(lines) + "\n</div>\n"


_CAPTION = re.compile(r"<caption>(.*?)</caption>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def scrolling(table: str) -> str:
    """One of our tables (`<table…><caption>…`) in a region that scrolls sideways when the table is wider
    than the page, which the keyboard can reach and which is named by the caption (axe
    `scrollable-region-focusable`, RGAA 12.13). Its class keeps the theme from wrapping it again."""
    found = _CAPTION.search(table)
    name = _TAG.sub("", found.group(1)) if found else "Tableau"
    if table.startswith('<table class="'):
        opened = table.replace('<table class="', '<table class="epreuve-table ', 1)
    else:
        opened = table.replace("<table>", '<table class="epreuve-table">', 1)
    return f'<div class="epreuve-defile" tabindex="0" role="region" aria-label="{name}">{opened}</div>'


def _read_asset(root: str, epreuve_path: str, src: str) -> bytes | None:
    """An illustration's bytes, when it is a regular file inside the content tree within bounds."""
    target = posixpath.normpath(posixpath.join(posixpath.dirname(epreuve_path), src.replace("\\", "/")))
    if "://" in src or target.startswith(("/", "../")) or target == "..":
        return None
    path = os.path.join(root, target)
    real_root = os.path.realpath(root)
    if not os.path.realpath(path).startswith(real_root + os.sep):
        return None
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ASSET_BYTES:
            return None
        with open(path, "rb") as stream:
            return stream.read(MAX_ASSET_BYTES + 1)
    except OSError:
        return None


def _asset_name(src: str, data: bytes) -> str:
    extension = posixpath.splitext(src)[1][1:].lower()
    if not _EXTENSION.fullmatch(extension):
        extension = "bin"
    return f"assets/epreuves/{hashlib.sha256(data).hexdigest()[:32]}.{extension}"


# ------------------------------------------------------------------------------------------------
# learner view


def _illustration(entry: EpreuveEntry, root: str, site: Site, depth: int) -> str:
    illustration = entry.parsed().front_matter.get("illustration")
    if not isinstance(illustration, dict) or not isinstance(illustration.get("src"), str):
        return ""
    src = illustration["src"]
    alt = illustration.get("alt")
    alt_text = "" if illustration.get("decorative") is True or not isinstance(alt, str) else alt
    data = _read_asset(root, entry.path, src)
    if data is None:
        return f'<p class="epreuve-note">Illustration introuvable : {e(src)}</p>'
    if _is_svg(src, data):
        # an SVG file opened on its own runs its scripts; as a data: address in <img>, none ever runs
        if len(data) > MAX_SVG_BYTES:
            return f'<p class="epreuve-note">Illustration SVG trop lourde pour l\'aperçu : {e(src)}</p>'
        address = "data:image/svg+xml;base64," + base64.b64encode(data).decode("ascii")
    else:
        name = _asset_name(src, data)
        site.assets[name] = data
        address = "../" * depth + name
    image = f'<img src="{e(address)}" alt="{e(alt_text)}">'
    legend = illustration.get("legend")
    if isinstance(legend, str) and legend.strip():
        # RGAA 1.9: the legend is the figure's caption, and names the figure (A11Y-IMG-015)
        caption = e(legend.strip())
        return (
            f'<figure role="figure" aria-label="{caption}">{image}<figcaption>{caption}</figcaption></figure>'
        )
    return f"<figure>{image}</figure>"


def _is_svg(src: str, data: bytes) -> bool:
    return src.lower().endswith((".svg", ".svgz")) or b"<svg" in data[:4096].lower()


def embed(epreuve: Epreuve) -> str:
    """An embedded application (`embed: {url, title, height}`) in a sandboxed frame: its scripts run in an
    origin of their own, never the site's; only https addresses; a title is required (RGAA 2.1)."""
    value = epreuve.front_matter.get("embed")
    if not isinstance(value, dict):
        return ""
    url, title, height = value.get("url"), value.get("title"), value.get("height")
    if not isinstance(url, str) or not url.lower().startswith("https://") or any(c in url for c in ' "<>\\'):
        return '<p class="epreuve-note">Contenu intégré non affiché : son adresse doit commencer par https://.</p>'
    if not isinstance(title, str) or not title.strip():
        return '<p class="epreuve-note">Contenu intégré non affiché : il lui faut un titre (<code>embed.title</code>).</p>'
    size = (
        f' height="{height}"'
        if isinstance(height, int) and not isinstance(height, bool) and 0 < height < 5000
        else ""
    )
    return (
        f'<iframe class="epreuve-embed" src="{e(url)}" title="{e(title.strip())}"{size} '
        'sandbox="allow-scripts allow-forms" referrerpolicy="no-referrer" loading="lazy"></iframe>'
    )


def _choices(epreuve: Epreuve) -> str:
    proposals = epreuve.body.proposals or ()
    multiple = epreuve.type == "qcm"
    allowed = epreuve.settings.allowed_html
    kind = "checkbox" if multiple else "radio"
    legend = "Cochez au moins deux réponses" if multiple else "Choisissez une réponse"
    out = [f"<fieldset><legend>{legend}</legend>"]
    for number, proposal in enumerate(proposals, start=1):
        text = proposal.text
        out.append(
            f'<div><input type="{kind}" name="reponse" id="proposition-{number}" value="{number}">'
            f' <label for="proposition-{number}">{render_inline(text, allowed)}</label></div>'
        )
    out.append("</fieldset>")
    if epreuve.front_matter.get("shuffle", True) is not False:
        out.append(
            '<p class="epreuve-note">Propositions dans l\'ordre du fichier ; '
            "l'apprenant les voit mélangées.</p>"
        )
    return "\n".join(out)


def blank_labels(
    text: str, spans: Sequence[tuple[int, int]], explicit: Sequence[str | None]
) -> list[tuple[str, str]]:
    """The label of each blank by Pix's rule, as (how, text): ("visible", the text just before the blank on
    its line, when longer than six characters), else ("aria", the `§` label), else ("aria", "Réponse N").

    mon-pix takes the whole text block since the previous blank; this takes it within the blank's line,
    so that the label element never spans paragraphs (the same text for blanks on their own lines).
    """
    labels: list[tuple[str, str]] = []
    previous_end = 0
    for number, ((start, end), label) in enumerate(zip(spans, explicit, strict=True), start=1):
        line_start = text.rfind("\n", 0, start) + 1
        before = text[max(previous_end, line_start) : start].strip()
        if len(before) > MINIMUM_SIZE_FOR_LABEL:
            labels.append(("visible", before))
        elif label:
            labels.append(("aria", label))
        else:
            labels.append(("aria", f"Réponse {number}"))
        previous_end = end
    return labels


def _field(epreuve: Epreuve, key: str, blank: Any, aria: str | None) -> str:
    name = e(key)
    common = f'name="{name}" id="champ-{name}"' + (f' aria-label="{e(aria)}"' if aria else "")
    placeholder = f' placeholder="{e(blank.placeholder)}"' if blank.placeholder else ""
    if blank.options is not None:
        options = "".join(f'<option value="{e(o)}">{e(o)}</option>' for o in blank.options)
        return f'<select {common}><option value="">{e(blank.placeholder or "Choisissez")}</option>{options}</select>'
    default = blank.default or ""
    if epreuve.format == "paragraphe":
        return f'<textarea {common} rows="5"{placeholder}>{e(default)}</textarea>'
    if epreuve.format == "nombre":
        return f'<input type="number" min="0" {common}{placeholder} value="{e(default)}">'
    size = _SIZES.get(epreuve.format or "", 20)
    return f'<input type="text" size="{size}" {common}{placeholder} value="{e(default)}" autocomplete="off">'


def _found_blanks(epreuve: Epreuve) -> tuple[str, list[tuple[int, int, Any]]]:
    """The propositions' text, and its blanks in order with their offsets in it (found by their span)."""
    container = epreuve.body.containers.get("propositions")
    if container is None:
        return "", []
    text = container.inner
    # blanks of the propositions, in order, found by their span (file lines) inside the inner text
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    found: list[tuple[int, int, Any]] = []
    for blank in epreuve.blanks:
        row = blank.span.start.line - container.inner_line
        end_row = blank.span.end.line - container.inner_line
        if not 0 <= row < len(lines) or not 0 <= end_row < len(lines):
            continue
        start = offsets[row] + blank.span.start.column - 1
        end = offsets[end_row] + blank.span.end.column - 1
        if text[start : start + 2] == "${":
            found.append((start, end, blank))
    found.sort(key=lambda item: item[0])
    return text, found


def blank_labels_of(epreuve: Epreuve) -> list[tuple[str, str]]:
    """Each blank's label as the learner view gives it (see :func:`blank_labels`), in order."""
    text, found = _found_blanks(epreuve)
    return blank_labels(text, [(s, e) for s, e, _ in found], [b.label for _, _, b in found])


def _blanks(epreuve: Epreuve) -> str:
    text, found = _found_blanks(epreuve)
    if not text and not found:
        return ""
    labels = blank_labels(text, [(s, e) for s, e, _ in found], [b.label for _, _, b in found])
    # each blank becomes a marker of letters and digits, which Markdown keeps as it is, replaced after
    # rendering; the visible label's text is wrapped in markers too, turned into <label for>
    pieces: list[str] = []
    replacements: dict[str, str] = {}
    cursor = 0
    for index, ((start, end, blank), (how, label)) in enumerate(zip(found, labels, strict=True)):
        chunk = text[cursor:start]
        if how == "visible":
            at = chunk.rfind(label)
            pieces.append(chunk[:at])
            pieces.append(f"EPRVLABELOPEN{index}Z{chunk[at : at + len(label)]}EPRVLABELCLOSE{index}Z")
            pieces.append(chunk[at + len(label) :])
            replacements[f"EPRVLABELOPEN{index}Z"] = f'<label for="champ-{e(blank.key)}">'
            replacements[f"EPRVLABELCLOSE{index}Z"] = "</label>"
            aria = None
        else:
            pieces.append(chunk)
            aria = label
        pieces.append(f"EPRVBLANK{index}Z")
        replacements[f"EPRVBLANK{index}Z"] = _field(epreuve, blank.key, blank, aria)
        cursor = end
    pieces.append(text[cursor:])
    rendered = render_markdown("".join(pieces), epreuve.settings.allowed_html)
    return re.sub(r"EPRV(?:BLANK|LABELOPEN|LABELCLOSE)\d+Z", lambda m: replacements.get(m[0], ""), rendered)


def learner_page(entry: EpreuveEntry, root: str, site: Site) -> str:
    epreuve = entry.parsed()
    parts = [f"<h1>Épreuve {e(epreuve.id)}</h1>"]
    parts.append('<p><a href="revue/">Vue de relecture (clé, exemples, diagnostics)</a></p>')
    parts.append(
        f'<section class="epreuve-consigne">{render_markdown(epreuve.body.instruction, epreuve.settings.allowed_html)}</section>'
    )
    parts.append(_illustration(entry, root, site, depth=2))
    parts.append(embed(epreuve))
    answer = _choices(epreuve) if epreuve.type in ("qcu", "qcm") else _blanks(epreuve)
    key_attribute, after = _judging(epreuve)
    parts.append(
        f'<form class="epreuve-form" data-epreuve-id="{e(epreuve.id)}" data-type="{e(epreuve.type or "")}"'
        f"{key_attribute}>{answer}{after}</form>"
    )
    return page(f"Épreuve {epreuve.id} – aperçu", raw_block("\n".join(parts)))


def _judging(epreuve: Epreuve) -> tuple[str, str]:
    """What lets the page judge (site/assets/judge.js): the key as a `data-cle` attribute of the form
    (JSON, escaped: data, never script), then the "Vérifier" button and the status element the verdict
    goes to; or, when the key cannot be read, no attribute and a note instead of the button."""
    from epreuve_tools.answers.from_model import answer_key
    from epreuve_tools.preview.judge_data import key_json

    key = answer_key(epreuve)
    if key is None:
        return "", (
            '<p class="epreuve-note">Cette épreuve ne peut pas être jugée dans la page : sa clé de réponse '
            "est illisible (voir les diagnostics de la vue de relecture).</p>"
        )
    return f' data-cle="{e(key_json(key))}"', (
        '<p><button type="submit" class="md-button">Vérifier</button></p>'
        '<p role="status" class="epreuve-verdict" data-status=""></p>'
    )


# ------------------------------------------------------------------------------------------------
# indexes


def parcours_epreuves(parcours: Parcours, epreuves: Mapping[str, EpreuveEntry]) -> list[str]:
    """The épreuves of a parcours, in its order, whatever their status (reviewers see them all)."""
    chosen: dict[str, None] = {}
    for item in parcours.items:
        if item.epreuve_id is not None:
            if item.epreuve_id in epreuves:
                chosen.setdefault(item.epreuve_id)
        elif item.competence is not None:
            for epreuve_id in sorted(epreuves):
                epreuve = epreuves[epreuve_id].facts
                if (
                    epreuve.competence == item.competence
                    and (item.tube is None or epreuve.tube == item.tube)
                    and (not item.levels or epreuve.level in item.levels)
                ):
                    chosen.setdefault(epreuve_id)
    return list(chosen)


def build_pages(
    root: str,
    epreuves: Sequence[EpreuveEntry],
    parcours: Sequence[tuple[Parcours, Mapping[str, Any]]],
    other_diagnostics: Sequence[Diagnostic] = (),
    *,
    referentiel: Referentiel | None = None,
    cache: PageCache | None = None,
    history: History | None = None,
    learners: Mapping[str, tuple[str, dict[str, bytes]]] | None = None,
    reviewers: tuple[Bank, Mapping[str, str]] | None = None,
) -> Site:
    """Every page of the site, from a parsed content tree and the diagnostics of `check`; with a `cache`,
    the pages of an épreuve whose file, diagnostics and links did not change are taken from it;
    `history`: the release notes the site shows (`publications/`); `learners`: learner views already
    made (`learner_pages`), by épreuve path; `reviewers`: the reviewer views but their diagnostics, made
    with a bank (`reviewer_heads`), by épreuve path, used when the bank is the same."""
    from epreuve_tools.preview.releases import History, release_pages
    from epreuve_tools.preview.review import bank_of

    site = Site()
    by_id, skipped = _paged(epreuves)
    paths = _parcours_paths(parcours, by_id)
    bank = bank_of(by_id, paths, referentiel)
    heads = reviewers[1] if reviewers is not None and reviewers[0] == bank else {}
    _WORK_HEADS.clear()
    _WORK_HEADS.update(heads)  # inherited by the page workers
    try:
        made = _all_pages(list(by_id.values()), root, site, bank, cache, learners=learners or {})
    finally:
        _WORK_HEADS.clear()
    for epreuve_id, (learner, reviewer) in zip(by_id, made, strict=True):
        site.pages[f"epreuves/{epreuve_id}/index.md"] = learner
        site.pages[f"epreuves/{epreuve_id}/revue/index.md"] = reviewer
    from epreuve_tools.preview.indexes import build_indexes

    releases = release_pages(site, history or History(None), frozenset(by_id), frozenset(p[0] for p in paths))
    build_indexes(site, by_id, paths, bank, others=other_diagnostics, skipped=skipped, releases=releases)
    return site


def _paged(epreuves: Sequence[EpreuveEntry]) -> tuple[dict[str, EpreuveEntry], list[str]]:
    """The épreuves that get pages, by id (the first file of an id, in path order), and the paths of
    the others (no id, an id unsafe as an address, an id already taken)."""
    by_id: dict[str, EpreuveEntry] = {}
    skipped: list[str] = []
    for entry in sorted(epreuves, key=lambda e: e.path):
        epreuve_id = entry.facts.id
        if epreuve_id is None or not PAGE_ID.fullmatch(epreuve_id) or epreuve_id in by_id:
            skipped.append(entry.path)
            continue
        by_id[epreuve_id] = entry
    return by_id, skipped


def _parcours_paths(
    parcours: Sequence[tuple[Parcours, Mapping[str, Any]]], by_id: Mapping[str, EpreuveEntry]
) -> list[tuple[str, str, list[str]]]:
    """Each parcours that gets a page: its id, title and épreuves in order."""
    paths: list[tuple[str, str, list[str]]] = []
    for item, raw in sorted(parcours, key=lambda p: p[0].id or ""):
        if item.id is None or not PAGE_ID.fullmatch(item.id):
            continue
        title = raw["title"] if isinstance(raw.get("title"), str) else item.id
        paths.append((item.id, title, parcours_epreuves(item, by_id)))
    return paths


def reviewer_heads(
    epreuves: Sequence[EpreuveEntry],
    parcours: Sequence[tuple[Parcours, Mapping[str, Any]]],
    referentiel: Referentiel | None,
    cache: PageCache | None,
    stop: Callable[[], bool],
) -> tuple[Bank, dict[str, str]]:
    """The bank, and the reviewer views but their diagnostics (`review.reviewer_head`, most of their
    cost: the examples judged, the probe) of the épreuves whose file changed since the cache, by path,
    made until `stop()` says to stop: while the check runs, its report is all they lack."""
    from epreuve_tools.preview.review import bank_of, reviewer_head

    by_id = _paged(epreuves)[0]
    bank = bank_of(by_id, _parcours_paths(parcours, by_id), referentiel)
    heads: dict[str, str] = {}
    for entry in by_id.values():
        if stop():
            break
        hit = cache.get(entry.path) if cache is not None and entry.digest else None
        if hit is None or hit.digest != entry.digest:
            heads[entry.path] = reviewer_head(entry, bank)
    return bank, heads


def learner_pages(
    root: str, epreuves: Sequence[EpreuveEntry], cache: PageCache | None = None
) -> dict[str, tuple[str, dict[str, bytes]]]:
    """The learner views `build_pages` would make (those not in the cache), with their assets, by épreuve
    path: they depend on the épreuve's file and illustration only, not on `check`, so that the caller
    makes them while the check runs (in another process: one processor was idle, waiting for it)."""
    made: dict[str, tuple[str, dict[str, bytes]]] = {}
    for entry in _paged(epreuves)[0].values():
        if cache is not None and entry.digest:
            hit = cache.get(entry.path)
            if hit is not None and hit.learner_key == _learner_key(root, entry):
                continue
        scratch = Site()
        made[entry.path] = (learner_page(entry, root, scratch), scratch.assets)
    return made


def _learner_key(root: str, entry: EpreuveEntry) -> str:
    return f"{entry.digest}\0{_illustration_stamp(root, entry)}"


def _illustration_stamp(root: str, entry: EpreuveEntry) -> str:
    src = entry.facts.illustration
    if src is None:
        return ""
    path = os.path.join(root, posixpath.dirname(entry.path), src)
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return f"{src}:absent"
    return f"{src}:{info.st_size}:{info.st_mtime_ns}"


# Below this many pages to make, starting worker processes costs more than it saves.
PARALLEL_FROM = 200
MAX_WORKERS = 4
# What forked workers make pages from (entries, root, bank): inherited, never sent to them.
_WORK: list[tuple[Sequence[EpreuveEntry], str, Bank]] = []
# The reviewer views but their diagnostics made beforehand (`reviewer_heads`), by path: inherited too.
_WORK_HEADS: dict[str, str] = {}


def _render(job: tuple[int, bool, bool]) -> tuple[str | None, dict[str, bytes], str | None]:
    """The learner page (and its assets) and the reviewer page of `_WORK`'s entry `job[0]`, as asked."""
    from epreuve_tools.preview.review import reviewer_page

    entries, root, bank = _WORK[0]
    index, learner_wanted, reviewer_wanted = job
    entry = entries[index]
    learner, assets = None, {}
    if learner_wanted:
        scratch = Site()
        learner, assets = learner_page(entry, root, scratch), scratch.assets
    return (
        learner,
        assets,
        reviewer_page(entry, bank, _WORK_HEADS.get(entry.path)) if reviewer_wanted else None,
    )


def _render_all(
    entries: Sequence[EpreuveEntry], root: str, bank: Bank, jobs: list[tuple[int, bool, bool]]
) -> list[tuple[str | None, dict[str, bytes], str | None]]:
    """Each job's pages, in order; made by worker processes when there are many (parsing and judging for
    the reviewer view are most of a first build, and each page depends on its épreuve and the bank only)."""
    _WORK[:] = [(entries, root, bank)]
    try:
        workers = min(os.cpu_count() or 1, MAX_WORKERS)
        if len(jobs) < PARALLEL_FROM or workers < 2 or not fork_available():
            return [_render(job) for job in jobs]
        import multiprocessing

        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return pool.map(_render, jobs, chunksize=max(1, len(jobs) // (workers * 8)))
    finally:
        _WORK.clear()


def _all_pages(
    entries: Sequence[EpreuveEntry],
    root: str,
    site: Site,
    bank: Bank,
    cache: PageCache | None,
    *,
    learners: Mapping[str, tuple[str, dict[str, bytes]]],
) -> list[tuple[str, str]]:
    """The learner and reviewer pages of each épreuve, from the cache when what they show did not change."""
    from epreuve_tools.preview.review import bank_slice

    keys: list[tuple[str, str]] = []
    jobs: list[tuple[int, bool, bool]] = []
    for index, entry in enumerate(entries):
        if cache is None or not entry.digest:
            keys.append(("", ""))
            jobs.append((index, entry.path not in learners, True))
            continue
        learner_key = _learner_key(root, entry)
        reviewer_key = f"{entry.digest}\0{entry.diagnostics!r}\0{bank_slice(entry, bank)!r}"
        keys.append((learner_key, reviewer_key))
        hit = cache.get(entry.path)
        learner_wanted = (hit is None or hit.learner_key != learner_key) and entry.path not in learners
        reviewer_wanted = hit is None or hit.reviewer_key != reviewer_key
        if learner_wanted or reviewer_wanted:
            jobs.append((index, learner_wanted, reviewer_wanted))
    made = dict(zip((job[0] for job in jobs), _render_all(entries, root, bank, jobs), strict=True))
    pages = []
    for index, entry in enumerate(entries):
        hit = cache.get(entry.path) if cache is not None else None
        learner, assets, reviewer = made.get(index, (None, {}, None))
        if learner is None and entry.path in learners:
            learner, assets = learners[entry.path]
        if learner is None:
            assert hit is not None
            learner, assets = hit.learner, hit.assets
        if reviewer is None:
            assert hit is not None
            reviewer = hit.reviewer
        site.assets.update(assets)
        if cache is not None and entry.digest:
            learner_key, reviewer_key = keys[index]
            cache.put(
                entry.path,
                CachedPages(entry.digest, entry.facts, learner_key, learner, assets, reviewer_key, reviewer),
            )
        pages.append((learner, reviewer))
    return pages


@dataclass(frozen=True, slots=True)
class CachedPages:
    digest: str
    facts: Facts
    learner_key: str
    learner: str
    assets: dict[str, bytes]
    reviewer_key: str
    reviewer: str


_FACTS_FIELDS = tuple(f.name for f in fields(Facts))


def _row(pages: CachedPages) -> tuple[Any, ...]:
    """`pages` as plain tuples, for the cache file: pickle stores a frozen dataclass through Python
    functions called for each object (`_dataclass_getstate`, `_setstate`), ~20 µs each, a tuple in C
    (a rebuild of 1,000 épreuves loads and saves 2,000 of them: ~25 ms)."""
    facts = tuple(getattr(pages.facts, name) for name in _FACTS_FIELDS)
    return (
        pages.digest,
        facts,
        pages.learner_key,
        pages.learner,
        pages.assets,
        pages.reviewer_key,
        pages.reviewer,
    )


def _from_row(row: tuple[Any, ...]) -> CachedPages:
    digest, facts, learner_key, learner, assets, reviewer_key, reviewer = row
    return CachedPages(digest, Facts(*facts), learner_key, learner, assets, reviewer_key, reviewer)


class PageCache:
    """The pages made for each épreuve file by the previous build, kept in one file beside the site: a
    pickle this command wrote, sealed with the user's cache key (`cache.seal`: anyone who can write next
    to the output must not get code run by unpickling), and whose `stamp` tells the code that made it."""

    def __init__(self, path: str | None, stamp: str) -> None:
        self.path, self.stamp = path, stamp
        self.old: dict[str, CachedPages] = {}
        self.new: dict[str, CachedPages] = {}
        if path is not None and os.path.isfile(path):
            import pickle

            from epreuve_tools.cache import unseal

            try:
                with open(path, "rb") as stream:
                    payload = unseal(stream.read())
                saved = pickle.loads(payload) if payload is not None else None
                if isinstance(saved, dict) and saved.get("stamp") == stamp:
                    self.old = {path: _from_row(row) for path, row in saved["pages"].items()}
            except Exception:
                self.old = {}

    def facts(self, path: str, digest: str) -> Facts | None:
        hit = self.old.get(path)
        return hit.facts if hit is not None and hit.digest == digest else None

    def get(self, path: str) -> CachedPages | None:
        return self.old.get(path)

    def put(self, path: str, pages: CachedPages) -> None:
        self.new[path] = pages

    def save(self) -> None:
        if self.path is None:
            return
        import pickle

        from epreuve_tools.cache import seal

        rows = {path: _row(pages) for path, pages in self.new.items()}
        sealed = seal(pickle.dumps({"stamp": self.stamp, "pages": rows}, protocol=pickle.HIGHEST_PROTOCOL))
        if sealed is None:  # no key to seal it with: the next build makes every page again
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.path)
            return
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        with open(self.path + ".tmp", "wb") as stream:
            stream.write(sealed)
        os.replace(self.path + ".tmp", self.path)


def iter_ids(site: Site) -> Iterator[str]:
    for path in site.pages:
        if path.startswith("epreuves/") and path.endswith("/index.md") and "/revue/" not in path:
            yield path.split("/")[1]
