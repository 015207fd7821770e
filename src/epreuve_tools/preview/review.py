"""The reviewer view of an épreuve (`epreuves/<id>/revue/`): what a reviewer checks and the learner never sees.

The metadata (with the référentiel's titles and the genealogy as links), the key as a reviewer reads it,
the examples with their verdicts, the near-miss probe of `epreuve answer --probe`, the correction, the
declared accessibility with what only a person can judge (alternatives, labels, titles, waivers), and the
diagnostics of `epreuve check` for the file. Every text from content is escaped, Markdown goes through
`pages.render_markdown` (sanitised).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from epreuve_tools.model import Epreuve, Referentiel
from epreuve_tools.preview.pages import (
    PIX_TYPES,
    EpreuveEntry,
    blank_labels_of,
    e,
    page,
    raw_block,
    render_markdown,
    scrolling,
)

_STATUS_WORDS = {"ok": "acceptée", "ko": "refusée", "aband": "passée", "timedout": "hors délai"}
_SEVERITY_WORDS = {"error": "erreur", "warning": "avertissement", "info": "information"}
_TOLERANCE_WORDS = {
    "t1": "T1 (espaces, majuscules, accents)",
    "t2": "T2 (ponctuation)",
    "t3": "T3 (une petite faute de frappe)",
}
_FLAG_NAMES = {
    "non_voyant": "Personnes non voyantes",
    "daltonien": "Personnes daltoniennes",
    "sourds_malentendants": "Personnes sourdes et malentendantes",
}
# the probe of a key with more accepted answers is not run for the page (`epreuve answer --probe` still can)
MAX_PROBED_ANSWERS = 40
ROOT = "../../../"  # from epreuves/<id>/revue/ to the site's root


@dataclass(slots=True)
class Bank:
    """What a page needs to know about the rest of the bank: the référentiel (titles), the déclinaisons of
    each prototype, the parcours each épreuve is in."""

    referentiel: Referentiel | None = None
    ids: frozenset[str] = frozenset()
    declinaisons: dict[str, list[str]] = field(default_factory=dict)
    parcours_of: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def competence_title(self, index: str | None) -> str:
        if index is None:
            return ""
        found = self.referentiel.competences.get(index) if self.referentiel else None
        return f"{index} – {found.title}" if found else index

    def domaine_title(self, competence: str | None) -> str:
        if competence is None or self.referentiel is None:
            return ""
        found = self.referentiel.competences.get(competence)
        domaine = (
            self.referentiel.domaines.get(found.domaine) if found and found.domaine is not None else None
        )
        return f"{domaine.code} – {domaine.title}" if domaine else ""

    def tube_title(self, tube: str | None) -> str:
        if tube is None:
            return ""
        found = self.referentiel.tubes.get(tube) if self.referentiel else None
        return f"{tube} – {found.title}" if found else tube


def genealogy(epreuve: Epreuve) -> tuple[str, str | None]:
    """("prototype", None), ("declinaison", the prototype's id) or ("", None) when not said or malformed."""
    value = epreuve.front_matter.get("genealogy")
    if value == "prototype":
        return "prototype", None
    if isinstance(value, dict) and isinstance(value.get("declinaison"), str):
        return "declinaison", value["declinaison"]
    return "", None


def _link(epreuve_id: str, bank: Bank, view: str = "revue/") -> str:
    if epreuve_id in bank.ids:
        return f'<a href="{ROOT}epreuves/{e(epreuve_id)}/{view}">{e(epreuve_id)}</a>'
    return f"{e(epreuve_id)} (introuvable dans le contenu)"


def _genealogy_text(epreuve: Epreuve, bank: Bank) -> str:
    kind, prototype = genealogy(epreuve)
    children = bank.declinaisons.get(epreuve.id or "", [])
    if kind == "declinaison" and prototype is not None:
        return f"déclinaison de {_link(prototype, bank)}"
    text = "prototype" if kind == "prototype" else "non renseignée"
    if children:
        text += " ; déclinaisons : " + ", ".join(_link(child, bank) for child in children)
    return text


def _rows(pairs: Iterable[tuple[str, str]]) -> str:
    """Table rows whose values are HTML already (escaped by the caller)."""
    return "".join(f'<tr><th scope="row">{e(name)}</th><td>{value}</td></tr>' for name, value in pairs)


def _metadata(entry: EpreuveEntry, bank: Bank) -> str:
    epreuve = entry.parsed()
    fm = epreuve.front_matter
    authors = fm.get("authors")
    tags = fm.get("tags")
    level = "" if epreuve.level is None else str(epreuve.level)
    acquis = f"{epreuve.tube}{level}" if epreuve.tube and level else ""
    timer = fm.get("timer")
    timer_text = "aucun" if not isinstance(timer, int) else f"{timer} s"
    if isinstance(timer, int) and fm.get("timer_essential") is True:
        timer_text += " (essentiel : " + e(fm.get("timer_reason") or "sans justification") + ")"
    parcours = bank.parcours_of.get(epreuve.id or "", [])
    pairs = [
        ("Fichier", f"<code>{e(entry.path)}</code>"),
        ("Type", e(PIX_TYPES.get(epreuve.type or "", str(fm.get("type", ""))))),
        ("Domaine", e(bank.domaine_title(epreuve.competence))),
        ("Compétence", e(bank.competence_title(epreuve.competence))),
        ("Sujet (tube)", e(bank.tube_title(epreuve.tube))),
        ("Niveau", e(level)),
        ("Acquis", e(acquis)),
        ("Statut", e(epreuve.status or "")),
        ("Langue", e(epreuve.locale)),
        ("Format", e(epreuve.format or "")),
        ("Minuteur", timer_text),
        ("Auteurs", e(", ".join(map(str, authors))) if isinstance(authors, list) else "non renseignés"),
        ("Étiquettes", e(", ".join(map(str, tags))) if isinstance(tags, list) else ""),
        ("Généalogie", _genealogy_text(epreuve, bank)),
        (
            "Parcours",
            ", ".join(f'<a href="{ROOT}parcours/{e(pid)}/">{e(title)}</a>' for pid, title in parcours)
            or "aucun",
        ),
    ]
    return scrolling(f"<table><caption>Métadonnées</caption>{_rows(pairs)}</table>")


def _key(epreuve: Epreuve) -> str:
    """The key as a reviewer reads it: the right proposals by their text, the accepted answers by blank."""
    answer = epreuve.front_matter.get("answer")
    proposals = [p.text for p in (epreuve.body.proposals or ())]
    if epreuve.type in ("qcu", "qcm"):
        numbers = answer if isinstance(answer, list) else [answer]
        items = []
        for number in numbers:
            text = (
                proposals[number - 1]
                if isinstance(number, int) and not isinstance(number, bool) and 0 < number <= len(proposals)
                else "(pas de proposition à ce numéro)"
            )
            items.append(f"<li>Proposition {e(number)} : {e(text)}</li>")
        return "<ul>" + "".join(items) + "</ul>"
    if isinstance(answer, list):
        return "<ul>" + "".join(f"<li><code>{e(item)}</code></li>" for item in answer) + "</ul>"
    if isinstance(answer, dict):
        heading = "Groupe" if epreuve.type == "qrocm-dep" else "Champ"
        rows = "".join(
            f'<tr><th scope="row"><code>{e(name)}</code></th><td>'
            + (" ; ".join(f"<code>{e(v)}</code>" for v in values) if isinstance(values, list) else e(values))
            + "</td></tr>"
            for name, values in answer.items()
        )
        return scrolling(
            f'<table><caption>Réponses acceptées par {heading.lower()}</caption><thead><tr><th scope="col">'
            f'{heading}</th><th scope="col">Réponses acceptées</th></tr></thead><tbody>{rows}</tbody></table>'
        )
    return f"<p>Clé illisible : <code>{e(answer)}</code></p>"


def _tolerances(epreuve: Epreuve) -> str:
    if epreuve.type in ("qcu", "qcm"):
        return ""
    words = [_TOLERANCE_WORDS.get(t, t) for t in epreuve.tolerances]
    return f"<p>Tolérances : {e(', '.join(words) or 'aucune')}.</p>"


def examples_table(epreuve: Epreuve) -> str:
    from epreuve_tools.answers.from_model import answer_key, examples, too_much_to_judge
    from epreuve_tools.answers.judge import judge
    from epreuve_tools.answers.limits import Budget, JudgingLimitError

    items = list(examples(epreuve))
    if not items:
        return "<p>Aucun exemple de réponse : ajoutez-en dans <code>examples</code>.</p>"
    key = None if too_much_to_judge(epreuve) else answer_key(epreuve)
    budget = Budget()
    rows = []
    for example in items:
        expected = "acceptée" if example.expected_ok else "refusée"
        if example.response is None:
            verdict, agree = "non jugée (trop longue)", "—"
        elif key is None:
            verdict, agree = "non jugée (clé illisible)", "—"
        else:
            try:
                result = judge(key, example.response, budget=budget)
            except JudgingLimitError as error:
                verdict, agree = f"non jugée ({error.message})", "—"
            else:
                verdict = _STATUS_WORDS.get(result.status, result.status)
                agree = "oui" if result.ok == example.expected_ok else "NON"
        shown = "(trop longue)" if example.response is None else example.response
        rows.append(
            f"<tr><td><code>{e(shown)}</code></td><td>{expected}</td><td>{e(verdict)}</td><td>{agree}</td></tr>"
        )
    return scrolling(
        "<table><caption>Exemples jugés par le juge de l'outil (comme Pix)</caption>"
        '<thead><tr><th scope="col">Réponse</th><th scope="col">Attendu</th><th scope="col">Verdict</th>'
        '<th scope="col">Conforme</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table>"
    )


def probe_table(epreuve: Epreuve) -> str:
    """The table of `epreuve answer --probe`: each accepted answer's usual slips, judged with the key."""
    from epreuve_tools.answers.from_model import accepted_count, answer_key
    from epreuve_tools.answers.probe import probe

    if epreuve.type not in ("qroc", "qrocm-ind", "qrocm-dep"):
        return "<p>Sans objet : le sondage porte sur les réponses libres (QROC, QROCM).</p>"
    key = answer_key(epreuve)
    if key is None:
        return "<p>Sondage impossible : la clé de réponse est illisible.</p>"
    if accepted_count(epreuve) > MAX_PROBED_ANSWERS:
        return (
            f"<p>Plus de {MAX_PROBED_ANSWERS} réponses acceptées : sondage non affiché ; "
            f"lancez <code>epreuve answer {e(epreuve.id or 'FICHIER')} --probe</code>.</p>"
        )
    rows = probe(key, tuple(blank.key for blank in epreuve.blanks))
    if not rows:
        return "<p>Rien à sonder.</p>"
    refused = sum(row.status == "ko" for row in rows)
    body = "".join(
        f'<tr class="sondage-{row.status}">'
        + (f"<td><code>{e(row.field)}</code></td>" if row.field is not None else "<td>—</td>")
        + f"<td><code>{e(row.accepted)}</code></td><td>{e(row.slip)}</td><td><code>{e(row.response)}</code></td>"
        f"<td>{'acceptée' if row.status == 'ok' else 'REFUSÉE'}</td></tr>"
        for row in rows
    )
    note = (
        f"<p>Sondage arrêté ({e(rows.limit)}) : {rows.left_out} réponse(s) acceptée(s) non sondée(s).</p>"
        if rows.limit is not None
        else ""
    )
    return (
        f"<p>{len(rows)} variantes essayées : {len(rows) - refused} acceptées, {refused} refusées.</p>{note}"
        + scrolling(
            "<table><caption>Variantes courantes des réponses acceptées, jugées avec la clé "
            "(comme <code>epreuve answer --probe</code>)</caption>"
            '<thead><tr><th scope="col">Champ</th><th scope="col">Réponse acceptée</th><th scope="col">Variante</th>'
            '<th scope="col">Réponse essayée</th><th scope="col">Verdict</th></tr></thead>'
            f"<tbody>{body}</tbody></table>"
        )
    )


def _declared(epreuve: Epreuve) -> str:
    flags = epreuve.front_matter.get("accessibility")
    if not isinstance(flags, dict) or not flags:
        return "<p>Compatibilité non renseignée (<code>accessibility</code>).</p>"
    pairs = [(_FLAG_NAMES.get(str(name), str(name)), e(value)) for name, value in flags.items()]
    return scrolling(f"<table><caption>Compatibilité déclarée</caption>{_rows(pairs)}</table>")


def _to_judge(epreuve: Epreuve) -> str:
    """What only a person can judge (accessibility.md SITE-008): alternatives, labels, titles, waivers."""
    fm = epreuve.front_matter
    allowed = epreuve.settings.allowed_html
    pairs: list[tuple[str, str]] = []
    illustration = fm.get("illustration")
    if isinstance(illustration, dict):
        role = "image-test" if illustration.get("role") == "test" else "illustration"
        if illustration.get("decorative") is True:
            role += ", décorative"
        pairs.append(("Image : rôle", e(role)))
        pairs.append(("Image : texte alternatif", f"« {e(illustration.get('alt', ''))} »"))
        for name, label in (("description", "description longue"), ("legend", "légende")):
            if isinstance(illustration.get(name), str):
                pairs.append((f"Image : {label}", render_markdown(illustration[name], allowed)))
    alternative = fm.get("alternative_instruction")
    if isinstance(alternative, str):
        pairs.append(("Consigne alternative", render_markdown(alternative, allowed)))
    embed = fm.get("embed")
    if isinstance(embed, dict):
        pairs.append(("Contenu intégré : titre", e(embed.get("title", "(absent)"))))
        pairs.append(("Contenu intégré : adresse", f"<code>{e(embed.get('url', ''))}</code>"))
    for index, (how, label) in enumerate(blank_labels_of(epreuve), start=1):
        said = "étiquette visible" if how == "visible" else "nom pour les lecteurs d'écran"
        pairs.append((f"Champ {index} : {said}", f"« {e(label)} »"))
    listing = "".join(
        f"<li><strong>{e(w.rule)}</strong> : {e(w.reason)}</li>"
        for w in sorted(epreuve.waivers, key=lambda w: w.rank)
    )
    table = (
        scrolling(f"<table><caption>À juger par une personne</caption>{_rows(pairs)}</table>")
        if pairs
        else ""
    )
    waivers = f"<h3>Dérogations</h3><ul>{listing}</ul>" if listing else "<p>Aucune dérogation.</p>"
    return table + waivers


def _location(entry: EpreuveEntry, line: int, column: int) -> str:
    return f"{e(entry.path)}:{line}:{column}"


def diagnostics_table(entry: EpreuveEntry) -> str:
    if not entry.diagnostics:
        return "<p>Aucun diagnostic : <code>epreuve check</code> ne signale rien.</p>"
    rows = []
    for d in entry.diagnostics:
        severity = _SEVERITY_WORDS.get(d.severity.label, d.severity.label)
        if d.waived_by is not None:
            severity += f" (dérogation : {d.waived_by})"
        rows.append(
            f'<tr class="severity-{d.severity.label}"><td>{_location(entry, d.span.start.line, d.span.start.column)}'
            f"</td><td><strong>{e(d.code)}</strong></td><td>{e(severity)}</td><td>{e(d.message)}</td>"
            f"<td>{e(d.hint or '')}</td></tr>"
        )
    return scrolling(
        "<table><caption>Diagnostics de <code>epreuve check</code> pour ce fichier</caption>"
        '<thead><tr><th scope="col">Position</th><th scope="col">Règle</th><th scope="col">Gravité</th>'
        '<th scope="col">Problème</th><th scope="col">Comment corriger</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def reviewer_head(entry: EpreuveEntry, bank: Bank) -> str:
    """The reviewer view but the diagnostics of `check` (its costly part: the key, the examples judged,
    the probe), which `reviewer_page` completes: made while the check runs."""
    epreuve = entry.parsed()
    correction = epreuve.body.containers.get("correction")
    parts = [
        f"<h1>Épreuve {e(epreuve.id)} : relecture</h1>",
        '<p><a href="../">Vue de l\'apprenant</a></p>',
        "<h2>Métadonnées</h2>",
        _metadata(entry, bank),
        "<h2>Clé de réponse</h2>",
        _key(epreuve),
        _tolerances(epreuve),
        "<h2>Exemples</h2>",
        examples_table(epreuve),
        "<h2>Sondage des variantes</h2>",
        probe_table(epreuve),
        "<h2>Correction</h2>",
        render_markdown(correction.inner, epreuve.settings.allowed_html)
        if correction is not None
        else "<p>Pas de correction.</p>",
        "<h2>Accessibilité</h2>",
        _declared(epreuve),
        _to_judge(epreuve),
        '<h2>Diagnostics de <code>epreuve check</code></h2><div class="epreuve-diagnostics">',
    ]
    return "\n".join(parts)


def reviewer_page(entry: EpreuveEntry, bank: Bank, head: str | None = None) -> str:
    """The reviewer view; `head`: its `reviewer_head`, when already made with the same bank."""
    epreuve = entry.parsed()
    parts = [head if head is not None else reviewer_head(entry, bank), diagnostics_table(entry), "</div>"]
    # the learner view is what search finds: a reviewer page would double every result
    return page(f"Épreuve {epreuve.id} – relecture", raw_block("\n".join(parts)), search=False)


def bank_slice(entry: EpreuveEntry, bank: Bank) -> tuple[object, ...]:
    """What the reviewer page of `entry` reads of the rest of the bank: its page changes when this does."""
    facts = entry.facts
    epreuve_id = facts.id or ""
    children = bank.declinaisons.get(epreuve_id, [])
    prototype = facts.genealogy[1]
    return (
        tuple(children),
        tuple(bank.parcours_of.get(epreuve_id, [])),
        prototype is not None and prototype in bank.ids,
        bank.domaine_title(facts.competence),
        bank.competence_title(facts.competence),
        bank.tube_title(facts.tube),
    )


def bank_of(
    entries: Mapping[str, EpreuveEntry],
    parcours: Sequence[tuple[str, str, Sequence[str]]],
    referentiel: Referentiel | None,
) -> Bank:
    """The cross-references of the bank: déclinaisons by prototype, parcours by épreuve."""
    bank = Bank(referentiel=referentiel, ids=frozenset(entries))
    for epreuve_id, entry in entries.items():
        kind, prototype = entry.facts.genealogy
        if kind == "declinaison" and prototype is not None:
            bank.declinaisons.setdefault(prototype, []).append(epreuve_id)
    for parcours_id, title, ids in parcours:
        for epreuve_id in ids:
            bank.parcours_of.setdefault(epreuve_id, []).append((parcours_id, title))
    return bank
