"""The index pages of the preview site: how a reviewer finds one épreuve among thousands.

By the référentiel (domain → competence on `referentiel/`, then each tube's page `sujets/<tube>/` by level),
by parcours in its order (`parcours/<id>/`), by status (`statuts/<status>/`); the coverage matrix
(`couverture/`: tubes × levels 1–8, épreuves per cell by status, empty cells said) and the quality dashboard
(`qualite/`: diagnostics per rule family, épreuves without examples, flags still « A tester », épreuves with
errors). No page lists the whole bank: every list is cut into pages of `PAGE_SIZE` items.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from epreuve_tools.diagnostics import Diagnostic, Severity
from epreuve_tools.preview.pages import EpreuveEntry, Site, e, page, raw_block, scrolling
from epreuve_tools.preview.review import Bank

PAGE_SIZE = 100
LEVELS = range(1, 9)
STATUSES = (("proposé", "propose"), ("validé", "valide"), ("archivé", "archive"), ("périmé", "perime"))
_OTHER_STATUS = ("autre ou absent", "autre")
_STATUS_SLUG = dict(STATUSES)
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_FAMILY = re.compile(r"-\d+$")


def href(from_page: str, to_folder: str) -> str:
    """The relative link from the page `from_page` (a docs path, `…/index.md`) to the folder `to_folder`."""
    here = posixpath.dirname(from_page) or "."
    start, target = _segments(here), _segments(to_folder or ".")
    if start is None or target is None:  # a `.`, `..` or empty segment: the general (slower) answer
        relative = posixpath.relpath(to_folder or ".", here)
    else:  # what relpath gives for plain paths, without its two calls to getcwd
        common = 0
        while common < min(len(start), len(target)) and start[common] == target[common]:
            common += 1
        relative = "/".join([".."] * (len(start) - common) + target[common:]) or "."
    return "./" if relative == "." else relative.rstrip("/") + "/"


def _segments(path: str) -> list[str] | None:
    """The segments of a relative docs path (`.` alone: none), or None when one is `.`, `..` or empty."""
    if path == ".":
        return []
    parts = path.rstrip("/").split("/")
    if path.startswith("/") or any(part in ("", ".", "..") for part in parts):
        return None
    return parts


def slug(text: str, taken: set[str]) -> str:
    """A path segment for a tube or a competence: lower case letters, digits, dashes; unique among `taken`
    (a file share may not tell case apart)."""
    base = _NOT_SLUG.sub("-", text.lower()).strip("-")[:60] or "sans-nom"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    taken.add(candidate)
    return candidate


def _index_key(index: str) -> tuple[tuple[int, ...], str]:
    parts = index.split(".")
    return (tuple(int(p) for p in parts) if all(p.isdigit() for p in parts) else (999,), index)


def status_slug(status: str | None) -> str:
    return _STATUS_SLUG.get(status or "", _OTHER_STATUS[1])


def summary(entry: EpreuveEntry) -> str:
    """The instruction's first words, as plain text: what a list shows next to the id."""
    return entry.facts.instruction


@dataclass(frozen=True, slots=True)
class Item:
    """A line of a list: its group heading (a level, a status…) and its HTML, given the page it is on."""

    group: str
    epreuve_id: str


def _line(entry: EpreuveEntry, at: str) -> str:
    epreuve = entry.facts
    learner = href(at, f"epreuves/{epreuve.id}")
    level = "" if epreuve.level is None else f", niveau {epreuve.level}"
    return (
        f'<li><a href="{learner}">{e(epreuve.id)}</a> ({e(epreuve.status or "sans statut")}{e(level)}, '
        f'<a href="{learner}revue/">relecture</a>) : {e(summary(entry))}</li>'
    )


