"""Loading frame files from the interface: the official HAS spreadsheet (to complete or correct a
version), or a version's data files in a .zip (a data update of a version, or a new version beside the
old one). Read and checked when loaded, shown as a preview of what would change, applied once on
confirmation. A shared frame is every organisation's: who may change it is said by `may_change_shared`.
"""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from ouvrage.accounts.models import Role
from ouvrage.audit.actions import AuditAction
from ouvrage.audit.services import record
from ouvrage.core.archives import UPLOAD, ArchiveRefused, check_archive
from ouvrage.core.problems import Problem, ProblemsFound
from ouvrage.frames.domain import FrameSpec
from ouvrage.frames.loader import FILES, load_frame
from ouvrage.frames.models import FrameUpload, FrameVersion, UploadKind
from ouvrage.frames.services import apply_completion, import_frame_version, update_elements
from ouvrage.frames.xlsx import Completion, guess_mapping, read_completion
from ouvrage.organisations.models import Organisation

if TYPE_CHECKING:
    from ouvrage.accounts.models import User

TO_CHANGE = "de changer un référentiel partagé"
LISTED = 60  # changes listed one by one in a preview; the rest are counted


def may_change_shared(user: User | Any) -> bool:
    """An administrator, when the installation serves one organisation; otherwise an administrator of
    the organisation the operator names (OUVRAGE_FRAMES_ORGANISATION, its id): a shared frame is
    every organisation's."""
    if getattr(user, "role", None) != Role.ADMIN or not getattr(user, "organisation_id", None):
        return False
    named = str(getattr(settings, "FRAMES_ORGANISATION", "") or "")
    if named:
        return named == str(user.organisation_id)
    return Organisation.objects.count() == 1


def _require(user: User) -> None:
    if not may_change_shared(user):
        raise PermissionDenied(
            f"Votre rôle ne permet pas {TO_CHANGE} : il est commun à toutes les organisations de "
            "l'installation (voir docs/deploy.md, OUVRAGE_FRAMES_ORGANISATION)."
        )


def _refuse(file: str, message: str) -> ProblemsFound:
    return ProblemsFound([Problem(file, message)])


# ---------------------------------------------------------------- reading


def read_folder_archive(path: Path, into: Path) -> FrameSpec:
    """Extract the frame files of a .zip (by their names, wherever they are in it) and read them."""
    try:
        check_archive(path, UPLOAD)
        with zipfile.ZipFile(path) as archive:
            members = {}
            for info in archive.infolist():
                name = PurePosixPath(info.filename).name
                if name in FILES and not info.is_dir():
                    if name in members:
                        raise _refuse(path.name, f"deux fichiers « {name} » dans l'archive : gardez-en un")
                    members[name] = info
            if "frame.toml" not in members:
                raise _refuse(
                    path.name,
                    f"l'archive ne contient pas de frame.toml (fichiers attendus : {', '.join(FILES)})",
                )
            for name, info in members.items():
                (into / name).write_bytes(archive.read(info))
    except ArchiveRefused as refused:
        raise _refuse(path.name, refused.message) from refused
    except (zipfile.BadZipFile, OSError) as exc:
        raise _refuse(path.name, "ce n'est pas une archive .zip lisible") from exc
    return load_frame(into)


def _read_xlsx(path: Path, version: FrameVersion) -> Completion:
    try:
        mapping = guess_mapping(path)
    except ValueError as exc:
        raise _refuse(path.name, str(exc)) from exc
    return read_completion(path, mapping, set(version.criteria.values_list("code", flat=True)))


# ---------------------------------------------------------------- previews


def _xlsx_preview(version: FrameVersion, completion: Completion) -> dict[str, Any]:
    criteria = {c.code: c for c in version.criteria.all()}
    titles = [
        {"code": code, "old": criteria[code].title, "new": title}
        for code, title in completion.titles.items()
        if criteria[code].title != title
    ]
    elements = update_elements(
        [criteria[code] for code in completion.elements],
        {criteria[code]: e for code, e in completion.elements.items()},
        lambda e: {},
        write=False,
    )
    return {
        "target": f"{version.frame.name}, version {version.label}",
        "rows_read": completion.rows_read,
        "titles_changed": len(titles),
        "titles": titles[:LISTED],
        "criteria_with_elements": len(completion.elements),
        "elements": elements,
        "unmatched": [str(u) for u in completion.unmatched[:LISTED]],
        "unmatched_count": len(completion.unmatched),
    }


