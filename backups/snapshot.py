"""Backup and restore of a whole installation: the database content and every media file.

A snapshot is a folder:

    manifest.json    format, time, database vendor, applied migrations, SHA-256 and size of every other file
    data.backup.gz   the database through `dumpdata` (content types and permissions by natural key, so they match
                     whatever the target's `migrate` created), one JSON object per line, read back line by line,
                     times to the microsecond (backups/serializer.py)
    media/...        every file of the default storage (uploads, renditions, cached PDFs), under its own name

The dump runs in one read transaction (REPEATABLE READ on PostgreSQL), so it is consistent even while editors
save. Media are copied after the dump: a file uploaded meanwhile may be in the snapshot without a row pointing to
it, which is harmless. Everything goes through Django's storage API, so S3-compatible storage works as well.

Restoring checks every checksum before it writes anything, refuses an installation that already holds content,
loads the data in one transaction, copies the files back and rebuilds the search index (which is derived data,
not part of the dump). A snapshot is trusted input for an operator, as a database dump is: its checksums find
damage, not forgery.
"""

import gzip
import hashlib
import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

from . import registry

FORMAT = 1
MANIFEST = "manifest.json"
DATA = "data.backup.gz"
MEDIA = "media"
CHUNK = 1024 * 1024
# Rebuilt by `migrate` in every installation, or not worth keeping: login attempts (personal data), sessions.
EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "admin.logentry",
    "axes",
    # The page cache's content generation: runtime state, raised by the restore's own writes.
    "pagecache",
    # Counters of rate limits (core.limits): runtime state of the running site.
    "core.limitcounter",
]
# Rows that an empty, migrated installation already has (the role groups): the snapshot's own replace them.
MIGRATE_CREATES = {"auth.group"}


class SnapshotError(Exception):
    """A snapshot cannot be written or restored; the message says why, in German."""


@dataclass(frozen=True)
class Summary:
    objects: int
    files: int
    bytes: int


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def storage_files(storage=default_storage, folder: str = "") -> Iterator[str]:
    """Every file name in the storage, depth first."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for name in sorted(folders):
        yield from storage_files(storage, f"{folder}/{name}" if folder else name)


def applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app_label, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app_label, []).append(name)
    return applied


def _dumped_models():
    excluded_apps = {label for label in EXCLUDED if "." not in label}
    for model in apps.get_models():
        label = model._meta.label_lower
        if model._meta.app_label in excluded_apps or label in EXCLUDED or model._meta.proxy:
            continue
        if not model._meta.managed:
            continue
        yield model


def content_counts() -> dict[str, int]:
    """Rows this installation holds that a restore would collide with (migrate's own rows left out)."""
    counts = {}
    for model in _dumped_models():
        if model._meta.label_lower in MIGRATE_CREATES:
            continue
        count = model._default_manager.using(connection.alias).count()
        if count:
            counts[model._meta.label] = count
    return counts


def write_snapshot(directory: Path) -> Summary:
    """Write a snapshot of the database and the media files into `directory` (new or empty)."""
    directory = Path(directory)
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise SnapshotError(
            _("%(path)s ist nicht leer: eine Sicherung braucht einen neuen Ordner.") % {"path": directory}
        )
    directory.mkdir(parents=True, exist_ok=True)
    data_path = directory / DATA
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # One snapshot of the database for the whole dump, whatever editors save meanwhile.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        call_command(
            "dumpdata",
            *[],
            exclude=EXCLUDED,
            natural_foreign=True,
            format="backup",
            output=str(data_path),
            verbosity=0,
        )
        migrations = applied_migrations()
    files = {DATA: {"sha256": sha256_of(data_path), "size": data_path.stat().st_size}}
    for name in storage_files():
        target = directory / MEDIA / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as source, target.open("wb") as out:
            shutil.copyfileobj(source, out, CHUNK)
        files[f"{MEDIA}/{name}"] = {"sha256": sha256_of(target), "size": target.stat().st_size}
    with gzip.open(data_path, "rt", encoding="utf-8") as data:
        objects = sum(1 for line in data if line.strip())
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "database": connection.vendor,
        "objects": objects,
        "migrations": migrations,
        "files": files,
    }
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
    return Summary(objects=objects, files=len(files) - 1, bytes=sum(entry["size"] for entry in files.values()))


