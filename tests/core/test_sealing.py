"""Sealed backups: what is sealed opens with its key only, whole, and anything changed, moved, dropped
or cut is refused (plain module, no database)."""

from __future__ import annotations

import io
import stat

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ouvrage.core import sealing
from ouvrage.core.sealing import SealError, new_key, read_key, seal, unseal

KEY = bytes(range(32))
OTHER = bytes(range(1, 33))


def _sealed(data: bytes, key: bytes = KEY) -> bytes:
    out = io.BytesIO()
    seal(io.BytesIO(data), out, key)
    return out.getvalue()


def _opened(blob: bytes, key: bytes = KEY) -> bytes:
    out = io.BytesIO()
    unseal(io.BytesIO(blob), out, key)
    return out.getvalue()


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch):
    monkeypatch.setattr(sealing, "CHUNK", 64)  # many chunks from small data


@settings(max_examples=60)
@given(st.binary(max_size=600))
def test_what_is_sealed_opens_whole_with_its_key(data):
    blob = _sealed(data)
    body = blob[len(sealing.MAGIC) :]
    assert len(data) < 16 or data not in body  # what is sealed cannot be read in it
    assert _opened(blob) == data
    with pytest.raises(SealError, match="clé ne correspond pas"):
        _opened(blob, OTHER)


@settings(max_examples=60)
@given(st.binary(min_size=1, max_size=600), st.data())
def test_a_changed_or_cut_file_is_refused(data, draw):
    blob = bytearray(_sealed(data))
    start = len(sealing.MAGIC) + 7
    if draw.draw(st.booleans()):
        at = draw.draw(st.integers(min_value=start, max_value=len(blob) - 1))
        blob[at] ^= 0x01  # one bit changed anywhere after the header
    else:
        blob = blob[: draw.draw(st.integers(min_value=start, max_value=len(blob) - 1))]  # cut short
    with pytest.raises(SealError):
        _opened(bytes(blob))


def test_chunks_cannot_be_dropped_or_moved():
    data = bytes(range(256)) * 2  # 8 chunks of 64
    blob = _sealed(data)
    head = len(sealing.MAGIC) + 7
    size = 4 + 64 + 16
    chunks = [blob[head + i * size : head + (i + 1) * size] for i in range(8)]
    dropped = blob[:head] + b"".join(chunks[:3] + chunks[4:])
    swapped = blob[:head] + b"".join([chunks[1], chunks[0], *chunks[2:]])
    for tampered in (dropped, swapped):
        with pytest.raises(SealError):
            _opened(tampered)


def test_a_key_file_is_private_and_never_overwritten(tmp_path):
    path = tmp_path / "cle"
    new_key(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and len(read_key(path)) == 32
    with pytest.raises(SealError, match="existe déjà"):
        new_key(path)
    (tmp_path / "faux").write_text("pas une clé")
    with pytest.raises(SealError):
        read_key(tmp_path / "faux")
