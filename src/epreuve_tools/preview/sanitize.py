"""What HTML from content may reach a page: the project's allow-list, applied by nh3 (the Rust `ammonia`
sanitiser).

Authors write Markdown, and sometimes a little raw HTML (`<span lang="en">`, `<sub>`, a `<br>`), which
`epreuve check` accepts only for the harmless inline tags the project lists in `allowed-html`
(settings.py `HARMLESS_INLINE_TAGS`, each with the only attributes it may carry). The site shows
exactly what `check` accepts: markdown-it renders the Markdown with raw HTML on, and `neutralise`
renames every raw tag outside that list (its text stays, the tag goes); then `clean` keeps only the
elements Markdown itself makes plus the allowed tags, with their own attributes. Whatever the
configuration says: no script nor style (dropped with their content), no event or style attribute,
no frame, object or SVG, no link or image address but http(s), mailto and relative ones, every link
`rel="noopener noreferrer"`. Embeds are not content HTML: the page builder writes them itself,
sandboxed (see pages.py).
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Set

import nh3

from epreuve_tools.settings import HARMLESS_INLINE_TAGS

# what CommonMark's renderer writes, with the attributes it gives them
MARKDOWN_TAGS = frozenset(
    {
        "a", "blockquote", "br", "code", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "img", "li", "ol",
        "p", "pre", "strong", "ul", "table", "thead", "tbody", "tr", "th", "td",
    }
)  # fmt: skip
MARKDOWN_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "title"}),
    "img": frozenset({"src", "alt", "title"}),
    "ol": frozenset({"start"}),
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# dropped with everything inside them, not only their tags
DROPPED_WITH_CONTENT = frozenset({"script", "style", "iframe", "object", "embed", "svg", "math", "template"})
_RAW_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
# a name no allow-list holds: nh3 drops such a tag and keeps its text
_REFUSED = "epreuve-refuse-"


def allowed_tags(allowed: Set[str]) -> frozenset[str]:
    """The tags of `allowed` the site may keep: harmless inline ones only, whatever a configuration says."""
    return frozenset(name for name in allowed if name in HARMLESS_INLINE_TAGS)


def neutralise(raw: str, allowed: Set[str]) -> str:
    """Raw HTML as an author wrote it, each tag outside `allowed` renamed so that `clean` drops it; the
    elements dropped with their content keep their names, so that their content goes too."""
    if "<" not in raw:
        return raw

    def rename(match: re.Match[str]) -> str:
        name = match.group(2).lower()
        if name in allowed or name in DROPPED_WITH_CONTENT:
            return match.group(0)
        return f"<{match.group(1)}{_REFUSED}{match.group(2)}"

    return _RAW_TAG.sub(rename, raw)


@functools.cache
def _policy(allowed: frozenset[str]) -> tuple[set[str], dict[str, set[str]]]:
    tags = set(MARKDOWN_TAGS | allowed)
    # "*": none on every tag (nh3 would otherwise allow `lang` and `title` anywhere)
    attributes: dict[str, set[str]] = {"*": set()}
    attributes.update((tag, set(names)) for tag, names in MARKDOWN_ATTRIBUTES.items())
    for tag in allowed:
        attributes.setdefault(tag, set()).update(HARMLESS_INLINE_TAGS[tag])
    return tags, attributes


def clean(text: str, allowed: Set[str] = frozenset()) -> str:
    """Rendered HTML with only Markdown's elements and the `allowed` harmless tags, their attributes and
    safe addresses (raw tags outside `allowed` were renamed by `neutralise`: they go here)."""
    if "<" not in text:
        return text
    tags, attributes = _policy(allowed_tags(allowed))
    return nh3.clean(
        text,
        tags=set(tags),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in attributes.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def plain_text(text: str) -> str:
    """`text` without any markup (tags dropped, scripts and styles with their content), unescaped."""
    if "<" not in text:
        return text
    return html.unescape(nh3.clean(text, tags=set(), clean_content_tags=set(DROPPED_WITH_CONTENT)))
