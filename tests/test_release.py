"""`epreuve release --dev` and `epreuve bundle verify`: round trip, reproducibility, refusals (SIGNING.md §5).

Every hostile release is built from a valid one (re-signed with the test project's development keys
where the attack assumes a stolen key); each refusal must give its exact code, install nothing and
leave the state folder byte-identical. Everything happens in temporary folders: the sample content is
copied into a throwaway project whose `build/` the release writes to.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from tuf.api.metadata import Metadata, MetaFile, TargetFile

from epreuve_tools.release.keys import dev_signers

from .conftest import SAMPLE_CONTENT, epreuve_executable

# Any fixed date, as long as the targets metadata (which expires 183 days after it) is still valid
# today: the start of the current day, the same for every release of a run.
EPOCH = str(int(time.time()) // 86400 * 86400)
PARCOURS = "tableur"
OTHER = "traitement-de-texte"


def _make_project(where: Path) -> Path:
    where.mkdir(parents=True)
    shutil.copytree(SAMPLE_CONTENT, where / "content")
    (where / "epreuve.toml").write_text('content = "content"\n', "utf-8")
    return where


def _run(
    *args: str, cwd: Path, env: dict[str, str] | None = None, umask: int | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "NO_COLOR": "1", "SOURCE_DATE_EPOCH": EPOCH}
    environment["XDG_CACHE_HOME"] = str(cwd / ".user-cache")
    environment.update(env or {})
    command = [epreuve_executable(), *args]
    if umask is not None:
        command = ["sh", "-c", f'umask {umask:03o} && exec "$@"', "sh", *command]
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, env=environment, timeout=120, check=False
    )


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A throwaway project released once: `build/release/` and `build/dev-keys/` inside it."""
    project = _make_project(tmp_path_factory.mktemp("released") / "project")
    result = _run("release", "--dev", cwd=project)
    assert result.returncode == 0, result.stderr
    return project


@pytest.fixture
def release(released: Path, tmp_path: Path) -> Path:
    """A private copy of the release, free to be made hostile."""
    copy = tmp_path / "release"
    shutil.copytree(released / "build" / "release", copy)
    return copy


@pytest.fixture
def signers(released: Path) -> dict[str, Any]:
    return dev_signers(released / "build" / "dev-keys")


def _verify(
    release: Path, tmp_path: Path, *extra: str, parcours: str = PARCOURS
) -> subprocess.CompletedProcess[str]:
    return _run(
        "bundle", "verify", "--repo", str(release), "--root", str(release / "metadata" / "1.root.json"),
        "--state", str(tmp_path / "state"), "--parcours", parcours, "--dest", str(tmp_path / "dest"),
        "--format", "json", *extra,
        cwd=tmp_path,
    )  # fmt: skip


def _tree(folder: Path) -> dict[str, bytes | str]:
    """Every file of a folder by relative path: bytes, or the target of a link."""
    if not folder.exists():
        return {}
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[relative] = os.readlink(path)
        elif path.is_file():
            found[relative] = path.read_bytes()
    return found


