"""Property tests of the bundle archive reader (`bundle/archive.py::read_archive`), SIGNING.md §2.

Whatever bytes it is given (random, a valid archive mutated, names of any kind), the reader either
returns entries that satisfy every archive rule or raises BundleError: never another exception, and
quickly. "Satisfy every rule" is checked against an independent reader, CPython's `zipfile`: the same
names in the same order, the same bytes (CRC-checked by zipfile), every entry stored, a regular
non-executable file, no comment; and on the rules themselves: whitelisted names, none twice, none
both a file and a folder, within the limits. Writing then reading random valid entry sets gives the
entries back, byte for byte.
"""

from __future__ import annotations

import io
import stat
import struct
import time
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from epreuve_tools.bundle.archive import LIMITS, MAX_NAME_BYTES, NAME, read_archive, write_archive
from epreuve_tools.bundle.errors import BundleError

SETTINGS = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
SECONDS = 2.0  # per call, for inputs of a few kilobytes: generous on a loaded machine, yet far from a hang

_SEGMENT = st.from_regex(r"[a-z0-9][a-z0-9._-]{0,12}", fullmatch=True)
_NAMES = st.lists(_SEGMENT, min_size=1, max_size=3).map("/".join)


def _consistent(names: list[str]) -> bool:
    """No name is also the folder of another (the writer refuses that, with BUNDLE-013)."""
    present = set(names)
    return not any(
        "/".join(n.split("/")[:depth]) in present for n in names for depth in range(1, n.count("/") + 1)
    )


ENTRY_SETS = st.dictionaries(_NAMES, st.binary(max_size=200), min_size=1, max_size=8).filter(
    lambda entries: _consistent(list(entries))
)


def _read(data: bytes) -> dict[str, bytes] | None:
    """read_archive's verdict, within the time bound: the entries, or None for a BundleError."""
    start = time.perf_counter()
    try:
        entries = read_archive(data)
    except BundleError:
        entries = None
    assert time.perf_counter() - start < SECONDS
    return entries


def _assert_follows_the_rules(data: bytes, entries: dict[str, bytes]) -> None:
    names = list(entries)
    for name in names:
        assert NAME.fullmatch(name), name
        assert len(name.encode()) <= MAX_NAME_BYTES
    assert _consistent(names)
    assert len(names) <= LIMITS.max_entries
    assert all(len(value) <= LIMITS.max_entry_bytes for value in entries.values())
    assert sum(map(len, entries.values())) <= LIMITS.max_total_bytes
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
        assert [info.filename for info in infos] == names  # no duplicate, no other entry
        assert archive.comment == b""
        for info in infos:
            assert info.compress_type == zipfile.ZIP_STORED
            mode = info.external_attr >> 16
            assert stat.S_ISREG(mode)
            assert not stat.S_IMODE(mode) & 0o7133
            assert archive.read(info) == entries[info.filename]  # zipfile checks the CRC too


def _check(data: bytes) -> None:
    entries = _read(data)
    if entries is not None:
        _assert_follows_the_rules(data, entries)


# -- random and mutated input ---------------------------------------------------------------------------


@SETTINGS
@given(st.binary(max_size=4096))
def test_random_bytes(data: bytes) -> None:
    _check(data)


@SETTINGS
@given(st.binary(max_size=2048))
def test_random_bytes_behind_a_valid_end_record(data: bytes) -> None:
    """Random bytes the reader cannot dismiss at once: an end record that points into them."""
    size = len(data) // 2
    _check(data + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(data) - size, size, 0))


def _central_records(data: bytes) -> list[tuple[int, int]]:
    """(offset, length) of each central directory record of a well-formed archive."""
    _, _, _, _, total, _, position, _ = struct.unpack_from("<IHHHHIIH", data, len(data) - 22)
    records = []
    for _ in range(total):
        name, extra, comment = struct.unpack_from("<HHH", data, position + 28)
        length = 46 + name + extra + comment
        records.append((position, length))
        position += length
    return records


