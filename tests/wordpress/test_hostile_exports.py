"""Hostile WordPress exports end in seconds, with their problems listed in the summary, never with a traceback or
a half-written import (docs/wordpress.md, "Feindliche Exporte")."""

import os
import subprocess
import sys
import time

import pytest

from articles.models import Article, Keyword, Section
from tests.bounded import BOUND_SECONDS
from tests.factories import SectionFactory
from tests.wordpress_helpers import REPO, post, run_import, wxr
from wordpress.models import ImportedItem

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


# --- every field of the export is bounded before it reaches a query ------------------------------------------


def category(slug: str, name: str, term_id: str = "7", parent: str = "") -> str:
    return (
        f"<wp:category><wp:term_id>{term_id}</wp:term_id><wp:category_nicename>{slug}</wp:category_nicename>"
        f"<wp:category_parent>{parent}</wp:category_parent><wp:cat_name><![CDATA[{name}]]></wp:cat_name></wp:category>"
    )


def in_category(slug: str, name: str) -> str:
    return f'<category domain="category" nicename="{slug}"><![CDATA[{name}]]></category>'


def written() -> dict[str, int]:
    return {
        "Beiträge": Article.objects.count(),
        "Bereiche": Section.objects.count(),
        "Stichwörter": Keyword.objects.count(),
        "Zuordnungen": ImportedItem.objects.count(),
    }


@pytest.mark.django_db
def test_a_category_name_of_50000_characters_lands_in_the_problems_list(tmp_path):
    name = "Sehr langer Kategoriename " * 2000  # 52,000 characters
    SectionFactory(name="Politik", slug="politik")  # a site with sections: SQLite compares the name with each
    export = tmp_path / "export.xml"
    export.write_text(
        wxr(post(1, categories=in_category("lang", name)) + post(2, title="Normal"), head=category("lang", name)),
        encoding="utf-8",
    )

    out, _err = run_import(export)

    assert "Kategorie „Sehr langer Kategoriename Sehr langer" in out
    assert "zu lang (52.000 Zeichen, höchstens 2.000)" in out
    assert set(Article.objects.values_list("headline", flat=True)) == {"Ein Beitrag", "Normal"}
    assert not Section.objects.filter(name__startswith="Sehr langer").exists()
    assert not Keyword.objects.filter(name__startswith="Sehr langer").exists()
