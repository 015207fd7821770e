"""The archive rules (bundle/archive.py) and the Pix-shaped records (bundle/records.py).

Hostile archives are crafted with `zipfile` (and by patching bytes where zipfile would not write them):
each is refused with its own code before any entry is used.
"""

from __future__ import annotations

import io
import stat
import struct
import zipfile

import pytest

from epreuve_tools.bundle.archive import read_archive, write_archive
from epreuve_tools.bundle.errors import BundleError

from .conftest import SAMPLE_CONTENT

ENTRIES = {"bundle.json": b"{}", "epreuves/a.json": b'{"id":"a"}', "assets/0123.png": b"\x89PNG"}


def _zip(*entries: tuple[str, bytes], mode: int = 0o100644, compress: int = zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.create_system = 3
            info.external_attr = mode << 16
            info.compress_type = compress
            archive.writestr(info, data)
    return buffer.getvalue()


def _code(data: bytes) -> str:
    with pytest.raises(BundleError) as caught:
        read_archive(data)
    return caught.value.code


def test_written_archive_reads_back_sorted_and_identical() -> None:
    data = write_archive(ENTRIES)
    assert write_archive(dict(reversed(ENTRIES.items()))) == data
    entries = read_archive(data)
    assert entries == ENTRIES
    assert list(entries) == sorted(ENTRIES, key=str.encode)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            assert info.date_time == (1980, 1, 1, 0, 0, 0)
            assert info.compress_type == zipfile.ZIP_STORED
            assert info.external_attr >> 16 == stat.S_IFREG | 0o644


@pytest.mark.parametrize(
    "name",
    [
        "../evil.json",
        "/etc/passwd",
        "a/../../b",
        "A.json",
        "a\\b",
        "é.json",
        ".hidden",
        "a//b",
        "a/b/c/d",
        "c:x",
    ],
)
def test_forbidden_names_are_refused_when_writing_and_reading(name: str) -> None:
    with pytest.raises(BundleError) as caught:
        write_archive({name: b"x"})
    assert caught.value.code == "BUNDLE-011"
    assert _code(_zip((name, b"x"))) == "BUNDLE-011"


def test_symlink_entry_is_refused() -> None:
    assert _code(_zip(("link", b"/etc/passwd"), mode=0o120777)) == "BUNDLE-012"


def test_executable_entry_is_refused() -> None:
    assert _code(_zip(("run.sh", b"#!/bin/sh"), mode=0o100755)) == "BUNDLE-012"


def test_deflated_entry_is_refused() -> None:
    assert _code(_zip(("a.json", b"x" * 1000), compress=zipfile.ZIP_DEFLATED)) == "BUNDLE-014"


def test_duplicate_names_are_refused() -> None:
    with pytest.warns(UserWarning, match="Duplicate name"):
        data = _zip(("a.json", b"1"), ("a.json", b"2"))
    assert _code(data) == "BUNDLE-013"


def test_name_both_file_and_folder_is_refused() -> None:
    assert _code(_zip(("a", b"1"), ("a/b.json", b"2"))) == "BUNDLE-013"


def test_archive_comment_and_trailing_data_are_refused() -> None:
    data = write_archive(ENTRIES)
    assert _code(data + b"junk") == "BUNDLE-010"
    commented = data[:-2] + struct.pack("<H", 4) + b"note"
    assert _code(commented) == "BUNDLE-010"
    assert _code(b"PK\x05\x06") == "BUNDLE-010"


def test_local_header_disagreeing_with_central_is_refused() -> None:
    data = bytearray(write_archive({"a.json": b"1234"}))
    data[30:36] = b"b.json"  # the local header's name; the central directory still says a.json
    assert _code(bytes(data)) == "BUNDLE-016"


def test_prepended_data_is_refused() -> None:
    # every offset then points 4 bytes too early: entries would overlap what another reader sees
    assert _code(b"JUNK" + write_archive(ENTRIES)) in {"BUNDLE-010", "BUNDLE-016"}


def test_flipped_content_byte_fails_its_crc() -> None:
    data = bytearray(write_archive({"a.json": b"1234"}))
    data[30 + len("a.json")] ^= 1
    assert _code(bytes(data)) == "BUNDLE-016"


def test_entry_larger_than_the_limit_is_refused() -> None:
    from epreuve_tools.bundle.archive import Limits

    with pytest.raises(BundleError) as caught:
        read_archive(write_archive({"a.json": b"x" * 100}), Limits(max_entry_bytes=10))
    assert caught.value.code == "BUNDLE-015"


def test_records_judge_every_example_as_the_epreuve_key() -> None:
    """The `solution` strings a bundle carries, read back as Pix reads them, judge every example of the
    sample content exactly as the épreuve's own key: what Pix's engine receives is what we checked."""
    from epreuve_tools.answers import judge
    from epreuve_tools.answers.from_model import examples
    from epreuve_tools.bundle.pack import load_content
    from epreuve_tools.bundle.records import build_record, key_from_record

    content = load_content(SAMPLE_CONTENT)
    judged = 0
    for _, epreuve in content.epreuves.values():
        key = epreuve.decoded_answer.key
        assert key is not None
        record = build_record(epreuve, _any_assets(epreuve))
        from_record = key_from_record(record)
        for example in examples(epreuve):
            assert example.response is not None
            expected = judge(key, example.response).status
            assert judge(from_record, example.response).status == expected, (epreuve.id, example.response)
            judged += 1
    assert judged > 300


def _any_assets(epreuve: object) -> dict[str, str]:
    return {reference.src: "assets/x.png" for reference in epreuve.references}  # type: ignore[attr-defined]


def test_a_bundle_at_another_version_is_the_bundle_packed_at_that_version() -> None:
    # a changed parcours is packed once, then given the next version: only bundle.json may differ
    import dataclasses

    from epreuve_tools.bundle.pack import load_content, pack_parcours, with_version

    content = load_content(SAMPLE_CONTENT)
    parcours, raw = content.parcours[0]
    first, second = pack_parcours(content, parcours, raw, 1), pack_parcours(content, parcours, raw, 2)
    assert first.data != second.data
    assert with_version(first, 2).data == second.data
    assert with_version(first, 2).records == second.records
    bytes_only = dataclasses.replace(first, records={}, entries={})  # read back from its zip
    assert with_version(bytes_only, 2).data == second.data