KINDS = st.sampled_from(["flip", "insert", "delete", "truncate", "set", "header"])


def _mutate(data: bytes, kind: str, draw: st.DataObject) -> bytes:
    """One mutation at a position drawn uniformly; `header`: one byte of a header (local, central or end
    record), where the fields the rules read are."""
    if kind == "header":
        spans = [(0, 30), *((offset, 46) for offset, _ in _central_records(data)), (len(data) - 22, 22)]
        start, length = draw.draw(st.sampled_from(spans))
        where = start + draw.draw(st.integers(0, length - 1))
        return data[:where] + bytes([draw.draw(st.integers(0, 255))]) + data[where + 1 :]
    if not data:
        return data
    where = draw.draw(st.integers(0, len(data) - 1))
    if kind == "flip":
        return data[:where] + bytes([data[where] ^ (1 << draw.draw(st.integers(0, 7)))]) + data[where + 1 :]
    if kind == "insert":
        return data[:where] + draw.draw(st.binary(min_size=1, max_size=8)) + data[where:]
    if kind == "delete":
        return data[:where] + data[where + draw.draw(st.integers(1, 8)) :]
    if kind == "truncate":
        return data[:where]
    return data[:where] + bytes([draw.draw(st.integers(0, 255))]) + data[where + 1 :]


@SETTINGS
@given(ENTRY_SETS, st.lists(KINDS, min_size=1, max_size=3), st.data())
def test_mutated_valid_archives(entries: dict[str, bytes], kinds: list[str], draw: st.DataObject) -> None:
    data = write_archive(entries)
    for kind in kinds:
        if kind == "header" and data != write_archive(entries):
            continue  # header positions are those of the unmutated archive
        data = _mutate(data, kind, draw)
    _check(data)


@SETTINGS
@given(ENTRY_SETS, st.data())
def test_duplicated_central_entry(entries: dict[str, bytes], draw: st.DataObject) -> None:
    """One central record repeated (counts and size of the end record updated): a second name for
    the same bytes, or the same name twice. Never accepted."""
    data = write_archive(entries)
    records = _central_records(data)
    offset, length = draw.draw(st.sampled_from(records))
    record = data[offset : offset + length]
    signature, disk, cd_disk, on_disk, total, cd_size, cd_offset, _ = struct.unpack_from(
        "<IHHHHIIH", data, len(data) - 22
    )
    end = struct.pack(
        "<IHHHHIIH", signature, disk, cd_disk, on_disk + 1, total + 1, cd_size + length, cd_offset, 0
    )
    hostile = data[: offset + length] + record + data[offset + length : -22] + end
    assert _read(hostile) is None


@SETTINGS
@given(st.lists(st.tuples(st.text(max_size=30), st.binary(max_size=64)), min_size=1, max_size=5))
def test_any_names_written_by_zipfile(members: list[tuple[str, bytes]]) -> None:
    """Names of any kind (case, Unicode, `..`, `/`, `\\`, control characters, duplicates)."""
    import warnings

    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names
        with zipfile.ZipFile(buffer, "w") as archive:
            for name, data in members:
                info = zipfile.ZipInfo(name or "x", date_time=(1980, 1, 1, 0, 0, 0))
                info.create_system = 3
                info.external_attr = 0o100644 << 16
                archive.writestr(info, data)
    _check(buffer.getvalue())
    accepted = _read(buffer.getvalue())
    if accepted is not None:
        assert len(accepted) == len(members)


# -- the writer and the reader agree ---------------------------------------------------------------------


@SETTINGS
@given(ENTRY_SETS)
def test_write_then_read_gives_the_entries_back(entries: dict[str, bytes]) -> None:
    data = write_archive(entries)
    read = _read(data)
    assert read == entries
    assert read is not None
    assert list(read) == sorted(entries, key=str.encode)
    _assert_follows_the_rules(data, read)
    assert write_archive(read) == data


