"""Backups sealed with a key the operator keeps (`ouvrage backup --key-file`): AES-256-GCM from the
`cryptography` library, in the STREAM construction (Hoang, Reyhanitabar, Rogaway, Vizár 2015), so
that an archive of any size is sealed and opened in bounded memory, and a chunk changed, moved,
dropped or cut at the end is refused. Plain Python: no Django.

File: MAGIC, a random 7-byte nonce prefix, then chunks of at most CHUNK bytes, each sealed with the
nonce prefix + its 4-byte index + a byte saying whether it is the last one, each preceded by its
sealed length (4 bytes)."""

from __future__ import annotations

import base64
import os
import secrets
import struct
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"OUVRAGE-SCELLE-1\n"
CHUNK = 1024 * 1024
_PREFIX = 7


class SealError(ValueError):
    """A key or a sealed file that cannot be used, said in French."""


def new_key(path: Path) -> None:
    """Write a new random key to `path`, readable by its owner only."""
    if path.exists():
        raise SealError(
            f"{path} existe déjà : une clé n'est jamais écrasée (les sauvegardes faites avec seraient perdues)."
        )
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode() + "\n")


def read_key(path: Path) -> bytes:
    try:
        key = base64.urlsafe_b64decode(path.read_text(encoding="ascii").strip())
    except (OSError, ValueError) as exc:
        raise SealError(f"clé illisible dans {path} ({exc})") from exc
    if len(key) != 32:
        raise SealError(f"{path} ne contient pas une clé de sauvegarde d'Ouvrage (32 octets attendus).")
    return key


def is_sealed(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(len(MAGIC)) == MAGIC


def _nonce(prefix: bytes, index: int, last: bool) -> bytes:
    return prefix + struct.pack(">I", index) + (b"\x01" if last else b"\x00")


def seal(source: BinaryIO, target: BinaryIO, key: bytes) -> None:
    aead = AESGCM(key)
    prefix = secrets.token_bytes(_PREFIX)
    target.write(MAGIC + prefix)
    index = 0
    chunk = source.read(CHUNK)
    while True:
        following = source.read(CHUNK)
        last = not following
        sealed = aead.encrypt(_nonce(prefix, index, last), chunk, MAGIC)
        target.write(struct.pack(">I", len(sealed)) + sealed)
        if last:
            return
        chunk, index = following, index + 1


def unseal(source: BinaryIO, target: BinaryIO, key: bytes) -> None:
    aead = AESGCM(key)
    if source.read(len(MAGIC)) != MAGIC:
        raise SealError("ce fichier n'est pas une sauvegarde scellée d'Ouvrage.")
    prefix = source.read(_PREFIX)
    index = 0
    while True:
        header = source.read(4)
        if len(header) != 4:
            raise SealError("sauvegarde scellée tronquée : la fin manque.")
        (length,) = struct.unpack(">I", header)
        if length > CHUNK + 16:
            raise SealError("sauvegarde scellée abîmée (morceau de taille impossible).")
        sealed = source.read(length)
        if len(sealed) != length:
            raise SealError("sauvegarde scellée tronquée ou abîmée.")
        last = _at_end(source)
        try:
            target.write(aead.decrypt(_nonce(prefix, index, last), sealed, MAGIC))
        except InvalidTag as exc:
            raise SealError(
                "la clé ne correspond pas à cette sauvegarde, ou la sauvegarde a été modifiée."
            ) from exc
        if last:
            return
        index += 1


def _at_end(source: BinaryIO) -> bool:
    here = source.tell()
    at_end = source.read(1) == b""
    source.seek(here)
    return at_end
