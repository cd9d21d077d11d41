"""Importing WordPress's own theme unit test export (real data, written outside this project), on both databases."""

import re
from urllib.parse import unquote, urlsplit

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import Q

from articles.models import Article, ArticleRedirect, Keyword, Section, keyword_slug
from images.models import Image, Rendition
from people.models import Contributor
from tests.factories import ArticleFactory
from tests.wordpress_helpers import WP, draw_uploads, run_import, theme_export, theme_items
from wordpress.models import ImportedItem

pytestmark = pytest.mark.django_db

IMPORTED_STATUSES = {"publish", "future", "draft", "pending", "private"}
# A block comment or a shortcode as markup; "&lt;!-- wp:code --&gt;" shown as text in a code example is content.
LEFTOVER = re.compile(r"<!--|\[/?(caption|wp_caption|gallery|audio|video|embed|playlist)\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def uploads(tmp_path_factory):
    return draw_uploads(tmp_path_factory.mktemp("uploads"))


@pytest.fixture
def imported(uploads):
    return run_import(theme_export(), uploads=uploads)


def posts():
    return [item for item in theme_items("post") if item.findtext(f"{WP}status") in IMPORTED_STATUSES]


def categories_of(item, domain):
    return [(c.get("nicename"), c.text) for c in item.findall("category") if c.get("domain") == domain]


def expected_section_categories():
    parents = {
        c.findtext(f"{WP}category_nicename"): c.findtext(f"{WP}category_parent") or "" for c in _terms("category")
    }
    tops = set()
    for item in posts():
        cats = categories_of(item, "category")
        slug = cats[0][0] if cats else "allgemein"
        while parents.get(slug):
            slug = parents[slug]
        tops.add(slug)
    return tops


def _terms(kind):
    from xml.etree import ElementTree as ET

    return ET.parse(theme_export()).getroot().iter(f"{WP}{kind}")


def test_counts_of_articles_sections_keywords_and_redirects_are_as_the_export_says(imported):
    out, _ = imported
    assert Article.objects.count() == len(posts()) == 51
    section_categories = expected_section_categories()
    assert Section.objects.count() == len(section_categories)
    category_names = {c.findtext(f"{WP}category_nicename"): c.findtext(f"{WP}cat_name") for c in _terms("category")}
    expected_keywords = {keyword_slug(t.findtext(f"{WP}tag_name")) for t in _terms("tag")}
    expected_keywords |= {keyword_slug(name) for slug, name in category_names.items() if slug not in section_categories}
    for item in posts():  # tags only the posts name, and categories besides the one that gave the section
        expected_keywords |= {keyword_slug(name) for _slug, name in categories_of(item, "post_tag")}
        expected_keywords |= {keyword_slug(category_names[slug]) for slug, _name in categories_of(item, "category")[1:]}
    assert set(Keyword.objects.values_list("slug", flat=True)) == expected_keywords
    with_paths = [p for p in posts() if urlsplit(p.findtext("link")).path not in ("", "/")]
    assert ArticleRedirect.objects.count() == len(with_paths) == 50
    image_attachments = [
        a for a in theme_items("attachment") if a.findtext(f"{WP}attachment_url").rsplit(".", 1)[1] in ("jpg", "gif")
    ]
    assert Image.objects.count() == len(image_attachments)
    assert f"Beiträge: {len(posts())} angelegt" in out
    assert f"Weiterleitungen: {len(with_paths)} angelegt" in out


def test_no_shortcode_or_block_comment_is_left_in_any_body_or_lead(imported):
    for article in Article.objects.all():
        assert not LEFTOVER.search(article.body), (article.headline, LEFTOVER.search(article.body))
        assert not LEFTOVER.search(article.lead), article.headline
        assert "[caption" not in article.image_caption


IMG_SRC = re.compile(r"<img\b[^>]*?\ssrc=\"([^\"]*)\"")
CAPTION_SHORTCODE = re.compile(r"\[caption\b[^\]]*\](.*?)\[/caption\]", re.DOTALL)
BLOCK_IMAGE = re.compile(r"<!-- wp:image\b.*?<figcaption[^>]*>(.*?)</figcaption>", re.DOTALL)


def caption_texts(content: str) -> list[str]:
    """The captions the export's [caption] shortcodes and image blocks show (read here without the importer)."""
    texts = [re.sub(r"<a\b[^>]*>\s*<img[^>]*>\s*</a>|<img[^>]*>", "", c) for c in CAPTION_SHORTCODE.findall(content)]
    texts += BLOCK_IMAGE.findall(content)
    return [" ".join(re.sub(r"<[^>]+>", "", t).split()) for t in texts if re.sub(r"<[^>]+>", "", t).strip()]


def test_captions_and_image_blocks_become_figures_with_their_caption(imported):
    checked = 0
    for item in posts():
        article = ImportedItem.objects.get(kind="post", wp_id=int(item.findtext(f"{WP}post_id"))).article
        figcaptions = [
            " ".join(re.sub(r"<[^>]+>", "", c).replace("&amp;", "&").split())
            for c in re.findall(r"<figcaption>(.*?)</figcaption>", article.body, re.DOTALL)
        ]
        for text in caption_texts(item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded") or ""):
            assert text.replace("&amp;", "&") in figcaptions, (article.headline, text)
            checked += 1
    assert checked >= 12  # Markup: Image Alignment, Post Format: Image (Caption), Block: Image, …
    caption = Article.objects.get(headline="Post Format: Image (Caption)").body
    assert re.fullmatch(
        r'<figure><img src="/media/renditions/[^"]+" alt="Bell on Wharf" width="\d+" height="\d+">'
        r"<figcaption>Bell on wharf in San Francisco</figcaption></figure>",
        caption,
    )
    alignment = Article.objects.get(headline="Markup: Image Alignment").body
    assert alignment.count("<figure>") == 11 and "<p></p>" not in alignment  # every <img> of the post


def test_every_body_picture_is_one_of_our_stored_renditions_and_none_is_remote(imported, client):
    sources = [src for article in Article.objects.all() for src in IMG_SRC.findall(article.body)]
    assert len(sources) >= 40  # captions, loose pictures, galleries and image blocks of the theme export
    for src in set(sources):
        assert src.startswith(f"{settings.MEDIA_URL}renditions/") and "wordpress.com" not in src, src
        name = src.removeprefix(settings.MEDIA_URL)
        assert Rendition.objects.filter(file=name).exists() and default_storage.exists(name), src
    for article in Article.objects.all():
        assert not re.search(r"<img\b[^>]*\ssrc=\"(?:https?:)?//", article.body), article.headline
    # Ten [gallery] shortcodes without ids: each shows the post's attached pictures, as in WordPress.
    gallery = ImportedItem.objects.get(kind="post", wp_id=555).article
    attached = ImportedItem.objects.filter(kind="attachment", wp_id__in=attached_to(555), image__isnull=False)
    assert attached.count() == 24 and gallery.body.count("<figure>") == 10 * 24
    published = next(a for a in Article.objects.all() if a.is_published() and "<figure>" in a.body)
    html = client.get(published.get_absolute_url()).content.decode()
    assert IMG_SRC.findall(published.body)[0] in html


def attached_to(post_id: int) -> list[int]:
    return [
        int(a.findtext(f"{WP}post_id"))
        for a in theme_items("attachment")
        if a.findtext(f"{WP}post_parent") == str(post_id)
    ]


def test_classic_posts_get_paragraphs_and_the_first_paragraph_becomes_the_lead(imported):
    chat = Article.objects.get(headline="Post Format: Chat")
    assert chat.lead == "Abbott: Strange as it may seem, they give ball players nowadays very peculiar names."
    assert chat.body.startswith("<p>Costello: Funny names?</p>")
    assert chat.lead not in chat.body
    defined = Article.objects.get(headline="Template: Excerpt (Defined)")
    assert defined.lead.startswith("This is a user-defined post excerpt.")  # the excerpt, not the body
    assert Article.objects.get(headline="Markup: Title With Markup").slug == "markup-title-with-markup"


def structure(html: str) -> list[str]:
    """The landmarks of an article page, in order."""
    markers = ['<article class="article">', "<h1>", '<p class="lead">', '<div class="article-body">', "</article>"]
    return sorted((m for m in markers if m in html), key=html.index)


def test_every_published_import_is_reachable_and_rendered_like_an_editors_article(imported, client):
    reference = ArticleFactory(slug="referenz")
    seed_structure = structure(client.get(reference.get_absolute_url()).content.decode())
    published = [a for a in Article.objects.exclude(pk=reference.pk) if a.is_published()]
    assert len(published) >= 35
    for article in published:
        response = client.get(article.get_absolute_url())
        assert response.status_code == 200, article.headline
        html = response.content.decode()
        assert structure(html) == seed_structure, article.headline
        # The WordPress author in the byline, linked to their profile page; the shorthand stays on the article.
        (byline,) = article.bylines.all()
        assert byline.role == "text" and article.author_shorthand
        assert f'<a href="/autoren/{byline.contributor.slug}/">{byline.contributor.name}</a></p>' in html


def test_dc_creator_becomes_a_contributor_once_per_author_and_authors_still_give_shorthands(imported):
    by_id = {i.wp_id: i.article for i in ImportedItem.objects.filter(kind="post").select_related("article")}
    names = {wp_id: [b.contributor.name for b in article.bylines.all()] for wp_id, article in by_id.items()}
    assert names[1730] == ["Theme Reviewer"] and names[358] == ["Theme Buster"]
    assert Contributor.objects.filter(name="Theme Buster").count() == 1
    assert by_id[1730].author_shorthand == "tr"


def test_statuses_follow_wordpress_and_scheduled_stays_scheduled(imported):
    by_id = {i.wp_id: i.article for i in ImportedItem.objects.filter(kind="post").select_related("article")}
    assert by_id[1153].is_scheduled()  # future, 2030
    assert by_id[1164].status == Article.Status.DRAFT
    assert by_id[1168].status == Article.Status.REVIEW  # password-protected: never public by import
    assert by_id[358].is_published()
    assert by_id[1730].author_shorthand == "tr"  # "Theme Review", dc:creator ">themereviewteam"
    assert by_id[358].author_shorthand == "tb"  # display name "Theme Buster"


def test_published_post_whose_lead_image_lacks_a_credit_waits_for_review_and_is_listed(imported):
    out, _ = imported
    article = ImportedItem.objects.get(kind="post", wp_id=1011).article
    assert article.lead_image is not None and article.lead_image.credit == ""
    assert article.status == Article.Status.REVIEW
    assert "Das Aufmacherbild hat keine Bildquelle." in article.publish_problems()
    assert "„Template: Featured Image (Horizontal)“ (WordPress-ID 1011): Das Aufmacherbild hat keine Bildquelle." in out
    credited = ImportedItem.objects.get(kind="attachment", wp_id=754).image
    assert credited.credit.startswith("Public domain via https://www.burningwell.org/")
    assert credited.caption == "Bell on wharf in San Francisco"
    assert credited.alt_text == "Bell on Wharf"
    assert credited.renditions.exists()


def test_every_old_path_answers_one_301_to_the_current_address(imported, client):
    for item in posts():
        path = unquote(urlsplit(item.findtext("link")).path)
        if path in ("", "/"):
            continue
        article = ImportedItem.objects.get(kind="post", wp_id=int(item.findtext(f"{WP}post_id"))).article
        response = client.get(path)
        if article.is_published():
            assert response.status_code == 301, path
            assert response["Location"] == article.get_absolute_url()
            assert client.get(response["Location"]).status_code == 200
        else:
            assert response.status_code == 404, path


def test_wordpress_query_and_archive_addresses_redirect(imported, client):
    article = ImportedItem.objects.get(kind="post", wp_id=358).article
    for old in ("/?p=358", "/archives/358", "/archives/358/"):
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, article.get_absolute_url()), old
    assert client.get("/?p=1164").status_code == 200  # a draft: the home page as usual, nothing revealed
    classic = ImportedItem.objects.get(kind="category", wp_slug="classic").section
    assert client.get("/category/classic/")["Location"] == classic.get_absolute_url()
    child = ImportedItem.objects.get(kind="category", wp_slug="child-category-01").keyword
    response = client.get("/category/parent-category/child-category-01/")
    assert (response.status_code, response["Location"]) == (301, child.get_absolute_url())
    tag = Keyword.objects.get(slug="codex")
    assert client.get("/tag/codex/")["Location"] == tag.get_absolute_url()
    assert client.get("/?tag=codex")["Location"] == tag.get_absolute_url()
    term_id = next(
        c.findtext(f"{WP}term_id") for c in _terms("category") if c.findtext(f"{WP}category_nicename") == "classic"
    )
    assert client.get(f"/?cat={term_id}")["Location"] == classic.get_absolute_url()
    assert client.get("/category/gibt-es-nicht/").status_code == 404
    for odd in ("/?p=99999999999999999999999", "/?p=%C2%B2", "/?cat=-1", "/?tag=%00", "/?p=1%00"):
        assert client.get(odd).status_code == 200, odd  # the home page, never a 500
    assert client.get("/archives/99999999999999999999999/").status_code == 404
    assert client.get("/tag/a%00b/").status_code == 404
    assert client.get("/2099/01/01/gibt-es-nicht/").status_code == 404


def test_importing_the_same_export_again_changes_nothing(imported, uploads):
    before = list(Article.objects.order_by("pk").values_list("pk", "version", "updated_at", "body"))
    images = Image.objects.count()
    out, _ = run_import(theme_export(), uploads=uploads)
    assert f"Beiträge: {len(posts())} unverändert" in out
    assert "angelegt" not in out and "aktualisiert" not in out
    assert list(Article.objects.order_by("pk").values_list("pk", "version", "updated_at", "body")) == before
    assert Image.objects.count() == images


def test_a_newer_export_updates_changed_posts_and_keeps_newsroom_edits(imported, uploads, tmp_path):
    edited = ImportedItem.objects.get(kind="post", wp_id=358).article
    edited.headline = "In Newsroom überarbeitet"
    edited.save()
    newer = theme_export().read_text(encoding="utf-8")
    newer = newer.replace("<title>Post Format: Standard</title>", "<title>Standard, neu in WordPress</title>")
    newer = newer.replace("<title>Post Format: Chat</title>", "<title>Chat, neu in WordPress</title>")
    export = tmp_path / "newer.xml"
    export.write_text(newer, encoding="utf-8")
    out, _ = run_import(export, uploads=uploads)
    edited.refresh_from_db()
    assert edited.headline == "In Newsroom überarbeitet"
    assert ImportedItem.objects.get(kind="post", wp_id=562).article.headline == "Chat, neu in WordPress"
    assert "Beiträge: 49 unverändert, 1 beibehalten, 1 aktualisiert" in out
    assert "„Standard, neu in WordPress“ (WordPress-ID 358): in Newsroom bearbeitet" in out


def test_dry_run_writes_nothing_and_prints_the_same_summary(uploads, settings):
    dry_out, _ = run_import(theme_export(), uploads=uploads, dry_run=True)
    assert Article.objects.count() == Section.objects.count() == Keyword.objects.count() == 0
    assert Image.objects.count() == ImportedItem.objects.count() == ArticleRedirect.objects.count() == 0
    assert [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()] == []
    real_out, _ = run_import(theme_export(), uploads=uploads)
    assert dry_out.splitlines()[0] == real_out.splitlines()[0]
    assert "Probelauf (--dry-run): nichts wurde gespeichert." in dry_out
    assert dry_out.splitlines()[2:] == real_out.splitlines()[2:]


def test_progress_bar_shows_items_done_total_and_errors_on_stderr(imported):
    out, err = imported
    assert re.search(r"\[#+\] 180/180 Elemente, \d+ Probleme\n$", err)
    assert "Elemente," not in out


def test_missing_and_refused_upload_files_are_listed_not_fatal(tmp_path):
    uploads = draw_uploads(tmp_path / "uploads")
    (uploads / "2008/06/canola2.jpg").unlink()
    (uploads / "2008/06/100_5478.jpg").write_bytes(b"<html><script>alert(1)</script></html>")
    out, _ = run_import(theme_export(), uploads=uploads)
    assert "„canola2“ (WordPress-ID 611): Bilddatei fehlt im Upload-Ordner: 2008/06/canola2.jpg" in out
    assert "„Bell on Wharf“ (WordPress-ID 754): Die Datei enthält HTML-, SVG- oder Skriptcode" in out
    assert not ImportedItem.objects.filter(Q(wp_id=611) | Q(wp_id=754), kind="attachment").exists()
    assert Article.objects.count() == len(posts())
