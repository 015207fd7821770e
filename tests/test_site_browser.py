"""The preview site in a real browser: Debian's headless Chromium, driven by Playwright (no browser download).

* The learner views are answered by keyboard only (Tab, arrows, Space, Enter): a QCU, a QCM, a QROC with
  a number, a drop-down list and a QROCM, right and wrong; the verdict is read from the page contract
  (the `role="status"` element's `data-status`, the "Vérifier" button found by its accessible name).
  The pages are served with a Content-Security-Policy that forbids inline script: the judge still works.
* The shared case file (tests/site_cases.py) is replayed by the judge loaded in the page.
* axe-core (the copy bundled with axe-playwright-python) finds no violation on any page of the sample
  site, nor on a learner view showing its verdicts.

Skipped only when /usr/bin/chromium is absent (`apt-get install -y chromium`; CI installs it).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import MINIMAL_REFERENTIEL, SAMPLE_CONTENT, epreuve_executable
from tests.site_cases import build_cases, normalised

CHROMIUM = Path("/usr/bin/chromium")
# CI sets EPREUVE_REQUIRE_BROWSER=1 (.ci/run installs Chromium): there a missing browser is a failure,
# never a silent skip
if os.environ.get("EPREUVE_REQUIRE_BROWSER") == "1" and not CHROMIUM.exists():
    raise RuntimeError(
        "EPREUVE_REQUIRE_BROWSER=1 but /usr/bin/chromium is absent: apt-get install -y chromium"
    )
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Chromium absent (/usr/bin/chromium) : apt-get install -y chromium pour ces tests (la CI l'installe)",
    ),
]

# Scripts from the site only: what a page of ours may run, served as a header on top of the page's own
# <meta> policy (site/overrides/main.html); mkdocs-material's inline scripts are files now, none is refused.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "frame-src https:; object-src 'none'; base-uri 'none'; form-action 'self'"
)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice", "RGAAv4"]

QCU = """\
---
id: clavier-qcu
type: qcu
competence: "4.1"
tube: "@motDePasse"
level: 1
status: validé
answer: 2
shuffle: false
---
Quel mot de passe est le plus solide ?

::: propositions
- motdepasse
- Une phrase de passe longue et unique
- 123456
:::
"""

QCM = """\
---
id: clavier-qcm
type: qcm
competence: "4.1"
tube: "@motDePasse"
level: 2
status: validé
answer: [1, 3]
shuffle: false
---
Quelles pratiques protègent un compte ?

::: propositions
- Une phrase de passe
- Le même mot de passe partout
- La double authentification
:::
"""

NOMBRE = """\
---
id: clavier-nombre
type: qroc
competence: "4.1"
tube: "@motDePasse"
level: 3
status: validé
format: nombre
answer: ["12"]
---
Combien de caractères au moins l'ANSSI conseille-t-elle pour un mot de passe ?

::: propositions
Nombre de caractères : ${longueur}
:::
"""

LISTE = """\
---
id: clavier-liste
type: qroc
competence: "4.1"
tube: "@motDePasse"
level: 3
status: validé
answer: ["Mardi"]
---
Quel jour suit lundi ?

::: propositions
Le jour qui suit lundi : ${jour options=["Lundi","Mardi","Mercredi"]}
:::
"""

QROCM = """\
---
id: clavier-qrocm
type: qrocm-ind
competence: "4.1"
tube: "@motDePasse"
level: 4
status: validé
answer:
  longueur: ["12"]
  outil: ["gestionnaire"]
  choix: ["oui"]
---
Complétez.

::: propositions
Longueur minimale conseillée : ${longueur}

Un ${outil§Outil qui retient les mots de passe}

Double authentification activée : ${choix options=["oui","non"]}
:::
"""


HOSTILE = """\
---
id: hostile
type: qcu
competence: "4.1"
tube: "@motDePasse"
level: 1
status: proposé
answer: 1
embed:
  url: "https://exemple.invalid/appli"
  title: Application d'essai
---
Consigne <script>window.__pwned = 1; alert(1)</script> <img src="x" onerror="window.__pwned = 2">
[lien](javascript:window.__pwned=3) <a href="javascript:window.__pwned=4">autre lien</a>
<iframe src="javascript:window.__pwned=5"></iframe>
<svg><script>window.__pwned = 6</script><circle r="4" onload="window.__pwned = 7"/></svg>
<span lang="en" onmouseover="window.__pwned = 8">password</span>