@SETTINGS
@given(st.dictionaries(_NAMES, st.binary(max_size=16), min_size=2, max_size=6))
def test_writer_refuses_a_name_that_is_also_a_folder(entries: dict[str, bytes]) -> None:
    if _consistent(list(entries)):
        assert _read(write_archive(entries)) == entries
    else:
        with pytest.raises(BundleError) as refused:
            write_archive(entries)
        assert refused.value.code == "BUNDLE-013"


@pytest.mark.parametrize(
    ("where", "value"), [("central", 63), ("central", 249), ("local", 45), ("made_by", 0)]
)
def test_a_later_zip_version_is_refused(where: str, value: int) -> None:
    """Found by the mutation test: the reader ignored "version needed to extract", which other readers
    act on (zipfile refuses 24.9, 4.5 announces ZIP64 fields). Only the writer's 2.0 on Unix is read."""
    data = bytearray(write_archive({"a.json": b"{}", "b.json": b"[]"}))
    central = _central_records(bytes(data))[0][0]
    offset = {"central": central + 6, "local": 4, "made_by": central + 5}[where]
    data[offset] = value
    with pytest.raises(BundleError) as refused:
        read_archive(bytes(data))
    assert refused.value.code == "BUNDLE-016"


# -- the canonical JSON of a bundle's files ---------------------------------------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text() | st.floats(allow_nan=False, allow_infinity=False),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=20,
)


@SETTINGS
@given(JSON)
def test_fast_canonical_json_is_rfc8785(document: object) -> None:
    """pack.canonical takes the standard library's path where it writes the same bytes as rfc8785."""
    import rfc8785

    from epreuve_tools.bundle.pack import canonical

    try:
        expected = rfc8785.dumps(document)
    except Exception as error:  # whatever rfc8785 refuses, the fast path refuses too
        with pytest.raises(type(error)):
            canonical(document)
    else:
        assert canonical(document) == expected


def test_reading_the_most_entries_allowed_takes_linear_time() -> None:
    """20,000 entries (the bound): the reader summed every size seen at each entry, 2.7 s here; a
    running total reads them in about 50 ms. The bound leaves room for a loaded machine."""
    data = write_archive({f"a/{number:05d}.json": b"x" for number in range(LIMITS.max_entries)})
    start = time.perf_counter()
    assert len(read_archive(data)) == LIMITS.max_entries
    assert time.perf_counter() - start < 1.5


def _zipfile_archive(entries: dict[str, bytes]) -> bytes:
    """The archive as `zipfile.writestr` writes it with SIGNING.md §6's fixed fields: the reference
    the packed headers of `write_archive` must equal byte for byte."""
    from epreuve_tools.bundle.archive import DATE_TIME, REGULAR_FILE_MODE, UNIX, ZIP_VERSION

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for name in sorted(entries, key=lambda name: name.encode("utf-8")):
            info = zipfile.ZipInfo(name, date_time=DATE_TIME)
            info.create_system = UNIX
            info.create_version = info.extract_version = ZIP_VERSION
            info.external_attr = REGULAR_FILE_MODE << 16
            info.compress_type = zipfile.ZIP_STORED
            archive.writestr(info, entries[name])
    return buffer.getvalue()


@SETTINGS
@given(ENTRY_SETS)
def test_the_writer_gives_zipfiles_bytes(entries: dict[str, bytes]) -> None:
    assert write_archive(entries) == _zipfile_archive(entries)


def test_the_writer_gives_zipfiles_bytes_for_the_sample_bundles() -> None:
    from epreuve_tools.bundle.pack import load_content, pack_parcours

    from .conftest import SAMPLE_CONTENT

    content = load_content(SAMPLE_CONTENT)
    for parcours, raw in content.parcours[:4]:
        data = pack_parcours(content, parcours, raw, 1).data
        assert data == _zipfile_archive(read_archive(data))