def _folder_preview(spec: FrameSpec) -> dict[str, Any]:
    existing = FrameVersion.objects.filter(frame__slug=spec.slug, label=spec.version).first()
    others = list(
        FrameVersion.objects.filter(frame__slug=spec.slug)
        .exclude(label=spec.version)
        .values_list("label", flat=True)
    )
    preview: dict[str, Any] = {
        "target": f"{spec.name}, version {spec.version}",
        "slug": spec.slug,
        "label": spec.version,
        "new_version": existing is None,
        "other_versions": others,
        "counts": spec.counts(),
    }
    if existing is None:
        return preview
    criteria = {c.code: c for c in existing.criteria.all()}
    wanted = {c.code: c for c in spec.criteria}
    preview["criteria_added"] = sorted(set(wanted) - set(criteria))
    preview["criteria_removed"] = sorted(set(criteria) - set(wanted))
    titles = [
        {"code": code, "old": criteria[code].title, "new": wanted[code].title}
        for code in wanted
        if code in criteria and criteria[code].title != wanted[code].title
    ]
    preview["titles_changed"] = len(titles)
    preview["titles"] = titles[:LISTED]
    preview["unchanged"] = existing.checksum == spec.checksum
    preview["elements"] = update_elements(
        list(criteria.values()),
        {criteria[code]: c.elements for code, c in wanted.items() if code in criteria},
        lambda e: {},
        write=False,
    )
    return preview


# ---------------------------------------------------------------- services


@transaction.atomic
def load_upload(
    *,
    actor: User,
    organisation: Organisation,
    kind: str,
    upload: UploadedFile,
    version: FrameVersion | None = None,
) -> FrameUpload:
    """Keep the file, read and check it, and store what applying it would change. A file that cannot
    be read is refused whole (`ProblemsFound`) and nothing is kept."""
    _require(actor)
    name = (upload.name or "fichier")[:200]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / PurePosixPath(name).name
        with path.open("wb") as fh:
            for chunk in upload.chunks():
                fh.write(chunk)
        if kind == UploadKind.XLSX:
            if version is None:
                raise _refuse(name, "choisissez la version du cadre à compléter")
            preview = _xlsx_preview(version, _read_xlsx(path, version))
        elif kind == UploadKind.FOLDER:
            folder = Path(tmp) / "cadre"
            folder.mkdir()
            preview = _folder_preview(read_folder_archive(path, folder))
        else:
            raise _refuse(name, "type de fichier inconnu")
    item = FrameUpload(
        organisation=organisation,
        kind=kind,
        version=version if kind == UploadKind.XLSX else None,
        file_name=name,
        preview=preview,
        created_by=actor,
    )
    upload.seek(0)
    item.file.save("cadre", upload, save=False)
    item.save()
    record(
        action=AuditAction.FRAME_FILE_LOADED,
        target=item,
        actor=actor,
        organisation=organisation,
        changes={"file": name, "kind": kind, "target": preview["target"]},
    )
    return item


@transaction.atomic
def apply_upload(*, actor: User, upload: FrameUpload) -> FrameUpload:
    """Apply a loaded file, once: a second confirmation (a double click) finds it applied."""
    _require(actor)
    upload = FrameUpload.objects.select_for_update().get(pk=upload.pk)
    if upload.applied_at is not None:
        return upload
    if not upload.file:
        raise _refuse(upload.file_name, "le fichier n'est plus conservé : chargez-le à nouveau")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / PurePosixPath(upload.file_name).name
        with upload.file.open("rb") as source:
            path.write_bytes(source.read())
        if upload.kind == UploadKind.XLSX and upload.version is not None:
            result = apply_completion(
                version=upload.version,
                completion=_read_xlsx(path, upload.version),
                actor=actor,
                actor_label=upload.file_name,
            )
            upload.update = result.update
        else:
            folder = Path(tmp) / "cadre"
            folder.mkdir()
            imported = import_frame_version(spec=read_folder_archive(path, folder), actor=actor)
            upload.version = imported.version
            upload.update = imported.update
    upload.applied_at = timezone.now()
    upload.applied_by = actor
    upload.file.delete(save=False)
    upload.save()
    return upload


def shared_versions() -> list[FrameVersion]:
    """The shared versions a spreadsheet can complete (not extensions)."""
    return list(
        FrameVersion.objects.filter(frame__organisation__isnull=True, frame__extends="")
        .select_related("frame")
        .order_by("-frame__mandatory", "frame__name", "-published_on")
    )
