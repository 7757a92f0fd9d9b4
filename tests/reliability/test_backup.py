"""Backup and restore through the `ouvrage` command, on the stage's engine (SQLite or PostgreSQL):
the restored installation has every table (row count and checksum) and every file of the original."""

from __future__ import annotations

import json
import tarfile

import pytest

from reliability.stack import stack


def test_backup_restores_into_a_fresh_installation_identically(tmp_path):
    with stack(tmp_path / "source") as source, stack(tmp_path / "restored") as target:
        source.ouvrage("demo", "--no-server")
        source.python("reliability.seed", "documents", "3")
        archive = tmp_path / "sauvegarde.tar.gz"
        said = source.ouvrage("backup", "--output", str(archive)).stdout
        assert "Sauvegarde écrite" in said and "3 fichiers" in said
        assert archive.stat().st_mode & 0o777 == 0o600  # the operator's account only
        before = json.loads(source.python("reliability.seed", "fingerprints"))

        said = target.ouvrage("restore", str(archive)).stdout
        assert "Restauration vérifiée" in said
        after = json.loads(target.python("reliability.seed", "fingerprints"))

        assert after == before
        assert len(before["files"]) == 3
        assert before["tables"]["campaigns_rating"]["rows"] > 500  # the demo's cotations came back
        assert before["tables"]["audit_auditevent"]["rows"] > 500  # and their history
        # The same files, byte for byte.
        source_files = [p for p in (source.folder / "var" / "private").rglob("*") if p.is_file()]
        assert len(source_files) == 3
        for path in source_files:
            twin = target.folder / "var" / "private" / path.relative_to(source.folder / "var" / "private")
            assert twin.read_bytes() == path.read_bytes()

        # A second restore into the now full installation is refused, and changes nothing.
        refused = target.ouvrage("restore", str(archive), check=False)
        assert refused.returncode != 0 and "n'est pas vide" in refused.stderr
        assert json.loads(target.python("reliability.seed", "fingerprints")) == before


def test_restore_refuses_what_is_not_a_backup(tmp_path):
    with stack(tmp_path / "empty") as target:
        junk = tmp_path / "pas-une-sauvegarde.tar.gz"
        junk.write_bytes(b"bonjour")
        result = target.ouvrage("restore", str(junk), check=False)
        assert result.returncode != 0
        assert "n'est pas une sauvegarde d'Ouvrage lisible" in result.stderr
        # A real archive without a manifest.
        source = tmp_path / "vide.tar.gz"
        with tarfile.open(source, "w:gz"):
            pass
        result = target.ouvrage("restore", str(source), check=False)
        assert "n'est pas une sauvegarde" in result.stderr


@pytest.mark.parametrize("tampered", ["table", "file"])
def test_restore_says_what_differs(tmp_path, tampered):
    import io

    with stack(tmp_path / "source") as source, stack(tmp_path / "restored") as target:
        source.ouvrage("demo", "--no-server")
        source.python("reliability.seed", "documents", "1")
        archive = tmp_path / "a.tar.gz"
        source.ouvrage("backup", "--output", str(archive))
        # Rewrite the manifest as if the backup had held something else.
        with tarfile.open(archive, "r:gz") as original:
            members = [(m, original.extractfile(m).read() if m.isfile() else None) for m in original]
        changed = tmp_path / "b.tar.gz"
        with tarfile.open(changed, "w:gz") as out:
            for member, data in members:
                if member.name == "manifest.json":
                    manifest = json.loads(data)
                    if tampered == "table":
                        manifest["tables"]["campaigns_rating"]["rows"] += 1
                    else:
                        name = next(iter(manifest["files"]))
                        manifest["files"][name] = "0" * 64
                    data = json.dumps(manifest).encode()
                    member.size = len(data)
                out.addfile(member, io.BytesIO(data) if data is not None else None)
        result = target.ouvrage("restore", str(changed), check=False)
        assert result.returncode != 0
        expected = "table campaigns_rating" if tampered == "table" else "fichier evidence/"
        assert expected in result.stderr, result.stderr