::: propositions
- Oui <img src=x onerror="window.__pwned = 9">
- Non
:::
"""


class _Handler(http.server.SimpleHTTPRequestHandler):
    csp: str | None = None

    def end_headers(self) -> None:
        if self.csp is not None:
            self.send_header("Content-Security-Policy", self.csp)
        super().end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@contextlib.contextmanager
def _serve(directory: Path, csp: str | None) -> Iterator[str]:
    """The folder over loopback HTTP on a free port, with `csp` as the Content-Security-Policy header."""
    handler = type("Handler", (_Handler,), {"csp": csp})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(directory))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _build_site(content: Path, out: Path) -> None:
    project = content.parent
    # the hostile épreuve's `<span lang>` is kept only because the project allows it (sanitize.py)
    (project / "epreuve.toml").write_text('content = "content"\nallowed-html = ["span"]\n', "utf-8")
    environment = {**os.environ, "NO_COLOR": "1", "SOURCE_DATE_EPOCH": "1767225600"}
    environment["XDG_CACHE_HOME"] = str(project / ".cache")
    done = subprocess.run(
        [epreuve_executable(), "site", "build", "--out", str(out)],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright  # never `playwright install`: Debian's Chromium

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def fixture_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of the keyboard épreuves, built; reviewers open such a folder from a file share."""
    content = tmp_path_factory.mktemp("clavier") / "content"
    (content / "epreuves").mkdir(parents=True)
    (content / "referentiel.yaml").write_text(MINIMAL_REFERENTIEL, "utf-8")
    keyboard = {"qcu": QCU, "qcm": QCM, "nombre": NOMBRE, "liste": LISTE, "qrocm": QROCM, "hostile": HOSTILE}
    for name, text in keyboard.items():
        (content / "epreuves" / f"{name}.md").write_text(text, "utf-8")
    _write_release_notes(content.parent / "build" / "release")  # found there by default
    out = content.parent / "site"
    _build_site(content, out)
    return out


def _write_release_notes(folder: Path) -> None:
    """Notes as `epreuve release` writes them: the key of clavier-qcu changed, clavier-ancienne retired."""
    from epreuve_tools.release.changes import as_json, diff_parcours

    before = {
        "clavier-qcu": {"id": "clavier-qcu", "solution": "1"},
        "clavier-ancienne": {"id": "clavier-ancienne"},
    }
    after = {"clavier-qcu": {"id": "clavier-qcu", "solution": "2"}}
    changes = diff_parcours("essai", (1, tuple(before), before), (2, tuple(after), after), title="Essai")
    (folder / "changelog").mkdir(parents=True)
    notes = as_json("Publication du 2026-01-02 (targets version 2)", [changes])
    (folder / "changelog" / "2.json").write_text(json.dumps(notes, ensure_ascii=False), "utf-8")


@pytest.fixture(scope="module")
def fixture_site(fixture_folder: Path) -> Iterator[str]:
    """The same site served over HTTP under the CSP."""
    with _serve(fixture_folder, CSP) as base:
        yield base


# every refusal of a Content-Security-Policy (the header's or the page's <meta>), kept for the test to read
_WATCH_POLICY = """
window.__refusals = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__refusals.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample || ""}`);
});
window.__alerts = 0;
window.alert = window.confirm = window.prompt = () => { window.__alerts += 1; };
"""


def _violations(page: Any) -> list[str]:
    return list(page.evaluate("() => window.__refusals"))


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="fr-FR")
    context.add_init_script(script=_WATCH_POLICY)
    yield context.new_page()
    context.close()


@dataclass
class _Console:
    refused: list[str] = field(default_factory=list)  # what the Content-Security-Policy refused
    errors: list[str] = field(default_factory=list)  # uncaught script errors


@pytest.fixture
def console(page: Any) -> _Console:
    seen = _Console()
    page.on("console", lambda m: seen.refused.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda error: seen.errors.append(f"{error}\n{error.stack or ''}"))
    return seen


def _open(page: Any, base: str, epreuve_id: str) -> None:
    page.goto(f"{base}epreuves/{epreuve_id}/", wait_until="load")


# Whether the focused element shows it: an outline or a shadow drawn by the page (RGAA 10.7, WCAG 2.4.7).
_FOCUS_SHOWN = """() => {
  const style = getComputedStyle(document.activeElement);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  return outline || style.boxShadow !== "none";
}"""
_FOCUSED = "s => document.activeElement !== null && document.activeElement.matches(s)"


