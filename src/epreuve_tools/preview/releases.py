"""The release history of the preview site (`publications/`): the notes `epreuve release` writes.

`epreuve release` writes, for each targets version it publishes, `changelog/<version>.md` and
`changelog/<version>.json` (release/changes.py `as_json`). The site reads the JSON ones of a release
folder (`epreuve site build --releases DIR`, `build/release/` when it exists) and shows one page per
release (`publications/<version>/`), listing by parcours the épreuves added, changed and retired, the
changes that can turn a right answer into a wrong one first (« à relire »), each épreuve linked to its
pages; `publications/` lists the releases, newest first.

The files are hostile like any content: each is bounded in size, parsed, and checked field by field
against the shape `as_json` writes; one that is not is named on the history page with the reason, and
the others are shown. Every text is escaped; nothing is rendered as Markdown or HTML.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from epreuve_tools.diagnostics import plural
from epreuve_tools.preview.indexes import Item, href, paginate
from epreuve_tools.preview.pages import PAGE_ID, Site, e, page, raw_block
from epreuve_tools.release.changes import KIND_FR, FieldChange

MAX_NOTES_BYTES = 20 * 1024 * 1024
_NOTES_NAME = re.compile(r"(?:0|[1-9][0-9]{0,8})\.json")
SHORT_VALUE = 80  # longer values are shown on demand (a disclosure), whole up to LONG_VALUE
LONG_VALUE = 4000


@dataclass(frozen=True, slots=True)
class EpreuveNote:
    id: str
    change: str  # added, retired, changed
    semantic: bool
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True, slots=True)
class ParcoursNote:
    parcours: str
    title: str
    before_version: int | None
    after_version: int | None
    order_changed: bool
    epreuves: tuple[EpreuveNote, ...]


@dataclass(frozen=True, slots=True)
class ReleaseNotes:
    version: int  # the targets version, from the file's name
    title: str
    parcours: tuple[ParcoursNote, ...]


@dataclass(frozen=True, slots=True)
class History:
    """What the site shows of a release folder: its readable notes, newest first, and the unreadable
    files with why (`folder` None: the site was built without a release folder). The folder is not
    shown on the pages: the same notes give the same pages wherever the folder is."""

    folder: str | None
    releases: tuple[ReleaseNotes, ...] = ()
    unreadable: tuple[tuple[str, str], ...] = ()


class _Invalid(ValueError):
    pass


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise _Invalid(f"{where} : texte attendu")
    return value


def _flag(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise _Invalid(f"{where} : vrai ou faux attendu")
    return value


def _version(value: Any, where: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 10**9:
        raise _Invalid(f"{where} : numéro de version attendu")
    return value


def _table(value: Any, where: str, keys: Sequence[str]) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise _Invalid(f"{where} : objet attendu")
    missing = [key for key in keys if key not in value]
    if missing:
        raise _Invalid(f"{where} : clé « {missing[0]} » absente")
    return value


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise _Invalid(f"{where} : liste attendue")
    return value


def _field(value: Any, where: str) -> FieldChange:
    item = _table(value, where, ("field", "label", "semantic", "before", "after"))
    return FieldChange(
        _text(item["field"], where + ".field"),
        _text(item["label"], where + ".label"),
        _flag(item["semantic"], where + ".semantic"),
        item["before"],
        item["after"],
    )


def _epreuve(value: Any, where: str) -> EpreuveNote:
    item = _table(value, where, ("id", "change", "semantic", "fields"))
    change = _text(item["change"], where + ".change")
    if change not in KIND_FR:
        raise _Invalid(f"{where}.change : « added », « retired » ou « changed » attendu")
    fields = tuple(_field(f, f"{where}.fields[{n}]") for n, f in enumerate(_list(item["fields"], where)))
    return EpreuveNote(_text(item["id"], where + ".id"), change, _flag(item["semantic"], where), fields)


def _parcours(value: Any, where: str) -> ParcoursNote:
    keys = ("parcours", "title", "before_version", "after_version", "order_changed", "epreuves")
    item = _table(value, where, keys)
    epreuves = _list(item["epreuves"], where + ".epreuves")
    return ParcoursNote(
        _text(item["parcours"], where + ".parcours"),
        _text(item["title"], where + ".title"),
        _version(item["before_version"], where + ".before_version"),
        _version(item["after_version"], where + ".after_version"),
        _flag(item["order_changed"], where + ".order_changed"),
        tuple(_epreuve(change, f"{where}.epreuves[{n}]") for n, change in enumerate(epreuves)),
    )


def parse_notes(version: int, data: bytes) -> ReleaseNotes:
    """One release's JSON notes, checked against the shape `as_json` writes; `ValueError` (French) if not."""
    try:
        loaded = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise _Invalid(f"JSON illisible ({type(error).__name__})") from None
    notes = _table(loaded, "racine", ("title", "parcours"))
    parcours = _list(notes["parcours"], "parcours")
    return ReleaseNotes(
        version,
        _text(notes["title"], "title"),
        tuple(_parcours(item, f"parcours[{n}]") for n, item in enumerate(parcours)),
    )