def paginate(
    site: Site,
    folder: str,
    title: str,
    intro: str,
    items: Sequence[Item],
    *,
    entries: Mapping[str, EpreuveEntry],
    ordered: bool = False,
    render: Callable[[str, str], str] | None = None,
) -> dict[str, str]:
    """Write the list as pages of PAGE_SIZE items (`folder/`, `folder/page-2/`…), its groups as headings
    (repeated at the top of a page that continues one). Returns where each group starts (folder and
    anchor), for links to it. An item is an épreuve of `entries`, or with `render`, whatever
    `render(item's id, page)` writes as a list item."""
    chunks = [items[i : i + PAGE_SIZE] for i in range(0, len(items), PAGE_SIZE)] or [[]]
    folders = [folder if n == 0 else f"{folder}/page-{n + 1}" for n in range(len(chunks))]
    starts: dict[str, str] = {}
    tag = "ol" if ordered else "ul"
    for number, (chunk, here) in enumerate(zip(chunks, folders, strict=True)):
        at = f"{here}/index.md"
        body = [f"<h1>{e(title)}</h1>", intro]
        if len(chunks) > 1:
            body.append(_pager(folders, number, at))
        if not chunk:
            body.append("<p>Aucune épreuve.</p>")
        group: str | None = None
        start = number * PAGE_SIZE + 1
        for item in chunk:
            if item.group != group:
                if group is not None:
                    body.append(f"</{tag}>")
                if item.group:
                    anchor = "groupe-" + _NOT_SLUG.sub("-", item.group.lower()).strip("-")
                    continued = " (suite)" if item.group in starts else ""
                    attribute = "" if continued else f' id="{anchor}"'
                    body.append(f"<h2{attribute}>{e(item.group)}{continued}</h2>")
                    starts.setdefault(item.group, f"{here}#{anchor}")
                group = item.group
                body.append(f'<{tag} start="{start}">' if ordered else f"<{tag}>")
            body.append(render(item.epreuve_id, at) if render else _line(entries[item.epreuve_id], at))
            start += 1
        if group is not None:
            body.append(f"</{tag}>")
        if len(chunks) > 1:
            body.append(_pager(folders, number, at, where="en bas"))
        suffix = f" (page {number + 1} sur {len(chunks)})" if len(chunks) > 1 else ""
        site.pages[at] = page(title + suffix, raw_block("\n".join(body)))
    return starts


def _pager(folders: Sequence[str], current: int, at: str, where: str = "en haut") -> str:
    links = []
    for number, folder in enumerate(folders):
        if number == current:
            links.append(f'<li><a aria-current="page" href="./">{number + 1}</a></li>')
        else:
            links.append(f'<li><a href="{href(at, folder)}">{number + 1}</a></li>')
    return (
        f'<nav class="epreuve-pages" aria-label="Pages de la liste, {where}"><ul>{"".join(links)}</ul></nav>'
    )


# ------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Tree:
    """The bank by the référentiel: competences (index → tubes), tubes (name → ids), the pages' slugs."""

    competences: dict[str, list[str]]
    tubes: dict[str, list[str]]
    tube_slugs: dict[str, str]
    competence_slugs: dict[str, str]


def _tree(entries: Mapping[str, EpreuveEntry], bank: Bank) -> Tree:
    competences: dict[str, list[str]] = {}
    tubes: dict[str, list[str]] = {}
    referentiel = bank.referentiel
    if referentiel is not None:  # tubes without épreuves are shown too: their cells are empty
        for name, known_tube in referentiel.tubes.items():
            owner = known_tube.competence or "?"
            if name not in competences.setdefault(owner, []):
                competences[owner].append(name)
            tubes.setdefault(name, [])
    for epreuve_id, entry in entries.items():
        competence = entry.facts.competence or "?"
        tube = entry.facts.tube or "?"
        tubes.setdefault(tube, []).append(epreuve_id)
        known = competences.setdefault(competence, [])
        if tube not in known:
            known.append(tube)
    taken: set[str] = set()
    tube_slugs = {name: slug(name.lstrip("@"), taken) for name in sorted(tubes)}
    taken = set()
    competence_slugs = {index: slug(index, taken) for index in sorted(competences, key=_index_key)}
    for names in competences.values():
        names.sort()
    return Tree(competences, tubes, tube_slugs, competence_slugs)


