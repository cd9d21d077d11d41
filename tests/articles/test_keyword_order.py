"""Keywords come back as the editor typed them: in the editor's order, one per comma, never quoted, on every output.

Every assertion compares lists in order. The four keywords below are deliberately not in alphabetical order
(that would be `KID Magdeburg, KITU, Politik, Sachsen-Anhalt`), and one of them has two words.
"""

import importlib
import io
import json
import re

import feedparser
import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from pypdf import PdfReader

from articles import keywords as keyword_text
from articles.models import Article, Keyword, KeywordedArticle
from articles.revisions import diff_versions, versions_of
from tests.articles.test_metadata import HeadParser
from tests.factories import ArticleFactory
from tests.wordpress_helpers import post, run_import, wxr
from tests.workflow_helpers import article_admin_data, editor, form_errors, logged_in
from wordpress.models import ImportedItem

pytestmark = pytest.mark.django_db

TYPED = "Politik, KID Magdeburg, Sachsen-Anhalt, KITU"
ORDER = ["Politik", "KID Magdeburg", "Sachsen-Anhalt", "KITU"]


def names(article) -> list[str]:
    return list(Article.objects.get(pk=article.pk).keywords.names())


def save_form(client, article, keywords: str):
    article.refresh_from_db()
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = client.post(url, article_admin_data(article, keywords=keywords))
    assert response.status_code == 302, form_errors(response)
    return client.get(url).content.decode()


def field_value(html: str) -> str:
    tag = re.search(r'<input[^>]*name="keywords"[^>]*>', html)[0]
    return re.search(r'value="([^"]*)"', tag)[1].replace("&quot;", '"')


@pytest.fixture
def editor_client(client):
    return logged_in(client, editor())


@pytest.fixture
def article(editor_client):
    article = ArticleFactory(headline="Kommunaler IT-Dienstleister wächst", slug="kid-waechst")
    save_form(editor_client, article, TYPED)
    return article


# --- what the editor typed ------------------------------------------------------------------------------------


def test_typed_keywords_are_stored_and_shown_in_the_editors_order_without_quotes(editor_client, article):
    assert names(article) == ORDER
    html = editor_client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert field_value(html) == TYPED


def test_a_keyword_of_two_words_typed_alone_stays_one_keyword(editor_client):
    article = ArticleFactory()
    html = save_form(editor_client, article, "KID Magdeburg")
    assert names(article) == ["KID Magdeburg"]
    assert field_value(html) == "KID Magdeburg"
    assert not Keyword.objects.filter(name__in=["KID", "Magdeburg"]).exists()


def test_only_a_new_order_is_saved_too(editor_client, article):
    save_form(editor_client, article, "KITU, Politik, Sachsen-Anhalt, KID Magdeburg")
    assert names(article) == ["KITU", "Politik", "Sachsen-Anhalt", "KID Magdeburg"]
    # Removing one and adding one at the front keeps the others' order.
    save_form(editor_client, article, "Neu, KITU, Sachsen-Anhalt, KID Magdeburg")
    assert names(article) == ["Neu", "KITU", "Sachsen-Anhalt", "KID Magdeburg"]


def test_typed_keywords_are_matched_to_existing_ones_by_slug_and_kept_in_place(editor_client):
    Keyword.objects.create(name="Öffentliche Verwaltung")
    article = ArticleFactory()
    save_form(editor_client, article, "Zuerst, oeffentliche verwaltung, Zuletzt")
    assert names(article) == ["Zuerst", "Öffentliche Verwaltung", "Zuletzt"]
    assert Keyword.objects.filter(slug="oeffentliche-verwaltung").count() == 1