def read_history(folder: Path | None) -> History:
    """The notes of the release folder `folder` (`changelog/<version>.json`), newest first."""
    if folder is None:
        return History(None)
    changelog = folder / "changelog"
    found: list[ReleaseNotes] = []
    unreadable: list[tuple[str, str]] = []
    names = sorted(p.name for p in changelog.iterdir()) if changelog.is_dir() else []
    for name in names:
        if not _NOTES_NAME.fullmatch(name):
            continue
        path = changelog / name
        try:
            if path.is_symlink() or not path.is_file():
                raise _Invalid("pas un fichier ordinaire")
            if path.stat().st_size > MAX_NOTES_BYTES:
                raise _Invalid(f"plus de {MAX_NOTES_BYTES // (1024 * 1024)} Mo")
            found.append(parse_notes(int(name[: -len(".json")]), path.read_bytes()))
        except _Invalid as error:
            unreadable.append((f"changelog/{name}", str(error)))
        except OSError as error:
            unreadable.append((f"changelog/{name}", error.strerror or "illisible"))
    found.sort(key=lambda notes: -notes.version)
    return History(folder.as_posix(), tuple(found), tuple(unreadable))


# ------------------------------------------------------------------------------------------------
# pages


def _epreuve_link(epreuve_id: str, ids: frozenset[str], at: str) -> str:
    if epreuve_id in ids and PAGE_ID.fullmatch(epreuve_id):
        learner = href(at, f"epreuves/{epreuve_id}")
        return (
            f'<a href="{learner}"><code>{e(epreuve_id)}</code></a> (<a href="{learner}revue/">relecture</a>)'
        )
    return f"<code>{e(epreuve_id)}</code> (sans page sur ce site)"


def _plain(value: Any) -> str:
    if value is None:
        return "(absent)"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _key_lines(value: Any) -> list[str] | None:
    if not isinstance(value, str):
        return None
    return [line.strip() for line in value.split("\n") if line.strip()]


def _quoted(lines: Sequence[str]) -> str:
    return ", ".join(f"« {e(_cut(line, SHORT_VALUE))} »" for line in lines)


def _answers(count: int) -> str:
    return plural(count, "réponse acceptée", "réponses acceptées")


def _field_line(note: FieldChange) -> str:
    label = e(note.label)
    before, after = _key_lines(note.before), _key_lines(note.after)
    if note.field == "solution" and before is not None and after is not None and len(before) + len(after) > 2:
        # a key of several accepted answers: which answers came and went
        added = [line for line in after if line not in before]
        removed = [line for line in before if line not in after]
        said = []
        if added:
            said.append(f"{_answers(len(added))} en plus : {_quoted(added)}")
        if removed:
            said.append(f"{_answers(len(removed))} en moins : {_quoted(removed)}")
        return f"<li>{label} : {' ; '.join(said) or 'mêmes réponses, dans un autre ordre'}</li>"
    old, new = " ".join(_plain(note.before).split()), " ".join(_plain(note.after).split())
    if len(old) <= SHORT_VALUE and len(new) <= SHORT_VALUE:
        return f"<li>{label} : « {e(old)} » → « {e(new)} »</li>"
    return (
        f"<li><details><summary>{label} : texte modifié ({len(old)} → {len(new)} signes), voir avant et "
        f"après</summary><p>Avant :</p>{_preformatted(note.before)}<p>Après :</p>{_preformatted(note.after)}"
        "</details></li>"
    )


def _preformatted(value: Any) -> str:
    # line breaks as character references: the page body is one HTML block, without blank lines
    return "<pre>" + e(_cut(_plain(value), LONG_VALUE)).replace("\n", "&#10;") + "</pre>"


def _change_line(note: EpreuveNote, ids: frozenset[str], at: str) -> str:
    link = _epreuve_link(note.id, ids, at)
    if note.change != "changed":
        return f"<li>{link} : {KIND_FR[note.change]}</li>"
    semantic = [f.label for f in note.fields if f.semantic]
    flagged = f" — <strong>à relire : {e(', '.join(semantic))}</strong>" if semantic else ""
    details = "".join(_field_line(f) for f in sorted(note.fields, key=lambda f: not f.semantic))
    return f"<li>{link} : modifiée{flagged}" + (f"<ul>{details}</ul>" if details else "") + "</li>"