def _by_level(ids: Iterable[str], entries: Mapping[str, EpreuveEntry]) -> list[str]:
    def key(epreuve_id: str) -> tuple[int, str]:
        level = entries[epreuve_id].facts.level
        return (level if isinstance(level, int) else 99, epreuve_id)

    return sorted(ids, key=key)


def _level_group(entry: EpreuveEntry) -> str:
    level = entry.facts.level
    return f"Niveau {level}" if isinstance(level, int) else "Niveau absent"


def _tube_pages(
    site: Site, tree: Tree, entries: Mapping[str, EpreuveEntry], bank: Bank
) -> dict[str, dict[str, str]]:
    starts: dict[str, dict[str, str]] = {}
    for name, ids in tree.tubes.items():
        folder = f"sujets/{tree.tube_slugs[name]}"
        ordered = _by_level(ids, entries)
        items = [Item(_level_group(entries[i]), i) for i in ordered]
        competence = next((c for c, names in tree.competences.items() if name in names), None)
        up = (
            href(f"{folder}/index.md", f"competences/{tree.competence_slugs[competence]}")
            if competence
            else ""
        )
        intro = (
            f"<p>Compétence {e(bank.competence_title(competence))} "
            f'(<a href="{up}">tous ses sujets</a>). {len(ids)} épreuve(s), par niveau.</p>'
            if competence
            else f"<p>{len(ids)} épreuve(s), par niveau.</p>"
        )
        starts[name] = paginate(site, folder, f"Sujet {bank.tube_title(name)}", intro, items, entries=entries)
    return starts


def _cell(ids: Sequence[str], entries: Mapping[str, EpreuveEntry], link: str | None) -> str:
    if not ids:
        return '<td class="epreuve-vide">aucune</td>'
    counts = Counter(entries[i].facts.status or "sans statut" for i in ids)
    detail = ", ".join(f"{counts[s]} {s}" for s in sorted(counts))
    number = f'<a href="{link}">{len(ids)}</a>' if link else str(len(ids))
    return f"<td>{number} : {e(detail)}</td>"


