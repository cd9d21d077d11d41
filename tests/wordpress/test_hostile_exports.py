"""Hostile WordPress exports end in seconds, with their problems listed in the summary, never with a traceback or
a half-written import (docs/wordpress.md, "Feindliche Exporte")."""

import os
import subprocess
import sys
import time

import pytest

from tests.bounded import BOUND_SECONDS
from tests.wordpress_helpers import REPO, post, wxr

# Starting Django and reading the file come on top of the parsing.
STARTUP_SECONDS = 10


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    """A migrated SQLite file for `manage.py import_wordpress` in a process of its own."""
    folder = tmp_path_factory.mktemp("import")
    environ = {**os.environ, "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}", "DEBUG": "true"}
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput"], env=environ, cwd=REPO, check=True)
    return environ, folder


@pytest.mark.parametrize(
    "hostile",
    [
        post(1, content="[caption]" * 60_000),
        post(1, content="<!--" * 150_000),
        post(1, title="&lt;" * 1_500_000),
    ],
    ids=["caption-shortcodes", "comment-openings", "entity-title"],
)
def test_an_export_of_repeated_markup_is_imported_in_seconds(migrated, hostile):
    environ, folder = migrated
    export = folder / "hostile.xml"
    export.write_text(wxr(hostile + post(2, title="Normal")), encoding="utf-8")
    started = time.monotonic()
    try:
        done = subprocess.run(
            [sys.executable, "manage.py", "import_wordpress", str(export), "--dry-run"],
            env=environ,
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=BOUND_SECONDS + STARTUP_SECONDS,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"import_wordpress still running after {time.monotonic() - started:.0f} s")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Probelauf (--dry-run): nichts wurde gespeichert." in done.stdout