def read_manifest(directory: Path) -> dict:
    """The snapshot's manifest, after checking that every file it lists is there, whole and unchanged."""
    directory = Path(directory)
    try:
        manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SnapshotError(
            _("%(path)s enthält keine Sicherung (manifest.json fehlt).") % {"path": directory}
        ) from None
    except (ValueError, UnicodeDecodeError):
        raise SnapshotError(_("manifest.json ist beschädigt.")) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise SnapshotError(_("Unbekanntes Format der Sicherung: %(format)r.") % {"format": manifest.get("format")})
    files = manifest.get("files")
    if not isinstance(files, dict) or DATA not in files:
        raise SnapshotError(_("manifest.json nennt keine Datenbankdatei."))
    root = directory.resolve()
    problems = []
    for name, entry in sorted(files.items()):
        path = (directory / name).resolve()
        if not path.is_relative_to(root) or not (name == DATA or name.startswith(f"{MEDIA}/")):
            raise SnapshotError(_("manifest.json nennt eine Datei außerhalb der Sicherung: %(name)s") % {"name": name})
        if not path.is_file():
            problems.append(_("fehlt: %(name)s") % {"name": name})
        elif sha256_of(path) != entry.get("sha256"):
            problems.append(_("Prüfsumme falsch: %(name)s") % {"name": name})
    if problems:
        raise SnapshotError(_("Die Sicherung ist unvollständig oder beschädigt:") + "\n  " + "\n  ".join(problems))
    return manifest


def _check_target(manifest: dict) -> None:
    counts = content_counts()
    if counts:
        listed = ", ".join(f"{label}: {count}" for label, count in sorted(counts.items()))
        raise SnapshotError(
            _(
                "Die Datenbank ist nicht leer (%(counts)s). Eine Sicherung wird nur in eine leere Installation zurückgespielt."
            )
            % {"counts": listed}
        )
    if next(storage_files(), None) is not None:
        raise SnapshotError(
            _("Der Medienspeicher ist nicht leer. Eine Sicherung wird nur in eine leere Installation zurückgespielt.")
        )
    applied = applied_migrations()
    missing = [
        f"{app}.{name}"
        for app, names in sorted(manifest.get("migrations", {}).items())
        for name in names
        if name not in applied.get(app, [])
    ]
    if missing:
        raise SnapshotError(
            _("Dieser Installation fehlen Migrationen der Sicherung (zuerst `manage.py migrate`): %(names)s")
            % {"names": ", ".join(missing)}
        )


def restore_snapshot(directory: Path) -> Summary:
    """Bring a snapshot back into an empty, migrated installation: all of it, or nothing."""
    directory = Path(directory)
    manifest = read_manifest(directory)
    _check_target(manifest)
    media_names = [name.removeprefix(f"{MEDIA}/") for name in manifest["files"] if name != DATA]
    written: list[str] = []
    try:
        with transaction.atomic():
            for label in MIGRATE_CREATES:
                apps.get_model(label)._default_manager.all().delete()
            call_command("loaddata", str(directory / DATA), verbosity=0)
            for rebuild in registry.AFTER_RESTORE:
                rebuild()
            for name in media_names:
                with (directory / MEDIA / name).open("rb") as source:
                    saved = default_storage.save(name, File(source, name=name))
                written.append(saved)
                if saved != name:
                    raise SnapshotError(
                        _("Datei %(name)s konnte nicht unter ihrem Namen gespeichert werden.") % {"name": name}
                    )
    except Exception as error:
        # The database rolled back; take the files of the failed attempt out again.
        for name in written:
            default_storage.delete(name)
        if isinstance(error, SnapshotError):
            raise
        raise SnapshotError(
            _("Zurückspielen abgebrochen, nichts wurde geändert: %(error)s") % {"error": error}
        ) from error
    files = manifest["files"]
    return Summary(
        objects=manifest.get("objects", 0),
        files=len(media_names),
        bytes=sum(entry["size"] for entry in files.values()),
    )