def _matrix(
    at: str,
    competence: str,
    tree: Tree,
    *,
    entries: Mapping[str, EpreuveEntry],
    bank: Bank,
    starts: Mapping[str, Mapping[str, str]],
) -> str:
    header = "".join(f'<th scope="col">Niveau {level}</th>' for level in LEVELS)
    rows = []
    for name in tree.competences[competence]:
        ids = tree.tubes.get(name, [])
        by_level: dict[int, list[str]] = {}
        for epreuve_id in ids:
            level = entries[epreuve_id].facts.level
            if isinstance(level, int):
                by_level.setdefault(level, []).append(epreuve_id)
        tube_link = href(at, f"sujets/{tree.tube_slugs[name]}")
        cells = []
        for level in LEVELS:
            start = starts.get(name, {}).get(f"Niveau {level}")
            link = None
            if start is not None:
                folder, _, anchor = start.partition("#")
                link = href(at, folder) + "#" + anchor
            cells.append(_cell(by_level.get(level, []), entries, link))
        rows.append(
            f'<tr><th scope="row"><a href="{tube_link}">{e(bank.tube_title(name))}</a></th>{"".join(cells)}'
            f"<td>{len(ids)}</td></tr>"
        )
    return scrolling(
        f'<table class="epreuve-couverture"><caption>Compétence {e(bank.competence_title(competence))} : '
        f'épreuves par sujet et par niveau</caption><thead><tr><th scope="col">Sujet</th>{header}'
        f'<th scope="col">Total</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


def _domaine_of(competence: str, bank: Bank) -> str:
    return bank.domaine_title(competence) or "Domaine inconnu"


def _by_domaine(tree: Tree, bank: Bank) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for competence in sorted(tree.competences, key=_index_key):
        grouped.setdefault(_domaine_of(competence, bank), []).append(competence)
    return grouped


def _referentiel_pages(
    site: Site,
    tree: Tree,
    entries: Mapping[str, EpreuveEntry],
    bank: Bank,
    starts: Mapping[str, Mapping[str, str]],
) -> None:
    at = "referentiel/index.md"
    body = [
        "<h1>Épreuves par domaine, compétence et sujet</h1>",
        "<p>Chaque compétence a sa page : ses sujets (tubes) et leurs épreuves par niveau.</p>",
    ]
    for domaine, competences in _by_domaine(tree, bank).items():
        body.append(f"<h2>{e(domaine)}</h2><ul>")
        for competence in competences:
            count = sum(len(tree.tubes.get(name, [])) for name in tree.competences[competence])
            link = href(at, f"competences/{tree.competence_slugs[competence]}")
            body.append(
                f'<li><a href="{link}">{e(bank.competence_title(competence))}</a> : '
                f"{len(tree.competences[competence])} sujet(s), {count} épreuve(s)</li>"
            )
        body.append("</ul>")
    site.pages[at] = page("Référentiel", raw_block("\n".join(body)))
    for competence, names in tree.competences.items():
        here = f"competences/{tree.competence_slugs[competence]}/index.md"
        listing = "".join(
            f'<li><a href="{href(here, "sujets/" + tree.tube_slugs[name])}">{e(bank.tube_title(name))}</a> : '
            f"{len(tree.tubes.get(name, []))} épreuve(s)</li>"
            for name in names
        )
        body = [
            f"<h1>Compétence {e(bank.competence_title(competence))}</h1>",
            f"<p>Domaine {e(_domaine_of(competence, bank))}. "
            f'<a href="{href(here, "referentiel")}">Toutes les compétences</a>.</p>',
            f"<h2>Sujets</h2><ul>{listing}</ul>",
            "<h2>Couverture</h2>",
            _matrix(here, competence, tree, entries=entries, bank=bank, starts=starts),
        ]
        site.pages[here] = page(f"Compétence {competence}", raw_block("\n".join(body)))


def _coverage_page(
    site: Site,
    tree: Tree,
    entries: Mapping[str, EpreuveEntry],
    bank: Bank,
    starts: Mapping[str, Mapping[str, str]],
) -> None:
    at = "couverture/index.md"
    body = [
        "<h1>Couverture du référentiel</h1>",
        "<p>Pour chaque sujet (tube), le nombre d'épreuves par niveau de 1 à 8 et leurs statuts ; "
        "« aucune » marque un acquis sans épreuve.</p>",
    ]
    for domaine, competences in _by_domaine(tree, bank).items():
        body.append(f"<h2>{e(domaine)}</h2>")
        for competence in competences:
            body.append(_matrix(at, competence, tree, entries=entries, bank=bank, starts=starts))
    site.pages[at] = page("Couverture", raw_block("\n".join(body)))


def _status_pages(site: Site, entries: Mapping[str, EpreuveEntry], bank: Bank) -> list[tuple[str, str, int]]:
    by_status: dict[str, list[str]] = {}
    for epreuve_id in sorted(entries, key=_order(entries)):
        by_status.setdefault(status_slug(entries[epreuve_id].facts.status), []).append(epreuve_id)
    rows = []
    for word, folder in (*STATUSES, _OTHER_STATUS):
        ids = by_status.get(folder, [])
        if not ids and folder == _OTHER_STATUS[1]:
            continue
        items = [Item(f"Compétence {bank.competence_title(entries[i].facts.competence)}", i) for i in ids]
        paginate(
            site,
            f"statuts/{folder}",
            f"Épreuves au statut « {word} »",
            f"<p>{len(ids)} épreuve(s), par compétence, sujet et niveau.</p>",
            items,
            entries=entries,
        )
        rows.append((word, folder, len(ids)))
    at = "statuts/index.md"
    listing = "".join(
        f'<li><a href="{href(at, "statuts/" + folder)}">{e(word)}</a> : {count} épreuve(s)</li>'
        for word, folder, count in rows
    )
    site.pages[at] = page("Statuts", raw_block(f"<h1>Épreuves par statut</h1><ul>{listing}</ul>"))
    return rows


_OrderKey = tuple[tuple[tuple[int, ...], str], str, int, str]


def _order(entries: Mapping[str, EpreuveEntry]) -> Callable[[str], _OrderKey]:
    """Competence (by number), tube, level, id: the order of every list but a parcours."""

    def key(epreuve_id: str) -> _OrderKey:
        epreuve = entries[epreuve_id].facts
        level = epreuve.level if isinstance(epreuve.level, int) else 99
        return (_index_key(epreuve.competence or "?"), epreuve.tube or "", level, epreuve_id)

    return key


def _parcours_pages(
    site: Site, paths: Sequence[tuple[str, str, Sequence[str]]], entries: Mapping[str, EpreuveEntry]
) -> None:
    at = "parcours/index.md"
    listing = []
    for parcours_id, title, ids in paths:
        items = [Item("", i) for i in ids]
        paginate(
            site,
            f"parcours/{parcours_id}",
            f"Parcours : {title}",
            f"<p>{len(ids)} épreuve(s), dans l'ordre du parcours.</p>",
            items,
            entries=entries,
            ordered=True,
        )
        listing.append(
            f'<li><a href="{href(at, "parcours/" + parcours_id)}">{e(title)}</a> ({len(ids)} épreuve(s))</li>'
        )
    body = "<h1>Parcours</h1>" + (f"<ul>{''.join(listing)}</ul>" if listing else "<p>Aucun parcours.</p>")
    site.pages[at] = page("Parcours", raw_block(body))


def family(code: str) -> str:
    """A rule's family: its code without the number (A11Y-IMG-001 → A11Y-IMG)."""
    return _FAMILY.sub("", code)


def _families(diagnostics: Iterable[Diagnostic]) -> str:
    counts: dict[str, Counter[str]] = {}
    for d in diagnostics:
        row = counts.setdefault(family(d.code), Counter())
        row["dérogation" if d.waived_by is not None else d.severity.label] += 1
    if not counts:
        return "<p>Aucun diagnostic.</p>"
    rows = "".join(
        f'<tr><th scope="row">{e(name)}</th><td>{row[Severity.ERROR.label]}</td>'
        f"<td>{row[Severity.WARNING.label]}</td><td>{row[Severity.INFO.label]}</td><td>{row['dérogation']}</td></tr>"
        for name, row in sorted(counts.items())
    )
    return scrolling(
        "<table><caption>Diagnostics de <code>epreuve check</code> par famille de règles</caption>"
        '<thead><tr><th scope="col">Famille</th><th scope="col">Erreurs</th><th scope="col">Avertissements</th>'
        '<th scope="col">Informations</th><th scope="col">Dérogations</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def _to_test(entry: EpreuveEntry) -> bool:
    return entry.facts.to_test


def _has_examples(entry: EpreuveEntry) -> bool:
    return entry.facts.has_examples


def _quality_pages(
    site: Site, entries: Mapping[str, EpreuveEntry], others: Sequence[Diagnostic], bank: Bank
) -> dict[str, int]:
    ordered = sorted(entries, key=_order(entries))
    lists = {
        "erreurs": (
            "Épreuves avec des erreurs",
            [
                i
                for i in ordered
                if any(d.severity >= Severity.ERROR and d.waived_by is None for d in entries[i].diagnostics)
            ],
        ),
        "sans-exemples": (
            "Épreuves sans exemples de réponses",
            [i for i in ordered if not _has_examples(entries[i])],
        ),
        "a-tester": ("Accessibilité encore « A tester »", [i for i in ordered if _to_test(entries[i])]),
    }
    at = "qualite/index.md"
    counts = {}
    summary_items = []
    for folder, (title, ids) in lists.items():
        items = [Item(f"Compétence {bank.competence_title(entries[i].facts.competence)}", i) for i in ids]
        paginate(site, f"qualite/{folder}", title, f"<p>{len(ids)} épreuve(s).</p>", items, entries=entries)
        counts[folder] = len(ids)
        summary_items.append(
            f'<li><a href="{href(at, "qualite/" + folder)}">{e(title)}</a> : {len(ids)}</li>'
        )
    diagnostics = [d for entry in entries.values() for d in entry.diagnostics] + list(others)
    body = [
        "<h1>Qualité de la banque</h1>",
        f"<p>{len(entries)} épreuve(s).</p>",
        f"<h2>À reprendre</h2><ul>{''.join(summary_items)}</ul>",
        "<h2>Diagnostics par famille de règles</h2>",
        _families(diagnostics),
    ]
    if others:
        listed = "".join(
            f"<li>{e(d.path)}:{d.span.start.line} <strong>{e(d.code)}</strong> {e(d.message)}</li>"
            for d in others
        )
        body.append(f"<h2>Diagnostics des autres fichiers</h2><ul>{listed}</ul>")
    site.pages[at] = page("Qualité", raw_block("\n".join(body)))
    return counts


NAV = (
    ("Accueil", "index.md"),
    ("Référentiel", "referentiel/index.md"),
    ("Parcours", "parcours/index.md"),
    ("Statuts", "statuts/index.md"),
    ("Couverture", "couverture/index.md"),
    ("Qualité", "qualite/index.md"),
    ("Publications", "publications/index.md"),
)


def build_indexes(
    site: Site,
    entries: Mapping[str, EpreuveEntry],
    paths: Sequence[tuple[str, str, Sequence[str]]],
    bank: Bank,
    *,
    others: Sequence[Diagnostic],
    skipped: Sequence[str],
    releases: str = "",
) -> None:
    """Every index page, the home page, and the engine's navigation (these few pages only: performance.md
    §8, a navigation of thousands of pages makes the build quadratic)."""
    tree = _tree(entries, bank)
    starts = _tube_pages(site, tree, entries, bank)
    _referentiel_pages(site, tree, entries, bank, starts)
    _coverage_page(site, tree, entries, bank, starts)
    _parcours_pages(site, paths, entries)
    statuses = _status_pages(site, entries, bank)
    quality = _quality_pages(site, entries, others, bank)
    by_status = "".join(
        f'<li><a href="statuts/{folder}/">{e(word)}</a> : {count}</li>' for word, folder, count in statuses
    )
    home = [
        "<h1>Épreuves : aperçu pour la relecture</h1>",
        f"<p>{len(entries)} épreuve(s), {len(tree.tubes)} sujet(s), {len(paths)} parcours. Chaque épreuve a "
        "deux adresses : <code>epreuves/&lt;id&gt;/</code> (vue de l'apprenant) et "
        "<code>epreuves/&lt;id&gt;/revue/</code> (vue de relecture).</p>",
        "<h2>Trouver une épreuve</h2><ul>",
        '<li><a href="referentiel/">par domaine, compétence, sujet et niveau</a></li>',
        '<li><a href="parcours/">par parcours</a></li>',
        '<li><a href="statuts/">par statut</a></li>',
        "<li>par la recherche, en haut de chaque page</li></ul>",
        f"<h2>Statuts</h2><ul>{by_status}</ul>",
        "<h2>Suivi</h2><ul>",
        '<li><a href="couverture/">couverture du référentiel</a> (sujets × niveaux)</li>',
        f'<li><a href="qualite/">qualité</a> : {quality["erreurs"]} épreuve(s) avec des erreurs, '
        f"{quality['sans-exemples']} sans exemples, {quality['a-tester']} « A tester »</li>",
        f"{releases}</ul>",
    ]
    if skipped:
        home.append(
            "<h2>Fichiers sans page</h2><p>Identifiant absent, invalide ou en double :</p><ul>"
            + "".join(f"<li>{e(path)}</li>" for path in skipped)
            + "</ul>"
        )
    site.pages["index.md"] = page("Accueil", raw_block("\n".join(home)))
    site.nav = list(NAV)
