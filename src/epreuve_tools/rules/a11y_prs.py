"""Raw HTML for presentation (A11Y-PRS): content is Markdown, and presentation belongs to the theme.

RGAA criteria 8.9, 10.1 and 10.6, WCAG 1.3.1 and 1.4.1. Raw HTML is refused by default: each tag
outside the project's `allowed-html` (`settings.py`) gets one PRS code, the most precise (PRS-001 for presentation, PRS-002 for
underlining, PRS-003 for the rest); an active element (`<script>`…) is SEC-001's alone, and an
event handler or a `javascript:` address gets its SEC code on top. HTML comments render nothing
and are left alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from epreuve_tools.diagnostics import Problem, Severity
from epreuve_tools.registry import document_rule
from epreuve_tools.rules.a11y_scan import HtmlRef, Tag, scan, tags
from epreuve_tools.rules.sec_html import ACTIVE_ELEMENTS
from epreuve_tools.settings import HARMLESS_INLINE_TAGS, RuleSettings

if TYPE_CHECKING:
    from epreuve_tools.model import Epreuve

PRESENTATIONAL_TAGS = frozenset(
    ("font", "center", "big", "tt", "strike", "s", "blink", "marquee", "basefont")
)
PRESENTATIONAL_ATTRIBUTES = frozenset(("style", "align", "valign", "bgcolor", "color", "face", "background"))
UNDERLINE_TAGS = frozenset(("u", "ins"))

# what to write instead, in Markdown
_MARKDOWN = {
    "b": "`**texte**`",
    "strong": "`**texte**`",
    "i": "`*texte*`",
    "em": "`*texte*`",
    "a": "`[intitulé](https://…)`",
    "img": "`![texte alternatif](images/…)`",
    "br": "une ligne vide entre deux paragraphes",
    "p": "une ligne vide entre deux paragraphes",
    "table": "un tableau Markdown (`| a | b |`)",
    "ul": "une liste Markdown (`- élément`)",
    "ol": "une liste Markdown (`1. élément`)",
    "code": "`` `code` ``",
    "h1": "un titre Markdown (`## Titre`)",
    "h2": "un titre Markdown (`## Titre`)",
    "h3": "un titre Markdown (`### Titre`)",
}


def _tags(epreuve: Epreuve) -> Iterator[tuple[HtmlRef, Tag]]:
    for fragment in scan(epreuve).html:
        for tag in tags(fragment.html):
            yield fragment, tag


def _presentational(tag: Tag) -> str | None:
    """What makes `tag` presentational, if anything: its name or its first such attribute."""
    if tag.name in PRESENTATIONAL_TAGS:
        return f"<{tag.name}>"
    for attribute in tag.attributes:
        if attribute.name in PRESENTATIONAL_ATTRIBUTES:
            return f"l'attribut `{attribute.name}`"
    return None


@document_rule("A11Y-PRS-001", "presentational-html", Severity.ERROR, refs="RGAA 10.1, 8.9 ; WCAG 1.3.1 (A)")
def presentational_html(epreuve: Epreuve) -> Iterator[Problem]:
    """Le corps met en forme avec du HTML : `style=`, `<font>`, `<center>`, `align=`, `bgcolor=`…

    Pourquoi : une couleur, une taille ou un alignement écrits dans la balise ne suivent pas le thème
    (contraste, mode sombre, zoom du texte, feuille de style de l'utilisateur) et n'existent pas pour
    un lecteur d'écran : une information donnée ainsi est perdue (RGAA 10.1). La mise en forme
    appartient au thème ; le sens s'écrit en Markdown (`**important**`, un titre, une liste).

    Mauvais : `<span style="color:red">Attention</span>`, ou `<center>Consigne</center>`.
    Bon : `**Attention** :` suivi du texte.
    """
    for fragment, tag in _tags(epreuve):
        if tag.name in ACTIVE_ELEMENTS:
            continue  # SEC-001
        what = _presentational(tag)
        if what is not None:
            yield Problem(
                fragment.position(tag.offset, tag.length),
                f"mise en forme par le HTML ({what})",
                "retirez la balise ; pour souligner un mot important, écrivez-le en gras : `**mot**`",
            )


@document_rule(
    "A11Y-PRS-002", "underlined-text", Severity.WARNING, refs="RGAA 10.6 (par extension) ; WCAG 1.4.1 (A)"
)
def underlined_text(epreuve: Epreuve) -> Iterator[Problem]:
    """Un texte qui n'est pas un lien est souligné (`<u>`, `<ins>`).

    Pourquoi : sur le site d'aperçu comme dans Pix, les liens sont soulignés pour être reconnus
    autrement que par leur couleur (RGAA 10.6) : un texte souligné se prend pour un lien, et
    l'apprenant clique dessus sans résultat.

    Mauvais : `Cochez la réponse <u>exacte</u>.`
    Bon : `Cochez la réponse **exacte**.`
    """
    for fragment, tag in _tags(epreuve):
        if tag.name in UNDERLINE_TAGS and _presentational(tag) is None:
            yield Problem(
                fragment.position(tag.offset, tag.length),
                f"texte souligné par <{tag.name}> : il se confond avec un lien",
                "mettez le mot en gras (`**mot**`) au lieu de le souligner",
            )


@document_rule("A11Y-PRS-003", "raw-html", Severity.ERROR, refs="RGAA 8.9, 10.1 ; WCAG 1.3.1 (A), 4.1.2 (A)")
def raw_html(epreuve: Epreuve) -> Iterator[Problem]:
    """Le corps contient une balise HTML : une épreuve s'écrit en Markdown.

    Pourquoi : le HTML écrit à la main échappe aux vérifications (texte alternatif, intitulé des
    liens, titres) et au thème, et le moteur Pix ne l'affiche pas toujours comme l'aperçu. Tout ce
    qu'une épreuve contient a une forme Markdown. Ce code manque au catalogue, qui range le HTML
    brut avec la présentation (PRS-001, « liste blanche du HTML brut ») : il prend le numéro libre
    suivant de la famille. Les commentaires `<!-- … -->` ne s'affichent pas et sont admis ; le HTML
    qui exécute du code relève de SEC-001 à SEC-003, la présentation de PRS-001 et PRS-002.
    Un projet peut admettre quelques balises en ligne inoffensives par `allowed-html` dans
    `epreuve.toml` (abbr, br, dfn, kbd, q, samp, span, sub, sup, var, wbr) ; elles n'y portent que
    `lang` (span) et `title` (abbr), tout autre attribut reste signalé.

    Mauvais : `<b>Attention</b>`, ou `<img src="images/tableur.png" alt="Tableur">`.
    Bon : `**Attention**`, ou `![Tableur : colonne A, cellules A1 à A10](images/tableur.png)`.
    """
    settings = epreuve.settings
    for fragment, tag in _tags(epreuve):
        if tag.name in ACTIVE_ELEMENTS or tag.name in UNDERLINE_TAGS or _presentational(tag) is not None:
            continue
        if settings.allows_tag(tag.name):
            yield from _attributes_not_allowed(fragment, tag, settings)
            continue
        instead = _MARKDOWN.get(tag.name)
        if instead:
            hint = f"écrivez plutôt {instead}"
        elif tag.name in HARMLESS_INLINE_TAGS:
            hint = f'écrivez ce contenu en Markdown, ou admettez la balise : allowed-html = ["{tag.name}"] dans epreuve.toml'
        else:
            hint = "écrivez ce contenu en Markdown"
        yield Problem(
            fragment.position(tag.offset, tag.length),
            f"balise HTML <{tag.name}> dans une épreuve écrite en Markdown",
            hint,
        )


def _attributes_not_allowed(fragment: HtmlRef, tag: Tag, settings: RuleSettings) -> Iterator[Problem]:
    """The attributes an allowed tag may not carry; event handlers are SEC-002's alone."""
    for attribute in tag.attributes:
        name = attribute.name
        if settings.allows_attribute(tag.name, name) or (name.startswith("on") and len(name) > 2):
            continue
        admitted = HARMLESS_INLINE_TAGS.get(tag.name, frozenset())
        yield Problem(
            fragment.position(attribute.offset, len(name)),
            f"attribut `{name}` non admis sur <{tag.name}>",
            f"retirez-le ; <{tag.name}> n'admet que `{'`, `'.join(sorted(admitted))}`"
            if admitted
            else f"retirez-le ; <{tag.name}> n'admet aucun attribut",
        )