def test_an_installation_moves_from_sqlite_to_postgresql_and_back(tmp_path):
    """An establishment that began on a laptop (SQLite) moves to its organisation's PostgreSQL, and
    a PostgreSQL installation goes back to a laptop with a portable backup: every row and file comes
    back each time, compared value by value."""
    from reliability.stack import Stack, engine

    if engine() != "postgresql":
        pytest.skip("needs the PostgreSQL stage (scripts/with-postgres.sh): SQLite and PostgreSQL both")

    def laptop(name: str) -> Stack:
        folder = tmp_path / name
        (folder / "var").mkdir(parents=True)
        return Stack(folder, f"sqlite:///{folder / 'var' / 'ouvrage.sqlite3'}", "sqlite")

    first = laptop("portable")
    first.ouvrage("demo", "--no-server")
    first.python("reliability.seed", "documents", "2")
    before = json.loads(first.python("reliability.seed", "fingerprints"))
    archive = tmp_path / "portable.tar.gz"
    first.ouvrage("backup", "--output", str(archive))
    with stack(tmp_path / "serveur") as server:
        said = server.ouvrage("restore", str(archive)).stdout
        assert "Restauration vérifiée" in said, said
        moved = json.loads(server.python("reliability.seed", "fingerprints"))
        assert moved["files"] == before["files"] and len(moved["files"]) == 2
        rows = before["tables"]["campaigns_rating"]["rows"]
        assert moved["tables"]["campaigns_rating"]["rows"] == rows > 500
        # The server goes on: a new row gets an id after the largest one copied.
        server.ouvrage("organisation", "Association Les Ormes", "--admin", "dir@ormes.example.org")
        plain = tmp_path / "sans-copie.tar.gz"
        server.ouvrage("backup", "--output", str(plain))
        back_archive = tmp_path / "retour.tar.gz"
        server.ouvrage("backup", "--portable", "--output", str(back_archive))
    second = laptop("retour")
    refused = second.ouvrage("restore", str(plain), check=False)
    assert refused.returncode != 0 and "--portable" in refused.stderr
    said = second.ouvrage("restore", str(back_archive)).stdout
    assert "Restauration vérifiée" in said, said
    back = json.loads(second.python("reliability.seed", "fingerprints"))
    assert back["files"] == before["files"] and back["tables"]["campaigns_rating"]["rows"] == rows
    second.ouvrage("organisation", "Association Les Pins", "--admin", "dir@pins.example.org")


def test_a_sealed_backup_restores_with_its_key_only(tmp_path):
    with stack(tmp_path / "source") as source, stack(tmp_path / "restored") as target:
        source.ouvrage("migrate", "--noinput")
        source.ouvrage("organisation", "Association Les Ormes", "--admin", "dir@ormes.example.org")
        key = tmp_path / "cle-des-sauvegardes"
        assert "Clé écrite" in source.ouvrage("backup", "--new-key", str(key)).stdout
        archive = tmp_path / "scellee.tar.gz"
        said = source.ouvrage("backup", "--output", str(archive), "--key-file", str(key)).stdout
        assert "scellée" in said and archive.stat().st_mode & 0o777 == 0o600
        assert not tarfile.is_tarfile(archive)  # unreadable without the key
        refused = target.ouvrage("restore", str(archive), check=False)
        assert refused.returncode != 0 and "indiquez sa clé" in refused.stderr
        other = tmp_path / "autre-cle"
        source.ouvrage("backup", "--new-key", str(other))
        wrong = target.ouvrage("restore", str(archive), "--key-file", str(other), check=False)
        assert wrong.returncode != 0 and "ne correspond pas" in wrong.stderr
        said = target.ouvrage("restore", str(archive), "--key-file", str(key)).stdout
        assert "Restauration vérifiée" in said
