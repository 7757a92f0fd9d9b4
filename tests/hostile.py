"""A corpus of hostile office files, built by code: each is small on disk and would hurt a server that
reads it naively. Used against every import and upload (tests/core/test_hostile_files.py)."""

from __future__ import annotations

import io
import struct
import zipfile

from openpyxl import Workbook

MB = 1024 * 1024
_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">' for n in range(1, 10)
    )
    + "]>\n"
)


def plain_workbook() -> bytes:
    workbook = Workbook()
    workbook.active["A1"] = "ordinaire"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _rewritten(data: bytes, change: dict[str, bytes]) -> bytes:
    """The same archive with some parts replaced."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, change.get(info.filename, source.read(info.filename)))
    return out.getvalue()


def billion_laughs(part: str = "xl/worksheets/sheet1.xml") -> bytes:
    """A workbook whose part declares entities nested ten deep (10⁹ « lol » once expanded)."""
    data = plain_workbook()
    original = zipfile.ZipFile(io.BytesIO(data)).read(part).decode()
    body = original.split("?>", 1)[1] if original.startswith("<?xml") else original
    root_end = body.index(">") + 1
    poisoned = _LAUGHS + body[:root_end] + "<!-- &lol9; -->" + body[root_end:]
    return _rewritten(data, {part: poisoned.encode()})


def utf16_doctype() -> bytes:
    """The same declaration, in UTF-16 (an XML parser reads it; a naive byte search would not)."""
    data = plain_workbook()
    part = "xl/workbook.xml"
    original = zipfile.ZipFile(io.BytesIO(data)).read(part).decode()
    body = original.split("?>", 1)[1] if original.startswith("<?xml") else original
    text = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]>' + body
    return _rewritten(data, {part: b"\xff\xfe" + text.encode("utf-16-le")})


def huge_part(size: int = 120 * MB) -> bytes:
    """A part of `size` bytes of one repeated character: about 1/1000 of it on disk."""
    data = plain_workbook()
    out = io.BytesIO(data)
    with (
        zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/media/big.xml", "w") as part,
    ):
        chunk = b"a" * MB
        for _ in range(size // MB):
            part.write(chunk)
    return out.getvalue()


def lying_sizes(real: int = 120 * MB, claimed: int = 1000) -> bytes:
    """A part whose headers claim `claimed` bytes while it inflates to `real` bytes."""
    data = huge_part(real)
    entry = b"xl/media/big.xml"
    patched = bytearray(data)
    # Local file header: signature, then sizes at offsets 18 (compressed) and 22 (uncompressed).
    start = 0
    while (start := patched.find(b"PK\x03\x04", start)) != -1:
        name_length = struct.unpack_from("<H", patched, start + 26)[0]
        if patched[start + 30 : start + 30 + name_length] == entry:
            struct.pack_into("<I", patched, start + 22, claimed)
        start += 4
    # Central directory: sizes at offsets 20 (compressed) and 24 (uncompressed).
    start = 0
    while (start := patched.find(b"PK\x01\x02", start)) != -1:
        name_length = struct.unpack_from("<H", patched, start + 28)[0]
        if patched[start + 46 : start + 46 + name_length] == entry:
            struct.pack_into("<I", patched, start + 24, claimed)
        start += 4
    return bytes(patched)


def many_parts(count: int = 100_000) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for n in range(count):
            archive.writestr(f"p/{n}", b"")
    return out.getvalue()


CORPUS = {
    "billion laughs in a sheet": billion_laughs,
    "billion laughs in workbook.xml": lambda: billion_laughs("xl/workbook.xml"),
    "DTD in UTF-16": utf16_doctype,
    "part inflating to 120 MB": huge_part,
    "sizes that lie": lying_sizes,
    "100,000 parts": many_parts,
}


def huge_cell(size: int = 45 * MB) -> bytes:
    """A workbook within the limits whose one cell holds `size` characters (inline string)."""
    data = plain_workbook()
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    cell = '<c r="B1" t="inlineStr"><is><t>' + "y" * size + "</t></is></c>"
    sheet = sheet.replace("</row>", cell + "</row>", 1).replace('ref="A1:A1"', 'ref="A1:B1"')
    return _rewritten(data, {"xl/worksheets/sheet1.xml": sheet.encode()})
