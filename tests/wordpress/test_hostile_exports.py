"""Hostile WordPress exports end in seconds, with their problems listed in the summary, never with a traceback or
a half-written import (docs/wordpress.md, "Feindliche Exporte")."""

import os
import subprocess
import sys
import time

import pytest
from django.core.management.base import CommandError

from articles.models import Article, Keyword, Section
from tests.bounded import BOUND_SECONDS
from tests.factories import SectionFactory
from tests.wordpress_helpers import REPO, post, run_import, wxr
from wordpress.models import ImportedItem
from wordpress.wxr import MAX_FIELD_CHARS, MAX_TEXT_CHARS

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

    assert (
        "„Sehr langer Kategoriename Sehr langer Kategoriename Sehr …“ (WordPress-ID 7): "
        "Kategorie nicht übernommen: Name zu lang (52.000 Zeichen, höchstens 2.000)"
    ) in out
    assert (
        "„Ein Beitrag“ (WordPress-ID 1): Kategorie oder Schlagwort „Sehr langer Kategoriename Sehr langer "
        "Kategoriename Sehr …“ zu lang (52.000 Zeichen, höchstens 2.000): übergangen."
    ) in out
    assert set(Article.objects.values_list("headline", flat=True)) == {"Ein Beitrag", "Normal"}
    assert not Section.objects.filter(name__startswith="Sehr langer").exists()
    assert not Keyword.objects.filter(name__startswith="Sehr langer").exists()


LONG = "Überlang " * 6_700  # 60,300 characters, more than SQLite's LIKE takes
HUGE_ID = "9" * 30
ATTACHMENT = """<item><title>{title}</title><wp:post_id>{wp_id}</wp:post_id><wp:post_type>attachment</wp:post_type>
<wp:post_parent>0</wp:post_parent><wp:attachment_url>{url}</wp:attachment_url>{meta}</item>"""


def meta(key: str, value: str) -> str:
    return (
        f"<wp:postmeta><wp:meta_key>{key}</wp:meta_key><wp:meta_value><![CDATA[{value}]]></wp:meta_value></wp:postmeta>"
    )


def author(login: str = "anna", display: str = "Anna Beispiel") -> str:
    return (
        f"<wp:author><wp:author_login><![CDATA[{login}]]></wp:author_login>"
        f"<wp:author_display_name><![CDATA[{display}]]></wp:author_display_name></wp:author>"
    )


