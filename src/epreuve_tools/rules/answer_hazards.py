"""Tolerance hazards: keys whose accepted answers the judge treats otherwise than the author reads them.

Each rule is a warning with the concrete consequence in its message; a reasoned waiver lifts it.
The judge's own treatments (`answers/treatments.py`) are used, so what is said is what Pix does.
"""

from __future__ import annotations

import itertools
import math
import re
import string
import unicodedata
from collections.abc import Iterator
from typing import TYPE_CHECKING

from epreuve_tools.diagnostics import Problem, Severity, quoted
from epreuve_tools.kinds import EpreuveType
from epreuve_tools.registry import document_rule

if TYPE_CHECKING:
    from epreuve_tools.answers.from_model import AcceptedAnswer
    from epreuve_tools.model import Epreuve
    from epreuve_tools.sourcemap import JsonPath


def accepted_answers(epreuve: Epreuve) -> tuple[AcceptedAnswer, ...]:
    """Every accepted answer of a QROC/QROCM, as text, with where it is written (decoded once)."""
    return epreuve.decoded_answer.accepted


def _numeric_key(epreuve: Epreuve) -> bool:
    """Whether a QROC goes through Pix's numeric branch (format nombre, every accepted answer a number)."""
    from epreuve_tools.answers import is_numeric

    if epreuve.type is not EpreuveType.QROC or epreuve.format != "nombre":
        return False
    texts = [a.text for a in accepted_answers(epreuve)]
    return bool(texts) and all(is_numeric(text) for text in texts)


def _treated(text: str, epreuve: Epreuve) -> str:
    from epreuve_tools.answers import apply_treatments

    return apply_treatments(text, epreuve.tolerances)


@document_rule("KEY-010", "tolerance-mangles-answer", Severity.WARNING)
def tolerance_mangles_answer(epreuve: Epreuve) -> Iterator[Problem]:
    """Une tolérance vide ou déforme une réponse acceptée.

    T2 ne garde que les lettres ASCII, les chiffres et les espaces : toute autre lettre disparaît,
    même après T1 (qui retire les accents mais ne décompose pas « œ » ni « æ »). « cœur » est alors
    comparé comme « cur », « ça » comme « a », et une réponse faite de symboles devient vide.

    Pourquoi : la clé compare alors autre chose que ce que l'auteur a écrit : « cur » serait accepté
    pour « cœur », et une réponse vide vaudrait une réponse faite de symboles. Levez par dérogation si
    c'est voulu.

    Mauvais (une QROC, T2 comprise par défaut) :
        answer: ["cœur"]
    Bon :
        tolerances: [t1, t3]
        answer: ["cœur"]
    """
    if "t2" not in epreuve.tolerances or _numeric_key(epreuve):
        return
    for accepted in accepted_answers(epreuve):
        if not accepted.tolerated:
            continue
        treated = _treated(accepted.text, epreuve)
        base = unicodedata.normalize("NFD", accepted.text)
        lost = sorted(
            {c for c in base if c.isalpha() and not c.isascii() and unicodedata.category(c) != "Mn"}
        )
        if not treated.strip():
            message = f"{quoted(accepted.text)} devient vide une fois traité : toute réponse vide serait comparée à elle"
        elif lost:
            letters = ", ".join(f"« {c} »" for c in lost)
            message = (
                f"{quoted(accepted.text)} est comparé comme {quoted(treated.strip())} : T2 supprime {letters}"
            )
        else:
            continue
        yield Problem(
            epreuve.source_map.value(accepted.path),
            message,
            "retirez T2, ou levez par dérogation si c'est voulu",
        )


