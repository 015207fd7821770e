"""Text quoted back to authors in messages: shortened, but never in the middle of a word when a
word boundary is near."""

from __future__ import annotations

from epreuve_tools.diagnostics import quoted, shorten


def test_short_text_is_kept_whole() -> None:
    assert shorten("mot de passe", 60) == "mot de passe"


def test_long_text_is_cut_between_two_words() -> None:
    text = "Une phrase de passe longue et unique pour chaque compte important"
    shown = shorten(text, 40)
    assert shown == "Une phrase de passe longue et unique…"
    assert len(shown) <= 40
    assert text.startswith(shown[:-1])


def test_one_long_word_is_cut_where_it_must() -> None:
    assert shorten("a" * 100, 10) == "a" * 9 + "…"


def test_quoted_uses_french_quotes() -> None:
    assert quoted("x" * 3) == "« xxx »"