# (which field, the export's items and head, what the problems list says about it)
FIELDS = {
    "category: name": (post(1), category("lang", LONG), "Kategorie nicht übernommen: Name zu lang"),
    "category: slug": (post(1), category(LONG, "Lang"), "Kategorie nicht übernommen: Kurzname zu lang"),
    "category: parent": (post(1), category("lang", "Lang", parent=LONG), "Kategorie nicht übernommen"),
    "category: id": (post(1, categories=in_category("lang", "Lang")), category("lang", "Lang", term_id=HUGE_ID), ""),
    "tag: name": (
        post(1),
        f"<wp:tag><wp:term_id>8</wp:term_id><wp:tag_slug>lang</wp:tag_slug><wp:tag_name>{LONG}</wp:tag_name></wp:tag>",
        "Schlagwort nicht übernommen: Name zu lang",
    ),
    "tag: slug": (
        post(1),
        f"<wp:tag><wp:term_id>8</wp:term_id><wp:tag_slug>{LONG}</wp:tag_slug><wp:tag_name>Lang</wp:tag_name></wp:tag>",
        "Schlagwort nicht übernommen: Kurzname zu lang",
    ),
    "author: login": (post(1, creator=LONG), author(login=LONG), "Autorin/Autor nicht übernommen"),
    "author: name": (post(1), author(display=LONG), "Autorin/Autor nicht übernommen"),
    "post: title": (post(1, title=LONG), "", "Feld zu groß (title)"),
    "post: creator": (post(1, creator=LONG), "", "Feld zu groß (dc:creator)"),
    "post: slug": (post(1, slug=LONG), "", "Feld zu groß (link, wp:post_name)"),
    "post: date": (post(1, date=LONG), "", "Feld zu groß (wp:post_date, wp:post_date_gmt)"),
    "post: status": (post(1, status=LONG), "", "Feld zu groß (wp:status)"),
    "post: guid": (post(1).replace("?p=1", "?p=" + LONG), "", "Feld zu groß (guid)"),
    "post: excerpt": (post(1, excerpt="x" * (MAX_TEXT_CHARS + 1)), "", "Feld zu groß (excerpt:encoded)"),
    "post: content": (post(1, content="x" * (MAX_FIELD_CHARS + 1)), "", "Feld zu groß (content:encoded)"),
    "post: id": (post(1).replace("<wp:post_id>1<", f"<wp:post_id>{HUGE_ID}<"), "", "WordPress-ID „999"),
    "post: parent": (post(1).replace("<wp:post_parent>0<", f"<wp:post_parent>{HUGE_ID}<"), "", ""),
    "post: category name": (post(1, categories=in_category("lang", LONG)), "", "Kategorie oder Schlagwort „Überlang"),
    "post: category slug": (post(1, categories=in_category(LONG, "Lang")), "", "Kategorie oder Schlagwort „Lang“ zu"),
    "post: tag name": (
        post(1, categories=f'<category domain="post_tag" nicename="lang"><![CDATA[{LONG}]]></category>'),
        "",
        "Kategorie oder Schlagwort „Überlang",
    ),
    "post: meta key": (post(1, meta=meta(LONG, "1")), "", "Metadaten „Überlang"),
    "post: meta value": (
        post(1, meta=meta("_thumbnail_id", "1" * (MAX_TEXT_CHARS + 1))),
        "",
        "Metadaten „_thumbnail_id“",
    ),
    "post: picture id": (post(1, meta=meta("_thumbnail_id", HUGE_ID)), "", ""),
    "post: primary category": (post(1, meta=meta("_yoast_wpseo_primary_category", HUGE_ID)), "", ""),
    "post: ids in its body": (
        post(
            1,
            content=f'[gallery ids="{HUGE_ID}"] [caption id="attachment_{HUGE_ID}"]<img data-id="{HUGE_ID}" '
            f'class="wp-image-{HUGE_ID}" width="{HUGE_ID}" src="x.jpg"> Text[/caption]',
        ),
        "",
        "",
    ),
    "attachment: address": (
        ATTACHMENT.format(title="Bild", wp_id=5, url="https://blog.example/" + LONG, meta=""),
        "",
        "Feld zu groß (wp:attachment_url)",
    ),
    "attachment: title": (
        ATTACHMENT.format(title=LONG, wp_id=5, url="https://blog.example/wp-content/uploads/a.jpg", meta=""),
        "",
        "Feld zu groß (title)",
    ),
    "attachment: file": (
        ATTACHMENT.format(
            title="Bild",
            wp_id=5,
            url="https://blog.example/wp-content/uploads/a.jpg",
            meta=meta("_wp_attached_file", "a" * 1500),
        ),
        "",
        "Bilddatei fehlt",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("items, head, problem", FIELDS.values(), ids=FIELDS.keys())
def test_every_field_of_the_export_is_bounded_before_it_reaches_a_query(tmp_path, items, head, problem):
    SectionFactory(name="Politik", slug="politik")
    export = tmp_path / "export.xml"
    export.write_text(wxr(items + post(2, title="Normal"), head=head), encoding="utf-8")
    uploads = tmp_path / "uploads"
    uploads.mkdir()

    out, _err = run_import(export, uploads=uploads)

    assert problem in out.split("Probleme", 1)[-1]
    assert "Normal" in Article.objects.values_list("headline", flat=True)
    assert not Section.objects.filter(name__startswith="Überlang").exists()
    assert not Keyword.objects.filter(name__startswith="Überlang").exists()
    assert not Article.objects.filter(headline__startswith="Überlang").exists()
    assert not ImportedItem.objects.filter(wp_slug__startswith="Überlang").exists()
    # Refused items leave nothing behind: a post is written whole or not at all.
    for article in Article.objects.all():
        assert ImportedItem.objects.filter(article=article).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["wp:base_blog_url", "wp:base_site_url", "wp:wxr_version"])
def test_an_overlong_field_of_the_exports_head_refuses_the_whole_export(tmp_path, field):
    text = wxr(post(1)).replace("<channel>", f"<channel><{field}>{LONG}</{field}>", 1)
    export = tmp_path / "export.xml"
    export.write_text(text, encoding="utf-8")

    with pytest.raises(CommandError, match=f"Die Angabe {field} im Kopf des Exports ist zu lang"):
        run_import(export)
    assert written() == {"Beiträge": 0, "Bereiche": 0, "Stichwörter": 0, "Zuordnungen": 0}