def _version_line(entry: ParcoursNote, parcours_ids: frozenset[str], at: str) -> str:
    if entry.before_version is None:
        said = "nouveau parcours" + (f", version {entry.after_version}" if entry.after_version else "")
    elif entry.after_version is None:
        said = f"parcours retiré (était en version {entry.before_version})"
    elif entry.before_version != entry.after_version:
        said = f"version {entry.before_version} → {entry.after_version}"
    else:
        said = f"version {entry.after_version}"
    if entry.parcours in parcours_ids and PAGE_ID.fullmatch(entry.parcours):
        said += f' (<a href="{href(at, "parcours/" + entry.parcours)}">ses épreuves sur ce site</a>)'
    return f"<li>{said}" + (", ordre des épreuves modifié" if entry.order_changed else "") + "</li>"


def _counts(notes: ReleaseNotes) -> str:
    kinds: dict[str, set[str]] = {kind: set() for kind in KIND_FR}
    to_review: set[str] = set()
    for entry in notes.parcours:
        for change in entry.epreuves:
            kinds[change.change].add(change.id)
            if change.change == "changed" and change.semantic:
                to_review.add(change.id)
    return (
        f"{plural(len(kinds['added']), 'épreuve ajoutée', 'épreuves ajoutées')}, "
        f"{plural(len(kinds['changed']), 'modifiée', 'modifiées')} (dont {len(to_review)} à relire), "
        f"{plural(len(kinds['retired']), 'retirée', 'retirées')}, "
        f"dans {plural(len(notes.parcours), 'parcours', 'parcours')}"
    )


_INTRO = (
    "Parcours par parcours, les épreuves dont un changement peut changer le verdict d'une réponse ou leur "
    "place dans le référentiel (clé, tolérances, statut, acquis, compétence, type, format, minuteur) "
    "viennent d'abord, marquées « à relire »."
)


def _release_pages(
    site: Site, notes: ReleaseNotes, ids: frozenset[str], parcours_ids: frozenset[str]
) -> None:
    """The release's page (cut into pages of PAGE_SIZE lines: a first release lists the whole bank)."""
    lines: dict[str, Callable[[str], str]] = {}
    items: list[Item] = []

    def add(group: str, line: Callable[[str], str]) -> None:
        key = str(len(lines))
        lines[key] = line
        items.append(Item(group, key))

    for entry in notes.parcours:
        group = "Parcours " + (f"{entry.title} ({entry.parcours})" if entry.title else entry.parcours)
        add(group, functools.partial(_version_line, entry, parcours_ids))
        for change in sorted(entry.epreuves, key=lambda c: (not c.semantic, c.id)):
            add(group, functools.partial(_change_line, change, ids))
    folder = f"publications/{notes.version}"
    intro = (
        f'<p><a href="{href(folder + "/index.md", "publications")}">Toutes les publications</a>. '
        f"{e(_counts(notes))}. {_INTRO}</p>"
    )
    paginate(site, folder, notes.title, intro, items, entries={}, render=lambda key, at: lines[key](at))


def release_pages(site: Site, history: History, ids: frozenset[str], parcours_ids: frozenset[str]) -> str:
    """`publications/` and the pages of each release into `site`; returns the home page's line about them."""
    body = ["<h1>Historique des publications</h1>"]
    if history.folder is None:
        body.append(
            "<p>Aucune publication : le site a été construit sans dossier de publication "
            "(<code>epreuve site build --releases DOSSIER</code> ; par défaut <code>build/release/</code> "
            "quand il existe).</p>"
        )
    elif not history.releases:
        body.append(
            "<p>Aucune note de publication dans le dossier de publication (<code>changelog/</code>).</p>"
        )
    else:
        body.append(
            "<p>Les notes de publication, la plus récente d'abord : "
            "pour chaque publication, les épreuves ajoutées, modifiées et retirées, parcours par parcours.</p>"
        )
        listed = "".join(
            f'<li><a href="{notes.version}/">{e(notes.title)}</a> : {e(_counts(notes))}</li>'
            for notes in history.releases
        )
        body.append(f"<ul>{listed}</ul>")
    if history.unreadable:
        listed = "".join(f"<li><code>{e(name)}</code> : {e(why)}</li>" for name, why in history.unreadable)
        body.append(f"<h2>Notes illisibles, non affichées</h2><ul>{listed}</ul>")
    site.pages["publications/index.md"] = page("Publications", raw_block("\n".join(body)))
    for notes in history.releases:
        _release_pages(site, notes, ids, parcours_ids)
    if not history.releases:
        return '<li><a href="publications/">historique des publications</a> : aucune publication</li>'
    latest = history.releases[0]
    return (
        f'<li><a href="publications/">historique des publications</a> : '
        f"{plural(len(history.releases), 'publication')}, la dernière : "
        f'<a href="publications/{latest.version}/">{e(latest.title)}</a></li>'
    )