@document_rule("KEY-011", "groups-collide", Severity.WARNING)
def groups_collide(epreuve: Epreuve) -> Iterator[Problem]:
    """Deux réponses acceptées de groupes différents d'une QROCM-dep se confondent une fois traitées.

    Pourquoi : chaque champ prend le premier groupe libre qui lui correspond ; une réponse qui vaut
    pour deux groupes (égale après T1/T2, ou assez proche pour T3) peut consommer le mauvais, et
    l'apprenant qui répond juste au champ suivant est refusé, ou deux fois la même réponse est
    acceptée.

    Mauvais (champs `${suite1}` et `${suite2}`) : « Libre Office » devient « libreoffice » avec T1.
        answer:
          groupe1: [LibreOffice]
          groupe2: [Libre Office, OnlyOffice]
    Bon :
        answer:
          groupe1: [LibreOffice, Libre Office]
          groupe2: [OnlyOffice]
    """
    from epreuve_tools.answers import is_close_enough
    from epreuve_tools.answers.from_model import MAX_COMPARISONS, accepted_count

    # pairwise: bounded like the judging of examples (KEY-003 says when it is skipped)
    if epreuve.type is not EpreuveType.QROCM_DEP or accepted_count(epreuve) ** 2 > MAX_COMPARISONS:
        return
    t3 = "t3" in epreuve.tolerances
    earlier: list[tuple[AcceptedAnswer, str]] = []
    for accepted in accepted_answers(epreuve):
        treated = _treated(accepted.text, epreuve)
        for first, first_treated in earlier:
            if first.group == accepted.group:
                continue
            if treated == first_treated:
                how = f"deviennent tous deux « {treated} » une fois traités"
            elif t3 and (
                is_close_enough(treated, [first_treated]) or is_close_enough(first_treated, [treated])
            ):
                how = "sont assez proches pour que T3 prenne l'une pour l'autre"
            else:
                continue
            yield Problem(
                epreuve.source_map.value(accepted.path),
                f"{quoted(accepted.text)} (groupe « {accepted.group} ») et {quoted(first.text)} (groupe « {first.group} »)"
                f" {how}",
                "gardez des réponses bien distinctes d'un groupe à l'autre, ou réduisez les tolérances",
            )
            break
        earlier.append((accepted, treated))


def _t3_neighbour(treated_key: str) -> str | None:
    """A response, not the key, that T3 accepts: one letter added (the ratio's denominator is the response)."""
    from epreuve_tools.answers import levenshtein_ratio

    # the likeliest learner variants first (a plural, an added letter at the end), then any insertion
    letters = "sex" + string.ascii_lowercase
    for position, letter in itertools.product(range(len(treated_key), -1, -1), letters):
        candidate = treated_key[:position] + letter + treated_key[position:]
        if candidate != treated_key and levenshtein_ratio(candidate, treated_key) <= 0.25:
            return candidate
    return None


@document_rule("KEY-012", "short-key-under-t3", Severity.WARNING)
def short_key_under_t3(epreuve: Epreuve) -> Iterator[Problem]:
    """Une réponse acceptée est si courte que T3 (distance d'édition) accepte d'autres mots.

    T3 accepte une réponse si la distance d'édition rapportée à la longueur de la *réponse* est au plus
    0,25 : avec une clé de trois lettres, toute réponse de quatre lettres qui en diffère d'une lettre
    passe (« oui » accepte « ouie »).

    Pourquoi : pour une réponse courte, un code ou un choix, un autre mot que la bonne réponse serait
    compté juste. Levez par dérogation, avec une raison, si les mots voisins ont le même sens.

    Mauvais (une QROC, T3 comprise par défaut) :
        answer: ["oui"]
    Bon :
        tolerances: [t1, t2]
        answer: ["oui"]
    """
    if "t3" not in epreuve.tolerances or _numeric_key(epreuve):
        return
    for accepted in accepted_answers(epreuve):
        treated = _treated(accepted.text, epreuve)
        if not accepted.tolerated or not 0 < len(treated) <= 4:
            continue
        neighbour = _t3_neighbour(treated)
        if neighbour is not None:
            yield Problem(
                epreuve.source_map.value(accepted.path),
                f"clé courte {quoted(accepted.text)} : T3 accepte aussi {quoted(neighbour)} et d'autres mots à une lettre près",
                "retirez T3 (`tolerances: [t1, t2]`) pour une réponse courte",
            )


