"""Seeded generator of a realistic content tree for the benchmark (`bench/run.py`).

    python bench/generate.py TARGET [--count N] [--seed S]

writes `TARGET/epreuve.toml`, `TARGET/content/referentiel.yaml` (copied from the sample content),
`TARGET/content/parcours/*.yaml` (about 20 parcours) and `count` épreuves under
`TARGET/content/epreuves/<domaine>/<compétence>/<tube>/<id>.md` (5 + 16 + 26 = 47 folders).
The five types are mixed as in real content (about 1/3 QCU, 1/4 QCM, the rest QROC, QROCM-ind and
QROCM-dep); every épreuve is valid under the rules, and its `examples` agree with the Pix judging
(rejected answers are kept far from the accepted ones, so that the T3 tolerance never accepts them).
One épreuve in four has an illustration, one of 40 small PNGs in `epreuves/images/` shared by
the whole corpus. Same seed and count, same bytes.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import textwrap
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml

T = TypeVar("T")

SAMPLE_REFERENTIEL = Path(__file__).resolve().parent.parent / "content" / "referentiel.yaml"
WIDTH = 108  # the samples wrap their paragraphs at about 110 columns

DOMAIN_FOLDERS = {
    1: "1-information",
    2: "2-communication",
    3: "3-creation",
    4: "4-securite",
    5: "5-environnement",
}

# Proportions of the five types, as in a real Pix release (QCU and QCM dominate).
TYPE_WEIGHTS = (("qcu", 34), ("qcm", 25), ("qroc", 20), ("qrocm-ind", 13), ("qrocm-dep", 8))
STATUS_WEIGHTS = (("validé", 70), ("proposé", 20), ("archivé", 7), ("périmé", 3))
LEVEL_WEIGHTS = ((1, 14), (2, 24), (3, 24), (4, 18), (5, 12), (6, 8))

SERVICES = (
    "service des ressources humaines",
    "bureau du courrier",
    "secrétariat général",
    "service juridique",
    "pôle achats",
    "service de la communication",
    "bureau des affaires financières",
    "service informatique",
    "accueil du public",
    "bureau des examens",
    "service des archives",
    "pôle logistique",
)
STRUCTURES = (
    "préfecture",
    "direction départementale",
    "mairie",
    "administration centrale",
    "agence régionale",
    "sous-préfecture",
    "rectorat",
    "direction régionale",
    "maison France services",
    "caisse locale",
)
COLLEGUES = (
    "Mme Durand, votre cheffe de bureau",
    "M. Martin, votre collègue",
    "Mme Leroy, la secrétaire générale",
    "M. Petit, le chef de service",
    "Mme Moreau, votre collègue de l'accueil",
    "M. Garnier, le référent numérique",
    "Mme Lambert, la directrice adjointe",
    "M. Roux, votre responsable",
    "Mme Fontaine, une nouvelle collègue",
)
MOMENTS = (
    "lundi matin",
    "en fin de journée",
    "avant la réunion de service",
    "pendant la période des congés",
    "à la veille d'une échéance",
    "en début de mois",
    "juste après une mise à jour du poste de travail",
    "le jour d'une permanence",
    "au retour d'une formation",
)
DOCUMENTS = (
    "le compte rendu de la réunion",
    "le rapport d'activité annuel",
    "la note de service",
    "le tableau de suivi",
    "le bilan des dossiers traités",
    "la convocation des usagers",
    "le planning des permanences",
    "la liste des agents formés",
    "le budget prévisionnel",
    "le guide d'accueil des nouveaux arrivants",
)
DETAILS = (
    "Le dossier doit être transmis {moment}, et plusieurs agents y ont déjà contribué.",
    "Votre service traite chaque semaine plusieurs dizaines de demandes de ce type.",
    "Vous préparez {document} pour l'ensemble du service.",
    "Vous disposez de votre poste de travail habituel et des logiciels installés par le service informatique.",
    "{collegue}, vous rappelle que les consignes de sécurité de l'administration s'appliquent.",
    "La demande arrive {moment}, alors que plusieurs collègues sont absents.",
    "Les usagers concernés attendent une réponse rapide et précise.",
    "Vous voulez éviter de refaire ce travail à chaque nouvelle demande.",
    "Le résultat doit pouvoir être relu et mis à jour facilement par un collègue.",
    "Les informations utilisées proviennent de plusieurs sources, dont certaines sont anciennes.",
)
QUESTIONS_QCU = (
    "Que faites-vous en premier ?",
    "Quelle proposition est correcte ?",
    "Quelle est la démarche la plus adaptée ?",
    "Quelle action choisissez-vous ?",
    "Laquelle de ces affirmations est exacte ?",
    "Quelle réponse donnez-vous à votre collègue ?",
)
QUESTIONS_QCM = (
    "Quelles actions sont adaptées ? Plusieurs réponses sont possibles.",
    "Quelles affirmations sont exactes ? Plusieurs réponses sont possibles.",
    "Quelles précautions prenez-vous ? Plusieurs réponses sont possibles.",
    "Quels éléments devez-vous vérifier ? Plusieurs réponses sont possibles.",
)
VERBES = (
    "Vous vérifiez",
    "Vous supprimez",
    "Vous enregistrez",
    "Vous partagez",
    "Vous renommez",
    "Vous imprimez",
    "Vous transférez",
    "Vous archivez",
    "Vous comparez",
    "Vous signalez",
    "Vous ouvrez",
    "Vous copiez",
    "Vous modifiez",
    "Vous exportez",
    "Vous classez",
    "Vous envoyez",
)
OBJETS = (
    "le fichier",
    "le message",
    "la pièce jointe",
    "le tableau",
    "la version précédente",
    "le lien",
    "le dossier partagé",
    "le document d'origine",
    "la liste des destinataires",
    "les paramètres du compte",
    "l'historique des modifications",
    "la source de l'information",
    "le mot de passe",
    "la sauvegarde",
)
COMPLEMENTS = (
    "avant de le diffuser",
    "sans prévenir personne",
    "avec l'accord de votre responsable",
    "dans le dossier du service",
    "sur une clé USB personnelle",
    "à tous les agents du service",
    "au format PDF",
    "en suivant la procédure du service",
    "immédiatement",
    "une seconde fois par précaution",
    "dans votre messagerie personnelle",
    "après avoir consulté le support informatique",
    "depuis un ordinateur public",
    "en ajoutant la date dans son nom",
)
EXPLICATIONS = (
    "Cette démarche permet de garder une trace fiable des échanges et de retrouver rapidement l'information.",
    "Une erreur à cette étape se propage ensuite dans tous les documents qui en dépendent.",
    "Les autres propositions font perdre du temps ou exposent des données qui doivent rester protégées.",
    "C'est aussi ce que recommandent les guides de bonnes pratiques publiés par l'administration.",
    "En cas de doute, le référent numérique ou le support informatique peut vous aider.",
    "Cette habitude facilite le travail des collègues qui reprendront le dossier après vous.",
    "Le même principe s'applique à la plupart des logiciels de bureautique et des services en ligne.",
    "Prendre quelques secondes pour vérifier évite souvent de longues corrections par la suite.",
    "Les usagers ont droit à une information exacte : la vérification fait partie du travail.",
)
MOTS_CLES = (
    "bases",
    "methode",
    "verification",
    "usage",
    "erreur",
    "choix",
    "regle",
    "procedure",
    "bonnes-pratiques",
    "cas-pratique",
    "diagnostic",
    "vocabulaire",
    "reperer",
    "definition",
    "situation",
    "consigne",
)
# Answers typed by learners (QROC/QROCM), and wrong answers kept apart from them.
TERMES = (
    "sauvegarde",
    "archivage",
    "historique",
    "arborescence",
    "extension",
    "navigateur",
    "messagerie",
    "pièce jointe",
    "signature",
    "chiffrement",
    "authentification",
    "mise à jour",
    "tableur",
    "formule",
    "filtre",
    "diaporama",
    "hyperlien",
    "moteur de recherche",
    "favori",
    "raccourci",
    "corbeille",
    "dossier partagé",
    "agenda",
    "visioconférence",
    "imprimante",
    "pare-feu",
    "antivirus",
    "identifiant",
    "capture d'écran",
    "copie carbone",
    "serveur",
    "nuage",
    "étiquette",
    "sommaire",
    "en-tête",
    "pied de page",
    "légende",
    "accessibilité",
    "licence",
    "téléchargement",
)
MAUVAIS = (
    "clavier",
    "écran",
    "souris",
    "bureau",
    "papier",
    "crayon",
    "téléphone",
    "photocopieuse",
    "agrafeuse",
    "calendrier",
    "classeur",
    "tampon",
    "enveloppe",
    "trombone",
)
LIBELLES = (
    ("nom", "Nom de l'outil"),
    ("terme", "Terme exact"),
    ("fonction", "Nom de la fonction"),
    ("reglage", "Réglage à modifier"),
    ("element", "Élément concerné"),
    ("action", "Action à réaliser"),
    ("dossier", "Dossier de destination"),
    ("outil", "Outil utilisé"),
    ("format", "Format du fichier"),
    ("notion", "Notion en jeu"),
)
NOMBRES_CONTEXTE = (
    "Combien de dossiers restent à traiter ?",
    "Quelle valeur affiche la cellule de total ?",
    "Combien de destinataires recevront le message ?",
    "Combien de fichiers faut-il conserver ?",
)
AUTEURS = ("c.durand", "a.martin", "l.moreau", "s.petit", "j.garnier", "m.lambert")
TAGS = ("fonction-publique", "bureautique", "securite", "debutant", "perfectionnement", "certification")


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def kebab(tube: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", tube.lstrip("@")).lower()


def _t1(value: str) -> str:
    """Pix's T1 tolerance: trim, lower case, no accents, no whitespace."""
    text = unicodedata.normalize("NFD", value.strip().lower())
    return re.sub(r"\s", "", "".join(char for char in text if not unicodedata.combining(char)))