@pytest.mark.parametrize(
    "typed, parsed",
    [
        (TYPED, ORDER),
        ("KID Magdeburg", ["KID Magdeburg"]),
        ("  Politik ,, KITU,  ", ["Politik", "KITU"]),
        ("Politik, politik, POLITIK", ["Politik"]),
        ('"KID Magdeburg", Politik', ["KID Magdeburg", "Politik"]),
        ('Das "Neue" Rathaus, KITU', ['Das "Neue" Rathaus', "KITU"]),
        ('"Bund, Länder und Kommunen", KITU', ["Bund, Länder und Kommunen", "KITU"]),
        ("", []),
    ],
)
def test_the_field_text_is_split_at_commas_only_and_comes_back_unchanged(typed, parsed):
    assert keyword_text.parse_keywords(typed) == parsed
    assert keyword_text.parse_keywords(keyword_text.format_keywords(parsed)) == parsed


def test_quotes_appear_only_around_a_name_that_contains_a_comma():
    shown = keyword_text.format_keywords(["KID Magdeburg", "Bund, Länder", 'Das "Neue" Rathaus', '"Zitat"'])
    assert shown == 'KID Magdeburg, "Bund, Länder", Das "Neue" Rathaus, ""Zitat""'


def test_set_and_add_keep_the_given_order_in_code_too():
    article = ArticleFactory(keywords=ORDER)
    assert names(article) == ORDER
    article.keywords.add("Neu", "Politik")
    assert names(article) == [*ORDER, "Neu"]
    article.keywords.set(["KITU", "Politik"])
    assert names(article) == ["KITU", "Politik"]
    rows = KeywordedArticle.objects.filter(content_object=article)
    assert [(row.tag.name, row.position) for row in rows] == [("KITU", 0), ("Politik", 1)]


def test_prefetched_keywords_of_many_articles_keep_each_ones_order(django_assert_num_queries):
    first = ArticleFactory(keywords=list(reversed(ORDER)))
    first.keywords.set(ORDER)  # a new order of the same rows, not new rows
    second = ArticleFactory(keywords=["Zebra", "KITU", "Apfel"])
    with django_assert_num_queries(2):
        found = {a.pk: [k.name for k in a.keywords.all()] for a in Article.objects.prefetch_related("keywords")}
    assert found == {first.pk: ORDER, second.pk: ["Zebra", "KITU", "Apfel"]}


def test_existing_rows_are_numbered_in_their_former_order_by_the_migration():
    article, other = ArticleFactory(), ArticleFactory()
    for name in ["Zebra", "Apfel", "Mitte"]:
        KeywordedArticle.objects.create(content_object=article, tag=Keyword.objects.create(name=name))
    KeywordedArticle.objects.create(content_object=other, tag=Keyword.objects.get(name="Apfel"))
    assert set(KeywordedArticle.objects.values_list("position", flat=True)) == {0}
    migration = importlib.import_module("articles.migrations.0012_keyword_position")
    with connection.cursor() as cursor:
        cursor.execute(migration.NUMBER_EXISTING_ROWS)
    assert names(article) == ["Zebra", "Apfel", "Mitte"]
    assert list(KeywordedArticle.objects.filter(content_object=article).values_list("position", flat=True)) == [0, 1, 2]
    assert list(KeywordedArticle.objects.filter(content_object=other).values_list("position", flat=True)) == [0]


# --- every output ------------------------------------------------------------------------------------------


def read_page(client, article) -> tuple[str, HeadParser]:
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    head = HeadParser()
    head.feed(html)
    return html, head


def test_article_page_lists_the_keywords_in_the_editors_order(client, article):
    html, _head = read_page(client, article)
    keywords = html.split('<p class="keywords">')[1].split("</p>")[0]
    assert re.findall(r'<a href="/stichwort/[^"]+/">([^<]+)</a>', keywords) == ORDER


def test_opengraph_tags_come_in_the_editors_order(client, article):
    assert read_page(client, article)[1].meta["article:tag"] == ORDER


def test_json_ld_keywords_come_in_the_editors_order(client, article):
    data = [json.loads(script) for script in read_page(client, article)[1].json_ld]
    assert [item["keywords"] for item in data if item["@type"] == "NewsArticle"] == [ORDER]


