"""What the project's configuration tells the document rules: `RuleSettings`.

Most rules judge an épreuve by its bytes alone; a few obey a project setting (the raw HTML an
author may write). The settings travel with the bytes to wherever the analysis runs (this process,
the early worker, a pool) and the analysis hands them to the rules on the model
(`Epreuve.settings`), so a rule's signature stays `(epreuve) -> problems`. They are part of the
cache key (`cache_variant`): a changed setting re-checks every épreuve, an unchanged one reuses the
cache as before.

This module imports nothing of the tool: the configuration validates against it, the model and
the worker carry it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# The inline tags a project may allow (`allowed-html`), each with the only attributes it may carry:
# tags that say what a piece of text is (an abbreviation, a key to press, an exponent, a passage
# in another language), never how it looks nor what it runs. Anything else keeps its PRS or SEC code
# whatever the configuration.
HARMLESS_INLINE_TAGS: Mapping[str, frozenset[str]] = {
    "abbr": frozenset({"title"}),  # its expansion, read by screen readers on demand
    "br": frozenset(),
    "dfn": frozenset(),
    "kbd": frozenset(),
    "q": frozenset(),
    "samp": frozenset(),
    "span": frozenset({"lang"}),  # a passage in another language (RGAA 8.7)
    "sub": frozenset(),
    "sup": frozenset(),
    "var": frozenset(),
    "wbr": frozenset(),
}


@dataclass(frozen=True, slots=True)
class RuleSettings:
    """The project settings document rules read; the default is what an unconfigured project gets."""

    # the tags of HARMLESS_INLINE_TAGS the project allows (the configuration refuses any other)
    allowed_html: frozenset[str] = frozenset()

    def allows_tag(self, name: str) -> bool:
        return name in self.allowed_html

    def allows_attribute(self, tag: str, attribute: str) -> bool:
        """Whether `attribute` may stand on an allowed `tag` (`lang` on span, `title` on abbr)."""
        return attribute in HARMLESS_INLINE_TAGS.get(tag, frozenset())

    def cache_variant(self) -> str:
        """What keeps analyses made under these settings apart in the cache; empty for the default,
        so that an unconfigured project keeps the cache it had."""
        if not self.allowed_html:
            return ""
        return "allowed-html=" + ",".join(sorted(self.allowed_html))

    def to_wire(self) -> tuple[str, ...]:
        """A form `marshal` sends to the early worker."""
        return tuple(sorted(self.allowed_html))

    @classmethod
    def from_wire(cls, wire: tuple[str, ...]) -> RuleSettings:
        return cls(allowed_html=frozenset(wire))


DEFAULT_SETTINGS = RuleSettings()
