"""Skeletons written by `epreuve new`: one valid épreuve of each type, to fill in."""

from __future__ import annotations

import re

from epreuve_tools.kinds import EpreuveType

_HEADER = """---
id: {id}
type: {type}
competence: {competence}
tube: {tube}
level: {level}
status: proposé
locale: fr-fr
"""

# what a YAML double-quoted scalar cannot hold as is: the quote and backslash, C0 and C1 controls,
# DEL, the byte-order mark and the Unicode line separators (line breaks for YAML 1.1 readers)
_YAML_ESCAPES = re.compile('["\\\\\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff]')
_SHORT_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    character = match[0]
    if character in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[character]
    code = ord(character)
    if 0xD800 <= code <= 0xDFFF:  # an undecodable byte of the command line: no text to keep
        return "\\ufffd"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def yaml_string(value: str) -> str:
    """`value` as a YAML double-quoted scalar that reads back exactly, whatever it holds."""
    return '"' + _YAML_ESCAPES.sub(_escape, value) + '"'


_ACCESSIBILITY = """accessibility:
  non_voyant: A tester
  daltonien: RAS
  sourds_malentendants: RAS
"""

# Written in `epreuve fmt`'s form, so that `fmt --check` accepts a new file as it is: answers
# quoted, French typography in the prose (\u00a0 before « : » and inside « », the apostrophe ’).
_BODIES = {
    EpreuveType.QCU: (
        'answer: 1\nshuffle: true\nexamples:\n  accepted: ["1"]\n  rejected: ["2"]\n',
        "Écrivez ici la consigne\u00a0: une question claire, à une seule bonne réponse.\n\n"
        "::: propositions\n- La bonne réponse\n- Une réponse plausible mais fausse\n- Une autre réponse fausse\n:::\n",
    ),
    EpreuveType.QCM: (
        'answer: [1, 2]\nshuffle: true\nexamples:\n  accepted: ["1,2"]\n  rejected: ["1", "1,3"]\n',
        "Écrivez ici la consigne\u00a0: «\u00a0Cochez toutes les bonnes réponses.\u00a0»\n\n"
        "::: propositions\n- Une bonne réponse\n- Une autre bonne réponse\n- Une réponse fausse\n:::\n",
    ),
    EpreuveType.QROC: (
        'format: mots\ntolerances: [t1, t2, t3]\nanswer:\n  - "réponse attendue"\nexamples:\n'
        '  accepted: ["Réponse attendue"]\n  rejected: ["autre chose"]\n',
        "Écrivez ici la consigne.\n\n::: propositions\nNom du service\u00a0: ${reponse§Nom du service}\n:::\n",
    ),
    EpreuveType.QROCM_IND: (
        'format: mots\ntolerances: [t1, t2, t3]\nanswer:\n  premier:\n    - "première réponse"\n'
        '  second:\n    - "seconde réponse"\nexamples:\n  accepted:\n'
        '    - {premier: "première réponse", second: "seconde réponse"}\n  rejected:\n'
        '    - {premier: "seconde réponse", second: "première réponse"}\n',
        "Écrivez ici la consigne.\n\n::: propositions\n"
        "Premier champ\u00a0: ${premier§Premier champ}\n\nSecond champ\u00a0: ${second§Second champ}\n:::\n",
    ),
    EpreuveType.QROCM_DEP: (
        'format: mots\ntolerances: [t1, t2, t3]\nanswer:\n  groupe1:\n    - "première idée attendue"\n'
        '  groupe2:\n    - "seconde notion"\n  groupe3:\n    - "troisième élément de réponse"\n'
        'examples:\n  accepted:\n    - {r1: "première idée attendue", r2: "troisième élément de réponse"}\n'
        '  rejected:\n    - {r1: "première idée attendue", r2: "première idée attendue"}\n',
        "Écrivez ici la consigne\u00a0: «\u00a0Citez deux des trois…\u00a0»\n\n::: propositions\n"
        "${r1§Première réponse}\n\n${r2§Deuxième réponse}\n:::\n",
    ),
}

_CORRECTION = (
    "\n::: correction\nExpliquez ici la bonne réponse\u00a0: ce que l\u2019apprenant doit retenir.\n:::\n"
)


def skeleton(kind: EpreuveType, *, epreuve_id: str, competence: str, tube: str, level: int) -> str:
    front, body = _BODIES[kind]
    header = _HEADER.format(
        id=epreuve_id,
        type=kind.value,
        competence=yaml_string(competence),
        tube=yaml_string(tube),
        level=level,
    )
    return header + front + _ACCESSIBILITY + "---\n\n" + body + _CORRECTION