@document_rule("KEY-013", "tolerances-on-select", Severity.WARNING)
def tolerances_on_select(epreuve: Epreuve) -> Iterator[Problem]:
    """Des tolérances sont déclarées alors que seuls des menus déroulants sont jugés : le moteur les ignore.

    Pourquoi : Pix ne tolère rien sur un menu déroulant (la valeur choisie est comparée telle quelle) ;
    une QROC dont le champ est un menu, ou une QROCM-ind faite de menus, n'a pas l'usage de
    `tolerances`, qui ferait croire au relecteur que des variantes sont acceptées.

    Mauvais (une QROC au champ `${format options=["PDF", "ODT"]}`) :
        tolerances: [t1, t2, t3]
        answer: ["PDF"]
    Bon :
        answer: ["PDF"]
    """
    if "tolerances" not in epreuve.front_matter or not epreuve.tolerances or not epreuve.blanks:
        return
    judged_blanks = epreuve.blanks[:1] if epreuve.type is EpreuveType.QROC else epreuve.blanks
    if epreuve.type in (EpreuveType.QROC, EpreuveType.QROCM_IND) and all(b.is_select for b in judged_blanks):
        yield Problem(
            epreuve.source_map.key(("tolerances",)),
            "`tolerances` est ignoré : les champs jugés sont des menus déroulants, comparés sans tolérance",
            "retirez `tolerances`",
        )


@document_rule("KEY-014", "number-format-with-text-key", Severity.WARNING)
def number_format_with_text_key(epreuve: Epreuve) -> Iterator[Problem]:
    """`format: nombre` avec une réponse acceptée qui n'est pas un nombre pour le moteur.

    Pourquoi : le moteur ne compare des nombres (55 = 55,0 = 055) que si *toutes* les réponses
    acceptées sont des nombres ; sinon il compare des textes, et « 55,0 » est refusé quand la clé est
    « 55 ».

    Mauvais (une QROC) :
        format: nombre
        answer: ["55", "cinquante-cinq"]
    Bon :
        format: nombre
        answer: ["55"]
    """
    from epreuve_tools.answers import is_numeric

    if epreuve.type is not EpreuveType.QROC or epreuve.format != "nombre":
        return
    for accepted in accepted_answers(epreuve):
        if not is_numeric(accepted.text):
            yield Problem(
                epreuve.source_map.value(accepted.path),
                f"{quoted(accepted.text)} n'est pas un nombre : la clé sera comparée comme du texte, "
                "et « 55,0 » ne vaudra plus « 55 »",
                "n'écrivez que des nombres, ou changez `format`",
            )


@document_rule("KEY-015", "key-not-normalised", Severity.WARNING)
def key_not_normalised(epreuve: Epreuve) -> Iterator[Problem]:
    """Une réponse acceptée n'est pas en Unicode NFC ou contient une espace insécable.

    Pourquoi : le moteur normalise la réponse de l'apprenant (NFC, espace insécable → espace) mais pas
    la clé d'une QROC ni d'une QROCM-dep : la réponse de l'auteur, tapée telle quelle, serait refusée.
    Un « é » composé de « e » et d'un accent combinant vient souvent d'un copier-coller depuis un PDF ;
    retapez la réponse au clavier.

    Mauvais (une QROC) : une espace insécable collée depuis un traitement de texte, ici écrite `\\u00a0` :
        answer: ["10\\u00a0%"]
    Bon :
        answer: ["10 %"]
    """
    if epreuve.type not in (EpreuveType.QROC, EpreuveType.QROCM_DEP):
        return
    for accepted in accepted_answers(epreuve):
        problems = []
        if unicodedata.normalize("NFC", accepted.text) != accepted.text:
            problems.append("n'est pas en Unicode NFC (caractères décomposés)")
        if "\u00a0" in accepted.text:
            problems.append("contient une espace insécable")
        if problems:
            yield Problem(
                epreuve.source_map.value(accepted.path),
                f"{quoted(accepted.text)} "
                + " et ".join(problems)
                + " : tapée telle quelle, elle serait refusée",
                "retapez cette réponse au clavier",
            )


def _natural_number(text: str) -> float | None:
    cleaned = "".join(c for c in text if not c.isspace() and c not in "\u202f\u00a0").replace(",", ".")
    try:
        return float(cleaned)
    except ValueError:
        return None