def _tab_to(page: Any, selector: str, limit: int = 80) -> None:
    """Press Tab until the focus is on `selector`: reachable by keyboard, and showing its focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(_FOCUSED, selector):
            assert page.evaluate(_FOCUS_SHOWN), f"{selector} : le focus n'est pas visible"
            return
    raise AssertionError(f"{selector} n'est pas atteint en {limit} tabulations")


def _check(page: Any) -> tuple[str, str]:
    """Tab to the "Vérifier" button (found by its accessible name), press Enter, read the verdict."""
    from playwright.sync_api import expect

    button = page.get_by_role("button", name="Vérifier", exact=True)
    expect(button).to_have_count(1)
    _tab_to(page, "form.epreuve-form button[type='submit']")
    page.keyboard.press("Enter")
    status = page.get_by_role("status")
    expect(status).not_to_have_attribute("data-status", "")
    return status.get_attribute("data-status") or "", status.inner_text()


def test_qcu_by_keyboard(page: Any, console: _Console, fixture_site: str) -> None:
    _open(page, fixture_site, "clavier-qcu")
    _tab_to(page, "input[name='reponse'][value='1']")
    page.keyboard.press("ArrowDown")  # the arrows move through a radio group and choose
    assert _check(page) == ("ok", "Réponse acceptée.")
    _open(page, fixture_site, "clavier-qcu")
    _tab_to(page, "input[name='reponse'][value='1']")
    page.keyboard.press("Space")
    assert _check(page) == ("ko", "Réponse refusée : ce n'est pas la bonne proposition.")
    # served under the CSP: nothing refused (the theme's scripts are files too), and nothing throws
    assert console.refused == []
    assert console.errors == []
    assert _violations(page) == []


def test_qcm_by_keyboard(page: Any, fixture_site: str) -> None:
    _open(page, fixture_site, "clavier-qcm")
    _tab_to(page, "input[name='reponse'][value='1']")
    page.keyboard.press("Space")
    _tab_to(page, "input[name='reponse'][value='3']")
    page.keyboard.press("Space")
    assert _check(page) == ("ok", "Réponse acceptée.")
    _open(page, fixture_site, "clavier-qcm")
    for value in ("1", "2", "3"):
        _tab_to(page, f"input[name='reponse'][value='{value}']")
        page.keyboard.press("Space")
    status, sentence = _check(page)
    assert status == "ko"
    assert sentence == "Réponse refusée : 1 proposition est cochée en trop."


def test_qroc_number_by_keyboard(page: Any, fixture_site: str) -> None:
    _open(page, fixture_site, "clavier-nombre")
    _tab_to(page, "input[name='longueur']")
    page.keyboard.type("12")
    page.keyboard.press("Enter")  # Enter in a field sends the form, as on Pix
    status = page.get_by_role("status")
    assert status.get_attribute("data-status") == "ok"
    assert (
        status.inner_text() == "Réponse acceptée : comparée comme un nombre, elle vaut une réponse acceptée."
    )
    page.keyboard.press("Backspace")
    page.keyboard.type("3")
    assert _check(page) == (
        "ko",
        "Réponse refusée : comparée comme un nombre, elle ne vaut aucune réponse acceptée.",
    )


def test_select_by_keyboard(page: Any, fixture_site: str) -> None:
    _open(page, fixture_site, "clavier-liste")
    _tab_to(page, "select[name='jour']")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("() => document.activeElement.value") == "Mardi"
    assert _check(page) == ("ok", "Réponse acceptée (liste déroulante : aucune tolérance).")
    _tab_to(page, "select[name='jour']")
    page.keyboard.press("ArrowDown")
    assert _check(page) == (
        "ko",
        "Réponse refusée : elle ne correspond à aucune réponse acceptée (liste déroulante : aucune tolérance).",
    )


def test_qrocm_by_keyboard_with_a_verdict_per_blank(page: Any, fixture_site: str) -> None:
    _open(page, fixture_site, "clavier-qrocm")
    _tab_to(page, "input[name='longueur']")
    page.keyboard.type("12")
    _tab_to(page, "input[name='outil']")
    page.keyboard.type("Gestionaire")  # one letter missing: T3 tolerates it
    _tab_to(page, "select[name='choix']")
    page.keyboard.press("ArrowDown")
    status, sentence = _check(page)
    assert status == "ok"
    assert sentence.startswith(
        "Réponse acceptée. Par champ : « longueur » juste, « outil » juste, « choix » juste"
    )
    _tab_to(page, "select[name='choix']")
    page.keyboard.press("ArrowDown")  # "non"
    status, sentence = _check(page)
    assert status == "ko"
    assert "« choix » faux" in sentence
    verdicts = page.evaluate(
        "() => Array.from(document.querySelectorAll('[id^=champ-]'), e => [e.name, e.dataset.verdict])"
    )
    assert verdicts == [["longueur", "ok"], ["outil", "ok"], ["choix", "ko"]]


def test_the_judge_works_from_a_file_share(page: Any, fixture_folder: Path) -> None:
    page.goto((fixture_folder / "epreuves" / "clavier-qcu" / "index.html").as_uri(), wait_until="load")
    _tab_to(page, "input[name='reponse'][value='1']")
    page.keyboard.press("ArrowDown")
    assert _check(page) == ("ok", "Réponse acceptée.")


def test_the_judge_in_the_page_agrees_with_the_python_judge_on_every_case(
    page: Any, fixture_site: str
) -> None:
    _open(page, fixture_site, "clavier-qcu")
    cases = build_cases()
    results = page.evaluate("cases => cases.map(c => window.EpreuveJudge.judge(c.key, c.response))", cases)
    disagreements = [
        case["name"]
        for case, result in zip(cases, results, strict=True)
        if normalised(case["key"], result) != case["expected"]
    ]
    assert disagreements == []


def test_hostile_content_runs_nothing(
    page: Any, console: _Console, fixture_folder: Path, fixture_site: str
) -> None:
    for address in (
        f"{fixture_site}epreuves/hostile/",
        (fixture_folder / "epreuves/hostile/index.html").as_uri(),
    ):
        page.goto(address, wait_until="load")
        page.hover("span[lang='en']")
        for link in page.locator(".epreuve-consigne a").all():
            link.click()
        page.wait_for_timeout(200)
        assert page.evaluate("() => window.__pwned") is None
        assert page.evaluate("() => window.__alerts") == 0
        assert _violations(page) == []
    assert console.errors == []
    # the embed: an https frame, sandboxed, titled; the author's lang attribute kept
    # (on file://, the search worker runs in a hidden frame of its own: assets/iframe-worker.js)
    frame = page.locator("iframe.epreuve-embed")
    assert frame.count() == 1
    assert frame.get_attribute("sandbox") == "allow-scripts allow-forms"
    assert frame.get_attribute("title") == "Application d'essai"
    assert page.locator("span[lang='en']").inner_text() == "password"


def test_search_finds_a_learner_view_and_its_dialog_is_named(page: Any, fixture_site: str) -> None:
    page.goto(fixture_site, wait_until="load")
    page.keyboard.press("/")  # the theme's shortcut opens the search
    page.keyboard.type("authentification")
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=10_000)
    assert "epreuves/clavier-qcm/" in (results.first.get_attribute("href") or "")
    dialog = page.get_by_role("dialog", name="Recherche")
    assert dialog.count() == 1
    assert _violations(page) == []


def test_search_works_from_a_file_share_and_its_links_open_pages(
    page: Any, console: _Console, fixture_folder: Path
) -> None:
    page.goto((fixture_folder / "index.html").as_uri(), wait_until="load")
    page.keyboard.press("/")
    page.keyboard.type("authentification")
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=10_000)
    assert (results.first.get_attribute("href") or "").endswith("epreuves/clavier-qcm/index.html")
    results.first.click()
    page.wait_for_url("**/epreuves/clavier-qcm/index.html")
    # the page's own links open pages, not folder listings
    page.get_by_role("link", name="Vue de relecture (clé, exemples, diagnostics)").click()
    page.wait_for_url("**/epreuves/clavier-qcm/revue/index.html")
    assert _violations(page) == []
    assert console.errors == []
    assert console.refused == []


@functools.cache
def _axe_source() -> str:
    """axe-core as bundled by axe-playwright-python (a pinned copy: no download)."""
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text("utf-8")


@pytest.fixture
def axe_page(browser: Any) -> Iterator[Any]:
    """A page with axe-core in every document it opens (injected by the browser, so the CSP allows it)."""
    context = browser.new_context(locale="fr-FR")
    context.add_init_script(script=_WATCH_POLICY)
    context.add_init_script(script=_axe_source())
    yield context.new_page()
    context.close()


def _axe_violations(page: Any) -> tuple[str, list[dict[str, Any]]]:
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    response: dict[str, Any] = page.evaluate("options => axe.run(document, options)", options)
    return response["testEngine"]["version"], response["violations"]


def _summary(violations: dict[str, list[dict[str, Any]]]) -> list[str]:
    return [
        f"{address} : {v['id']} ({v['help']}) {[n['html'][:120] for n in v['nodes'][:2]]}"
        for address, found in violations.items()
        for v in found
    ]


def test_axe_finds_nothing_on_a_learner_view_showing_its_verdicts(axe_page: Any, fixture_site: str) -> None:
    page = axe_page
    _open(page, fixture_site, "clavier-qrocm")
    _tab_to(page, "input[name='longueur']")
    page.keyboard.type("4")
    page.keyboard.press("Enter")
    assert page.get_by_role("status").get_attribute("data-status") == "ko"
    version, violations = _axe_violations(page)
    assert _summary({"clavier-qrocm": violations}) == [], f"axe-core {version}"


def test_the_release_history_is_accessible_and_links_each_epreuve_to_its_page(
    axe_page: Any, fixture_site: str
) -> None:
    page = axe_page
    page.goto(f"{fixture_site}publications/", wait_until="load")
    page.get_by_role("link", name="Publication du 2026-01-02 (targets version 2)").click()
    page.wait_for_url("**/publications/2/index.html")
    assert "à relire : clé" in page.locator("article").inner_text()
    version, violations = _axe_violations(page)
    assert _summary({"publications/2/": violations}) == [], f"axe-core {version}"
    page.get_by_role("link", name="clavier-qcu", exact=True).click()
    page.wait_for_url("**/epreuves/clavier-qcu/index.html")
    assert page.get_by_role("button", name="Vérifier").count() == 1


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    project = tmp_path_factory.mktemp("exemple")
    shutil.copytree(SAMPLE_CONTENT, project / "content")
    out = project / "site"
    _build_site(project / "content", out)
    with _serve(out, None) as base:
        yield out, base


# axe on every page of the sample site takes minutes: the pages are dealt into chunks, one test each, so
# that pytest-xdist spreads them over its workers (each worker builds the sample site once)
AXE_CHUNKS = 8


def _site_addresses(out: Path) -> list[str]:
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))


def _chunk(addresses: list[str], index: int) -> list[str]:
    """The `index`-th of AXE_CHUNKS chunks: every AXE_CHUNKS-th address of the sorted list (the chunks are
    deterministic, of even sizes, and mix page kinds)."""
    return addresses[index::AXE_CHUNKS]


def test_the_axe_chunks_cover_every_page_of_the_sample_site_once(sample_site: tuple[Path, str]) -> None:
    out, _ = sample_site
    addresses = _site_addresses(out)
    assert len(addresses) > 300
    dealt = [address for index in range(AXE_CHUNKS) for address in _chunk(addresses, index)]
    assert sorted(dealt) == addresses
    assert len(dealt) == len(set(dealt))
    assert all(_chunk(addresses, index) for index in range(AXE_CHUNKS))


@pytest.mark.parametrize("chunk", range(AXE_CHUNKS), ids=lambda chunk: f"chunk{chunk + 1}of{AXE_CHUNKS}")
def test_axe_finds_no_violation_on_any_page_of_the_sample_site(
    axe_page: Any, sample_site: tuple[Path, str], chunk: int
) -> None:
    page, (out, base) = axe_page, sample_site
    violations: dict[str, list[dict[str, Any]]] = {}
    refused: dict[str, list[str]] = {}
    version = ""
    for address in _chunk(_site_addresses(out), chunk):
        page.goto(base + address, wait_until="load")
        version, found = _axe_violations(page)
        if found:
            violations[address] = found
        if _violations(page):
            refused[address] = _violations(page)
    assert _summary(violations) == [], f"axe-core {version}"
    # the pages' own Content-Security-Policy (<meta>) refuses nothing of the site's
    assert refused == {}


if __name__ == "__main__":  # pragma: no cover - `python tests/test_site_browser.py` runs this file only
    sys.exit(pytest.main([__file__, "-q", "-p", "no:randomly"]))
