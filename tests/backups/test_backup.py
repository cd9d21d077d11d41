"""`manage.py backup` and `manage.py restore`: a whole installation out and back, or nothing at all."""

import gzip
import hashlib
import json
import shutil
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import reversion
from django.contrib.auth.models import User
from django.core.cache import caches
from django.core.management import CommandError, call_command
from django.urls import reverse
from reversion.models import Version

from articles.models import Article, Keyword, Section
from articles.sitemaps import SITEMAPS
from backups import snapshot
from images.models import Image
from portals.models import Portal
from tests.articles.test_print_pdf import pdf_text
from tests.factories import ArticleFactory, ImageFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def media_checksums(media_root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(media_root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(media_root.rglob("*"))
        if path.is_file()
    }


def public_urls() -> list[tuple[str, str]]:
    """(host, path) of every public page of every portal (the demo has two)."""
    return [(host_of(portal), url) for portal in Portal.objects.all() for url in portal_urls(portal)]


def host_of(portal: Portal) -> str:
    return "testserver" if portal == Portal.objects.default() else urlsplit(portal.url).netloc


def portal_urls(portal: Portal) -> list[str]:
    urls = [
        reverse("articles:home"),
        reverse("articles:keyword-index"),
        reverse("articles:archive"),
        reverse("articles:archive") + "?q=Verwaltung",
        reverse("articles:feed", args=["rss"]),
        reverse("articles:feed", args=["atom"]),
        reverse("articles:sitemap"),
        reverse("articles:sitemap-news"),
        *[reverse("articles:sitemap-section", args=[name]) for name in SITEMAPS],
    ]
    for section in Section.objects.filter(portal=portal):
        urls.append(section.get_absolute_url())
    for keyword in Keyword.objects.all():
        urls.append(reverse("articles:keyword", args=[keyword.slug]))
    for article in Article.objects.published().home_on(portal):
        urls += [
            article.get_absolute_url(),
            reverse("articles:detail-print", args=[article.section.slug, article.slug]),
        ]
    return urls


def site_as_readers_see_it(client, tmp_path) -> dict[str, str]:
    caches["fragments"].clear()
    pages = {}
    for host, url in public_urls():
        response = client.get(url, HTTP_HOST=host)
        assert response.status_code == 200, (host, url)
        pages[f"{host}{url}"] = response.content.decode()
    for article in Article.objects.published():
        pdf = reverse("articles:detail-pdf", args=[article.section.slug, article.slug])
        response = client.get(pdf, HTTP_HOST=host_of(article.home_portal))
        assert response.status_code == 200, article
        pages[f"PDF {article.pk}"] = pdf_text(b"".join(response), tmp_path)
    return pages


def first_difference(old: str, new: str) -> str:
    at = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), min(len(old), len(new)))
    return f"{old[at - 60 : at + 60]!r} became {new[at - 60 : at + 60]!r}"


def wipe(media_root: Path) -> None:
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(media_root)
    media_root.mkdir()


@pytest.fixture
def demo_site(_media_root):
    call_command("seed_demo", stdout=StringIO())
    editor = UserFactory(username="redakteurin", roles=["Redaktion"])
    article = Article.objects.published().first()
    with reversion.create_revision():
        reversion.set_user(editor)
        article.save()
    return _media_root


def test_backup_then_restore_into_a_wiped_installation_gives_back_every_page_pdf_and_file(client, demo_site, tmp_path):
    before = site_as_readers_see_it(client, tmp_path)
    files_before = media_checksums(demo_site)
    counts_before = snapshot.content_counts()

    call_command("backup", tmp_path / "snap", stdout=StringIO())
    wipe(demo_site)
    assert Article.objects.count() == 0 and media_checksums(demo_site) == {}
    out = StringIO()
    call_command("restore", tmp_path / "snap", stdout=out)

    assert "Zurückgespielt" in out.getvalue()
    assert snapshot.content_counts() == counts_before
    assert media_checksums(demo_site) == files_before
    after = site_as_readers_see_it(client, tmp_path)
    assert after.keys() == before.keys()
    for url, content in before.items():
        assert after[url] == content, f"{url} differs after the restore: {first_difference(content, after[url])}"
    # Derived data is rebuilt: the search finds restored articles, revisions keep their author.
    headline = Article.objects.published().home_on(Portal.objects.default()).first().headline
    found = client.get(reverse("articles:archive"), {"q": headline}).context["page_obj"].object_list
    assert headline in [article.headline for article in found]
    assert Version.objects.get_for_model(Article).get().revision.user.username == "redakteurin"
    editor = User.objects.get(username="redakteurin")
    assert editor.check_password("geheim-und-lang-genug")
    client.force_login(editor)
    assert client.get(reverse("admin:articles_article_changelist")).status_code == 200