@document_rule("KEY-016", "number-read-differently", Severity.WARNING)
def number_read_differently(epreuve: Epreuve) -> Iterator[Problem]:
    """Une réponse acceptée d'une QROC `format: nombre` est lue par le moteur autrement qu'on ne la lit.

    Pourquoi : le moteur ne retire que la *première* espace et ne remplace que la *première* virgule
    avant de lire le nombre ; s'il reste une espace ou une virgule, il lit autre chose que l'auteur.
    « ␣-␣5 » (une espace avant et après le signe) devient « - 5 », qui n'est plus un nombre : la bonne
    réponse, tapée comme l'auteur l'a écrite, serait refusée.

    Mauvais :
        format: nombre
        answer: ["-5", " - 5"]
    Bon :
        format: nombre
        answer: ["-5"]
    """
    from epreuve_tools.answers import is_numeric, parse_number

    if not _numeric_key(epreuve):
        return
    for accepted in accepted_answers(epreuve):
        read = parse_number(accepted.text) if is_numeric(accepted.text) else math.nan
        meant = _natural_number(accepted.text)
        if meant is not None and read != meant:
            shown = "pas un nombre" if math.isnan(read) else f"{read:g}"
            yield Problem(
                epreuve.source_map.value(accepted.path),
                f"le moteur lit {quoted(accepted.text)} comme {shown}, pas {meant:g}",
                "écrivez le nombre sans séparateur de milliers",
            )


_WHOLE_PART = re.compile(r"^[-+]?[0-9]+$")
_DECIMAL_PART = re.compile(r"^[0-9]+$")


def _number_lists(epreuve: Epreuve) -> Iterator[tuple[JsonPath, list[object]]]:
    """The lists of answers or examples where a number may be written: QROC and QROCM answers, examples."""
    answer = epreuve.answer
    if isinstance(answer, list):
        yield ("answer",), answer
    elif isinstance(answer, dict):
        yield from ((("answer", name), values) for name, values in answer.items() if isinstance(values, list))
    block = epreuve.front_matter.get("examples")
    if isinstance(block, dict):
        for name in ("accepted", "rejected"):
            items = block.get(name)
            if isinstance(items, list):
                yield ("examples", name), items


def _split_decimals(path: JsonPath, items: list[object], epreuve: Epreuve) -> Iterator[str]:
    """`888,00` for each pair of numbers of a flow list written with only a comma between them."""
    source_map = epreuve.source_map
    for index in range(len(items) - 1):
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in items[index : index + 2]):
            continue
        whole, decimals = source_map.raw.get((*path, index)), source_map.raw.get((*path, index + 1))
        first, second = source_map.values.get((*path, index)), source_map.values.get((*path, index + 1))
        if whole is None or decimals is None or first is None or second is None:
            continue
        # the comma alone between them: in a block list (`- 888`) items are on separate lines
        adjacent = first.end.line == second.start.line and second.start.column == first.end.column + 1
        if adjacent and _WHOLE_PART.match(whole) and _DECIMAL_PART.match(decimals):
            yield f"{whole},{decimals}"


@document_rule("KEY-017", "decimal-comma-splits-list", Severity.WARNING)
def decimal_comma_splits_list(epreuve: Epreuve) -> Iterator[Problem]:
    """Un nombre à virgule écrit sans guillemets dans une liste entre crochets : YAML le coupe en deux.

    Pourquoi : dans `[888,00]`, la virgule sépare deux éléments ; la clé accepte 888 et 0, et une
    réponse « 0 » serait jugée juste. `[888.00]`, que YAML lit comme un seul nombre, convient aussi.

    Mauvais (une QROC) :
        format: nombre
        answer: [888,00]
    Bon :
        format: nombre
        answer: ["888,00"]
    """
    if epreuve.format != "nombre" or epreuve.type not in (
        EpreuveType.QROC,
        EpreuveType.QROCM_IND,
        EpreuveType.QROCM_DEP,
    ):
        return
    for path, items in _number_lists(epreuve):
        for written in _split_decimals(path, items, epreuve):
            whole, decimals = written.split(",")
            yield Problem(
                epreuve.source_map.value(path),
                f"`{written}` est lu comme deux éléments de la liste, {whole} et {int(decimals)} : "
                "YAML sépare les éléments à la virgule",
                f'écrivez le nombre entre guillemets : `["{written}"]`',
            )
