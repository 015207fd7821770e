"""What HTML from content may reach a page: an allow-list applied by nh3 (the Rust `ammonia` sanitiser).

Authors write Markdown, and sometimes a little HTML (`<span lang="en">`, `<sub>`, a `<br>`), as Pix
allows. markdown-it renders it with raw HTML on, then `clean` keeps only the elements and attributes
below: no script nor style (dropped with their content), no event attribute, no frame, object or SVG,
no link or image address but http(s), mailto and relative ones, every link `rel="noopener noreferrer"`.
Embeds are not content HTML: the page builder writes them itself, sandboxed (see pages.py).
"""

from __future__ import annotations

import html

import nh3

TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "dfn", "div", "dl", "dt", "em",
        "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li",
        "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "table",
        "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul", "var",
    }
)  # fmt: skip
ATTRIBUTES = {
    "*": {"lang", "dir", "title"},
    "a": {"href"},
    "abbr": {"title"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# dropped with everything inside them, not only their tags
DROPPED_WITH_CONTENT = frozenset({"script", "style", "iframe", "object", "embed", "svg", "math", "template"})


def clean(html: str) -> str:
    """`html` with only the allowed elements, attributes and addresses."""
    if "<" not in html:
        return html
    return nh3.clean(
        html,
        tags=set(TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def plain_text(text: str) -> str:
    """`text` without any markup (tags dropped, scripts and styles with their content), unescaped."""
    if "<" not in text:
        return text
    return html.unescape(nh3.clean(text, tags=set(), clean_content_tags=set(DROPPED_WITH_CONTENT)))
