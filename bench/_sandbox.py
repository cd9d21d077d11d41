"""Django for a benchmark script, in a throwaway folder: its own SQLite database and media, never the project's.

A script calls `throwaway_django("bench-name-")` before any other Django import.
"""

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path


def throwaway_django(prefix: str) -> Path:
    """Point Django at a new temporary folder (removed when the script ends), set it up, return the folder."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(folder / "media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    return folder