def test_print_view_lists_the_keywords_in_the_editors_order(client, article):
    url = reverse("articles:detail-print", args=[article.section.slug, article.slug])
    html = client.get(url).content.decode()
    assert f'<meta name="keywords" content="{", ".join(ORDER)}">' in html
    assert f"Stichwörter:</span> {', '.join(ORDER)}</p>" in html


def test_pdf_lists_the_keywords_in_the_editors_order(client, article):
    response = client.get(reverse("articles:detail-pdf", args=[article.section.slug, article.slug]))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(b"".join(response))).pages)
    assert ", ".join(ORDER) in " ".join(text.split())
    # A new order makes a new PDF, not the cached one.
    article.keywords.set(list(reversed(ORDER)))
    response = client.get(reverse("articles:detail-pdf", args=[article.section.slug, article.slug]))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(b"".join(response))).pages)
    assert ", ".join(reversed(ORDER)) in " ".join(text.split())


@pytest.mark.parametrize("format", ["rss", "atom"])
def test_feed_categories_come_in_the_editors_order(client, article, format):
    feed = feedparser.parse(client.get(f"/feeds/{format}/").content)
    entry = next(entry for entry in feed.entries if entry.title.endswith("Kommunaler IT-Dienstleister wächst"))
    assert [tag.term for tag in entry.tags] == ORDER


def test_revision_diff_shows_both_orders_and_a_restore_brings_the_old_order_back(editor_client, article):
    save_form(editor_client, article, "KITU, Sachsen-Anhalt, Politik, KID Magdeburg")
    new, old = versions_of(article)[:2]
    diff = {change.field: change.lines for change in diff_versions(old, new)}
    assert diff["keywords"] == [("removed", TYPED), ("added", "KITU, Sachsen-Anhalt, Politik, KID Magdeburg")]
    page = editor_client.get(
        reverse("admin:articles_article_diff", args=[article.pk]), {"alt": old.pk, "neu": new.pk}
    ).content.decode()
    assert TYPED in page and "KITU, Sachsen-Anhalt, Politik, KID Magdeburg" in page
    response = editor_client.post(reverse("admin:articles_article_restore", args=[article.pk, old.pk]))
    assert response.status_code == 302
    assert names(article) == ORDER


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_keep_the_editors_order(tmp_path, _media_root):
    article = ArticleFactory(keywords=list(reversed(ORDER)))
    article.keywords.set(ORDER)  # a new order of the same rows: their ids keep the old one
    ArticleFactory(keywords=list(reversed(ORDER)))
    call_command("backup", tmp_path / "snap", stdout=io.StringIO())
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", tmp_path / "snap", stdout=io.StringIO())
    restored = {a.headline: list(a.keywords.names()) for a in Article.objects.all()}
    assert restored[article.headline] == ORDER
    assert list(reversed(ORDER)) in restored.values()


def tags(*names: str) -> str:
    return "".join(
        f'<category domain="post_tag" nicename="t{n}"><![CDATA[{name}]]></category>' for n, name in enumerate(names)
    )


def test_wordpress_import_keeps_the_order_of_the_posts_tags_and_notices_a_new_order(tmp_path):
    export = tmp_path / "export.xml"
    export.write_text(wxr(post(1, categories=tags(*ORDER))), encoding="utf-8")
    run_import(export)
    article = ImportedItem.objects.get(kind="post", wp_id=1).article
    assert names(article) == ORDER
    # A newer export with another order updates the article (it was not edited in Newsroom) …
    export.write_text(wxr(post(1, title="Neu", categories=tags(*reversed(ORDER)))), encoding="utf-8")
    run_import(export)
    assert names(article) == list(reversed(ORDER))
    # … but a new order given in Newsroom is an edit the import keeps.
    article.keywords.set(ORDER)
    export.write_text(wxr(post(1, title="Neuer", categories=tags("KITU"))), encoding="utf-8")
    out, _ = run_import(export)
    assert names(article) == ORDER and "in Newsroom bearbeitet" in out
