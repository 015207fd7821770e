"""Developer and CI sessions: `nox -s tests lint typecheck`, and `nox -s bench` for the benchmarks."""

from __future__ import annotations

import nox

nox.options.sessions = ["lint", "typecheck", "tests"]
nox.options.reuse_existing_virtualenvs = True


@nox.session
def tests(session: nox.Session) -> None:
    session.install("-e", ".[dev]")
    # the real yaml-language-server, driven by tests/test_editor.py as an editor would
    session.run(
        "npm", "ci", "--prefix", "tests/editor", "--no-audit", "--no-fund", "--loglevel=error", external=True
    )
    session.run("pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    session.install("ruff>=0.5")
    session.run("ruff", "check", "src", "tests", "bench", "scripts", "noxfile.py")
    session.run("ruff", "format", "--check", "src", "tests", "bench", "scripts", "noxfile.py")


@nox.session
def typecheck(session: nox.Session) -> None:
    session.install("-e", ".[dev]")
    session.run("mypy")


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmark `epreuve check` on a generated corpus: `nox -s bench -- --count 1000 --json out.json`."""
    session.install("-e", ".")
    session.run("python", "bench/run.py", *session.posargs)
    session.run("python", "bench/judge.py")
