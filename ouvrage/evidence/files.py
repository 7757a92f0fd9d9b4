"""Checking an uploaded file by its content, not its name. Plain Python (filetype reads magic numbers)."""

from __future__ import annotations

from dataclasses import dataclass

import filetype

from ouvrage.core.archives import UPLOAD, ArchiveRefused, check_archive

MAX_BYTES = 10 * 1024 * 1024
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
            check_archive(data, UPLOAD)
        except ArchiveRefused as refused:
            return f"« {name} » : {refused.message}."
    return Checked(ACCEPTED[kind.extension], kind.extension)


def download_name(file_name: str, content_type: str) -> str:
    """The name a download gets: the person's name for it, with the extension of its real type
    (PDF bytes named `evil.html` download as `evil.pdf`)."""
    by_type = {mime: ext for ext, mime in ACCEPTED.items()}
    extension = by_type.get(content_type) or ("csv" if file_name.lower().endswith(".csv") else "txt")
    stem = file_name.rsplit(".", 1)[0] if "." in file_name else file_name
    stem = "".join(c for c in stem if c.isprintable() and c not in '\\/:*?"<>|').strip(" .") or "preuve"
    return f"{stem[:150]}.{extension}"