def _refused(release: Path, tmp_path: Path, code: str) -> None:
    """Verification refuses with `code`, and neither the state nor the destination changed."""
    state, dest = _tree(tmp_path / "state"), _tree(tmp_path / "dest")
    result = _verify(release, tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert '"status": "refused"' in result.stdout
    assert f'"code": "{code}"' in result.stdout, result.stdout
    assert _tree(tmp_path / "state") == state
    assert _tree(tmp_path / "dest") == dest


# -- helpers that play the attacker, with the python-tuf Metadata API --------------------------------


def _load(path: Path) -> Metadata[Any]:
    return Metadata.from_bytes(path.read_bytes())


def _write(path: Path, metadata: Metadata[Any]) -> None:
    path.write_bytes(metadata.to_bytes())


def _current(release: Path) -> tuple[Metadata[Any], Metadata[Any], Metadata[Any]]:
    metadata = release / "metadata"
    timestamp = _load(metadata / "timestamp.json")
    snapshot = _load(metadata / f"{timestamp.signed.snapshot_meta.version}.snapshot.json")
    targets = _load(metadata / f"{snapshot.signed.meta['targets.json'].version}.targets.json")
    return timestamp, snapshot, targets


def _republish(
    release: Path, signers: dict[str, Any], edit: Callable[[Any], None] = lambda targets: None
) -> None:
    """A new, validly signed release: targets edited, then snapshot and timestamp, each one version up."""
    metadata = release / "metadata"
    _, snapshot, targets = _current(release)
    targets.signed.version += 1
    edit(targets.signed)
    targets.sign(signers["targets"])
    _write(metadata / f"{targets.signed.version}.targets.json", targets)
    snapshot.signed.version += 1
    snapshot.signed.meta["targets.json"] = MetaFile(version=targets.signed.version)
    snapshot.sign(signers["online"])
    _write(metadata / f"{snapshot.signed.version}.snapshot.json", snapshot)
    _timestamp(release, signers, snapshot_version=snapshot.signed.version)


def _timestamp(
    release: Path,
    signers: dict[str, Any],
    *,
    snapshot_version: int | None = None,
    expires: datetime | None = None,
) -> None:
    timestamp = _load(release / "metadata" / "timestamp.json")
    timestamp.signed.version += 1
    if snapshot_version is not None:
        timestamp.signed.snapshot_meta = MetaFile(version=snapshot_version)
    if expires is not None:
        timestamp.signed.expires = expires
    timestamp.sign(signers["online"])
    _write(release / "metadata" / "timestamp.json", timestamp)


def _bundle_file(release: Path, parcours: str) -> Path:
    (found,) = (release / "targets" / "parcours").glob(f"*.{parcours}.zip")
    return found


# -- positive controls -----------------------------------------------------------------------------


def test_verify_installs_then_is_current(release: Path, tmp_path: Path) -> None:
    import json

    result = _verify(release, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    outcome = json.loads(result.stdout)
    assert (outcome["status"], outcome["parcours"], outcome["version"]) == ("installed", PARCOURS, 1)
    installed = tmp_path / "dest" / PARCOURS
    manifest = json.loads((installed / "bundle.json").read_bytes())
    assert manifest["parcours"] == PARCOURS
    assert outcome["epreuves"] == len(manifest["epreuves"]) > 0
    assert {f"epreuves/{i}.json" for i in manifest["epreuves"]} <= set(manifest["files"])
    for name in manifest["files"]:
        assert (installed / name).is_file()
    # nothing left behind: no staging folder in the destination or the state
    assert sorted(p.name for p in (tmp_path / "dest").iterdir()) == [PARCOURS]
    assert sorted(p.name for p in (tmp_path / "state").iterdir()) == ["installed.json", "metadata"]

    again = _verify(release, tmp_path)
    assert again.returncode == 0
    assert json.loads(again.stdout)["status"] == "current"


def test_several_parcours_verify_in_one_call_and_one_refusal_installs_none(
    release: Path, tmp_path: Path
) -> None:
    import json

    several = ("--parcours", OTHER)
    data = bytearray(_bundle_file(release, OTHER).read_bytes())
    original = bytes(data)
    data[len(data) // 2] ^= 0x01
    _bundle_file(release, OTHER).write_bytes(bytes(data))
    refused = _verify(release, tmp_path, *several)
    assert refused.returncode == 1, refused.stdout + refused.stderr
    outcome = json.loads(refused.stdout)
    assert (outcome["status"], outcome["parcours"]) == ("refused", [PARCOURS, OTHER])
    assert not (tmp_path / "dest").exists() or not any((tmp_path / "dest").iterdir())

    _bundle_file(release, OTHER).write_bytes(original)
    result = _verify(release, tmp_path, *several)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(line["parcours"], line["status"]) for line in lines] == [
        (PARCOURS, "installed"),
        (OTHER, "installed"),
    ]
    assert sorted(p.name for p in (tmp_path / "dest").iterdir()) == sorted([PARCOURS, OTHER])
    text = _run(
        "bundle", "verify", "--repo", str(release), "--root", str(release / "metadata" / "1.root.json"),
        "--state", str(tmp_path / "state"), "--parcours", PARCOURS, "--parcours", OTHER,
        "--dest", str(tmp_path / "dest"),
        cwd=tmp_path,
    )  # fmt: skip
    assert text.returncode == 0, text.stderr
    assert text.stdout.splitlines()[-1].startswith("2 parcours vérifiés en ")
    assert "déjà à jour" in text.stdout


def test_only_validated_epreuves_are_packed(release: Path, tmp_path: Path) -> None:
    import json

    from epreuve_tools.bundle.pack import load_content

    content = load_content(SAMPLE_CONTENT)
    proposed = {i for i, (_, e) in content.epreuves.items() if e.status != "validé"}
    assert proposed, "the sample content has épreuves not yet validated"
    packed: set[str] = set()
    for parcours, _ in content.parcours:
        assert parcours.id is not None
        result = _verify(release, tmp_path, parcours=parcours.id)
        assert result.returncode == 0, result.stdout
        manifest = json.loads((tmp_path / "dest" / parcours.id / "bundle.json").read_bytes())
        packed.update(manifest["epreuves"])
    assert packed
    assert not packed & proposed


def test_newer_release_installs_newer_version(release: Path, tmp_path: Path, signers: dict[str, Any]) -> None:
    import json

    assert _verify(release, tmp_path).returncode == 0

    def bump(targets: Any) -> None:
        targets.targets[f"parcours/{PARCOURS}.zip"].unrecognized_fields["custom"]["version"] = 1

    _republish(release, signers, bump)
    result = _verify(release, tmp_path)
    assert result.returncode == 0, result.stdout
    assert json.loads(result.stdout)["status"] == "current"  # same bytes: nothing to install again


# -- reproducibility --------------------------------------------------------------------------------


def test_release_is_byte_identical_under_other_conditions(released: Path, tmp_path: Path) -> None:
    """Same content, keys and SOURCE_DATE_EPOCH: same bundles and targets metadata, whatever the umask,
    time zone, locale, hash seed, file mtimes or checkout path."""
    other = _make_project(tmp_path / "elsewhere" / "checkout")
    shutil.copytree(released / "build" / "dev-keys", other / "build" / "dev-keys")
    for number, path in enumerate(sorted((other / "content").rglob("*"))):
        os.utime(path, (1_000_000 + number * 7919, 1_000_000 + number * 7919))
    result = _run(
        "release", "--dev", "--out", str(tmp_path / "out"),
        cwd=other,
        env={"TZ": "Pacific/Kiritimati", "PYTHONHASHSEED": "12345", "LC_ALL": "C"},
        umask=0o077,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    first, second = released / "build" / "release", tmp_path / "out"
    bundles = sorted(p.relative_to(first) for p in (first / "targets").rglob("*.zip"))
    assert len(bundles) == 15
    assert bundles == sorted(p.relative_to(second) for p in (second / "targets").rglob("*.zip"))
    for relative in bundles:
        assert (first / relative).read_bytes() == (second / relative).read_bytes()
    for name in ("1.root.json", "1.targets.json"):
        assert (first / "metadata" / name).read_bytes() == (second / "metadata" / name).read_bytes()


def test_release_again_changes_nothing_but_the_timestamp(released: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _run("release", "--dev", "--out", str(out), cwd=released).returncode == 0
    before = _tree(out)
    assert _run("release", "--dev", "--out", str(out), cwd=released).returncode == 0
    after = _tree(out)
    assert set(after) == set(before)
    assert [name for name in after if after[name] != before[name]] == ["metadata/timestamp.json"]


def test_release_refused_when_check_finds_an_error(tmp_path: Path) -> None:
    project = _make_project(tmp_path / "project")
    broken = next((project / "content" / "epreuves").rglob("*.md"))
    broken.write_text(broken.read_text("utf-8").replace("type: ", "type: inconnu-", 1), "utf-8")
    result = _run("release", "--dev", cwd=project)
    assert result.returncode == 1
    assert "publication refusée" in result.stderr
    assert not (project / "build" / "release").exists()


def _release_in_process(
    project: Path, monkeypatch: pytest.MonkeyPatch, after_check: Callable[[], None]
) -> int:
    """`epreuve release --dev` in this process, with `after_check` run between the check and the
    packing (a file edited while the release runs)."""
    from epreuve_tools import checker
    from epreuve_tools.cli import main

    real_run_check = checker.run_check

    def run_check_then_edit(*args: Any, **kwargs: Any) -> Any:
        result = real_run_check(*args, **kwargs)
        after_check()
        return result

    monkeypatch.setattr(checker, "run_check", run_check_then_edit)
    monkeypatch.chdir(project)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setenv("XDG_CACHE_HOME", str(project / ".user-cache"))
    return main(["release", "--dev", "--quiet"])


def _nothing_published(project: Path) -> bool:
    release = project / "build" / "release"
    return not (release / "targets").exists() and not (release / "metadata" / "timestamp.json").exists()


@pytest.mark.parametrize(
    ("shown", "edit"),
    [
        # a validated épreuve of a parcours: its instruction changed after the check read it
        (
            "content/epreuves/1-information/tableur-nom-cellule.md",
            lambda text: text.replace("\n---\n", "\n---\nTexte ajouté après la vérification.\n", 1),
        ),
        # a parcours: one more épreuve listed
        ("content/parcours/tableur.yaml", lambda text: text + "  - tableur-nb-si-ecrire\n"),
        # a cited file of a validated épreuve
        ("content/epreuves/1-information/fichiers/frais-mission.csv", lambda text: text + "9;9;9\n"),
    ],
)
def test_file_changed_between_check_and_packing_is_refused(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    shown: str,
    edit: Callable[[str], str],
) -> None:
    project = _make_project(tmp_path / "project")
    path = project / shown

    def change() -> None:
        path.write_text(edit(path.read_text("utf-8")), "utf-8")

    assert _release_in_process(project, monkeypatch, change) == 1
    stderr = capsys.readouterr().err
    assert f"publication refusée, rien n'est publié : {shown} modifié pendant la publication" in stderr
    assert "relancez epreuve release" in stderr
    assert _nothing_published(project)


def test_file_deleted_between_check_and_packing_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _make_project(tmp_path / "project")
    shown = "content/epreuves/1-information/tableur-nom-cellule.md"
    assert _release_in_process(project, monkeypatch, (project / shown).unlink) == 1
    assert f"{shown} supprimé pendant la publication" in capsys.readouterr().err
    assert _nothing_published(project)


def test_release_in_process_with_nothing_changed_is_the_same_release(
    released: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The positive control of the two tests above: the same path, no edit, the same bundles as the
    command's release (the metadata differs: this project has its own development keys)."""
    project = _make_project(tmp_path / "project")
    assert _release_in_process(project, monkeypatch, lambda: None) == 0
    built = _tree(project / "build" / "release" / "targets")
    assert built
    assert built == _tree(released / "build" / "release" / "targets")


def test_dev_keys_are_private_files(released: Path) -> None:
    for role in ("root", "targets", "online"):
        mode = (released / "build" / "dev-keys" / f"{role}.pem").stat().st_mode
        assert mode & 0o777 == 0o600
    assert (released / "build" / "dev-keys").stat().st_mode & 0o777 == 0o700


def test_dev_key_readable_by_others_is_refused(tmp_path: Path) -> None:
    from epreuve_tools.errors import UsageError

    dev_signers(tmp_path / "keys")
    (tmp_path / "keys" / "targets.pem").chmod(0o644)
    with pytest.raises(UsageError, match="lisible par d'autres"):
        dev_signers(tmp_path / "keys")


# -- refusals (SIGNING.md §5) ------------------------------------------------------------------------


def test_flipped_byte_in_a_bundle_is_refused(release: Path, tmp_path: Path) -> None:
    bundle = _bundle_file(release, PARCOURS)
    data = bytearray(bundle.read_bytes())
    data[len(data) // 2] ^= 0x01
    bundle.write_bytes(bytes(data))
    _refused(release, tmp_path, "BUNDLE-005")


def test_bundle_swapped_with_another_parcours_file_is_refused(release: Path, tmp_path: Path) -> None:
    _bundle_file(release, PARCOURS).write_bytes(_bundle_file(release, OTHER).read_bytes())
    _refused(release, tmp_path, "BUNDLE-005")


def test_bundle_of_another_parcours_signed_with_a_stolen_key_is_refused(
    release: Path, tmp_path: Path, signers: dict[str, Any]
) -> None:
    other = _bundle_file(release, OTHER)
    digest = other.name.split(".", 1)[0]
    shutil.copyfile(other, other.with_name(f"{digest}.{PARCOURS}.zip"))

    def swap(targets: Any) -> None:
        path = f"parcours/{PARCOURS}.zip"
        custom = targets.targets[path].unrecognized_fields
        targets.targets[path] = TargetFile(other.stat().st_size, {"sha256": digest}, path, custom)

    _republish(release, signers, swap)
    _refused(release, tmp_path, "BUNDLE-019")


def test_expired_timestamp_is_refused(release: Path, tmp_path: Path, signers: dict[str, Any]) -> None:
    _timestamp(release, signers, expires=datetime.now(UTC).replace(microsecond=0) - timedelta(days=1))
    _refused(release, tmp_path, "BUNDLE-003")


def test_rollback_to_an_older_snapshot_is_refused(
    release: Path, tmp_path: Path, signers: dict[str, Any]
) -> None:
    assert _verify(release, tmp_path).returncode == 0
    _republish(release, signers)  # snapshot 2, which the runtime then trusts
    assert _verify(release, tmp_path).returncode == 0
    _timestamp(release, signers, snapshot_version=1)  # a fresh timestamp pointing back at snapshot 1
    _refused(release, tmp_path, "BUNDLE-004")


def test_rollback_to_an_older_timestamp_is_refused(
    release: Path, tmp_path: Path, signers: dict[str, Any]
) -> None:
    old = (release / "metadata" / "timestamp.json").read_bytes()
    _republish(release, signers)
    assert _verify(release, tmp_path).returncode == 0
    (release / "metadata" / "timestamp.json").write_bytes(old)
    _refused(release, tmp_path, "BUNDLE-004")


def test_unknown_parcours_is_refused(release: Path, tmp_path: Path) -> None:
    state = _verify(release, tmp_path, parcours="inconnu")
    assert state.returncode == 1
    assert '"code": "BUNDLE-006"' in state.stdout
    assert not (tmp_path / "dest" / "inconnu").exists()


def test_version_does_not_import_tuf() -> None:
    code = (
        "import sys\nfrom epreuve_tools.cli import main\ntry:\n    main(['--version'])\n"
        "except SystemExit:\n    pass\nprint(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('tuf', 'securesystemslib', 'cryptography', 'rfc8785')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip().endswith("[]")


def test_a_development_release_of_old_content_still_verifies(tmp_path: Path) -> None:
    # README's quickstart dates root and targets from the sample content's last commit: a dev
    # release must not expire six months after that commit
    project = _make_project(tmp_path / "old")
    two_years_ago = str(int(EPOCH) - 2 * 365 * 86400)
    assert _run("release", "--dev", cwd=project, env={"SOURCE_DATE_EPOCH": two_years_ago}).returncode == 0
    result = _verify(project / "build" / "release", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


# -- the Node.js runtime example (examples/node-runtime: tuf-js, then the bundle rules) ------------------

NODE_EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "node-runtime"


@pytest.fixture
def served(release: Path) -> Any:
    """The release over HTTP on the loopback, as a runtime downloads it (tuf-js fetches http(s) URLs)."""
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(release))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _node_verify(
    release: Path, url: str, tmp_path: Path, parcours: str = PARCOURS
) -> subprocess.CompletedProcess[str]:
    if shutil.which("node") is None or not (NODE_EXAMPLE / "node_modules" / "tuf-js").is_dir():
        pytest.skip(
            "tuf-js is not installed: npm ci --prefix examples/node-runtime (the nox tests session does it)"
        )
    return subprocess.run(
        ["node", str(NODE_EXAMPLE / "verify.mjs"), "--repo", url, "--root", str(release / "metadata" / "1.root.json"),
         "--state", str(tmp_path / "node-state"), "--parcours", parcours, "--dest", str(tmp_path / "node-dest")],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_tuf_js_installs_a_parcours_then_finds_it_current(release: Path, served: str, tmp_path: Path) -> None:
    first = _node_verify(release, served, tmp_path)
    assert first.returncode == 0, first.stderr
    assert '"status":"installed"' in first.stdout
    assert (tmp_path / "node-dest" / PARCOURS / "bundle.json").is_file()
    again = _node_verify(release, served, tmp_path)
    assert again.returncode == 0, again.stderr
    assert '"status":"current"' in again.stdout


def test_tuf_js_refuses_a_flipped_byte(release: Path, served: str, tmp_path: Path) -> None:
    bundle = _bundle_file(release, PARCOURS)
    data = bytearray(bundle.read_bytes())
    data[len(data) // 2] ^= 0x01
    bundle.write_bytes(bytes(data))
    result = _node_verify(release, served, tmp_path)
    assert result.returncode == 1
    assert "refusé par tuf-js" in result.stderr
    assert not (tmp_path / "node-dest" / PARCOURS).exists()


def test_tuf_js_example_refuses_another_parcours_signed_with_a_stolen_key(
    release: Path, served: str, tmp_path: Path, signers: dict[str, Any]
) -> None:
    other = _bundle_file(release, OTHER)
    digest = other.name.split(".", 1)[0]
    shutil.copyfile(other, other.with_name(f"{digest}.{PARCOURS}.zip"))

    def swap(targets: Any) -> None:
        path = f"parcours/{PARCOURS}.zip"
        custom = targets.targets[path].unrecognized_fields
        targets.targets[path] = TargetFile(other.stat().st_size, {"sha256": digest}, path, custom)

    _republish(release, signers, swap)
    result = _node_verify(release, served, tmp_path)
    assert result.returncode == 1
    assert "paquet refusé" in result.stderr
    assert not (tmp_path / "node-dest" / PARCOURS).exists()
    assert not (tmp_path / "node-state" / "installed.json").exists()


def test_tuf_js_refuses_an_expired_timestamp(
    release: Path, served: str, tmp_path: Path, signers: dict[str, Any]
) -> None:
    _timestamp(release, signers, expires=datetime.now(UTC).replace(microsecond=0) - timedelta(days=1))
    result = _node_verify(release, served, tmp_path)
    assert result.returncode == 1
    assert "Expired" in result.stderr


def test_verify_reads_a_release_served_over_http(release: Path, served: str, tmp_path: Path) -> None:
    result = _run(
        "bundle", "verify", "--repo", served, "--root", str(release / "metadata" / "1.root.json"),
        "--state", str(tmp_path / "state"), "--parcours", PARCOURS, "--dest", str(tmp_path / "dest"),
        "--format", "json", cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert '"status": "installed"' in result.stdout
    bundle = _bundle_file(release, OTHER)
    data = bytearray(bundle.read_bytes())
    data[len(data) // 2] ^= 0x01
    bundle.write_bytes(bytes(data))
    refused = _run(
        "bundle", "verify", "--repo", served, "--root", str(release / "metadata" / "1.root.json"),
        "--state", str(tmp_path / "state"), "--parcours", OTHER, "--format", "json", cwd=tmp_path,
    )  # fmt: skip
    assert refused.returncode == 1
    assert '"code": "BUNDLE-005"' in refused.stdout