def test_restore_refuses_an_installation_with_content_and_changes_nothing(demo_site, tmp_path):
    call_command("backup", tmp_path / "snap", stdout=StringIO())
    headlines = set(Article.objects.values_list("headline", flat=True))
    files = media_checksums(demo_site)

    with pytest.raises(CommandError, match="nicht leer"):
        call_command("restore", tmp_path / "snap")

    assert set(Article.objects.values_list("headline", flat=True)) == headlines
    assert media_checksums(demo_site) == files


def test_restore_refuses_media_left_in_an_empty_database(_media_root, tmp_path):
    ArticleFactory()
    call_command("backup", tmp_path / "snap", stdout=StringIO())
    call_command("flush", interactive=False, verbosity=0)
    (_media_root / "leftover.txt").write_text("x")

    with pytest.raises(CommandError, match="Medienspeicher ist nicht leer"):
        call_command("restore", tmp_path / "snap")
    assert Article.objects.count() == 0


def test_damaged_snapshot_is_refused_before_anything_is_written(demo_site, tmp_path):
    call_command("backup", tmp_path / "snap", stdout=StringIO())
    wipe(demo_site)
    damaged = next((tmp_path / "snap" / "media").rglob("*.jpg"))
    damaged.write_bytes(damaged.read_bytes()[:-10])
    missing = next((tmp_path / "snap" / "media").rglob("*.webp"))
    missing.unlink()

    with pytest.raises(CommandError) as error:
        call_command("restore", tmp_path / "snap")

    assert "Prüfsumme falsch" in str(error.value) and damaged.name in str(error.value)
    assert "fehlt" in str(error.value) and missing.name in str(error.value)
    assert Image.objects.count() == 0 and media_checksums(demo_site) == {}


def test_restore_that_fails_while_loading_leaves_neither_rows_nor_files(_media_root, tmp_path):
    ArticleFactory(lead_image=ImageFactory())
    call_command("backup", tmp_path / "snap", stdout=StringIO())
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(_media_root)
    _media_root.mkdir()
    # A snapshot whose checksums fit but whose data cannot be loaded (an article pointing to no section).
    data = tmp_path / "snap" / snapshot.DATA
    with gzip.open(data, "rt", encoding="utf-8") as handle:
        lines = [json.loads(line) for line in handle]
    for line in lines:
        if line["model"] == "articles.article":
            line["fields"]["section"] = 999_999
    with gzip.open(data, "wt", encoding="utf-8") as handle:
        handle.writelines(json.dumps(line) + "\n" for line in lines)
    manifest_path = tmp_path / "snap" / snapshot.MANIFEST
    manifest = json.loads(manifest_path.read_text())
    manifest["files"][snapshot.DATA]["sha256"] = snapshot.sha256_of(data)
    manifest_path.write_text(json.dumps(manifest))

    with pytest.raises(CommandError, match="nichts wurde geändert"):
        call_command("restore", tmp_path / "snap")

    assert snapshot.content_counts() == {}
    assert media_checksums(_media_root) == {}


def test_backup_needs_a_new_or_empty_folder(tmp_path):
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "old.txt").write_text("x")

    with pytest.raises(CommandError, match="nicht leer"):
        call_command("backup", tmp_path / "used")
    assert [p.name for p in (tmp_path / "used").iterdir()] == ["old.txt"]


def test_manifest_naming_files_outside_the_snapshot_is_refused(tmp_path):
    call_command("backup", tmp_path / "snap", stdout=StringIO())
    manifest_path = tmp_path / "snap" / snapshot.MANIFEST
    manifest = json.loads(manifest_path.read_text())
    manifest["files"]["media/../../etc/passwd"] = {"sha256": "0", "size": 1}
    manifest_path.write_text(json.dumps(manifest))

    with pytest.raises(CommandError, match="außerhalb der Sicherung"):
        call_command("restore", tmp_path / "snap")


def test_folder_without_manifest_is_no_snapshot(tmp_path):
    with pytest.raises(CommandError, match=r"manifest\.json fehlt"):
        call_command("restore", tmp_path)
