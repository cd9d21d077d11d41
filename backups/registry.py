"""What `restore` must do besides loading rows and files, told by the apps in their `apps.py`: a snapshot holds
data, not what is derived from it (an app's search index, say). Each function runs inside the restore's
transaction, after the data is loaded; backups names no app."""

from collections.abc import Callable

AFTER_RESTORE: list[Callable[[], None]] = []


def after_restore(rebuild: Callable[[], None]) -> None:
    if rebuild not in AFTER_RESTORE:
        AFTER_RESTORE.append(rebuild)


# Models whose rows `migrate` creates in every installation (a first portal, say): they do not make an installation
# "not empty" for restore, and the snapshot's rows replace them (when the snapshot's installation had the app).
MIGRATE_ROWS: list[str] = []


def created_by_migrate(label: str) -> None:
    if label.lower() not in MIGRATE_ROWS:
        MIGRATE_ROWS.append(label.lower())
