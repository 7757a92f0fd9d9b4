"""Office files (XLSX, DOCX, ODT…) are zip archives of XML parts. Before any library reads one, every
part is decompressed here as a stream and checked: how many parts, how many bytes they really hold
(not the sizes the archive claims: a part that lies fails its checksum), and no document type
declaration in any XML part (entities nested by the thousand bring an XML parser down). Plain Python:
no Django."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

MB = 1024 * 1024
CHUNK = 64 * 1024
# An XML part declaring a document type or entities, in the encodings XML allows.
_MARKERS = tuple(
    marker.encode(encoding)
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be")
)
_LONGEST = max(len(m) for m in _MARKERS)
_XML_ENDINGS = (".xml", ".rels", ".vml", ".xhtml", ".svg")


@dataclass(frozen=True)
class Limits:
    parts: int
    total_bytes: int

    def said(self) -> str:
        return f"{self.total_bytes // MB} Mo"


# A file sent through a page: a grid, a piece of evidence.
UPLOAD = Limits(parts=1_000, total_bytes=50 * MB)
# A file the operator imports from the command line (the HAS workbook, national open data).
OPERATOR = Limits(parts=5_000, total_bytes=2_048 * MB)


class ArchiveRefused(ValueError):
    """The French sentence saying why the file is refused."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def check_archive(source: bytes | str | Path | IO[bytes], limits: Limits = UPLOAD) -> None:
    """Raise ArchiveRefused if `source`, a zip archive, goes beyond `limits` or one of its XML parts
    declares a document type. Reads every part once, in chunks: memory stays bounded whatever it
    holds. Something that is not a zip archive at all is left to the reader's own message."""
    import io

    opened = io.BytesIO(source) if isinstance(source, bytes) else source
    if not zipfile.is_zipfile(opened):
        return  # not an archive at all: the library reading it says so in its own words
    declared = _declared_parts(opened)
    if declared > limits.parts:
        raise ArchiveRefused(
            f"l'archive annonce {declared} parties : {limits.parts} au plus pour un document"
        )
    try:
        with zipfile.ZipFile(opened) as archive:
            parts = archive.infolist()
            if len(parts) > limits.parts:
                raise ArchiveRefused(
                    f"l'archive contient {len(parts)} parties : {limits.parts} au plus pour un document"
                )
            total = 0
            for part in parts:
                total = _read_part(archive, part, total, limits)
    except ArchiveRefused:
        raise
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        EOFError,
        OSError,
        ValueError,
        NotImplementedError,
    ) as exc:
        raise ArchiveRefused(
            f"le fichier est endommagé ou n'est pas un document bureautique ({exc})"
        ) from exc


def _read_part(archive: zipfile.ZipFile, part: zipfile.ZipInfo, total: int, limits: Limits) -> int:
    is_xml = part.filename.lower().endswith(_XML_ENDINGS)
    tail = b""
    with archive.open(part) as stream:
        while chunk := stream.read(CHUNK):
            total += len(chunk)
            if total > limits.total_bytes:
                raise ArchiveRefused(
                    f"le fichier se décompresse en plus de {limits.said()} : refusé (une archive piégée ?)"
                )
            if is_xml:
                window = tail + chunk
                if any(marker in window for marker in _MARKERS):
                    raise ArchiveRefused(
                        f"la partie « {part.filename[:80]} » déclare un type de document (DOCTYPE) ou des "
                        "entités XML : refusé, un classeur ou un document ordinaire n'en a pas"
                    )
                tail = window[-_LONGEST:]
    # The part said it held `file_size` bytes; the library stopped there and checked the checksum.
    return total


_END = b"PK\x05\x06"  # end of central directory record


def _declared_parts(source: str | Path | IO[bytes]) -> int:
    """How many parts the archive's last record announces, read before the library builds one object
    per part (a hundred thousand empty parts would cost hundreds of megabytes). ZIP64 archives, which
    office documents never need, count as too many."""
    if isinstance(source, str | Path):
        with open(source, "rb") as handle:
            return _declared_parts(handle)
    source.seek(0, 2)
    size = source.tell()
    start = max(0, size - (65_535 + 22))
    source.seek(start)
    tail = source.read()
    source.seek(0)
    at = tail.rfind(_END)
    if at < 0 or at + 22 > len(tail):
        return 0  # the library will say the archive is broken
    total = int.from_bytes(tail[at + 10 : at + 12], "little")
    return 10**9 if total == 0xFFFF else total
