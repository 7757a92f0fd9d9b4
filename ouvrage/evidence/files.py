"""Checking an uploaded file by its content, not its name. Plain Python (filetype reads magic numbers)."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

import filetype

MAX_BYTES = 10 * 1024 * 1024
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024  # office documents are zip files: refuse archive bombs
ACCEPTED = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "webp": "image/webp",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
ACCEPTED_LABEL = "PDF, PNG, JPEG, WebP, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), OpenDocument (.odt, .ods) ou texte (.txt, .csv)"


@dataclass(frozen=True)
class Checked:
    content_type: str
    extension: str


def check_upload(name: str, head: bytes, size: int, data: bytes | None = None) -> Checked | str:
    """The file's real type, or the French sentence saying why it is refused.
    `head` is the first bytes; `data` the whole content when it is small enough to inspect."""
    if size > MAX_BYTES:
        return f"« {name} » pèse {size / 1024 / 1024:.1f} Mo : 10 Mo au plus."
    if size == 0:
        return f"« {name} » est vide."
    kind = filetype.guess(head)
    if kind is None:
        if name.lower().endswith((".txt", ".csv")) and data is not None:
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                return f"« {name} » n'est pas un texte lisible (UTF-8 attendu)."
            return Checked("text/plain; charset=utf-8", name.rsplit(".", 1)[-1].lower())
        return f"« {name} » n'est pas d'un type accepté : {ACCEPTED_LABEL}."
    if kind.extension not in ACCEPTED:
        return f"« {name} » est un fichier {kind.extension.upper()}, type non accepté : {ACCEPTED_LABEL}."
    if kind.extension in {"docx", "xlsx", "pptx", "odt", "ods"} and data is not None:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                total = sum(info.file_size for info in archive.infolist())
        except zipfile.BadZipFile:
            return f"« {name} » est endommagé (archive illisible)."
        if total > MAX_UNZIPPED_BYTES:
            return f"« {name} » se décompresse en {total / 1024 / 1024:.0f} Mo : refusé (100 Mo au plus)."
    return Checked(ACCEPTED[kind.extension], kind.extension)