def _levenshtein(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        previous = current
    return previous[-1]


def far_from(candidate: str, accepted: list[str]) -> bool:
    """True when Pix (T1+T2+T3) would reject `candidate` against every accepted answer."""
    answer = _t1(candidate)
    for ref in accepted:
        reference = _t1(ref)
        if answer == reference or not answer:
            return False
        if _levenshtein(answer, reference) / len(answer) <= 0.3:  # 0.25 in Pix, with a margin
            return False
    return True


def quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def flow(values: list[str]) -> str:
    return "[" + ", ".join(quoted(value) for value in values) + "]"


def paragraph(text: str) -> list[str]:
    return textwrap.wrap(text, WIDTH, break_long_words=False, break_on_hyphens=False)


@dataclass(frozen=True)
class Tube:
    name: str
    title: str
    competence: str
    folder: str


@dataclass
class Written:
    id: str
    competence: str
    tube: str
    level: int
    status: str
    path: Path


class Generator:
    def __init__(self, referentiel: dict[str, Any], seed: int) -> None:
        self.rng = random.Random(seed)
        competences = {entry["index"]: entry for entry in referentiel["competences"]}
        self.tubes: list[Tube] = []
        for entry in referentiel["tubes"]:
            competence = competences[entry["competence"]]
            folder = "/".join(
                (
                    DOMAIN_FOLDERS.get(competence["domaine"], str(competence["domaine"])),
                    f"{competence['index']}-{slugify(competence['title'])}"[:60].rstrip("-"),
                    kebab(entry["name"]),
                )
            )
            self.tubes.append(Tube(entry["name"], entry["title"], entry["competence"], folder))
        # Some subjects have many more épreuves than others, as in real content.
        self.tube_weights = [self.rng.uniform(0.4, 2.5) for _ in self.tubes]

    def pick(self, weighted: tuple[tuple[T, int], ...]) -> T:
        values = [value for value, _ in weighted]
        return self.rng.choices(values, [weight for _, weight in weighted])[0]

    def fill(self, template: str) -> str:
        rng = self.rng
        return template.format(
            moment=rng.choice(MOMENTS), document=rng.choice(DOCUMENTS), collegue=rng.choice(COLLEGUES)
        )

    def instruction(self, tube: Tube, question: str) -> list[str]:
        rng = self.rng
        action = lower_first(tube.title)
        opening = rng.choice(
            (
                f"Vous travaillez au {rng.choice(SERVICES)} d'une {rng.choice(STRUCTURES)}. "
                f"Vous devez {action}.",
                f"{rng.choice(COLLEGUES)}, vous demande de l'aide : il s'agit de {action}, {rng.choice(MOMENTS)}.",
                f"Dans votre {rng.choice(STRUCTURES)}, on vous confie une tâche : {action}.",
            )
        )
        sentences = [opening, *(self.fill(d) for d in rng.sample(DETAILS, rng.randint(1, 2)))]
        lines = paragraph(" ".join(sentences))
        extra = rng.random()
        if extra < 0.25:
            lines += ["", *(f"- {self.fill(d)}" for d in rng.sample(DETAILS, rng.randint(2, 3)))]
        elif extra < 0.35:
            lines += ["", "| Service | Dossiers |", "|---|---|"]
            lines += [
                f"| {service[0].upper() + service[1:]} | {rng.randint(3, 60)} |"
                for service in rng.sample(SERVICES, 3)
            ]
        elif extra < 0.45:
            lines += [
                "",
                f"Le fichier s'appelle `{slugify(rng.choice(DOCUMENTS))}-{rng.randint(2019, 2025)}.odt`.",
            ]
        return [*lines, "", question]

    def correction(self, lead: str) -> list[str]:
        rng = self.rng
        explanations = rng.sample(EXPLICATIONS, 5)
        lines = [*paragraph(lead), "", *paragraph(" ".join(explanations[: rng.randint(1, 3)]))]
        if rng.random() < 0.4:
            lines += ["", *(f"- {e}" for e in explanations[3:])]
        return lines

    def proposals(self, count: int) -> list[str]:
        seen: set[str] = set()
        out: list[str] = []
        while len(out) < count:
            text = f"{self.rng.choice(VERBES)} {self.rng.choice(OBJETS)} {self.rng.choice(COMPLEMENTS)}"
            if text.casefold() not in seen:
                seen.add(text.casefold())
                out.append(text)
        return out

    def terms(self, count: int) -> list[str]:
        """`count` learner answers, none close enough to another for T3 to confuse them."""
        out: list[str] = []
        while len(out) < count:
            term = self.rng.choice(TERMES)
            if far_from(term, out):
                out.append(term)
        return out

    def wrong(self, accepted: list[str], count: int) -> list[str]:
        out: list[str] = []
        while len(out) < count:
            term = self.rng.choice(MAUVAIS)
            if term not in out and far_from(term, accepted):
                out.append(term)
        return out

    # --- one épreuve -------------------------------------------------------------------------

    def epreuve(self, number: int) -> tuple[Written, str]:
        rng = self.rng
        tube = rng.choices(self.tubes, self.tube_weights)[0]
        kind = self.pick(TYPE_WEIGHTS)
        level = self.pick(LEVEL_WEIGHTS)
        status = self.pick(STATUS_WEIGHTS)
        ident = f"{kebab(tube.name)}-{rng.choice(MOTS_CLES)}-{number:05d}"
        head = [
            "---",
            f"id: {ident}",
            f"type: {kind}",
            f'competence: "{tube.competence}"',
            f'tube: "{tube.name}"',
            f"level: {level}",
            f"status: {status}",
            "locale: fr-fr",
        ]
        body_parts = getattr(self, "_" + kind.replace("-", "_"))(tube, head)
        head += self.optional_keys(number)
        if number % ILLUSTRATED_EVERY == 0:  # shared: a few images cited by many épreuves
            shared = (number // ILLUSTRATED_EVERY) % ILLUSTRATIONS
            src = "/".join(
                [".."] * (tube.folder.count("/") + 1) + ["images", f"illustration-{shared:02d}.png"]
            )
            head += [
                "illustration:",
                f"  src: {src}",
                f'  alt: "Fenêtre du logiciel de bureautique, variante {shared}"',
            ]
        head += [
            "accessibility:",
            f"  non_voyant: {rng.choice(('OK', 'OK', 'OK', 'RAS', 'A tester'))}",
            f"  daltonien: {rng.choice(('RAS', 'RAS', 'OK'))}",
            "  sourds_malentendants: RAS",
            "---",
            "",
        ]
        text = "\n".join([*head, *body_parts]) + "\n"
        folder = Path(tube.folder)
        return Written(ident, tube.competence, tube.name, level, status, folder / f"{ident}.md"), text

    def optional_keys(self, number: int) -> list[str]:
        rng = self.rng
        keys: list[str] = []
        if rng.random() < 0.3:
            keys.append(f"authors: [{', '.join(rng.sample(AUTEURS, rng.randint(1, 2)))}]")
        if rng.random() < 0.2:
            keys.append(f"tags: [{', '.join(rng.sample(TAGS, rng.randint(1, 3)))}]")
        if rng.random() < 0.1:
            keys.append("genealogy: prototype")
        if rng.random() < 0.05:
            keys += [f"timer: {rng.choice((60, 90, 120))}", "timer_essential: false"]
        return keys

    def _qcu(self, tube: Tube, head: list[str]) -> list[str]:
        rng = self.rng
        count = rng.choice((3, 4, 4, 4, 5))
        proposals = self.proposals(count)
        key = rng.randint(1, count)
        others = [str(n) for n in range(1, count + 1) if n != key]
        head += [
            f"answer: {key}",
            "examples:",
            f'  accepted: ["{key}"]',
            f"  rejected: {flow(others)}",
        ]
        if rng.random() < 0.1:
            head.append("shuffle: false")
        return [
            *self.instruction(tube, rng.choice(QUESTIONS_QCU)),
            "",
            "::: propositions",
            *(f"- {p}" for p in proposals),
            ":::",
            "",
            "::: correction",
            *self.correction(f"La bonne réponse est : **{lower_first(proposals[key - 1])}**."),
            ":::",
        ]

    def _qcm(self, tube: Tube, head: list[str]) -> list[str]:
        rng = self.rng
        count = rng.choice((4, 5, 5, 6))
        proposals = self.proposals(count)
        key = sorted(rng.sample(range(1, count + 1), rng.randint(2, count - 1)))
        wrong = [n for n in range(1, count + 1) if n not in key]
        head += [
            f"answer: [{', '.join(map(str, key))}]",
            "examples:",
            f"  accepted: {flow([','.join(map(str, key)), ','.join(map(str, reversed(key)))])}",
            f"  rejected: {flow([str(key[0]), ','.join(map(str, [*key, wrong[0]]))])}",
        ]
        good = " ; ".join(lower_first(proposals[n - 1]) for n in key)
        return [
            *self.instruction(tube, rng.choice(QUESTIONS_QCM)),
            "",
            "::: propositions",
            *(f"- {p}" for p in proposals),
            ":::",
            "",
            "::: correction",
            *self.correction(f"Les bonnes réponses sont : {good}."),
            ":::",
        ]

    def _qroc(self, tube: Tube, head: list[str]) -> list[str]:
        rng = self.rng
        key, label = rng.choice(LIBELLES)
        roll = rng.random()
        if roll < 0.2:  # a number
            value = rng.randint(2, 400)
            head += [
                "format: nombre",
                "tolerances: [t1]",
                f'answer: ["{value}"]',
                "examples:",
                f'  accepted: ["{value}", "{value},0", " {value} "]',
                f'  rejected: ["{value + 1}", "{value * 10}"]',
            ]
            blank = f"Réponse : ${{{key}#0§{label}}}"
            question, lead = rng.choice(NOMBRES_CONTEXTE), f"La bonne réponse est **{value}**."
        elif roll < 0.35:  # a select
            options = self.terms(4)
            good = options[rng.randrange(4)]
            head += [
                "format: mots",
                f"answer: [{quoted(good)}]",
                "examples:",
                f"  accepted: [{quoted(good)}]",
                f"  rejected: {flow([o for o in options if o != good][:2])}",
            ]
            blank = f"{label} : ${{{key}§{label} options={flow(options).replace(', ', ',')}}}"
            question, lead = f"Choisissez la bonne réponse : {label.lower()}.", f"Il s'agit de : **{good}**."
        else:
            accepted = self.terms(rng.choice((1, 1, 2)))
            variants = [accepted[0], accepted[0].upper(), f" {accepted[0]} "]
            head += [
                f"format: {rng.choice(('petit', 'mots', 'mots', 'phrase'))}",
                f"tolerances: {rng.choice(('[t1, t2, t3]', '[t1, t2]', '[t1]'))}",
                f"answer: {flow(accepted)}",
                "examples:",
                f"  accepted: {flow(variants)}",
                f"  rejected: {flow(self.wrong(accepted, 2))}",
            ]
            blank = f"{label} : ${{{key}§{label}}}"
            question = f"Quel terme correspond à la demande ({label.lower()}) ? Répondez en quelques mots."
            lead = f"La réponse attendue est **{accepted[0]}**."
        return [
            *self.instruction(tube, question),
            "",
            "::: propositions",
            blank,
            ":::",
            "",
            "::: correction",
            *self.correction(lead),
            ":::",
        ]

    def _blanks(self, count: int) -> list[tuple[str, str]]:
        return self.rng.sample(LIBELLES, count)

    def _qrocm_ind(self, tube: Tube, head: list[str]) -> list[str]:
        rng = self.rng
        blanks = self._blanks(rng.randint(2, 4))
        answers = self.terms(len(blanks))
        select = rng.random() < 0.3
        head += [f"format: {rng.choice(('petit', 'mots'))}", "answer:"]
        head += [f"  {key}: [{quoted(value)}]" for (key, _), value in zip(blanks, answers, strict=True)]
        good = "{" + ", ".join(f"{k}: {quoted(v)}" for (k, _), v in zip(blanks, answers, strict=True)) + "}"
        swapped = [answers[1], answers[0], *answers[2:]]
        bad = "{" + ", ".join(f"{k}: {quoted(v)}" for (k, _), v in zip(blanks, swapped, strict=True)) + "}"
        head += ["examples:", "  accepted:", f"    - {good}", "  rejected:", f"    - {bad}"]
        options = flow(sorted(answers)).replace(", ", ",")
        lines = [
            f"{label} : ${{{key}§{label}{' options=' + options if select else ''}}}" for key, label in blanks
        ]
        propositions = [item for line in lines for item in ("", line)][1:]
        lead = "Les réponses attendues sont : " + ", ".join(f"**{a}**" for a in answers) + "."
        return [
            *self.instruction(tube, "Complétez chacun des champs ci-dessous."),
            "",
            "::: propositions",
            *propositions,
            ":::",
            "",
            "::: correction",
            *self.correction(lead),
            ":::",
        ]

    def _qrocm_dep(self, tube: Tube, head: list[str]) -> list[str]:
        rng = self.rng
        blanks = rng.randint(2, 3)
        groups = blanks + rng.randint(0, 2)
        values = self.terms(groups)
        head += ["format: mots", "tolerances: [t1, t2, t3]", "answer:"]
        head += [f"  groupe{n}: [{quoted(v)}]" for n, v in enumerate(values, start=1)]
        keys = [f"reponse{n}" for n in range(1, blanks + 1)]
        good = "{" + ", ".join(f"{k}: {quoted(v)}" for k, v in zip(keys, values, strict=False)) + "}"
        repeated = "{" + ", ".join(f"{k}: {quoted(values[0])}" for k in keys) + "}"
        head += ["examples:", "  accepted:", f"    - {good}", "  rejected:", f"    - {repeated}"]
        ordinals = ("Première réponse", "Deuxième réponse", "Troisième réponse")
        propositions = [
            item for n, key in enumerate(keys) for item in ("", f"{ordinals[n]} : ${{{key}§{ordinals[n]}}}")
        ][1:]
        lead = "Les réponses acceptées sont, dans n'importe quel ordre : " + ", ".join(values) + "."
        question = f"Citez {blanks} réponses différentes. Un ou deux mots par réponse suffisent."
        return [
            *self.instruction(tube, question),
            "",
            "::: propositions",
            *propositions,
            ":::",
            "",
            "::: correction",
            *self.correction(lead),
            ":::",
        ]

    # --- parcours ----------------------------------------------------------------------------

    def parcours(self, number: int, written: list[Written]) -> tuple[str, str]:
        rng = self.rng
        competence = rng.choice(sorted({w.competence for w in written}))
        pool = [w for w in written if w.competence == competence] or written
        chosen = rng.sample(pool, min(len(pool), rng.randint(20, 50)))
        if len(chosen) < 20:
            extra = [w for w in written if w not in chosen]
            chosen += rng.sample(extra, min(len(extra), 20 - len(chosen)))
        tube_title = next(t.title for t in self.tubes if t.name == chosen[0].tube)
        slug = f"parcours-{number:02d}-{kebab(chosen[0].tube)}"
        lines = [
            "# yaml-language-server: $schema=../../schemas/parcours.schema.json",
            f"id: {slug}",
            f"title: {quoted(tube_title + ' (parcours ' + str(number) + ')')}",
            "description: >-",
            *("  " + line for line in paragraph(" ".join(rng.sample(EXPLICATIONS, 3)))),
            f"version: {rng.randint(1, 4)}",
            "locale: fr-fr",
            f"audience: {quoted('Agents du ' + rng.choice(SERVICES))}",
            "epreuves:",
        ]
        validated = [w for w in chosen if w.status == "validé"]
        if validated and rng.random() < 0.5:  # a selector, resolved at pack time, as in the samples
            target = validated[0]
            lines += [
                f'  - competence: "{target.competence}"',
                f'    tube: "{target.tube}"',
                f"    levels: [{target.level}]",
            ]
        lines += [f"  - {w.id}" for w in chosen]
        return slug, "\n".join(lines) + "\n"


# One épreuve in ILLUSTRATED_EVERY has an illustration, one of ILLUSTRATIONS shared PNG files:
# the file checks (A11Y-IMG, -MOV) read each once, however many épreuves cite it.
ILLUSTRATED_EVERY = 4
ILLUSTRATIONS = 40


def illustration(index: int) -> bytes:
    """A small real PNG (a window with a few coloured blocks), the same for the same index."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (480, 260), (250, 250, 250))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 479, 28), fill=(30, 60, 120))
    for block in range(4):
        shade = (40 * ((index + block) % 6), 90, 200 - 25 * block)
        draw.rectangle((20 + 110 * block, 60, 110 + 110 * block, 200), fill=shade)
    stream = io.BytesIO()
    image.save(stream, "PNG")
    return stream.getvalue()


def generate(target: Path, count: int = 10_000, seed: int = 0, parcours: int = 20) -> list[Path]:
    """Write the content tree under `target`; returns the épreuve files, in generation order."""
    target = Path(target)
    content = target / "content"
    (content / "parcours").mkdir(parents=True, exist_ok=True)
    (content / "epreuves" / "images").mkdir(parents=True, exist_ok=True)
    for index in range(ILLUSTRATIONS):
        (content / "epreuves" / "images" / f"illustration-{index:02d}.png").write_bytes(illustration(index))
    (target / "epreuve.toml").write_text('content = "content"\n', "utf-8")
    shutil.copyfile(SAMPLE_REFERENTIEL, content / "referentiel.yaml")
    referentiel = yaml.load(SAMPLE_REFERENTIEL.read_text("utf-8"), Loader=yaml.CSafeLoader)
    generator = Generator(referentiel, seed)
    written: list[Written] = []
    made: set[Path] = set()
    for number in range(1, count + 1):
        item, text = generator.epreuve(number)
        path = content / "epreuves" / item.path
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_text(text, "utf-8", newline="\n")
        item.path = path
        written.append(item)
    for number in range(1, (parcours if count >= 20 else 0) + 1):
        slug, text = generator.parcours(number, written)
        (content / "parcours" / f"{slug}.yaml").write_text(text, "utf-8", newline="\n")
    return [item.path for item in written]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("target", type=Path, help="dossier à créer (il contiendra epreuve.toml et content/)")
    parser.add_argument("--count", type=int, default=10_000, help="nombre d'épreuves (défaut : 10000)")
    parser.add_argument("--seed", type=int, default=0, help="graine du générateur (défaut : 0)")
    arguments = parser.parse_args(argv)
    files = generate(arguments.target, arguments.count, arguments.seed)
    print(f"{len(files)} épreuves écrites sous {arguments.target / 'content'}")


if __name__ == "__main__":
    main()
